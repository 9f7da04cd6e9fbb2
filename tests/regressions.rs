#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
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

const TARGETS: [(&str, Target); 6] = [
    ("settings_document", checks::settings_document),
    ("key_pem", checks::key_pem),
    ("certificate_chain", checks::certificate_chain),
    ("ca_load", checks::ca_load),
    ("settings_to_bundle", checks::settings_to_bundle),
    ("values_yaml", checks::values_yaml),
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
        count >= 60,
        "only {count} seeds found under tests/fuzz/corpus"
    );
}

/// Every crash input ever found runs through its target without a panic.
#[test]
fn fuzz_regressions_run_clean() {
    replay_all(&fuzz_dir().join("regressions"));
}
