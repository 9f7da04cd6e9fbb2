//! Bring your own certificates: what the page's "Bring your own" mode calls.
//! Certificates that fit the release are packed into Secrets, normalised; any
//! that do not are refused with findings that name the service.
#![cfg(not(target_arch = "wasm32"))] // native test of the library API
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use base64::Engine;
use internal_tls_wizard::bundle::{
    generate, generate_bring_your_own, BroughtCertificate, BroughtCertificates, BundleError,
};
use internal_tls_wizard::pki::CaSource;
use internal_tls_wizard::release::ServiceKey;
use internal_tls_wizard::values::{MainCertificateChoice, Provider, Settings};
use time::OffsetDateTime;

fn settings() -> Settings {
    let mut s = Settings::default();
    s.release.name = "acme".into();
    s.release.namespace = "prod-tls".into();
    s
}

/// A bundle made by the wizard itself: a realistic set of certificates an
/// operator could have been handed, keyed by service.
type Handed = (String, Vec<(ServiceKey, String, String)>, (String, String));

fn handed_over(settings: &Settings) -> Handed {
    let generated = generate(
        settings,
        CaSource::New,
        None,
        OffsetDateTime::now_utc(),
        &mut |_, _| {},
    )
    .unwrap();
    let file = |name: &str| {
        generated
            .files
            .iter()
            .find(|f| f.name == name)
            .unwrap()
            .contents
            .clone()
    };
    let ca = file("ca.crt");
    let secrets = file("secrets.yaml");
    let values: serde_yaml::Value = serde_yaml::from_str(&file("values.yaml")).unwrap();
    let names = &values["general"]["internal_tls"]["certificates"]["existing_certificates"];
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut out = Vec::new();
    let mut main = (String::new(), String::new());
    for doc in serde_yaml::Deserializer::from_str(&secrets) {
        let secret = serde_yaml::Value::deserialize(doc).unwrap();
        let name = secret["metadata"]["name"].as_str().unwrap().to_string();
        let Some(crt) = secret["data"]["tls.crt"].as_str() else {
            continue;
        };
        let key = secret["data"]["tls.key"].as_str().unwrap();
        let text = |v: &str| String::from_utf8(b64.decode(v).unwrap()).unwrap();
        let service = ServiceKey::ALL
            .into_iter()
            .find(|k| names[k.values_key()].as_str() == Some(name.as_str()));
        match service {
            Some(service) => out.push((service, text(crt), text(key))),
            // The main certificate (certificate.existing_cert).
            None => main = (text(crt), text(key)),
        }
    }
    assert!(!main.0.is_empty(), "the bundle holds the main certificate");
    (ca, out, main)
}

use serde::Deserialize;

fn brought(
    ca: &str,
    certs: &[(ServiceKey, String, String)],
    main: &(String, String),
) -> BroughtCertificates {
    BroughtCertificates {
        certificates: certs
            .iter()
            .map(|(service, certificate, key)| BroughtCertificate {
                service: Some(*service),
                certificate: certificate.clone(),
                key: key.clone(),
                passphrase: String::new(),
            })
            .collect(),
        ca_bundle: ca.to_string(),
        main_certificate: Some(BroughtCertificate {
            service: None,
            certificate: main.0.clone(),
            key: main.1.clone(),
            passphrase: String::new(),
        }),
    }
}

#[test]
fn certificates_that_fit_the_release_are_packed_into_its_secrets() {
    let made = settings();
    let (ca, certs, main) = handed_over(&made);
    let mut byo = made.clone();
    byo.certificates.provider = Provider::BringYourOwn;
    byo.main_certificate.choice = Some(MainCertificateChoice::BringYourOwn);
    let generated = generate_bring_your_own(
        &byo,
        &brought(&ca, &certs, &main),
        OffsetDateTime::now_utc(),
    )
    .unwrap();
    let names: Vec<&str> = generated.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        ["values.yaml", "secrets.yaml", "ca.crt", "APPLY.md"],
        "no ca.key: the CA is not ours"
    );
    let secrets = &generated.files[1].contents;
    assert_eq!(
        secrets.matches("kind: Secret").count(),
        certs.len() + 2,
        "one per certificate plus the main certificate and the CA Secret"
    );
    assert!(generated.files[2].contents.contains("BEGIN CERTIFICATE"));
}

#[test]
fn a_certificate_for_the_wrong_service_is_refused_naming_the_service_and_the_missing_names() {
    let made = settings();
    let (ca, mut certs, main) = handed_over(&made);
    // Give Redis the frontend's certificate (and key).
    let frontend = certs
        .iter()
        .find(|c| c.0 == ServiceKey::Frontend)
        .unwrap()
        .clone();
    for c in certs.iter_mut().filter(|c| c.0 == ServiceKey::Redis) {
        c.1 = frontend.1.clone();
        c.2 = frontend.2.clone();
    }
    let mut byo = made.clone();
    byo.certificates.provider = Provider::BringYourOwn;
    byo.main_certificate.choice = Some(MainCertificateChoice::BringYourOwn);
    let err = generate_bring_your_own(
        &byo,
        &brought(&ca, &certs, &main),
        OffsetDateTime::now_utc(),
    )
    .unwrap_err();
    let BundleError::Certificates(findings) = err else {
        panic!("expected findings, got {err:?}")
    };
    let missing = findings
        .iter()
        .find(|f| {
            f.service == Some(ServiceKey::Redis)
                && f.severity == internal_tls_wizard::values::Severity::Error
        })
        .expect("a finding for Redis");
    assert!(
        missing.names.iter().any(|n| n == "acme-redis.prod-tls.svc"),
        "{missing:?}"
    );
    assert!(findings
        .iter()
        .all(|f| f.service != Some(ServiceKey::Frontend)
            || f.severity != internal_tls_wizard::values::Severity::Error));
}

#[test]
fn a_service_without_a_certificate_is_named() {
    let made = settings();
    let (ca, certs, main) = handed_over(&made);
    let without_keycloak: Vec<_> = certs
        .into_iter()
        .filter(|c| c.0 != ServiceKey::Keycloak)
        .collect();
    let mut byo = made.clone();
    byo.certificates.provider = Provider::BringYourOwn;
    byo.main_certificate.choice = Some(MainCertificateChoice::BringYourOwn);
    let err = generate_bring_your_own(
        &byo,
        &brought(&ca, &without_keycloak, &main),
        OffsetDateTime::now_utc(),
    )
    .unwrap_err();
    let BundleError::Certificates(findings) = err else {
        panic!("expected findings, got {err:?}")
    };
    assert!(
        findings
            .iter()
            .any(|f| f.code == "certificate-missing" && f.service == Some(ServiceKey::Keycloak)),
        "{findings:#?}"
    );
}

#[test]
fn certificates_from_another_ca_are_refused() {
    let made = settings();
    let (_, certs, main) = handed_over(&made);
    let (other_ca, _, _) = handed_over(&made);
    let mut byo = made.clone();
    byo.certificates.provider = Provider::BringYourOwn;
    byo.main_certificate.choice = Some(MainCertificateChoice::BringYourOwn);
    let err = generate_bring_your_own(
        &byo,
        &brought(&other_ca, &certs, &main),
        OffsetDateTime::now_utc(),
    )
    .unwrap_err();
    let BundleError::Certificates(findings) = err else {
        panic!("expected findings, got {err:?}")
    };
    assert!(
        findings.len() >= certs.len(),
        "one finding per certificate at least: {findings:#?}"
    );
}

#[test]
fn two_services_sharing_a_secret_cannot_bring_different_certificates() {
    let made = settings();
    let (ca, certs, main) = handed_over(&made);
    let mut byo = made.clone();
    byo.certificates.provider = Provider::BringYourOwn;
    byo.main_certificate.choice = Some(MainCertificateChoice::BringYourOwn);
    byo.internal_tls.certificates.existing_certificates.frontend = "acme-shared-tls".into();
    byo.internal_tls.certificates.existing_certificates.keycloak = "acme-shared-tls".into();
    let err = generate_bring_your_own(
        &byo,
        &brought(&ca, &certs, &main),
        OffsetDateTime::now_utc(),
    )
    .unwrap_err();
    let BundleError::Certificates(findings) = err else {
        panic!("expected findings, got {err:?}")
    };
    let conflict = findings
        .iter()
        .find(|f| f.code == "secret-certificate-conflict")
        .expect("a conflict finding");
    assert!(conflict.message.contains("acme-shared-tls"), "{conflict:?}");
}

#[test]
fn the_ca_that_issued_the_certificates_comes_first_in_ca_crt() {
    // keytool (backend, crons, Keycloak cluster) imports only the first certificate.
    let made = settings();
    let (ca, certs, main) = handed_over(&made);
    let mut other = made.clone();
    other.release.name = "other".into();
    let (other_ca, _, _) = handed_over(&other);
    let mut byo = made.clone();
    byo.certificates.provider = Provider::BringYourOwn;
    byo.main_certificate.choice = Some(MainCertificateChoice::BringYourOwn);
    let bundle = format!("{other_ca}{ca}");
    let generated = generate_bring_your_own(
        &byo,
        &brought(&bundle, &certs, &main),
        OffsetDateTime::now_utc(),
    )
    .unwrap();
    let ca_crt = &generated
        .files
        .iter()
        .find(|f| f.name == "ca.crt")
        .unwrap()
        .contents;
    assert!(ca_crt.starts_with(ca.trim_end()), "the issuing CA first");
    assert!(generated
        .findings
        .iter()
        .any(|f| f.code == "ca-bundle-reordered"));
}

#[test]
fn an_ed25519_certificate_for_keycloak_is_refused() {
    let made = settings();
    let (ca, mut certs, main) = handed_over(&made);
    // An Ed25519 certificate for acme-keycloak from the same CA, made with openssl.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // The handed-over bundle has no CA key: sign with a CA of our own and bring it too.
    let sh = |args: &[&str]| {
        let out = std::process::Command::new("openssl")
            .args(args)
            .current_dir(d)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    support::openssl_ca(d, "e");
    sh(&["genpkey", "-algorithm", "ed25519", "-out", "kc.key"]);
    sh(&[
        "req",
        "-new",
        "-key",
        "kc.key",
        "-subj",
        "/CN=acme-keycloak",
        "-out",
        "kc.csr",
    ]);
    std::fs::write(
        d.join("kc.ext"),
        "subjectAltName=DNS:acme-keycloak,DNS:acme-keycloak.prod-tls,DNS:acme-keycloak.prod-tls.svc,DNS:acme-keycloak.prod-tls.svc.cluster.local\nextendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n",
    )
    .unwrap();
    sh(&[
        "x509",
        "-req",
        "-in",
        "kc.csr",
        "-CA",
        "e.crt",
        "-CAkey",
        "e.key",
        "-CAcreateserial",
        "-days",
        "20",
        "-extfile",
        "kc.ext",
        "-out",
        "kc.crt",
    ]);
    let read = |n: &str| std::fs::read_to_string(d.join(n)).unwrap();
    for c in certs.iter_mut().filter(|c| c.0 == ServiceKey::Keycloak) {
        c.1 = read("kc.crt");
        c.2 = read("kc.key");
    }
    let mut byo = made.clone();
    byo.certificates.provider = Provider::BringYourOwn;
    byo.main_certificate.choice = Some(MainCertificateChoice::BringYourOwn);
    let bundle = format!("{ca}{}", read("e.crt"));
    let err = generate_bring_your_own(
        &byo,
        &brought(&bundle, &certs, &main),
        OffsetDateTime::now_utc(),
    )
    .unwrap_err();
    let BundleError::Certificates(findings) = err else {
        panic!("expected findings, got {err:?}")
    };
    let f = findings
        .iter()
        .find(|f| f.code == "keycloak-key-algorithm")
        .unwrap_or_else(|| panic!("{findings:#?}"));
    assert_eq!(f.service, Some(ServiceKey::Keycloak));
    assert!(
        f.message.contains("Ed25519") && f.message.contains("RSA and EC"),
        "{f:?}"
    );
}

// ---------------------------------------------------------------------------
// The CLI: tls-wizard generate --cert-for, the same pipeline as the page
// ---------------------------------------------------------------------------

mod support;

const BIN: &str = env!("CARGO_BIN_EXE_tls-wizard");

/// A user's values file with settings of their own around the wizard's.
const USER_VALUES: &str = "# our production values\ngeneral:\n  lightrun_endpoint: lightrun.example.com # the public name\n  internal_tls:\n    enabled: false\ndeployments:\n  keycloak:\n    clusterMode: true\n";

/// Writes the handed-over certificates as files, and gives the flags that
/// bring them.
fn handed_over_as_files(
    dir: &std::path::Path,
    ca: &str,
    certs: &[(ServiceKey, String, String)],
    main: &(String, String),
) -> Vec<String> {
    let path = |name: &str| dir.join(name).to_str().unwrap().to_string();
    let mut args = Vec::new();
    for (service, cert, key) in certs {
        let name = service.values_key();
        support::write(&dir.join(format!("{name}.crt")), cert);
        support::write(&dir.join(format!("{name}.key")), key);
        args.push(format!(
            "--cert-for={name}={}",
            path(&format!("{name}.crt"))
        ));
        args.push(format!("--key-for={name}={}", path(&format!("{name}.key"))));
    }
    support::write(&dir.join("main.crt"), &main.0);
    support::write(&dir.join("main.key"), &main.1);
    args.extend([
        "--main-cert".into(),
        path("main.crt"),
        "--main-key".into(),
        path("main.key"),
    ]);
    if !ca.is_empty() {
        support::write(&dir.join("their-ca.crt"), ca);
        args.extend(["--ca-bundle".into(), path("their-ca.crt")]);
    }
    args
}

/// `tls-wizard generate ARGS` for release acme in prod-tls, merged into
/// [`USER_VALUES`] (written into `dir`), into `dir/out`; its output and the
/// out folder.
fn tls_wizard(
    dir: &std::path::Path,
    mut args: Vec<String>,
) -> (std::process::Output, std::path::PathBuf) {
    support::write(&dir.join("values-in.yaml"), USER_VALUES);
    let out = dir.join("out");
    args.extend([
        "--release-name=acme".into(),
        "--namespace=prod-tls".into(),
        format!("--values-in={}", dir.join("values-in.yaml").display()),
        format!("--out={}", out.display()),
    ]);
    let done = support::run(std::process::Command::new(BIN).arg("generate").args(&args));
    (done, out)
}

#[test]
fn the_cli_brings_your_own_into_the_same_files_as_the_library_merge_included() {
    let made = settings();
    let (ca, certs, main) = handed_over(&made);
    let dir = support::scratch_dir("byo-cli");
    let args = handed_over_as_files(&dir, &ca, &certs, &main);
    let (done, out) = tls_wizard(&dir, args);
    assert!(done.status.success(), "{}", support::describe(&done));

    let mut byo = made.clone();
    byo.certificates.provider = Provider::BringYourOwn;
    byo.main_certificate.choice = Some(MainCertificateChoice::BringYourOwn);
    let library = internal_tls_wizard::bundle::make(
        internal_tls_wizard::bundle::Request {
            settings: &byo,
            source: internal_tls_wizard::bundle::CertificateSource::BringYourOwn(&brought(
                &ca, &certs, &main,
            )),
            user_values: Some(USER_VALUES),
            now: OffsetDateTime::now_utc(),
        },
        &mut |_, _| {},
    )
    .unwrap();
    for file in &library.files {
        let written = std::fs::read_to_string(out.join(&file.name)).unwrap();
        assert_eq!(written, file.contents, "{} differs", file.name);
    }
    let values = std::fs::read_to_string(out.join("values.yaml")).unwrap();
    assert!(values.starts_with("# our production values\n"), "{values}");
    assert!(values.contains("lightrun_endpoint: lightrun.example.com # the public name"));
    let stdout = String::from_utf8_lossy(&done.stdout);
    assert!(
        stdout.contains("with only general.internal_tls changed"),
        "{stdout}"
    );
}

#[test]
fn without_a_ca_bundle_no_ca_secret_is_named_or_written() {
    // Certificates from a public CA: none is given, so the values must not
    // name a CA Secret the bundle does not hold (the page's old re-plan did).
    let made = settings();
    let (_, certs, main) = handed_over(&made);
    let dir = support::scratch_dir("byo-cli-no-ca");
    let mut args = handed_over_as_files(&dir, "", &certs, &main);
    args.retain(|a| !a.contains("main."));
    args.retain(|a| a != "--main-cert" && a != "--main-key");
    args.push("--main-certificate=verification-off".into());
    let (done, out) = tls_wizard(&dir, args);
    assert!(done.status.success(), "{}", support::describe(&done));
    let values: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(out.join("values.yaml")).unwrap()).unwrap();
    let named = &values["general"]["internal_tls"]["certificates"]["existing_ca_secret_name"];
    assert_eq!(named.as_str(), Some(""), "a CA Secret is named: {named:?}");
    let secrets = std::fs::read_to_string(out.join("secrets.yaml")).unwrap();
    assert!(!secrets.contains("ca.crt:"), "{secrets}");
    assert!(
        !out.join("ca.crt").exists(),
        "no CA was given, so no ca.crt"
    );
    // Each unchecked chain is said once, by the flag that gave it.
    let said = String::from_utf8_lossy(&done.stderr);
    assert!(said.contains("warning: --cert-for redis: "), "{said}");
}
