//! The import exports: inspect and check pasted certificates and keys, audit
//! an install and its expiry calendar. Built only with the `engine` feature.

use wasm_bindgen::prelude::*;

use super::boundary::{answer, page_time, refuse, request, too_large};
use crate::api::calls::{AuditRequest, CheckRequest};
use crate::output::page::Failure;

/// Describes every certificate and key in pasted text (PEM or Secret
/// manifests): one item per PEM text or Secret key. Throws a `Failure` only
/// when the text as a whole is refused (over 1 MiB).
#[wasm_bindgen(js_name = inspect, unchecked_return_type = "InspectedItem[]")]
pub fn inspect(text: &str) -> Result<JsValue, JsValue> {
    too_large(text, None)?;
    let items =
        crate::import::inspect_text(text).map_err(|e| refuse(Failure::new(e.to_string())))?;
    answer(&items)
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

/// Checks one pasted certificate (and key) for a service, the way the page
/// checks what the user brings. Throws a `Failure` with field
/// `certificate`, `key` or `ca` when an input cannot be read.
#[wasm_bindgen(js_name = checkCertificate, unchecked_return_type = "CheckReport")]
pub fn check_certificate(
    #[wasm_bindgen(unchecked_param_type = "CheckRequest")] request_value: JsValue,
) -> Result<JsValue, JsValue> {
    // No cap on the request as a whole: each text is refused over the cap by
    // its field's name (`certificate: is … bytes`), so the page shows it
    // beside that field.
    let input: CheckRequest = request(request_value, "the check request")?;
    let now = page_time(input.now)?;
    let passphrase = (!input.passphrase.is_empty()).then_some(input.passphrase.as_bytes());
    let key = (!input.key.trim().is_empty()).then_some(input.key.as_str());
    let report = crate::import::check_texts(&crate::import::CheckTexts {
        certificate: &input.certificate,
        key,
        key_passphrase: passphrase,
        ca: &input.ca,
        dns_names: &input.dns_names,
        client_auth: input.client_auth,
        service: input.service,
        at: now,
    })
    .map_err(|e| {
        let field = match e.field {
            crate::import::InputField::Certificate => "certificate",
            crate::import::InputField::Key => "key",
            crate::import::InputField::Ca => "ca",
        };
        refuse(Failure::in_field(e.to_string(), field))
    })?;
    answer(&report)
}

/// Audits an existing install from its values.yaml and Secret manifests (or
/// `kubectl get secret -o yaml` output): one row per service.
#[wasm_bindgen(js_name = audit, unchecked_return_type = "AuditReport")]
pub fn audit(
    #[wasm_bindgen(unchecked_param_type = "AuditRequest")] request_value: JsValue,
) -> Result<JsValue, JsValue> {
    answer(&audit_report(request_value)?.0)
}

/// The iCalendar file of expiry reminders for an audit (the same request):
/// one all-day event per certificate and CA with reminders 30 and 7 days
/// before, in CRLF lines.
#[wasm_bindgen(js_name = expiryCalendar)]
pub fn expiry_calendar(
    #[wasm_bindgen(unchecked_param_type = "AuditRequest")] request_value: JsValue,
) -> Result<String, JsValue> {
    audit_report(request_value)
        .map(|(report, now)| crate::daytwo::expiry::expiry_calendar(&report, now))
}

/// Runs the audit `audit` and `expiryCalendar` share, and the time it ran at.
fn audit_report(
    request_value: JsValue,
) -> Result<(crate::import::AuditReport, time::OffsetDateTime), JsValue> {
    let input: AuditRequest = request(request_value, "the audit request")?;
    let size: usize = input.files.iter().map(|f| f.text.len()).sum();
    if size > crate::limits::MAX_INPUT_BYTES {
        return Err(refuse(Failure::new(
            "The files are over 1 MiB together; a values file and its Secrets are a few KiB. Give only those.",
        )));
    }
    let now = page_time(input.now)?;
    let defaults = crate::import::AuditSettings::default();
    let or = |given: String, default: String| if given.is_empty() { default } else { given };
    let settings = crate::import::AuditSettings {
        release_name: or(input.release_name, defaults.release_name),
        namespace: or(input.namespace, defaults.namespace),
        name_override: input.name_override.filter(|o| !o.is_empty()),
        cluster_domain: or(input.cluster_domain, defaults.cluster_domain),
        keycloak_cluster: input.keycloak_cluster,
    };
    let files: Vec<(&str, &str)> = input
        .files
        .iter()
        .map(|f| (f.name.as_str(), f.text.as_str()))
        .collect();
    crate::import::audit(&settings, &files, now)
        .map(|report| (report, now))
        .map_err(|e| refuse(Failure::new(e.to_string())))
}
