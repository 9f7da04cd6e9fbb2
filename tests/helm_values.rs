#![cfg(not(target_arch = "wasm32"))] // native: real helm and the CLI as processes
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
//! A user's values are read as Helm reads them. For a table of tricky
//! inputs (YAML 1.1 booleans, quoted ones, tags, null forms, YAML 1.1
//! numbers, merge keys, duplicate keys, boolean keys), real helm renders a
//! probe chart of ours that prints `.Values` as JSON, and the wizard's reader
//! must read the same tree. helm comes from HELM (`.ci/test` sets it); the
//! comparison is skipped without it. The CLI's `--values-in` then acts on
//! what Helm would: `clusterMode: no` means no Keycloak cluster certificate.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use internal_tls_wizard::values::helm_yaml;

/// The inputs, each a whole values file.
const TABLE: &[&str] = &[
    "deployments:\n  keycloak:\n    clusterMode: no\n",
    "deployments:\n  keycloak:\n    clusterMode: off\n",
    "deployments:\n  keycloak:\n    clusterMode: Off\n",
    "deployments:\n  keycloak:\n    clusterMode: N\n",
    "deployments:\n  keycloak:\n    clusterMode: FALSE\n",
    "deployments:\n  redis:\n    external:\n      enabled: yes\n",
    "deployments:\n  redis:\n    external:\n      enabled: On\n",
    "deployments:\n  redis:\n    external:\n      enabled: y\n",
    "general:\n  mq:\n    enabled: 'no'\n    local: \"off\"\n",
    "general:\n  mq:\n    enabled: !!str no\n    local: !!bool \"yes\"\n",
    "general:\n  data_streamer:\n    enabled: ~\n  nameOverride:\n  lightrun_endpoint: null\n",
    "general:\n  a: 017\n  b: 0x1f\n  c: 1_000\n  d: 08\n  e: .5\n  f: 1.5e3\n  g: 1.2.3\n",
    "base: &base\n  enabled: off\ngeneral:\n  data_streamer:\n    <<: *base\n    other: 1\n",
    "general:\n  mq:\n    enabled: true\n    enabled: false\n",
    "general:\n  on: 1\n  y: 2\n  'no': 3\n",
    "general:\n  internal_tls:\n    enabled: yes\n    certificates:\n      verification: off\n",
];

/// Every number as a float, so 1500 and 1500.0 compare equal.
fn normalized(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Number(n) => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        Value::Array(items) => Value::Array(items.into_iter().map(normalized).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, normalized(v))).collect())
        }
        other => other,
    }
}

fn probe_chart(dir: &Path) -> PathBuf {
    let chart = dir.join("probe");
    std::fs::create_dir_all(chart.join("templates")).unwrap();
    std::fs::write(
        chart.join("Chart.yaml"),
        "apiVersion: v2\nname: probe\nversion: 0.1.0\n",
    )
    .unwrap();
    std::fs::write(
        chart.join("templates").join("read.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: probe\ndata:\n  read: {{ .Values | toJson | quote }}\n",
    )
    .unwrap();
    chart
}

/// What helm reads from a values file, as JSON.
fn helm_reads(helm: &Path, chart: &Path, values: &Path) -> serde_json::Value {
    let rendered = support::run_ok(
        Command::new(helm)
            .args(["template", "probe"])
            .arg(chart)
            .arg("-f")
            .arg(values),
    );
    let manifest: serde_yaml::Value = serde_yaml::from_str(&rendered).unwrap();
    let text = manifest["data"]["read"].as_str().unwrap();
    serde_json::from_str(text).unwrap()
}

#[test]
fn the_wizard_reads_values_as_helm_does() {
    let Some(helm) = std::env::var_os("HELM")
        .map(PathBuf::from)
        .filter(|p| p.is_file())
    else {
        eprintln!("skipped: the_wizard_reads_values_as_helm_does: set HELM (.ci/test does when helm is installed)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let chart = probe_chart(dir.path());
    let mut failures = support::Failures::default();
    for (index, text) in TABLE.iter().enumerate() {
        let file = dir.path().join(format!("values-{index}.yaml"));
        std::fs::write(&file, text).unwrap();
        let helm = normalized(helm_reads(&helm, &chart, &file));
        let ours = normalized(serde_json::to_value(helm_yaml::read(text).unwrap()).unwrap());
        failures.check(helm == ours, || {
            format!("{text:?}: helm reads {helm}, the wizard {ours}")
        });
    }
    failures.assert_none("values read as helm reads them");
}

#[test]
fn values_in_acts_on_yaml_1_1_booleans_as_helm_does() {
    let dir = tempfile::tempdir().unwrap();
    for (text, keycloak_cluster, redis) in [
        (
            "deployments:\n  keycloak:\n    clusterMode: no\n",
            false,
            true,
        ),
        (
            "deployments:\n  keycloak:\n    clusterMode: 'no'\n",
            true,
            true,
        ),
        (
            "deployments:\n  redis:\n    external:\n      enabled: yes\n",
            true,
            false,
        ),
    ] {
        let values = dir.path().join("values.yaml");
        std::fs::write(&values, text).unwrap();
        let out = dir.path().join("out");
        let _ = std::fs::remove_dir_all(&out);
        let run = support::run(
            Command::new(env!("CARGO_BIN_EXE_tls-wizard"))
                .args(["generate", "--out"])
                .arg(&out)
                .arg("--values-in")
                .arg(&values),
        );
        assert!(
            run.status.success(),
            "{text:?}: {}",
            support::describe(&run)
        );
        let secrets = std::fs::read_to_string(out.join("secrets.yaml")).unwrap();
        assert_eq!(
            secrets.contains("name: lightrun-keycloak-headless-tls"),
            keycloak_cluster,
            "{text:?}: the Keycloak cluster certificate\n{secrets}"
        );
        assert_eq!(
            secrets.contains("name: lightrun-redis-tls"),
            redis,
            "{text:?}: the Redis certificate"
        );
    }
}
