//! The workloads the chart renders and which Secret each mounts, with their
//! real kinds (Keycloak and RabbitMQ are StatefulSets). The chart puts no
//! `app.kubernetes.io/instance` label on them, so a restart names each one.

use std::fmt;

use super::{Deployed, ServiceKey};

/// A workload's kind, as `kubectl` spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum WorkloadKind {
    /// `deployment`.
    Deployment,
    /// `statefulset`.
    StatefulSet,
}

/// One workload of the release: `deployment/<fullname>-frontend`, …
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Workload {
    /// Its kind.
    pub kind: WorkloadKind,
    /// Its name.
    pub name: String,
}

impl fmt::Display for Workload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            WorkloadKind::Deployment => "deployment",
            WorkloadKind::StatefulSet => "statefulset",
        };
        write!(f, "{kind}/{}", self.name)
    }
}

fn workload(kind: WorkloadKind, fullname: &str, suffix: &str) -> Workload {
    Workload {
        kind,
        name: format!("{fullname}-{suffix}"),
    }
}

impl ServiceKey {
    /// The workload that mounts this component's Secret (the Keycloak pods
    /// use the cluster Secret for their own mutual TLS).
    pub fn workload(self, fullname: &str) -> Workload {
        use WorkloadKind::{Deployment, StatefulSet};
        match self {
            ServiceKey::Frontend => workload(Deployment, fullname, "frontend"),
            ServiceKey::Keycloak | ServiceKey::KeycloakCluster => {
                workload(StatefulSet, fullname, "keycloak")
            }
            ServiceKey::Redis => workload(Deployment, fullname, "redis"),
            ServiceKey::Rabbitmq => workload(StatefulSet, fullname, "mq"),
            ServiceKey::DataStreamer => workload(Deployment, fullname, "data-streamer"),
            ServiceKey::Artifacts => workload(Deployment, fullname, "artifacts"),
        }
    }
}

/// The workloads that mount the main certificate: the backend, the crons
/// and the router (the Ingress reads it too, without a restart).
pub fn main_certificate_workloads(fullname: &str) -> Vec<Workload> {
    use WorkloadKind::Deployment;
    vec![
        workload(Deployment, fullname, "backend"),
        workload(Deployment, fullname, "crons"),
        workload(Deployment, fullname, "router"),
    ]
}

/// The workloads that mount the CA Secret: the backend, the crons, the
/// router, Redis (its probes) and Keycloak (its trust store).
pub fn ca_workloads(fullname: &str, deployed: &Deployed) -> Vec<Workload> {
    let mut out = main_certificate_workloads(fullname);
    if deployed.redis {
        out.push(ServiceKey::Redis.workload(fullname));
    }
    out.push(ServiceKey::Keycloak.workload(fullname));
    out
}

/// Every workload of the release that internal TLS touches, Deployments
/// first: what to restart when in doubt.
pub fn release_workloads(fullname: &str, deployed: &Deployed) -> Vec<Workload> {
    let mut out = main_certificate_workloads(fullname);
    for key in ServiceKey::ALL.into_iter().filter(|k| deployed.has(*k)) {
        let w = key.workload(fullname);
        if !out.contains(&w) {
            out.push(w);
        }
    }
    out.sort();
    out
}

/// One `kubectl rollout restart` naming every workload given (kubectl
/// takes several `kind/name` at once), each once.
pub fn restart_command(namespace: &str, workloads: &[Workload]) -> String {
    let mut seen: Vec<&Workload> = Vec::new();
    for w in workloads {
        if !seen.contains(&w) {
            seen.push(w);
        }
    }
    let names: Vec<String> = seen.iter().map(|w| w.to_string()).collect();
    format!("kubectl -n {namespace} rollout restart {}", names.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Deployed {
        Deployed {
            keycloak_cluster: true,
            redis: true,
            rabbitmq: true,
            data_streamer: false,
        }
    }

    #[test]
    fn keycloak_and_rabbitmq_are_statefulsets() {
        assert_eq!(
            ServiceKey::Keycloak.workload("lr").to_string(),
            "statefulset/lr-keycloak"
        );
        assert_eq!(
            ServiceKey::KeycloakCluster.workload("lr").to_string(),
            "statefulset/lr-keycloak"
        );
        assert_eq!(
            ServiceKey::Rabbitmq.workload("lr").to_string(),
            "statefulset/lr-mq"
        );
        assert_eq!(
            ServiceKey::Redis.workload("lr").to_string(),
            "deployment/lr-redis"
        );
    }

    #[test]
    fn the_release_restart_names_only_what_the_chart_renders() {
        let cmd = restart_command("prod", &release_workloads("lr", &all()));
        assert_eq!(
            cmd,
            "kubectl -n prod rollout restart deployment/lr-artifacts deployment/lr-backend deployment/lr-crons deployment/lr-frontend deployment/lr-redis deployment/lr-router statefulset/lr-keycloak statefulset/lr-mq"
        );
        assert!(!cmd.contains("data-streamer") && !cmd.contains("app.kubernetes.io"));
    }
}
