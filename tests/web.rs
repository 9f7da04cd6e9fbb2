#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! The exported WebAssembly API, called the way the page's worker calls it,
//! in headless Chromium: `wasm-pack test --headless --chrome`.

use std::cell::RefCell;
use std::rc::Rc;

use internal_tls_wizard::wasm::{
    check_ca, default_settings, generate, key_algorithms, validate, version, zip_files,
};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// A progress callback that records every (done, total) call.
fn recorder() -> (Closure<dyn FnMut(u32, u32)>, Rc<RefCell<Vec<(u32, u32)>>>) {
    let calls = Rc::new(RefCell::new(Vec::new()));
    let sink = Rc::clone(&calls);
    let closure = Closure::wrap(Box::new(move |done: u32, total: u32| {
        sink.borrow_mut().push((done, total));
    }) as Box<dyn FnMut(u32, u32)>);
    (closure, calls)
}

fn settings_with(change: impl FnOnce(&mut Value)) -> String {
    let mut settings = json(&default_settings());
    change(&mut settings);
    settings.to_string()
}

/// Generates a bundle for `settings` and returns its `files` array.
fn generate_files(settings: &str) -> Vec<Value> {
    let (progress, calls) = recorder();
    let out = generate(
        settings,
        None,
        None,
        now(),
        progress.as_ref().unchecked_ref(),
        None,
        None,
    )
    .unwrap_or_else(|e| panic!("generate failed: {:?}", e.as_string()));
    let result = json(&out);
    let calls = calls.borrow();
    let last = calls.last().copied().expect("progress was reported");
    assert_eq!(last.0, last.1, "progress ends at total: {calls:?}");
    result["files"].as_array().expect("files").clone()
}

fn file<'a>(files: &'a [Value], name: &str) -> &'a Value {
    files
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("{name} is among the files"))
}

#[wasm_bindgen_test]
fn version_and_algorithms_are_reported() {
    assert!(!version().is_empty());
    let algorithms = json(&key_algorithms());
    let algorithms: Vec<&str> = algorithms
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert!(algorithms.contains(&"ecdsa-p256"), "{algorithms:?}");
    assert!(algorithms.contains(&"rsa-4096"), "{algorithms:?}");
    // Keycloak reads only RSA and EC keys: Ed25519 is not offered.
    assert!(!algorithms.contains(&"ed25519"), "{algorithms:?}");
}

#[wasm_bindgen_test]
fn default_settings_validate_without_errors() {
    let result = json(&validate(&default_settings()));
    assert_eq!(result["ok"], true, "{result:#}");
    assert!(result["parse_error"].is_null());
    let errors: Vec<&Value> = result["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(result["services"].as_array().unwrap().len(), 7);
    let frontend = &result["services"][0];
    assert_eq!(frontend["key"], "frontend");
    assert_eq!(frontend["service_name"], "lightrun-frontend");
    assert!(frontend["dns_names"]
        .as_array()
        .unwrap()
        .contains(&Value::from("lightrun-frontend.lightrun.svc.cluster.local")));
    let values = result["values_yaml"].as_str().unwrap();
    assert!(values.contains("internal_tls:"), "{values}");
    assert!(values.contains("source: existing_certificates"), "{values}");
}

#[wasm_bindgen_test]
fn a_bad_namespace_is_an_error_at_release_namespace() {
    let settings = settings_with(|s| s["release"]["namespace"] = "Prod_NS".into());
    let result = json(&validate(&settings));
    assert_eq!(result["ok"], false);
    assert!(result["values_yaml"].is_null());
    let found = result["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == "release.namespace")
        .unwrap_or_else(|| panic!("a diagnostic at release.namespace: {result:#}"));
    assert_eq!(found["severity"], "error");
    assert!(!found["message"].as_str().unwrap().is_empty());
}

#[wasm_bindgen_test]
fn unreadable_settings_are_a_parse_error() {
    let result = json(&validate("{"));
    assert_eq!(result["ok"], false);
    assert!(result["parse_error"].is_string(), "{result:#}");
}

#[wasm_bindgen_test]
fn generate_makes_the_whole_bundle() {
    let files = generate_files(&default_settings());
    for name in [
        "values.yaml",
        "secrets.yaml",
        "ca.crt",
        "ca.key",
        "APPLY.md",
    ] {
        file(&files, name);
    }
    assert_eq!(file(&files, "ca.key")["sensitive"], true);
    assert_eq!(file(&files, "secrets.yaml")["sensitive"], true);
    assert_eq!(file(&files, "values.yaml")["sensitive"], false);
    assert!(file(&files, "ca.crt")["contents"]
        .as_str()
        .unwrap()
        .starts_with("-----BEGIN CERTIFICATE-----"));
    let secrets = file(&files, "secrets.yaml")["contents"].as_str().unwrap();
    assert!(secrets.contains("name: lightrun-frontend-tls"), "{secrets}");
    assert!(secrets.contains("type: kubernetes.io/tls"), "{secrets}");

    let zip = zip_files("bundle", &Value::Array(files).to_string())
        .unwrap_or_else(|e| panic!("zipFiles failed: {:?}", e.as_string()));
    assert!(zip.starts_with(b"PK"), "a zip archive");
}

#[wasm_bindgen_test]
fn generate_refuses_settings_with_errors_as_json() {
    let settings = settings_with(|s| s["release"]["name"] = "Not A Name".into());
    let (progress, _) = recorder();
    let error = generate(
        &settings,
        None,
        None,
        now(),
        progress.as_ref().unchecked_ref(),
        None,
        None,
    )
    .expect_err("invalid settings are refused");
    let failure = json(&error.as_string().expect("the error is JSON text"));
    assert!(failure["error"].is_string());
    assert!(failure["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["path"] == "release.name" && d["severity"] == "error"));
}

#[wasm_bindgen_test]
fn check_ca_names_the_field_at_fault() {
    let garbage = json(&check_ca("garbage", "garbage", now()));
    assert_eq!(garbage["ok"], false);
    assert_eq!(garbage["field"], "ca_cert", "{garbage:#}");
    assert!(garbage["error"].is_string());

    let files = generate_files(&default_settings());
    let cert = file(&files, "ca.crt")["contents"].as_str().unwrap();
    let key = file(&files, "ca.key")["contents"].as_str().unwrap();

    let bad_key = json(&check_ca(cert, "garbage", now()));
    assert_eq!(bad_key["ok"], false);
    assert_eq!(bad_key["field"], "ca_key", "{bad_key:#}");

    let good = json(&check_ca(cert, key, now()));
    assert_eq!(good["ok"], true, "{good:#}");
    assert!(good["subject"]
        .as_str()
        .unwrap()
        .contains("lightrun-internal-tls-ca"));
    assert!(good["not_after"].is_string());
}

#[wasm_bindgen_test]
fn generate_signs_with_a_provided_ca() {
    let files = generate_files(&default_settings());
    let cert = file(&files, "ca.crt")["contents"]
        .as_str()
        .unwrap()
        .to_string();
    let key = file(&files, "ca.key")["contents"]
        .as_str()
        .unwrap()
        .to_string();
    let settings = settings_with(|s| s["certificates"]["ca"] = "provided".into());
    let (progress, _) = recorder();
    let out = generate(
        &settings,
        Some(cert.clone()),
        Some(key),
        now(),
        progress.as_ref().unchecked_ref(),
        None,
        None,
    )
    .unwrap_or_else(|e| panic!("generate failed: {:?}", e.as_string()));
    let result = json(&out);
    let files = result["files"].as_array().unwrap();
    assert_eq!(file(files, "ca.crt")["contents"], Value::from(cert));
    assert!(
        files.iter().all(|f| f["name"] != "ca.key"),
        "no ca.key is written for the user's own CA"
    );
}
