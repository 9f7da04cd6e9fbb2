//! A values file read as Helm reads it. Helm's YAML reader follows YAML 1.1:
//! an unquoted `yes`, `no`, `on`, `off`, `y` or `n` is a boolean, as are
//! `true` and `false` in any of their three spellings; `~`, `null` and an
//! empty value are null; `0x1f` and `017` are numbers; `<<: *base` merges a
//! mapping in. A quoted value is always text. serde_yaml reads YAML 1.2,
//! where `clusterMode: yes` is the text "yes", so the settings a file decides
//! are read through this instead (yaml-rust2's events keep how each scalar
//! was written). Only the first document is read, as Helm does.

use serde_yaml::{Mapping, Number, Value};
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::TScalarStyle;

/// Why a values text could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelmYamlError {
    /// The line, when the reader knows it.
    pub line: Option<usize>,
    /// What the reader said.
    pub message: String,
}

impl std::fmt::Display for HelmYamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The most nesting a values file may have; real ones have under 20 levels.
const MAX_DEPTH: usize = 256;

enum Frame {
    Sequence {
        items: Vec<Value>,
        anchor: usize,
    },
    Mapping {
        entries: Mapping,
        key: Option<Value>,
        merges: Vec<Value>,
        anchor: usize,
    },
}

/// Reads the first document of `text` as Helm does.
pub fn read(text: &str) -> Result<Value, HelmYamlError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parser = Parser::new_from_str(text);
    let mut anchors: std::collections::HashMap<usize, Value> = std::collections::HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    loop {
        let (event, mark) = parser.next_token().map_err(|e| HelmYamlError {
            line: Some(e.marker().line()),
            message: format!("not valid YAML: {}", e.info()),
        })?;
        let complete = match event {
            Event::StreamEnd | Event::DocumentEnd if stack.is_empty() => return Ok(Value::Null),
            Event::Nothing | Event::StreamStart | Event::DocumentStart | Event::DocumentEnd => None,
            Event::StreamEnd => {
                return Err(HelmYamlError {
                    line: Some(mark.line()),
                    message: "not valid YAML: the text ends inside a value".into(),
                })
            }
            Event::Alias(id) => Some(anchors.get(&id).cloned().ok_or_else(|| HelmYamlError {
                line: Some(mark.line()),
                message: "not valid YAML: an alias (*) names no anchor (&) before it".into(),
            })?),
            Event::Scalar(value, style, anchor, tag) => {
                let scalar = resolve(value, style, tag.as_ref());
                if anchor > 0 {
                    anchors.insert(anchor, scalar.clone());
                }
                Some(scalar)
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _)
                if stack.len() >= MAX_DEPTH =>
            {
                let _ = anchor;
                return Err(HelmYamlError {
                    line: Some(mark.line()),
                    message: format!("the values nest deeper than {MAX_DEPTH} levels"),
                });
            }
            Event::SequenceStart(anchor, _) => {
                stack.push(Frame::Sequence {
                    items: Vec::new(),
                    anchor,
                });
                None
            }
            Event::MappingStart(anchor, _) => {
                stack.push(Frame::Mapping {
                    entries: Mapping::new(),
                    key: None,
                    merges: Vec::new(),
                    anchor,
                });
                None
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::Sequence { items, anchor }) => {
                    let value = Value::Sequence(items);
                    if anchor > 0 {
                        anchors.insert(anchor, value.clone());
                    }
                    Some(value)
                }
                _ => None,
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Mapping {
                    mut entries,
                    merges,
                    anchor,
                    ..
                }) => {
                    // Merged mappings fill in only what the mapping does not
                    // set itself, the first merged one first.
                    for merged in merges {
                        let sources = match merged {
                            Value::Sequence(items) => items,
                            other => vec![other],
                        };
                        for source in sources {
                            if let Value::Mapping(source) = source {
                                for (k, v) in source {
                                    if !entries.contains_key(&k) {
                                        entries.insert(k, v);
                                    }
                                }
                            }
                        }
                    }
                    let value = Value::Mapping(entries);
                    if anchor > 0 {
                        anchors.insert(anchor, value.clone());
                    }
                    Some(value)
                }
                _ => None,
            },
        };
        let Some(value) = complete else { continue };
        match stack.last_mut() {
            // The document's root: Helm reads no further.
            None => return Ok(value),
            Some(Frame::Sequence { items, .. }) => items.push(value),
            Some(Frame::Mapping {
                entries,
                key,
                merges,
                ..
            }) => match key.take() {
                None => *key = Some(Value::String(key_text(&value))),
                Some(Value::String(k)) if k == MERGE_KEY => merges.push(value),
                // A key given twice: the last one counts, as in Helm.
                Some(k) => {
                    entries.insert(k, value);
                }
            },
        }
    }
}

/// The key `<<` merges the mapping (or mappings) it is given.
const MERGE_KEY: &str = "<<";

/// A key as text: Helm's maps are keyed by text, so `true:` is "true".
fn key_text(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Null => "null".into(),
        other => serde_yaml::to_string(other)
            .map(|s| s.trim_end().to_string())
            .unwrap_or_default(),
    }
}

/// A scalar as YAML 1.1 resolves it: quoted and block text is text; a plain
/// scalar is null, a boolean, a number or text; a standard tag says which.
fn resolve(text: String, style: TScalarStyle, tag: Option<&Tag>) -> Value {
    let standard = tag
        .filter(|t| t.handle == "!!" || t.handle == "tag:yaml.org,2002:")
        .map(|t| t.suffix.as_str());
    match (standard, style) {
        (Some("str"), _) => Value::String(text),
        (Some("bool"), _) => boolean(&text).map_or(Value::String(text), Value::Bool),
        (Some("null"), _) => Value::Null,
        (Some("int" | "float"), _) => number(&text).map_or(Value::String(text), Value::Number),
        (None, TScalarStyle::Plain) if tag.is_none() => plain(text),
        _ => Value::String(text),
    }
}

fn plain(text: String) -> Value {
    if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL") {
        return Value::Null;
    }
    if let Some(b) = boolean(&text) {
        return Value::Bool(b);
    }
    match number(&text) {
        Some(n) => Value::Number(n),
        None => Value::String(text),
    }
}

/// YAML 1.1's booleans.
fn boolean(text: &str) -> Option<bool> {
    match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Some(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Some(false)
        }
        _ => None,
    }
}

/// YAML 1.1's integers (decimal, `0x` hex, `0b` binary, a leading `0` octal,
/// `_` between digits) and floats.
fn number(text: &str) -> Option<Number> {
    let digits: String = text.chars().filter(|c| *c != '_').collect();
    let (sign, unsigned) = match digits.strip_prefix('-') {
        Some(rest) => (-1i64, rest),
        None => (1, digits.strip_prefix('+').unwrap_or(&digits)),
    };
    let integer = if let Some(hex) = unsigned.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()
    } else if let Some(binary) = unsigned.strip_prefix("0b") {
        i64::from_str_radix(binary, 2).ok()
    } else if unsigned.len() > 1 && unsigned.starts_with('0') {
        i64::from_str_radix(&unsigned[1..], 8).ok()
    } else if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        unsigned.parse::<i64>().ok()
    } else {
        None
    };
    if let Some(n) = integer {
        return n.checked_mul(sign).map(Number::from);
    }
    match unsigned {
        ".inf" | ".Inf" | ".INF" => return Some(Number::from(f64::INFINITY * sign as f64)),
        ".nan" | ".NaN" | ".NAN" if sign == 1 && !digits.starts_with('+') => {
            return Some(Number::from(f64::NAN))
        }
        _ => {}
    }
    // [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => {
            whole.bytes().all(|b| b.is_ascii_digit())
                && fraction.bytes().all(|b| b.is_ascii_digit())
                && !fraction.is_empty() | !whole.is_empty()
        }
        None => !mantissa.is_empty() && mantissa.bytes().all(|b| b.is_ascii_digit()),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
    });
    if mantissa_ok && exponent_ok {
        return digits.parse::<f64>().ok().map(Number::from);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at<'a>(value: &'a Value, path: &[&str]) -> &'a Value {
        path.iter()
            .try_fold(value, |v, k| v.get(*k))
            .unwrap_or(&Value::Null)
    }

    #[test]
    fn unquoted_yaml_1_1_booleans_are_booleans_and_quoted_ones_text() {
        let values = read(
            "a: yes\nb: off\nc: On\nd: n\ne: 'yes'\nf: \"no\"\ng: !!str on\nh: True\ni: ~\nj:\nk: 0x1f\nl: 017\nm: 1_000\nq: 1.5e3\no: .5\np: 1.2.3\n",
        )
        .unwrap();
        assert_eq!(at(&values, &["a"]), &Value::Bool(true));
        assert_eq!(at(&values, &["b"]), &Value::Bool(false));
        assert_eq!(at(&values, &["c"]), &Value::Bool(true));
        assert_eq!(at(&values, &["d"]), &Value::Bool(false));
        assert_eq!(at(&values, &["e"]), &Value::String("yes".into()));
        assert_eq!(at(&values, &["f"]), &Value::String("no".into()));
        assert_eq!(at(&values, &["g"]), &Value::String("on".into()));
        assert_eq!(at(&values, &["h"]), &Value::Bool(true));
        assert_eq!(at(&values, &["i"]), &Value::Null);
        assert_eq!(at(&values, &["j"]), &Value::Null);
        assert_eq!(at(&values, &["k"]), &Value::Number(31.into()));
        assert_eq!(at(&values, &["l"]), &Value::Number(15.into()));
        assert_eq!(at(&values, &["m"]), &Value::Number(1000.into()));
        assert_eq!(at(&values, &["q"]), &Value::Number(1500.0.into()));
        assert_eq!(at(&values, &["o"]), &Value::Number(0.5.into()));
        assert_eq!(at(&values, &["p"]), &Value::String("1.2.3".into()));
    }

    #[test]
    fn merge_keys_fill_in_what_a_mapping_does_not_set_and_the_last_duplicate_counts() {
        let values = read(
            "base: &base {clusterMode: yes, x: 1}\nkeycloak:\n  <<: *base\n  x: 2\ndup: 1\ndup: 2\n",
        )
        .unwrap();
        assert_eq!(
            at(&values, &["keycloak", "clusterMode"]),
            &Value::Bool(true)
        );
        assert_eq!(at(&values, &["keycloak", "x"]), &Value::Number(2.into()));
        assert_eq!(at(&values, &["dup"]), &Value::Number(2.into()));
    }

    #[test]
    fn only_the_first_document_is_read_and_errors_name_their_line() {
        assert_eq!(
            at(&read("a: 1\n---\na: 2\n").unwrap(), &["a"]),
            &Value::Number(1.into())
        );
        assert_eq!(read("").unwrap(), Value::Null);
        let error = read("a: 1\nb: [1, 2\n").unwrap_err();
        assert!(error.line.is_some(), "{error:?}");
        let deep = format!("{}1{}", "[".repeat(300), "]".repeat(300));
        assert!(read(&deep).is_err());
    }
}
