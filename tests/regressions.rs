#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
// Native only: wasm-pack test builds every test target for wasm32 too.
#![cfg(not(target_arch = "wasm32"))]
//! Fuzzing's findings, replayed natively by `cargo test`.
//!
//! `checks` is the very file the fuzz targets call (tests/fuzz/checks.rs), so an
//! input here goes through exactly the code that found it. Every crash the
//! fuzzer finds is committed under tests/fuzz/regressions/TARGET/ and gets a
//! named test below; the sweeps also replay every seed of tests/fuzz/corpus/,
//! so a seed that starts failing is caught without running the fuzzer.

#[path = "fuzz/checks.rs"]
mod checks;

use std::path::{Path, PathBuf};

type Target = fn(&[u8]);

const TARGETS: [(&str, Target); 12] = [
    ("settings_document", checks::settings_document),
    ("key_pem", checks::key_pem),
    ("certificate_chain", checks::certificate_chain),
    ("ca_load", checks::ca_load),
    ("settings_to_bundle", checks::settings_to_bundle),
    ("values_yaml", checks::values_yaml),
    ("import_key", checks::import_key),
    ("import_manifests", checks::import_manifests),
    ("import_chain", checks::import_chain),
    ("import_check", checks::import_check),
    ("values_merge", checks::values_merge),
    ("renew_secrets", checks::renew_secrets),
];

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz")
}

/// Runs every file of `dir/TARGET/` through its target; returns how many ran.
fn replay_all(dir: &Path) -> usize {
    let mut count = 0;
    for (name, target) in TARGETS {
        let Ok(entries) = std::fs::read_dir(dir.join(name)) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.map(|e| e.unwrap().path()).collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap();
            // Printed before the run, so a panic is shown with its input.
            eprintln!("{name}: {}", file.display());
            target(&data);
            count += 1;
        }
    }
    count
}

/// Every seed input runs through its target without a panic.
#[test]
fn seed_corpora_run_clean() {
    let count = replay_all(&fuzz_dir().join("corpus"));
    assert!(
        count >= 250,
        "only {count} seeds found under tests/fuzz/corpus"
    );
}

/// Every crash input ever found runs through its target without a panic.
#[test]
fn fuzz_regressions_run_clean() {
    // 24 findings are recorded (tests/fuzz/RESULTS.md); a moved or emptied
    // folder must not pass as "no crash".
    let count = replay_all(&fuzz_dir().join("regressions"));
    assert!(
        count >= 24,
        "only {count} regression inputs found under tests/fuzz/regressions"
    );
}

// ---- Findings -------------------------------------------------------------

/// DER length octets.
fn der_length(len: usize) -> Vec<u8> {
    if len < 0x80 {
        return vec![len as u8];
    }
    let bytes: Vec<u8> = len
        .to_be_bytes()
        .into_iter()
        .skip_while(|b| *b == 0)
        .collect();
    let mut out = vec![0x80 | bytes.len() as u8];
    out.extend(bytes);
    out
}

/// A positive DER INTEGER.
fn der_integer(value: &rsa::BigUint) -> Vec<u8> {
    let mut bytes = value.to_bytes_be();
    if bytes[0] & 0x80 != 0 {
        bytes.insert(0, 0);
    }
    let mut out = vec![0x02];
    out.extend(der_length(bytes.len()));
    out.extend(bytes);
    out
}

/// A deterministic odd number of exactly `bits` bits.
fn big_odd(bits: usize, seed: u8) -> rsa::BigUint {
    let mut state = u32::from(seed).wrapping_mul(2_654_435_761).wrapping_add(1);
    let mut bytes: Vec<u8> = (0..bits.div_ceil(8))
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as u8
        })
        .collect();
    let top_bits = bits - (bits.div_ceil(8) - 1) * 8;
    bytes[0] = (bytes[0] | 0x80) >> (8 - top_bits);
    bytes[0] |= 1 << (top_bits - 1);
    *bytes.last_mut().unwrap() |= 1;
    rsa::BigUint::from_bytes_be(&bytes)
}

/// A PKCS#1 "RSA PRIVATE KEY" whose modulus really is p·q, with primes of
/// `prime_bits` bits (not actually prime: that is never reached) and a private
/// exponent that fails the final congruence check. Everything before that check
/// runs on numbers of this size.
fn oversized_rsa_pem(prime_bits: usize) -> String {
    use base64::Engine;
    let p = big_odd(prime_bits, 1);
    let q = big_odd(prime_bits, 2);
    let n = &p * &q;
    let d = big_odd(2 * prime_bits - 1, 3);
    let small = big_odd(prime_bits - 1, 4);
    let mut body = der_integer(&rsa::BigUint::from(0u8));
    for part in [
        &n,
        &rsa::BigUint::from(65_537u32),
        &d,
        &p,
        &q,
        &small,
        &small,
        &small,
    ] {
        body.extend(der_integer(part));
    }
    let mut der = vec![0x30];
    der.extend(der_length(body.len()));
    der.extend(body);
    let b64 = base64::engine::general_purpose::STANDARD.encode(der);
    let lines: Vec<&str> = b64
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN RSA PRIVATE KEY-----\n{}\n-----END RSA PRIVATE KEY-----\n",
        lines.join("\n")
    )
}

/// Finding (key_pem), fixed in e6c185f: an RSA key over the 16384-bit limit
/// was not refused for its size. `PrivateKey::from_pem` handed it to the rsa
/// crate first, which multiplies the primes and reduces d·e modulo p-1 (work
/// that grows with the square of the size: 1.7 s natively for a PKCS#1 key just
/// under the 1 MiB input limit, 20 s in the sanitized fuzz build, longer in a
/// browser), and a key that also failed those checks was reported as
/// "malformed" instead of "at most 16384 bits are accepted". The committed
/// input `regressions/key_pem/rsa-pkcs1-131072-bit-modulus.pem` (100 kB) and a
/// generated 1 MiB one must both be refused for their size, at once.
#[test]
fn an_oversized_rsa_key_is_refused_quickly_for_its_size() {
    let path = fuzz_dir().join("regressions/key_pem/rsa-pkcs1-131072-bit-modulus.pem");
    let committed = std::fs::read_to_string(path).unwrap();
    checks::key_pem(committed.as_bytes());
    let generated = oversized_rsa_pem(680_000);
    assert!(generated.len() < 1024 * 1024, "{} bytes", generated.len());
    for pem in [committed, generated] {
        let start = std::time::Instant::now();
        let err = internal_tls_wizard::pki::PrivateKey::from_pem(&pem).unwrap_err();
        let took = start.elapsed();
        assert!(
            err.to_string().contains("16384"),
            "a {}-byte RSA key was refused in {took:?}, but not for its size: {err}",
            pem.len()
        );
        assert!(
            took < std::time::Duration::from_millis(500),
            "refusing a {}-byte RSA key took {took:?}",
            pem.len()
        );
    }
}

/// Finding (values_merge, a seed): a values file written as JSON (one flow
/// mapping, `{"general": …}`) has no top-level `general:` line for the
/// scanner, so the merge appended a second `general:` after it; its own
/// self-check caught the broken result and answered "please report this"
/// instead of saying what is wrong with the file. Flow-style files are now
/// refused up front, naming line 1.
#[test]
fn a_values_file_in_flow_style_is_refused_with_its_line() {
    let (_, err) = merge_refused("json-flow-style-file.yaml");
    assert_eq!(err.line, Some(1), "{err}");
    assert!(err.message.contains("flow style"), "{err}");
}

/// Finding (renew_secrets, the first runs): `RenewError` is serialized with an
/// internal `kind` tag, which serde cannot do for a variant holding a bare
/// string, so the "holds no Secret" and "could not write" errors failed to
/// serialize at all. They are struct variants with a `message` now.
#[test]
fn every_renewal_error_serializes() {
    let path = fuzz_dir().join("regressions/renew_secrets/no-secret-error-serializes.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    checks::renew_secrets(text.as_bytes());
    let err = internal_tls_wizard::daytwo::renew::renew(
        &internal_tls_wizard::daytwo::renew::RenewInput {
            ca_cert_pem: include_str!("corpus/ca.crt"),
            ca_key_pem: include_str!("corpus/ca.key"),
            secrets_yaml: &text,
            ..Default::default()
        },
        checks::now(),
    )
    .unwrap_err();
    let json = serde_json::to_value(&err).unwrap();
    assert_eq!(json["kind"], "secrets", "{json}");
    assert!(
        json["message"].as_str().unwrap().contains("no Secret"),
        "{json}"
    );
}

/// Finding (values_merge, 110 executions in): a values file whose top-level
/// keys are all indented (valid YAML) has no line the scanner takes for the
/// top level, so the merge appended `general:` at column 0 and its self-check
/// caught the broken result ("please report this"). Such files are refused
/// up front, naming the first line and the indentation.
#[test]
fn a_values_file_with_indented_top_level_keys_is_refused_with_its_line() {
    let (_, err) = merge_refused("top-level-keys-indented.yaml");
    assert_eq!(err.line, Some(2), "{err}");
    assert!(err.message.contains("indented (2 spaces)"), "{err}");
}

/// Finding (renew_secrets, after 113 s): a certificate with an uppercase DNS
/// name (`acme-Xedis.prod`) was refused with "the renewed certificate's names
/// differ from the old ones; this is a bug": the wizard writes DNS names in
/// lowercase, and the renewal compared them byte for byte. DNS names are now
/// compared as DNS does (without case or final dot, duplicates once), a note
/// says how they were written, and the report lists the new certificate's names.
#[test]
fn a_certificate_with_an_uppercase_dns_name_is_renewed_with_a_note() {
    let path = fuzz_dir().join("regressions/renew_secrets/uppercase-dns-name.yaml");
    // The fuzzer's input, invalid UTF-8 bytes and all, read as the target reads it.
    let data = std::fs::read(path).unwrap();
    checks::renew_secrets(&data);
    let text = String::from_utf8_lossy(&data);
    let renewed = internal_tls_wizard::daytwo::renew::renew(
        &internal_tls_wizard::daytwo::renew::RenewInput {
            ca_cert_pem: include_str!("corpus/ca.crt"),
            ca_key_pem: include_str!("corpus/ca.key"),
            secrets_yaml: &text,
            key: Some(internal_tls_wizard::pki::KeyAlgorithm::EcdsaP256),
            ..Default::default()
        },
        checks::now(),
    )
    .unwrap();
    let r = &renewed.report.renewed[0];
    assert!(
        r.sans.iter().any(|s| s == "acme-xedis.prod"),
        "{:?}",
        r.sans
    );
    assert!(
        renewed
            .report
            .notes
            .iter()
            .any(|n| n.contains("acme-Xedis.prod") && n.contains("lowercase")),
        "{:?}",
        renewed.report.notes
    );
}

/// Finding (values_merge, the second run): in `general:\n  inl_tls:$yes\n`
/// the line under `general:` has no `key: ` (no space after the colon), so
/// YAML reads general as a text; the scanner took it for a block of keys and
/// inserted internal_tls beside the text, which the self-check caught
/// ("please report this"). A general that is not a mapping is refused, naming
/// its line and what it holds.
#[test]
fn a_general_that_holds_a_text_is_refused_with_its_line() {
    let (_, err) = merge_refused("general-holds-a-text.yaml");
    assert_eq!(err.line, Some(1), "{err}");
    assert!(err.message.contains("holds a text"), "{err}");
}

/// Finding (values_merge, replaying the second run's corpus): serde_yaml reads
/// a byte order mark before a second top-level key as the start of another
/// document. A file with a mark and one key (`gen+ral:`) was merged by
/// appending `general:`, and the merge's own check then failed to read the
/// result ("please report this"); a file with a mark and two keys was refused
/// as "not valid YAML". The mark is skipped before parsing, and kept in the
/// output.
#[test]
fn a_values_file_with_a_byte_order_mark_is_merged_and_keeps_it() {
    let merged_text = merged("byte-order-mark-then-one-key.yaml");
    assert!(merged_text.starts_with("\u{feff}gen+ral:\n"));
    assert!(merged_text.contains("\ngeneral:\n  internal_tls:\n"));
}

/// Finding (values_merge, the third run, 6,000 executions in): when general:
/// ended with a block scalar (`after: >-` and its text), internal_tls was
/// inserted after the scalar's key line, before its text, which then read as
/// part of the new block; the self-check caught it ("please report this").
/// The same held for a block scalar ending an old internal_tls. A block now
/// ends after the text of its last block scalar.
#[test]
fn internal_tls_goes_after_a_block_scalar_that_ends_general() {
    let merged_text = merged("block-scalar-ends-general.yaml");
    assert!(
        merged_text.contains("  after: >-\n    folded\n\n    text\n  internal_tls:\n"),
        "{}",
        merged_text
    );
}

/// Finding (values_merge, the fourth run, 4,100 executions in): in a file of
/// `\r\r` (carriage returns without line feeds) the scanner saw one line and
/// appended general: after it with a line feed, which made a CRLF; merging
/// the result again then wrote CRLF line ends, so merging twice was not
/// merging once. YAML reads a lone carriage return as a line break and the
/// scanner does not, so such files are refused, naming the line.
#[test]
fn a_carriage_return_without_a_line_feed_is_refused_with_its_line() {
    let (_, err) = merge_refused("lone-carriage-returns.yaml");
    assert_eq!(err.line, Some(1), "{err}");
    assert!(err.message.contains("carriage return"), "{err}");
}

/// Finding (values_merge, the fifth run, 4,700 executions in): a file that
/// ends inside a block scalar (`scrzipt: |` and its text) without a final line
/// end got one when internal_tls was inserted after it, which changed that
/// text; the self-check caught it ("please report this"). Adding lines after
/// such text is refused, naming its line.
#[test]
fn block_text_ending_the_file_without_a_line_end_is_refused() {
    let (text, err) = merge_refused("block-text-ends-file-without-line-end.yaml");
    assert!(err.message.contains("ends inside a block of text"), "{err}");
    assert_eq!(err.line, Some(text.lines().count()), "{err}");
}

/// Finding (values_merge, the sixth run, 3,700 executions in): a list written
/// at internal_tls's own indentation (`internal_tls:\n  - …`) is its value in
/// YAML, but the scanner saw the list's lines as siblings and left them after
/// the new block; the self-check caught it. Such a list is refused.
#[test]
fn an_internal_tls_holding_a_list_is_refused() {
    let (_, err) = merge_refused("internal-tls-holds-a-list.yaml");
    assert!(err.message.contains("holds a list"), "{err}");
}

/// Found by `values_merge` (93,000 executions in): in `a: 1[ [` the second
/// bracket followed the first, and the scanner took it for a flow list
/// opening inside one; the lines after it became that list's text, the new
/// block went in the wrong place and the self-check caught it. Brackets in
/// plain text open nothing; the file is merged.
#[test]
fn brackets_inside_plain_text_open_no_list() {
    let merged_text = merged("brackets-inside-plain-text.yaml");
    assert!(
        merged_text.starts_with("general:\n  a: 1[ [ \n  internal_tls:\n"),
        "{}",
        merged_text
    );
}

/// Found by `values_merge`: byte order marks after the first (files joined
/// together carry them) made serde_yaml see another document, which the merge
/// only noticed in its own self-check. They are refused, naming the line.
#[test]
fn a_byte_order_mark_inside_a_values_file_is_refused_with_its_line() {
    let (_, err) = merge_refused("byte-order-marks-inside-the-file.yaml");
    assert_eq!(err.line, Some(1), "{err}");
    assert!(err.message.contains("byte order mark"), "{err}");
}

/// Found by `values_merge`: a double-quoted value that spans lines, one of
/// them reading `internal_tls:`, was taken for the block to replace. Lines
/// inside a quoted scalar or flow collection are the value's text now.
#[test]
fn a_quoted_value_spanning_lines_is_text_not_the_internal_tls_block() {
    let path = fuzz_dir()
        .join("regressions/values_merge/quoted-text-spanning-lines-holds-internal-tls.yaml");
    let data = std::fs::read(path).unwrap();
    checks::values_merge(&data);
}

/// Found by `values_merge`: a value the scanner read as an unclosed `{` list
/// (text of a block scalar it did not recognise) swallowed everything after
/// it, so the merged file could not be merged into again. The merge now
/// refuses a file whose values it cannot see the end of, naming the line.
#[test]
fn a_value_whose_end_the_merge_cannot_see_is_refused_with_its_line() {
    let (_, err) = merge_refused("unknown-block-scalar-then-open-brace.yaml");
    assert_eq!(err.line, Some(3), "{err}");
    assert!(err.message.contains("cannot tell where the value"), "{err}");
}

/// Found by `values_merge`: `general:` followed by a flow mapping on the next
/// line got a block key added after it. Refused, naming the line.
#[test]
fn a_flow_mapping_under_general_on_its_own_line_is_refused() {
    let (_, err) = merge_refused("general-holds-flow-mapping-on-next-line.yaml");
    assert_eq!(err.line, Some(2), "{err}");
    assert!(err.message.contains("flow-style"), "{err}");
}

/// Found by `values_merge`: a quoted value inside the old internal_tls block
/// that carries on over lines at column 0. The merge rightly replaces it with
/// the block; the check now knows such lines are the value's text.
#[test]
fn a_quoted_value_of_the_old_block_goes_with_it() {
    let path =
        fuzz_dir().join("regressions/values_merge/quoted-value-in-internal-tls-spans-lines.yaml");
    checks::values_merge(&std::fs::read(path).unwrap());
}

/// Found by `values_merge`: a block scalar whose `|` stands on the line after
/// its key, its text ending the file without a line end. The merge did not see
/// the text as text; now it does, and refuses to add lines after such text.
#[test]
fn a_block_scalar_header_on_its_own_line_is_text() {
    let path = fuzz_dir().join("regressions/values_merge/block-scalar-header-on-its-own-line.yaml");
    checks::values_merge(&std::fs::read(path).unwrap());
}

/// Found by `values_merge`: a tag (`!!bool`) before a quoted value that spans
/// lines hid the quote from the merge, which took the value's lines for keys.
#[test]
fn a_tagged_quoted_value_spanning_lines_is_text() {
    let path = fuzz_dir().join("regressions/values_merge/tagged-quoted-value-spans-lines.yaml");
    checks::values_merge(&std::fs::read(path).unwrap());
}

/// Found by `values_merge`: `internal_tls\t:` (a tab before the colon) is the
/// key to YAML and to the merge; the check now reads it the same way.
#[test]
fn a_tab_before_the_internal_tls_colon_is_still_the_key() {
    let path = fuzz_dir().join("regressions/values_merge/tab-before-the-internal-tls-colon.yaml");
    checks::values_merge(&std::fs::read(path).unwrap());
}

/// Found by `values_merge`: `!!str general:` is the `general` key to YAML but
/// not to the merge, which appended a second one (its self-check refused).
/// A tagged, anchored or aliased key is refused now, naming the line.
#[test]
fn a_tagged_key_is_refused_with_its_line() {
    let (_, err) = merge_refused("tagged-general-key.yaml");
    assert_eq!(err.line, Some(2), "{err}");
}

/// Replays a `values_merge` finding the merge now accepts (the target's
/// checks included) and returns the merged text.
fn merged(name: &str) -> String {
    let data = std::fs::read(fuzz_dir().join("regressions/values_merge").join(name)).unwrap();
    checks::values_merge(&data);
    let text = String::from_utf8_lossy(&data).into_owned();
    let tls = internal_tls_wizard::values::InternalTls::default();
    let merged = internal_tls_wizard::daytwo::merge::merge_values(&text, &tls).unwrap();
    merged.merged_text
}

/// Replays a values_merge finding through the fuzz check, then merges it
/// directly: the file's text and the merge's refusal.
fn merge_refused(name: &str) -> (String, internal_tls_wizard::daytwo::merge::MergeError) {
    let data = std::fs::read(fuzz_dir().join("regressions/values_merge").join(name)).unwrap();
    checks::values_merge(&data);
    let text = String::from_utf8_lossy(&data).into_owned();
    let tls = internal_tls_wizard::values::InternalTls::default();
    let err = internal_tls_wizard::daytwo::merge::merge_values(&text, &tls).unwrap_err();
    (text, err)
}

/// Found by `values_merge` (86,800 executions in): `d: &a |` is a block
/// scalar behind an anchor, which the scanner did not see as one; its text
/// ended the file without a line end, and appending `general:` after it
/// changed that text (the self-check caught it). A tag or anchor before `|`
/// or `>` no longer hides the block, and the file is refused like any block
/// text ending the file without a line end.
#[test]
fn a_block_scalar_behind_an_anchor_is_still_text() {
    let (_, err) = merge_refused("anchored-block-text-ends-file.yaml");
    assert!(err.message.contains("ends inside a block of text"), "{err}");
}

/// Found by `values_merge` (149,500 executions in): a last line of spaces and
/// a tab after internal_tls's old value. YAML read the tab as part of that
/// shallow value's trailing space; after the new, deeper block it read it as
/// a tab in the indentation, and the result no longer parsed (the self-check
/// caught it). A blank line holding a tab next to where the block goes is
/// refused, naming it.
#[test]
fn a_blank_line_holding_a_tab_next_to_the_block_is_refused_with_its_line() {
    let (_, err) = merge_refused("blank-line-with-a-tab-after-internal-tls.yaml");
    assert_eq!(err.line, Some(4), "{err}");
    assert!(err.message.contains("blank line holds a tab"), "{err}");
}

/// Found by `values_merge` (238,800 executions in): `internal_tls:` with its
/// value a block scalar whose header `|` stands on the next line at the key's
/// own indentation, which YAML allows. The merge replaced it rightly; the
/// target's check took the header for a line outside internal_tls. The check
/// now allows the key's own block header there; the file merges.
#[test]
fn a_block_header_at_the_key_s_indentation_belongs_to_the_key() {
    let merged_text = merged("block-header-at-the-key-s-indentation.yaml");
    assert!(
        merged_text.starts_with("general:\n  internal_tls:\n    enabled: false\n")
            && !merged_text.contains("\n  |\n"),
        "{}",
        merged_text
    );
}
