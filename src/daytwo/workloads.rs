//! From a certificate's names back to the chart's components, and the
//! commands that restart the workloads mounting a Secret.
//!
//! The chart names each Service `<fullname>-<suffix>` (README.md, "What the wizard knows about the chart") and
//! every certificate the wizard makes carries the bare Service name, so the
//! component is the suffix of a SAN's first label. The workload that mounts a
//! component's Secret is named like its Service (Keycloak's cluster Secret is
//! mounted by the Keycloak pods themselves).

use std::collections::BTreeSet;

use serde::Serialize;

use crate::release::workloads::{release_workloads, restart_command};
use crate::release::{Deployed, ServiceKey};

/// Suffixes of the chart's Service names, longest first so that
/// `-keycloak-headless` wins over `-keycloak`.
const SUFFIXES: [(&str, ServiceKey); 7] = [
    ("-keycloak-headless", ServiceKey::KeycloakCluster),
    ("-data-streamer", ServiceKey::DataStreamer),
    ("-artifacts", ServiceKey::Artifacts),
    ("-frontend", ServiceKey::Frontend),
    ("-keycloak", ServiceKey::Keycloak),
    ("-redis", ServiceKey::Redis),
    ("-mq", ServiceKey::Rabbitmq),
];

/// A chart component recognised in a certificate's names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Component {
    /// The values key.
    pub key: ServiceKey,
    /// The chart's fullname the Service name starts with.
    pub fullname: String,
    /// The Service name.
    pub service_name: String,
}

impl Component {
    /// The workload that mounts this component's Secret, as `kind/name`.
    pub fn workload(&self) -> String {
        self.key.workload(&self.fullname).to_string()
    }
}

/// The fullname of a main certificate among `names`: one that carries the
/// backend's Service name `<fullname>-backend`.
pub fn main_certificate_fullname<'a>(names: impl IntoIterator<Item = &'a str>) -> Option<String> {
    names.into_iter().find_map(|name| {
        let first = name.split('.').next().unwrap_or_default();
        first
            .strip_suffix("-backend")
            .filter(|f| !f.is_empty())
            .map(str::to_string)
    })
}

/// The components whose Service names appear among `names` (DNS names and
/// the common name), in values order, each once.
pub fn components_from_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<Component> {
    let mut found = BTreeSet::new();
    for name in names {
        let first_label = name.split('.').next().unwrap_or_default();
        for (suffix, key) in SUFFIXES {
            if let Some(fullname) = first_label.strip_suffix(suffix) {
                if !fullname.is_empty() {
                    found.insert(Component {
                        key,
                        fullname: fullname.to_string(),
                        service_name: first_label.to_string(),
                    });
                }
                break;
            }
        }
    }
    let mut out: Vec<Component> = found.into_iter().collect();
    out.sort_by_key(|c| {
        (
            ServiceKey::ALL.iter().position(|k| *k == c.key),
            c.fullname.clone(),
        )
    });
    out
}

/// `kubectl rollout restart` for each workload (`kind/name`), each once,
/// then, when the release's fullname is known, one command that restarts
/// every workload the chart renders with internal TLS, for installs where a
/// name differs. The chart sets no `app.kubernetes.io/instance` label, so
/// that command names each workload.
pub fn restart_commands(
    namespace: &str,
    workloads: &[String],
    fullname: Option<&str>,
    deployed: &Deployed,
) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out: Vec<String> = workloads
        .iter()
        .filter(|w| seen.insert(w.as_str()))
        .map(|w| format!("kubectl -n {namespace} rollout restart {w}"))
        .collect();
    if let Some(fullname) = fullname {
        out.push(restart_command(
            namespace,
            &release_workloads(fullname, deployed),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_service_suffix_names_its_component_and_headless_is_keycloak_cluster() {
        let found = components_from_names([
            "acme-keycloak-headless",
            "acme-keycloak-headless.prod.svc",
            "acme-keycloak",
            "acme-mq.prod",
            "acme-data-streamer",
            "203.0.113.7",
            "example.com",
        ]);
        let keys: Vec<ServiceKey> = found.iter().map(|c| c.key).collect();
        assert_eq!(
            keys,
            [
                ServiceKey::Keycloak,
                ServiceKey::KeycloakCluster,
                ServiceKey::Rabbitmq,
                ServiceKey::DataStreamer
            ]
        );
        assert!(found.iter().all(|c| c.fullname == "acme"));
        assert_eq!(found[1].workload(), "statefulset/acme-keycloak");
        assert_eq!(found[2].workload(), "statefulset/acme-mq");
    }

    #[test]
    fn a_workload_is_restarted_once_with_its_kind_and_the_release_comes_last() {
        let deployed = Deployed {
            keycloak_cluster: true,
            redis: true,
            rabbitmq: true,
            data_streamer: false,
        };
        let cmds = restart_commands(
            "prod",
            &[
                "deployment/a-frontend".into(),
                "statefulset/a-keycloak".into(),
                "statefulset/a-keycloak".into(),
            ],
            Some("a"),
            &deployed,
        );
        assert_eq!(cmds.len(), 3);
        assert_eq!(
            cmds[0],
            "kubectl -n prod rollout restart deployment/a-frontend"
        );
        assert_eq!(
            cmds[1],
            "kubectl -n prod rollout restart statefulset/a-keycloak"
        );
        assert!(cmds[2].contains("statefulset/a-mq") && cmds[2].contains("deployment/a-backend"));
        assert!(cmds
            .iter()
            .all(|c| !c.contains("app.kubernetes.io/instance")));
    }

    #[test]
    fn a_main_certificate_is_known_by_the_backend_name() {
        assert_eq!(
            main_certificate_fullname(["lightrun.example.com", "acme-backend.prod.svc"]),
            Some("acme".to_string())
        );
        assert_eq!(main_certificate_fullname(["acme-frontend"]), None);
    }
}
