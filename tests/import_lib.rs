#![cfg(not(target_arch = "wasm32"))] // runs the CLI and reads files
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! The import API as the web page will call it: keys in every form, chains,
//! per-service checks, audits of what `generate` makes, caps, and no panic on
//! damaged input.

use std::path::Path;

use internal_tls_wizard::bundle::generate;
use internal_tls_wizard::import::{
    audit, check_texts, inspect_text, is_encrypted_key, read_chain, read_manifests,
    read_private_key, required_names, AuditSettings, CheckTexts, ImportError, InputField,
    KeyFormat, ServiceStatus,
};
use internal_tls_wizard::pki::{CaSource, KeyAlgorithm};
use internal_tls_wizard::release::{
    ClusterDomain, Deployed, Namespace, ReleaseContext, ReleaseName, ServiceKey,
};
use internal_tls_wizard::values::Settings;
use time::OffsetDateTime;

/// 2030-01-01T00:00:00Z.
fn at() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_893_456_000).unwrap()
}
const PASSPHRASE: &[u8] = b"corpus passphrase";

fn corpus(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/corpus")
            .join(name),
    )
    .unwrap()
}

fn context() -> ReleaseContext {
    ReleaseContext {
        release: ReleaseName::parse("acme").unwrap(),
        name_override: None,
        namespace: Namespace::parse("prod").unwrap(),
        cluster_domain: ClusterDomain::parse("cluster.local").unwrap(),
        deployed: Deployed {
            keycloak_cluster: true,
            redis: true,
            rabbitmq: true,
            data_streamer: true,
        },
        extra_sans: vec![],
    }
}

#[test]
fn every_key_form_reads_to_the_same_key_and_leaves_as_pkcs8() {
    let reference = read_private_key(&corpus("redis.key"), None).unwrap();
    assert_eq!(reference.format, KeyFormat::Pkcs8);
    for (file, pass, format) in [
        ("redis-sec1.key", None, KeyFormat::Sec1),
        (
            "redis-pbkdf2.key",
            Some(PASSPHRASE),
            KeyFormat::EncryptedPkcs8,
        ),
        (
            "redis-scrypt.key",
            Some(PASSPHRASE),
            KeyFormat::EncryptedPkcs8,
        ),
        ("redis-bag-crlf.pem", None, KeyFormat::Pkcs8),
    ] {
        let key = read_private_key(&corpus(file), pass).unwrap();
        assert_eq!(key.format, format, "{file}");
        assert_eq!(key.key.spki_der(), reference.key.spki_der(), "{file}");
        let normalised = key.key.to_pkcs8_pem().unwrap();
        assert!(
            normalised.starts_with("-----BEGIN PRIVATE KEY-----\n"),
            "{file}"
        );
        let again = read_private_key(&normalised, None).unwrap();
        assert_eq!(again.format, KeyFormat::Pkcs8);
    }
    let rsa = read_private_key(&corpus("rsa-pkcs1.key"), None).unwrap();
    assert_eq!(rsa.format, KeyFormat::Pkcs1);
    assert_eq!(rsa.key.description(), "RSA 2048");
}

#[test]
fn encrypted_keys_need_the_right_passphrase() {
    for file in ["redis-pbkdf2.key", "redis-scrypt.key"] {
        let text = corpus(file);
        assert!(is_encrypted_key(&text));
        assert_eq!(
            read_private_key(&text, None).unwrap_err(),
            ImportError::NeedsPassphrase
        );
        assert_eq!(
            read_private_key(&text, Some(b"wrong")).unwrap_err(),
            ImportError::WrongPassphrase,
            "{file}"
        );
    }
    assert!(!is_encrypted_key(&corpus("redis.key")));
    assert_eq!(
        read_private_key(&corpus("rsa-legacy-encrypted.key"), Some(PASSPHRASE)).unwrap_err(),
        ImportError::LegacyEncryption
    );
}

#[test]
fn a_chain_given_root_first_leaves_leaf_first() {
    let chain = read_chain(&corpus("frontend-chain-root-first.crt")).unwrap();
    assert!(chain.reordered);
    let subjects: Vec<String> = chain.certificates.iter().map(|c| c.subject()).collect();
    assert_eq!(
        subjects,
        [
            "CN=acme-frontend",
            "CN=Corpus Intermediate CA,O=Corpus",
            "CN=Corpus Root CA,O=Corpus"
        ]
    );
    let pem = chain.to_pem();
    let again = read_chain(&pem).unwrap();
    assert!(!again.reordered);
    assert!(!pem.contains('\r'));
    let leaf_first = read_chain(&corpus("frontend-chain.crt")).unwrap();
    assert!(!leaf_first.reordered);
}

#[test]
fn a_wrong_san_says_which_name_is_missing_for_which_service() {
    let names = required_names(&context(), ServiceKey::Redis).unwrap();
    let report = check_texts(&CheckTexts {
        certificate: &corpus("missing-san.crt"),
        key: Some(&corpus("missing-san.key")),
        key_passphrase: None,
        ca: &corpus("ca.crt"),
        dns_names: &names,
        client_auth: false,
        service: Some(ServiceKey::Redis),
        at: at(),
    })
    .unwrap();
    assert!(!report.valid);
    let finding = report
        .findings
        .iter()
        .find(|f| f.code == "san-missing")
        .unwrap();
    assert_eq!(finding.service, Some(ServiceKey::Redis));
    assert_eq!(finding.names, ["acme-redis.prod.svc.cluster.local"]);
    assert_eq!(finding.certificate, "CN=acme-redis");
    assert!(
        finding.message.contains("the Redis Service"),
        "{}",
        finding.message
    );
    assert!(!finding.hint.is_empty());
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["findings"][0]["service"], "redis");
    assert_eq!(json["findings"][0]["severity"], "error");
}

#[test]
fn check_texts_says_which_input_it_could_not_read() {
    let names = vec!["acme-redis".to_string()];
    let input = |certificate: &'static str, key: Option<&'static str>, ca: &'static str| {
        let certificate = corpus(certificate);
        let key = key.map(corpus);
        let ca = corpus(ca);
        check_texts(&CheckTexts {
            certificate: &certificate,
            key: key.as_deref(),
            key_passphrase: None,
            ca: &ca,
            dns_names: &names,
            client_auth: false,
            service: None,
            at: at(),
        })
    };
    assert_eq!(
        input("garbage.pem", None, "ca.crt").unwrap_err().field,
        InputField::Certificate
    );
    assert_eq!(
        input("redis.crt", Some("redis-scrypt.key"), "ca.crt")
            .unwrap_err()
            .field,
        InputField::Key
    );
    assert_eq!(
        input("redis.crt", None, "truncated.pem").unwrap_err().field,
        InputField::Ca
    );
    // Text that is neither PEM nor a Secret holding ca.crt, as the CLI says it.
    let err = input("redis.crt", None, "passphrase.txt").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("CA certificate(s): holds no PEM block and no Secret with a ca.crt key"),
        "{err}"
    );
    // A Secret manifest is read as the CLI reads one: its tls.crt, its tls.key.
    let err = input("secret-no-key.yaml", Some("secret-no-key.yaml"), "ca.crt").unwrap_err();
    assert_eq!(err.field, InputField::Key, "{err}");
    assert!(
        err.to_string().contains("no Secret with a tls.key"),
        "{err}"
    );
    // An empty CA field means "not given": the chain is then not checked.
    let report = input("redis.crt", None, "empty.pem").unwrap();
    assert!(report.valid);
    assert!(report
        .findings
        .iter()
        .any(|f| f.code == "chain-not-checked"));
}

#[test]
fn the_keycloak_cluster_needs_wildcards_and_client_auth() {
    let names = required_names(&context(), ServiceKey::KeycloakCluster).unwrap();
    assert!(names.iter().any(|n| n.starts_with("*.")));
    let check = |cert: &str| {
        check_texts(&CheckTexts {
            certificate: &corpus(cert),
            key: None,
            key_passphrase: None,
            ca: &corpus("ca.crt"),
            dns_names: &names,
            client_auth: ServiceKey::KeycloakCluster.needs_client_auth(),
            service: Some(ServiceKey::KeycloakCluster),
            at: at(),
        })
        .unwrap()
    };
    assert!(check("keycloak-cluster.crt").valid);
    let no_client = check("keycloak-cluster-no-client.crt");
    assert!(no_client
        .findings
        .iter()
        .any(|f| f.code == "eku-client-auth-missing"));
    let keycloak = check("keycloak.crt");
    let missing = keycloak
        .findings
        .iter()
        .find(|f| f.code == "san-missing")
        .unwrap();
    assert!(missing
        .names
        .iter()
        .any(|n| n.starts_with("*.acme-keycloak-headless")));
}

/// What `generate` makes passes `audit`, for every key algorithm: every
/// RustCrypto verifier and the whole audit path, end to end.
#[test]
fn generated_bundles_pass_their_own_audit() {
    // RSA 3072 and 4096 use the same verifier as 2048, and take long to make;
    // Ed25519 is refused (Keycloak cannot read it).
    for algorithm in KeyAlgorithm::ALL.into_iter().filter(|a| {
        !matches!(
            a,
            KeyAlgorithm::Rsa3072 | KeyAlgorithm::Rsa4096 | KeyAlgorithm::Ed25519
        )
    }) {
        let mut settings = Settings::default();
        settings.release.name = "acme".into();
        settings.release.namespace = "prod".into();
        settings.release.keycloak_cluster_mode = true;
        settings.certificates.key = algorithm;
        // One shared certificate keeps RSA key generation short.
        settings.certificates.shared_certificate = matches!(
            algorithm,
            KeyAlgorithm::Rsa2048 | KeyAlgorithm::Rsa3072 | KeyAlgorithm::Rsa4096
        );
        let now = OffsetDateTime::now_utc();
        let generated = generate(&settings, CaSource::New, None, now, &mut |_, _| {}).unwrap();
        let sources: Vec<(&str, &str)> = generated
            .files
            .iter()
            .filter(|f| f.name.ends_with(".yaml"))
            .map(|f| (f.name.as_str(), f.contents.as_str()))
            .collect();
        let report = audit(
            &AuditSettings {
                release_name: "acme".into(),
                namespace: "prod".into(),
                keycloak_cluster: Some(true),
                ..AuditSettings::default()
            },
            &sources,
            now,
        )
        .unwrap();
        assert!(report.ok, "{algorithm}: {report:#?}");
        let checked = report
            .services
            .iter()
            .filter(|s| s.status == ServiceStatus::Ok)
            .count();
        // The chart's defaults: every Service but the data streamer.
        assert_eq!(checked, 6, "{algorithm}: {report:#?}");
    }
}

#[test]
fn kubectl_json_output_is_read_too() {
    let pem = corpus("redis.crt");
    let json = serde_json::json!({
        "apiVersion": "v1",
        "kind": "List",
        "items": [{
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": {"name": "acme-redis-tls", "namespace": "prod"},
            "type": "kubernetes.io/tls",
            "data": {"tls.crt": base64::Engine::encode(&base64::engine::general_purpose::STANDARD, pem)}
        }]
    });
    let manifests = read_manifests(&json.to_string()).unwrap();
    assert_eq!(manifests.secrets[0].name, "acme-redis-tls");
    let items = inspect_text(&json.to_string()).unwrap();
    assert_eq!(items[0].certificates[0].subject, "CN=acme-redis");
}

#[test]
fn inputs_over_the_caps_are_refused_before_parsing() {
    let big = "A".repeat(1024 * 1024 + 1);
    assert!(matches!(
        inspect_text(&big),
        Err(ImportError::TooLarge { .. })
    ));
    assert!(matches!(
        read_private_key(&big, None),
        Err(ImportError::TooLarge { .. })
    ));
    assert!(matches!(
        read_manifests(&big),
        Err(ImportError::TooLarge { .. })
    ));
    let err = read_chain(&big).unwrap_err();
    assert!(err.to_string().contains("1 MiB"), "{err}");

    // Seventeen certificates: one more than any chain or bundle.
    let many = corpus("redis.crt").repeat(17);
    assert!(read_chain(&many)
        .unwrap_err()
        .to_string()
        .contains("more than 16"));
}

#[test]
fn an_rsa_key_over_16384_bits_is_refused_without_arithmetic() {
    use der::Encode;
    let modulus = vec![0xC5u8; 2100];
    let one = [1u8];
    let key = rsa::pkcs1::RsaPrivateKey {
        modulus: rsa::pkcs1::UintRef::new(&modulus).unwrap(),
        public_exponent: rsa::pkcs1::UintRef::new(&[1, 0, 1]).unwrap(),
        private_exponent: rsa::pkcs1::UintRef::new(&one).unwrap(),
        prime1: rsa::pkcs1::UintRef::new(&one).unwrap(),
        prime2: rsa::pkcs1::UintRef::new(&one).unwrap(),
        exponent1: rsa::pkcs1::UintRef::new(&one).unwrap(),
        exponent2: rsa::pkcs1::UintRef::new(&one).unwrap(),
        coefficient: rsa::pkcs1::UintRef::new(&one).unwrap(),
        other_prime_infos: None,
    };
    let pem = pem::encode(&pem::Pem::new("RSA PRIVATE KEY", key.to_der().unwrap()));
    assert_eq!(
        read_private_key(&pem, None).unwrap_err(),
        ImportError::RsaTooLarge { bits: 16800 }
    );
}

#[test]
fn a_costly_scrypt_setting_is_refused_before_running_it() {
    use der::Encode;
    use pkcs8::pkcs5;
    let params = pkcs5::pbes2::Parameters::scrypt_aes256cbc(
        pkcs5::scrypt::Params::new(24, 8, 1, 32).unwrap(),
        b"saltsalt",
        &[0u8; 16],
    )
    .unwrap();
    let data = [0u8; 48];
    let info = pkcs8::EncryptedPrivateKeyInfo {
        encryption_algorithm: pkcs5::EncryptionScheme::Pbes2(params),
        encrypted_data: &data,
    };
    let pem = pem::encode(&pem::Pem::new(
        "ENCRYPTED PRIVATE KEY",
        info.to_der().unwrap(),
    ));
    let err = read_private_key(&pem, Some(b"x")).unwrap_err();
    assert!(matches!(err, ImportError::TooCostly(_)), "{err}");
}

/// Truncations and byte flips of every corpus file through every entry point:
/// errors are fine, panics are not.
#[test]
fn damaged_inputs_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e != "sh"))
        .collect();
    files.sort();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let ca = corpus("ca.crt");
    let names = vec!["acme-redis".to_string(), "*.prod.svc".to_string()];
    for path in files {
        let original = std::fs::read(&path).unwrap();
        for round in 0..12 {
            let mut bytes = original.clone();
            if round % 3 == 0 && !bytes.is_empty() {
                let cut = (next() as usize) % bytes.len();
                bytes.truncate(cut);
            } else {
                for _ in 0..(1 + round) {
                    if bytes.is_empty() {
                        break;
                    }
                    let at = (next() as usize) % bytes.len();
                    bytes[at] = (next() & 0x7F) as u8;
                }
            }
            let text = String::from_utf8_lossy(&bytes).to_string();
            let _ = inspect_text(&text);
            let _ = read_private_key(&text, Some(PASSPHRASE));
            let _ = read_manifests(&text);
            let _ = check_texts(&CheckTexts {
                certificate: &text,
                key: Some(&text),
                key_passphrase: Some(PASSPHRASE),
                ca: &ca,
                dns_names: &names,
                client_auth: true,
                service: Some(ServiceKey::Redis),
                at: at(),
            });
            let _ = check_texts(&CheckTexts {
                certificate: &corpus("redis.crt"),
                key: None,
                key_passphrase: None,
                ca: &text,
                dns_names: &names,
                client_auth: false,
                service: None,
                at: at(),
            });
            let _ = audit(
                &AuditSettings::default(),
                &[("values.yaml", &corpus("values.yaml")), ("x.yaml", &text)],
                at(),
            );
        }
    }
}

/// The audit judges with the chart's defaults and the router's and
/// Keycloak's checks: a bundle without a main certificate or Keycloak's
/// trust is not OK, and the chart's own generation mode gets its rules.
#[test]
fn the_audit_checks_the_main_certificate_keycloaks_trust_and_the_charts_generation_mode() {
    let at = OffsetDateTime::parse(
        "2030-01-01T00:00:00Z",
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let settings = AuditSettings {
        release_name: "acme".into(),
        namespace: "prod".into(),
        keycloak_cluster: Some(false),
        ..AuditSettings::default()
    };
    let secrets = corpus("secrets.yaml");
    let good = corpus("values.yaml");
    let report = audit(
        &settings,
        &[("values.yaml", &good), ("secrets.yaml", &secrets)],
        at,
    )
    .unwrap();
    assert!(report.ok, "{report:#?}");

    // Without the main certificate and secrets.customCa: two errors, named.
    let bare = good
        .split("certificate:\n  existing_cert")
        .next()
        .unwrap()
        .to_string();
    let report = audit(
        &settings,
        &[("values.yaml", &bare), ("secrets.yaml", &secrets)],
        at,
    )
    .unwrap();
    assert!(!report.ok);
    let codes: Vec<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
    assert!(codes.contains(&"main-certificate-missing"), "{codes:?}");
    assert!(
        codes.contains(&"keycloak-trusts-no-private-ca"),
        "{codes:?}"
    );

    // A main certificate without the backend's name (the frontend's).
    let wrong = good.replace(
        "existing_cert: acme-main-tls",
        "existing_cert: acme-frontend-tls",
    );
    let report = audit(
        &settings,
        &[("values.yaml", &wrong), ("secrets.yaml", &secrets)],
        at,
    )
    .unwrap();
    let fails = report
        .findings
        .iter()
        .find(|f| f.code == "main-certificate-fails")
        .unwrap_or_else(|| panic!("{report:#?}"));
    assert!(fails.message.contains("https://acme-backend"), "{fails:?}");

    // The chart's own generation: verification on and cluster mode are errors, the hooks a warning.
    let chart = "general:\n  internal_tls:\n    enabled: true\n    certificates:\n      source: generate_self_signed_certificates\n      verification: true\n";
    let report = audit(
        &AuditSettings {
            keycloak_cluster: None,
            ..settings.clone()
        },
        &[("values.yaml", chart)],
        at,
    )
    .unwrap();
    assert!(!report.ok);
    let codes: Vec<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
    for code in [
        "self-signed-with-verification",
        "self-signed-with-keycloak-cluster",
        "self-signed-install-only",
    ] {
        assert!(codes.contains(&code), "{code}: {codes:?}");
    }
}

/// The audit reads the values as Helm does: `clusterMode: no` is off, so the
/// Keycloak cluster certificate is not needed, as with `clusterMode: false`.
#[test]
fn the_audit_reads_yaml_1_1_booleans_as_helm_does() {
    let at = OffsetDateTime::parse(
        "2030-01-01T00:00:00Z",
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let settings = AuditSettings {
        release_name: "acme".into(),
        namespace: "prod".into(),
        keycloak_cluster: None,
        ..AuditSettings::default()
    };
    let secrets = corpus("secrets.yaml");
    let values = corpus("values.yaml");
    assert!(values.contains("    clusterMode: false\n"));
    for spelling in ["false", "no", "off", "N"] {
        let text = values.replace(
            "    clusterMode: false\n",
            &format!("    clusterMode: {spelling}\n"),
        );
        let report = audit(
            &settings,
            &[("values.yaml", &text), ("secrets.yaml", &secrets)],
            at,
        )
        .unwrap();
        let cluster = report
            .services
            .iter()
            .find(|s| s.key == ServiceKey::KeycloakCluster)
            .unwrap();
        assert_eq!(
            cluster.status,
            internal_tls_wizard::import::ServiceStatus::NotDeployed,
            "clusterMode: {spelling}"
        );
        assert!(report.ok, "clusterMode: {spelling}: {report:#?}");
    }
}
