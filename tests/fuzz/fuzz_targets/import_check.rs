//! Fuzz target `import_check`: see `checks::import_check` for what it feeds and checks.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::import_check(data));
