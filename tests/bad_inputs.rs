//! The README's record of bad inputs, as a test: each settings document below
//! goes through the real `tls-wizard generate --config`, and what the user sees
//! (exit code and message) must be what the README's table says.
#![cfg(not(target_arch = "wasm32"))] // runs the CLI as a process
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::Command;

/// (what is wrong, settings document, exit code, words the message must hold)
const CASES: &[(&str, &str, i32, &[&str])] = &[
    (
        "unknown field",
        r#"{"version":1,"release":{"name":"acme","colour":"blue"}}"#,
        2,
        &[
            "unknown field `colour`",
            "Remove that field or correct its spelling",
        ],
    ),
    (
        "wrong type",
        r#"{"version":1,"release":{"name":42}}"#,
        2,
        &[
            "invalid type: integer `42`, expected a string",
            "Give that field a value of the type shown",
        ],
    ),
    (
        "300-character release name",
        "LONG_RELEASE",
        1,
        &[
            "release.name (--release-name)",
            "is 300 characters long; at most 53 are allowed",
        ],
    ),
    (
        "release name that makes a Service name longer than 63",
        r#"{"version":1,"release":{"name":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}}"#,
        1,
        &[
            "Keycloak cluster Service",
            "(64 characters), over Kubernetes' limit of 63",
            "by at least 1 character",
        ],
    ),
    (
        "namespace that is not a DNS label",
        r#"{"version":1,"release":{"namespace":"Prod_NS"}}"#,
        1,
        &[
            "release.namespace (--namespace)",
            "\"Prod_NS\" contains 'P'",
            "Use lowercase letters only",
        ],
    ),
    (
        "cluster domain with a space",
        r#"{"version":1,"release":{"cluster_domain":"cluster local"}}"#,
        1,
        &["release.cluster_domain (--cluster-domain)", "contains ' '"],
    ),
    (
        "Secret name YAML 1.1 reads as a boolean",
        r#"{"version":1,"internal_tls":{"enabled":true,"certificates":{"existing_certificates":{"redis":"on"}}}}"#,
        1,
        &[
            "existing_certificates.redis",
            "read by Helm and kubectl (YAML 1.1) as a boolean",
        ],
    ),
    (
        "CA Secret named like a service Secret",
        r#"{"version":1,"internal_tls":{"enabled":true,"certificates":{"existing_ca_secret_name":"x-tls","existing_certificates":{"frontend":"x-tls"}}}}"#,
        1,
        &["named both for a certificate and for the CA"],
    ),
    (
        "Keycloak cluster mode with the chart's generated certificates",
        r#"{"version":1,"release":{"keycloak_cluster_mode":true},"internal_tls":{"enabled":true,"certificates":{"source":"generate_self_signed_certificates","verification":false}}}"#,
        1,
        &["Keycloak cluster mode cannot use the chart's generated certificates"],
    ),
    (
        "settings version from the future",
        r#"{"version":2}"#,
        2,
        &["settings version 2 is not supported"],
    ),
    ("empty file", "", 2, &["the settings document is empty"]),
];

#[test]
fn every_bad_settings_document_gets_the_message_the_readme_promises() {
    let mut failures = Vec::new();
    for (what, document, code, words) in CASES {
        let dir = tempfile::tempdir().unwrap();
        let document = if *document == "LONG_RELEASE" {
            format!(
                r#"{{"version":1,"release":{{"name":"{}"}}}}"#,
                "a".repeat(300)
            )
        } else {
            document.to_string()
        };
        let config = dir.path().join("settings.json");
        std::fs::write(&config, document).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_tls-wizard"))
            .arg("generate")
            .arg("--out")
            .arg(dir.path().join("out"))
            .arg("--config")
            .arg(&config)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        if out.status.code() != Some(*code) {
            failures.push(format!(
                "{what}: exit {:?}, expected {code}\n{stderr}",
                out.status.code()
            ));
        }
        for word in *words {
            if !stderr.contains(word) {
                failures.push(format!("{what}: message lacks {word:?}\n{stderr}"));
            }
        }
        if dir.path().join("out").exists() {
            failures.push(format!("{what}: something was written"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
