use super::*;
use crate::values::Settings;

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
    assert!(m
        .merged_text
        .starts_with("general:\n  mq:\n    enabled: false\n  internal_tls:\n    enabled: true\n"));
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
    let text = "general:\n  items:\n  - name: |\n      text\n    other: \"a\n  internal_tls: b\"\n";
    let m = merge_values(text, &tls()).unwrap();
    assert_eq!(m.action, MergeAction::Inserted, "{}", m.merged_text);
    assert!(m.merged_text.starts_with(text), "{}", m.merged_text);
    let nested = "general:\n  l:\n  - - |\n      t\n    - u\n  internal_tls:\n    enabled: false\n";
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
    let text =
        "top:\n- a\n- b\ngeneral:\n  hosts:\n  - x\n  internal_tls:\n    enabled: false\n  z: 1\n";
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
