#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
// Native only: wasm-pack test builds every test target for wasm32 too.
#![cfg(not(target_arch = "wasm32"))]
//! Property tests over the whole pipeline, settings to files.
//!
//! For any valid settings, every leaf in secrets.yaml verifies against ca.crt
//! (with `openssl verify`) and carries exactly the names its Services need plus
//! the extra SANs; values.yaml and secrets.yaml read back to the same data with
//! serde_yaml and with PyYAML, a YAML 1.1 parser like the one Helm uses; and no
//! string a user types can change the YAML's structure: it is either refused
//! with an error naming its field, or found intact in its place.
//!
//! What each file should hold is worked out here from the chart's rules
//! (README.md, "What the wizard knows about the chart"), not from the crate's plan, so the two are checked against
//! each other.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use base64::Engine;
use der::Decode;
use internal_tls_wizard::bundle::{self, Generated};
use internal_tls_wizard::pki::{CaSource, KeyAlgorithm, ParsedCertificate};
use internal_tls_wizard::values::{plan, Settings, Severity};
use proptest::prelude::*;
use serde_json::{json, Value};
use time::OffsetDateTime;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::SubjectAltName as SanExtension;

/// The chart's values keys with their Service suffixes, in values order.
const SERVICES: [(&str, &str); 7] = [
    ("frontend", "frontend"),
    ("keycloak", "keycloak"),
    ("keycloak_cluster", "keycloak-headless"),
    ("redis", "redis"),
    ("rabbitmq", "mq"),
    ("data_streamer", "data-streamer"),
    ("artifacts", "artifacts"),
];

/// Everything a user can type or tick, as the form holds it.
#[derive(Debug, Clone)]
struct Case {
    release: String,
    name_override: String,
    namespace: String,
    cluster_domain: String,
    keycloak_cluster: bool,
    redis_external: bool,
    rabbitmq: bool,
    data_streamer: bool,
    shared: bool,
    extra_sans: Vec<String>,
    /// Per values key (SERVICES order): the Secret name typed, or empty for the default.
    secret_names: [String; 7],
    ca_secret: String,
    ca_common_name: String,
    key: KeyAlgorithm,
    days: u32,
    ca_days: u32,
}

impl Case {
    fn baseline() -> Self {
        Self {
            release: "lightrun".into(),
            name_override: String::new(),
            namespace: "lightrun".into(),
            cluster_domain: "cluster.local".into(),
            keycloak_cluster: true,
            redis_external: false,
            rabbitmq: true,
            data_streamer: true,
            shared: false,
            extra_sans: vec!["lightrun.example.com".into()],
            secret_names: Default::default(),
            ca_secret: String::new(),
            ca_common_name: String::new(),
            key: KeyAlgorithm::EcdsaP256,
            days: 365,
            ca_days: 730,
        }
    }

    fn settings(&self) -> Settings {
        let mut s = Settings::default();
        s.release.name.clone_from(&self.release);
        s.release.name_override.clone_from(&self.name_override);
        s.release.namespace.clone_from(&self.namespace);
        s.release.cluster_domain.clone_from(&self.cluster_domain);
        s.release.keycloak_cluster_mode = self.keycloak_cluster;
        s.release.redis_external = self.redis_external;
        s.release.rabbitmq_in_cluster = self.rabbitmq;
        s.release.data_streamer_enabled = self.data_streamer;
        s.release.extra_sans.clone_from(&self.extra_sans);
        let e = &mut s.internal_tls.certificates.existing_certificates;
        let [frontend, keycloak, keycloak_cluster, redis, rabbitmq, data_streamer, artifacts] =
            self.secret_names.clone();
        e.frontend = frontend;
        e.keycloak = keycloak;
        e.keycloak_cluster = keycloak_cluster;
        e.redis = redis;
        e.rabbitmq = rabbitmq;
        e.data_streamer = data_streamer;
        e.artifacts = artifacts;
        s.internal_tls.certificates.existing_ca_secret_name = self.ca_secret.clone();
        s.certificates
            .ca_common_name
            .clone_from(&self.ca_common_name);
        s.certificates.key = self.key;
        s.certificates.days = self.days;
        s.certificates.ca_days = self.ca_days;
        s.certificates.shared_certificate = self.shared;
        s
    }

    fn deployed(&self, key: &str) -> bool {
        match key {
            "keycloak_cluster" => self.keycloak_cluster,
            "redis" => !self.redis_external,
            "rabbitmq" => self.rabbitmq,
            "data_streamer" => self.data_streamer,
            _ => true,
        }
    }

    /// The chart's fullname: the override, else the release, cut to 63, trailing '-' removed.
    fn fullname(&self) -> String {
        let base = if self.name_override.is_empty() {
            &self.release
        } else {
            &self.name_override
        };
        base.chars()
            .take(63)
            .collect::<String>()
            .trim_end_matches('-')
            .to_string()
    }

    fn domain(&self) -> String {
        self.cluster_domain
            .strip_suffix('.')
            .unwrap_or(&self.cluster_domain)
            .to_string()
    }

    /// The names a peer uses for one Service (README.md, "What the wizard knows about the chart").
    fn service_names(&self, key: &str, suffix: &str) -> Vec<San> {
        let svc = format!("{}-{suffix}", self.fullname());
        let ns = &self.namespace;
        let domain = self.domain();
        let mut names = vec![
            svc.clone(),
            format!("{svc}.{ns}"),
            format!("{svc}.{ns}.svc"),
            format!("{svc}.{ns}.svc.{domain}"),
        ];
        if key == "keycloak_cluster" {
            names.push(format!("*.{svc}.{ns}.svc"));
            names.push(format!("*.{svc}.{ns}.svc.{domain}"));
        }
        names.into_iter().map(San::Dns).collect()
    }

    fn extra(&self) -> BTreeSet<San> {
        self.extra_sans
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .map(|s| match s.parse::<IpAddr>() {
                Ok(ip) => San::Ip(ip),
                Err(_) => San::Dns(s.to_ascii_lowercase().trim_end_matches('.').to_string()),
            })
            .collect()
    }

    /// The Secret each values key names in values.yaml.
    fn secret_for(&self, index: usize) -> String {
        let (key, suffix) = SERVICES[index];
        let typed = &self.secret_names[index];
        if !typed.is_empty() || !self.deployed(key) {
            typed.clone()
        } else if self.shared {
            format!("{}-internal-tls", self.fullname())
        } else {
            format!("{}-{suffix}-tls", self.fullname())
        }
    }

    fn ca_secret_name(&self) -> String {
        if self.ca_secret.is_empty() {
            format!("{}-internal-ca", self.fullname())
        } else {
            self.ca_secret.clone()
        }
    }

    /// values.yaml as data.
    fn expected_values(&self) -> Value {
        let mut existing = serde_json::Map::new();
        for (index, (key, _)) in SERVICES.iter().enumerate() {
            existing.insert((*key).to_string(), Value::String(self.secret_for(index)));
        }
        json!({
            "general": {"internal_tls": {
                "enabled": true,
                "certificates": {
                    "verification": true,
                    "existing_ca_secret_name": self.ca_secret_name(),
                    "source": "existing_certificates",
                    "existing_certificates": existing,
                }
            }},
            // The main certificate, issued here (the router checks the
            // backend for <fullname>-backend), and Keycloak's trust.
            "certificate": {"existing_cert": self.main_secret_name()},
            "secrets": {"customCa": {
                "existingCaSecret": self.ca_secret_name(),
                "customCaCertificate": "",
            }},
        })
    }

    fn main_secret_name(&self) -> String {
        format!("{}-main-tls", self.fullname())
    }

    /// Each leaf Secret with the names its certificate must carry, in values order.
    fn expected_leaves(&self) -> BTreeMap<String, (BTreeSet<San>, bool)> {
        let mut leaves: BTreeMap<String, (BTreeSet<San>, bool)> = BTreeMap::new();
        for (index, (key, suffix)) in SERVICES.iter().enumerate() {
            if !self.deployed(key) {
                continue;
            }
            let entry = leaves.entry(self.secret_for(index)).or_default();
            entry.0.extend(self.service_names(key, suffix));
            entry.0.extend(self.extra());
            entry.1 |= *key == "keycloak_cluster";
        }
        // The main certificate: the public host name and the backend's names.
        let main = leaves.entry(self.main_secret_name()).or_default();
        main.0.insert(San::Dns("lightrun.example.com".into()));
        main.0.extend(self.service_names("backend", "backend"));
        main.0.extend(self.extra());
        leaves
    }
}

/// One subjectAltName entry as read from a certificate.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum San {
    Dns(String),
    Ip(IpAddr),
}

fn certificate_sans(cert: &ParsedCertificate) -> BTreeSet<San> {
    let ext = cert
        .cert
        .tbs_certificate
        .extensions
        .as_ref()
        .and_then(|exts| {
            exts.iter()
                .find(|e| e.extn_id == const_oid::db::rfc5280::ID_CE_SUBJECT_ALT_NAME)
        })
        .expect("the leaf has no subjectAltName extension");
    let sans = SanExtension::from_der(ext.extn_value.as_bytes()).expect("SAN extension decodes");
    sans.0
        .iter()
        .map(|name| match name {
            GeneralName::DnsName(dns) => San::Dns(dns.to_string()),
            GeneralName::IpAddress(octets) => {
                let bytes = octets.as_bytes();
                San::Ip(match bytes.len() {
                    4 => IpAddr::V4(Ipv4Addr::from(<[u8; 4]>::try_from(bytes).unwrap())),
                    16 => IpAddr::V6(Ipv6Addr::from(<[u8; 16]>::try_from(bytes).unwrap())),
                    n => panic!("an IP SAN of {n} bytes"),
                })
            }
            other => panic!("unexpected SAN {other:?}"),
        })
        .collect()
}

fn file<'a>(generated: &'a Generated, name: &str) -> &'a str {
    &generated
        .files
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no {name} in the bundle"))
        .contents
}

/// Every document of a YAML stream, read with serde_yaml.
fn serde_yaml_documents(text: &str) -> Vec<Value> {
    serde_yaml::Deserializer::from_str(text)
        .map(|doc| <Value as serde::Deserialize>::deserialize(doc).expect("serde_yaml reads it"))
        .collect()
}

/// PyYAML's reading of each YAML stream, twice: with `yaml.safe_load_all`
/// (YAML 1.1), and with a loader that also reads `y` and `n` as booleans, as
/// go-yaml v2 does: Helm reads values files, and kubectl manifests, with
/// go-yaml v2 (sigs.k8s.io/yaml). Under YAML 1.1 an unquoted `yes`, `on`, `no`,
/// `0777` or `2001-01-01` is not a string; a value that needed quotes and did
/// not get them shows up as a difference. Values that are not JSON (dates) come
/// back as `{"not-a-string": repr}` so they differ visibly.
struct PyYaml {
    safe: Vec<Vec<Value>>,
    helm_like: Vec<Vec<Value>>,
}

const PYYAML_SCRIPT: &str = r#"
import json, re, sys, yaml

class HelmLike(yaml.SafeLoader):
    pass

HelmLike.add_implicit_resolver(
    'tag:yaml.org,2002:bool',
    re.compile(r'^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$'),
    list('yYnNtTfFoO'))
HelmLike.add_constructor(
    'tag:yaml.org,2002:bool',
    lambda loader, node: loader.construct_scalar(node).lower() in ('y', 'yes', 'true', 'on'))
# go-yaml v2 also reads 2006-1-2 (one-digit month and day) as a timestamp.
HelmLike.add_implicit_resolver(
    'tag:go-yaml,timestamp', re.compile(r'^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$'), list('0123456789'))
HelmLike.add_constructor(
    'tag:go-yaml,timestamp', lambda loader, node: {'timestamp': loader.construct_scalar(node)})

texts = json.load(sys.stdin)
out = {
    'safe': [list(yaml.safe_load_all(t)) for t in texts],
    'helm_like': [list(yaml.load_all(t, Loader=HelmLike)) for t in texts],
}
print(json.dumps(out, default=lambda o: {'not-a-string': repr(o)}))
"#;

fn pyyaml_documents(texts: &[&str]) -> PyYaml {
    static CHECKED: OnceLock<()> = OnceLock::new();
    CHECKED.get_or_init(|| {
        let ok = Command::new("python3")
            .args(["-c", "import yaml"])
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            ok,
            "these tests read the YAML with PyYAML too, and `python3 -c 'import yaml'` failed: \
             install Python 3 and PyYAML (python3 -m pip install pyyaml, or bash .ci/setup --test)"
        );
    });
    let mut child = Command::new("python3")
        .args(["-c", PYYAML_SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(texts).unwrap().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "PyYAML could not read the YAML: {}\n{texts:#?}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut both: BTreeMap<String, Vec<Vec<Value>>> =
        serde_json::from_slice(&out.stdout).expect("PyYAML's JSON");
    PyYaml {
        safe: both.remove("safe").unwrap(),
        helm_like: both.remove("helm_like").unwrap(),
    }
}

/// Whether Helm's YAML 1.1 would read this unquoted word as a boolean or a
/// date (go-yaml v2: y, yes, on, n, no, off; 2006-1-2 dates). Kubernetes
/// accepts such names, the wizard refuses them for namespaces and Secrets.
fn is_yaml_1_1_word(value: &str) -> bool {
    let parts: Vec<&str> = value.split('-').collect();
    let date = parts.len() == 3
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        && parts[0].len() == 4
        && (1..=2).contains(&parts[1].len())
        && (1..=2).contains(&parts[2].len());
    date || ["y", "yes", "on", "n", "no", "off"].contains(&value)
}

/// `openssl verify` of each leaf (its whole tls.crt) against ca.crt, for both
/// TLS server and client use (the leaves carry both extended key usages).
fn openssl_verify(ca_pem: &str, chains: &[String]) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("ca.crt");
    std::fs::write(&ca, ca_pem).unwrap();
    let mut leaves = Vec::new();
    for (i, chain) in chains.iter().enumerate() {
        let path = dir.path().join(format!("leaf{i}.pem"));
        std::fs::write(&path, chain).unwrap();
        leaves.push(path);
    }
    for purpose in ["sslserver", "sslclient"] {
        let out = Command::new("openssl")
            .args(["verify", "-x509_strict", "-purpose", purpose, "-CAfile"])
            .arg(&ca)
            .args(&leaves)
            .output()
            .map_err(|e| {
                format!("openssl could not run ({e}); install it (apt-get install openssl)")
            })?;
        let text = String::from_utf8_lossy(&out.stdout);
        if !out.status.success()
            || text.lines().filter(|l| l.ends_with(": OK")).count() != chains.len()
        {
            return Err(format!(
                "openssl verify -purpose {purpose} failed:\n{text}{}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    Ok(())
}

fn generate(case: &Case) -> Generated {
    let settings = case.settings();
    bundle::generate(
        &settings,
        CaSource::New,
        None,
        OffsetDateTime::now_utc(),
        &mut |_, _| {},
    )
    .unwrap_or_else(|e| panic!("valid settings were refused: {e}: {e:?}\n{case:#?}"))
}

/// Checks a bundle made from accepted settings against what the chart needs.
fn check_bundle(case: &Case, generated: &Generated) -> Result<(), TestCaseError> {
    let values = file(generated, "values.yaml");
    let secrets = file(generated, "secrets.yaml");
    let ca_pem = file(generated, "ca.crt");
    let py = pyyaml_documents(&[values, secrets]);

    // values.yaml: one document, the same for every parser and for the chart's rules.
    let expected_values = case.expected_values();
    prop_assert_eq!(
        &serde_yaml_documents(values),
        &vec![expected_values.clone()]
    );
    prop_assert_eq!(
        &py.safe[0],
        &vec![expected_values.clone()],
        "PyYAML reads values.yaml differently:\n{}",
        values
    );
    prop_assert_eq!(
        &py.helm_like[0],
        &vec![expected_values],
        "Helm would read values.yaml differently:\n{}",
        values
    );

    // secrets.yaml: the same documents for every parser.
    let docs = serde_yaml_documents(secrets);
    prop_assert_eq!(
        &py.safe[1],
        &docs,
        "PyYAML reads secrets.yaml differently:\n{}",
        secrets
    );
    prop_assert_eq!(
        &py.helm_like[1],
        &docs,
        "kubectl would read secrets.yaml differently:\n{}",
        secrets
    );

    let engine = base64::engine::general_purpose::STANDARD;
    let decode = |v: &Value| -> String {
        String::from_utf8(
            engine
                .decode(v.as_str().expect("data values are strings"))
                .unwrap(),
        )
        .unwrap()
    };
    let labels = json!({"app.kubernetes.io/managed-by": "internal-tls-wizard"});

    // The CA Secret first, then one kubernetes.io/tls Secret per distinct name.
    let ca_doc = &docs[0];
    prop_assert_eq!(
        ca_doc,
        &json!({
            "apiVersion": "v1", "kind": "Secret", "type": "Opaque",
            "metadata": {"name": case.ca_secret_name(), "namespace": case.namespace, "labels": labels},
            "data": {"ca.crt": engine.encode(ca_pem)},
        })
    );
    let ca = ParsedCertificate::parse_pem_chain(ca_pem).unwrap();
    prop_assert_eq!(ca.len(), 1);
    prop_assert!(ca[0].is_ca());
    let expected_cn = if case.ca_common_name.trim().is_empty() {
        format!("{}-internal-tls-ca", case.release)
    } else {
        case.ca_common_name.trim().to_string()
    };
    prop_assert_eq!(common_name(&ca[0]), expected_cn);

    let expected = case.expected_leaves();
    let mut seen = BTreeMap::new();
    let mut chains = Vec::new();
    for doc in &docs[1..] {
        prop_assert_eq!(&doc["apiVersion"], "v1");
        prop_assert_eq!(&doc["kind"], "Secret");
        prop_assert_eq!(&doc["type"], "kubernetes.io/tls");
        prop_assert_eq!(&doc["metadata"]["namespace"], &json!(case.namespace));
        prop_assert_eq!(&doc["metadata"]["labels"], &labels);
        let name = doc["metadata"]["name"].as_str().unwrap().to_string();
        let data = doc["data"].as_object().unwrap();
        let keys: Vec<&str> = data.keys().map(String::as_str).collect();
        let (sans, carries_ca) = expected
            .get(&name)
            .ok_or_else(|| TestCaseError::fail(format!("unexpected Secret {name}")))?;
        if *carries_ca {
            prop_assert_eq!(keys, vec!["ca.crt", "tls.crt", "tls.key"]);
            prop_assert_eq!(decode(&data["ca.crt"]), ca_pem);
        } else {
            prop_assert_eq!(keys, vec!["tls.crt", "tls.key"]);
        }
        let chain = decode(&data["tls.crt"]);
        let leaf = ParsedCertificate::parse_pem_chain(&chain).unwrap();
        prop_assert_eq!(leaf.len(), 1);
        prop_assert!(!leaf[0].is_ca());
        prop_assert_eq!(leaf[0].issuer_der(), ca[0].subject_der());
        prop_assert!(leaf[0].not_after() <= ca[0].not_after());
        let checked_at = OffsetDateTime::now_utc();
        prop_assert!(leaf[0].not_before() <= checked_at);
        prop_assert!(
            leaf[0].not_after() <= checked_at + time::Duration::days(i64::from(case.days)),
            "the leaf outlives the {} days asked for",
            case.days
        );
        prop_assert_eq!(&certificate_sans(&leaf[0]), sans, "SANs of Secret {}", name);
        let key =
            internal_tls_wizard::pki::PrivateKey::from_pem(&decode(&data["tls.key"])).unwrap();
        prop_assert_eq!(
            key.spki_der(),
            leaf[0].spki_der(),
            "tls.key is not the key of tls.crt"
        );
        seen.insert(name, ());
        chains.push(chain);
    }
    prop_assert_eq!(
        seen.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>()
    );
    openssl_verify(ca_pem, &chains).map_err(TestCaseError::fail)?;
    Ok(())
}

fn common_name(cert: &ParsedCertificate) -> String {
    let mut found = Vec::new();
    for rdn in cert.cert.tbs_certificate.subject.0.iter() {
        for atv in rdn.0.iter() {
            if atv.oid == const_oid::db::rfc4519::CN {
                found.push(String::from_utf8(atv.value.value().to_vec()).unwrap());
            }
        }
    }
    assert_eq!(found.len(), 1, "one common name");
    found.remove(0)
}

// ---- strategies -----------------------------------------------------------

fn label(max_middle: usize) -> impl Strategy<Value = String> {
    // RFC 1123 label starting with a letter: a, ab, a-b0, …
    proptest::string::string_regex(&format!("[a-z]([a-z0-9-]{{0,{max_middle}}}[a-z0-9])?")).unwrap()
}

fn namespace() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-z0-9]([a-z0-9-]{0,14}[a-z0-9])?")
        .unwrap()
        .prop_filter("refused: YAML 1.1 reads it as a boolean or date", |ns| {
            !is_yaml_1_1_word(ns)
        })
}

fn cluster_domain() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just("cluster.local".to_string()),
        2 => proptest::string::string_regex("[a-z0-9]{1,8}(\\.[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?){0,2}\\.?")
            .unwrap(),
    ]
}

fn extra_san() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::string::string_regex("[a-zA-Z][a-zA-Z0-9]{0,8}\\.example\\.(com|org)\\.?")
            .unwrap(),
        proptest::string::string_regex("\\*\\.[a-z]{1,8}\\.example\\.com").unwrap(),
        any::<Ipv4Addr>().prop_map(|ip| ip.to_string()),
        any::<Ipv6Addr>().prop_map(|ip| ip.to_string()),
        Just(" 10.0.0.1 ".to_string()),
        Just(String::new()),
    ]
}

fn key_algorithm() -> impl Strategy<Value = KeyAlgorithm> {
    prop_oneof![
        8 => Just(KeyAlgorithm::EcdsaP256),
        // Ed25519 is refused: Keycloak's PEM reader takes RSA and EC only.
        2 => Just(KeyAlgorithm::EcdsaP384),
    ]
}

prop_compose! {
    fn valid_case()(
        release in label(18),
        name_override in prop_oneof![3 => Just(String::new()), 1 => label(18)],
        namespace in namespace(),
        cluster_domain in cluster_domain(),
        flags in any::<[bool; 5]>(),
        extra_sans in proptest::collection::vec(extra_san(), 0..4),
        // Per service: None for the default name, or a name of its own.
        custom in proptest::collection::vec(proptest::option::weighted(0.3, label(8)), 7),
        ca_secret in proptest::option::weighted(0.3, label(8)),
        ca_common_name in prop_oneof![Just(String::new()), "[A-Za-z0-9 .,'()-]{1,40}", "\\PC{1,20}"],
        key in key_algorithm(),
        days in 1u32..=3650,
        ca_days in 1u32..=3650,
    ) -> Case {
        let [keycloak_cluster, redis_external, rabbitmq, data_streamer, shared] = flags;
        let mut secret_names: [String; 7] = Default::default();
        for (index, name) in custom.into_iter().enumerate() {
            if let Some(prefix) = name {
                // Distinct per service, and never a CA Secret's name.
                secret_names[index] = format!("{prefix}-{}", SERVICES[index].1);
            }
        }
        Case {
            release, name_override, namespace, cluster_domain,
            keycloak_cluster, redis_external, rabbitmq, data_streamer, shared,
            extra_sans, secret_names,
            ca_secret: ca_secret.map(|p| format!("{p}-ca")).unwrap_or_default(),
            ca_common_name, key, days, ca_days,
        }
    }
}

/// Strings made to break YAML (and names): indicators, quotes, line breaks,
/// anchors, tags, document markers, words YAML 1.1 reads as booleans, nulls or
/// numbers, unicode, control characters, very long runs, and valid-looking parts.
fn adversarial() -> impl Strategy<Value = String> {
    let whole = prop_oneof![
        Just("true"),
        Just("false"),
        Just("null"),
        Just("~"),
        Just("yes"),
        Just("no"),
        Just("on"),
        Just("off"),
        Just("y"),
        Just("n"),
        Just("0777"),
        Just("0x1f"),
        Just("0b101"),
        Just("1e3"),
        Just("123"),
        Just("1_000"),
        Just("1:20"),
        Just(".inf"),
        Just(".nan"),
        Just("2001-01-01"),
        Just("-"),
        Just("---"),
        Just("..."),
        Just("*"),
        Just("&a"),
        Just("*a"),
        Just("!!str"),
        Just("<<"),
        Just("="),
    ]
    .prop_map(str::to_string);
    let piece = prop_oneof![
        Just(": ".to_string()),
        Just("\n".to_string()),
        Just("#".to_string()),
        Just(" #".to_string()),
        Just("- ".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("&a ".to_string()),
        Just("*a".to_string()),
        Just("!!".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("|".to_string()),
        Just(">".to_string()),
        Just("%".to_string()),
        Just("@".to_string()),
        Just("`".to_string()),
        Just("---\n".to_string()),
        Just("\t".to_string()),
        Just("\r\n".to_string()),
        Just(" ".to_string()),
        Just("é".to_string()),
        Just("😀".to_string()),
        Just("\u{2028}".to_string()),
        Just("\u{feff}".to_string()),
        Just("\u{0}".to_string()),
        Just("\u{85}".to_string()),
        Just("? ".to_string()),
        Just(",".to_string()),
        Just("a".repeat(300)),
        Just(".".to_string()),
        Just("-".to_string()),
        "[a-z0-9]{1,8}",
        "[A-Z]{1,3}",
        "\\PC{1,4}",
    ];
    prop_oneof![
        1 => whole,
        3 => proptest::collection::vec(piece, 1..5).prop_map(|v| v.concat()),
    ]
}

/// The fields a user types, with the settings path or values path a diagnostic
/// about it must name.
#[derive(Debug, Clone, Copy)]
enum Field {
    Release,
    NameOverride,
    Namespace,
    ClusterDomain,
    ExtraSan,
    Secret(usize),
    CaSecret,
    CaCommonName,
}

impl Field {
    fn path(self) -> String {
        match self {
            Field::Release => "release.name".into(),
            Field::NameOverride => "release.name_override".into(),
            Field::Namespace => "release.namespace".into(),
            Field::ClusterDomain => "release.cluster_domain".into(),
            Field::ExtraSan => "release.extra_sans[1]".into(),
            Field::Secret(i) => format!(
                "general.internal_tls.certificates.existing_certificates.{}",
                SERVICES[i].0
            ),
            Field::CaSecret => "general.internal_tls.certificates.existing_ca_secret_name".into(),
            Field::CaCommonName => "certificates.ca_common_name".into(),
        }
    }

    fn set(self, case: &mut Case, value: String) {
        match self {
            Field::Release => case.release = value,
            Field::NameOverride => case.name_override = value,
            Field::Namespace => case.namespace = value,
            Field::ClusterDomain => case.cluster_domain = value,
            Field::ExtraSan => case.extra_sans.push(value),
            Field::Secret(i) => case.secret_names[i] = value,
            Field::CaSecret => case.ca_secret = value,
            Field::CaCommonName => case.ca_common_name = value,
        }
    }
}

fn field() -> impl Strategy<Value = Field> {
    prop_oneof![
        Just(Field::Release),
        Just(Field::NameOverride),
        Just(Field::Namespace),
        Just(Field::ClusterDomain),
        Just(Field::ExtraSan),
        (0usize..7).prop_map(Field::Secret),
        Just(Field::CaSecret),
        Just(Field::CaCommonName),
    ]
}

// ---- properties -------------------------------------------------------------

/// `cases` cases; a failing case is saved next to this file
/// (tests/properties.proptest-regressions) and replayed first from then on.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
        )),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(32))]

    /// Valid settings always make a bundle; every leaf verifies against the CA
    /// and covers exactly its Services' names and the extra SANs; values.yaml and
    /// secrets.yaml read back the same with serde_yaml and PyYAML.
    #[test]
    fn any_valid_settings_make_a_bundle_the_chart_can_use(case in valid_case()) {
        let planned = plan(&case.settings());
        prop_assert!(
            planned.plan.is_some(),
            "valid settings were refused: {:#?}",
            planned.diagnostics
        );
        check_bundle(&case, &generate(&case))?;
    }

}

proptest! {
    // Most hostile strings are refused at once, so this runs more cases.
    #![proptest_config(config(96))]

    /// A hostile string in any typed field is refused with an error naming that
    /// field, or ends up intact where it belongs; it never reshapes the YAML.
    #[test]
    fn no_typed_string_changes_the_yaml_structure(
        field in field(),
        value in adversarial(),
        shared in any::<bool>(),
    ) {
        let mut case = Case::baseline();
        case.shared = shared;
        field.set(&mut case, value.clone());
        let planned = plan(&case.settings());
        match &planned.plan {
            None => {
                let errors: Vec<_> = planned
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .collect();
                prop_assert!(
                    errors.iter().any(|d| d.path == field.path() && !d.message.is_empty()),
                    "{value:?} in {} was refused, but no error names that field: {errors:#?}",
                    field.path()
                );
            }
            Some(_) => {
                check_bundle(&case, &generate(&case))?;
            }
        }
    }
}

proptest! {
    #![proptest_config(config(2))]

    /// The same with RSA 2048 keys (slower to make, so only a few cases).
    #[test]
    fn rsa_bundles_verify_too(mut case in valid_case()) {
        case.key = KeyAlgorithm::Rsa2048;
        check_bundle(&case, &generate(&case))?;
    }
}

proptest! {
    #![proptest_config(config(512))]

    /// Pure parsing: a settings document written by the page (JSON) or by hand
    /// (YAML, as serde_yaml writes it) reads back to the same settings.
    #[test]
    fn settings_documents_read_back(case in valid_case(), value in adversarial(), field in field()) {
        let mut case = case;
        field.set(&mut case, value);
        let settings = case.settings();
        prop_assert_eq!(Settings::parse(&settings.to_json()).unwrap(), settings.clone());
        let yaml = serde_yaml::to_string(&settings).unwrap();
        prop_assert_eq!(Settings::parse(&yaml).unwrap(), settings);
    }
}

/// A name refused in one field is refused with a message, not escaped: the
/// chart would read an escaped name as a different name.
#[test]
fn invalid_names_are_refused_with_a_message_not_escaped() {
    let cases: &[(Field, &str)] = &[
        (Field::Release, "Acme"),
        (Field::Release, "acme prod"),
        (Field::Release, "acme: {x}"),
        (Field::Release, &"a".repeat(300)),
        (Field::Namespace, "team a"),
        (Field::Namespace, "ns\n- evil"),
        (Field::ClusterDomain, "cluster local"),
        (Field::NameOverride, "lr#x"),
        (Field::Secret(0), "Frontend_TLS"),
        (Field::Secret(3), "redis: tls"),
        (Field::CaSecret, "ca\"secret"),
        (Field::ExtraSan, "under_score.example.com"),
        (Field::CaCommonName, "CA\nname"),
    ];
    for (field, value) in cases {
        let mut case = Case::baseline();
        field.set(&mut case, (*value).to_string());
        let planned = plan(&case.settings());
        assert!(
            planned.plan.is_none(),
            "{value:?} in {} was accepted",
            field.path()
        );
        let error = planned
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error && d.path == field.path())
            .unwrap_or_else(|| {
                panic!(
                    "no error names {}: {:#?}",
                    field.path(),
                    planned.diagnostics
                )
            });
        assert!(
            !error.message.is_empty() && !error.hint.is_empty(),
            "{error:?}"
        );
    }
}

/// Names Kubernetes accepts but YAML 1.1 (Helm's and kubectl's YAML) reads as
/// something other than a string, in every field that becomes a whole YAML
/// scalar: each is refused with an error naming the field, or reaches every
/// reader as the same string.
#[test]
fn yaml_1_1_words_are_refused_or_stay_strings() {
    let words = [
        "y",
        "yes",
        "on",
        "n",
        "no",
        "off",
        "true",
        "false",
        "null",
        "0777",
        "0x1f",
        "0b101",
        "0o17",
        "1e3",
        "123",
        "2001-01-01",
        "2001-1-1",
        "2001-01-01t00",
    ];
    let mut failures = Vec::new();
    for word in words {
        for field in [
            Field::Namespace,
            Field::Secret(0),
            Field::Secret(2),
            Field::CaSecret,
        ] {
            let mut case = Case::baseline();
            field.set(&mut case, word.to_string());
            let planned = plan(&case.settings());
            if planned.plan.is_none() {
                let named = planned
                    .diagnostics
                    .iter()
                    .any(|d| d.severity == Severity::Error && d.path == field.path());
                if !named {
                    failures.push(format!(
                        "{word:?} in {}: refused, but no error names the field",
                        field.path()
                    ));
                }
                continue;
            }
            let generated = generate(&case);
            let values = file(&generated, "values.yaml");
            let secrets = file(&generated, "secrets.yaml");
            let py = pyyaml_documents(&[values, secrets]);
            let expected = vec![vec![case.expected_values()], serde_yaml_documents(secrets)];
            if py.helm_like != expected || py.safe != expected {
                failures.push(format!(
                    "{word:?} in {}: read back differently",
                    field.path()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// One mistyped field gives one error, about that field. Found here and fixed
/// in e6c185f: an invalid release name, name override, namespace, cluster
/// domain or extra SAN left the default Secret names underived, so every
/// deployed component's Secret was also reported missing (six more errors on
/// fields the user never touched) with a warning that no CA Secret was named;
/// and a cluster domain that made the Services' full DNS names too long was
/// blamed on the release name, once per Service.
#[test]
fn one_bad_field_gives_one_error() {
    let long_domain = vec!["a".repeat(60); 4].join(".");
    // What the untouched settings already say (such as a warning about the
    // backend's CA) is not the mistyped field's doing.
    let baseline: Vec<String> = plan(&Case::baseline().settings())
        .diagnostics
        .iter()
        .filter(|d| d.severity <= Severity::Warning)
        .map(|d| format!("{:?} {}", d.severity, d.path))
        .collect();
    let mut report = Vec::new();
    for (field, value) in [
        (Field::Release, "Acme"),
        (Field::NameOverride, "LR"),
        (Field::Namespace, "team a"),
        (Field::ClusterDomain, "cluster local"),
        (Field::ExtraSan, "under_score.example.com"),
        // Valid alone, but makes <svc>.<ns>.svc.<domain> longer than 253
        // characters: once blamed on release.name, once per Service.
        (Field::ClusterDomain, &long_domain),
    ] {
        let mut case = Case::baseline();
        field.set(&mut case, value.to_string());
        let planned = plan(&case.settings());
        let shown: Vec<String> = planned
            .diagnostics
            .iter()
            .filter(|d| d.severity <= Severity::Warning)
            .map(|d| format!("{:?} {}", d.severity, d.path))
            .filter(|d| !baseline.contains(d))
            .collect();
        if shown != [format!("Error {}", field.path())] {
            report.push(format!("{value:?} in {}: {shown:#?}", field.path()));
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
}
