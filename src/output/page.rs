//! What the page's core calls answer with that no other module owns: the
//! live validation of the settings and the pasted CA's check. The wasm layer
//! only serializes these; their TypeScript declarations are generated from
//! them (see `typescript`).

use serde::Serialize;

use crate::values::{
    plan, Diagnostic, Plan, ServiceView, Settings, SettingsParseError, ValueChange,
};

/// What the page shows as the user types (the answer of `validate`).
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Validation {
    /// Whether Generate may run (no errors).
    pub ok: bool,
    /// The settings could not be read at all.
    pub parse_error: Option<String>,
    /// Every finding about the settings, errors first.
    pub diagnostics: Vec<Diagnostic>,
    /// Each component: deployed or not, its Service, DNS names and Secret.
    pub services: Vec<ServiceView>,
    /// values.yaml as it would be written, when there is no error.
    pub values_yaml: Option<String>,
    /// The values it sets that differ from the chart's defaults.
    pub value_changes: Vec<ValueChange>,
    /// The main certificate step's outcome, when there is a plan.
    pub main_certificate: Option<MainSummary>,
    /// What Keycloak is made to trust, in a sentence, when there is a plan.
    pub keycloak_trust: Option<String>,
}

/// The main certificate as the plan has it, for the page.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct MainSummary {
    /// `issue`, `bring-your-own`, `from-values`, or `unchecked`.
    pub source: String,
    /// The Secret `certificate.existing_cert` names, when the bundle holds it.
    pub secret: Option<String>,
    /// The names it carries or must carry.
    pub names: Vec<String>,
    /// The name the router checks it for.
    pub backend_name: Option<String>,
}

fn main_summary(plan: &Plan) -> MainSummary {
    use crate::values::MainSource;
    match &plan.main {
        None => MainSummary {
            source: "unchecked".into(),
            secret: None,
            names: Vec::new(),
            backend_name: None,
        },
        Some(m) => MainSummary {
            source: match m.source {
                MainSource::Issue => "issue",
                MainSource::BringYourOwn => "bring-your-own",
                MainSource::FromValues { .. } => "from-values",
            }
            .into(),
            secret: m.secret.as_ref().map(|s| s.to_string()),
            names: m.sans.iter().map(|s| s.to_string()).collect(),
            backend_name: Some(m.backend_name.to_string()),
        },
    }
}

fn keycloak_trust_sentence(plan: &Plan) -> String {
    use crate::values::KeycloakTrust;
    match &plan.keycloak_trust {
        KeycloakTrust::Untouched => "Keycloak's trust is left as the chart sets it (no private CA to add).".into(),
        KeycloakTrust::CaSecret { secret } => format!("Keycloak trusts the CA Secret {secret} (secrets.customCa.existingCaSecret), so its TLS connection to RabbitMQ verifies."),
        KeycloakTrust::AddedToInline { .. } => "Keycloak trusts the CAs your values give it (secrets.customCa.customCaCertificate) and the internal CA, added after them.".into(),
        KeycloakTrust::AddToTheirSecret { secret } => format!("Keycloak trusts your Secret {secret} (secrets.customCa.existingCaSecret): add the internal CA to it after applying (APPLY.md has the command)."),
    }
}

/// Validates a settings document as read (or why it could not be read): its
/// findings, the services and their names, the values.yaml preview and what
/// it changes, and the main certificate and trust steps.
pub fn validate(read: Result<Settings, SettingsParseError>) -> Validation {
    let settings = match read {
        Ok(s) => s,
        Err(e) => {
            return Validation {
                ok: false,
                parse_error: Some(e.to_string()),
                diagnostics: Vec::new(),
                services: Vec::new(),
                values_yaml: None,
                value_changes: Vec::new(),
                main_certificate: None,
                keycloak_trust: None,
            }
        }
    };
    let planned = plan(&settings);
    let plan = planned.plan.as_ref();
    Validation {
        ok: plan.is_some(),
        parse_error: None,
        diagnostics: planned.diagnostics,
        services: planned.services,
        values_yaml: plan.and_then(|p| super::values_yaml(p, None).ok()),
        value_changes: plan
            .map(|p| crate::values::changes_from_chart(&p.values))
            .unwrap_or_default(),
        main_certificate: plan.map(main_summary),
        keycloak_trust: plan.map(keycloak_trust_sentence),
    }
}

/// Why a call made nothing: what the core throws (as an object) for an
/// input it refuses. A bug is never one of these: it is a JavaScript error.
#[derive(Debug, Default, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Failure {
    /// What is wrong and what to do.
    pub error: String,
    /// The input it is in (`ca_cert`, `ca_key`, `certificate`, `key`, `ca`,
    /// `main_certificate`, `values`, `secrets`, `archive`), when it is one.
    pub field: Option<String>,
    /// The line of that input, when it is a values file.
    pub line: Option<usize>,
    /// The settings' findings, when it was the settings.
    pub diagnostics: Vec<Diagnostic>,
    /// The certificates' findings (each naming its service), when it was them.
    pub findings: Vec<Diagnostic>,
}

impl Failure {
    /// A failure with only a message.
    pub fn new(error: impl Into<String>) -> Self {
        Self {
            error: error.into(),
            ..Self::default()
        }
    }

    /// A failure in one input.
    pub fn in_field(error: impl Into<String>, field: &str) -> Self {
        Self {
            field: Some(field.to_string()),
            ..Self::new(error)
        }
    }
}

/// Whether a pasted CA can sign (the answer of `checkCa`).
#[derive(Debug, Default, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CaCheck {
    /// It can sign: a CA, its key matches, valid now.
    pub ok: bool,
    /// Which input the problem is in: `ca_cert` or `ca_key`.
    pub field: Option<String>,
    /// What is wrong, when something is.
    pub error: Option<String>,
    /// The CA's subject (RFC 4514), when it can sign.
    pub subject: Option<String>,
    /// The CA's expiry date (YYYY-MM-DD), when it can sign.
    pub not_after: Option<String>,
    /// Unused; kept for callers that read it.
    pub key: Option<String>,
}
