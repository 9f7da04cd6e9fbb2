//! Fuzz target `ca_load`: see `checks::ca_load` for what it feeds and checks.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::ca_load(data));
