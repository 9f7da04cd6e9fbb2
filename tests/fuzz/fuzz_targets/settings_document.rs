//! Fuzz target `settings_document`: see `checks::settings_document` for what it feeds and checks.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::settings_document(data));
