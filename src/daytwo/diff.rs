//! A unified diff of two texts for the page and the CLI to show what a merge
//! changed. The merge changes one contiguous region, so the diff is the
//! common prefix and suffix around one hunk: exact for that case, and still a
//! correct (if not minimal) diff for any other.

/// Lines of context around the change.
pub const CONTEXT: usize = 3;

/// The unified diff of `old` and `new` (`---`, `+++`, one `@@` hunk), one
/// string per line without line ends; empty when the texts are equal.
pub fn unified_diff(old: &str, new: &str, old_name: &str, new_name: &str) -> Vec<String> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    if a == b {
        return Vec::new();
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let max_suffix = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    let start = prefix.saturating_sub(CONTEXT);
    let a_end = (a.len() - suffix + CONTEXT).min(a.len());
    let b_end = (b.len() - suffix + CONTEXT).min(b.len());
    let range = |from: usize, to: usize| {
        let count = to - from;
        let first = if count == 0 { from } else { from + 1 };
        format!("{first},{count}")
    };
    let mut out = vec![
        format!("--- {old_name}"),
        format!("+++ {new_name}"),
        format!("@@ -{} +{} @@", range(start, a_end), range(start, b_end)),
    ];
    let context = |lines: &[&str], from: usize, to: usize, out: &mut Vec<String>| {
        for line in lines.get(from..to).unwrap_or_default() {
            out.push(format!(" {line}"));
        }
    };
    context(&a, start, prefix, &mut out);
    for line in a.get(prefix..a.len() - suffix).unwrap_or_default() {
        out.push(format!("-{line}"));
    }
    for line in b.get(prefix..b.len() - suffix).unwrap_or_default() {
        out.push(format!("+{line}"));
    }
    context(&a, a.len() - suffix, a_end, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_changed_region_is_one_hunk_with_three_lines_of_context() {
        let old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        let new = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
        assert_eq!(
            unified_diff(old, new, "a", "b"),
            [
                "--- a",
                "+++ b",
                "@@ -2,7 +2,7 @@",
                " 2",
                " 3",
                " 4",
                "-5",
                "+five",
                " 6",
                " 7",
                " 8"
            ]
        );
    }

    #[test]
    fn appending_to_the_end_and_equal_texts() {
        assert_eq!(
            unified_diff("a\n", "a\nb\n", "x", "y"),
            ["--- x", "+++ y", "@@ -1,1 +1,2 @@", " a", "+b"]
        );
        assert!(unified_diff("a\n", "a\n", "x", "y").is_empty());
        assert_eq!(
            unified_diff("", "a\n", "x", "y"),
            ["--- x", "+++ y", "@@ -0,0 +1,1 @@", "+a"]
        );
    }
}
