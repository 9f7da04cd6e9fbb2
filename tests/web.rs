#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! The exported WebAssembly API, called the way the page's worker calls it
//! (documents in and out as JS objects, refusals thrown as objects), in
//! headless Chromium: `wasm-pack test --headless --chrome`.

use std::cell::RefCell;
use std::rc::Rc;

use internal_tls_wizard::wasm::{
    check_ca, default_settings, generate, key_algorithms, keys_wanted, validate, version, zip_files,
};
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A JS value the core answered with, in JSON's model.
fn json(value: JsValue) -> Value {
    let text = js_sys::JSON::stringify(&value)
        .ok()
        .and_then(|t| t.as_string())
        .unwrap_or_else(|| panic!("not plain data: {value:?}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// A document as the JS object the page passes.
fn js(value: &Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap()
}

fn answered(result: Result<JsValue, JsValue>) -> Value {
    json(result.unwrap_or_else(|e| panic!("the call refused: {:?}", json(e))))
}

/// What a call threw: a Failure object, never text.
fn refused(result: Result<JsValue, JsValue>) -> Value {
    let thrown = result.expect_err("the call is refused");
    assert!(thrown.is_object(), "a Failure object is thrown: {thrown:?}");
    json(thrown)
}

fn defaults() -> Value {
    answered(default_settings())
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

fn settings_with(change: impl FnOnce(&mut Value)) -> Value {
    let mut settings = defaults();
    change(&mut settings);
    settings
}

/// A generate request issuing with a new CA (or `ca`, the user's).
fn issue_request(settings: &Value, ca: Option<(&str, &str)>) -> JsValue {
    let mut source = json!({"kind": "issue"});
    if let Some((cert, key)) = ca {
        source["ca_cert"] = cert.into();
        source["ca_key"] = key.into();
    }
    js(&json!({"settings": settings, "source": source, "now": now()}))
}

/// Generates a bundle for `settings` and returns its `files` array.
fn generate_files(settings: &Value) -> Vec<Value> {
    let (progress, calls) = recorder();
    let result = answered(generate(
        issue_request(settings, None),
        Some(
            progress
                .as_ref()
                .unchecked_ref::<js_sys::Function>()
                .clone(),
        ),
    ));
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
    let algorithms = answered(key_algorithms());
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
    let result = answered(validate(js(&defaults())));
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
    let result = answered(validate(js(&settings)));
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
    let result = answered(validate(JsValue::from_str("{")));
    assert_eq!(result["ok"], false);
    assert!(result["parse_error"].is_string(), "{result:#}");
}

#[wasm_bindgen_test]
fn generate_makes_the_whole_bundle() {
    let files = generate_files(&defaults());
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

    let zip = zip_files("bundle", js(&Value::Array(files)), Some(now()))
        .unwrap_or_else(|e| panic!("zipFiles failed: {:?}", json(e)));
    assert!(zip.starts_with(b"PK"), "a zip archive");
}

#[wasm_bindgen_test]
fn generate_refuses_settings_with_errors_with_their_diagnostics() {
    let settings = settings_with(|s| s["release"]["name"] = "Not A Name".into());
    let failure = refused(generate(issue_request(&settings, None), None));
    assert!(failure["error"].is_string());
    assert!(failure["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["path"] == "release.name" && d["severity"] == "error"));
}

#[wasm_bindgen_test]
fn check_ca_names_the_field_at_fault() {
    let garbage = answered(check_ca("garbage", "garbage", now()));
    assert_eq!(garbage["ok"], false);
    assert_eq!(garbage["field"], "ca_cert", "{garbage:#}");
    assert!(garbage["error"].is_string());

    let files = generate_files(&defaults());
    let cert = file(&files, "ca.crt")["contents"].as_str().unwrap();
    let key = file(&files, "ca.key")["contents"].as_str().unwrap();

    let bad_key = answered(check_ca(cert, "garbage", now()));
    assert_eq!(bad_key["ok"], false);
    assert_eq!(bad_key["field"], "ca_key", "{bad_key:#}");

    let good = answered(check_ca(cert, key, now()));
    assert_eq!(good["ok"], true, "{good:#}");
    assert!(good["subject"]
        .as_str()
        .unwrap()
        .contains("lightrun-internal-tls-ca"));
    assert!(good["not_after"].is_string());
}

#[wasm_bindgen_test]
fn generate_signs_with_a_provided_ca() {
    let files = generate_files(&defaults());
    let cert = file(&files, "ca.crt")["contents"]
        .as_str()
        .unwrap()
        .to_string();
    let key = file(&files, "ca.key")["contents"]
        .as_str()
        .unwrap()
        .to_string();
    let settings = settings_with(|s| s["certificates"]["ca"] = "provided".into());
    let result = answered(generate(
        issue_request(&settings, Some((&cert, &key))),
        None,
    ));
    let files = result["files"].as_array().unwrap();
    assert_eq!(file(files, "ca.crt")["contents"], Value::from(cert));
    assert!(
        files.iter().all(|f| f["name"] != "ca.key"),
        "no ca.key is written for the user's own CA"
    );
}

#[wasm_bindgen_test]
fn a_wrong_field_in_a_settings_object_is_named_by_its_path() {
    let settings = settings_with(|s| s["release"]["name"] = 42.into());
    let result = answered(validate(js(&settings)));
    assert_eq!(result["ok"], false);
    let said = result["parse_error"].as_str().unwrap();
    assert!(said.contains("release.name"), "{said}");

    let settings = settings_with(|s| s["release"]["nmae"] = "acme".into());
    let said = answered(validate(js(&settings)))["parse_error"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        said.contains("nmae"),
        "an unknown field is refused by name: {said}"
    );
}

#[wasm_bindgen_test]
fn a_request_the_core_cannot_read_is_refused_naming_the_field() {
    let request =
        js(&json!({"settings": defaults(), "source": {"kind": "issue", "keys": "not a list"}}));
    let failure = refused(generate(request, None));
    let said = failure["error"].as_str().unwrap();
    // Inside the tagged source, serde names the source, then what is wrong.
    assert!(
        said.contains("at source") && said.contains("expected a sequence"),
        "{said}"
    );

    let request = js(&json!({"settings": defaults(), "source": {"kind": "mailed"}}));
    let said = refused(generate(request, None))["error"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(said.contains("mailed"), "{said}");
}

#[wasm_bindgen_test]
fn keys_wanted_says_what_generate_takes_from_the_caller() {
    let rsa = settings_with(|s| s["certificates"]["key"] = "rsa-2048".into());
    let wanted = answered(keys_wanted(js(&rsa)));
    assert_eq!(wanted["algorithm"], "rsa-2048");
    assert_eq!(wanted["rsa_bits"], 2048);
    assert!(wanted["count"].as_u64().unwrap() >= 2, "{wanted:#}");
    let broken = settings_with(|s| s["release"]["name"] = "Not A Name".into());
    assert_eq!(answered(keys_wanted(js(&broken)))["count"], 0);
}
