//! Reading the settings a values file decides (names, components, the main
//! certificate, Keycloak's trust), with the same refusals as the merge.

use super::*;

pub use crate::values::ValuesContext;

pub(super) fn get<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    crate::values::user_values::value_at(value, path)
}

/// Parses a values text. A byte order mark is skipped first: serde_yaml reads
/// one before a second top-level key as the start of another document.
pub(super) fn parse_yaml(text: &str, what: &str) -> Result<Value, MergeError> {
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
    // As Helm reads it: `clusterMode: yes` is on, `enabled: off` is off.
    // yaml-rust2 refuses a few layouts libyaml (Helm's reader's ancestor,
    // and serde_yaml's) accepts, such as a flow list continued at a lower
    // indentation; those are read by serde_yaml, whose refusal is the one
    // shown when neither reads the file.
    let root = match crate::values::helm_yaml::read(text) {
        Ok(root) => root,
        Err(_) => parse_yaml(text, "the values file")?,
    };
    ValuesContext::read(&root).map_err(|e| refuse(None, e.to_string(), e.hint))
}
