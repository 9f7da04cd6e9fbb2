//! Fuzz target `values_yaml`: see `checks::values_yaml` for what it feeds and checks.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::values_yaml(data));
