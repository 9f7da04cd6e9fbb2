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
        let yaml = output::values_yaml(plan, None).expect("values.yaml could not be written");
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
    let generated =
        match bundle::generate(&settings, CaSource::New, None, now(), &mut |done, total| {
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

// ---- day 2: merging into the user's values.yaml, renewing a bundle -----------

/// The `general.internal_tls` merged into every input (the default settings'
/// plan), and a second one that differs in every field kind, with a string
/// that needs quoting.
fn merge_settings() -> &'static (
    internal_tls_wizard::values::InternalTls,
    internal_tls_wizard::values::InternalTls,
) {
    use internal_tls_wizard::values::{InternalTls, Source};
    static SETTINGS: OnceLock<(InternalTls, InternalTls)> = OnceLock::new();
    SETTINGS.get_or_init(|| {
        let wanted = plan(&Settings::default())
            .plan
            .expect("the default settings make a plan")
            .values;
        let mut other = InternalTls::default();
        other.certificates.verification = !wanted.certificates.verification;
        other.certificates.source = Source::GenerateSelfSignedCertificates;
        other.certificates.existing_ca_secret_name = "it's: #1 \"quoted\"".into();
        (wanted, other)
    })
}

/// A refusal of the merge says what is wrong and what to do, and is not the
/// merge's own self-check failing (that is a bug in the scanner, not the file).
fn merge_refusal_is_sound(e: &internal_tls_wizard::daytwo::merge::MergeError) {
    assert!(!e.message.is_empty() && !e.hint.is_empty(), "{e:?}");
    assert!(!e.to_string().is_empty());
    assert!(
        !e.message.contains("changed more than general.internal_tls")
            && !e.message.contains("internal error"),
        "the merge failed its own check: {e}"
    );
    serde_json::to_string(e).expect("a merge error does not serialize");
}

/// A parsed values document without `general.internal_tls` (and without a
/// `general` that is left empty or null by that).
fn without_internal_tls(value: &serde_yaml::Value) -> serde_yaml::Value {
    use serde_yaml::{Mapping, Value};
    let mut root = match value {
        Value::Null => Mapping::new(),
        Value::Mapping(m) => m.clone(),
        other => return other.clone(),
    };
    let general = Value::String("general".into());
    let drop_general = match root.get_mut(&general) {
        Some(Value::Mapping(g)) => {
            g.remove("internal_tls");
            g.is_empty()
        }
        Some(Value::Null) => true,
        _ => false,
    };
    if drop_general {
        root.remove(&general);
    }
    Value::Mapping(root)
}

/// Whether a line (without its indentation) is an `internal_tls:` key.
fn is_internal_tls_key(body: &str) -> bool {
    ["internal_tls", "\"internal_tls\"", "'internal_tls'"]
        .iter()
        .any(|k| {
            body.strip_prefix(k)
                .is_some_and(|rest| rest.trim_start_matches([' ', '\t']).starts_with(':'))
        })
}

/// Whether a line leaves a quoted scalar or a flow collection open, so the
/// next lines continue it. Written apart from the merge's own scanner so the
/// two do not share a blind spot: a quote opens only where a value starts
/// (after `: `, `- `, `[`, `{`, `,` or at the start), `#` after a space ends
/// the line outside quotes.
#[derive(Default)]
struct Continuation {
    quote: Option<char>,
    depth: usize,
}

impl Continuation {
    fn is_open(&self) -> bool {
        self.quote.is_some() || self.depth > 0
    }

    fn follow(&mut self, line: &str) {
        let chars: Vec<char> = line.trim_end_matches(['\n', '\r']).chars().collect();
        // The last significant character outside quotes (tags and anchors
        // skipped), and whether blanks followed it.
        let mut before: Option<char> = None;
        let mut spaced = false;
        let mut i = 0;
        while let Some(&c) = chars.get(i) {
            i += 1;
            if let Some(q) = self.quote {
                let escaped =
                    (q == '"' && c == '\\') || (c == q && q == '\'' && chars.get(i) == Some(&'\''));
                if escaped {
                    i += 1;
                } else if c == q {
                    self.quote = None;
                    before = Some(c);
                    spaced = false;
                }
                continue;
            }
            if c == ' ' || c == '\t' {
                spaced = true;
                continue;
            }
            let starts_value = match before {
                None => true,
                Some('[' | '{' | ',') => true,
                Some(':' | '-' | '?') => spaced || self.depth > 0,
                _ => false,
            };
            if starts_value && (c == '!' || c == '&') {
                while chars.get(i).is_some_and(|n| *n != ' ' && *n != '\t') {
                    i += 1;
                }
                continue;
            }
            match c {
                '#' if before.is_none() || spaced => return,
                '"' | '\'' if starts_value => self.quote = Some(c),
                '[' | '{' if starts_value || self.depth > 0 => self.depth += 1,
                ']' | '}' if self.depth > 0 => self.depth -= 1,
                _ => {}
            }
            before = Some(c);
            spaced = false;
        }
    }
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// A block scalar's header alone: `|`, `>-`, `|2+`, after any tag or anchor
/// and before any comment.
fn is_block_header(body: &str) -> bool {
    let code = body.split(" #").next().unwrap_or_default().trim();
    let header = code
        .split_whitespace()
        .find(|token| !token.starts_with(['!', '&']))
        .unwrap_or_default();
    code.split_whitespace().last() == Some(header)
        && header.starts_with(['|', '>'])
        && header[1..]
            .chars()
            .all(|c| matches!(c, '-' | '+' | '0'..='9'))
}

/// The merged text is the original with one contiguous region changed: lines
/// of the old `internal_tls` block (deeper than its key, blank or comments)
/// taken out and the new block put in; every other line is kept byte for byte.
/// The one exception: a last line without a line end gets one when the block
/// goes after it. A file without `general:` gets one, after everything else.
fn only_the_block_changed(original: &str, merged: &str, appended: bool) {
    let strip = |t: &str| t.strip_prefix('\u{feff}').unwrap_or(t).to_string();
    let (before, after) = (strip(original), strip(merged));
    let newline = if before.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let a: Vec<&str> = before.split_inclusive('\n').collect();
    let b: Vec<&str> = after.split_inclusive('\n').collect();
    let kept = |i: usize, x: &str, y: &str| {
        x == y || (i + 1 == a.len() && !x.ends_with('\n') && y.strip_suffix(newline) == Some(x))
    };
    let prefix = a
        .iter()
        .zip(&b)
        .enumerate()
        .take_while(|(i, (x, y))| kept(*i, x, y))
        .count();
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(a.len().min(b.len()) - prefix)
        .take_while(|(x, y)| x == y)
        .count();
    let removed = &a[prefix..a.len() - suffix];
    let added = &b[prefix..b.len() - suffix];
    if removed.is_empty() && added.is_empty() {
        return;
    }
    // The internal_tls key: the last one before the suffix (the new block holds
    // none, so it is the key of the block that changed).
    let key = b[..b.len() - suffix]
        .iter()
        .rposition(|l| is_internal_tls_key(l.trim_start_matches(' ')))
        .unwrap_or_else(|| panic!("no internal_tls key before the changed lines: {added:?}"));
    let n = indent_of(b[key]);
    assert!(n > 0, "internal_tls is not inside general: {:?}", b[key]);
    // A quoted value or [ { } ] flow value of the old block may carry on over
    // lines at any indentation: those lines are its text, and go with it.
    let mut continued = Continuation::default();
    // YAML lets a block scalar's header (`|`, `>-`) that is the key's value
    // stand on the next line at the key's own indentation.
    let mut value_started = false;
    for line in removed {
        let body = line.trim();
        let inside = continued.is_open();
        continued.follow(line);
        let is_key = indent_of(line) == n && is_internal_tls_key(line.trim_start_matches(' '));
        let own_header = indent_of(line) == n && !value_started && is_block_header(body);
        if !(body.is_empty() || body.starts_with('#') || is_key) {
            value_started = true;
        }
        assert!(
            inside
                || body.is_empty()
                || body.starts_with('#')
                || indent_of(line) > n
                || is_key
                || own_header,
            "a line outside general.internal_tls was removed or changed: {line:?} (removed {removed:?}, added {added:?})"
        );
    }
    for line in added {
        if appended && line.trim_end() == "general:" {
            assert_eq!(suffix, 0, "general: was not appended at the end");
            assert!(removed.is_empty(), "appending general: removed {removed:?}");
            continue;
        }
        assert!(
            indent_of(line) > n
                || (indent_of(line) == n && is_internal_tls_key(line.trim_start_matches(' '))),
            "a line outside general.internal_tls was added: {line:?} (removed {removed:?}, added {added:?})"
        );
        assert!(
            line.ends_with(newline) && (newline == "\r\n" || !line.ends_with("\r\n")),
            "an added line does not end as the file's lines do: {line:?}"
        );
    }
}

/// The merge's diff turns the original's lines into the merged text's.
fn diff_applies(old: &str, new: &str, diff: &[String]) {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    if a == b {
        assert!(diff.is_empty(), "a diff of equal texts: {diff:?}");
        return;
    }
    let header = diff.get(2).expect("a diff without a hunk");
    let ranges: Vec<usize> = header
        .trim_start_matches("@@ -")
        .trim_end_matches(" @@")
        .split([',', ' ', '+'])
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().expect("a diff header that is not numbers"))
        .collect();
    let [first_a, count_a, first_b, count_b] = ranges[..] else {
        panic!("diff header {header:?}");
    };
    let start = |first: usize, count: usize| if count == 0 { first } else { first - 1 };
    let (from_a, from_b) = (start(first_a, count_a), start(first_b, count_b));
    let side = |drop: char| -> Vec<&str> {
        diff[3..]
            .iter()
            .filter(|l| !l.starts_with(drop))
            .map(|l| l.get(1..).unwrap_or_default())
            .collect()
    };
    assert_eq!(
        side('+'),
        a[from_a..from_a + count_a],
        "the diff's old side"
    );
    assert_eq!(
        side('-'),
        b[from_b..from_b + count_b],
        "the diff's new side"
    );
    assert_eq!(a[..from_a], b[..from_b], "lines before the hunk differ");
    assert_eq!(
        a[from_a + count_a..],
        b[from_b + count_b..],
        "lines after the hunk differ"
    );
}

/// `values_merge`: a user's whole values.yaml, read for the release settings
/// and merged into. A merge that succeeds changed only `general.internal_tls`,
/// to exactly what was merged in, says so in its diff, and is stable: merging
/// again changes nothing, and replacing the block and putting it back gives the
/// same text.
pub fn values_merge(data: &[u8]) {
    use internal_tls_wizard::daytwo::merge::{merge_values, read_values_context, MergeAction};
    use internal_tls_wizard::values::InternalTls;
    let original = text(data);
    let context = read_values_context(&original);
    if let Err(e) = &context {
        merge_refusal_is_sound(e);
    }
    let (wanted, other) = merge_settings();
    let merged = match merge_values(&original, wanted) {
        Ok(merged) => merged,
        Err(e) => {
            merge_refusal_is_sound(&e);
            return;
        }
    };
    assert_eq!(
        context.as_ref().ok(),
        Some(&merged.read_context),
        "the merge read other settings than read_values_context"
    );
    let out = &merged.merged_text;
    // Without the byte order mark: serde_yaml reads one before a second
    // top-level key as a second document (Helm does not).
    let bomless = |t: &str| t.strip_prefix('\u{feff}').unwrap_or(t).to_string();
    let before: serde_yaml::Value = serde_yaml::from_str(&bomless(&original))
        .expect("the merge accepted a file that does not parse");
    let after: serde_yaml::Value =
        serde_yaml::from_str(&bomless(out)).expect("the merged values file does not parse");
    let tls = after
        .get("general")
        .and_then(|g| g.get("internal_tls"))
        .cloned()
        .expect("the merged file has no general.internal_tls");
    let read: InternalTls =
        serde_yaml::from_value(tls).expect("the merged general.internal_tls does not read");
    assert_eq!(
        &read, wanted,
        "the merged general.internal_tls reads back different"
    );
    assert_eq!(
        without_internal_tls(&before),
        without_internal_tls(&after),
        "the merge changed more than general.internal_tls"
    );
    assert_eq!(
        original.starts_with('\u{feff}'),
        out.starts_with('\u{feff}'),
        "the byte order mark was not kept"
    );
    only_the_block_changed(&original, out, merged.action == MergeAction::Appended);
    diff_applies(&original, out, &merged.diff);
    let _ = serde_json::to_string(&merged).expect("a merge does not serialize");

    let again = merge_values(out, wanted).expect("the merged file cannot be merged into again");
    assert_eq!(&again.merged_text, out, "merging twice is not merging once");
    assert_eq!(again.action, MergeAction::Replaced);
    assert!(again.diff.is_empty(), "{:?}", again.diff);
    assert_eq!(
        again.read_context, merged.read_context,
        "the merge changed the release settings"
    );
    let swapped = merge_values(out, other).expect("the merged file cannot take other settings");
    assert_eq!(swapped.action, MergeAction::Replaced);
    only_the_block_changed(out, &swapped.merged_text, false);
    let back = merge_values(&swapped.merged_text, wanted).expect("the settings cannot be put back");
    assert_eq!(
        &back.merged_text, out,
        "replacing the block and putting it back changed the file"
    );
}

/// The CA every `renew_secrets` input is renewed with: the import corpus's
/// root (ECDSA P-256, valid until 2126), which signed the Secrets of its
/// secrets.yaml the seeds are made from.
const RENEW_CA_CERT: &str = include_str!("../corpus/ca.crt");
const RENEW_CA_KEY: &str = include_str!("../corpus/ca.key");

/// `renew_secrets`: an existing secrets.yaml (or `kubectl get secret -o yaml`
/// output) renewed with a fixed, valid CA. New keys are ECDSA P-256 so a run
/// takes milliseconds. A renewal that succeeds kept every Secret (name,
/// namespace, order); each renewed leaf verifies against the CA, keeps its
/// DNS names (compared without case and final dot) and IP addresses, has a new serial and a key that matches it, and
/// lies inside the CA's validity; Secrets without a certificate are copied
/// unchanged. A refusal names the Secret and is never the CA's or a self-check's.
pub fn renew_secrets(data: &[u8]) {
    use internal_tls_wizard::daytwo::renew::{renew, RenewError, RenewInput, RENEW_MD};
    use internal_tls_wizard::import;
    let text = text(data);
    let input = RenewInput {
        ca_cert_pem: RENEW_CA_CERT,
        ca_key_pem: RENEW_CA_KEY,
        secrets_yaml: &text,
        days: None,
        key: Some(KeyAlgorithm::EcdsaP256),
        namespace: Some("prod"),
        release_name: None,
        values_yaml: None,
    };
    let renewed = match renew(&input, now()) {
        Ok(renewed) => renewed,
        Err(e) => {
            let said = e.to_string();
            assert!(!said.is_empty());
            assert!(
                !said.contains("this is a bug"),
                "renewal failed its own check: {said}"
            );
            match &e {
                RenewError::Ca { .. } => panic!("the fixed CA was refused: {said}"),
                RenewError::Secret { secret, message } => {
                    assert!(!secret.is_empty() && !message.is_empty(), "{e:?}")
                }
                RenewError::Secrets { message } | RenewError::Output { message } => {
                    assert!(!message.is_empty())
                }
            }
            serde_json::to_string(&e).expect("a renewal error does not serialize");
            return;
        }
    };
    let report = &renewed.report;
    serde_json::to_string(report).expect("a renewal report does not serialize");
    let given = import::read_manifests(&text).expect("renewal read what read_manifests does not");
    assert_eq!(
        report.renewed.len() + report.kept.len(),
        given.secrets.len(),
        "a Secret was neither renewed nor kept"
    );
    let file = |name: &str| renewed.files.iter().find(|f| f.name == name);
    assert!(file(RENEW_MD).is_some() && file(names::CA_CERT).is_some());
    let secrets = file(names::SECRETS).expect("no secrets.yaml");
    assert!(secrets.sensitive);
    let out = import::read_manifests(&secrets.contents)
        .expect("the renewed secrets.yaml does not read back");
    assert_eq!(out.secrets.len(), given.secrets.len());
    let ca = ParsedCertificate::parse_pem_chain(RENEW_CA_CERT).expect("the fixed CA reads");
    let ca = ca.first().expect("the fixed CA holds a certificate");
    let mut reports = report.renewed.iter();
    for (old, new) in given.secrets.iter().zip(&out.secrets) {
        assert_eq!(old.name, new.name, "Secrets renamed or reordered");
        assert_eq!(
            new.namespace.as_deref(),
            Some(old.namespace.as_deref().unwrap_or("prod")),
            "Secret {} moved namespace",
            old.name
        );
        let Some(old_crt) = old.text("tls.crt").filter(|t| !t.trim().is_empty()) else {
            assert_eq!(
                old.entries, new.entries,
                "Secret {} was not kept unchanged",
                old.name
            );
            continue;
        };
        let r = reports
            .next()
            .expect("a renewed Secret is missing from the report");
        assert_eq!(r.secret, old.name);
        assert!(r.sans_unchanged);
        assert_eq!(r.key, KeyAlgorithm::EcdsaP256);
        let old_cert = import::read_certificates(old_crt).expect("the old tls.crt reads");
        let old_info = import::inspect_certificate(old_cert.first().expect("an old certificate"));
        let new_crt = new
            .text("tls.crt")
            .expect("a renewed Secret without tls.crt");
        let new_key = new
            .text("tls.key")
            .expect("a renewed Secret without tls.key");
        let chain = import::read_certificates(new_crt).expect("the renewed tls.crt does not read");
        let leaf = chain
            .first()
            .expect("the renewed tls.crt holds no certificate");
        let new_info = import::inspect_certificate(leaf);
        // DNS names are compared as DNS compares them: without case or a final dot.
        let mut dns: Vec<String> = Vec::new();
        for name in &old_info.dns_names {
            let name = name.to_ascii_lowercase();
            let name = name.strip_suffix('.').unwrap_or(&name).to_string();
            if !dns.contains(&name) {
                dns.push(name);
            }
        }
        let mut ips: Vec<String> = Vec::new();
        for ip in &old_info.ip_addresses {
            if !ips.contains(ip) {
                ips.push(ip.clone());
            }
        }
        assert_eq!(new_info.dns_names, dns, "DNS names changed");
        assert_eq!(new_info.ip_addresses, ips, "IP addresses changed");
        let sans: Vec<String> = dns.iter().chain(&ips).cloned().collect();
        assert_eq!(r.sans, sans, "the report's names are not the certificate's");
        assert_eq!(leaf.issuer_der(), ca.subject_der());
        assert!(!leaf.is_ca());
        assert!(leaf.not_before() <= now() && now() < leaf.not_after());
        assert!(
            leaf.not_after() <= ca.not_after(),
            "the leaf outlives the CA"
        );
        assert_ne!(new_info.serial, old_info.serial, "the serial was kept");
        let key = import::read_private_key(new_key, None).expect("the new tls.key does not read");
        assert_eq!(
            key.key.spki_der(),
            leaf.spki_der(),
            "tls.key does not match tls.crt"
        );
        let check = import::check_texts(&import::CheckTexts {
            certificate: new_crt,
            key: Some(new_key),
            key_passphrase: None,
            ca: RENEW_CA_CERT,
            dns_names: &[],
            client_auth: false,
            service: None,
            at: now(),
        })
        .expect("the renewed certificate cannot be checked");
        let bad = [
            "key-mismatch",
            "signed-by-another-ca",
            "bad-signature",
            "chain-invalid",
            "chain-not-valid-now",
            "not-yet-valid",
            "certificate-unsupported",
        ];
        assert!(
            check.trusted_by.is_some()
                && !check
                    .findings
                    .iter()
                    .any(|f| bad.contains(&f.code.as_str())),
            "Secret {}: the renewed certificate does not verify against the CA: {:#?}",
            old.name,
            check.findings
        );
        if r.carries_ca {
            let ca_crt = new.text("ca.crt").expect("ca.crt was dropped");
            let trusted = import::read_certificates(ca_crt).expect("the new ca.crt does not read");
            assert!(
                trusted.iter().any(|c| c.der == ca.der),
                "Secret {}: ca.crt does not hold the signing CA",
                old.name
            );
        }
    }
    assert!(
        reports.next().is_none(),
        "the report renewed more Secrets than there are"
    );
}
