//! Native benchmarks of the core (criterion; `bash .ci/bench` runs them, or
//! `cargo bench --bench bundle`): the standard bundle (a new CA and one leaf for
//! each of the chart's seven Services, Keycloak cluster mode on) with ECDSA
//! P-256 and RSA-2048 keys, and validation: the settings, and a pasted
//! 8-certificate bundle.
//!
//! Validation of a pasted bundle uses `CertificateAuthority::load` (what the
//! page's `checkCa` calls) over the CA followed by its seven leaves: it parses
//! all eight certificates and the key and checks that they form a usable CA.
//! TODO(import): when the import/check API (branch `import`) lands, benchmark
//! its full bundle check here instead of this stand-in.
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
use internal_tls_wizard::pki::{CaSource, CertificateAuthority, KeyAlgorithm, ProvidedCa};
use internal_tls_wizard::values::{plan, Settings};
use time::OffsetDateTime;

/// The standard bundle's settings: the defaults with Keycloak cluster mode,
/// so all seven Services get a certificate.
fn standard_settings(key: KeyAlgorithm) -> Settings {
    let mut settings = Settings::default();
    settings.release.keycloak_cluster_mode = true;
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
        let files = generate(&settings, CaSource::New, now, &mut |_, _| {})
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
            b.iter(|| generate(black_box(&settings), CaSource::New, now, &mut |_, _| {}).unwrap())
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

    // The pasted bundle: the CA, then the seven leaves (taken from secrets.yaml).
    let files = generate(&settings, CaSource::New, now, &mut |_, _| {})
        .unwrap()
        .files;
    let mut chain = file(&files, "ca.crt").to_string();
    let secrets = file(&files, "secrets.yaml");
    for block in secrets.split("tls.crt: ").skip(1) {
        // secrets.yaml holds base64 data; the leaves are decoded back to PEM.
        let b64 = block.split_whitespace().next().unwrap().trim_matches('"');
        let pem = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b64).unwrap();
        chain.push_str(&String::from_utf8(pem).unwrap());
    }
    assert_eq!(
        chain.matches("BEGIN CERTIFICATE").count(),
        8,
        "eight certificates"
    );
    let key = file(&files, "ca.key").to_string();
    group.bench_function("bundle-8-certificates", |b| {
        b.iter(|| {
            CertificateAuthority::load(
                &ProvidedCa {
                    certificate_pem: black_box(&chain),
                    key_pem: black_box(&key),
                },
                now,
            )
            .unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, bundle, validate);
criterion_main!(benches);
