//! Shared helpers for the integration tests: the real tools (openssl, kubectl,
//! pkilint) run as processes, the bundle on disk read back with serde_yaml and
//! base64, and the chart's naming rules written out again from
//! README.md ("What the wizard knows about the chart"), independently of `src/`, so the tests check the crate
//! against the specification rather than against itself.
//!
//! A missing tool is a failure, never a skip: CI installs every one of them.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

use base64::Engine;
use serde::Deserialize;

// ---------------------------------------------------------------------------
// Tools
// ---------------------------------------------------------------------------

/// How each required tool is probed and installed.
fn tool_probe(tool: &str) -> (&'static [&'static str], &'static str) {
    match tool {
        "openssl" => (
            &["version"],
            "install OpenSSL 3 (e.g. `apt-get install openssl`)",
        ),
        "kubectl" => (
            &["version", "--client"],
            "install kubectl (https://kubernetes.io/docs/tasks/tools/); only the client is needed",
        ),
        "lint_pkix_cert" => (
            &["--help"],
            "install pkilint (`pip install pkilint`), which provides lint_pkix_cert",
        ),
        "python3" => (
            &["--version"],
            "install Python 3 with pkilint (`pip install pkilint`)",
        ),
        _ => (&["--version"], "install it"),
    }
}

/// Panics with an actionable message unless `tool` runs. Each tool is probed once.
pub fn require_tool(tool: &str) {
    static CHECKED: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    let mut checked = CHECKED.lock().unwrap_or_else(|e| e.into_inner());
    if checked.contains(tool) {
        return;
    }
    let (probe, hint) = tool_probe(tool);
    match Command::new(tool).args(probe).output() {
        Ok(out) if out.status.success() => {
            checked.insert(tool.to_string());
        }
        Ok(out) => panic!(
            "required tool `{tool}` is on PATH but `{tool} {}` failed ({}): {}\n{hint}",
            probe.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => panic!(
            "required tool `{tool}` could not be run ({e}). These tests do not skip: {hint}."
        ),
    }
}

/// A `Command` for a required tool (checked first).
pub fn tool(name: &str) -> Command {
    require_tool(name);
    Command::new(name)
}

/// Runs a command to completion; panics only if it cannot be started.
pub fn run(cmd: &mut Command) -> Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("could not run {cmd:?}: {e}"))
}

/// Runs a command that must succeed and returns its stdout.
pub fn run_ok(cmd: &mut Command) -> String {
    let out = run(cmd);
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}):\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `openssl ARGS…`, which must succeed; returns stdout.
pub fn openssl(args: &[&str]) -> String {
    run_ok(tool("openssl").args(args))
}

/// A CA made with openssl in `dir`: `NAME.crt` (self-signed, P-256, CN=NAME,
/// a CA for certificate and CRL signing) and its key `NAME.key`.
pub fn openssl_ca(dir: &Path, name: &str) {
    let file = |ext: &str| {
        dir.join(format!("{name}.{ext}"))
            .to_string_lossy()
            .into_owned()
    };
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        &file("key"),
        "-out",
        &file("crt"),
        "-days",
        "365",
        "-subj",
        &format!("/CN={name}"),
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]);
}

/// stdout and stderr of an output, for messages.
pub fn describe(out: &Output) -> String {
    format!(
        "status: {}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Maps `f` over `items` on a few threads, keeping order: the tools are
/// separate processes, so this keeps a many-certificate check short.
pub fn parallel_map<T: Sync, R: Send>(
    items: &[T],
    workers: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let next = Mutex::new(0usize);
    let results: Mutex<Vec<Option<R>>> = Mutex::new(items.iter().map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..workers.max(1) {
            s.spawn(|| loop {
                let index = {
                    let mut n = next.lock().unwrap_or_else(|e| e.into_inner());
                    let i = *n;
                    *n += 1;
                    i
                };
                let Some(item) = items.get(index) else {
                    break;
                };
                let r = f(item);
                results.lock().unwrap_or_else(|e| e.into_inner())[index] = Some(r);
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.expect("every item was mapped"))
        .collect()
}

// ---------------------------------------------------------------------------
// Collecting failures
// ---------------------------------------------------------------------------

/// Collects every broken expectation of a test, so one run reports them all.
#[derive(Default)]
pub struct Failures(Vec<String>);

impl Failures {
    /// Records `message` unless `ok`.
    pub fn check(&mut self, ok: bool, message: impl FnOnce() -> String) {
        if !ok {
            self.0.push(message());
        }
    }

    /// Records a failure.
    pub fn fail(&mut self, message: impl Into<String>) {
        self.0.push(message.into());
    }

    /// Adds another collection's failures, each prefixed.
    pub fn extend(&mut self, prefix: &str, other: Failures) {
        self.0
            .extend(other.0.into_iter().map(|m| format!("{prefix}: {m}")));
    }

    /// Panics listing every failure, if any.
    pub fn assert_none(self, what: &str) {
        assert!(
            self.0.is_empty(),
            "{what}: {} failure(s):\n  - {}",
            self.0.len(),
            self.0.join("\n  - ")
        );
    }
}

// ---------------------------------------------------------------------------
// The chart's names (README.md, "What the wizard knows about the chart")
// ---------------------------------------------------------------------------

/// `existing_certificates.*` keys and the suffix the chart appends to the
/// fullname to name each one's Service.
pub const SERVICES: [(&str, &str); 7] = [
    ("frontend", "frontend"),
    ("keycloak", "keycloak"),
    ("keycloak_cluster", "keycloak-headless"),
    ("redis", "redis"),
    ("rabbitmq", "mq"),
    ("data_streamer", "data-streamer"),
    ("artifacts", "artifacts"),
];

/// The Service name of a values key.
pub fn service_name(fullname: &str, key: &str) -> String {
    let suffix = SERVICES
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, s)| *s)
        .unwrap_or_else(|| panic!("unknown service key {key}"));
    format!("{fullname}-{suffix}")
}

/// The DNS names a peer may use for a Service: the bare name, then with the
/// namespace, `.svc` and the cluster domain. The Keycloak headless Service also
/// addresses each pod as `<pod>.<svc>.<ns>.svc[.<domain>]`, hence the wildcards.
pub fn required_dns_names(svc: &str, ns: &str, domain: &str, key: &str) -> Vec<String> {
    let mut names = vec![
        svc.to_string(),
        format!("{svc}.{ns}"),
        format!("{svc}.{ns}.svc"),
        format!("{svc}.{ns}.svc.{domain}"),
    ];
    if key == "keycloak_cluster" {
        names.push(format!("*.{svc}.{ns}.svc"));
        names.push(format!("*.{svc}.{ns}.svc.{domain}"));
    }
    names
}

/// A concrete host name a wildcard stands for (a Keycloak pod).
pub fn instance_of(name: &str, pod: &str) -> String {
    match name.strip_prefix("*.") {
        Some(rest) => format!("{pod}.{rest}"),
        None => name.to_string(),
    }
}

// ---------------------------------------------------------------------------
// PEM
// ---------------------------------------------------------------------------

/// One PEM block: its label and its text, BEGIN to END line included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PemBlock {
    /// `CERTIFICATE`, `PRIVATE KEY`, …
    pub label: String,
    /// The whole block with a trailing newline.
    pub text: String,
}

/// Splits PEM text into its blocks, in order.
pub fn pem_blocks(text: &str) -> Vec<PemBlock> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        if let Some(label) = line
            .strip_prefix("-----BEGIN ")
            .and_then(|l| l.strip_suffix("-----"))
        {
            current = Some((label.to_string(), format!("{line}\n")));
        } else if let Some((label, mut body)) = current.take() {
            body.push_str(line);
            body.push('\n');
            if line.starts_with("-----END ") {
                blocks.push(PemBlock { label, text: body });
            } else {
                current = Some((label, body));
            }
        }
    }
    blocks
}

/// The certificates of a PEM text.
pub fn certificates(text: &str) -> Vec<String> {
    pem_blocks(text)
        .into_iter()
        .filter(|b| b.label == "CERTIFICATE")
        .map(|b| b.text)
        .collect()
}

// ---------------------------------------------------------------------------
// Certificate facts, as openssl reads them
// ---------------------------------------------------------------------------

/// An X.509v3 extension as `openssl x509 -ext` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    /// Whether it is marked critical.
    pub critical: bool,
    /// Its value lines, trimmed and joined with `\n`.
    pub value: String,
}

/// What openssl says about one certificate.
#[derive(Debug, Clone)]
pub struct CertFacts {
    /// `openssl x509 -text`.
    pub text: String,
    /// The serial number in hex, as `-serial` prints it.
    pub serial_hex: String,
    /// notBefore, seconds since the epoch.
    pub not_before: i64,
    /// notAfter, seconds since the epoch.
    pub not_after: i64,
    /// Extensions by openssl's name (`X509v3 Key Usage`, …).
    pub extensions: BTreeMap<String, Extension>,
    /// The public key as PEM (`-pubkey`).
    pub public_key_pem: String,
}

impl CertFacts {
    /// Reads a certificate file with one openssl run: the listing options
    /// print first, then the public key, then the `-text` dump.
    pub fn read(path: &Path) -> Self {
        let p = path.to_str().expect("UTF-8 path");
        let all = openssl(&[
            "x509",
            "-in",
            p,
            "-noout",
            "-serial",
            "-dateopt",
            "iso_8601",
            "-startdate",
            "-enddate",
            "-ext",
            "subjectKeyIdentifier,authorityKeyIdentifier,keyUsage,extendedKeyUsage,basicConstraints,subjectAltName",
            "-pubkey",
            "-text",
        ]);
        let (listing, rest) = all
            .split_once("-----BEGIN PUBLIC KEY-----")
            .unwrap_or_else(|| panic!("no public key in openssl's output:\n{all}"));
        let end = "-----END PUBLIC KEY-----\n";
        let (key_body, text) = rest
            .split_once(end)
            .unwrap_or_else(|| panic!("no end of the public key in openssl's output:\n{all}"));
        let public_key_pem = format!("-----BEGIN PUBLIC KEY-----{key_body}{end}");
        let mut serial_hex = String::new();
        let mut not_before = None;
        let mut not_after = None;
        let mut extensions = BTreeMap::new();
        let mut current: Option<(String, Extension)> = None;
        for line in listing.lines() {
            if line.starts_with(' ') {
                if let Some((_, ext)) = current.as_mut() {
                    if !ext.value.is_empty() {
                        ext.value.push('\n');
                    }
                    ext.value.push_str(line.trim());
                }
                continue;
            }
            if let Some((name, ext)) = current.take() {
                extensions.insert(name, ext);
            }
            if let Some(v) = line.strip_prefix("serial=") {
                serial_hex = v.trim().to_string();
            } else if let Some(v) = line.strip_prefix("notBefore=") {
                not_before = Some(parse_iso_time(v));
            } else if let Some(v) = line.strip_prefix("notAfter=") {
                not_after = Some(parse_iso_time(v));
            } else if let Some((name, rest)) = line.split_once(':') {
                if name.starts_with("X509v3 ") {
                    current = Some((
                        name.to_string(),
                        Extension {
                            critical: rest.trim() == "critical",
                            value: String::new(),
                        },
                    ));
                }
            }
        }
        if let Some((name, ext)) = current.take() {
            extensions.insert(name, ext);
        }
        Self {
            text: text.to_string(),
            serial_hex,
            not_before: not_before.unwrap_or_else(|| panic!("no notBefore in {listing}")),
            not_after: not_after.unwrap_or_else(|| panic!("no notAfter in {listing}")),
            extensions,
            public_key_pem,
        }
    }

    /// One extension, by openssl's short name (`Key Usage` for `X509v3 Key Usage`).
    pub fn ext(&self, name: &str) -> Option<&Extension> {
        self.extensions.get(&format!("X509v3 {name}"))
    }

    /// A key identifier extension's value, normalised (`keyid:` dropped, upper case).
    pub fn key_id(&self, name: &str) -> Option<String> {
        self.ext(name).map(|e| {
            e.value
                .lines()
                .map(|l| l.trim().trim_start_matches("keyid:"))
                .find(|l| !l.is_empty())
                .unwrap_or_default()
                .to_ascii_uppercase()
        })
    }

    /// The subjectAltName entries as openssl prints them (`DNS:x`, `IP Address:1.2.3.4`).
    pub fn sans(&self) -> BTreeSet<String> {
        self.ext("Subject Alternative Name")
            .map(|e| {
                e.value
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The serial's size in bits (leading zero bits not counted).
    pub fn serial_bits(&self) -> usize {
        let hex = self.serial_hex.trim_start_matches('0');
        let Some(first) = hex.chars().next() else {
            return 0;
        };
        let lead = first.to_digit(16).unwrap_or(0);
        (hex.len() - 1) * 4 + (32 - lead.leading_zeros() as usize)
    }
}

/// Parses openssl's `-dateopt iso_8601` form (`2026-11-28 12:24:03Z`).
pub fn parse_iso_time(value: &str) -> i64 {
    let v = value.trim().trim_end_matches('Z');
    let (date, clock) = v
        .split_once(' ')
        .unwrap_or_else(|| panic!("unexpected date {value:?}"));
    let num = |s: &str| -> i64 {
        s.parse()
            .unwrap_or_else(|_| panic!("unexpected date {value:?}"))
    };
    let d: Vec<i64> = date.split('-').map(num).collect();
    let t: Vec<i64> = clock.split(':').map(num).collect();
    assert!(d.len() == 3 && t.len() == 3, "unexpected date {value:?}");
    let month = time::Month::try_from(u8::try_from(d[1]).expect("month")).expect("month");
    let day = time::Date::from_calendar_date(
        i32::try_from(d[0]).expect("year"),
        month,
        u8::try_from(d[2]).expect("day"),
    )
    .expect("calendar date");
    let hms = time::Time::from_hms(
        u8::try_from(t[0]).expect("hour"),
        u8::try_from(t[1]).expect("minute"),
        u8::try_from(t[2]).expect("second"),
    )
    .expect("time of day");
    time::PrimitiveDateTime::new(day, hms)
        .assume_utc()
        .unix_timestamp()
}

/// Seconds since the epoch, now.
pub fn unix_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Whether openssl says the certificate matches a host name.
pub fn openssl_matches_host(cert: &Path, host: &str) -> bool {
    let out = openssl(&[
        "x509",
        "-in",
        cert.to_str().expect("UTF-8 path"),
        "-noout",
        "-checkhost",
        host,
    ]);
    if out.contains("does NOT match") {
        false
    } else if out.contains("does match") {
        true
    } else {
        panic!("unexpected openssl -checkhost output: {out}")
    }
}

/// Whether openssl says the certificate matches an IP address.
pub fn openssl_matches_ip(cert: &Path, ip: &str) -> bool {
    let out = openssl(&[
        "x509",
        "-in",
        cert.to_str().expect("UTF-8 path"),
        "-noout",
        "-checkip",
        ip,
    ]);
    if out.contains("does NOT match") {
        false
    } else if out.contains("does match") {
        true
    } else {
        panic!("unexpected openssl -checkip output: {out}")
    }
}

/// The public key of a private key file, as PEM (`openssl pkey -pubout`), or
/// what openssl said when it could not read the key.
pub fn public_key_of(key: &Path) -> Result<String, String> {
    let out = run(tool("openssl")
        .arg("pkey")
        .arg("-in")
        .arg(key)
        .arg("-pubout"));
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

// ---------------------------------------------------------------------------
// pkilint
// ---------------------------------------------------------------------------

/// One pkilint finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// FATAL, ERROR, WARNING, …
    pub severity: String,
    /// `pkix.invalid_domain_name_syntax`, …
    pub code: String,
    /// The message, which quotes the offending value.
    pub message: String,
    /// Where in the certificate.
    pub node_path: String,
}

#[derive(Deserialize)]
struct LintReport {
    results: Vec<LintResult>,
}

#[derive(Deserialize)]
struct LintResult {
    node_path: String,
    finding_descriptions: Vec<LintDescription>,
}

#[derive(Deserialize)]
struct LintDescription {
    severity: String,
    code: String,
    #[serde(default)]
    message: Option<String>,
}

/// Runs pkilint's `lint_pkix_cert lint -s WARNING -f JSON FILE` on each
/// certificate file and returns, per file, every finding of severity WARNING
/// or above.
///
/// The certificates are linted by the `lint_pkix_cert` entry point itself
/// (`pkilint.bin.lint_pkix_cert.main`, with exactly those arguments), one call
/// per file, in a single Python process: a hundred interpreter start-ups
/// would otherwise be most of this suite's running time.
pub fn pkilint(certs: &[PathBuf]) -> Vec<Vec<Finding>> {
    require_tool("lint_pkix_cert");
    const SCRIPT: &str = r#"
import contextlib, io, json, sys
from pkilint.bin import lint_pkix_cert
reports = []
for path in sys.argv[1:]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = lint_pkix_cert.main(["lint", "-s", "WARNING", "-f", "JSON", path])
    reports.append({"file": path, "status": status, "report": out.getvalue()})
json.dump(reports, sys.stdout)
"#;
    let out = run(tool("python3").arg("-c").arg(SCRIPT).args(certs));
    assert!(
        out.status.success(),
        "pkilint could not run in python3 (is the pkilint package installed for the \
         python3 on PATH? `pip install pkilint`):\n{}",
        describe(&out)
    );
    #[derive(Deserialize)]
    struct Run {
        file: String,
        report: String,
    }
    let runs: Vec<Run> = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "unexpected pkilint driver output ({e}):\n{}",
            describe(&out)
        )
    });
    assert_eq!(runs.len(), certs.len(), "pkilint linted every file");
    runs.into_iter()
        .map(|r| {
            // pkilint's exit status counts the findings, so it is not checked;
            // output that is not a JSON report is a failure of its own.
            let report: LintReport = serde_json::from_str(&r.report).unwrap_or_else(|e| {
                panic!(
                    "pkilint gave no JSON report for {} ({e}):\n{}",
                    r.file, r.report
                )
            });
            report
                .results
                .into_iter()
                .flat_map(|r| {
                    let node_path = r.node_path;
                    r.finding_descriptions.into_iter().map(move |d| Finding {
                        severity: d.severity,
                        code: d.code,
                        message: d.message.unwrap_or_default(),
                        node_path: node_path.clone(),
                    })
                })
                .collect()
        })
        .collect()
}

/// The value a pkilint message quotes (`Invalid domain name syntax: "x"` → `x`).
pub fn quoted_value(message: &str) -> Option<&str> {
    let start = message.find('"')? + 1;
    let end = message.rfind('"')?;
    message.get(start..end)
}

// ---------------------------------------------------------------------------
// The bundle on disk
// ---------------------------------------------------------------------------

/// A Secret read back from secrets.yaml.
#[derive(Debug, Clone)]
pub struct Secret {
    /// `apiVersion`.
    pub api_version: String,
    /// `kind`.
    pub kind: String,
    /// `metadata.name`.
    pub name: String,
    /// `metadata.namespace` (empty when missing).
    pub namespace: String,
    /// `type`.
    pub secret_type: String,
    /// `data`, still base64.
    pub data_b64: BTreeMap<String, String>,
    /// `data`, decoded.
    pub data: BTreeMap<String, Vec<u8>>,
}

impl Secret {
    /// A data entry decoded as text.
    pub fn text(&self, key: &str) -> Option<String> {
        self.data
            .get(key)
            .map(|b| String::from_utf8(b.clone()).expect("Secret data is UTF-8 PEM"))
    }
}

/// Reads every document of a multi-document YAML stream of Secrets.
pub fn parse_secrets(text: &str) -> Vec<Secret> {
    let engine = base64::engine::general_purpose::STANDARD;
    let mut out = Vec::new();
    for document in serde_yaml::Deserializer::from_str(text) {
        let value = serde_yaml::Value::deserialize(document).expect("secrets.yaml is YAML");
        if value.is_null() {
            continue;
        }
        let s = |v: &serde_yaml::Value| v.as_str().unwrap_or_default().to_string();
        let mut data_b64 = BTreeMap::new();
        let mut data = BTreeMap::new();
        if let Some(map) = value.get("data").and_then(|d| d.as_mapping()) {
            for (k, v) in map {
                let key = s(k);
                let b64 = s(v);
                let decoded = engine
                    .decode(b64.as_bytes())
                    .unwrap_or_else(|e| panic!("data.{key} is not base64: {e}"));
                data_b64.insert(key.clone(), b64);
                data.insert(key, decoded);
            }
        }
        out.push(Secret {
            api_version: s(&value["apiVersion"]),
            kind: s(&value["kind"]),
            name: s(&value["metadata"]["name"]),
            namespace: s(&value["metadata"]["namespace"]),
            secret_type: s(&value["type"]),
            data_b64,
            data,
        });
    }
    out
}

/// `general.internal_tls` of a values.yaml.
pub fn internal_tls(values: &serde_yaml::Value) -> &serde_yaml::Value {
    &values["general"]["internal_tls"]
}

/// `existing_certificates` of a values.yaml, as key → Secret name.
pub fn existing_certificates(values: &serde_yaml::Value) -> BTreeMap<String, String> {
    internal_tls(values)["certificates"]["existing_certificates"]
        .as_mapping()
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    (
                        k.as_str().unwrap_or_default().to_string(),
                        v.as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Every file name in a folder (dotfiles included).
pub fn file_names(dir: &Path) -> BTreeSet<String> {
    match fs::read_dir(dir) {
        Ok(entries) => entries
            .map(|e| {
                e.expect("directory entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect(),
        Err(_) => BTreeSet::new(),
    }
}

/// The permission bits of a file.
#[cfg(unix)]
pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// Writes a file, creating its folder.
pub fn write(path: &Path, contents: impl AsRef<[u8]>) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create folder");
    }
    fs::write(path, contents).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// A fresh folder under cargo's per-test-target temporary folder, emptied
/// first, so files from a failed run stay there for a look.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    if dir.exists() {
        fs::remove_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    }
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    dir
}
