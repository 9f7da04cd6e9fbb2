//! The WebAssembly API: a thin layer that takes and returns JSON text so the
//! page (and its Web Worker) call exactly what the CLI calls. No logic lives here.

use serde::Serialize;
use time::OffsetDateTime;
use wasm_bindgen::prelude::*;

use crate::bundle::{generate as generate_bundle, BundleError};
use crate::output::archive::zip_bundle;
use crate::output::{values_yaml, OutputFile};
use crate::pki::{CaSource, CertificateAuthority, IssueError, KeyAlgorithm, ProvidedCa};
use crate::values::{plan, Diagnostic, Settings};

/// The most bytes accepted in any one pasted input.
const MAX_INPUT_BYTES: usize = 1024 * 1024;

fn to_json<T: Serialize>(value: &T) -> String {
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

/// The key algorithms, as a JSON array of their spellings.
#[wasm_bindgen(js_name = keyAlgorithms)]
pub fn key_algorithms() -> String {
    to_json(
        &KeyAlgorithm::ALL
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
}

/// Validates a settings document (JSON) and returns the findings and derived
/// facts as JSON: `{ok, parse_error, diagnostics, services, values_yaml}`.
#[wasm_bindgen]
pub fn validate(settings_json: &str) -> String {
    let settings = match Settings::parse(settings_json) {
        Ok(s) => s,
        Err(e) => {
            return to_json(&Validation {
                ok: false,
                parse_error: Some(e.to_string()),
                diagnostics: Vec::new(),
                services: Vec::new(),
                values_yaml: None,
            })
        }
    };
    let planned = plan(&settings);
    let values_yaml = planned.plan.as_ref().and_then(|p| values_yaml(p).ok());
    to_json(&Validation {
        ok: planned.plan.is_some(),
        parse_error: None,
        diagnostics: planned.diagnostics,
        services: planned.services,
        values_yaml,
    })
}

#[derive(Serialize)]
struct Failure {
    error: String,
    field: Option<String>,
    diagnostics: Vec<Diagnostic>,
}

#[derive(Serialize)]
struct Success<'a> {
    files: &'a [OutputFile],
    diagnostics: &'a [Diagnostic],
}

fn failure(error: String, field: Option<&str>, diagnostics: Vec<Diagnostic>) -> JsValue {
    JsValue::from_str(&to_json(&Failure {
        error,
        field: field.map(str::to_string),
        diagnostics,
    }))
}

/// Generates the bundle. `ca_cert_pem`/`ca_key_pem` are the user's CA when the
/// settings say `ca: provided`. `now_ms` is `Date.now()`. `progress` is called
/// as `progress(done, total)`. Returns `{files, diagnostics}` as JSON, or throws
/// `{error, field, diagnostics}` as JSON text.
#[wasm_bindgen]
pub fn generate(
    settings_json: &str,
    ca_cert_pem: Option<String>,
    ca_key_pem: Option<String>,
    now_ms: f64,
    progress: &js_sys::Function,
) -> Result<String, JsValue> {
    let settings =
        Settings::parse(settings_json).map_err(|e| failure(e.to_string(), None, Vec::new()))?;
    for (field, text) in [("ca_cert", &ca_cert_pem), ("ca_key", &ca_key_pem)] {
        if text.as_ref().is_some_and(|t| t.len() > MAX_INPUT_BYTES) {
            return Err(failure("The pasted text is over 1 MiB; a certificate or key is a few KiB. Paste only the PEM block.".into(), Some(field), Vec::new()));
        }
    }
    let now = now_from_ms(now_ms).ok_or_else(|| {
        failure(
            "The page passed an invalid time. Reload the page.".into(),
            None,
            Vec::new(),
        )
    })?;
    let ca = match (&ca_cert_pem, &ca_key_pem) {
        (Some(cert), Some(key)) if !cert.trim().is_empty() || !key.trim().is_empty() => {
            CaSource::Provided(ProvidedCa {
                certificate_pem: cert,
                key_pem: key,
            })
        }
        _ => CaSource::New,
    };
    let mut report = |done: usize, total: usize| {
        let _ = progress.call2(
            &JsValue::NULL,
            &JsValue::from(done as u32),
            &JsValue::from(total as u32),
        );
    };
    match generate_bundle(&settings, ca, now, &mut report) {
        Ok(generated) => Ok(to_json(&Success {
            files: &generated.files,
            diagnostics: &generated.diagnostics,
        })),
        Err(BundleError::Invalid(diagnostics)) => Err(failure(
            "The settings have errors; fix them and generate again.".into(),
            None,
            diagnostics,
        )),
        Err(BundleError::Issue(e)) => Err(failure(e.to_string(), ca_field(&e), Vec::new())),
        Err(e) => Err(failure(e.to_string(), None, Vec::new())),
    }
}

/// Which CA input an issuance error concerns, for the page to show it beside.
fn ca_field(e: &IssueError) -> Option<&'static str> {
    match e {
        IssueError::CaKey(_) | IssueError::CaUnusable { in_key: true, .. } => Some("ca_key"),
        IssueError::CaCertificate(_)
        | IssueError::CaUnusable { in_key: false, .. }
        | IssueError::CaMissing(_) => Some("ca_cert"),
        _ => None,
    }
}

#[derive(Serialize)]
struct CaCheck {
    ok: bool,
    field: Option<&'static str>,
    error: Option<String>,
    subject: Option<String>,
    not_after: Option<String>,
    key: Option<String>,
}

/// Checks a pasted CA certificate and key as the user types: whether they can
/// sign (a CA, matching key, valid at `now_ms`). Returns JSON
/// `{ok, field, error, subject, not_after, key}`; `field` is `ca_cert` or `ca_key`.
#[wasm_bindgen(js_name = checkCa)]
pub fn check_ca(ca_cert_pem: &str, ca_key_pem: &str, now_ms: f64) -> String {
    let Some(now) = now_from_ms(now_ms) else {
        return to_json(&CaCheck {
            ok: false,
            field: None,
            error: Some("invalid time".into()),
            subject: None,
            not_after: None,
            key: None,
        });
    };
    for (field, text) in [("ca_cert", ca_cert_pem), ("ca_key", ca_key_pem)] {
        if text.len() > MAX_INPUT_BYTES {
            return to_json(&CaCheck { ok: false, field: Some(field), error: Some("The pasted text is over 1 MiB; a certificate or key is a few KiB. Paste only the PEM block.".into()), subject: None, not_after: None, key: None });
        }
    }
    match CertificateAuthority::load(
        &ProvidedCa {
            certificate_pem: ca_cert_pem,
            key_pem: ca_key_pem,
        },
        now,
    ) {
        Ok(ca) => to_json(&CaCheck {
            ok: true,
            field: None,
            error: None,
            subject: Some(ca.certificate.subject()),
            not_after: Some(ca.not_after().date().to_string()),
            key: None,
        }),
        Err(e) => to_json(&CaCheck {
            ok: false,
            field: ca_field(&e),
            error: Some(e.to_string()),
            subject: None,
            not_after: None,
            key: None,
        }),
    }
}

fn now_from_ms(ms: f64) -> Option<OffsetDateTime> {
    if !ms.is_finite() {
        return None;
    }
    OffsetDateTime::from_unix_timestamp_nanos((ms as i128).checked_mul(1_000_000)?).ok()
}

/// Zips the files returned by `generate` (its JSON `files` array) into one
/// archive under `folder/`, returned as bytes.
#[wasm_bindgen(js_name = zipFiles)]
pub fn zip_files(folder: &str, files_json: &str) -> Result<Vec<u8>, JsValue> {
    #[derive(serde::Deserialize)]
    struct File {
        name: String,
        contents: String,
        #[serde(default)]
        sensitive: bool,
    }
    let files: Vec<File> = serde_json::from_str(files_json)
        .map_err(|e| JsValue::from_str(&format!("could not read the file list: {e}")))?;
    let files: Vec<OutputFile> = files
        .into_iter()
        .map(|f| OutputFile {
            name: f.name,
            contents: f.contents,
            sensitive: f.sensitive,
        })
        .collect();
    zip_bundle(folder, &files).map_err(|e| JsValue::from_str(&e))
}

/// The import API's input limits are enforced in the core; this one keeps a
/// huge paste from being copied around before it gets there.
fn too_large(text: &str) -> Option<JsValue> {
    (text.len() > MAX_INPUT_BYTES).then(|| {
        failure(
            "The pasted text is over 1 MiB; a certificate or key is a few KiB. Paste only the PEM blocks.".into(),
            None,
            Vec::new(),
        )
    })
}

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

/// Whether a pasted key is encrypted (the page then asks for its passphrase).
#[wasm_bindgen(js_name = isEncryptedKey)]
pub fn is_encrypted_key(text: &str) -> bool {
    crate::import::is_encrypted_key(text)
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
    if let Some(e) = too_large(input_json) {
        return Err(e);
    }
    let input: CheckInput = serde_json::from_str(input_json).map_err(|e| {
        failure(
            format!("could not read the check request: {e}"),
            None,
            Vec::new(),
        )
    })?;
    let now = now_from_ms(now_ms).ok_or_else(|| {
        failure(
            "The page passed an invalid time. Reload the page.".into(),
            None,
            Vec::new(),
        )
    })?;
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
/// `{certificates: [{service, certificate, key, passphrase}], ca_bundle}`.
/// Returns `{files, diagnostics, findings}`, or throws `{error, findings}`
/// where each finding names its service.
#[wasm_bindgen(js_name = generateBringYourOwn)]
pub fn generate_bring_your_own(
    settings_json: &str,
    brought_json: &str,
    now_ms: f64,
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
        serde_json::from_str(brought_json).map_err(|e| {
            failure(
                format!("could not read the certificates: {e}"),
                None,
                Vec::new(),
            )
        })?;
    let now = now_from_ms(now_ms).ok_or_else(|| {
        failure(
            "The page passed an invalid time. Reload the page.".into(),
            None,
            Vec::new(),
        )
    })?;
    match crate::bundle::generate_bring_your_own(&settings, &brought, now) {
        Ok(g) => {
            #[derive(Serialize)]
            struct Done<'a> {
                files: &'a [OutputFile],
                diagnostics: &'a [Diagnostic],
                findings: &'a [crate::import::Finding],
            }
            Ok(to_json(&Done {
                files: &g.files,
                diagnostics: &g.diagnostics,
                findings: &g.findings,
            }))
        }
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
/// keycloak_cluster}`. Returns the AuditReport as JSON (one row per service).
#[wasm_bindgen(js_name = audit)]
pub fn audit(settings_json: &str, files_json: &str, now_ms: f64) -> Result<String, JsValue> {
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
        keycloak_cluster: bool,
    }
    if let Some(e) = too_large(files_json) {
        return Err(e);
    }
    let input: AuditInput = serde_json::from_str(settings_json).map_err(|e| {
        failure(
            format!("could not read the audit settings: {e}"),
            None,
            Vec::new(),
        )
    })?;
    let files: Vec<File> = serde_json::from_str(files_json)
        .map_err(|e| failure(format!("could not read the files: {e}"), None, Vec::new()))?;
    let now = now_from_ms(now_ms).ok_or_else(|| {
        failure(
            "The page passed an invalid time. Reload the page.".into(),
            None,
            Vec::new(),
        )
    })?;
    let defaults = crate::import::AuditSettings::default();
    let settings = crate::import::AuditSettings {
        release_name: if input.release_name.is_empty() {
            defaults.release_name
        } else {
            input.release_name
        },
        namespace: if input.namespace.is_empty() {
            defaults.namespace
        } else {
            input.namespace
        },
        name_override: input.name_override.filter(|o| !o.is_empty()),
        cluster_domain: if input.cluster_domain.is_empty() {
            defaults.cluster_domain
        } else {
            input.cluster_domain
        },
        keycloak_cluster: input.keycloak_cluster,
    };
    let inputs: Vec<(&str, &str)> = files
        .iter()
        .map(|f| (f.name.as_str(), f.text.as_str()))
        .collect();
    crate::import::audit(&settings, &inputs, now)
        .map(|report| to_json(&report))
        .map_err(|e| failure(e.to_string(), None, Vec::new()))
}

/// Renews every certificate of an existing bundle. `input_json` is
/// `{ca_cert, ca_key, secrets, values, days, key, namespace, release_name}`
/// (`values`, `days`, `key`, `namespace`, `release_name` optional). Returns
/// `{files, report}` where report is
/// `{ca_subject, ca_not_after, renewed: [{secret, namespace, services, workloads,
/// common_name, sans, sans_unchanged, key, old_serial, new_serial, old_not_after,
/// new_not_after, carries_ca}], kept, restart_commands, notes}`; or throws
/// `{error, field}` with field `ca_cert`, `ca_key` or `secrets`.
#[wasm_bindgen(js_name = renew)]
pub fn renew(input_json: &str, now_ms: f64) -> Result<String, JsValue> {
    use crate::daytwo::renew::{renew as renew_bundle, RenewError, RenewInput};
    #[derive(serde::Deserialize, Default)]
    #[serde(default)]
    struct Input {
        ca_cert: String,
        ca_key: String,
        secrets: String,
        values: Option<String>,
        days: Option<u32>,
        key: Option<KeyAlgorithm>,
        namespace: Option<String>,
        release_name: Option<String>,
    }
    if let Some(e) = too_large(input_json) {
        return Err(e);
    }
    let input: Input = serde_json::from_str(input_json).map_err(|e| {
        failure(
            format!("could not read the renewal request: {e}"),
            None,
            Vec::new(),
        )
    })?;
    let now = now_from_ms(now_ms).ok_or_else(|| {
        failure(
            "The page passed an invalid time. Reload the page.".into(),
            None,
            Vec::new(),
        )
    })?;
    let renewed = renew_bundle(
        &RenewInput {
            ca_cert_pem: &input.ca_cert,
            ca_key_pem: &input.ca_key,
            secrets_yaml: &input.secrets,
            days: input.days,
            key: input.key,
            namespace: input.namespace.as_deref().filter(|n| !n.is_empty()),
            release_name: input.release_name.as_deref().filter(|n| !n.is_empty()),
            values_yaml: input.values.as_deref().filter(|v| !v.trim().is_empty()),
        },
        now,
    )
    .map_err(|e| {
        let field = match &e {
            RenewError::Ca { field, .. } => Some(*field),
            RenewError::Secrets(_) | RenewError::Secret { .. } => Some("secrets"),
            RenewError::Output(_) => None,
        };
        failure(e.to_string(), field, Vec::new())
    })?;
    #[derive(Serialize)]
    struct Done<'a> {
        files: &'a [OutputFile],
        report: &'a crate::daytwo::renew::RenewReport,
    }
    Ok(to_json(&Done {
        files: &renewed.files,
        report: &renewed.report,
    }))
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
    if let Some(e) = too_large(files_json) {
        return Err(e);
    }
    let now = now_from_ms(now_ms).ok_or_else(|| {
        failure(
            "The page passed an invalid time. Reload the page.".into(),
            None,
            Vec::new(),
        )
    })?;
    let (settings, files) = audit_inputs(settings_json, files_json)?;
    let inputs: Vec<(&str, &str)> = files
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .collect();
    crate::import::audit(&settings, &inputs, now)
        .map(|report| crate::daytwo::expiry::expiry_calendar(&report, now))
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
        keycloak_cluster: bool,
    }
    let input: AuditInput = serde_json::from_str(settings_json).map_err(|e| {
        failure(
            format!("could not read the audit settings: {e}"),
            None,
            Vec::new(),
        )
    })?;
    let files: Vec<File> = serde_json::from_str(files_json)
        .map_err(|e| failure(format!("could not read the files: {e}"), None, Vec::new()))?;
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

#[derive(Serialize)]
struct MergeFailure {
    error: String,
    field: &'static str,
    line: Option<usize>,
}

fn merge_failure(e: &crate::daytwo::merge::MergeError) -> JsValue {
    JsValue::from_str(&to_json(&MergeFailure {
        error: e.to_string(),
        field: "values",
        line: e.line,
    }))
}

/// Reads the release settings a user's values file decides and applies them
/// to a settings document. Returns `{settings, context, read}`: the updated
/// settings (JSON object), `{name_override, keycloak_cluster_mode,
/// redis_external, mq_enabled, mq_local, data_streamer_enabled}` (null where
/// the file is silent) and one line per setting read; or throws
/// `{error, field: "values", line}`.
#[wasm_bindgen(js_name = readValuesContext)]
pub fn read_values_context(settings_json: &str, values_text: &str) -> Result<String, JsValue> {
    if let Some(e) = too_large(values_text) {
        return Err(e);
    }
    let mut settings =
        Settings::parse(settings_json).map_err(|e| failure(e.to_string(), None, Vec::new()))?;
    let context =
        crate::daytwo::merge::read_values_context(values_text).map_err(|e| merge_failure(&e))?;
    let read = context.apply(&mut settings.release);
    #[derive(Serialize)]
    struct Read<'a> {
        settings: &'a Settings,
        context: &'a crate::daytwo::merge::ValuesContext,
        read: &'a [String],
    }
    Ok(to_json(&Read {
        settings: &settings,
        context: &context,
        read: &read,
    }))
}

/// Merges the settings' `general.internal_tls` into the user's values file,
/// changing nothing else. Returns `{merged_text, read_context, diff, action}`
/// (`diff`: unified diff lines; `action`: replaced, inserted or appended), or
/// throws `{error, field: "values", line}` (or `{error, diagnostics}` when the
/// settings have errors).
#[wasm_bindgen(js_name = mergeValues)]
pub fn merge_values(settings_json: &str, values_text: &str) -> Result<String, JsValue> {
    if let Some(e) = too_large(values_text) {
        return Err(e);
    }
    let settings =
        Settings::parse(settings_json).map_err(|e| failure(e.to_string(), None, Vec::new()))?;
    let planned = plan(&settings);
    let Some(planned_values) = planned.plan.map(|p| p.values) else {
        return Err(failure(
            "The settings have errors; fix them first.".into(),
            None,
            planned.diagnostics,
        ));
    };
    crate::daytwo::merge::merge_values(values_text, &planned_values)
        .map(|merged| to_json(&merged))
        .map_err(|e| merge_failure(&e))
}

// ---- renew from the archive: the Renew card opens the bundle's .zip
/// Reads `ca.crt`, `ca.key` and `secrets.yaml` from a bundle archive (the zip
/// that Download all files made) for the Renew card. Returns JSON
/// `{ca_cert, ca_key, secrets}`, or throws `{error, field: "archive"}` naming
/// the archive's missing or unreadable entry.
#[wasm_bindgen(js_name = readBundleArchive)]
pub fn read_bundle_archive(file_name: &str, bytes: &[u8]) -> Result<String, JsValue> {
    #[derive(Serialize)]
    struct Read<'a> {
        ca_cert: &'a str,
        ca_key: &'a str,
        secrets: &'a str,
    }
    let bundle = crate::output::archive::read_bundle_archive(bytes)
        .map_err(|e| failure(format!("{file_name}: {e}"), Some("archive"), Vec::new()))?;
    Ok(to_json(&Read {
        ca_cert: &bundle.ca_cert,
        ca_key: &bundle.ca_key,
        secrets: &bundle.secrets,
    }))
}
// ---- end renew from the archive
