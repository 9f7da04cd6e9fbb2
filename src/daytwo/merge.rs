//! Merging into the user's own values.yaml: read the settings that decide the
//! chart's names and components, then replace (or insert) `general.internal_tls`
//! and keep every other byte: lines, comments, key order, quoting, line ends.
//!
//! A small indentation-aware line scanner finds the `general:` block and its
//! `internal_tls:` child; the new block is serde_yaml's serialization of the
//! typed [`InternalTls`], re-indented to the file's style. Files the scanner
//! cannot edit safely (tabs in indentation, several documents, anchors or
//! aliases in `general`, flow-style `general` or `internal_tls`) are refused
//! with the line and the reason. Before editing, the keys the scanner sees at
//! the top level and under `general:` are checked against the keys YAML
//! reads there, in order: where they part (a value spanning lines in a way
//! the scanner does not follow), the file is refused at that line. Finally
//! both texts are parsed and compared: anything but `general.internal_tls`
//! differing is an error, never output.

use serde::Serialize;
use serde_yaml::{Mapping, Value};

use crate::values::{InternalTls, ReleaseSettings, Settings, ValuesDocument};

use super::diff::unified_diff;

/// Why a values file cannot be merged into. `line` is 1-based.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{}{message} {hint}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct MergeError {
    /// The line the problem is on, when there is one.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

fn refuse(line: Option<usize>, message: impl Into<String>, hint: impl Into<String>) -> MergeError {
    MergeError {
        line,
        message: message.into(),
        hint: hint.into(),
    }
}

/// The settings read from a values file that decide names and components;
/// `None` where the file does not set them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ValuesContext {
    /// `general.nameOverride`, when set and not empty.
    pub name_override: Option<String>,
    /// `deployments.keycloak.clusterMode`.
    pub keycloak_cluster_mode: Option<bool>,
    /// `deployments.redis.external.enabled`.
    pub redis_external: Option<bool>,
    /// `general.mq.enabled`.
    pub mq_enabled: Option<bool>,
    /// `general.mq.local`.
    pub mq_local: Option<bool>,
    /// `general.data_streamer.enabled`.
    pub data_streamer_enabled: Option<bool>,
    /// `general.lightrun_endpoint`, when set and not empty.
    pub lightrun_endpoint: Option<String>,
    /// `secrets.customCa.existingCaSecret`, when set and not empty.
    pub custom_ca_secret: Option<String>,
    /// `secrets.customCa.customCaCertificate` (base64 of PEM), when set.
    pub custom_ca_certificate: Option<String>,
    /// `certificate.existing_cert`, when set and not empty.
    pub main_existing_cert: Option<String>,
    /// `certificate.tls.crt`, decoded from base64, when set.
    pub main_certificate_pem: Option<String>,
}

fn get<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, key| v.get(*key))
}

/// Parses a values text. A byte order mark is skipped first: serde_yaml reads
/// one before a second top-level key as the start of another document.
fn parse_yaml(text: &str, what: &str) -> Result<Value, MergeError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_yaml::from_str::<Value>(text).map_err(|e| {
        refuse(
            e.location().map(|l| l.line()),
            format!("{what} is not valid YAML: {e}."),
            "Fix it (helm lint reads it the same way) and try again.",
        )
    })
}

/// Reads the release settings a values file holds.
pub fn read_values_context(text: &str) -> Result<ValuesContext, MergeError> {
    // The same refusals as the merge, first, so a file is refused for the
    // same reason (and line) whichever step reads it first.
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    check_line_ends(body)?;
    let mut lines = split_lines(body);
    check_file(&mut lines)?;
    let root = parse_yaml(text, "the values file")?;
    let boolean = |path: &[&str]| get(&root, path).and_then(Value::as_bool);
    let text_at = |path: &[&str]| {
        get(&root, path)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    Ok(ValuesContext {
        name_override: get(&root, &["general", "nameOverride"])
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        keycloak_cluster_mode: boolean(&["deployments", "keycloak", "clusterMode"]),
        redis_external: boolean(&["deployments", "redis", "external", "enabled"]),
        mq_enabled: boolean(&["general", "mq", "enabled"]),
        mq_local: boolean(&["general", "mq", "local"]),
        data_streamer_enabled: boolean(&["general", "data_streamer", "enabled"]),
        lightrun_endpoint: text_at(&["general", "lightrun_endpoint"]),
        custom_ca_secret: text_at(&["secrets", "customCa", "existingCaSecret"]),
        custom_ca_certificate: text_at(&["secrets", "customCa", "customCaCertificate"]),
        main_existing_cert: text_at(&["certificate", "existing_cert"]),
        main_certificate_pem: match text_at(&["certificate", "tls", "crt"]) {
            None => None,
            Some(b64) => Some(
                crate::values::base64::decode(&b64)
                    .and_then(|bytes| String::from_utf8(bytes).ok())
                    .filter(|pem| pem.contains("-----BEGIN CERTIFICATE-----"))
                    .ok_or_else(|| {
                        refuse(
                            None,
                            "certificate.tls.crt is not base64 of a PEM certificate, as the chart puts it into its Secret.",
                            "Give it as base64 of the PEM file (base64 -w0 tls.crt), or clear it, then try again.",
                        )
                    })?,
            ),
        },
    })
}

impl ValuesContext {
    /// Sets the release settings the file decides, and says what it set, one
    /// line each (for the CLI to print and the page to show).
    pub fn apply(&self, settings: &mut Settings) -> Vec<String> {
        let mut said = self.apply_release(&mut settings.release);
        let inv = &mut settings.main_certificate.in_values;
        if let Some(v) = &self.main_existing_cert {
            inv.existing_cert.clone_from(v);
            said.push(format!(
                "certificate.existing_cert: {v} (the main certificate's Secret)"
            ));
        }
        if let Some(v) = &self.main_certificate_pem {
            inv.certificate_pem.clone_from(v);
            said.push("certificate.tls.crt: the main certificate (it will be checked)".into());
        }
        said
    }

    fn apply_release(&self, release: &mut ReleaseSettings) -> Vec<String> {
        let mut said = Vec::new();
        if let Some(v) = &self.lightrun_endpoint {
            release.lightrun_endpoint.clone_from(v);
            said.push(format!("general.lightrun_endpoint: {v}"));
        }
        if let Some(v) = &self.custom_ca_secret {
            release.custom_ca.existing_ca_secret.clone_from(v);
            said.push(format!(
                "secrets.customCa.existingCaSecret: {v} (what Keycloak trusts)"
            ));
        }
        if let Some(v) = &self.custom_ca_certificate {
            release.custom_ca.custom_ca_certificate.clone_from(v);
            said.push("secrets.customCa.customCaCertificate: CAs Keycloak trusts (the internal CA is added to them)".into());
        }
        if let Some(v) = &self.name_override {
            release.name_override.clone_from(v);
            said.push(format!("general.nameOverride: {v}"));
        }
        if let Some(v) = self.keycloak_cluster_mode {
            release.keycloak_cluster_mode = v;
            said.push(format!("deployments.keycloak.clusterMode: {v}"));
        }
        if let Some(v) = self.redis_external {
            release.redis_external = v;
            said.push(format!("deployments.redis.external.enabled: {v}"));
        }
        match (self.mq_enabled, self.mq_local) {
            (None, None) => {}
            (enabled, local) => {
                if enabled == Some(false) || local == Some(false) {
                    release.rabbitmq_in_cluster = false;
                } else if enabled == Some(true) && local == Some(true) {
                    release.rabbitmq_in_cluster = true;
                }
                let show = |v: Option<bool>| v.map_or("not set".to_string(), |b| b.to_string());
                said.push(format!(
                    "general.mq.enabled: {}, general.mq.local: {} (RabbitMQ in the cluster: {})",
                    show(enabled),
                    show(local),
                    release.rabbitmq_in_cluster
                ));
            }
        }
        if let Some(v) = self.data_streamer_enabled {
            release.data_streamer_enabled = v;
            said.push(format!("general.data_streamer.enabled: {v}"));
        }
        said
    }
}

/// Where the new `internal_tls` went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MergeAction {
    /// The file's `general.internal_tls` was replaced.
    Replaced,
    /// `internal_tls` was added under the file's `general:`.
    Inserted,
    /// The file had no `general:`; it was appended.
    Appended,
}

/// A merged values file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Merged {
    /// The user's file with only `general.internal_tls` changed.
    pub merged_text: String,
    /// The release settings read from it.
    pub read_context: ValuesContext,
    /// What changed, as unified diff lines (no line ends).
    pub diff: Vec<String>,
    /// Where the new block went.
    pub action: MergeAction,
}

/// One physical line.
struct Line<'a> {
    /// The text, without its line end.
    text: &'a str,
    /// 1-based.
    number: usize,
    /// Inside a block scalar, the continuation of a quoted scalar or flow
    /// collection that spans lines, or a `---` marker: text, not structure.
    opaque: bool,
}

/// What is still open at the end of a line: a quoted scalar or flow
/// collections (`[`, `{`), which carry on over the next lines. Those lines
/// are the value's text, not keys, whatever they look like.
#[derive(Default)]
struct Spanning {
    quote: Option<char>,
    depth: usize,
}

impl Spanning {
    fn is_open(&self) -> bool {
        self.quote.is_some() || self.depth > 0
    }

    /// Follows one line's text from where the previous line left off.
    fn scan(&mut self, text: &str) {
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
    fn indent(&self) -> usize {
        self.text.len() - self.text.trim_start_matches(' ').len()
    }
    fn body(&self) -> &str {
        self.text.trim_start_matches(' ')
    }
    /// The column where the line's node starts after any list dashes
    /// (`  - - key: x` → the column of `key`), and the last dash's column.
    fn after_dashes(&self) -> (usize, Option<usize>) {
        let mut rest = self.text.trim_start_matches(' ');
        let mut last_dash = None;
        while let Some(after) = rest.strip_prefix("- ") {
            last_dash = Some(self.text.len() - rest.len());
            rest = after.trim_start_matches(' ');
        }
        (self.text.len() - rest.len(), last_dash)
    }
    /// Blank or a comment: no content.
    fn is_content(&self) -> bool {
        let body = self.body().trim_end();
        !body.is_empty() && !body.starts_with('#')
    }
    /// A line of structure: content, not inside a block scalar, not `---`.
    fn is_structure(&self) -> bool {
        !self.opaque && self.is_content()
    }
}

/// A `key: value` line's key as written (quotes kept) and what follows its
/// colon; `None` when the line is not a mapping entry.
fn entry_parts(body: &str) -> Option<(&str, &str)> {
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
fn split_entry(body: &str) -> Option<(String, String)> {
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
fn key_of(body: &str) -> Option<Value> {
    let (raw, _) = entry_parts(body)?;
    serde_yaml::from_str::<Value>(raw)
        .ok()
        .filter(|k| !matches!(k, Value::Mapping(_) | Value::Sequence(_) | Value::Tagged(_)))
}

/// A line that starts an entry of a block list (`- x`, or `-` alone).
fn is_list_entry(body: &str) -> bool {
    body == "-" || body.starts_with("- ")
}

/// A key as the user would write it, for messages.
fn show_key(key: &Value) -> String {
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
fn keys_agree(
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
fn strip_comment(value: &str) -> &str {
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
fn has_anchor_or_alias(value: &str) -> bool {
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
fn is_block_scalar(value: &str) -> bool {
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

fn split_lines(body: &str) -> Vec<Line<'_>> {
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
fn check_line_ends(body: &str) -> Result<(), MergeError> {
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
fn check_file(lines: &mut [Line<'_>]) -> Result<(), MergeError> {
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

/// What [`merge_at`] writes at its path.
enum NewValue {
    /// A block mapping, written as lines under the key.
    Block(Value),
    /// A scalar, written on the key's own line.
    Scalar(Value),
}

impl NewValue {
    fn value(&self) -> &Value {
        match self {
            NewValue::Block(v) | NewValue::Scalar(v) => v,
        }
    }
}

fn to_value(what: &str, value: &impl Serialize) -> Result<Value, MergeError> {
    serde_yaml::to_value(value).map_err(|e| {
        refuse(
            None,
            format!("could not write {what}: {e}."),
            "Report this as a bug.",
        )
    })
}

/// Replaces or inserts `general.internal_tls` in `original`, keeping every
/// other byte, and proves it: both texts parse, and they differ only there.
pub fn merge_values(original: &str, internal_tls: &InternalTls) -> Result<Merged, MergeError> {
    let value = to_value("general.internal_tls", internal_tls)?;
    merge_at(original, "general", "internal_tls", &NewValue::Block(value))
}

/// Merges the whole values document the wizard writes into the user's file:
/// `general.internal_tls`, then (where the bundle sets them)
/// `secrets.customCa` and `certificate.existing_cert`. Each step keeps every
/// other byte and proves it; the diff covers all of them.
pub fn merge_document(original: &str, document: &ValuesDocument) -> Result<Merged, MergeError> {
    let mut merged = merge_values(original, &document.general.internal_tls)?;
    if let Some(secrets) = &document.secrets {
        let value = to_value("secrets.customCa", &secrets.custom_ca)?;
        let step = merge_at(
            &merged.merged_text,
            "secrets",
            "customCa",
            &NewValue::Block(value),
        )?;
        merged.merged_text = step.merged_text;
    }
    if let Some(certificate) = &document.certificate {
        let value = Value::String(certificate.existing_cert.clone());
        let step = merge_at(
            &merged.merged_text,
            "certificate",
            "existing_cert",
            &NewValue::Scalar(value),
        )?;
        merged.merged_text = step.merged_text;
    }
    merged.diff = unified_diff(
        original,
        &merged.merged_text,
        "values.yaml",
        "values.yaml (merged)",
    );
    Ok(merged)
}

/// Sets `parent.child` in `original` to `new`, keeping every other byte, and
/// proves it: both texts parse, and they differ only there.
fn merge_at(
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
    let generals: Vec<usize> = tops
        .iter()
        .copied()
        .filter(|i| {
            lines
                .get(*i)
                .and_then(|l| split_entry(l.body()))
                .is_some_and(|(k, _)| k == parent)
        })
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
                    let tls: Vec<usize> = children
                        .iter()
                        .copied()
                        .filter(|i| {
                            lines
                                .get(*i)
                                .and_then(|l| split_entry(l.body()))
                                .is_some_and(|(k, _)| k == child)
                        })
                        .collect();
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

/// Gives line `index` a line end when it is the last line and has none.
fn fix_line_end(lines: &mut [String], index: usize, newline: &str) {
    if let Some(line) = lines.get_mut(index) {
        if !line.ends_with('\n') {
            line.push_str(newline);
        }
    }
}

fn splice(lines: &mut Vec<String>, from: usize, to: usize, new: Vec<String>) {
    let to = to.min(lines.len()).max(from.min(lines.len()));
    let from = from.min(lines.len());
    lines.splice(from..to, new);
}

/// The document without `parent.child` (and without a `parent` left empty
/// by that), for comparing everything else.
fn without_path(value: &Value, parent: &str, child: &str) -> Value {
    let mut root = match value {
        Value::Null => Mapping::new(),
        Value::Mapping(m) => m.clone(),
        other => return other.clone(),
    };
    let key = Value::String(parent.into());
    let drop_parent = match root.get_mut(&key) {
        Some(Value::Mapping(g)) => {
            g.remove(child);
            g.is_empty()
        }
        Some(Value::Null) => true,
        _ => false,
    };
    if drop_parent {
        root.remove(&key);
    }
    Value::Mapping(root)
}

fn self_check(
    original: &Value,
    merged_text: &str,
    parent: &str,
    child: &str,
    new: &NewValue,
) -> Result<(), MergeError> {
    let bug = |what: String| {
        refuse(
            None,
            format!("the merge would have changed more than {parent}.{child} ({what}), so nothing was written."),
            "Please report this with the values file; meanwhile pass the wizard's values.yaml as a second -f file to helm instead.",
        )
    };
    let merged_text = merged_text.strip_prefix('\u{feff}').unwrap_or(merged_text);
    let merged = serde_yaml::from_str::<Value>(merged_text)
        .map_err(|e| bug(format!("the result does not parse: {e}")))?;
    if without_path(original, parent, child) != without_path(&merged, parent, child) {
        return Err(bug("other keys differ".into()));
    }
    let written = get(&merged, &[parent, child])
        .ok_or_else(|| bug(format!("{parent}.{child} is missing")))?;
    if written != new.value() {
        return Err(bug(format!("{parent}.{child} reads back differently")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tls() -> InternalTls {
        let mut t = InternalTls {
            enabled: true,
            ..Default::default()
        };
        t.certificates.existing_ca_secret_name = "acme-internal-ca".into();
        t.certificates.existing_certificates.frontend = "acme-frontend-tls".into();
        t
    }

    const USER: &str = "# Lightrun values\ngeneral:\n    nameOverride: \"acme\"   # keep quotes\n    internal_tls:\n        enabled: false # old\n        certificates:\n            verification: true\n\n    # the message queue\n    mq:\n        enabled: true\n        local: 'true'\ndeployments:\n    keycloak: {clusterMode: true}\n";

    #[test]
    fn replacing_keeps_every_other_byte_and_the_file_indentation() {
        let m = merge_values(USER, &tls()).unwrap();
        assert_eq!(m.action, MergeAction::Replaced);
        let before: Vec<&str> = USER.lines().collect();
        let after: Vec<&str> = m.merged_text.lines().collect();
        assert_eq!(after[..4], before[..4]);
        assert_eq!(after[4], "        enabled: true");
        assert!(after.contains(&"            existing_ca_secret_name: acme-internal-ca"));
        assert!(m.merged_text.ends_with("\n    # the message queue\n    mq:\n        enabled: true\n        local: 'true'\ndeployments:\n    keycloak: {clusterMode: true}\n"));
        assert!(m.diff.iter().any(|l| l == "-        enabled: false # old"));
        assert_eq!(m.read_context.name_override.as_deref(), Some("acme"));
        assert_eq!(m.read_context.keycloak_cluster_mode, Some(true));
        assert_eq!(
            m.read_context.mq_local, None,
            "'true' is a string, not a boolean"
        );
    }

    #[test]
    fn without_internal_tls_it_is_inserted_at_the_end_of_general() {
        let text = "general:\n  mq:\n    enabled: false\n# trailing comment\nother: 1\n";
        let m = merge_values(text, &tls()).unwrap();
        assert_eq!(m.action, MergeAction::Inserted);
        assert!(m.merged_text.starts_with(
            "general:\n  mq:\n    enabled: false\n  internal_tls:\n    enabled: true\n"
        ));
        assert!(m.merged_text.ends_with("# trailing comment\nother: 1\n"));
    }

    #[test]
    fn without_general_it_is_appended_and_crlf_files_stay_crlf() {
        let m = merge_values("a: 1\r\nb: 2", &tls()).unwrap();
        assert_eq!(m.action, MergeAction::Appended);
        assert!(m
            .merged_text
            .starts_with("a: 1\r\nb: 2\r\ngeneral:\r\n  internal_tls:\r\n    enabled: true\r\n"));
        assert!(!m.merged_text.replace("\r\n", "").contains('\n'));
        let empty = merge_values("", &tls()).unwrap();
        assert!(empty.merged_text.starts_with("general:\n  internal_tls:\n"));
    }

    #[test]
    fn an_empty_or_null_internal_tls_is_filled_and_its_comment_kept() {
        let m = merge_values("general:\n  internal_tls: ~  # todo\n  x: 1\n", &tls()).unwrap();
        assert!(m
            .merged_text
            .starts_with("general:\n  internal_tls:  # todo\n    enabled: true\n"));
        assert!(m.merged_text.ends_with("  x: 1\n"));
        let m = merge_values("general:\n", &tls()).unwrap();
        assert!(m
            .merged_text
            .starts_with("general:\n  internal_tls:\n    enabled: true\n"));
    }

    #[test]
    fn block_scalars_may_hold_anything() {
        let text = "general:\n  script: |\n    --- not a document\n    *not an alias\n  internal_tls:\n    enabled: false\n";
        let m = merge_values(text, &tls()).unwrap();
        assert!(m.merged_text.starts_with("general:\n  script: |\n    --- not a document\n    *not an alias\n  internal_tls:\n    enabled: true\n"));
    }

    #[test]
    fn quoted_text_and_flow_lists_spanning_lines_are_values_not_keys() {
        let text = "general:\n  a: [1,\n 2]\n  b: \"m\n  internal_tls:\n    enabled: x\n    line\"\n  c: 'it''s\n  d: e'\n";
        let m = merge_values(text, &tls()).unwrap();
        assert!(m.merged_text.starts_with(text), "{}", m.merged_text);
        assert!(
            m.merged_text
                .contains("  d: e'\n  internal_tls:\n    enabled: true\n"),
            "{}",
            m.merged_text
        );
        // A tag or anchor before a quoted value is not part of it.
        let tagged = "x: !!str \"a\n  internal_tls:\n b\"\ngeneral:\n  a: 1\n";
        let m = merge_values(tagged, &tls()).unwrap();
        assert!(
            m.merged_text.starts_with(
                "x: !!str \"a\n  internal_tls:\n b\"\ngeneral:\n  a: 1\n  internal_tls:\n"
            ),
            "{}",
            m.merged_text
        );
        // A quote inside plain text opens nothing.
        let plain = "general:\n  a: it's here\n  internal_tls:\n    enabled: false\n";
        let m = merge_values(plain, &tls()).unwrap();
        assert!(m
            .merged_text
            .starts_with("general:\n  a: it's here\n  internal_tls:\n    enabled: true\n"));
    }

    #[test]
    fn a_block_scalar_header_on_its_own_line_starts_text() {
        let text = "general:\n  script:\n    |\n      internal_tls:\n        enabled: false\n  list:\n    - |\n      internal_tls: x\n";
        let m = merge_values(text, &tls()).unwrap();
        assert!(m.merged_text.starts_with(text), "{}", m.merged_text);
        assert!(
            m.merged_text
                .contains("      internal_tls: x\n  internal_tls:\n    enabled: true\n"),
            "{}",
            m.merged_text
        );
    }

    #[test]
    fn a_block_scalar_in_a_list_entry_ends_at_the_next_key_of_that_entry() {
        // `other:` is a key of the entry's mapping (column 4), not the text of
        // `name: |`; its quoted value spans two lines.
        let text =
            "general:\n  items:\n  - name: |\n      text\n    other: \"a\n  internal_tls: b\"\n";
        let m = merge_values(text, &tls()).unwrap();
        assert_eq!(m.action, MergeAction::Inserted, "{}", m.merged_text);
        assert!(m.merged_text.starts_with(text), "{}", m.merged_text);
        let nested =
            "general:\n  l:\n  - - |\n      t\n    - u\n  internal_tls:\n    enabled: false\n";
        let m = merge_values(nested, &tls()).unwrap();
        assert_eq!(m.action, MergeAction::Replaced, "{}", m.merged_text);
    }

    #[test]
    fn a_blank_line_holding_a_tab_where_the_block_goes_is_refused_with_its_line() {
        // Appended after the file's last lines, inserted at the end of
        // general:, or replacing internal_tls: the tab is next to the block.
        for (text, line) in [
            ("a: 1\n  \t\n\n", 2),
            ("general:\n  a: 1\n    \t\nz: 1\n", 3),
            ("general:\n  internal_tls:\n    x: 1\n      \t\n  z: 1\n", 4),
        ] {
            let e = refused(text);
            assert_eq!(e.line, Some(line), "{text:?}: {e}");
            assert!(e.message.contains("blank line holds a tab"), "{e}");
        }
        // Elsewhere it is left as it is.
        assert!(merge_values("a: 1\n    \t\nb: 2\n", &tls()).is_ok());
    }

    #[test]
    fn a_byte_order_mark_inside_the_file_is_refused_with_its_line() {
        let e = refused("\u{feff}a: 1\n\u{feff}b: 2\n");
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("byte order mark"), "{e:?}");
        let e = refused("\u{feff}\u{feff}a: 1\n");
        assert_eq!(e.line, Some(1));
    }

    fn refused(text: &str) -> MergeError {
        merge_values(text, &tls()).unwrap_err()
    }

    #[test]
    fn files_the_merge_cannot_keep_exact_are_refused_with_the_line() {
        let e = refused("a: 1\n---\nb: 2\n");
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("second YAML document"));
        assert_eq!(refused("general:\n\tx: 1\n").line, Some(2));
        let e = refused("base: &b {x: 1}\ngeneral:\n  internal_tls: *b\n");
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("anchor or alias"));
        let e = refused("general: {internal_tls: {enabled: true}}\n");
        assert_eq!(e.line, Some(1));
        assert!(e.message.contains("flow style"));
        assert!(refused("general:\n  internal_tls: {enabled: true}\n")
            .message
            .contains("flow style"));
        let twice = refused("general:\n  a: 1\ngeneral:\n  b: 2\n");
        assert!(twice.message.contains("duplicate"), "{twice}");
        assert!(refused("- a\n- b\n").message.contains("not a mapping"));
        assert!(refused("a: [\n").message.contains("not valid YAML"));
        let json = refused("{\"general\": {\"internal_tls\": {\"enabled\": true}}}\n");
        assert_eq!(json.line, Some(1));
        assert!(json.message.contains("flow style"), "{json}");
        let indented = refused("# values\n  general:\n    a: 1\n");
        assert_eq!(indented.line, Some(2));
        assert!(indented.message.contains("indented"), "{indented}");
        let text = refused("general:\n  inl_tls:$yes\n");
        assert_eq!(text.line, Some(1));
        assert!(text.message.contains("holds a text"), "{text}");
        assert!(refused("general:\n  - a\n")
            .message
            .contains("holds a list"));
    }

    #[test]
    fn lists_written_at_the_key_s_own_indentation_are_merged_around() {
        let text = "top:\n- a\n- b\ngeneral:\n  hosts:\n  - x\n  internal_tls:\n    enabled: false\n  z: 1\n";
        let m = merge_values(text, &tls()).unwrap();
        assert_eq!(m.action, MergeAction::Replaced);
        assert!(m.merged_text.starts_with(
            "top:\n- a\n- b\ngeneral:\n  hosts:\n  - x\n  internal_tls:\n    enabled: true\n"
        ));
        assert!(m.merged_text.ends_with("\n  z: 1\n"));
    }

    #[test]
    fn where_the_line_reader_and_yaml_see_different_keys_the_file_is_refused_at_that_line() {
        // YAML reads `b "c` as a's text over two lines, then internal_tls as
        // a key; a reader going by lines takes `"c` for an opening quote.
        let e = refused("general:\n  a: b\n    \"c\n  internal_tls:\n    d\"\n");
        assert_eq!(e.line, Some(2), "{e}");
        assert!(e.message.contains("`internal_tls`"), "{e}");
        assert!(e.hint.contains("second -f file"), "{e}");
        let e = refused("general:\n  a: b\n    \"c\n  internal_tls:\n    d\"\n  z: 1\n");
        assert_eq!(e.line, Some(6), "{e}");
        assert!(
            e.message
                .contains("key under general: `internal_tls` before this line"),
            "{e}"
        );
        // A top-level key the reader takes for text.
        let e = refused("a: b\n  \"c\ngeneral:\n  d\"\n");
        assert!(e.message.contains("top-level key `general`"), "{e}");
    }

    #[test]
    fn a_block_scalar_at_the_end_of_general_or_internal_tls_stays_whole() {
        let m = merge_values(
            "general:\n  after: >-\n    folded\n\n    text\nz: 1\n",
            &tls(),
        )
        .unwrap();
        assert!(m
            .merged_text
            .starts_with("general:\n  after: >-\n    folded\n\n    text\n  internal_tls:\n"));
        let m = merge_values(
            "general:\n  internal_tls:\n    note: |\n      old\n      text\n  x: 1\n",
            &tls(),
        )
        .unwrap();
        assert!(!m.merged_text.contains("old"), "{}", m.merged_text);
        assert!(m.merged_text.ends_with("\n  x: 1\n"));
    }

    #[test]
    fn a_carriage_return_without_a_line_feed_is_refused_with_its_line() {
        let e = refused("a: 1\r\nb: 2\r\r\n");
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("carriage return"), "{e}");
        assert_eq!(refused("\r\r").line, Some(1));
        assert!(read_values_context("a: 1\rb: 2\n").is_err());
        for (text, code) in [
            ("a: 1\ngeneral:\u{2028}  x: 1\n", "U+2028"),
            ("a: 1\u{85}b: 2\n", "U+0085"),
            ("# \u{2029}\n", "U+2029"),
        ] {
            let e = refused(text);
            assert!(e.message.contains(code), "{e}");
            assert_eq!(e.line, Some(if text.starts_with("a: 1\n") { 2 } else { 1 }));
        }
    }

    #[test]
    fn text_ending_the_file_without_a_line_end_is_refused_when_lines_go_after_it() {
        for text in ["a: |\n  text", "general:\n  a: |\n    text"] {
            let e = refused(text);
            assert!(e.message.contains("ends inside a block of text"), "{e}");
        }
        assert!(merge_values("a: |-\n  text\n", &tls()).is_ok());
        let e = refused("general:\n  internal_tls:\n  - a\n  b: 1\n");
        assert!(e.message.contains("holds a list"), "{e}");
    }

    #[test]
    fn a_byte_order_mark_is_kept_and_files_with_one_still_read() {
        let m = merge_values("\u{feff}a: 1\nb: 2\n", &tls()).unwrap();
        assert!(m.merged_text.starts_with("\u{feff}a: 1\nb: 2\ngeneral:\n"));
        assert_eq!(
            read_values_context("\u{feff}x: 1\ngeneral:\n  nameOverride: bom\n")
                .unwrap()
                .name_override
                .as_deref(),
            Some("bom")
        );
    }

    #[test]
    fn a_leading_document_marker_is_fine() {
        let m = merge_values("---\ngeneral:\n  a: 1\n", &tls()).unwrap();
        assert!(m
            .merged_text
            .starts_with("---\ngeneral:\n  a: 1\n  internal_tls:\n"));
    }

    #[test]
    fn the_context_fills_only_what_the_file_sets() {
        let ctx = read_values_context("general:\n  mq:\n    enabled: false\n  data_streamer:\n    enabled: true\ndeployments:\n  redis:\n    external:\n      enabled: true\n").unwrap();
        let mut settings = Settings::default();
        let said = ctx.apply(&mut settings);
        let release = &settings.release;
        assert!(!release.rabbitmq_in_cluster);
        assert!(release.redis_external);
        assert!(release.data_streamer_enabled);
        assert!(
            release.keycloak_cluster_mode,
            "not set in the file: the chart's default, on"
        );
        assert_eq!(said.len(), 3, "{said:?}");
    }
}
