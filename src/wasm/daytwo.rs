//! The day-2 exports: renew a bundle, and read and merge into the user's
//! values file. Built only with the `engine` feature.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use super::engine::{failure, page_time, read_request, too_large};
use super::to_json;
use crate::output::OutputFile;
use crate::pki::KeyAlgorithm;
use crate::values::{plan, Settings};

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
    let input: Input = read_request(input_json, "the renewal request")?;
    let now = page_time(now_ms)?;
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
            RenewError::Secrets { .. } | RenewError::Secret { .. } => Some("secrets"),
            RenewError::Output { .. } => None,
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

#[derive(Serialize)]
struct MergeFailure {
    error: String,
    field: &'static str,
    line: Option<usize>,
}

pub(super) fn merge_failure(e: &crate::daytwo::merge::MergeError) -> JsValue {
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
    let read = context.apply(&mut settings);
    // The page's form always holds a choice; a file that holds the main
    // certificate opens it again, so the page keeps and checks that one
    // (as the CLI does) until the user picks another path.
    if context.main_certificate_pem.is_some() {
        settings.main_certificate.choice = None;
    }
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

/// Merges the values the settings plan (`general.internal_tls`, the main
/// certificate's Secret, Keycloak's trust) into the user's values file,
/// changing nothing else: the trial merge when a file is loaded. Returns `{merged_text, read_context, diff, action}`
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
    let Some(document) = planned
        .plan
        .as_ref()
        .map(|p| crate::output::values_document(p, None))
    else {
        return Err(failure(
            "The settings have errors; fix them first.".into(),
            None,
            planned.diagnostics,
        ));
    };
    crate::daytwo::merge::merge_document(values_text, &document)
        .map(|merged| to_json(&merged))
        .map_err(|e| merge_failure(&e))
}

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
