//! The day-2 exports: renew a bundle, read and merge into the user's values
//! file, read a bundle archive. Built only with the `engine` feature.

use wasm_bindgen::prelude::*;

use super::boundary::{answer, page_time, refuse, request, settings_or_refuse, too_large};
use crate::api::calls::{BundleArchive, RenewAnswer, RenewRequest, ValuesRead};
use crate::output::page::Failure;
use crate::values::plan;

/// Renews every certificate of an existing bundle with the same names, by
/// the same CA. Throws a `Failure` with field `ca_cert`, `ca_key` or
/// `secrets` naming what cannot be used.
#[wasm_bindgen(js_name = renew, unchecked_return_type = "RenewAnswer")]
pub fn renew(
    #[wasm_bindgen(unchecked_param_type = "RenewRequest")] request_value: JsValue,
) -> Result<JsValue, JsValue> {
    use crate::daytwo::renew::{renew as renew_bundle, RenewError, RenewInput};
    let input: RenewRequest = request(request_value, "the renewal request")?;
    for (field, text) in [
        ("ca_cert", input.ca_cert.as_str()),
        ("ca_key", &input.ca_key),
        ("secrets", &input.secrets),
        ("values", input.values.as_deref().unwrap_or_default()),
    ] {
        too_large(text, Some(field))?;
    }
    let now = page_time(input.now)?;
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
        refuse(Failure {
            field: field.map(str::to_string),
            ..Failure::new(e.to_string())
        })
    })?;
    answer(&RenewAnswer {
        files: renewed.files,
        report: renewed.report,
    })
}

/// A merge's refusal: in the values file, at its line when it has one.
pub(super) fn merge_failure(e: &crate::daytwo::merge::MergeError) -> JsValue {
    refuse(Failure {
        line: e.line,
        ..Failure::in_field(e.to_string(), "values")
    })
}

/// Reads the release settings a user's values file decides and applies them
/// to a settings document: the updated settings, what the file sets (null
/// where it is silent) and one line per setting read. Throws a `Failure`
/// with `field: "values"` and `line`.
#[wasm_bindgen(js_name = readValuesContext, unchecked_return_type = "ValuesRead")]
pub fn read_values_context(
    #[wasm_bindgen(unchecked_param_type = "Settings | string")] settings: JsValue,
    values_text: &str,
) -> Result<JsValue, JsValue> {
    too_large(values_text, Some("values"))?;
    let mut settings = settings_or_refuse(settings)?;
    let context =
        crate::daytwo::merge::read_values_context(values_text).map_err(|e| merge_failure(&e))?;
    let read = context.apply(&mut settings);
    // The page's form always holds a choice; a file that holds the main
    // certificate opens it again, so the page keeps and checks that one
    // (as the CLI does) until the user picks another path.
    if context.main_certificate_pem.is_some() {
        settings.main_certificate.choice = None;
    }
    answer(&ValuesRead {
        settings,
        context,
        read,
    })
}

/// Merges the values the settings plan (`general.internal_tls`, the main
/// certificate's Secret, Keycloak's trust) into the user's values file,
/// changing nothing else: the trial merge when a file is loaded. Throws a
/// `Failure` with `field: "values"` and `line`, or with `diagnostics` when
/// the settings have errors.
#[wasm_bindgen(js_name = mergeValues, unchecked_return_type = "Merged")]
pub fn merge_values(
    #[wasm_bindgen(unchecked_param_type = "Settings | string")] settings: JsValue,
    values_text: &str,
) -> Result<JsValue, JsValue> {
    too_large(values_text, Some("values"))?;
    let settings = settings_or_refuse(settings)?;
    let planned = plan(&settings);
    let Some(document) = planned
        .plan
        .as_ref()
        .map(|p| crate::output::values_document(p, None))
    else {
        return Err(refuse(Failure {
            diagnostics: planned.diagnostics,
            ..Failure::new("The settings have errors; fix them first.")
        }));
    };
    let merged = crate::daytwo::merge::merge_document(values_text, &document)
        .map_err(|e| merge_failure(&e))?;
    answer(&merged)
}

/// Reads `ca.crt`, `ca.key` and `secrets.yaml` from a bundle archive (the
/// zip that Download all files made) for the Renew card. Throws a `Failure`
/// with `field: "archive"` naming the missing or unreadable entry.
#[wasm_bindgen(js_name = readBundleArchive, unchecked_return_type = "BundleArchive")]
pub fn read_bundle_archive(file_name: &str, bytes: &[u8]) -> Result<JsValue, JsValue> {
    let bundle = crate::output::archive::read_bundle_archive(bytes)
        .map_err(|e| refuse(Failure::in_field(format!("{file_name}: {e}"), "archive")))?;
    answer(&BundleArchive {
        ca_cert: bundle.ca_cert.to_string(),
        ca_key: bundle.ca_key.to_string(),
        secrets: bundle.secrets.to_string(),
    })
}
