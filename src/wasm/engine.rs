//! The engine's exports: the bundle (one `generate` for every source), the
//! keys it takes from the caller, the CA check and the zip. Built only with
//! the `engine` feature.

use wasm_bindgen::prelude::*;

use super::boundary::{
    answer, now_from_ms, page_time, refuse, request, settings_from_js, settings_in_request,
    too_large,
};
use crate::api::calls::{GenerateAnswer, GenerateRequest, GenerateSource, KeysWanted};
use crate::bundle::{keys_wanted as bundle_keys_wanted, make, BundleError, CertificateSource};
use crate::output::archive::zip_bundle;
use crate::output::page::{CaCheck, Failure};
use crate::output::OutputFile;
use crate::pki::{
    CaSource, CertificateAuthority, IssueError, KeyError, KeySource, PrivateKey, ProvidedCa,
};
use crate::values::Severity;

/// Makes the bundle, the way `tls-wizard generate` does: settings, plan,
/// certificates (issued here, by a new CA or the user's, or brought by the
/// user), files, and the merge into the user's values file when one is
/// given. `progress(done, total)` is called after each certificate. Throws
/// a `Failure`: the settings' errors in `diagnostics`, the brought
/// certificates' in `findings`, a merge's with `field: "values"` and `line`,
/// the CA's with `field` `ca_cert` or `ca_key`.
#[wasm_bindgen(unchecked_return_type = "GenerateAnswer")]
pub fn generate(
    #[wasm_bindgen(unchecked_param_type = "GenerateRequest")] request_value: JsValue,
    #[wasm_bindgen(unchecked_param_type = "((done: number, total: number) => void) | undefined")]
    progress: Option<js_sys::Function>,
) -> Result<JsValue, JsValue> {
    let request: GenerateRequest = request(request_value, "the generate request")?;
    let settings = settings_in_request(request.settings)?;
    let values = request.values.as_deref().filter(|t| !t.trim().is_empty());
    if let Some(text) = values {
        too_large(text, Some("values"))?;
    }
    let now = page_time(request.now)?;
    let mut report = |done: usize, total: usize| {
        if let Some(progress) = &progress {
            let _ = progress.call2(
                &JsValue::NULL,
                &JsValue::from(done as u32),
                &JsValue::from(total as u32),
            );
        }
    };
    let generated = match &request.source {
        GenerateSource::Issue {
            ca_cert,
            ca_key,
            keys,
            main_certificate,
        } => {
            for (field, text) in [("ca_cert", ca_cert), ("ca_key", ca_key)] {
                if let Some(text) = text {
                    too_large(text, Some(field))?;
                }
            }
            let keys = match keys {
                None => KeySource::Generate,
                Some(texts) => {
                    KeySource::Given(given_keys(texts).map_err(|e| refuse(Failure::new(e)))?)
                }
            };
            let ca = match (ca_cert, ca_key) {
                (Some(cert), Some(key)) if !cert.trim().is_empty() || !key.trim().is_empty() => {
                    CaSource::Provided(ProvidedCa {
                        certificate_pem: cert,
                        key_pem: key,
                    })
                }
                _ => CaSource::New,
            };
            let source = CertificateSource::Issue {
                ca,
                keys,
                main: main_certificate.as_ref(),
            };
            make_bundle(&settings, source, values, now, &mut report, false)?
        }
        GenerateSource::BringYourOwn(brought) => {
            let source = CertificateSource::BringYourOwn(brought);
            make_bundle(&settings, source, values, now, &mut report, true)?
        }
    };
    answer(&generated)
}

/// Runs the one pipeline and turns its refusals into failures for the page.
fn make_bundle(
    settings: &crate::values::Settings,
    source: CertificateSource<'_>,
    values: Option<&str>,
    now: time::OffsetDateTime,
    progress: &mut dyn FnMut(usize, usize),
    bring_your_own: bool,
) -> Result<GenerateAnswer, JsValue> {
    let request = crate::bundle::Request {
        settings,
        source,
        user_values: values,
        now,
    };
    match make(request, progress) {
        Ok(g) => Ok(GenerateAnswer {
            files: g.files,
            diagnostics: g.diagnostics,
            findings: g.findings,
            main_pin: g.main_pin,
            merge: g.merge,
        }),
        Err(BundleError::Merge(e)) => Err(super::daytwo::merge_failure(&e)),
        Err(BundleError::Invalid(diagnostics)) => Err(refuse(Failure {
            diagnostics,
            ..Failure::new("The settings have errors; fix them and generate again.")
        })),
        Err(BundleError::Issue(e)) => Err(refuse(Failure {
            field: ca_field(&e).map(str::to_string),
            ..Failure::new(e.to_string())
        })),
        Err(BundleError::Certificates(findings)) if bring_your_own => Err(refuse(Failure {
            findings,
            ..Failure::new(
                "Some certificates would not work; see the findings beside each service.",
            )
        })),
        // Issuing, only the main certificate is brought: its findings are
        // said beside it.
        Err(BundleError::Certificates(findings)) => {
            let said: Vec<String> = findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .map(|f| format!("{} {}", f.message, f.hint))
                .collect();
            Err(refuse(Failure {
                findings,
                ..Failure::in_field(said.join(" "), "main_certificate")
            }))
        }
        Err(e) => Err(refuse(Failure::new(e.to_string()))),
    }
}

/// Reads the keys a `generate` request brings, each checked later against
/// the settings (the number, algorithm and size, no key twice).
fn given_keys(texts: &[String]) -> Result<Vec<PrivateKey>, String> {
    use base64::Engine;
    if texts.iter().map(String::len).sum::<usize>() > crate::limits::MAX_INPUT_BYTES {
        return Err("the key list is over 1 MiB".into());
    }
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

/// The keys `generate` takes from the caller for these settings (the page
/// makes RSA keys with WebCrypto, natively and in parallel); `count` is 0
/// when the settings hold errors or make no keys.
#[wasm_bindgen(js_name = keysWanted, unchecked_return_type = "KeysWanted")]
pub fn keys_wanted(
    #[wasm_bindgen(unchecked_param_type = "Settings | string")] settings: JsValue,
) -> Result<JsValue, JsValue> {
    let wanted = settings_from_js(settings)
        .ok()
        .and_then(|s| bundle_keys_wanted(&s));
    answer(&match wanted {
        Some((algorithm, count)) => KeysWanted {
            algorithm: Some(algorithm),
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

/// Checks a pasted CA certificate and key as the user types: whether they
/// can sign (a CA, matching key, valid at `now`, `Date.now()`).
#[wasm_bindgen(js_name = checkCa, unchecked_return_type = "CaCheck")]
pub fn check_ca(ca_cert_pem: &str, ca_key_pem: &str, now: f64) -> Result<JsValue, JsValue> {
    answer(&ca_check(ca_cert_pem, ca_key_pem, now))
}

fn ca_check(ca_cert_pem: &str, ca_key_pem: &str, now: f64) -> CaCheck {
    let Some(now) = now_from_ms(now) else {
        return CaCheck {
            error: Some("invalid time".into()),
            ..CaCheck::default()
        };
    };
    for (field, text) in [("ca_cert", ca_cert_pem), ("ca_key", ca_key_pem)] {
        if text.len() > crate::limits::MAX_INPUT_BYTES {
            return CaCheck {
                field: Some(field.into()),
                error: Some("The pasted text is over 1 MiB; a certificate or key is a few KiB. Paste only the PEM block.".into()),
                ..CaCheck::default()
            };
        }
    }
    match CertificateAuthority::load(
        &ProvidedCa {
            certificate_pem: ca_cert_pem,
            key_pem: ca_key_pem,
        },
        now,
    ) {
        Ok(ca) => CaCheck {
            ok: true,
            subject: Some(ca.certificate.subject()),
            not_after: Some(ca.not_after().date().to_string()),
            ..CaCheck::default()
        },
        Err(e) => CaCheck {
            field: ca_field(&e).map(str::to_string),
            error: Some(e.to_string()),
            ..CaCheck::default()
        },
    }
}

/// Zips the files `generate` (or `renew`) answered with into one archive
/// under `folder/`, its entries dated `now` (`Date.now()`; absent: now).
#[wasm_bindgen(js_name = zipFiles)]
pub fn zip_files(
    folder: &str,
    #[wasm_bindgen(unchecked_param_type = "OutputFile[]")] files: JsValue,
    now: Option<f64>,
) -> Result<Vec<u8>, JsValue> {
    let now = page_time(now)?;
    #[derive(serde::Deserialize)]
    struct File {
        name: String,
        contents: String,
        #[serde(default)]
        sensitive: bool,
    }
    let files: Vec<File> = request(files, "the file list")?;
    let files: Vec<OutputFile> = files
        .into_iter()
        .map(|f| OutputFile {
            name: f.name,
            contents: f.contents,
            sensitive: f.sensitive,
        })
        .collect();
    zip_bundle(folder, &files, now).map_err(|e| refuse(Failure::new(e)))
}
