#![cfg(not(target_arch = "wasm32"))] // runs the real binary
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! cert-manager mode, through the real binary: `tls-wizard generate
//! --cert-manager` writes values.yaml, cert-manager.yaml and APPLY.md and no
//! key material; the Issuer chain ends in a CA Issuer; every deployed Service
//! gets one Certificate whose secretName is the Secret values.yaml names for
//! it, with exactly the DNS names the chart's Service needs, serverAuth (and
//! clientAuth only for the Keycloak cluster), the chosen key algorithm,
//! duration and renewBefore. The schemas of cert-manager itself are checked in
//! tests/e2e/cert-manager.test.js (`@kubernetes-models/cert-manager`).

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_yaml::Value;
use support::{
    existing_certificates, file_names, internal_tls, required_dns_names, run, run_ok, scratch_dir,
    service_name,
};

const BIN: &str = env!("CARGO_BIN_EXE_tls-wizard");

fn wizard(args: &[&str]) -> Output {
    run(Command::new(BIN).args(args))
}

/// Runs `generate --cert-manager` for release `acme` in `prod` with more flags.
fn generate(dir: &Path, name: &str, more: &[&str]) -> PathBuf {
    let out = dir.join(name);
    let mut args = vec![
        "generate",
        "--cert-manager",
        "--out",
        out.to_str().unwrap(),
        "--release-name",
        "acme",
        "--namespace",
        "prod",
    ];
    // Every component the chart can run, the data streamer too (off by default).
    if !more.contains(&"--no-data-streamer") {
        args.push("--data-streamer");
    }
    args.extend_from_slice(more);
    run_ok(Command::new(BIN).args(&args));
    out
}

struct Written {
    values: Value,
    documents: Vec<Value>,
    apply: String,
}

fn read(out: &Path) -> Written {
    let text = fs::read_to_string(out.join("cert-manager.yaml")).unwrap();
    let documents = serde_yaml::Deserializer::from_str(&text)
        .map(|d| serde::Deserialize::deserialize(d).unwrap())
        .collect();
    Written {
        values: serde_yaml::from_str(&fs::read_to_string(out.join("values.yaml")).unwrap())
            .unwrap(),
        documents,
        apply: fs::read_to_string(out.join("APPLY.md")).unwrap(),
    }
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_sequence()
        .map(|s| s.iter().map(|v| v.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

impl Written {
    fn of_kind(&self, kind: &str) -> Vec<&Value> {
        self.documents
            .iter()
            .filter(|d| d["kind"].as_str() == Some(kind))
            .collect()
    }

    /// The Certificate whose Secret has this name.
    fn certificate(&self, secret: &str) -> &Value {
        let found: Vec<&Value> = self
            .of_kind("Certificate")
            .into_iter()
            .filter(|c| c["spec"]["secretName"].as_str() == Some(secret))
            .collect();
        assert_eq!(found.len(), 1, "one Certificate for Secret {secret}");
        found[0]
    }

    fn issuer(&self, name: &str) -> &Value {
        self.of_kind("Issuer")
            .into_iter()
            .find(|i| i["metadata"]["name"].as_str() == Some(name))
            .unwrap_or_else(|| panic!("no Issuer {name}"))
    }

    /// The Certificates for services (not the CA and not the trust Certificate).
    fn service_certificates(&self) -> Vec<&Value> {
        let ca_secret = self.ca_secret();
        self.of_kind("Certificate")
            .into_iter()
            .filter(|c| c["spec"]["isCA"].as_bool() != Some(true))
            .filter(|c| c["spec"]["secretName"].as_str() != Some(ca_secret.as_str()))
            .collect()
    }

    fn ca_secret(&self) -> String {
        internal_tls(&self.values)["certificates"]["existing_ca_secret_name"]
            .as_str()
            .unwrap()
            .to_string()
    }
}

#[test]
fn writes_values_cert_manager_yaml_and_apply_md_and_no_key_material() {
    let dir = scratch_dir("cm-files");
    let out = generate(&dir, "out", &["--keycloak-cluster"]);
    assert_eq!(
        file_names(&out),
        BTreeSet::from(["values.yaml", "cert-manager.yaml", "APPLY.md"].map(String::from))
    );
    for name in ["values.yaml", "cert-manager.yaml", "APPLY.md"] {
        let text = fs::read_to_string(out.join(name)).unwrap();
        assert!(!text.contains("-----BEGIN"), "{name} holds a PEM block");
        assert!(
            !text.contains("PRIVATE KEY"),
            "{name} mentions a private key block"
        );
    }
    let o = read(&out);
    assert!(o.documents.iter().all(|d| d.get("data").is_none()));
    // Every resource is a cert-manager one, in the release's namespace.
    for d in &o.documents {
        assert_eq!(d["apiVersion"].as_str(), Some("cert-manager.io/v1"));
        assert_eq!(d["metadata"]["namespace"].as_str(), Some("prod"));
    }
}

#[test]
fn values_use_existing_certificates_with_verification_on() {
    let dir = scratch_dir("cm-values");
    let o = read(&generate(&dir, "out", &[]));
    let c = &internal_tls(&o.values)["certificates"];
    assert_eq!(internal_tls(&o.values)["enabled"].as_bool(), Some(true));
    assert_eq!(c["source"].as_str(), Some("existing_certificates"));
    assert_eq!(c["verification"].as_bool(), Some(true));
    assert!(!o.ca_secret().is_empty());
}

#[test]
fn each_deployed_service_gets_a_certificate_with_exactly_its_dns_names_and_secret_name() {
    let dir = scratch_dir("cm-services");
    let o = read(&generate(
        &dir,
        "out",
        &[
            "--keycloak-cluster",
            "--external-redis",
            "--extra-san",
            "lightrun.internal.example",
            "--extra-san",
            "10.1.2.3",
        ],
    ));
    let secrets = existing_certificates(&o.values);
    let deployed = [
        "frontend",
        "keycloak",
        "keycloak_cluster",
        "rabbitmq",
        "data_streamer",
        "artifacts",
    ];
    for key in deployed {
        let secret = &secrets[key];
        assert!(!secret.is_empty(), "{key} has a Secret in values.yaml");
        let cert = o.certificate(secret);
        assert_eq!(cert["metadata"]["name"].as_str(), Some(secret.as_str()));
        let svc = service_name("acme", key);
        let mut expected = required_dns_names(&svc, "prod", "cluster.local", key);
        expected.push("lightrun.internal.example".into());
        assert_eq!(
            strings(&cert["spec"]["dnsNames"])
                .into_iter()
                .collect::<BTreeSet<_>>(),
            expected.into_iter().collect::<BTreeSet<_>>(),
            "{key}"
        );
        assert_eq!(strings(&cert["spec"]["ipAddresses"]), vec!["10.1.2.3"]);
        assert_eq!(cert["spec"]["commonName"].as_str(), Some(svc.as_str()));
    }
    // Redis runs outside the cluster: no Secret named, no Certificate for it.
    assert_eq!(secrets.get("redis").map(String::as_str).unwrap_or(""), "");
    // One per deployed service, and the main certificate (the router checks
    // the backend for acme-backend against the same CA).
    assert_eq!(o.service_certificates().len(), deployed.len() + 1);
    let main = o.certificate("acme-main-tls");
    let main_names = strings(&main["spec"]["dnsNames"]);
    assert!(
        main_names.contains(&"lightrun.example.com".to_string()),
        "{main_names:?}"
    );
    assert!(
        main_names.contains(&"acme-backend".to_string()),
        "{main_names:?}"
    );
    for cert in o.service_certificates() {
        let names = strings(&cert["spec"]["dnsNames"]);
        assert!(!names.iter().any(|n| n.contains("redis")), "{names:?}");
    }
}

#[test]
fn usages_are_server_auth_and_client_auth_only_for_the_keycloak_cluster() {
    let dir = scratch_dir("cm-usages");
    let o = read(&generate(&dir, "out", &["--keycloak-cluster"]));
    let secrets = existing_certificates(&o.values);
    for (key, secret) in &secrets {
        let usages = strings(&o.certificate(secret)["spec"]["usages"]);
        assert!(
            usages.contains(&"server auth".to_string()),
            "{key}: {usages:?}"
        );
        assert!(usages.contains(&"digital signature".to_string()), "{key}");
        assert_eq!(
            usages.contains(&"client auth".to_string()),
            key == "keycloak_cluster",
            "{key}: {usages:?}"
        );
    }
}

#[test]
fn key_algorithms_map_to_cert_manager_private_keys() {
    let dir = scratch_dir("cm-keys");
    // Ed25519 is refused: Keycloak's PEM reader takes RSA and EC keys only.
    let cases: [(&str, &str, Option<u64>, bool); 5] = [
        ("ecdsa-p256", "ECDSA", Some(256), false),
        ("ecdsa-p384", "ECDSA", Some(384), false),
        ("rsa-2048", "RSA", Some(2048), true),
        ("rsa-3072", "RSA", Some(3072), true),
        ("rsa-4096", "RSA", Some(4096), true),
    ];
    for (flag, algorithm, size, key_encipherment) in cases {
        let o = read(&generate(&dir, flag, &["--key", flag]));
        for cert in o.of_kind("Certificate") {
            let key = &cert["spec"]["privateKey"];
            assert_eq!(key["algorithm"].as_str(), Some(algorithm), "{flag}");
            assert_eq!(key["size"].as_u64(), size, "{flag}");
            assert_eq!(key["encoding"].as_str(), Some("PKCS8"), "{flag}");
        }
        for cert in o.service_certificates() {
            let usages = strings(&cert["spec"]["usages"]);
            assert_eq!(
                usages.contains(&"key encipherment".to_string()),
                key_encipherment,
                "{flag}: {usages:?}"
            );
            assert_eq!(
                cert["spec"]["privateKey"]["rotationPolicy"].as_str(),
                Some("Always")
            );
        }
    }
}

#[test]
fn a_self_signed_issuer_signs_the_ca_and_a_ca_issuer_signs_the_services() {
    let dir = scratch_dir("cm-chain");
    let o = read(&generate(&dir, "out", &["--ca-days", "3000"]));
    let issuers = o.of_kind("Issuer");
    assert_eq!(issuers.len(), 2);
    let self_signed = issuers
        .iter()
        .find(|i| i["spec"].get("selfSigned").is_some())
        .expect("a self-signed Issuer");
    let ca_certs: Vec<&Value> = o
        .of_kind("Certificate")
        .into_iter()
        .filter(|c| c["spec"]["isCA"].as_bool() == Some(true))
        .collect();
    assert_eq!(ca_certs.len(), 1);
    let ca = ca_certs[0];
    assert_eq!(
        ca["spec"]["issuerRef"]["name"],
        self_signed["metadata"]["name"]
    );
    assert_eq!(ca["spec"]["duration"].as_str(), Some("72000h"));
    assert_eq!(
        ca["spec"]["privateKey"]["rotationPolicy"].as_str(),
        Some("Never"),
        "a renewed CA keeps its key, so the certificates it signed stay valid"
    );
    let ca_issuer = issuers
        .iter()
        .find(|i| i["spec"].get("ca").is_some())
        .expect("a CA Issuer");
    assert_eq!(
        ca_issuer["spec"]["ca"]["secretName"],
        ca["spec"]["secretName"]
    );
    // Self-signed Issuer and CA Certificate come before what they sign.
    let position = |d: &Value| o.documents.iter().position(|x| x == d).unwrap();
    assert!(position(self_signed) < position(ca));
    assert!(position(ca) < position(ca_issuer));
    for cert in o
        .of_kind("Certificate")
        .into_iter()
        .filter(|c| c["spec"]["isCA"].as_bool() != Some(true))
    {
        assert_eq!(
            cert["spec"]["issuerRef"]["name"],
            ca_issuer["metadata"]["name"]
        );
        assert_eq!(cert["spec"]["issuerRef"]["kind"].as_str(), Some("Issuer"));
        assert!(position(ca_issuer) < position(cert));
    }
}

#[test]
fn the_ca_secret_in_values_holds_ca_crt_and_never_the_ca_key() {
    let dir = scratch_dir("cm-trust");
    let o = read(&generate(&dir, "out", &[]));
    let trust = o.ca_secret();
    // A Certificate of the CA Issuer fills it: cert-manager writes the CA as ca.crt.
    let cert = o.certificate(&trust);
    let ca_issuer = o
        .of_kind("Issuer")
        .into_iter()
        .find(|i| i["spec"].get("ca").is_some())
        .unwrap();
    assert_eq!(
        cert["spec"]["issuerRef"]["name"],
        ca_issuer["metadata"]["name"]
    );
    // It is not the Secret holding the CA's key pair, and its own key is good
    // for no TLS: neither serverAuth nor clientAuth.
    assert_ne!(
        ca_issuer["spec"]["ca"]["secretName"].as_str(),
        Some(trust.as_str())
    );
    let usages = strings(&cert["spec"]["usages"]);
    assert!(
        !usages
            .iter()
            .any(|u| u == "server auth" || u == "client auth"),
        "{usages:?}"
    );
    assert!(o
        .apply
        .contains(&format!("existing_ca_secret_name: {trust}")));
    assert!(o.apply.contains("ca.crt"));
}

#[test]
fn your_own_ca_secret_makes_a_ca_issuer_over_it_and_no_self_signed_issuer() {
    let dir = scratch_dir("cm-own-ca");
    let o = read(&generate(
        &dir,
        "out",
        &["--cert-manager-ca-secret", "corp-ca"],
    ));
    let issuers = o.of_kind("Issuer");
    assert_eq!(issuers.len(), 1);
    assert_eq!(
        issuers[0]["spec"]["ca"]["secretName"].as_str(),
        Some("corp-ca")
    );
    assert!(o
        .of_kind("Certificate")
        .iter()
        .all(|c| c["spec"]["isCA"].as_bool() != Some(true)));
    assert!(o
        .apply
        .contains("kubectl create secret tls corp-ca -n prod"));
    let _ = o.issuer(issuers[0]["metadata"]["name"].as_str().unwrap());
}

#[test]
fn duration_and_renew_before_follow_the_days() {
    let dir = scratch_dir("cm-durations");
    let cases: [(&[&str], &str, &str); 4] = [
        (&["--days", "3650"], "87600h", "720h"), // a third, capped at 30 days
        (&["--days", "30"], "720h", "240h"),     // a third
        (&["--days", "1"], "24h", "8h"),
        (
            &["--days", "90", "--renew-before-days", "10"],
            "2160h",
            "240h",
        ),
    ];
    for (index, (flags, duration, renew_before)) in cases.into_iter().enumerate() {
        let o = read(&generate(&dir, &format!("case{index}"), flags));
        for cert in o.service_certificates() {
            assert_eq!(
                cert["spec"]["duration"].as_str(),
                Some(duration),
                "{flags:?}"
            );
            assert_eq!(
                cert["spec"]["renewBefore"].as_str(),
                Some(renew_before),
                "{flags:?}"
            );
        }
    }
}

#[test]
fn a_shared_certificate_is_one_certificate_with_every_services_names() {
    let dir = scratch_dir("cm-shared");
    let o = read(&generate(&dir, "out", &["--shared-cert"]));
    let secrets: BTreeSet<String> = existing_certificates(&o.values)
        .into_values()
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(secrets.len(), 1);
    let cert = o.certificate(secrets.iter().next().unwrap());
    let names = strings(&cert["spec"]["dnsNames"]);
    for key in [
        "frontend",
        "keycloak",
        "redis",
        "rabbitmq",
        "data_streamer",
        "artifacts",
    ] {
        assert!(names.contains(&service_name("acme", key)), "{key}");
    }
}

#[test]
fn every_common_name_fits_cert_managers_64_bytes_for_the_longest_release_name() {
    let dir = scratch_dir("cm-long-name");
    let release = "a".repeat(53);
    let out = dir.join("out");
    run_ok(Command::new(BIN).args([
        "generate",
        "--cert-manager",
        "--out",
        out.to_str().unwrap(),
        "--release-name",
        &release,
        "--no-data-streamer",
        "--no-keycloak-cluster",
    ]));
    let o = read(&out);
    for cert in o.of_kind("Certificate") {
        let cn = cert["spec"]["commonName"].as_str().unwrap();
        assert!(cn.len() <= 64, "{cn} is {} bytes", cn.len());
    }
}

#[test]
fn apply_md_installs_cert_manager_applies_waits_then_installs_the_chart() {
    let dir = scratch_dir("cm-apply");
    let o = read(&generate(&dir, "out", &[]));
    let at = |needle: &str| {
        o.apply
            .find(needle)
            .unwrap_or_else(|| panic!("APPLY.md lacks {needle}:\n{}", o.apply))
    };
    let order = [
        at("crds.enabled=true"),
        at("kubectl apply -n prod -f cert-manager.yaml"),
        at("kubectl wait --for=condition=Ready certificate --all -n prod"),
        at("helm upgrade --install acme lightrun/lightrun -n prod"),
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
}

#[test]
fn bad_cert_manager_settings_are_refused_naming_the_flag() {
    let dir = scratch_dir("cm-bad");
    let out = dir.join("out");
    let o = out.to_str().unwrap();
    let cases: [(&[&str], u8, &str); 6] = [
        (
            &["--renew-before-days", "90", "--days", "90"],
            1,
            "--renew-before-days",
        ),
        (&["--renew-before-days", "0"], 1, "--renew-before-days"),
        (
            &["--cert-manager-ca-secret", "Corp_CA"],
            1,
            "--cert-manager-ca-secret",
        ),
        (
            &["--cert-manager-ca-secret", "acme-frontend-tls"],
            1,
            "acme-frontend-tls",
        ),
        (
            &["--ca-cert", "x.pem", "--ca-key", "x.key"],
            2,
            "--cert-manager",
        ),
        (&["--trust-ca", "x.pem"], 2, "--cert-manager"),
    ];
    for (flags, code, needle) in cases {
        let mut args = vec![
            "generate",
            "--cert-manager",
            "--out",
            o,
            "--release-name",
            "acme",
        ];
        args.extend_from_slice(flags);
        let result = wizard(&args);
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(
            result.status.code(),
            Some(i32::from(code)),
            "{flags:?}: {stderr}"
        );
        assert!(stderr.contains(needle), "{flags:?}: {stderr}");
        assert!(!out.exists(), "{flags:?}: nothing is written");
    }
    // The cert-manager options need --cert-manager.
    let result = wizard(&["generate", "--out", o, "--renew-before-days", "5"]);
    assert_eq!(result.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&result.stderr).contains("--cert-manager"));
}

#[test]
fn help_explains_cert_manager_mode() {
    let help = String::from_utf8_lossy(&wizard(&["generate", "--help"]).stdout).into_owned();
    for needle in [
        "--cert-manager",
        "cert-manager.yaml",
        "--cert-manager-ca-secret",
        "--renew-before-days",
        "kubectl wait",
    ] {
        assert!(help.contains(needle), "generate --help lacks {needle}");
    }
}

/// The settings document carries the mode, so `--config` replays it.
#[test]
fn a_settings_document_with_provider_cert_manager_replays() {
    let dir = scratch_dir("cm-config");
    let config = dir.join("settings.json");
    fs::write(
        &config,
        r#"{"version":1,"release":{"name":"acme","namespace":"prod"},
            "certificates":{"provider":"cert-manager","key":"ecdsa-p384",
              "cert_manager":{"issuer":"ca-secret","ca_secret_name":"corp-ca","renew_before_days":7}}}"#,
    )
    .unwrap();
    let out = dir.join("out");
    run_ok(Command::new(BIN).args([
        "generate",
        "--out",
        out.to_str().unwrap(),
        "--config",
        config.to_str().unwrap(),
    ]));
    let o = read(&out);
    assert_eq!(o.of_kind("Issuer").len(), 1);
    let renew: BTreeMap<&str, usize> =
        o.service_certificates()
            .iter()
            .fold(BTreeMap::new(), |mut m, c| {
                *m.entry(c["spec"]["renewBefore"].as_str().unwrap())
                    .or_default() += 1;
                m
            });
    assert_eq!(renew.keys().copied().collect::<Vec<_>>(), vec!["168h"]);
}
