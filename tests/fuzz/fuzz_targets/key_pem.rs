//! Fuzz target `key_pem`: see `checks::key_pem` for what it feeds and checks.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::key_pem(data));
