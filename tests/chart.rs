//! The real chart as judge: each set-up's bundle, made by the real CLI, is
//! rendered by the Lightrun chart's own templates with real helm, and
//! `chart-conformance.py` checks every Secret reference and every TLS
//! connection with `openssl verify` (names dialled, trust files as each
//! client reads them, nginx's verify depth, keytool's first certificate).
//!
//! Needs three things a fresh machine may lack, each named by an environment
//! variable (`.ci/test` sets them when they are present):
//! - `LIGHTRUN_CHART`: a copy of the chart (the `chart/` folder of the public
//!   lightrun-platform/lightrun-helm-chart repository);
//! - `HELM`: the helm binary (`../shared/tools/get-helm` installs one);
//! - `CHART_CONFORMANCE`: the checker, `../shared/tools/chart-conformance.py`.
//!
//! Without them every test here says it was skipped and passes: it cannot
//! judge anything. With them, a set-up whose bundle fails one check fails.

#![cfg(not(target_arch = "wasm32"))] // native: real processes and files
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod support;
use support::openssl_ca;

struct Judge {
    chart: PathBuf,
    helm: PathBuf,
    conformance: PathBuf,
}

/// The chart, helm and the checker, or `None` (and a line saying so).
fn judge(test: &str) -> Option<Judge> {
    let var = |name: &str| std::env::var_os(name).map(PathBuf::from);
    let chart = var("LIGHTRUN_CHART").filter(|p| p.join("Chart.yaml").is_file());
    let helm = var("HELM").filter(|p| p.is_file());
    let conformance = var("CHART_CONFORMANCE").filter(|p| p.is_file());
    match (chart, helm, conformance) {
        (Some(chart), Some(helm), Some(conformance)) => Some(Judge {
            chart,
            helm,
            conformance,
        }),
        _ => {
            eprintln!("skipped: {test}: set LIGHTRUN_CHART, HELM and CHART_CONFORMANCE (.ci/test does when the chart copy, helm and ../shared/tools are present)");
            None
        }
    }
}

fn wizard(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tls-wizard"))
        .args(args)
        .output()
        .expect("run tls-wizard")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn openssl(args: &[&str], dir: &Path) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run openssl");
    assert!(out.status.success(), "openssl {args:?}: {}", text(&out));
}

/// A server certificate for `names`, signed by the openssl CA `ca`: `NAME.crt`, `NAME.key`.
fn openssl_leaf(dir: &Path, ca: &str, name: &str, names: &[&str]) {
    openssl_leaf_for(dir, ca, name, names, "serverAuth");
}

/// [`openssl_leaf`] with the extended key usages `eku` (openssl's spelling).
fn openssl_leaf_for(dir: &Path, ca: &str, name: &str, names: &[&str], eku: &str) {
    let san: Vec<String> = names.iter().map(|n| format!("DNS:{n}")).collect();
    fs::write(
        dir.join(format!("{name}.ext")),
        format!(
            "subjectAltName={}\nextendedKeyUsage={eku}\nkeyUsage=critical,digitalSignature\nbasicConstraints=critical,CA:FALSE\n",
            san.join(",")
        ),
    )
    .unwrap();
    openssl(
        &[
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.csr"),
            "-subj",
            &format!("/CN={}", names[0]),
        ],
        dir,
    );
    openssl(
        &[
            "x509",
            "-req",
            "-in",
            &format!("{name}.csr"),
            "-CA",
            &format!("{ca}.crt"),
            "-CAkey",
            &format!("{ca}.key"),
            "-CAcreateserial",
            "-days",
            "200",
            "-extfile",
            &format!("{name}.ext"),
            "-out",
            &format!("{name}.crt"),
        ],
        dir,
    );
}

fn b64(path: &Path) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(fs::read(path).unwrap())
}

/// Renders the chart with `values` files (in order) and `secrets` files
/// and returns the checker's output; panics with it when a check fails.
fn conforms(j: &Judge, release: &str, ns: &str, values: &[&Path], secrets: &[&Path]) -> String {
    let mut cmd = Command::new("python3");
    cmd.arg(&j.conformance)
        .arg("--chart")
        .arg(&j.chart)
        .arg("--helm")
        .arg(&j.helm)
        .args(["--release", release, "--namespace", ns]);
    for v in values {
        cmd.arg("-f").arg(v);
    }
    for s in secrets {
        cmd.arg("--secrets").arg(s);
    }
    let out = cmd.output().expect("run chart-conformance.py");
    let report = text(&out);
    assert!(
        out.status.success(),
        "the chart does not work with this bundle:\n{}",
        report
            .lines()
            .filter(|l| !l.starts_with("ok:"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(report.contains(" passed, 0 failed"), "{report}");
    report
}

/// [`conforms`] for a bundle folder made by `generate`: its values.yaml alone
/// (a user's values merged in, or the chart's defaults) and its secrets.yaml.
fn conforms_bundle(j: &Judge, release: &str, ns: &str, b: &Path) -> String {
    conforms(
        j,
        release,
        ns,
        &[&b.join("values.yaml")],
        &[&b.join("secrets.yaml")],
    )
}

/// `generate --out DIR/b` with `args`; the bundle folder.
fn bundle(dir: &Path, args: &[&str]) -> PathBuf {
    let out_dir = dir.join("b");
    let mut all = vec!["generate", "--out", out_dir.to_str().unwrap()];
    all.extend_from_slice(args);
    let out = wizard(&all);
    assert!(out.status.success(), "generate {args:?}: {}", text(&out));
    out_dir
}

/// The set-up a user gets with no options: the chart's defaults.
#[test]
fn the_default_bundle_works_with_a_default_install() {
    let Some(j) = judge("the_default_bundle_works_with_a_default_install") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let b = bundle(
        dir.path(),
        &["--release-name", "lr", "--namespace", "lightrun"],
    );
    let report = conforms_bundle(&j, "lr", "lightrun", &b);
    // The three connections the first round missed are among those checked.
    for edge in [
        "router -> https://lr-backend",
        "keycloak -> lr-mq (Keycloak truststore)",
        "keycloak cluster member as server",
    ] {
        assert!(report.contains(edge), "{edge} not checked:\n{report}");
    }
}

/// Every key algorithm the page and the CLI offer, on the default set-up,
/// and the combinations of the chart's optional components.
#[test]
fn every_offered_key_and_component_combination_works() {
    let Some(j) = judge("every_offered_key_and_component_combination_works") else {
        return;
    };
    let combos: &[&[&str]] = &[
        &["--key", "ecdsa-p384"],
        &["--key", "rsa-2048"],
        &["--key", "rsa-3072", "--shared-cert"],
        &["--no-keycloak-cluster"],
        &["--data-streamer", "--external-redis", "--no-rabbitmq"],
        &[
            "--name-override",
            "acme",
            "--extra-san",
            "lightrun.internal",
        ],
        &[
            "--lightrun-endpoint",
            "lightrun.corp.example",
            "--cluster-domain",
            "k8s.internal",
        ],
    ];
    for (i, extra) in combos.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let mut args = vec!["--release-name", "lr", "--namespace", "lightrun"];
        args.extend_from_slice(extra);
        let b = bundle(dir.path(), &args);
        // The user's values say what the flags say, so helm renders the same set-up.
        let user = dir.path().join("user.yaml");
        let mut values = String::from("general:\n");
        if extra.contains(&"--name-override") {
            values.push_str("  nameOverride: acme\n");
        }
        if extra.contains(&"--data-streamer") {
            values.push_str("  data_streamer:\n    enabled: true\n");
        }
        if extra.contains(&"--no-rabbitmq") {
            values.push_str("  mq:\n    enabled: false\n");
        }
        if let Some(at) = extra.iter().position(|a| *a == "--lightrun-endpoint") {
            values.push_str(&format!("  lightrun_endpoint: {}\n", extra[at + 1]));
        }
        values.push_str("deployments:\n  keycloak:\n");
        values.push_str(if extra.contains(&"--no-keycloak-cluster") {
            "    clusterMode: false\n"
        } else {
            "    clusterMode: true\n"
        });
        if extra.contains(&"--external-redis") {
            values.push_str(
                "  redis:\n    external:\n      enabled: true\n      endpoint: redis.example.com\n",
            );
        }
        fs::write(&user, values).unwrap();
        eprintln!("set-up {i}: {extra:?}");
        conforms(
            &j,
            "lr",
            "lightrun",
            &[&user, &b.join("values.yaml")],
            &[&b.join("secrets.yaml")],
        );
    }
}

/// The user's own CA signs everything, the main certificate included.
#[test]
fn a_bundle_signed_by_your_own_ca_works() {
    let Some(j) = judge("a_bundle_signed_by_your_own_ca_works") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    openssl_ca(dir.path(), "corp-ca");
    let cert = dir.path().join("corp-ca.crt");
    let key = dir.path().join("corp-ca.key");
    let b = bundle(
        dir.path(),
        &[
            "--release-name",
            "acme",
            "--namespace",
            "prod",
            "--ca-cert",
            cert.to_str().unwrap(),
            "--ca-key",
            key.to_str().unwrap(),
        ],
    );
    conforms_bundle(&j, "acme", "prod", &b);
}

/// Certificates an operator's own CA issued (made here with openssl), brought
/// with `--cert-for` and `--ca-bundle`: the chart mounts and trusts them.
#[test]
fn certificates_you_bring_work() {
    let Some(j) = judge("certificates_you_bring_work") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    openssl_ca(d, "corp-ca");
    let names = |service: &str| -> Vec<String> {
        let base = format!("acme-{service}");
        vec![
            base.clone(),
            format!("{base}.prod"),
            format!("{base}.prod.svc"),
            format!("{base}.prod.svc.cluster.local"),
        ]
    };
    let mut args: Vec<String> = [
        "generate",
        "--release-name",
        "acme",
        "--namespace",
        "prod",
        "--ca-bundle",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.push(d.join("corp-ca.crt").to_str().unwrap().into());
    for (component, service) in [
        ("frontend", "frontend"),
        ("keycloak", "keycloak"),
        ("keycloak_cluster", "keycloak-headless"),
        ("redis", "redis"),
        ("rabbitmq", "mq"),
        ("artifacts", "artifacts"),
        ("main", "backend"),
    ] {
        let mut sans = names(service);
        if component == "keycloak_cluster" {
            sans.push("*.acme-keycloak-headless.prod.svc".into());
            sans.push("*.acme-keycloak-headless.prod.svc.cluster.local".into());
        }
        if component == "main" {
            sans.insert(0, "lightrun.example.com".into());
        }
        let sans: Vec<&str> = sans.iter().map(String::as_str).collect();
        openssl_leaf_for(d, "corp-ca", component, &sans, "serverAuth,clientAuth");
        let file = |ext: &str| {
            d.join(format!("{component}.{ext}"))
                .to_str()
                .unwrap()
                .to_string()
        };
        if component == "main" {
            args.extend([
                "--main-cert".into(),
                file("crt"),
                "--main-key".into(),
                file("key"),
            ]);
        } else {
            args.push(format!("--cert-for={component}={}", file("crt")));
            args.push(format!("--key-for={component}={}", file("key")));
        }
    }
    let out_dir = d.join("b");
    args.extend(["--out".into(), out_dir.to_str().unwrap().into()]);
    let all: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = wizard(&all);
    assert!(out.status.success(), "generate {args:?}: {}", text(&out));
    let report = conforms_bundle(&j, "acme", "prod", &out_dir);
    assert!(
        report.contains("router -> https://acme-backend"),
        "{report}"
    );
}

/// cert-manager's Certificates stand for the Secrets they will fill.
#[test]
fn the_cert_manager_bundle_works() {
    let Some(j) = judge("the_cert_manager_bundle_works") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let b = bundle(
        dir.path(),
        &[
            "--cert-manager",
            "--release-name",
            "lr",
            "--namespace",
            "lightrun",
        ],
    );
    let values = fs::read_to_string(b.join("values.yaml")).unwrap();
    assert!(
        values.contains("existingCaSecret: lr-internal-ca"),
        "{values}"
    );
    assert!(values.contains("existing_cert: lr-main-tls"), "{values}");
    conforms(
        &j,
        "lr",
        "lightrun",
        &[&b.join("values.yaml")],
        &[&b.join("cert-manager.yaml")],
    );
}

/// A user's whole values file with a public main certificate: the wizard
/// refuses to write `verification: true` with it, says why and the fixes,
/// and each of the three paths then gives a bundle that works.
#[test]
fn merged_values_with_a_public_main_certificate() {
    let Some(j) = judge("merged_values_with_a_public_main_certificate") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // "Public": a CA the bundle does not trust, for the public name only.
    openssl_ca(d, "public-ca");
    openssl_leaf(d, "public-ca", "public", &["lightrun.acme.example"]);
    let user = d.join("my-values.yaml");
    fs::write(
        &user,
        format!(
            "# our install\ngeneral:\n  lightrun_endpoint: lightrun.acme.example\n  mq:\n    enabled: true\n    local: true\ncertificate:\n  tls:\n    crt: {}\n    key: {}\ndeployments:\n  keycloak:\n    clusterMode: true\n",
            b64(&d.join("public.crt")),
            b64(&d.join("public.key"))
        ),
    )
    .unwrap();
    let user_arg = user.to_str().unwrap();

    // Said nothing: refused, with the name and the three fixes.
    let out_dir = d.join("refused");
    let out = wizard(&[
        "generate",
        "--out",
        out_dir.to_str().unwrap(),
        "--release-name",
        "lr",
        "--namespace",
        "lightrun",
        "--values-in",
        user_arg,
    ]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(!out_dir.join("values.yaml").exists(), "nothing is written");
    assert!(
        said.contains("lr-backend") && said.contains("certificate.tls.crt"),
        "{said}"
    );
    assert!(
        said.contains("issue") && said.contains("verification off"),
        "the fixes are named: {said}"
    );

    // Issue it: the merged file names the new Secret; the chart's own
    // certificate Secret is no longer rendered.
    let merged_with = |sub: &str, more: &[&str]| {
        let dir = d.join(sub);
        fs::create_dir(&dir).unwrap();
        let mut args = vec![
            "--release-name",
            "lr",
            "--namespace",
            "lightrun",
            "--values-in",
            user_arg,
        ];
        args.extend_from_slice(more);
        bundle(&dir, &args)
    };
    let b = merged_with("issue", &["--main-certificate", "issue"]);
    let merged = fs::read_to_string(b.join("values.yaml")).unwrap();
    assert!(merged.starts_with("# our install\n"), "{merged}");
    assert!(merged.contains("existing_cert: lr-main-tls"), "{merged}");
    conforms_bundle(&j, "lr", "lightrun", &b);

    // Verification off.
    let b = merged_with("off", &["--main-certificate", "verification-off"]);
    let merged = fs::read_to_string(b.join("values.yaml")).unwrap();
    assert!(merged.contains("verification: false"), "{merged}");
    conforms_bundle(&j, "lr", "lightrun", &b);

    // Bring one from a corporate CA with both names, trusting that CA too.
    openssl_ca(d, "corp-ca");
    openssl_leaf(
        d,
        "corp-ca",
        "main",
        &["lightrun.acme.example", "lr-backend"],
    );
    let (main_crt, main_key, corp) = (
        d.join("main.crt"),
        d.join("main.key"),
        d.join("corp-ca.crt"),
    );
    let b = merged_with(
        "bring",
        &[
            "--main-cert",
            main_crt.to_str().unwrap(),
            "--main-key",
            main_key.to_str().unwrap(),
            "--trust-ca",
            corp.to_str().unwrap(),
        ],
    );
    conforms_bundle(&j, "lr", "lightrun", &b);
}

/// Keycloak's trust when the user's values already give it CAs: inline ones
/// get the internal CA added; a Secret of theirs is kept, and the printed
/// command adds the CA to it.
#[test]
fn keycloak_trusts_the_internal_ca_next_to_the_users_own() {
    let Some(j) = judge("keycloak_trusts_the_internal_ca_next_to_the_users_own") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    openssl_ca(d, "their-ca");
    let inline = d.join("inline.yaml");
    fs::write(
        &inline,
        format!(
            "secrets:\n  defaults:\n    deploy_secrets: true\n  customCa:\n    customCaCertificate: {}\n    existingCaSecret: \"\"\n",
            b64(&d.join("their-ca.crt"))
        ),
    )
    .unwrap();
    let b = bundle(
        d,
        &[
            "--release-name",
            "lr",
            "--namespace",
            "lightrun",
            "--values-in",
            inline.to_str().unwrap(),
        ],
    );
    let merged = fs::read_to_string(b.join("values.yaml")).unwrap();
    assert!(merged.contains("existingCaSecret: ''"), "{merged}");
    conforms_bundle(&j, "lr", "lightrun", &b);

    // Their own Secret: kept, and the APPLY.md command adds our CA to it.
    let theirs = d.join("theirs.yaml");
    fs::write(
        &theirs,
        "secrets:\n  customCa:\n    existingCaSecret: corp-trust\n",
    )
    .unwrap();
    let second = d.join("second");
    fs::create_dir(&second).unwrap();
    let b = bundle(
        &second,
        &[
            "--release-name",
            "lr",
            "--namespace",
            "lightrun",
            "--values-in",
            theirs.to_str().unwrap(),
        ],
    );
    let apply = fs::read_to_string(b.join("APPLY.md")).unwrap();
    assert!(
        apply.contains("patch secret corp-trust") && apply.contains("internal-tls-ca.crt"),
        "{apply}"
    );
    // Their Secret as it is after that command: their CA and ours.
    let ca = fs::read_to_string(b.join("ca.crt")).unwrap();
    let patched = d.join("corp-trust.yaml");
    fs::write(
        &patched,
        format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: corp-trust\n  namespace: lightrun\ndata:\n  ca.crt: {}\n  internal-tls-ca.crt: {}\n",
            b64(&d.join("their-ca.crt")),
            {
                use base64::Engine;
                base64::engine::general_purpose::STANDARD.encode(ca)
            }
        ),
    )
    .unwrap();
    conforms(
        &j,
        "lr",
        "lightrun",
        &[&b.join("values.yaml")],
        &[&b.join("secrets.yaml"), &patched],
    );
}

/// The chart's own generation mode, where the wizard writes values only:
/// refused with verification on and with Keycloak cluster mode; with both
/// off it renders and the Secrets it makes are found.
#[test]
fn the_charts_own_generation_mode_is_offered_only_where_it_works() {
    let Some(j) = judge("the_charts_own_generation_mode_is_offered_only_where_it_works") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let config = |verification: bool, cluster: bool| {
        format!(
            "{{\"version\":1,\"release\":{{\"name\":\"lr\",\"namespace\":\"lightrun\",\"keycloak_cluster_mode\":{cluster}}},\"internal_tls\":{{\"enabled\":true,\"certificates\":{{\"source\":\"generate_self_signed_certificates\",\"verification\":{verification}}}}}}}"
        )
    };
    for (verification, cluster, code) in
        [(true, false, "verification"), (false, true, "cluster mode")]
    {
        let path = d.join("refused.json");
        fs::write(&path, config(verification, cluster)).unwrap();
        let out = wizard(&[
            "generate",
            "--out",
            d.join("r").to_str().unwrap(),
            "--config",
            path.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out));
        assert!(text(&out).contains(code), "{}", text(&out));
    }
    let path = d.join("ok.json");
    fs::write(&path, config(false, false)).unwrap();
    let b = d.join("b");
    let out = wizard(&[
        "generate",
        "--out",
        b.to_str().unwrap(),
        "--config",
        path.to_str().unwrap(),
    ]);
    let said = text(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("helm upgrade of a release that already exists creates none"),
        "{said}"
    );
    let user = d.join("user.yaml");
    fs::write(&user, "deployments:\n  keycloak:\n    clusterMode: false\n").unwrap();
    conforms(&j, "lr", "lightrun", &[&user, &b.join("values.yaml")], &[]);
}
