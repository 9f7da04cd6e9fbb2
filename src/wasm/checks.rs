//! The import exports: inspect and check pasted certificates and keys,
//! generate from brought certificates, audit an install and its expiry
//! calendar. Built only with the `engine` feature.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::engine::{failure, page_time, read_request, too_large};
use super::to_json;
use crate::bundle::BundleError;
use crate::output::OutputFile;
use crate::values::{Diagnostic, Settings};

/// Describes every certificate and key in pasted text (PEM or Secret
/// manifests): JSON array of `{source, certificates[], private_key, error}`.
#[wasm_bindgen(js_name = inspect)]
pub fn inspect(text: &str) -> Result<String, JsValue> {
    if let Some(e) = too_large(text) {
        return Err(e);
    }
    crate::import::inspect_text(text)
        .map(|items| to_json(&items))
        .map_err(|e| failure(e.to_string(), None, Vec::new()))
}

/// Whether a pasted key needs a passphrase to be read (the page then asks for
/// it). A key in an encryption this build cannot read (OpenSSL's legacy PEM
/// encryption) is not one: no passphrase would help, and its check says what
/// to do instead.
#[wasm_bindgen(js_name = isEncryptedKey)]
pub fn is_encrypted_key(text: &str) -> bool {
    crate::import::is_encrypted_key(text)
        && matches!(
            crate::import::read_private_key(text, None),
            Err(crate::import::ImportError::NeedsPassphrase)
        )
}

#[derive(serde::Deserialize)]
#[serde(default)]
#[derive(Default)]
struct CheckInput {
    certificate: String,
    key: String,
    passphrase: String,
    ca: String,
    dns_names: Vec<String>,
    client_auth: bool,
    service: Option<crate::release::ServiceKey>,
}

/// Checks one pasted certificate (and key) for a service. `input_json` is
/// `{certificate, key, passphrase, ca, dns_names, client_auth, service}`.
/// Returns the CheckReport as JSON, or throws `{error, field}` with field
/// `certificate`, `key` or `ca` when an input cannot be read.
#[wasm_bindgen(js_name = checkCertificate)]
pub fn check_certificate(input_json: &str, now_ms: f64) -> Result<String, JsValue> {
    // No cap on the request as a whole: it is already in memory, reading it
    // is linear, and each text is then refused over the cap by its field's
    // name (`certificate: is … bytes`), so the page shows it beside that field.
    let input: CheckInput = read_request(input_json, "the check request")?;
    let now = page_time(now_ms)?;
    let passphrase = (!input.passphrase.is_empty()).then_some(input.passphrase.as_bytes());
    let key = (!input.key.trim().is_empty()).then_some(input.key.as_str());
    crate::import::check_texts(&crate::import::CheckTexts {
        certificate: &input.certificate,
        key,
        key_passphrase: passphrase,
        ca: &input.ca,
        dns_names: &input.dns_names,
        client_auth: input.client_auth,
        service: input.service,
        at: now,
    })
    .map(|report| to_json(&report))
    .map_err(|e| {
        let field = match e.field {
            crate::import::InputField::Certificate => "certificate",
            crate::import::InputField::Key => "key",
            crate::import::InputField::Ca => "ca",
        };
        failure(e.to_string(), Some(field), Vec::new())
    })
}

/// Generates the bundle from certificates the user brings. `brought_json` is
/// `{certificates: [{service, certificate, key, passphrase}], ca_bundle,
/// main_certificate}`. `values_text` is the user's whole values file, which
/// values.yaml then becomes with only the wizard's values changed. Returns
/// `{files, diagnostics, findings, main_pin, merge}`, or throws
/// `{error, findings}` where each finding names its service (a merge's:
/// `{error, field: "values", line}`).
#[wasm_bindgen(js_name = generateBringYourOwn)]
pub fn generate_bring_your_own(
    settings_json: &str,
    brought_json: &str,
    now_ms: f64,
    values_text: Option<String>,
) -> Result<String, JsValue> {
    #[derive(Serialize)]
    struct Rejected {
        error: String,
        diagnostics: Vec<Diagnostic>,
        findings: Vec<crate::import::Finding>,
    }
    if let Some(e) = too_large(brought_json) {
        return Err(e);
    }
    let settings =
        Settings::parse(settings_json).map_err(|e| failure(e.to_string(), None, Vec::new()))?;
    let brought: crate::bundle::BroughtCertificates =
        read_request(brought_json, "the certificates")?;
    let values_text = values_text.as_deref().filter(|t| !t.trim().is_empty());
    if let Some(e) = values_text.and_then(too_large) {
        return Err(e);
    }
    let now = page_time(now_ms)?;
    let request = crate::bundle::Request {
        settings: &settings,
        source: crate::bundle::CertificateSource::BringYourOwn(&brought),
        user_values: values_text,
        now,
    };
    match crate::bundle::make(request, &mut |_, _| {}) {
        Ok(g) => {
            #[derive(Serialize)]
            struct Done<'a> {
                files: &'a [OutputFile],
                diagnostics: &'a [Diagnostic],
                findings: &'a [crate::import::Finding],
                main_pin: Option<&'a str>,
                merge: Option<&'a crate::daytwo::merge::Merged>,
            }
            Ok(to_json(&Done {
                files: &g.files,
                diagnostics: &g.diagnostics,
                findings: &g.findings,
                main_pin: g.main_pin.as_deref(),
                merge: g.merge.as_ref(),
            }))
        }
        Err(BundleError::Merge(e)) => Err(super::daytwo::merge_failure(&e)),
        Err(BundleError::Certificates(findings)) => Err(JsValue::from_str(&to_json(&Rejected {
            error: "Some certificates would not work; see the findings beside each service.".into(),
            diagnostics: Vec::new(),
            findings,
        }))),
        Err(BundleError::Invalid(diagnostics)) => Err(failure(
            "The settings have errors; fix them and generate again.".into(),
            None,
            diagnostics,
        )),
        Err(e) => Err(failure(e.to_string(), None, Vec::new())),
    }
}

/// Audits an existing install: `files_json` is `[{name, text}]` (a values.yaml
/// and Secret manifests or `kubectl get secret -o yaml` output);
/// `settings_json` is `{release_name, namespace, name_override, cluster_domain,
/// keycloak_cluster}` (`keycloak_cluster` null or absent: the values say, else
/// the chart's default, on). Returns the AuditReport as JSON (one row per service).
#[wasm_bindgen(js_name = audit)]
pub fn audit(settings_json: &str, files_json: &str, now_ms: f64) -> Result<String, JsValue> {
    audit_report(settings_json, files_json, now_ms).map(|(report, _)| to_json(&report))
}

/// The iCalendar file of expiry reminders for an audit: same arguments as
/// `audit`; returns the `.ics` text (CRLF lines), one all-day event per
/// certificate and CA with reminders 30 and 7 days before.
#[wasm_bindgen(js_name = expiryCalendar)]
pub fn expiry_calendar(
    settings_json: &str,
    files_json: &str,
    now_ms: f64,
) -> Result<String, JsValue> {
    audit_report(settings_json, files_json, now_ms)
        .map(|(report, now)| crate::daytwo::expiry::expiry_calendar(&report, now))
}

/// Runs the audit `audit` and `expiryCalendar` share, and the time it ran at.
fn audit_report(
    settings_json: &str,
    files_json: &str,
    now_ms: f64,
) -> Result<(crate::import::AuditReport, time::OffsetDateTime), JsValue> {
    if let Some(e) = too_large(files_json) {
        return Err(e);
    }
    let now = page_time(now_ms)?;
    let (settings, files) = audit_inputs(settings_json, files_json)?;
    let inputs: Vec<(&str, &str)> = files
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .collect();
    crate::import::audit(&settings, &inputs, now)
        .map(|report| (report, now))
        .map_err(|e| failure(e.to_string(), None, Vec::new()))
}

type AuditFiles = Vec<(String, String)>;

fn audit_inputs(
    settings_json: &str,
    files_json: &str,
) -> Result<(crate::import::AuditSettings, AuditFiles), JsValue> {
    #[derive(serde::Deserialize)]
    struct File {
        name: String,
        text: String,
    }
    #[derive(serde::Deserialize, Default)]
    #[serde(default)]
    struct AuditInput {
        release_name: String,
        namespace: String,
        name_override: Option<String>,
        cluster_domain: String,
        /// null: what the values say, else the chart's default (on).
        keycloak_cluster: Option<bool>,
    }
    let input: AuditInput = read_request(settings_json, "the audit settings")?;
    let files: Vec<File> = read_request(files_json, "the files")?;
    let defaults = crate::import::AuditSettings::default();
    let or = |given: String, default: String| if given.is_empty() { default } else { given };
    Ok((
        crate::import::AuditSettings {
            release_name: or(input.release_name, defaults.release_name),
            namespace: or(input.namespace, defaults.namespace),
            name_override: input.name_override.filter(|o| !o.is_empty()),
            cluster_domain: or(input.cluster_domain, defaults.cluster_domain),
            keycloak_cluster: input.keycloak_cluster,
        },
        files.into_iter().map(|f| (f.name, f.text)).collect(),
    ))
}
