//! The WebAssembly API: a thin layer over what the CLI calls, so the page (and
//! its Web Worker) get exactly the CLI's answers. No logic lives here. Each
//! call takes and answers JS objects whose types are generated from the Rust
//! ones (`output::page`, `api::calls`) and declared, with the functions,
//! in the glue's .d.ts; a refusal is a thrown `Failure` object (`boundary`).
//!
//! The page loads two modules built from this crate (see wasm-pack.toml): the
//! first-view module, without the `engine` feature, answers what the form
//! needs as it opens (version, defaults, algorithms, validate); the engine,
//! with it, adds the crypto (checkCa, generate, keysWanted, zipFiles), the
//! import checks (inspect, checkCertificate, audit, …) and the day-2 calls, and
//! is loaded by the worker on the first call that needs it.

use wasm_bindgen::prelude::*;

use crate::pki::KeyAlgorithm;
use crate::values::Settings;

mod boundary;
#[cfg(feature = "engine")]
mod checks;
#[cfg(feature = "engine")]
mod daytwo;
#[cfg(feature = "engine")]
mod engine;
#[cfg(feature = "engine")]
pub use checks::{audit, check_certificate, expiry_calendar, inspect, is_encrypted_key};
#[cfg(feature = "engine")]
pub use daytwo::{merge_values, read_bundle_archive, read_values_context, renew};
#[cfg(feature = "engine")]
pub use engine::{check_ca, generate, keys_wanted, zip_files};

use boundary::answer;

// The declarations of the documents the calls take and answer, generated from
// the Rust types (src/api/typescript.rs): wasm-bindgen puts them into the
// modules' .d.ts beside the functions that name them.
#[wasm_bindgen(typescript_custom_section)]
const CORE_TYPES: &str = include_str!("../../www/core-types.d.ts");

/// The crate's version.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// A fresh default settings document.
#[wasm_bindgen(js_name = defaultSettings, unchecked_return_type = "Settings")]
pub fn default_settings() -> Result<JsValue, JsValue> {
    answer(&Settings::default())
}

/// The version of the Lightrun chart whose templates the rules follow.
#[wasm_bindgen(js_name = chartVersion)]
pub fn chart_version() -> String {
    crate::values::CHART_VERSION.to_string()
}

/// The key algorithms offered (every consumer of the chart takes them).
#[wasm_bindgen(js_name = keyAlgorithms, unchecked_return_type = "KeyAlgorithm[]")]
pub fn key_algorithms() -> Result<JsValue, JsValue> {
    answer(&KeyAlgorithm::OFFERED)
}

/// Validates a settings document (an object, or its JSON text) as the page
/// does on every keystroke: the findings and derived facts. Bad settings are
/// an answer (`ok: false`, `parse_error`), never a throw.
#[wasm_bindgen(unchecked_return_type = "Validation")]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "Settings | string")] settings: JsValue,
) -> Result<JsValue, JsValue> {
    answer(&crate::output::page::validate(boundary::settings_from_js(
        settings,
    )))
}
