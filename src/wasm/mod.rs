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

use crate::output::values_yaml;
use crate::pki::KeyAlgorithm;
use crate::values::{plan, Diagnostic, Settings};

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

#[derive(Serialize)]
struct Validation {
    /// Whether Generate may run (no errors).
    ok: bool,
    /// The settings could not be read at all.
    parse_error: Option<String>,
    diagnostics: Vec<Diagnostic>,
    services: Vec<crate::values::ServiceView>,
    /// values.yaml as it would be written, when there is no error.
    values_yaml: Option<String>,
    /// The values it sets that differ from the chart's defaults.
    value_changes: Vec<crate::values::ValueChange>,
    /// The main certificate step's outcome, when there is a plan.
    main_certificate: Option<MainSummary>,
    /// What Keycloak is made to trust, in a sentence, when there is a plan.
    keycloak_trust: Option<String>,
}

/// The main certificate as the plan has it, for the page.
#[derive(Serialize)]
struct MainSummary {
    /// `issue`, `bring-your-own`, `from-values`, or `unchecked`.
    source: &'static str,
    /// The Secret `certificate.existing_cert` names, when the bundle holds it.
    secret: Option<String>,
    /// The names it carries or must carry.
    names: Vec<String>,
    /// The name the router checks it for.
    backend_name: Option<String>,
}

fn main_summary(plan: &crate::values::Plan) -> MainSummary {
    use crate::values::MainSource;
    match &plan.main {
        None => MainSummary {
            source: "unchecked",
            secret: None,
            names: Vec::new(),
            backend_name: None,
        },
        Some(m) => MainSummary {
            source: match m.source {
                MainSource::Issue => "issue",
                MainSource::BringYourOwn => "bring-your-own",
                MainSource::FromValues { .. } => "from-values",
            },
            secret: m.secret.as_ref().map(|s| s.to_string()),
            names: m.sans.iter().map(|s| s.to_string()).collect(),
            backend_name: Some(m.backend_name.to_string()),
        },
    }
}

fn keycloak_trust_sentence(plan: &crate::values::Plan) -> String {
    use crate::values::KeycloakTrust;
    match &plan.keycloak_trust {
        KeycloakTrust::Untouched => "Keycloak's trust is left as the chart sets it (no private CA to add).".into(),
        KeycloakTrust::CaSecret { secret } => format!("Keycloak trusts the CA Secret {secret} (secrets.customCa.existingCaSecret), so its TLS connection to RabbitMQ verifies."),
        KeycloakTrust::AddedToInline { .. } => "Keycloak trusts the CAs your values give it (secrets.customCa.customCaCertificate) and the internal CA, added after them.".into(),
        KeycloakTrust::AddToTheirSecret { secret } => format!("Keycloak trusts your Secret {secret} (secrets.customCa.existingCaSecret): add the internal CA to it after applying (APPLY.md has the command)."),
    }
}

/// Validates a settings document (JSON) and returns the findings and derived
/// facts as JSON: `{ok, parse_error, diagnostics, services, values_yaml,
/// value_changes, main_certificate, keycloak_trust}`.
#[wasm_bindgen]
pub fn validate(settings_json: &str) -> String {
    let settings = match Settings::parse_json(settings_json) {
        Ok(s) => s,
        Err(e) => {
            return to_json(&Validation {
                ok: false,
                parse_error: Some(e.to_string()),
                diagnostics: Vec::new(),
                services: Vec::new(),
                values_yaml: None,
                value_changes: Vec::new(),
                main_certificate: None,
                keycloak_trust: None,
            })
        }
    };
    let planned = plan(&settings);
    let values_yaml = planned
        .plan
        .as_ref()
        .and_then(|p| values_yaml(p, None).ok());
    to_json(&Validation {
        ok: planned.plan.is_some(),
        parse_error: None,
        diagnostics: planned.diagnostics,
        services: planned.services,
        values_yaml,
        value_changes: planned
            .plan
            .as_ref()
            .map(|p| crate::values::changes_from_chart(&p.values))
            .unwrap_or_default(),
        main_certificate: planned.plan.as_ref().map(main_summary),
        keycloak_trust: planned.plan.as_ref().map(keycloak_trust_sentence),
    })
}
