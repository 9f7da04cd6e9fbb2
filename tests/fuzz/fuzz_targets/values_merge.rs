//! Fuzz target `values_merge`: see `checks::values_merge` for what it feeds and checks.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::values_merge(data));
