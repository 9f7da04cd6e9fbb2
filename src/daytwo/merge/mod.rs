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
//!
//! The parts: `context` reads the settings a file decides; `scan` reads the
//! file line by line; `locate` checks the file and finds where
//! `parent.child` goes (every refusal is there); `splice` writes the new
//! value in; `verify` proves nothing else changed;
//! [`merge_at`] runs them in turn.

mod context;
mod locate;
mod scan;
mod splice;
#[cfg(test)]
mod tests;
mod verify;

use serde::Serialize;
use serde_yaml::{Mapping, Value};

use crate::values::{InternalTls, ValuesDocument};

use super::diff::unified_diff;

use context::*;
pub use context::{read_values_context, ValuesContext};
use locate::*;
use scan::*;
use splice::*;
use verify::*;

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

/// Where the new `internal_tls` went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
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
#[cfg_attr(test, derive(ts_rs::TS))]
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

/// What [`merge_at`] writes at its path.
pub(super) enum NewValue {
    /// A block mapping, written as lines under the key.
    Block(Value),
    /// A scalar, written on the key's own line.
    Scalar(Value),
}

impl NewValue {
    pub(super) fn value(&self) -> &Value {
        match self {
            NewValue::Block(v) | NewValue::Scalar(v) => v,
        }
    }
}

pub(super) fn to_value(what: &str, value: &impl Serialize) -> Result<Value, MergeError> {
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
    let file = scan_file(original, parent)?;
    let place = locate(&file, parent, child, new)?;
    let (merged_text, action) = write(&file, &place, parent, child, new)?;
    self_check(&file.value, &merged_text, parent, child, new)?;
    Ok(Merged {
        diff: unified_diff(
            original,
            &merged_text,
            "values.yaml",
            "values.yaml (merged)",
        ),
        merged_text,
        read_context: file.read_context,
        action,
    })
}
