//! The proof: both texts parse, and they differ only at the merged path.

use super::*;

/// The document without `parent.child` (and without a `parent` left empty
/// by that), for comparing everything else.
pub(super) fn without_path(value: &Value, parent: &str, child: &str) -> Value {
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

pub(super) fn self_check(
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
