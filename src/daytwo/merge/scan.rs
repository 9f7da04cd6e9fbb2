//! The line scanner: physical lines, what is structure and what is text
//! (block scalars, values spanning lines), the refusals of what it cannot
//! follow, and the check of its keys against the keys YAML reads.

use super::*;

/// One physical line.
pub(super) struct Line<'a> {
    /// The text, without its line end.
    pub(super) text: &'a str,
    /// 1-based.
    pub(super) number: usize,
    /// Inside a block scalar, the continuation of a quoted scalar or flow
    /// collection that spans lines, or a `---` marker: text, not structure.
    pub(super) opaque: bool,
}

/// What is still open at the end of a line: a quoted scalar or flow
/// collections (`[`, `{`), which carry on over the next lines. Those lines
/// are the value's text, not keys, whatever they look like.
#[derive(Default)]
pub(super) struct Spanning {
    pub(super) quote: Option<char>,
    pub(super) depth: usize,
}

impl Spanning {
    pub(super) fn is_open(&self) -> bool {
        self.quote.is_some() || self.depth > 0
    }

    /// Follows one line's text from where the previous line left off.
    pub(super) fn scan(&mut self, text: &str) {
        let mut chars = text.chars().peekable();
        // The last character outside quotes that is not a space, and whether
        // a space came after it: a quoted scalar or a flow collection starts
        // only where a value or key can start.
        let mut last: Option<char> = None;
        let mut spaced = false;
        while let Some(c) = chars.next() {
            match self.quote {
                Some('"') => {
                    if c == '\\' {
                        chars.next();
                    } else if c == '"' {
                        self.quote = None;
                        last = Some(c);
                        spaced = false;
                    }
                    continue;
                }
                Some(_) => {
                    if c == '\'' {
                        if chars.peek() == Some(&'\'') {
                            chars.next();
                        } else {
                            self.quote = None;
                            last = Some(c);
                            spaced = false;
                        }
                    }
                    continue;
                }
                None => {}
            }
            if c == ' ' || c == '\t' {
                spaced = true;
                continue;
            }
            let value_start = match last {
                None => true,
                // After an opening bracket or a comma inside a flow
                // collection; in plain text (`a: x[ [`) they open nothing.
                Some('[' | '{' | ',') => self.depth > 0,
                Some(':' | '-' | '?') => spaced || self.depth > 0,
                _ => false,
            };
            if value_start && (c == '!' || c == '&') {
                // A tag or anchor before a value: the value starts after it.
                while chars.peek().is_some_and(|n| *n != ' ' && *n != '\t') {
                    chars.next();
                }
                continue;
            }
            match c {
                '#' if last.is_none() || spaced => return,
                '"' | '\'' if value_start => self.quote = Some(c),
                '[' | '{' if value_start || self.depth > 0 => self.depth += 1,
                ']' | '}' if self.depth > 0 => self.depth -= 1,
                _ => {}
            }
            last = Some(c);
            spaced = false;
        }
    }
}

impl Line<'_> {
    pub(super) fn indent(&self) -> usize {
        self.text.len() - self.text.trim_start_matches(' ').len()
    }
    pub(super) fn body(&self) -> &str {
        self.text.trim_start_matches(' ')
    }
    /// The column where the line's node starts after any list dashes
    /// (`  - - key: x` → the column of `key`), and the last dash's column.
    pub(super) fn after_dashes(&self) -> (usize, Option<usize>) {
        let mut rest = self.text.trim_start_matches(' ');
        let mut last_dash = None;
        while let Some(after) = rest.strip_prefix("- ") {
            last_dash = Some(self.text.len() - rest.len());
            rest = after.trim_start_matches(' ');
        }
        (self.text.len() - rest.len(), last_dash)
    }
    /// Blank or a comment: no content.
    pub(super) fn is_content(&self) -> bool {
        let body = self.body().trim_end();
        !body.is_empty() && !body.starts_with('#')
    }
    /// A line of structure: content, not inside a block scalar, not `---`.
    pub(super) fn is_structure(&self) -> bool {
        !self.opaque && self.is_content()
    }
}

/// A `key: value` line's key as written (quotes kept) and what follows its
/// colon; `None` when the line is not a mapping entry.
pub(super) fn entry_parts(body: &str) -> Option<(&str, &str)> {
    let (raw, rest) = if let Some(quote) = body.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let close = body.get(1..)?.find(quote)? + 1;
        (body.get(..=close)?, body.get(close + 1..)?)
    } else {
        let end = body
            .char_indices()
            .find(|(i, c)| {
                *c == ':'
                    && body
                        .get(i + 1..)
                        .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']))
            })
            .map(|(i, _)| i)?;
        (body.get(..end)?.trim_end(), body.get(end..)?)
    };
    let rest = rest.trim_start().strip_prefix(':')?;
    Some((raw, rest))
}

/// A `key: value` line split: the key (unquoted) and the value with any
/// trailing comment removed; `None` when the line is not a mapping entry.
pub(super) fn split_entry(body: &str) -> Option<(String, String)> {
    let (raw, rest) = entry_parts(body)?;
    let key = if raw.starts_with(['"', '\'']) {
        raw.get(1..raw.len().saturating_sub(1)).unwrap_or_default()
    } else {
        raw
    };
    Some((key.to_string(), strip_comment(rest).trim().to_string()))
}

/// The key of a `key: value` line as YAML reads it (quotes and escapes
/// undone, `1` a number), or `None` when the merge reads no key there.
pub(super) fn key_of(body: &str) -> Option<Value> {
    let (raw, _) = entry_parts(body)?;
    serde_yaml::from_str::<Value>(raw)
        .ok()
        .filter(|k| !matches!(k, Value::Mapping(_) | Value::Sequence(_) | Value::Tagged(_)))
}

/// A line that starts an entry of a block list (`- x`, or `-` alone).
pub(super) fn is_list_entry(body: &str) -> bool {
    body == "-" || body.starts_with("- ")
}

/// A key as the user would write it, for messages.
pub(super) fn show_key(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .map(|s| s.trim().to_string())
            .unwrap_or_default(),
    }
}

/// Checks that the keys the line scanner sees at one level (`at`, the lines
/// it edits by), in order, are the keys YAML reads there. Where they part,
/// the scanner has taken part of a value spanning lines for a key, or a key
/// for part of a value; editing by its lines could then change more than
/// `internal_tls`, so the file is refused at the first line where they part.
pub(super) fn keys_agree(
    lines: &[Line<'_>],
    at: &[usize],
    parsed: Option<&Mapping>,
    level: &str,
) -> Result<(), MergeError> {
    const HINT: &str = "Write the value that starts above this line on one line or as a block scalar (key: |), then merge again; or keep the file as it is and pass the wizard's values.yaml to helm as a second -f file.";
    let yaml_keys: Vec<&Value> = parsed.map(|m| m.keys().collect()).unwrap_or_default();
    let seen: Vec<&Line<'_>> = at
        .iter()
        .filter_map(|i| lines.get(*i))
        .filter(|l| !is_list_entry(l.body()))
        .collect();
    for (position, line) in seen.iter().enumerate() {
        let read = key_of(line.body());
        let expected = yaml_keys.get(position).copied();
        if read.is_some() && read.as_ref() == expected {
            continue;
        }
        let what = match read {
            Some(key) if yaml_keys.contains(&&key) => format!(
                "YAML reads {level} `{}` before this line that the merge's line reader does not see on a line of its own",
                expected.map(show_key).unwrap_or_default()
            ),
            Some(key) => format!(
                "the merge's line reader takes this line for {level} `{}`, which YAML reads as part of a value that starts above it",
                show_key(&key)
            ),
            None => format!(
                "the merge's line reader expects {level} on this line and cannot read one"
            ),
        };
        return Err(refuse(
            Some(line.number),
            format!("{what} (a quoted or plain text, or a [ {{ list, that spans lines in a way the merge does not follow)."),
            HINT,
        ));
    }
    if let Some(missing) = yaml_keys.get(seen.len()) {
        return Err(refuse(
            seen.last().map(|l| l.number),
            format!(
                "YAML reads {level} `{}` after this line that the merge's line reader does not see on a line of its own (it is written inside a value that spans lines).",
                show_key(missing)
            ),
            HINT,
        ));
    }
    Ok(())
}

/// Removes a trailing ` # comment` that is outside quotes.
pub(super) fn strip_comment(value: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    for (i, c) in value.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if (c == '"' || c == '\'') && previous == ' ' => quote = Some(c),
            None if c == '#' && (previous == ' ' || previous == '\t') => {
                return value.get(..i).unwrap_or(value)
            }
            None => {}
        }
        previous = c;
    }
    value
}

/// Whether a value (or a line's body) starts with an anchor or alias, or is a
/// flow collection holding one.
pub(super) fn has_anchor_or_alias(value: &str) -> bool {
    let v = value.trim_start_matches("- ").trim_start();
    if v.starts_with(['&', '*']) {
        return true;
    }
    if v.starts_with(['[', '{']) {
        let bytes = v.as_bytes();
        return bytes
            .windows(2)
            .any(|w| matches!(w, [b'[' | b'{' | b',' | b' ', b'&' | b'*']));
    }
    false
}

/// Whether a value starts a block scalar (`|`, `>-`, `|2+`, …), also after
/// a tag or anchor (`!!str |`, `&a >-`).
pub(super) fn is_block_scalar(value: &str) -> bool {
    let mut v = value.trim();
    while v.starts_with(['!', '&']) {
        v = v
            .split_once([' ', '\t'])
            .map_or("", |(_, rest)| rest)
            .trim_start();
    }
    v.starts_with(['|', '>'])
        && v.chars()
            .skip(1)
            .all(|c| c == '-' || c == '+' || c.is_ascii_digit())
}

pub(super) fn split_lines(body: &str) -> Vec<Line<'_>> {
    body.split_inclusive('\n')
        .enumerate()
        .map(|(i, l)| Line {
            text: l.trim_end_matches('\n').trim_end_matches('\r'),
            number: i + 1,
            opaque: false,
        })
        .collect()
}

/// Refuses a carriage return without a line feed after it, and the Unicode
/// line breaks: YAML reads them as line breaks, the scanner (which splits
/// lines at line feeds) would not. Refuses a byte order mark after the start.
pub(super) fn check_line_ends(body: &str) -> Result<(), MergeError> {
    let bytes = body.as_bytes();
    let lone = bytes
        .iter()
        .enumerate()
        .find(|(i, b)| **b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
        .map(|(i, _)| i);
    match lone {
        None => Ok(()),
        Some(at) => Err(refuse(
            Some(bytes.get(..at).unwrap_or_default().iter().filter(|b| **b == b'\n').count() + 1),
            "a carriage return without a line feed ends a line here (an old Mac line end, or a stray \\r), which YAML reads as a line break and the merge does not.",
            "Save the file with LF or CRLF line ends, then merge again.",
        )),
    }?;
    // A byte order mark belongs only at the very start (skipped before
    // this); anywhere else YAML reads it as the start of another document.
    match body.find('\u{feff}') {
        None => Ok(()),
        Some(at) => Err(refuse(
            Some(body.get(..at).unwrap_or_default().matches('\n').count() + 1),
            "a byte order mark (U+FEFF) stands inside the file here, not at its start; YAML reads it as the start of another document.",
            "Remove it (files joined together often carry one), then merge again.",
        )),
    }?;
    // YAML 1.1 (Helm's reading) also breaks lines at NEL, LINE SEPARATOR
    // and PARAGRAPH SEPARATOR; the scanner splits at line feeds only.
    match body.char_indices().find(|(_, c)| matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}')) {
        None => Ok(()),
        Some((at, c)) => Err(refuse(
            Some(body.get(..at).unwrap_or_default().matches('\n').count() + 1),
            format!(
                "a Unicode line break (U+{:04X}) stands here, which YAML reads as the end of a line and the merge does not.",
                u32::from(c)
            ),
            "Replace it with a line feed, or remove it (text copied from a word processor often carries one), then merge again.",
        )),
    }
}

/// Checks the whole file for what the scanner does not handle, and marks the
/// lines that are text rather than structure (block scalars, a leading `---`).
pub(super) fn check_file(lines: &mut [Line<'_>]) -> Result<(), MergeError> {
    let mut seen_content = false;
    let mut scalar_indent: Option<usize> = None;
    let mut spanning = Spanning::default();
    let mut opened_at = 0;
    // The indentation of the last line of structure: a block scalar's header
    // alone on the next line belongs to it.
    let mut key_indent: Option<usize> = None;
    for line in lines.iter_mut() {
        if spanning.is_open() {
            line.opaque = true;
            spanning.scan(line.text);
            continue;
        }
        if let Some(indent) = scalar_indent {
            if line.text.trim().is_empty() || line.indent() > indent {
                line.opaque = true;
                continue;
            }
            scalar_indent = None;
        }
        let leading = line
            .text
            .get(..line.text.len() - line.text.trim_start().len())
            .unwrap_or_default();
        if leading.contains('\t') && !line.text.trim().is_empty() {
            return Err(refuse(Some(line.number), "a tab indents this line; YAML indentation is spaces only, and the merge keeps your lines exactly.", "Indent with spaces, then merge again."));
        }
        let text = line.text.trim_end();
        let marker = |m: &str| text == m || text.starts_with(&format!("{m} "));
        if marker("---") {
            if seen_content {
                return Err(refuse(Some(line.number), "a second YAML document starts here (---); Helm reads one values document per file.", "Split the file into one file per document and merge into the one with general:."));
            }
            line.opaque = true;
            continue;
        }
        if marker("...") || text.starts_with('%') {
            return Err(refuse(
                Some(line.number),
                "YAML document markers and directives (..., %YAML) are not supported by the merge.",
                "Remove them; a values file needs none.",
            ));
        }
        if !line.is_content() {
            continue;
        }
        seen_content = true;
        if line.body().starts_with(['!', '&', '*']) {
            return Err(refuse(
                Some(line.number),
                "a key here carries a tag, anchor or alias (!, & or *), which the merge does not read as a key.",
                "Write the key plainly (general:, not !!str general:), then merge again.",
            ));
        }
        if line.body().starts_with("? ") || line.body() == "?" {
            return Err(refuse(
                Some(line.number),
                "a complex mapping key (?) is not supported by the merge.",
                "Write the key on one line.",
            ));
        }
        let (node_column, last_dash) = line.after_dashes();
        if let Some((_, value)) = split_entry(line.body()) {
            // `key: |`, or `- key: |` whose key (and block) sits after the dash.
            if is_block_scalar(&value) {
                scalar_indent = Some(node_column);
            }
        } else if is_block_scalar(strip_comment(line.body().trim_start_matches("- "))) {
            // A block scalar's header on a line of its own (`key:` above it)
            // or after a list dash: its text is what is indented deeper than
            // the key (or the dash), and the header is text too.
            let owner = last_dash.unwrap_or(key_indent.unwrap_or(0));
            line.opaque = last_dash.is_none();
            scalar_indent = Some(owner);
            key_indent = None;
            continue;
        }
        key_indent = Some(node_column);
        spanning.scan(line.body());
        if spanning.is_open() {
            opened_at = line.number;
        }
    }
    if spanning.is_open() {
        // Where YAML reads the file, the value does end: the scanner has
        // misread something before it (a block scalar it does not know, say),
        // and would misplace what it writes after it. Where YAML does not,
        // its own message says more.
        let whole: Vec<&str> = lines.iter().map(|l| l.text).collect();
        parse_yaml(&whole.join("\n"), "the values file")?;
        return Err(refuse(
            Some(opened_at),
            "the merge cannot tell where the value that starts on this line ends (a quoted text or a [ or { list that does not close the way the merge reads it).",
            "Write that value on one line or as a block scalar (key: |), then merge again.",
        ));
    }
    Ok(())
}
