#![cfg(not(target_arch = "wasm32"))] // runs real processes
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! Day-2 operations through the real binary: renewal, the expiry report and
//! its calendar, the trusted-CA bundle, merging into the user's values.yaml,
//! and every emitted Secret against the Kubernetes schema. Certificates are
//! checked with openssl, the calendar with Python's `icalendar`, the Secrets
//! with `kubernetes-validate` (both from PyPI; `.ci/setup --test` installs them).

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::{openssl, openssl_ca, parse_secrets, run, run_ok, scratch_dir, tool, write};

const BIN: &str = env!("CARGO_BIN_EXE_tls-wizard");

fn wizard(args: &[&str]) -> Output {
    run(Command::new(BIN).args(args))
}

fn ok(args: &[&str]) -> String {
    run_ok(Command::new(BIN).args(args))
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A bundle for release `acme` in `prod`, Keycloak cluster mode, P-384 keys,
/// certificates valid 20 days.
fn bundle(dir: &Path) -> PathBuf {
    let out = dir.join("bundle");
    ok(&[
        "generate",
        "--out",
        p(&out),
        "--release-name",
        "acme",
        "--namespace",
        "prod",
        "--key",
        "ecdsa-p384",
        "--days",
        "20",
    ]);
    out
}

/// openssl's view of one certificate: serial, notAfter, SANs, key.
fn facts(pem: &str, dir: &Path, name: &str) -> (String, String, String, String) {
    let file = dir.join(format!("{name}.pem"));
    write(&file, pem);
    let get = |flag: &str| {
        openssl(&["x509", "-in", p(&file), "-noout", flag])
            .trim()
            .to_string()
    };
    let text = openssl(&["x509", "-in", p(&file), "-noout", "-text"]);
    let key = text
        .lines()
        .find(|l| l.contains("Public-Key:"))
        .unwrap_or_default()
        .trim()
        .to_string();
    (
        get("-serial"),
        get("-enddate"),
        openssl(&["x509", "-in", p(&file), "-noout", "-ext", "subjectAltName"]),
        key,
    )
}

fn leaf_of(secret: &support::Secret) -> String {
    let chain = secret.text("tls.crt").unwrap();
    let end =
        chain.find("-----END CERTIFICATE-----").unwrap() + "-----END CERTIFICATE-----\n".len();
    chain[..end].to_string()
}

// ---------------------------------------------------------------------------
// Renewal
// ---------------------------------------------------------------------------

#[test]
fn renewal_keeps_every_secret_name_namespace_san_and_key_algorithm_and_changes_keys_serials_and_dates(
) {
    let dir = scratch_dir("day2-renew");
    let old_dir = bundle(&dir);
    let new_dir = dir.join("renewed");
    let stdout = ok(&[
        "renew",
        "--from",
        p(&old_dir),
        "--out",
        p(&new_dir),
        "--days",
        "400",
    ]);

    let old = parse_secrets(&fs::read_to_string(old_dir.join("secrets.yaml")).unwrap());
    let new = parse_secrets(&fs::read_to_string(new_dir.join("secrets.yaml")).unwrap());
    let names = |s: &[support::Secret]| {
        s.iter()
            .map(|x| (x.name.clone(), x.namespace.clone(), x.secret_type.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(&old),
        names(&new),
        "same Secrets, same order, same namespace and type"
    );
    assert_eq!(
        new.len(),
        8,
        "the CA Secret, six service Secrets (the chart's defaults) and the main certificate's"
    );

    let ca = new_dir.join("ca.crt");
    assert_eq!(
        fs::read_to_string(&ca).unwrap(),
        fs::read_to_string(old_dir.join("ca.crt")).unwrap()
    );
    for (before, after) in old.iter().zip(&new) {
        if before.data.contains_key("tls.crt") {
            let (old_serial, old_end, old_sans, old_key) =
                facts(&leaf_of(before), &dir, &format!("{}-old", before.name));
            let (new_serial, new_end, new_sans, new_key) =
                facts(&leaf_of(after), &dir, &format!("{}-new", after.name));
            assert_ne!(old_serial, new_serial, "{}: a new serial", after.name);
            assert_ne!(old_end, new_end, "{}: a new notAfter", after.name);
            assert_eq!(old_sans, new_sans, "{}: the same SANs", after.name);
            assert_eq!(old_key, new_key, "{}: the same key algorithm", after.name);
            assert!(new_key.contains("384 bit"), "{new_key}");
            assert_ne!(
                before.text("tls.key"),
                after.text("tls.key"),
                "{}: a new key",
                after.name
            );
            let leaf = dir.join(format!("{}-new.pem", after.name));
            let verified = openssl(&["verify", "-CAfile", p(&ca), p(&leaf)]);
            assert!(verified.contains(": OK"), "{verified}");
            assert_eq!(
                before.data.get("ca.crt"),
                after.data.get("ca.crt"),
                "{}: ca.crt kept",
                after.name
            );
        } else {
            assert_eq!(
                before.data, after.data,
                "{}: the CA Secret is kept as it was",
                after.name
            );
        }
    }
    // What changed, and what to restart, in stdout and RENEW.md.
    let renew_md = fs::read_to_string(new_dir.join("RENEW.md")).unwrap();
    for text in [&stdout, &renew_md] {
        assert!(
            text.contains("kubectl -n prod rollout restart deployment/acme-frontend\n"),
            "{text}"
        );
        // Keycloak and RabbitMQ are StatefulSets; the main certificate is
        // mounted by the backend, the crons and the router.
        assert!(
            text.contains("kubectl -n prod rollout restart statefulset/acme-keycloak\n"),
            "{text}"
        );
        assert!(
            text.contains("kubectl -n prod rollout restart statefulset/acme-mq\n"),
            "{text}"
        );
        assert!(
            text.contains("kubectl -n prod rollout restart deployment/acme-router\n"),
            "{text}"
        );
        // The chart sets no app.kubernetes.io/instance label: no selector on it.
        assert!(!text.contains("app.kubernetes.io/instance"), "{text}");
        assert!(!text.contains("deployment/acme-keycloak"), "{text}");
        assert!(!text.contains("deployment/acme-mq"), "{text}");
        assert!(text.contains("acme-keycloak-headless-tls"), "{text}");
    }
    assert!(
        stdout.contains("(unchanged)") && !stdout.contains("CHANGED"),
        "{stdout}"
    );
    // values.yaml is copied as it was; no CA key is written.
    assert_eq!(
        fs::read(new_dir.join("values.yaml")).unwrap(),
        fs::read(old_dir.join("values.yaml")).unwrap()
    );
    assert!(!new_dir.join("ca.key").exists());
}

#[test]
fn renewal_reports_json_and_keeps_each_certificates_old_length_by_default() {
    let dir = scratch_dir("day2-renew-json");
    let old_dir = bundle(&dir);
    let out = dir.join("renewed");
    let json = ok(&[
        "renew",
        "--ca-cert",
        p(&old_dir.join("ca.crt")),
        "--ca-key",
        p(&old_dir.join("ca.key")),
        "--secrets",
        p(&old_dir.join("secrets.yaml")),
        "--out",
        p(&out),
        "--json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let renewed = report["renewed"].as_array().unwrap();
    assert_eq!(renewed.len(), 7, "six services and the main certificate");
    assert_eq!(report["kept"], serde_json::json!(["acme-internal-ca"]));
    for r in renewed {
        assert_eq!(r["key"], "ecdsa-p384");
        assert_eq!(r["sans_unchanged"], true);
        assert_ne!(r["old_serial"], r["new_serial"]);
        let end = time::OffsetDateTime::parse(
            r["new_not_after"].as_str().unwrap(),
            &time::format_description::well_known::Rfc3339,
        )
        .unwrap();
        let days = (end.unix_timestamp() - support::unix_now()) / 86_400;
        assert!((19..=20).contains(&days), "the old 20 days kept: {days}");
    }
    let frontend = renewed
        .iter()
        .find(|r| r["secret"] == "acme-frontend-tls")
        .unwrap();
    assert_eq!(frontend["services"], serde_json::json!(["frontend"]));
    assert_eq!(
        frontend["workloads"],
        serde_json::json!(["deployment/acme-frontend"])
    );
    assert!(
        !out.join("values.yaml").exists(),
        "no values.yaml was given"
    );
}

/// The archive the page's "Download all files" makes, from a bundle folder
/// (the same zip writer the page calls through `zipFiles`).
fn archive_of(dir: &Path, zip: &Path, leave_out: &[&str]) {
    use internal_tls_wizard::output::{archive::zip_bundle, OutputFile};
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if leave_out.contains(&name.as_str()) {
            continue;
        }
        files.push(OutputFile {
            contents: fs::read_to_string(&path).unwrap(),
            sensitive: name == "secrets.yaml" || name == "ca.key",
            name,
        });
    }
    write(
        zip,
        zip_bundle("acme-internal-tls", &files, time::OffsetDateTime::now_utc()).unwrap(),
    );
}

fn secret_names(secrets_yaml: &str) -> Vec<String> {
    parse_secrets(secrets_yaml)
        .into_iter()
        .map(|s| s.name)
        .collect()
}

#[test]
fn renewal_reads_the_archive_the_wizard_made() {
    let dir = scratch_dir("day2-renew-archive");
    let old_dir = bundle(&dir);
    let zip = dir.join("acme-internal-tls.zip");
    archive_of(&old_dir, &zip, &[]);
    let out = dir.join("renewed");
    let stdout = ok(&[
        "renew",
        "--archive",
        p(&zip),
        "--out",
        p(&out),
        "--days",
        "30",
    ]);
    assert!(stdout.contains("Renewed 7 certificate(s)"), "{stdout}");
    let old = fs::read_to_string(old_dir.join("secrets.yaml")).unwrap();
    let new = fs::read_to_string(out.join("secrets.yaml")).unwrap();
    assert_eq!(secret_names(&old), secret_names(&new));
    assert_ne!(old, new);
    assert_eq!(
        fs::read_to_string(out.join("ca.crt")).unwrap(),
        fs::read_to_string(old_dir.join("ca.crt")).unwrap()
    );
    // The restart commands name the release's Deployments, read from values.yaml in the archive.
    assert!(fs::read_to_string(out.join("RENEW.md"))
        .unwrap()
        .contains("rollout restart"));
}

#[test]
fn renewal_from_an_archive_names_the_file_and_what_is_missing() {
    let dir = scratch_dir("day2-renew-archive-bad");
    let old_dir = bundle(&dir);
    let zip = dir.join("no-key.zip");
    archive_of(&old_dir, &zip, &["ca.key"]);
    let out = dir.join("renewed");
    let result = wizard(&["renew", "--archive", p(&zip), "--out", p(&out)]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("{}: has no ca.key", zip.display())),
        "{stderr}"
    );
    assert!(
        stderr.contains("--ca-cert"),
        "says what to do instead: {stderr}"
    );
    assert!(!out.exists());

    let not_zip = dir.join("secrets.zip");
    fs::copy(old_dir.join("secrets.yaml"), &not_zip).unwrap();
    let result = wizard(&["renew", "--archive", p(&not_zip), "--out", p(&out)]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("{}: is not a zip archive", not_zip.display())),
        "{stderr}"
    );

    // A bad CA key inside the archive is blamed on that entry of that file.
    let tampered = dir.join("tampered");
    fs::create_dir_all(&tampered).unwrap();
    for name in ["ca.crt", "secrets.yaml", "values.yaml"] {
        fs::copy(old_dir.join(name), tampered.join(name)).unwrap();
    }
    write(
        &tampered.join("ca.key"),
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    );
    let zip = dir.join("tampered.zip");
    archive_of(&tampered, &zip, &[]);
    let result = wizard(&["renew", "--archive", p(&zip), "--out", p(&out)]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("({}: ca.key)", zip.display())),
        "{stderr}"
    );
}

#[test]
fn renewal_refuses_its_own_source_folder_and_certificates_of_another_ca() {
    let dir = scratch_dir("day2-renew-refusals");
    let old_dir = bundle(&dir);
    let same = wizard(&[
        "renew",
        "--from",
        p(&old_dir),
        "--out",
        p(&old_dir),
        "--force",
    ]);
    assert_eq!(same.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&same.stderr).contains("new folder"));
    assert!(
        old_dir.join("ca.key").exists(),
        "the source bundle is untouched"
    );

    let other = dir.join("other");
    ok(&[
        "generate",
        "--out",
        p(&other),
        "--release-name",
        "zeta",
        "--namespace",
        "prod",
    ]);
    let out = dir.join("renewed");
    let foreign = wizard(&[
        "renew",
        "--ca-cert",
        p(&other.join("ca.crt")),
        "--ca-key",
        p(&other.join("ca.key")),
        "--secrets",
        p(&old_dir.join("secrets.yaml")),
        "--out",
        p(&out),
    ]);
    assert_eq!(foreign.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&foreign.stderr);
    assert!(
        stderr.contains("Secret acme-frontend-tls") && stderr.contains("not by the CA given"),
        "{stderr}"
    );
    assert!(stderr.contains("secrets.yaml"), "names the file: {stderr}");
    assert!(!out.join("secrets.yaml").exists(), "nothing written");
}

// ---------------------------------------------------------------------------
// Expiry report and calendar
// ---------------------------------------------------------------------------

#[test]
fn the_audit_gives_days_left_per_certificate_and_for_the_ca_and_exports_reminders() {
    let dir = scratch_dir("day2-expiry");
    let b = bundle(&dir);
    let ics = dir.join("expiry.ics");
    let (values, secrets) = (b.join("values.yaml"), b.join("secrets.yaml"));
    let args = [
        "audit",
        "--release-name",
        "acme",
        "--namespace",
        "prod",
        "--keycloak-cluster",
        p(&values),
        p(&secrets),
        "--json",
        "--ics",
        p(&ics),
    ];
    let json = ok(&args);
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let deployed: Vec<&serde_json::Value> = report["services"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["status"] != "not-deployed")
        .collect();
    assert_eq!(deployed.len(), 6, "the chart's defaults: no data streamer");
    for s in &deployed {
        assert_eq!(
            s["expiry"], "warning",
            "20 days left is inside the 30-day band: {s}"
        );
        let days = s["days_left"].as_i64().unwrap();
        assert!((19..=20).contains(&days), "{days}");
    }
    let cas = report["cas"].as_array().unwrap();
    assert_eq!(cas.len(), 1);
    assert_eq!(cas[0]["secret"], "acme-internal-ca");
    assert_eq!(
        cas[0]["expiry"].as_str().or(cas[0]["band"].as_str()),
        Some("ok")
    );
    assert!(cas[0]["days_left"].as_i64().unwrap() > 3600);

    // RFC 5545 by hand: CRLF only, no physical line over 75 octets.
    let bytes = fs::read(&ics).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "CRLF line ends only"
    );
    assert!(
        text.split("\r\n").all(|l| l.len() <= 75),
        "folded at 75 octets"
    );

    // And as a calendar library reads it.
    let script = r#"
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
for e in cal.walk('VEVENT'):
    triggers = sorted(-a['TRIGGER'].dt.days for a in e.walk('VALARM'))
    print(e['UID'], e['DTSTART'].dt.isoformat(), triggers, e['SUMMARY'], sep='|')
"#;
    let parsed = run_ok(python().args(["-c", script, p(&ics)]));
    let events: Vec<Vec<&str>> = parsed.lines().map(|l| l.split('|').collect()).collect();
    assert_eq!(events.len(), 7, "six certificates and the CA:\n{parsed}");
    for e in &events {
        assert_eq!(e[2], "[7, 30]", "reminders 30 and 7 days before: {e:?}");
        assert!(e[0].ends_with("@internal-tls-wizard"));
    }
    let ca_fingerprint = cas[0]["sha256_fingerprint"]
        .as_str()
        .unwrap()
        .replace(':', "")
        .to_lowercase();
    assert!(events
        .iter()
        .any(|e| e[0].starts_with(&ca_fingerprint) && e[3].contains("CA")));

    // UIDs are stable: a second export has the same events.
    let again = dir.join("again.ics");
    let mut args2 = args.to_vec();
    let last = args2.len() - 1;
    args2[last] = p(&again);
    ok(&args2);
    let uids = |t: &str| {
        t.replace("\r\n ", "")
            .lines()
            .filter(|l| l.starts_with("UID:"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(uids(&text), uids(&fs::read_to_string(&again).unwrap()));
}

/// Python 3 with the `icalendar` package.
fn python() -> Command {
    let probe = run(tool("python3").args(["-c", "import icalendar"]));
    assert!(
        probe.status.success(),
        "Python's icalendar package is missing: pip install icalendar (bash .ci/setup --test does)"
    );
    Command::new("python3")
}

// ---------------------------------------------------------------------------
// Trusted-CA bundle
// ---------------------------------------------------------------------------

#[test]
fn additional_trusted_cas_follow_the_wizards_ca_in_both_ca_crt_entries_and_the_warning_goes_away() {
    let dir = scratch_dir("day2-trust");
    let main_ca = dir.join("corp-root.crt");
    openssl_ca(&dir, "corp-root");
    let without = wizard(&[
        "generate",
        "--out",
        p(&dir.join("plain")),
        "--keycloak-cluster",
    ]);
    // Nothing said about the main certificate: it is issued, and the output says so.
    assert!(String::from_utf8_lossy(&without.stderr).contains("No main certificate was given"));

    let out = dir.join("trusting");
    let with = wizard(&[
        "generate",
        "--out",
        p(&out),
        "--keycloak-cluster",
        "--trust-ca",
        p(&main_ca),
    ]);
    assert!(with.status.success());
    assert!(!String::from_utf8_lossy(&with.stderr).contains("backend-issuer"));
    let corp = fs::read_to_string(&main_ca).unwrap();
    let ca_crt = fs::read_to_string(out.join("ca.crt")).unwrap();
    assert_eq!(support::certificates(&ca_crt).len(), 2);
    assert!(
        ca_crt.ends_with(corp.trim_start()),
        "the wizard's CA first, then the extra one"
    );
    let secrets = parse_secrets(&fs::read_to_string(out.join("secrets.yaml")).unwrap());
    let with_ca: Vec<&support::Secret> = secrets
        .iter()
        .filter(|s| s.data.contains_key("ca.crt"))
        .collect();
    assert_eq!(
        with_ca.len(),
        2,
        "the CA Secret and the Keycloak cluster Secret"
    );
    for s in with_ca {
        assert_eq!(s.text("ca.crt").unwrap(), ca_crt, "{}", s.name);
    }

    let key = wizard(&[
        "generate",
        "--out",
        p(&dir.join("key")),
        "--trust-ca",
        p(&dir.join("corp-root.key")),
    ]);
    assert_eq!(key.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&key.stderr).contains("corp-root.key: holds a private key"));
}

// ---------------------------------------------------------------------------
// Merging into the user's values.yaml
// ---------------------------------------------------------------------------

const USER_VALUES: &str = "\
# Production values for Lightrun
general:
  # the release's short name
  nameOverride: 'acme'
  mq:
    enabled: true
    local: true
  data_streamer:
    enabled: false
  internal_tls:   # managed by the wizard
    enabled: false
    certificates:
      source: generate_self_signed_certificates

  lightrun_endpoint: \"lightrun.example.com\"  # double-quoted on purpose
deployments:
  keycloak:
    clusterMode: true
  redis:
    external:
      enabled: true
";

#[test]
fn values_in_reads_the_release_settings_and_changes_only_general_internal_tls() {
    let dir = scratch_dir("day2-merge");
    let user = dir.join("my-values.yaml");
    write(&user, USER_VALUES);
    let out = dir.join("out");
    let stdout = ok(&[
        "generate",
        "--out",
        p(&out),
        "--namespace",
        "prod",
        "--values-in",
        p(&user),
    ]);
    for read in [
        "general.nameOverride: acme",
        "deployments.keycloak.clusterMode: true",
        "deployments.redis.external.enabled: true",
        "general.data_streamer.enabled: false",
    ] {
        assert!(
            stdout.contains(read),
            "prints what it read ({read}):\n{stdout}"
        );
    }
    let merged = fs::read_to_string(out.join("values.yaml")).unwrap();
    // Everything outside the block, byte for byte.
    let (head, rest) = USER_VALUES
        .split_once("    enabled: false\n    certificates:")
        .unwrap();
    let tail = rest.split_once("\n\n").unwrap().1;
    assert!(merged.starts_with(head), "{merged}");
    // Then Keycloak's trust and the main certificate, appended as the file
    // has neither.
    assert!(
        merged.ends_with(&format!(
            "\n\n{tail}secrets:\n  customCa:\n    existingCaSecret: acme-internal-ca\n    customCaCertificate: ''\ncertificate:\n  existing_cert: acme-main-tls\n"
        )),
        "{merged}"
    );
    // The block itself, read as YAML: the names follow the file's settings.
    let values: serde_yaml::Value = serde_yaml::from_str(&merged).unwrap();
    let tls = support::internal_tls(&values);
    assert_eq!(tls["enabled"], true);
    assert_eq!(tls["certificates"]["source"], "existing_certificates");
    let certs = support::existing_certificates(&values);
    assert_eq!(certs["keycloak_cluster"], "acme-keycloak-headless-tls");
    assert_eq!(certs["frontend"], "acme-frontend-tls");
    assert_eq!(certs["redis"], "", "external Redis needs no certificate");
    assert_eq!(certs["data_streamer"], "");
    // The Secrets match.
    let secrets = parse_secrets(&fs::read_to_string(out.join("secrets.yaml")).unwrap());
    assert!(secrets
        .iter()
        .any(|s| s.name == "acme-keycloak-headless-tls"));
    assert!(!secrets.iter().any(|s| s.name.contains("redis")));
    assert!(
        stdout.contains("-f ") && !stdout.contains("your-values.yaml"),
        "{stdout}"
    );
}

#[test]
fn values_files_the_merge_cannot_keep_exact_are_refused_naming_the_file_and_line() {
    let dir = scratch_dir("day2-merge-refused");
    // The README's "Values files" table, row by row: the file, its line and
    // a phrase of what the user is told.
    for (name, text, line, says) in [
        (
            "anchors.yaml",
            "defaults: &d\n  enabled: false\ngeneral:\n  internal_tls: *d\n",
            "line 4",
            "anchor or alias",
        ),
        (
            "two-docs.yaml",
            "general: {}\n---\nother: 1\n",
            "line 2",
            "second YAML document",
        ),
        (
            "tabs.yaml",
            "general:\n\tinternal_tls: {}\n",
            "line 2",
            "a tab indents this line",
        ),
        (
            "flow.yaml",
            "general: {internal_tls: {enabled: true}}\n",
            "line 1",
            "flow style",
        ),
        (
            "json.yaml",
            "{\"general\": {\"internal_tls\": {}}}\n",
            "line 1",
            "flow style",
        ),
        (
            "lone-cr.yaml",
            "a: 1\r\nb: 2\r\r\n",
            "line 2",
            "carriage return without a line feed",
        ),
        (
            "pasted.yaml",
            "a: 1\ngeneral:\u{2028}  x: 1\n",
            "line 2",
            "a Unicode line break (U+2028)",
        ),
        (
            "joined.yaml",
            "a: 1\n\u{feff}general:\n  x: 1\n",
            "line 2",
            "byte order mark",
        ),
        (
            "tagged-key.yaml",
            "!!str general:\n  a: 1\n",
            "line 1",
            "tag, anchor or alias",
        ),
        (
            "tls-list.yaml",
            "general:\n  internal_tls:\n  - enabled\n",
            "line 2",
            "holds a list",
        ),
        (
            "spanning.yaml",
            "general:\n  a: b\n    \"c\n  internal_tls:\n    d\"\n  z: 1\n",
            "line 6",
            "`internal_tls` before this line",
        ),
        (
            "indented.yaml",
            "  general:\n    a: 1\n",
            "line 1",
            "top-level keys are indented",
        ),
        (
            "duplicate.yaml",
            "general:\n  a: 1\ngeneral:\n  b: 2\n",
            "line 1",
            "duplicate entry with key \"general\"",
        ),
        ("list.yaml", "- a\n- b\n", "", "not a mapping"),
    ] {
        let file = dir.join(name);
        write(&file, text);
        let out = dir.join(name.replace(".yaml", ""));
        let r = wizard(&["generate", "--out", p(&out), "--values-in", p(&file)]);
        assert_eq!(r.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&r.stderr);
        assert!(
            stderr.contains(name) && stderr.contains(line) && stderr.contains(says),
            "{name}: {stderr}"
        );
        assert!(!out.exists(), "{name}: nothing written");
        assert_eq!(
            fs::read_to_string(&file).unwrap(),
            text,
            "the user's file is untouched"
        );
    }
}

// ---------------------------------------------------------------------------
// Kubernetes schemas
// ---------------------------------------------------------------------------

#[test]
fn every_secret_the_wizard_writes_validates_against_the_kubernetes_schema() {
    let dir = scratch_dir("day2-kubernetes-validate");
    let b = bundle(&dir);
    let renewed = dir.join("renewed");
    ok(&["renew", "--from", p(&b), "--out", p(&renewed)]);
    for file in [b.join("secrets.yaml"), renewed.join("secrets.yaml")] {
        let out = run(tool("kubernetes-validate").args(["--strict", "--no-warn", p(&file)]));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{}:\n{stdout}\n{}",
            file.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            stdout.matches("passed for resource secret/").count(),
            8,
            "{stdout}"
        );
    }
}
