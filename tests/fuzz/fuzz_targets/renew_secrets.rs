//! Fuzz target `renew_secrets`: see `checks::renew_secrets` for what it feeds and checks.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::renew_secrets(data));
