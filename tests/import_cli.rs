#![cfg(not(target_arch = "wasm32"))] // runs the CLI and reads files
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! The corpus of tests/corpus through the real `tls-wizard` binary: each case
//! with its expected exit code and finding (the table below is the corpus's
//! manifest). Checks run at a fixed time, since certificates eventually expire.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_tls-wizard");
const AT: &str = "2030-01-01T00:00:00Z";
const REDIS: [&str; 4] = [
    "acme-redis",
    "acme-redis.prod",
    "acme-redis.prod.svc",
    "acme-redis.prod.svc.cluster.local",
];

fn corpus(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(name)
        .display()
        .to_string()
}

fn run(args: &[String]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("run tls-wizard")
}

/// The corpus manifest, tests/corpus/cases.json: shared with the page's
/// end-to-end test (tests/e2e/corpus.test.js), so the CLI and the page are
/// held to the same verdicts.
#[derive(serde::Deserialize)]
struct Manifest {
    at: String,
    release: String,
    namespace: String,
    check: Vec<Case>,
    oversized: Oversized,
    audit: Vec<AuditCase>,
}

/// What a case must produce.
#[derive(serde::Deserialize)]
#[serde(rename_all = "lowercase")]
enum Expect {
    /// Exit 0 (valid), with these finding codes among the warnings/notes.
    Valid(Vec<String>),
    /// Exit 1 with this finding code (JSON on stdout).
    Finding(String),
    /// Exit 2 with one line on stderr naming the file and containing this text.
    Input { file: String, text: String },
}

#[derive(serde::Deserialize)]
struct Case {
    name: String,
    cert: String,
    #[serde(default = "default_ca")]
    ca: String,
    key: Option<String>,
    passphrase: Option<String>,
    /// The --dns-name list; the four Redis names when absent.
    names: Option<Vec<String>>,
    #[serde(default)]
    client_auth: bool,
    expect: Expect,
}

fn default_ca() -> String {
    "ca.crt".into()
}

/// A generated input over the size cap.
#[derive(serde::Deserialize)]
struct Oversized {
    bytes: usize,
    text: String,
}

/// `audit` of the files: the exit code and each service's status and finding.
#[derive(serde::Deserialize)]
struct AuditCase {
    name: String,
    files: Vec<String>,
    exit: i32,
    services: std::collections::BTreeMap<String, (String, Option<String>)>,
}

fn manifest() -> Manifest {
    let text = std::fs::read_to_string(corpus("cases.json")).expect("read tests/corpus/cases.json");
    let manifest: Manifest =
        serde_json::from_str(&text).expect("tests/corpus/cases.json is a valid manifest");
    // The audits below and the page test use the same time and release.
    assert_eq!(
        (
            manifest.at.as_str(),
            manifest.release.as_str(),
            manifest.namespace.as_str()
        ),
        (AT, "acme", "prod")
    );
    manifest
}

fn case(name: &str) -> Case {
    manifest()
        .check
        .into_iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no case {name:?} in cases.json"))
}

fn check_args(c: &Case, json: bool) -> Vec<String> {
    let mut args = vec![
        "check".to_string(),
        "--ca".into(),
        corpus(&c.ca),
        "--cert".into(),
        corpus(&c.cert),
        "--at".into(),
        AT.into(),
    ];
    if let Some(key) = &c.key {
        args.extend(["--key".into(), corpus(key)]);
    }
    if let Some(p) = &c.passphrase {
        args.extend(["--key-passphrase-file".into(), corpus(p)]);
    }
    let names = match &c.names {
        Some(names) => names.clone(),
        None => REDIS.map(String::from).to_vec(),
    };
    for name in names {
        args.extend(["--dns-name".into(), name]);
    }
    if c.client_auth {
        args.push("--client-auth".into());
    }
    if json {
        args.push("--json".into());
    }
    args
}

fn codes(report: &serde_json::Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["severity"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_corpus_case_gives_its_expected_verdict() {
    let mut failures = Vec::new();
    for c in manifest().check {
        let out = run(&check_args(&c, true));
        let code = out.status.code().unwrap_or(-1);
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        let problem = match &c.expect {
            Expect::Valid(notes) => {
                let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_default();
                let found = if report.is_null() {
                    Vec::new()
                } else {
                    codes(&report)
                };
                if code != 0 {
                    Some(format!("exit {code}, expected 0: {found:?} {stderr}"))
                } else {
                    notes
                        .iter()
                        .find(|n| !found.iter().any(|(_, c)| c == *n))
                        .map(|missing| format!("no {missing} finding: {found:?}"))
                }
            }
            Expect::Finding(expected) => {
                let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_default();
                let found = if report.is_null() {
                    Vec::new()
                } else {
                    codes(&report)
                };
                if code != 1 {
                    Some(format!("exit {code}, expected 1: {found:?} {stderr}"))
                } else if !found.iter().any(|(s, c)| s == "error" && c == expected) {
                    Some(format!("no error {expected}: {found:?}"))
                } else if report["valid"] != serde_json::Value::Bool(false) {
                    Some("report says valid".into())
                } else {
                    None
                }
            }
            Expect::Input { file, text } => {
                let lines: Vec<&str> = stderr.lines().collect();
                if code != 2 {
                    Some(format!("exit {code}, expected 2: {stdout} {stderr}"))
                } else if lines.len() != 1
                    || !lines[0].contains(file.as_str())
                    || !lines[0].contains(text.as_str())
                {
                    Some(format!(
                        "stderr should be one line naming {file} with {text:?}: {stderr:?}"
                    ))
                } else if !stdout.is_empty() {
                    Some(format!("stdout should be empty: {stdout}"))
                } else {
                    None
                }
            }
        };
        if let Some(p) = problem {
            failures.push(format!("{}: {p}", c.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn findings_name_the_service_names_and_what_to_do_in_text_output() {
    let c = case("a SAN missing");
    let out = run(&check_args(&c, false));
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("acme-redis.prod.svc.cluster.local"), "{text}");
    assert!(text.contains("hint:"), "{text}");
    assert!(text.contains("NOT VALID"), "{text}");
}

#[test]
fn a_five_megabyte_file_is_refused_with_a_clear_message() {
    let oversized = manifest().oversized;
    let dir = tempfile::tempdir().unwrap();
    let big: PathBuf = dir.path().join("big.pem");
    std::fs::write(&big, "A".repeat(oversized.bytes)).unwrap();
    let big = big.display().to_string();
    for args in [
        vec![
            "check".to_string(),
            "--ca".into(),
            corpus("ca.crt"),
            "--cert".into(),
            big.clone(),
        ],
        vec![
            "check".to_string(),
            "--ca".into(),
            big.clone(),
            "--cert".into(),
            corpus("redis.crt"),
        ],
        vec!["inspect".to_string(), big.clone()],
        vec![
            "audit".to_string(),
            "--release-name".into(),
            "acme".into(),
            "--namespace".into(),
            "prod".into(),
            corpus("values.yaml"),
            big.clone(),
        ],
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.contains("big.pem") && stderr.contains(oversized.text.as_str()),
            "{stderr}"
        );
    }
}

#[test]
fn a_certificate_about_to_expire_is_valid_with_a_warning() {
    let text = std::fs::read_to_string(corpus("redis.crt")).unwrap();
    let cert = &internal_tls_wizard::import::read_certificates(&text).unwrap()[0];
    let at = cert.not_after() - time::Duration::days(10);
    let at = internal_tls_wizard::import::inspect::rfc3339(at);
    let out = run(&[
        "check".into(),
        "--ca".into(),
        corpus("ca.crt"),
        "--cert".into(),
        corpus("redis.crt"),
        "--at".into(),
        at,
        "--json".into(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(codes(&report).contains(&("warning".into(), "expires-soon".into())));
}

#[test]
fn an_invalid_at_or_dns_name_is_a_usage_error() {
    let base = [
        "check",
        "--ca",
        &corpus("ca.crt"),
        "--cert",
        &corpus("redis.crt"),
    ]
    .map(String::from);
    let mut bad_at = base.to_vec();
    bad_at.extend(["--at".into(), "yesterday".into()]);
    assert_eq!(run(&bad_at).status.code(), Some(2));
    let mut bad_name = base.to_vec();
    bad_name.extend(["--dns-name".into(), "bad name!".into()]);
    let out = run(&bad_name);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--dns-name"));
}

#[test]
fn inspect_lists_every_fact_of_each_certificate() {
    let out = run(&[
        "inspect".into(),
        corpus("frontend-chain.crt"),
        "--json".into(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let certs = files[0]["items"][0]["certificates"].as_array().unwrap();
    assert_eq!(certs.len(), 2);
    let leaf = &certs[0];
    for field in [
        "subject",
        "issuer",
        "serial",
        "not_before",
        "not_after",
        "dns_names",
        "public_key",
        "key_usage",
        "extended_key_usage",
        "is_ca",
        "sha256_fingerprint",
    ] {
        assert!(!leaf[field].is_null(), "{field} missing");
    }
    assert_eq!(leaf["subject"], "CN=acme-frontend");
    assert_eq!(leaf["public_key"]["description"], "ECDSA P-256");
    assert_eq!(leaf["extended_key_usage"][0], "serverAuth");
    assert_eq!(certs[1]["is_ca"], true);
    assert_eq!(certs[1]["public_key"]["description"], "RSA 2048");

    let text = run(&[
        "inspect".into(),
        corpus("redis-bag-crlf.pem"),
        corpus("redis-scrypt.key"),
    ]);
    assert_eq!(text.status.code(), Some(0));
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("SHA-256:") && text.contains("Ext. usage:   serverAuth, clientAuth"),
        "{text}"
    );
    assert!(text.contains("encrypted PKCS#8"), "{text}");
}

#[test]
fn inspect_reads_kubectl_list_output_and_fails_on_garbage() {
    let out = run(&[
        "inspect".into(),
        corpus("kubectl-list.yaml"),
        "--json".into(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sources: Vec<&str> = files[0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["source"].as_str().unwrap())
        .collect();
    assert!(
        sources.contains(&"Secret prod/acme-redis-tls, tls.key"),
        "{sources:?}"
    );
    assert!(
        sources.contains(&"Secret prod/acme-internal-ca, ca.crt"),
        "{sources:?}"
    );

    let out = run(&["inspect".into(), corpus("garbage.pem")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("garbage.pem"));
}

fn audit(extra: &[&str], files: &[&str]) -> Output {
    let mut args: Vec<String> = [
        "audit",
        "--release-name",
        "acme",
        "--namespace",
        "prod",
        "--at",
        AT,
    ]
    .map(String::from)
    .to_vec();
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(files.iter().map(|f| corpus(f)));
    run(&args)
}

fn service<'a>(report: &'a serde_json::Value, key: &str) -> &'a serde_json::Value {
    report["services"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == key)
        .unwrap()
}

#[test]
fn audit_of_a_good_install_passes_from_manifests_and_from_kubectl_output() {
    for secrets in ["secrets.yaml", "kubectl-list.yaml"] {
        let out = audit(&["--json"], &["values.yaml", secrets]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{secrets}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report["ok"], true);
        assert_eq!(service(&report, "redis")["status"], "ok");
        assert_eq!(
            service(&report, "frontend")["trusted_by"],
            "CN=Corpus Root CA,O=Corpus"
        );
        assert_eq!(service(&report, "data_streamer")["status"], "not-deployed");
    }
}

#[test]
fn audit_of_a_broken_install_names_each_service_and_problem() {
    let out = audit(&["--json"], &["values.yaml", "secrets-broken.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let has = |key: &str, code: &str| {
        service(&report, key)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == code && f["service"] == key)
    };
    assert!(has("redis", "secret-key-missing"), "{report:#}");
    assert!(has("frontend", "san-missing"), "{report:#}");
    assert!(has("rabbitmq", "secret-missing"), "{report:#}");
    assert_eq!(service(&report, "keycloak")["status"], "ok");
    let missing = service(&report, "frontend")["findings"][0]["names"].clone();
    assert_eq!(missing[0], "acme-frontend");
}

#[test]
fn every_corpus_audit_gives_each_service_its_expected_status() {
    for c in manifest().audit {
        let files: Vec<&str> = c.files.iter().map(String::as_str).collect();
        let out = audit(&["--json"], &files);
        assert_eq!(out.status.code(), Some(c.exit), "{}", c.name);
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            report["services"].as_array().unwrap().len(),
            c.services.len(),
            "{}: {report:#}",
            c.name
        );
        for (key, (status, code)) in &c.services {
            let row = service(&report, key);
            assert_eq!(row["status"], status.as_str(), "{}: {key}", c.name);
            if let Some(code) = code {
                assert!(
                    row["findings"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|f| f["code"] == code.as_str() && f["service"] == key.as_str()),
                    "{}: {key} should have {code}: {row:#}",
                    c.name
                );
            }
        }
    }
}

#[test]
fn audit_in_keycloak_cluster_mode_checks_the_headless_service() {
    let out = audit(&[], &["values-cluster.yaml", "secrets-cluster.yaml"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // Without the cluster Secret the audit fails for keycloak_cluster only.
    let out = audit(
        &["--json", "--keycloak-cluster"],
        &["values.yaml", "secrets.yaml"],
    );
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(service(&report, "keycloak_cluster")["status"], "error");
    assert_eq!(service(&report, "redis")["status"], "ok");
}

#[test]
fn audit_input_errors_exit_2_naming_the_file() {
    let out = audit(&[], &["secrets.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("values.yaml"));
    let out = audit(&[], &["values.yaml", "garbage.pem"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("garbage.pem"), "{stderr}");
    let out = audit(&[], &["values.yaml", "empty.pem"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty.pem"));
}
