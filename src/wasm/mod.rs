//! The WebAssembly API: a thin layer that takes and returns JSON text so the
//! page (and its Web Worker) call exactly what the CLI calls. No logic lives here.
//!
//! The page loads two modules built from this crate (see wasm-pack.toml): the
//! first-view module, without the `engine` feature, answers what the form
//! needs as it opens (version, defaults, algorithms, validate); the engine,
//! with it, adds the crypto (checkCa, generate, generateWithKeys, zipFiles), the
//! import checks (inspect, checkCertificate, audit, …) and the day-2 calls, and
//! is loaded by the worker on the first call that needs it.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::pki::KeyAlgorithm;
use crate::values::Settings;

#[cfg(feature = "engine")]
mod checks;
#[cfg(feature = "engine")]
mod daytwo;
#[cfg(feature = "engine")]
mod engine;
#[cfg(feature = "engine")]
pub use checks::{
    audit, check_certificate, expiry_calendar, generate_bring_your_own, inspect, is_encrypted_key,
};
#[cfg(feature = "engine")]
pub use daytwo::{merge_values, read_bundle_archive, read_values_context, renew};
#[cfg(feature = "engine")]
pub use engine::{check_ca, generate, generate_with_keys, keys_wanted, zip_files};

pub(crate) fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|e| format!("{{\"error\":\"could not encode the result: {e}\"}}"))
}

/// The crate's version.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The default settings document, as JSON.
#[wasm_bindgen(js_name = defaultSettings)]
pub fn default_settings() -> String {
    Settings::default().to_json()
}

/// The version of the Lightrun chart whose templates the rules follow.
#[wasm_bindgen(js_name = chartVersion)]
pub fn chart_version() -> String {
    crate::values::CHART_VERSION.to_string()
}

/// The key algorithms offered (every consumer of the chart takes them), as a
/// JSON array of their spellings.
#[wasm_bindgen(js_name = keyAlgorithms)]
pub fn key_algorithms() -> String {
    to_json(
        &KeyAlgorithm::OFFERED
            .iter()
            .map(|a| a.as_str())
            .collect::<Vec<_>>(),
    )
}

/// Validates a settings document (JSON) and returns the findings and derived
/// facts as JSON: a [`Validation`](crate::output::page::Validation).
#[wasm_bindgen]
pub fn validate(settings_json: &str) -> String {
    to_json(&crate::output::page::validate(settings_json))
}
