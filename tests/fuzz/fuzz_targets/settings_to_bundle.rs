//! Fuzz target `settings_to_bundle`: see `checks::settings_to_bundle` for what it feeds and checks.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::settings_to_bundle(data));
