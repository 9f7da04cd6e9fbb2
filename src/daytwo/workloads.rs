//! From a certificate's names back to the chart's components, and the
//! commands that restart the workloads mounting a Secret.
//!
//! The chart names each Service `<fullname>-<suffix>` (chart-facts.md) and
//! every certificate the wizard makes carries the bare Service name, so the
//! component is the suffix of a SAN's first label. The workload that mounts a
//! component's Secret is named like its Service (Keycloak's cluster Secret is
//! mounted by the Keycloak pods themselves).

use std::collections::BTreeSet;

use serde::Serialize;

use crate::release::ServiceKey;

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
    /// The Deployment that mounts this component's Secret.
    pub fn workload(&self) -> String {
        match self.key {
            // The Keycloak pods use the cluster Secret for their own mutual TLS.
            ServiceKey::KeycloakCluster => format!("{}-keycloak", self.fullname),
            _ => self.service_name.clone(),
        }
    }
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

/// `kubectl rollout restart` for each workload, each once, then a line that
/// restarts everything of the release, for installs where a name differs.
pub fn restart_commands(
    namespace: &str,
    workloads: &[String],
    release_label: Option<&str>,
) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out: Vec<String> = workloads
        .iter()
        .filter(|w| seen.insert(w.as_str()))
        .map(|w| format!("kubectl rollout restart deployment/{w} -n {namespace}"))
        .collect();
    if let Some(release) = release_label {
        out.push(format!(
            "kubectl rollout restart deployment,statefulset -n {namespace} -l app.kubernetes.io/instance={release}"
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
        assert_eq!(found[1].workload(), "acme-keycloak");
        assert_eq!(found[2].workload(), "acme-mq");
    }

    #[test]
    fn a_workload_is_restarted_once_and_the_release_label_comes_last() {
        let cmds = restart_commands(
            "prod",
            &[
                "a-frontend".into(),
                "a-keycloak".into(),
                "a-keycloak".into(),
            ],
            Some("a"),
        );
        assert_eq!(
            cmds,
            [
                "kubectl rollout restart deployment/a-frontend -n prod",
                "kubectl rollout restart deployment/a-keycloak -n prod",
                "kubectl rollout restart deployment,statefulset -n prod -l app.kubernetes.io/instance=a",
            ]
        );
    }
}
