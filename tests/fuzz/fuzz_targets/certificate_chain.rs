//! Fuzz target `certificate_chain`: see `checks::certificate_chain` for what it feeds and checks.
#![no_main]

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::certificate_chain(data));
