//! Locating `parent.child` by the scanner's lines and splicing the new value
//! in, re-indented to the file's style; every other byte is kept.

use super::*;

/// Sets `parent.child` in `original` to `new`, keeping every other byte, and
/// proves it: both texts parse, and they differ only there.
pub(super) fn merge_at(
    original: &str,
    parent: &str,
    child: &str,
    new: &NewValue,
) -> Result<Merged, MergeError> {
    if original.len() > crate::limits::MAX_INPUT_BYTES {
        return Err(refuse(
            None,
            format!(
                "the values file is {} bytes; at most 1 MiB is read.",
                original.len()
            ),
            "Is this the right file?",
        ));
    }
    let (bom, body) = match original.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", original),
    };
    let newline = if body.contains("\r\n") { "\r\n" } else { "\n" };
    let raw: Vec<&str> = body.split_inclusive('\n').collect();
    check_line_ends(body)?;
    let mut lines = split_lines(body);
    check_file(&mut lines)?;
    let original_value = parse_yaml(original, "the values file")?;
    if !matches!(original_value, Value::Mapping(_) | Value::Null) {
        return Err(refuse(
            None,
            "the values file is not a mapping of keys (it holds a list or a single value).",
            format!(
                "Give the chart's values file: a YAML document with {parent}:, deployments:, …"
            ),
        ));
    }
    let read_context = read_values_context(original)?;

    // The scanner finds general: and where to append at the start of lines.
    if let Some(first) = lines.iter().find(|l| l.is_structure()) {
        if first.indent() > 0 {
            return Err(refuse(
                Some(first.number),
                format!(
                    "the file's top-level keys are indented ({} spaces), which the merge does not edit.",
                    first.indent()
                ),
                "Move the top-level keys to the start of their lines (and what is under them by as much), then merge again.",
            ));
        }
    }
    // The file's indentation step: the smallest indentation of any content line.
    let unit = lines
        .iter()
        .filter(|l| l.is_structure() && l.indent() > 0)
        .map(Line::indent)
        .min()
        .unwrap_or(2);

    let tops: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.is_structure() && l.indent() == 0)
        .map(|(i, _)| i)
        .collect();
    let generals = keyed(&lines, &tops, parent);
    if tops
        .first()
        .and_then(|i| lines.get(*i))
        .is_some_and(|l| is_list_entry(l.body()))
    {
        return Err(refuse(
            None,
            "the values file is a list, not a mapping.",
            "Give the chart's values file.",
        ));
    }
    // Every top-level line must be a `key: value` entry (or an entry of a
    // list under the key above it): the scanner finds general: and where to
    // append by them.
    if let Some(line) = tops
        .iter()
        .filter_map(|i| lines.get(*i))
        .filter(|l| !is_list_entry(l.body()))
        .find(|l| l.body().starts_with(['{', '[']) || split_entry(l.body()).is_none())
    {
        let message = if line.body().starts_with(['{', '[']) {
            "the values file is written in flow style ({ … } or JSON), which the merge does not edit line by line."
        } else {
            "this top-level line is not a `key: value` entry (it continues a value from the line before), which the merge does not edit."
        };
        return Err(refuse(
            Some(line.number),
            message,
            "Write the file as block YAML (one key per line, indented), or keep it as it is and pass the wizard's values.yaml to helm as a second -f file.",
        ));
    }
    keys_agree(
        &lines,
        &tops,
        original_value.as_mapping(),
        "a top-level key",
    )?;

    let mut out_lines: Vec<String> = raw.iter().map(|l| (*l).to_string()).collect();
    let action;
    let write_yaml = |value: &Value| {
        serde_yaml::to_string(value).map_err(|e| {
            refuse(
                None,
                format!("could not write {parent}.{child}: {e}."),
                "Report this as a bug.",
            )
        })
    };
    // The key's own line: `child:` before a block, `child: value` for a scalar.
    let scalar_text = match new {
        NewValue::Block(_) => None,
        NewValue::Scalar(value) => Some(write_yaml(value)?.trim_end().to_string()),
    };
    let key_line = |indent: usize, comment: &str| match &scalar_text {
        None => format!("{}{child}:{comment}{newline}", " ".repeat(indent)),
        Some(text) => format!("{}{child}: {text}{comment}{newline}", " ".repeat(indent)),
    };
    let render = |indent: usize, step: usize| -> Result<Vec<String>, MergeError> {
        let NewValue::Block(value) = new else {
            return Ok(Vec::new());
        };
        let yaml = write_yaml(value)?;
        Ok(yaml
            .lines()
            .map(|l| {
                let spaces = l.len() - l.trim_start_matches(' ').len();
                let depth = spaces / 2 + 1;
                format!(
                    "{}{}{newline}",
                    " ".repeat(indent + step * depth),
                    l.trim_start_matches(' ')
                )
            })
            .collect())
    };

    // A block scalar's text that ends the file without a line end: adding
    // lines after it gives it one, which changes the text.
    let open_text_at_end = lines
        .last()
        .filter(|l| l.opaque && l.indent() > 0 && !body.ends_with('\n'))
        .map(|l| (lines.len() - 1, l.number));
    // A blank line holding a tab next to the new block: after a deeper
    // value than the one before it, YAML reads the tab as bad indentation.
    let tab_in_blank = |line: &Line<'_>| {
        refuse(
            Some(line.number),
            format!("this blank line holds a tab, next to where {parent}.{child} goes; after the new block YAML would read the tab as indentation, which must be spaces."),
            "Remove the tab (leave the line empty), then merge again.",
        )
    };
    let blank_lines_from = |first: usize| -> Result<(), MergeError> {
        match lines
            .iter()
            .skip(first)
            .take_while(|l| l.text.trim().is_empty())
            .find(|l| l.text.contains('\t'))
        {
            Some(line) => Err(tab_in_blank(line)),
            None => Ok(()),
        }
    };
    let blank_lines_after = |index: usize| blank_lines_from(index + 1);
    let refuse_after = |index: usize| {
        match open_text_at_end {
            Some((last, number)) if last == index => Err(refuse(
                Some(number),
                format!("the file ends inside a block of text (|, >) without a line end; adding {parent}.{child} after it would change that text."),
                "End the file with a line end, then merge again.",
            )),
            _ => blank_lines_after(index),
        }
    };
    match generals.first().copied() {
        None => {
            // No general: append one at the end.
            refuse_after(lines.len().saturating_sub(1))?;
            // The blank lines that end the file come before the new block.
            blank_lines_from(
                lines
                    .iter()
                    .rposition(|l| !l.text.trim().is_empty())
                    .map_or(0, |i| i + 1),
            )?;
            if let Some(last) = out_lines.last_mut() {
                if !last.ends_with('\n') {
                    last.push_str(newline);
                }
            }
            out_lines.push(format!("{parent}:{newline}"));
            out_lines.push(key_line(unit, ""));
            out_lines.extend(render(unit, unit)?);
            action = MergeAction::Appended;
        }
        Some(g) => {
            let general_line = lines
                .get(g)
                .ok_or_else(|| refuse(None, "internal error", ""))?;
            // What the lines under general: are, as YAML reads them: a line
            // without `key: ` (a text continued over lines, a list) is not a key.
            let holds = match get(&original_value, &[parent]) {
                None | Some(Value::Null | Value::Mapping(_)) => None,
                Some(Value::String(_)) => Some("a text (a line under it has no `key: value`)"),
                Some(Value::Sequence(_)) => Some("a list"),
                Some(Value::Tagged(_)) => Some("a tagged value"),
                Some(Value::Bool(_) | Value::Number(_)) => Some("a single value"),
            };
            if matches!(
                get(&original_value, &[parent, child]),
                Some(Value::Sequence(_))
            ) {
                let key_line = lines
                    .iter()
                    .skip(g + 1)
                    .take_while(|l| !l.is_structure() || l.indent() > 0)
                    .find(|l| {
                        l.is_structure() && split_entry(l.body()).is_some_and(|(k, _)| k == child)
                    })
                    .unwrap_or(general_line);
                return Err(refuse(
                    Some(key_line.number),
                    format!("{parent}.{child} holds a list, not a block of keys."),
                    format!(
                        "Delete that list (the merge writes {child} in full), then merge again."
                    ),
                ));
            }
            if let Some(what) = holds {
                return Err(refuse(
                    Some(general_line.number),
                    format!("{parent}: holds {what}, not a block of keys."),
                    format!("Make {parent}: a block of `key: value` lines indented under it, then merge again."),
                ));
            }
            let (_, value) = split_entry(general_line.body()).unwrap_or_default();
            if !value.is_empty() {
                let why = if value.starts_with('{') {
                    format!("{parent}: is written in flow style ({{ … }}), which the merge does not edit.")
                } else if has_anchor_or_alias(&value) {
                    format!("{parent}: carries an anchor or alias, which the merge does not edit.")
                } else {
                    format!("{parent}: has a value on its own line, not a block of keys.")
                };
                return Err(refuse(
                    Some(general_line.number),
                    why,
                    format!("Write {parent}: as a block (one key per line, indented), then merge again."),
                ));
            }
            let end = tops.iter().copied().find(|i| *i > g).unwrap_or(lines.len());
            let block: Vec<usize> = (g + 1..end)
                .filter(|i| lines.get(*i).is_some_and(Line::is_structure))
                .collect();
            // The same with the lines of block scalars (text, not structure):
            // a block ends after its last one, not at the key that starts it.
            let block_and_text: Vec<usize> = (g + 1..end)
                .filter(|i| lines.get(*i).is_some_and(|l| l.is_structure() || l.opaque))
                .collect();
            for i in &block {
                if let Some(line) = lines.get(*i) {
                    if line.body().starts_with(['{', '[']) {
                        return Err(refuse(Some(line.number), format!("{parent}: holds a flow-style value ({{ … }} or [ … ]) on its own line, which the merge does not edit."), format!("Write {parent}: as a block (one key per line, indented), then merge again.")));
                    }
                    let value = split_entry(line.body())
                        .map(|(_, v)| v)
                        .unwrap_or_else(|| line.body().to_string());
                    if has_anchor_or_alias(&value) || has_anchor_or_alias(line.body()) {
                        return Err(refuse(Some(line.number), format!("an anchor or alias (& or *) is used inside {parent}:, which the merge cannot keep exact."), format!("Write the values out in full inside {parent}:, then merge again.")));
                    }
                }
            }
            let general_keys = get(&original_value, &[parent]).and_then(Value::as_mapping);
            let child_indent = block.first().and_then(|i| lines.get(*i)).map(Line::indent);
            match child_indent {
                None => {
                    // `general:` with no keys yet.
                    keys_agree(&lines, &[], general_keys, &format!("a key under {parent}:"))?;
                    blank_lines_after(g)?;
                    let mut new = vec![key_line(unit, "")];
                    new.extend(render(unit, unit)?);
                    fix_line_end(&mut out_lines, g, newline);
                    splice(&mut out_lines, g + 1, g + 1, new);
                    action = MergeAction::Inserted;
                }
                Some(n) => {
                    let children: Vec<usize> = block
                        .iter()
                        .copied()
                        .filter(|i| lines.get(*i).is_some_and(|l| l.indent() == n))
                        .collect();
                    keys_agree(
                        &lines,
                        &children,
                        general_keys,
                        &format!("a key under {parent}:"),
                    )?;
                    let tls = keyed(&lines, &children, child);
                    let deeper = block
                        .iter()
                        .filter_map(|i| lines.get(*i))
                        .map(Line::indent)
                        .filter(|i| *i > n)
                        .min();
                    let step = deeper.map_or(n, |d| d - n);
                    match tls.first().copied() {
                        Some(t) => {
                            let line = lines
                                .get(t)
                                .ok_or_else(|| refuse(None, "internal error", ""))?;
                            let (_, value) = split_entry(line.body()).unwrap_or_default();
                            let key_line_replacement = match value.as_str() {
                                // A scalar replaces whatever value was there.
                                _ if scalar_text.is_some() => {
                                    Some(key_line(n, comment_of(line.body())))
                                }
                                "" => None,
                                "null" | "~" | "Null" | "NULL" => {
                                    Some(key_line(n, comment_of(line.body())))
                                }
                                v if v.starts_with(['{', '[']) => return Err(refuse(Some(line.number), format!("{parent}.{child} is written in flow style ({{ … }}), which the merge does not edit."), "Write it as a block (one key per line, indented), or delete it, then merge again.")),
                                _ => return Err(refuse(Some(line.number), format!("{parent}.{child} has a value on its own line, not a block of keys."), "Delete that value, then merge again.")),
                            };
                            // Its block: every line after it up to the last
                            // content line deeper than `n`.
                            let next_sibling = block
                                .iter()
                                .copied()
                                .find(|i| *i > t && lines.get(*i).is_some_and(|l| l.indent() <= n))
                                .unwrap_or(end);
                            let last_inside = block_and_text
                                .iter()
                                .copied()
                                .filter(|i| *i > t && *i < next_sibling)
                                .max();
                            let own_step = block
                                .iter()
                                .copied()
                                .find(|i| *i > t && *i < next_sibling)
                                .and_then(|i| lines.get(i))
                                .map_or(step, |l| l.indent() - n);
                            if let Some(replacement) = key_line_replacement {
                                if let Some(slot) = out_lines.get_mut(t) {
                                    *slot = replacement;
                                }
                            }
                            fix_line_end(&mut out_lines, t, newline);
                            let stop = last_inside.map_or(t + 1, |i| i + 1);
                            blank_lines_after(stop.saturating_sub(1))?;
                            let new = render(n, own_step)?;
                            fix_line_end(&mut out_lines, stop.saturating_sub(1), newline);
                            splice(&mut out_lines, t + 1, stop, new);
                            action = MergeAction::Replaced;
                        }
                        None => {
                            let last = block_and_text.last().copied().unwrap_or(g);
                            refuse_after(last)?;
                            let mut new = vec![key_line(n, "")];
                            new.extend(render(n, step)?);
                            fix_line_end(&mut out_lines, last, newline);
                            splice(&mut out_lines, last + 1, last + 1, new);
                            action = MergeAction::Inserted;
                        }
                    }
                }
            }
        }
    }
    let merged_text = format!("{bom}{}", out_lines.concat());
    self_check(&original_value, &merged_text, parent, child, new)?;
    Ok(Merged {
        diff: unified_diff(
            original,
            &merged_text,
            "values.yaml",
            "values.yaml (merged)",
        ),
        merged_text,
        read_context,
        action,
    })
}

/// Which of the lines at `indices` are the entry of `key`.
fn keyed(lines: &[Line<'_>], indices: &[usize], key: &str) -> Vec<usize> {
    indices
        .iter()
        .copied()
        .filter(|i| {
            lines
                .get(*i)
                .and_then(|l| split_entry(l.body()))
                .is_some_and(|(k, _)| k == key)
        })
        .collect()
}

/// The ` # comment` at the end of a line's body, with its spacing, or "".
pub(super) fn comment_of(body: &str) -> &str {
    let code = strip_comment(body);
    let comment = body.get(code.len()..).unwrap_or_default();
    if comment.is_empty() {
        ""
    } else {
        body.get(code.trim_end().len()..).unwrap_or_default()
    }
}

/// Gives line `index` a line end when it is the last line and has none.
pub(super) fn fix_line_end(lines: &mut [String], index: usize, newline: &str) {
    if let Some(line) = lines.get_mut(index) {
        if !line.ends_with('\n') {
            line.push_str(newline);
        }
    }
}

pub(super) fn splice(lines: &mut Vec<String>, from: usize, to: usize, new: Vec<String>) {
    let to = to.min(lines.len()).max(from.min(lines.len()));
    let from = from.min(lines.len());
    lines.splice(from..to, new);
}
