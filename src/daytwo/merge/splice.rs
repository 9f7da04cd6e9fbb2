//! Writing the new value of `parent.child` at its [`Place`]: serde_yaml's
//! text re-indented to the file's style, the key's line rewritten only when
//! it must be, every other line kept byte for byte.

use super::*;

/// The file's lines with the new value spliced in at `place`, and what was done.
pub(super) fn write(
    file: &Scanned<'_>,
    place: &Place,
    parent: &str,
    child: &str,
    new: &NewValue,
) -> Result<(String, MergeAction), MergeError> {
    let newline = file.newline;
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
    // The block under the key, each level `step` deeper than the last.
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
    let mut out: Vec<String> = file.raw.iter().map(|l| (*l).to_string()).collect();
    let unit = file.unit;
    let action = match place {
        Place::Append => {
            if let Some(last) = out.last_mut() {
                if !last.ends_with('\n') {
                    last.push_str(newline);
                }
            }
            out.push(format!("{parent}:{newline}"));
            out.push(key_line(unit, ""));
            out.extend(render(unit, unit)?);
            MergeAction::Appended
        }
        Place::FirstChild { parent: at } => {
            let mut new = vec![key_line(unit, "")];
            new.extend(render(unit, unit)?);
            fix_line_end(&mut out, *at, newline);
            splice(&mut out, at + 1, at + 1, new);
            MergeAction::Inserted
        }
        Place::Insert {
            after,
            indent,
            step,
        } => {
            let mut new = vec![key_line(*indent, "")];
            new.extend(render(*indent, *step)?);
            fix_line_end(&mut out, *after, newline);
            splice(&mut out, after + 1, after + 1, new);
            MergeAction::Inserted
        }
        Place::Replace {
            key,
            indent,
            step,
            stop,
            key_comment,
        } => {
            if let Some(comment) = key_comment {
                if let Some(slot) = out.get_mut(*key) {
                    *slot = key_line(*indent, comment);
                }
            }
            fix_line_end(&mut out, *key, newline);
            let new = render(*indent, *step)?;
            fix_line_end(&mut out, stop.saturating_sub(1), newline);
            splice(&mut out, key + 1, *stop, new);
            MergeAction::Replaced
        }
    };
    Ok((format!("{}{}", file.bom, out.concat()), action))
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
