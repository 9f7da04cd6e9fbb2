//! Fuzz target `import_manifests`: see `checks::import_manifests` for what it feeds and checks.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::import_manifests(data));
