//! Reading the file as the scanner sees it and locating `parent.child`: every
//! refusal of a file the merge cannot edit exactly is here, before anything
//! is written. The answer is a [`Place`]: where the new value goes.

use super::*;

/// The values file, split and checked: what locating and splicing work on.
pub(super) struct Scanned<'a> {
    /// A byte-order mark the file starts with, kept.
    pub bom: &'static str,
    /// The file's line end (`\r\n` when any line has one).
    pub newline: &'static str,
    /// The file's lines with their line ends, as given.
    pub raw: Vec<&'a str>,
    /// The scanner's lines.
    pub lines: Vec<Line<'a>>,
    /// The file as YAML reads it.
    pub value: Value,
    /// The file's indentation step.
    pub unit: usize,
    /// The lines of the top-level keys.
    pub tops: Vec<usize>,
    /// The release settings the file decides.
    pub read_context: ValuesContext,
    /// The text without the byte-order mark.
    body: &'a str,
}

/// Where the new value of `parent.child` goes.
pub(super) enum Place {
    /// No `parent:`: a new one at the end of the file.
    Append,
    /// `parent:` (at this line) has no keys yet: the first one under it.
    FirstChild { parent: usize },
    /// `child:` is at line `key`, indented `indent`, its block running to
    /// (not including) line `stop`; `key_comment` is set when the key's own
    /// line is rewritten (to a scalar, or from `null`), keeping its comment.
    Replace {
        key: usize,
        indent: usize,
        step: usize,
        stop: usize,
        key_comment: Option<String>,
    },
    /// No `child:` under `parent:`: after line `after`, indented `indent`.
    Insert {
        after: usize,
        indent: usize,
        step: usize,
    },
}

/// Splits and checks the whole file: its size and line ends, what the
/// scanner refuses, that it is a mapping with block-style top-level keys the
/// scanner reads as YAML does.
pub(super) fn scan_file<'a>(original: &'a str, parent: &str) -> Result<Scanned<'a>, MergeError> {
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
    let value = parse_yaml(original, "the values file")?;
    if !matches!(value, Value::Mapping(_) | Value::Null) {
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
    keys_agree(&lines, &tops, value.as_mapping(), "a top-level key")?;
    Ok(Scanned {
        bom,
        newline,
        raw,
        lines,
        value,
        unit,
        tops,
        read_context,
        body,
    })
}

/// Finds where `parent.child` goes, refusing what cannot be edited exactly
/// there: `parent:` holding anything but a block of keys, flow style, anchors
/// or aliases, `child:` holding a list or a value on its line, a tab in a
/// blank line beside the new block, or text ending the file without a line end.
pub(super) fn locate(
    file: &Scanned<'_>,
    parent: &str,
    child: &str,
    new: &NewValue,
) -> Result<Place, MergeError> {
    let lines = &file.lines;
    let tops = &file.tops;
    let original_value = &file.value;
    let scalar = matches!(new, NewValue::Scalar(_));
    // A block scalar's text that ends the file without a line end: adding
    // lines after it gives it one, which changes the text.
    let open_text_at_end = lines
        .last()
        .filter(|l| l.opaque && l.indent() > 0 && !file.body.ends_with('\n'))
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
    let Some(g) = keyed(lines, tops, parent).first().copied() else {
        // No general: append one at the end.
        refuse_after(lines.len().saturating_sub(1))?;
        // The blank lines that end the file come before the new block.
        blank_lines_from(
            lines
                .iter()
                .rposition(|l| !l.text.trim().is_empty())
                .map_or(0, |i| i + 1),
        )?;
        return Ok(Place::Append);
    };
    let general_line = lines
        .get(g)
        .ok_or_else(|| refuse(None, "internal error", ""))?;
    // What the lines under general: are, as YAML reads them: a line
    // without `key: ` (a text continued over lines, a list) is not a key.
    let holds = match get(original_value, &[parent]) {
        None | Some(Value::Null | Value::Mapping(_)) => None,
        Some(Value::String(_)) => Some("a text (a line under it has no `key: value`)"),
        Some(Value::Sequence(_)) => Some("a list"),
        Some(Value::Tagged(_)) => Some("a tagged value"),
        Some(Value::Bool(_) | Value::Number(_)) => Some("a single value"),
    };
    if matches!(
        get(original_value, &[parent, child]),
        Some(Value::Sequence(_))
    ) {
        let key_line = lines
            .iter()
            .skip(g + 1)
            .take_while(|l| !l.is_structure() || l.indent() > 0)
            .find(|l| l.is_structure() && split_entry(l.body()).is_some_and(|(k, _)| k == child))
            .unwrap_or(general_line);
        return Err(refuse(
            Some(key_line.number),
            format!("{parent}.{child} holds a list, not a block of keys."),
            format!("Delete that list (the merge writes {child} in full), then merge again."),
        ));
    }
    if let Some(what) = holds {
        return Err(refuse(
            Some(general_line.number),
            format!("{parent}: holds {what}, not a block of keys."),
            format!(
                "Make {parent}: a block of `key: value` lines indented under it, then merge again."
            ),
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
    let general_keys = get(original_value, &[parent]).and_then(Value::as_mapping);
    let Some(n) = block.first().and_then(|i| lines.get(*i)).map(Line::indent) else {
        // `general:` with no keys yet.
        keys_agree(lines, &[], general_keys, &format!("a key under {parent}:"))?;
        blank_lines_after(g)?;
        return Ok(Place::FirstChild { parent: g });
    };
    let children: Vec<usize> = block
        .iter()
        .copied()
        .filter(|i| lines.get(*i).is_some_and(|l| l.indent() == n))
        .collect();
    keys_agree(
        lines,
        &children,
        general_keys,
        &format!("a key under {parent}:"),
    )?;
    let deeper = block
        .iter()
        .filter_map(|i| lines.get(*i))
        .map(Line::indent)
        .filter(|i| *i > n)
        .min();
    let step = deeper.map_or(n, |d| d - n);
    let Some(t) = keyed(lines, &children, child).first().copied() else {
        let last = block_and_text.last().copied().unwrap_or(g);
        refuse_after(last)?;
        return Ok(Place::Insert {
            after: last,
            indent: n,
            step,
        });
    };
    let line = lines
        .get(t)
        .ok_or_else(|| refuse(None, "internal error", ""))?;
    let (_, value) = split_entry(line.body()).unwrap_or_default();
    let key_comment = match value.as_str() {
        // A scalar replaces whatever value was there.
        _ if scalar => Some(comment_of(line.body()).to_string()),
        "" => None,
        "null" | "~" | "Null" | "NULL" => Some(comment_of(line.body()).to_string()),
        v if v.starts_with(['{', '[']) => return Err(refuse(Some(line.number), format!("{parent}.{child} is written in flow style ({{ … }}), which the merge does not edit."), "Write it as a block (one key per line, indented), or delete it, then merge again.")),
        _ => return Err(refuse(Some(line.number), format!("{parent}.{child} has a value on its own line, not a block of keys."), "Delete that value, then merge again.")),
    };
    // Its block: every line after it up to the last content line deeper than `n`.
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
    let stop = last_inside.map_or(t + 1, |i| i + 1);
    blank_lines_after(stop.saturating_sub(1))?;
    Ok(Place::Replace {
        key: t,
        indent: n,
        step: own_step,
        stop,
        key_comment,
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
fn comment_of(body: &str) -> &str {
    let code = strip_comment(body);
    let comment = body.get(code.len()..).unwrap_or_default();
    if comment.is_empty() {
        ""
    } else {
        body.get(code.trim_end().len()..).unwrap_or_default()
    }
}
