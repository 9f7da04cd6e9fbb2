//! The body of every fuzz target, as plain functions of the input bytes.
//!
//! Each fuzz target in `fuzz_targets/` is one line calling a function here, and
//! `tests/regressions.rs` includes this same file, so a crash the fuzzer finds
//! is replayed by `cargo test` through exactly the code that found it.
//!
//! A function may only panic when the library breaks a promise: a panic inside
//! the library, or an invariant checked here with `assert!` (an output that does
//! not read back, a plan without an error that names why it is missing, …).
//! Refusing an input with an error is the expected outcome for most inputs.

#![allow(dead_code)]

use std::sync::OnceLock;

use internal_tls_wizard::bundle;
use internal_tls_wizard::output::{self, manifests::SecretManifest, names};
use internal_tls_wizard::pki::parsed::MAX_CERTIFICATES;
use internal_tls_wizard::pki::{
    CaSource, CertificateAuthority, KeyAlgorithm, ParsedCertificate, PrivateKey, ProvidedCa,
};
use internal_tls_wizard::release::Deployed;
use internal_tls_wizard::values::{
    check_values, has_errors, plan, LeafPlan, Settings, ValuesDocument, Work,
};
use time::OffsetDateTime;

/// The moment every target treats as "now": 2027-01-01T00:00:00Z. A fixed
/// time keeps runs reproducible; the seed CAs are valid then.
pub fn now() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_798_761_600).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// The input as text. Invalid UTF-8 becomes U+FFFD rather than being skipped,
/// so every input reaches the parser.
fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// `settings_document`: the settings document as the page and `--config` read
/// it, then the plan made from it.
pub fn settings_document(data: &[u8]) {
    let Ok(settings) = Settings::parse(&text(data)) else {
        return;
    };
    // The page saves settings as JSON and reads them back after a reload.
    let json = settings.to_json();
    let again = Settings::parse(&json).expect("saved settings JSON does not read back");
    assert_eq!(
        again, settings,
        "settings JSON round trip changed the settings"
    );

    let planned = plan(&settings);
    assert_eq!(
        planned.plan.is_some(),
        !has_errors(&planned.diagnostics),
        "a plan is missing without an error saying why, or present despite one: {:#?}",
        planned.diagnostics
    );
    for d in &planned.diagnostics {
        assert!(!d.path.is_empty(), "a diagnostic names no field: {d:?}");
        assert!(!d.message.is_empty(), "a diagnostic says nothing: {d:?}");
        let _ = d.to_string();
    }
    // The page receives the whole outcome as JSON from the wasm module.
    serde_json::to_string(&planned).expect("the plan outcome does not serialize");
    if let Some(plan) = &planned.plan {
        let yaml = output::values_yaml(plan).expect("values.yaml could not be written");
        let back: ValuesDocument =
            serde_yaml::from_str(&yaml).expect("values.yaml does not read back");
        assert_eq!(
            back.general.internal_tls, plan.values,
            "values.yaml reads back different"
        );
        let _ = output::apply_instructions(plan, None);
    }
}

/// `key_pem`: a pasted or uploaded private key.
pub fn key_pem(data: &[u8]) {
    let Ok(key) = PrivateKey::from_pem(&text(data)) else {
        return;
    };
    let spki = key.spki_der();
    let _ = key.key_identifier();
    let _ = key.description();
    let pem = key
        .to_pkcs8_pem()
        .expect("a key that was read cannot be written");
    let back = PrivateKey::from_pem(&pem).expect("a written key does not read back");
    assert_eq!(back.spki_der(), spki, "PKCS#8 round trip changed the key");
    use rcgen::SigningKey;
    let _ = key.sign(b"fuzz");
}

/// `certificate_chain`: a pasted certificate or chain, and every fact read from it.
pub fn certificate_chain(data: &[u8]) {
    let Ok(certs) = ParsedCertificate::parse_pem_chain(&text(data)) else {
        return;
    };
    assert!(!certs.is_empty() && certs.len() <= MAX_CERTIFICATES);
    for cert in &certs {
        let _ = cert.subject();
        let _ = cert.issuer();
        let _ = cert.subject_der();
        let _ = cert.issuer_der();
        let _ = cert.spki_der();
        let _ = cert.is_self_issued();
        let _ = cert.not_before();
        let _ = cert.not_after();
        let _ = cert.is_ca();
        let _ = cert.key_usage();
        let _ = cert.may_sign_certificates();
        let _ = cert.subject_key_identifier();
        let _ = format!("{cert:?}");
        assert_eq!(cert.sha256_fingerprint().len(), 32 * 3 - 1);
        let again = ParsedCertificate::parse_pem_chain(&cert.to_pem())
            .expect("a certificate that was read does not read back from its PEM");
        assert_eq!(again.len(), 1);
        assert_eq!(again.first().map(|c| &c.der), Some(&cert.der));
    }
}

/// A leaf to issue with a loaded CA: the first Secret of the default settings.
fn sample_leaf() -> &'static LeafPlan {
    static LEAF: OnceLock<LeafPlan> = OnceLock::new();
    LEAF.get_or_init(|| {
        let planned = plan(&Settings::default());
        match planned.plan.map(|p| p.work) {
            Some(Work::Issue(issue)) => issue.leaves.into_iter().next(),
            _ => None,
        }
        .expect("the default settings plan at least one certificate")
    })
}

/// A fixed P-256 key for the leaf issued with a loaded CA (generating one per
/// run would spend the fuzzer's time in the random source).
const LEAF_KEY: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgl7Z3lV2ywW24tdoF
JuhRPq2nMaAz/IPu7QpHBSDk7FahRANCAAQUNYXwdUDacMd0iY0782ZgGAzGPmY4
oiH1a0k5DK6YkOrAFsL0Op7xrVKvlCz7Zl5v1UAallkxpUIBcz5J3ztA
-----END PRIVATE KEY-----
";

/// `ca_load`: the user's CA certificate and key, as `--ca-cert`/`--ca-key` or the
/// page's CA fields give them. The input is split at its first NUL byte:
/// certificate text before, key text after. A CA that loads then signs a leaf.
pub fn ca_load(data: &[u8]) {
    let text = text(data);
    let (certificate_pem, key_pem) = text.split_once('\0').unwrap_or((text.as_str(), ""));
    let provided = ProvidedCa {
        certificate_pem,
        key_pem,
    };
    let ca = match CertificateAuthority::load(&provided, now()) {
        Ok(ca) => ca,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    assert!(!ca.is_new);
    assert!(ca.key_pem().expect("key_pem failed").is_none());
    assert!(!ca.trust.is_empty());
    assert!(ca.not_after() > now());
    let leaf_key = PrivateKey::from_pem(LEAF_KEY).expect("the fixed leaf key reads");
    if let Ok(issued) = ca.issue(sample_leaf(), leaf_key, 365, now()) {
        assert_eq!(
            issued.certificate.issuer_der(),
            ca.certificate.subject_der(),
            "the leaf's issuer is not the CA's subject"
        );
        assert!(issued.certificate.not_after() <= ca.not_after());
        assert!(!issued.certificate.is_ca());
        let chain = ParsedCertificate::parse_pem_chain(&issued.chain_pem)
            .expect("the issued tls.crt does not read back");
        assert_eq!(chain.len(), 1 + ca.chain.len());
    }
}

/// `settings_to_bundle`: the command line's path, settings document to every
/// file of the bundle, with a new CA. RSA keys are swapped for ECDSA P-256 so a
/// run takes milliseconds, not seconds; everything else is as the CLI does it.
pub fn settings_to_bundle(data: &[u8]) {
    let Ok(mut settings) = Settings::parse(&text(data)) else {
        return;
    };
    if matches!(
        settings.certificates.key,
        KeyAlgorithm::Rsa2048 | KeyAlgorithm::Rsa3072 | KeyAlgorithm::Rsa4096
    ) {
        settings.certificates.key = KeyAlgorithm::EcdsaP256;
    }
    let mut last = (0, 0);
    let generated = match bundle::generate(&settings, CaSource::New, now(), &mut |done, total| {
        assert!(done <= total, "progress {done} of {total}");
        last = (done, total);
    }) {
        Ok(generated) => generated,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    assert_eq!(last.0, last.1, "progress did not reach the end");
    let planned = plan(&settings);
    let plan = planned.plan.expect("a bundle was made without a plan");
    let file = |name: &str| generated.files.iter().find(|f| f.name == name);
    assert!(file(names::APPLY).is_some(), "no APPLY.md");

    let values = file(names::VALUES).expect("no values.yaml");
    let back: ValuesDocument =
        serde_yaml::from_str(&values.contents).expect("values.yaml does not read back");
    assert_eq!(back.general.internal_tls, plan.values);

    if let Work::Issue(issue) = &plan.work {
        let secrets = file(names::SECRETS).expect("no secrets.yaml");
        assert!(secrets.sensitive);
        let mut read = Vec::new();
        for document in serde_yaml::Deserializer::from_str(&secrets.contents) {
            let manifest = <SecretManifest as serde::Deserialize>::deserialize(document)
                .expect("a Secret in secrets.yaml does not read back");
            assert_eq!(manifest.metadata.namespace, settings.release.namespace);
            read.push(manifest.metadata.name.clone());
        }
        let mut expected = vec![issue.ca_secret.to_string()];
        expected.extend(issue.leaves.iter().map(|l| l.secret.to_string()));
        assert_eq!(
            read, expected,
            "secrets.yaml holds other Secrets than planned"
        );
        assert!(file(names::CA_KEY).is_some_and(|f| f.sensitive));
        let ca = file(names::CA_CERT).expect("no ca.crt");
        let ca = ParsedCertificate::parse_pem_chain(&ca.contents).expect("ca.crt does not read");
        assert!(ca.iter().all(ParsedCertificate::is_ca));
    }
}

/// `values_yaml`: a values.yaml fragment (`general.internal_tls`), read and checked
/// against every combination of deployed components, then written and read back.
pub fn values_yaml(data: &[u8]) {
    let Ok(document) = serde_yaml::from_str::<ValuesDocument>(&text(data)) else {
        return;
    };
    for bits in 0u8..16 {
        let deployed = Deployed {
            keycloak_cluster: bits & 1 != 0,
            redis: bits & 2 != 0,
            rabbitmq: bits & 4 != 0,
            data_streamer: bits & 8 != 0,
        };
        for d in check_values(&document.general.internal_tls, &deployed) {
            assert!(!d.path.is_empty() && !d.message.is_empty(), "{d:?}");
        }
    }
    let yaml = serde_yaml::to_string(&document).expect("values could not be written");
    let back: ValuesDocument =
        serde_yaml::from_str(&yaml).expect("written values do not read back");
    assert_eq!(back, document, "values YAML round trip changed the values");
}

// ---- the import module: what an operator brings -----------------------------

/// `import_key`: a pasted private key in any form the import module reads,
/// encrypted PKCS#8 (PBKDF2 or scrypt) included. The input is split at its
/// first NUL byte: key text before, passphrase after (none without a NUL).
pub fn import_key(data: &[u8]) {
    use internal_tls_wizard::import;
    let text = text(data);
    let (pem, passphrase) = match text.split_once('\0') {
        Some((pem, passphrase)) => (pem, Some(passphrase.as_bytes())),
        None => (text.as_str(), None),
    };
    let _ = import::is_encrypted_key(pem);
    if let Ok(summary) = import::inspect::summarize_key(pem) {
        serde_json::to_string(&summary).expect("a key summary does not serialize");
    }
    match import::read_private_key(pem, passphrase) {
        Ok(imported) => {
            let _ = imported.format.label();
            let spki = imported.key.spki_der();
            let pkcs8 = imported
                .key
                .to_pkcs8_pem()
                .expect("an imported key cannot be written as PKCS#8");
            let back = PrivateKey::from_pem(&pkcs8).expect("an imported key does not read back");
            assert_eq!(back.spki_der(), spki, "PKCS#8 round trip changed the key");
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

/// `import_manifests`: Secret manifests, `kubectl get secret -o yaml` output
/// (one Secret or a `List`) and values files, as read, inspected and audited.
pub fn import_manifests(data: &[u8]) {
    use internal_tls_wizard::import;
    let text = text(data);
    if let Ok(manifests) = import::read_manifests(&text) {
        for secret in &manifests.secrets {
            assert!(!secret.name.is_empty(), "a Secret without a name was kept");
            let _ = secret.label();
            for key in secret.entries.keys() {
                let _ = secret.text(key);
            }
        }
    }
    if let Ok(items) = import::inspect_text(&text) {
        serde_json::to_string(&items).expect("inspected items do not serialize");
    }
    match import::audit(
        &import::AuditSettings::default(),
        &[("input", &text)],
        now(),
    ) {
        Ok(report) => {
            serde_json::to_string(&report).expect("an audit report does not serialize");
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

/// `import_chain`: a certificate with its chain in any order, put leaf first.
pub fn import_chain(data: &[u8]) {
    use internal_tls_wizard::import;
    let text = text(data);
    let Ok(chain) = import::read_chain(&text) else {
        return;
    };
    let given =
        import::read_certificates(&text).expect("read_chain read what read_certificates did not");
    assert_eq!(
        chain.certificates.len() + chain.unrelated.len(),
        given.len(),
        "ordering lost or invented certificates"
    );
    assert!(!chain.certificates.is_empty());
    for pair in chain.certificates.windows(2) {
        if let [child, parent] = pair {
            assert_eq!(
                child.issuer_der(),
                parent.subject_der(),
                "a certificate is not followed by its issuer"
            );
        }
    }
    let again = ParsedCertificate::parse_pem_chain(&chain.to_pem())
        .expect("the ordered chain does not read back");
    assert_eq!(
        again.iter().map(|c| &c.der).collect::<Vec<_>>(),
        chain
            .certificates
            .iter()
            .map(|c| &c.der)
            .collect::<Vec<_>>()
    );
    for cert in given.iter() {
        let info = import::inspect_certificate(cert);
        serde_json::to_string(&info).expect("certificate facts do not serialize");
    }
}

/// `import_check`: the page's check of one service's brought certificate.
/// Fields split at NUL bytes: certificate, key, passphrase, CA; an empty key
/// field means no key. The first byte's low bit asks for clientAuth.
pub fn import_check(data: &[u8]) {
    use internal_tls_wizard::import;
    use internal_tls_wizard::release::ServiceKey;
    let text = text(data);
    let mut fields = text.splitn(4, '\0');
    let certificate = fields.next().unwrap_or("");
    let key = fields.next().filter(|k| !k.is_empty());
    let passphrase = fields.next().map(str::as_bytes);
    let ca = fields.next().unwrap_or("");
    let dns_names: Vec<String> = [
        "lightrun-frontend",
        "lightrun-frontend.lightrun",
        "lightrun-frontend.lightrun.svc",
        "lightrun-frontend.lightrun.svc.cluster.local",
    ]
    .map(String::from)
    .to_vec();
    let input = import::CheckTexts {
        certificate,
        key,
        key_passphrase: passphrase,
        ca,
        dns_names: &dns_names,
        client_auth: data.first().is_some_and(|b| b & 1 == 1),
        service: Some(ServiceKey::Frontend),
        at: now(),
    };
    match import::check_texts(&input) {
        Ok(report) => {
            serde_json::to_string(&report).expect("a check report does not serialize");
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}
