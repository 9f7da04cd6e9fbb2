//! Fuzz target `import_chain`: see `checks::import_chain` for what it feeds and checks.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::import_chain(data));
