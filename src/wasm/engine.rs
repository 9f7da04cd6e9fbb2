//! The engine's exports: key and certificate generation, the CA check and the
//! zip. Built only with the `engine` feature.

use serde::Serialize;
use time::OffsetDateTime;
use wasm_bindgen::prelude::*;

use super::to_json;
use crate::bundle::{
    keys_wanted as bundle_keys_wanted, make, BroughtCertificate, BundleError, CertificateSource,
    Request,
};
use crate::daytwo::merge::Merged;
use crate::output::archive::zip_bundle;
use crate::output::page::CaCheck;
use crate::output::OutputFile;
use crate::pki::{
    CaSource, CertificateAuthority, IssueError, KeyError, KeySource, PrivateKey, ProvidedCa,
};
use crate::values::{Diagnostic, Settings};

use crate::limits::MAX_INPUT_BYTES;

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
    /// The main certificate's SHA-256 SPKI pin, when the bundle holds it.
    main_pin: Option<&'a str>,
    /// The merge into the user's values file, when one was given.
    merge: Option<&'a Merged>,
}

pub(super) fn failure(error: String, field: Option<&str>, diagnostics: Vec<Diagnostic>) -> JsValue {
    JsValue::from_str(&to_json(&Failure {
        error,
        field: field.map(str::to_string),
        diagnostics,
    }))
}

/// Generates the bundle. `ca_cert_pem`/`ca_key_pem` are the user's CA when the
/// settings say `ca: provided`. `now_ms` is `Date.now()`. `progress` is called
/// as `progress(done, total)`. `values_text` is the user's whole values file,
/// which values.yaml then becomes with only the wizard's values changed.
/// Returns `{files, diagnostics, main_pin, merge}` as JSON, or throws
/// `{error, field, diagnostics}` (a merge's: `{error, field: "values", line}`)
/// as JSON text. Keys are made here (RustCrypto).
#[wasm_bindgen]
pub fn generate(
    settings_json: &str,
    ca_cert_pem: Option<String>,
    ca_key_pem: Option<String>,
    now_ms: f64,
    progress: &js_sys::Function,
    main_json: Option<String>,
    values_text: Option<String>,
) -> Result<String, JsValue> {
    run_generate(
        settings_json,
        ca_cert_pem,
        ca_key_pem,
        now_ms,
        progress,
        None,
        main_json.as_deref(),
        values_text.as_deref(),
    )
}

/// [`generate`] with keys made by the caller: `keys_json` is a JSON array of
/// unencrypted PKCS#8 keys (PEM, or base64 DER), in issuance order: the new
/// CA's first when the settings make one, then one per leaf ([`keys_wanted`]
/// says how many). The worker makes RSA keys with the browser's WebCrypto,
/// which does natively what RSA key generation in wasm does slowly. Each key
/// is checked: the number, the algorithm and size the settings ask for, and no
/// key twice.
#[wasm_bindgen(js_name = generateWithKeys)]
#[allow(clippy::too_many_arguments)] // one per input the page gives; see generate
pub fn generate_with_keys(
    settings_json: &str,
    ca_cert_pem: Option<String>,
    ca_key_pem: Option<String>,
    now_ms: f64,
    progress: &js_sys::Function,
    keys_json: &str,
    main_json: Option<String>,
    values_text: Option<String>,
) -> Result<String, JsValue> {
    run_generate(
        settings_json,
        ca_cert_pem,
        ca_key_pem,
        now_ms,
        progress,
        Some(keys_json),
        main_json.as_deref(),
        values_text.as_deref(),
    )
}

/// Reads the keys given to [`generate_with_keys`].
fn given_keys(keys_json: &str) -> Result<Vec<PrivateKey>, String> {
    use base64::Engine;
    if keys_json.len() > MAX_INPUT_BYTES {
        return Err("the key list is over 1 MiB".into());
    }
    let texts: Vec<String> =
        serde_json::from_str(keys_json).map_err(|e| format!("could not read the keys: {e}"))?;
    let texts: Vec<zeroize::Zeroizing<String>> =
        texts.into_iter().map(zeroize::Zeroizing::new).collect();
    let read = |text: &str| -> Result<PrivateKey, KeyError> {
        if text.trim_start().starts_with("-----BEGIN") {
            return PrivateKey::from_pem(text);
        }
        let der = zeroize::Zeroizing::new(
            base64::engine::general_purpose::STANDARD
                .decode(text.trim())
                .map_err(|e| KeyError::Malformed("PKCS#8".into(), e.to_string()))?,
        );
        PrivateKey::from_pkcs8_der(&der)
    };
    texts
        .iter()
        .enumerate()
        .map(|(index, text)| read(text).map_err(|e| format!("key {}: {e}", index + 1)))
        .collect()
}

#[allow(clippy::too_many_arguments)] // the exports' arguments, passed on
fn run_generate(
    settings_json: &str,
    ca_cert_pem: Option<String>,
    ca_key_pem: Option<String>,
    now_ms: f64,
    progress: &js_sys::Function,
    keys_json: Option<&str>,
    main_json: Option<&str>,
    values_text: Option<&str>,
) -> Result<String, JsValue> {
    let values_text = values_text.filter(|t| !t.trim().is_empty());
    if let Some(e) = values_text.and_then(too_large) {
        return Err(e);
    }
    let settings = Settings::parse_json(settings_json)
        .map_err(|e| failure(e.to_string(), None, Vec::new()))?;
    // The main certificate the user brings: {certificate, key, passphrase}.
    let main: Option<BroughtCertificate> = match main_json.filter(|j| !j.trim().is_empty()) {
        None => None,
        Some(json) => Some(read_request(json, "main_certificate")?),
    };
    for (field, text) in [("ca_cert", &ca_cert_pem), ("ca_key", &ca_key_pem)] {
        if text.as_ref().is_some_and(|t| t.len() > MAX_INPUT_BYTES) {
            return Err(failure("The pasted text is over 1 MiB; a certificate or key is a few KiB. Paste only the PEM block.".into(), Some(field), Vec::new()));
        }
    }
    let now = page_time(now_ms)?;
    let keys = match keys_json {
        None => KeySource::Generate,
        Some(json) => KeySource::Given(given_keys(json).map_err(|e| failure(e, None, Vec::new()))?),
    };
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
    let request = Request {
        settings: &settings,
        source: CertificateSource::Issue {
            ca,
            keys,
            main: main.as_ref(),
        },
        user_values: values_text,
        now,
    };
    match make(request, &mut report) {
        Ok(generated) => Ok(to_json(&Success {
            files: &generated.files,
            diagnostics: &generated.diagnostics,
            main_pin: generated.main_pin.as_deref(),
            merge: generated.merge.as_ref(),
        })),
        Err(BundleError::Merge(e)) => Err(super::daytwo::merge_failure(&e)),
        Err(BundleError::Invalid(diagnostics)) => Err(failure(
            "The settings have errors; fix them and generate again.".into(),
            None,
            diagnostics,
        )),
        Err(BundleError::Issue(e)) => Err(failure(e.to_string(), ca_field(&e), Vec::new())),
        Err(BundleError::Certificates(findings)) => {
            let said: Vec<String> = findings
                .iter()
                .filter(|f| f.severity == crate::values::Severity::Error)
                .map(|f| format!("{} {}", f.message, f.hint))
                .collect();
            Err(failure(
                said.join(" "),
                Some("main_certificate"),
                Vec::new(),
            ))
        }
        Err(e) => Err(failure(e.to_string(), None, Vec::new())),
    }
}

#[derive(Serialize)]
struct KeysWanted {
    /// The algorithm's spelling, e.g. `rsa-2048`; null when no keys are made.
    algorithm: Option<&'static str>,
    /// The RSA modulus size in bits, for RSA algorithms.
    rsa_bits: Option<usize>,
    /// How many keys `generateWithKeys` needs.
    count: usize,
}

/// The keys `generateWithKeys` needs for these settings, as JSON
/// `{algorithm, rsa_bits, count}`; `count` is 0 when the settings hold errors
/// or make no keys (then `generate` reports why).
#[wasm_bindgen(js_name = keysWanted)]
pub fn keys_wanted(settings_json: &str) -> String {
    let wanted = Settings::parse_json(settings_json)
        .ok()
        .and_then(|s| bundle_keys_wanted(&s));
    to_json(&match wanted {
        Some((algorithm, count)) => KeysWanted {
            algorithm: Some(algorithm.as_str()),
            rsa_bits: algorithm.rsa_bits(),
            count,
        },
        None => KeysWanted {
            algorithm: None,
            rsa_bits: None,
            count: 0,
        },
    })
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

/// Checks a pasted CA certificate and key as the user types: whether they can
/// sign (a CA, matching key, valid at `now_ms`). Returns JSON
/// `{ok, field, error, subject, not_after, key}`; `field` is `ca_cert` or `ca_key`.
#[wasm_bindgen(js_name = checkCa)]
pub fn check_ca(ca_cert_pem: &str, ca_key_pem: &str, now_ms: f64) -> String {
    let Some(now) = now_from_ms(now_ms) else {
        return to_json(&CaCheck {
            error: Some("invalid time".into()),
            ..CaCheck::default()
        });
    };
    for (field, text) in [("ca_cert", ca_cert_pem), ("ca_key", ca_key_pem)] {
        if text.len() > MAX_INPUT_BYTES {
            return to_json(&CaCheck {
                field: Some(field.into()),
                error: Some("The pasted text is over 1 MiB; a certificate or key is a few KiB. Paste only the PEM block.".into()),
                ..CaCheck::default()
            });
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
            subject: Some(ca.certificate.subject()),
            not_after: Some(ca.not_after().date().to_string()),
            ..CaCheck::default()
        }),
        Err(e) => to_json(&CaCheck {
            field: ca_field(&e).map(str::to_string),
            error: Some(e.to_string()),
            ..CaCheck::default()
        }),
    }
}

/// The page's `Date.now()` as a time, or the failure to throw.
pub(super) fn page_time(now_ms: f64) -> Result<OffsetDateTime, JsValue> {
    now_from_ms(now_ms).ok_or_else(|| {
        failure(
            "The page passed an invalid time. Reload the page.".into(),
            None,
            Vec::new(),
        )
    })
}

/// Reads a JSON request from the page, or the failure to throw naming `what`.
pub(super) fn read_request<T: serde::de::DeserializeOwned>(
    json: &str,
    what: &str,
) -> Result<T, JsValue> {
    serde_json::from_str(json)
        .map_err(|e| failure(format!("could not read {what}: {e}"), None, Vec::new()))
}

pub(super) fn now_from_ms(ms: f64) -> Option<OffsetDateTime> {
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
pub(super) fn too_large(text: &str) -> Option<JsValue> {
    (text.len() > MAX_INPUT_BYTES).then(|| {
        failure(
            "The pasted text is over 1 MiB; a certificate or key is a few KiB. Paste only the PEM blocks.".into(),
            None,
            Vec::new(),
        )
    })
}
