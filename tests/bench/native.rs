//! Native benchmarks of the core (criterion; `bash .ci/bench` runs them, or
//! `cargo bench --bench bundle`): the standard bundle (a new CA and one leaf for
//! each of the chart's seven Services, Keycloak cluster mode on) with ECDSA
//! P-256 and RSA-2048 keys, and validation: the settings, and a pasted
//! 8-certificate bundle.
//!
//! Validation of a pasted bundle is what the page's Bring your own mode runs
//! for each Service (`import::check_texts`): read the leaf and its key, check
//! the key matches, the chain reaches the CA (rustls-webpki), every DNS name,
//! validity and EKU; one iteration checks all seven leaves against the CA.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use internal_tls_wizard::bundle::generate;
use internal_tls_wizard::import::{check_texts, CheckTexts};
use internal_tls_wizard::pki::{CaSource, KeyAlgorithm};
use internal_tls_wizard::release::ServiceKey;
use internal_tls_wizard::values::{plan, Settings};
use time::OffsetDateTime;

/// The standard bundle's settings, the same as the peers make: a CA and one
/// certificate for each of the seven Services (the data streamer on), and
/// no main certificate (verification off), so eight keys in all.
fn standard_settings(key: KeyAlgorithm) -> Settings {
    let mut settings = Settings::default();
    settings.release.keycloak_cluster_mode = true;
    settings.release.data_streamer_enabled = true;
    settings.main_certificate.choice =
        Some(internal_tls_wizard::values::MainCertificateChoice::VerificationOff);
    settings.certificates.key = key;
    settings
}

fn file<'a>(files: &'a [internal_tls_wizard::output::OutputFile], name: &str) -> &'a str {
    &files.iter().find(|f| f.name == name).unwrap().contents
}

fn bundle(c: &mut Criterion) {
    let now = OffsetDateTime::now_utc();
    let mut group = c.benchmark_group("bundle");
    for (name, key, samples, time) in [
        ("ecdsa-p256", KeyAlgorithm::EcdsaP256, 30, 5),
        ("rsa-2048", KeyAlgorithm::Rsa2048, 10, 20),
    ] {
        let settings = standard_settings(key);
        let files = generate(&settings, CaSource::New, None, now, &mut |_, _| {})
            .unwrap()
            .files;
        assert_eq!(
            file(&files, "secrets.yaml")
                .matches("kubernetes.io/tls")
                .count(),
            7,
            "seven leaf Secrets"
        );
        group.sample_size(samples);
        group.measurement_time(Duration::from_secs(time));
        group.bench_function(name, |b| {
            b.iter(|| {
                generate(
                    black_box(&settings),
                    CaSource::New,
                    None,
                    now,
                    &mut |_, _| {},
                )
                .unwrap()
            })
        });
    }
    group.finish();
}

fn validate(c: &mut Criterion) {
    let now = OffsetDateTime::now_utc();
    let mut group = c.benchmark_group("validate");
    let settings = standard_settings(KeyAlgorithm::EcdsaP256);
    group.bench_function("settings", |b| {
        b.iter(|| plan(black_box(&settings)).plan.unwrap())
    });

    // The pasted bundle: the CA and the seven leaves with their keys, taken
    // back out of secrets.yaml, each with the names its Service needs.
    let files = generate(&settings, CaSource::New, None, now, &mut |_, _| {})
        .unwrap()
        .files;
    let ca = file(&files, "ca.crt").to_string();
    let decode = |value: &serde_yaml::Value, key: &str| {
        let b64 = value["data"][key].as_str().unwrap();
        let pem = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b64).unwrap();
        String::from_utf8(pem).unwrap()
    };
    let secrets: Vec<serde_yaml::Value> =
        serde_yaml::Deserializer::from_str(file(&files, "secrets.yaml"))
            .map(|doc| serde::Deserialize::deserialize(doc).unwrap())
            .filter(|doc: &serde_yaml::Value| doc["type"] == "kubernetes.io/tls")
            .collect();
    let services: Vec<_> = plan(&settings)
        .services
        .into_iter()
        .filter(|s| s.deployed)
        .collect();
    assert_eq!(secrets.len(), 7, "seven leaves");
    assert_eq!(services.len(), 7, "seven Services");
    let leaves: Vec<(String, String, Vec<String>, ServiceKey)> = secrets
        .iter()
        .zip(&services)
        .map(|(secret, service)| {
            (
                decode(secret, "tls.crt"),
                decode(secret, "tls.key"),
                service.dns_names.clone(),
                service.key,
            )
        })
        .collect();
    group.bench_function("bundle-8-certificates", |b| {
        b.iter(|| {
            for (certificate, key, dns_names, service) in &leaves {
                let report = check_texts(&CheckTexts {
                    certificate: black_box(certificate),
                    key: Some(key),
                    key_passphrase: None,
                    ca: &ca,
                    dns_names,
                    client_auth: *service == ServiceKey::KeycloakCluster,
                    service: Some(*service),
                    at: now,
                })
                .unwrap();
                assert!(report.valid, "{service:?}: {:?}", report.findings);
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bundle, validate);
criterion_main!(benches);
