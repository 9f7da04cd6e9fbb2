//! The core's modules depend on each other one way, as the data flows:
//! settings and their rules (`values`, on `release`'s names) → keys and
//! certificates (`pki`) → reading and checking what users bring (`import`) →
//! files (`output`) → day-2 work (`daytwo`) → the whole pipeline (`bundle`)
//! → the page's calls as documents (`api`), with the thin `wasm` and `cli`
//! layers on top. This reads every `crate::`
//! path in `src/` and fails on any that points up the list (a loop).

#![cfg(not(target_arch = "wasm32"))] // native: real processes and files
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use std::fs;
use std::path::Path;

/// Each module and the layer it sits in: a module may use only lower layers.
const LAYERS: &[(&str, u8)] = &[
    ("limits", 0),
    ("release", 1),
    ("values", 2),
    ("pki", 3),
    ("import", 4),
    ("output", 5),
    ("daytwo", 6),
    ("bundle", 7),
    ("api", 8),
    ("wasm", 9),
    ("cli", 9),
];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

/// The `.rs` files of a top-level module (a folder, or one file).
fn files_of(src: &Path, module: &str) -> Vec<std::path::PathBuf> {
    let dir = src.join(module);
    let mut out = Vec::new();
    if dir.is_dir() {
        let mut stack = vec![dir];
        while let Some(d) = stack.pop() {
            for entry in fs::read_dir(&d).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(path);
                }
            }
        }
    }
    let file = src.join(format!("{module}.rs"));
    if file.is_file() {
        out.push(file);
    }
    out
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut upward = Vec::new();
    let mut seen_edges = 0;
    for (module, own) in LAYERS {
        let files = files_of(&src, module);
        assert!(!files.is_empty(), "no source for module {module}");
        for file in files {
            let text = fs::read_to_string(&file).unwrap();
            for (at, _) in text.match_indices("crate::") {
                let rest = &text[at + "crate::".len()..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                let Some(other) = layer(&name) else {
                    continue;
                };
                if name == *module {
                    continue;
                }
                seen_edges += 1;
                if other >= *own {
                    let line = text[..at].lines().count();
                    upward.push(format!(
                        "{}:{line}: {module} uses crate::{name}",
                        file.strip_prefix(&src).unwrap().display()
                    ));
                }
            }
        }
    }
    assert!(
        seen_edges > 50,
        "only {seen_edges} cross-module paths read: is src/ laid out as listed?"
    );
    assert!(
        upward.is_empty(),
        "these paths point up the layers (a module loop):\n{}",
        upward.join("\n")
    );
}

#[test]
fn every_top_level_module_is_placed_in_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = fs::read_to_string(src.join("lib.rs")).unwrap();
    for line in lib.lines() {
        if let Some(rest) = line.trim().strip_prefix("pub mod ") {
            let name = rest.trim_end_matches(';');
            assert!(
                layer(name).is_some(),
                "module {name} is in no layer of LAYERS"
            );
        }
    }
}
