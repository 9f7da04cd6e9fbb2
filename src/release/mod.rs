//! Release names: from a release's context (release name, nameOverride,
//! namespace, cluster domain, which services run) to each chart Service's name
//! and the DNS names a peer may use to reach it.

pub mod names;
pub mod workloads;

use serde::{Deserialize, Serialize};

pub use workloads::{Workload, WorkloadKind};

pub use names::{
    quoted, ClusterDomain, DnsName, Fullname, NameError, NameOverride, Namespace, ReleaseName,
    SecretName, ServiceName, SubjectAltName,
};

/// One entry of `general.internal_tls.certificates.existing_certificates`: a
/// component of the chart that serves TLS inside the cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ServiceKey {
    /// The web frontend, Service `<fullname>-frontend`.
    Frontend,
    /// Keycloak, Service `<fullname>-keycloak`.
    Keycloak,
    /// Keycloak's pod-to-pod traffic in cluster mode, headless Service `<fullname>-keycloak-headless`.
    KeycloakCluster,
    /// Redis, Service `<fullname>-redis`.
    Redis,
    /// RabbitMQ, Service `<fullname>-mq`.
    Rabbitmq,
    /// The data streamer, Service `<fullname>-data-streamer`.
    DataStreamer,
    /// The artifacts server, Service `<fullname>-artifacts`.
    Artifacts,
}

impl ServiceKey {
    /// Every key, in the chart's values order.
    pub const ALL: [ServiceKey; 7] = [
        ServiceKey::Frontend,
        ServiceKey::Keycloak,
        ServiceKey::KeycloakCluster,
        ServiceKey::Redis,
        ServiceKey::Rabbitmq,
        ServiceKey::DataStreamer,
        ServiceKey::Artifacts,
    ];

    /// The key as spelled in values.yaml.
    pub fn values_key(self) -> &'static str {
        match self {
            ServiceKey::Frontend => "frontend",
            ServiceKey::Keycloak => "keycloak",
            ServiceKey::KeycloakCluster => "keycloak_cluster",
            ServiceKey::Redis => "redis",
            ServiceKey::Rabbitmq => "rabbitmq",
            ServiceKey::DataStreamer => "data_streamer",
            ServiceKey::Artifacts => "artifacts",
        }
    }

    /// Parses a values key (`data_streamer`, …).
    pub fn from_values_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.values_key() == key)
    }

    /// What the chart appends to the fullname to name this component's Service.
    pub fn service_suffix(self) -> &'static str {
        match self {
            ServiceKey::Frontend => "frontend",
            ServiceKey::Keycloak => "keycloak",
            ServiceKey::KeycloakCluster => "keycloak-headless",
            ServiceKey::Redis => "redis",
            ServiceKey::Rabbitmq => "mq",
            ServiceKey::DataStreamer => "data-streamer",
            ServiceKey::Artifacts => "artifacts",
        }
    }

    /// A name for people.
    pub fn label(self) -> &'static str {
        match self {
            ServiceKey::Frontend => "Frontend",
            ServiceKey::Keycloak => "Keycloak",
            ServiceKey::KeycloakCluster => "Keycloak cluster",
            ServiceKey::Redis => "Redis",
            ServiceKey::Rabbitmq => "RabbitMQ",
            ServiceKey::DataStreamer => "Data streamer",
            ServiceKey::Artifacts => "Artifacts",
        }
    }

    /// Whether the certificate must also allow clientAuth (Keycloak's mutual TLS).
    pub fn needs_client_auth(self) -> bool {
        self == ServiceKey::KeycloakCluster
    }
}

/// Which of the chart's optional components run in this release.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deployed {
    /// `deployments.keycloak.clusterMode`.
    pub keycloak_cluster: bool,
    /// Redis runs in the cluster (`deployments.redis.external.enabled` is false).
    pub redis: bool,
    /// RabbitMQ runs in the cluster (`general.mq.enabled` and `general.mq.local`).
    pub rabbitmq: bool,
    /// `general.data_streamer.enabled`.
    pub data_streamer: bool,
}

impl Deployed {
    /// Whether the chart deploys this component, so its certificate entry is used.
    pub fn has(&self, key: ServiceKey) -> bool {
        match key {
            ServiceKey::Frontend | ServiceKey::Keycloak | ServiceKey::Artifacts => true,
            ServiceKey::KeycloakCluster => self.keycloak_cluster,
            ServiceKey::Redis => self.redis,
            ServiceKey::Rabbitmq => self.rabbitmq,
            ServiceKey::DataStreamer => self.data_streamer,
        }
    }
}

/// A validated release: everything that decides resource and DNS names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseContext {
    /// The Helm release name.
    pub release: ReleaseName,
    /// `general.nameOverride`, when set.
    pub name_override: Option<NameOverride>,
    /// The release's namespace, where the Secrets must live.
    pub namespace: Namespace,
    /// The cluster's DNS domain.
    pub cluster_domain: ClusterDomain,
    /// Which optional components run.
    pub deployed: Deployed,
    /// Names added to every certificate besides the Service names.
    pub extra_sans: Vec<SubjectAltName>,
}

/// A chart Service and the names it is reached by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceEndpoint {
    /// Which values entry this is.
    pub key: ServiceKey,
    /// The Kubernetes Service's name.
    pub service_name: ServiceName,
    /// The DNS names a certificate for it must cover, bare name first.
    pub dns_names: Vec<DnsName>,
}

impl ReleaseContext {
    /// The chart's fullname for this release.
    pub fn fullname(&self) -> Fullname {
        Fullname::derive(&self.release, self.name_override.as_ref())
    }

    /// The Service name for one component, or why the chart cannot create it
    /// (a fullname so long that `<fullname>-<suffix>` passes 63 characters).
    pub fn service_name(&self, key: ServiceKey) -> Result<ServiceName, NameError> {
        let name = format!("{}-{}", self.fullname(), key.service_suffix());
        ServiceName::parse(&name).map_err(|e| {
            let over = name.len().saturating_sub(63);
            if over > 0 {
                NameError {
                    message: format!(
                        "The chart would name the {} Service {} ({} characters), over Kubernetes' limit of 63; the install would fail.",
                        key.label(),
                        quoted(&name),
                        name.len()
                    ),
                    hint: format!(
                        "Shorten the release name (or set a name override) by at least {over} character{}.",
                        if over == 1 { "" } else { "s" }
                    ),
                }
            } else {
                e
            }
        })
    }

    /// The endpoint (Service name and required DNS names) of one component.
    pub fn endpoint(&self, key: ServiceKey) -> Result<ServiceEndpoint, NameError> {
        let service_name = self.service_name(key)?;
        let svc = service_name.as_str();
        let ns = self.namespace.as_str();
        let domain = self.cluster_domain.as_str();
        let mut names = self.service_forms(svc);
        if key == ServiceKey::KeycloakCluster {
            // Pods behind a headless Service are addressed as <pod>.<svc>.<ns>.svc…
            names.push(format!("*.{svc}.{ns}.svc"));
            names.push(format!("*.{svc}.{ns}.svc.{domain}"));
        }
        let dns_names = names
            .iter()
            .map(|n| DnsName::parse(n))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ServiceEndpoint {
            key,
            service_name,
            dns_names,
        })
    }

    /// The four names a pod reaches a Service by: bare, with the namespace,
    /// with `.svc`, and fully qualified.
    fn service_forms(&self, svc: &str) -> Vec<String> {
        let ns = self.namespace.as_str();
        let domain = self.cluster_domain.as_str();
        vec![
            svc.to_string(),
            format!("{svc}.{ns}"),
            format!("{svc}.{ns}.svc"),
            format!("{svc}.{ns}.svc.{domain}"),
        ]
    }

    /// The backend's Service (`<fullname>-backend`, not part of
    /// `internal_tls.certificates`: it serves the chart's main certificate)
    /// and its four DNS names, bare name first.
    pub fn backend_names(&self) -> Result<(ServiceName, Vec<DnsName>), NameError> {
        let service_name = ServiceName::parse(&format!("{}-backend", self.fullname()))?;
        let names = self
            .service_forms(service_name.as_str())
            .iter()
            .map(|n| DnsName::parse(n))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((service_name, names))
    }

    /// The components this release deploys, in values order.
    pub fn deployed_keys(&self) -> impl Iterator<Item = ServiceKey> + '_ {
        ServiceKey::ALL
            .into_iter()
            .filter(|k| self.deployed.has(*k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(release: &str) -> ReleaseContext {
        ReleaseContext {
            release: ReleaseName::parse(release).unwrap(),
            name_override: None,
            namespace: Namespace::parse("prod-tls").unwrap(),
            cluster_domain: ClusterDomain::parse("cluster.local").unwrap(),
            deployed: Deployed {
                keycloak_cluster: true,
                redis: true,
                rabbitmq: true,
                data_streamer: true,
            },
            extra_sans: vec![],
        }
    }

    #[test]
    fn services_are_named_as_the_chart_names_them() {
        let ctx = context("acme");
        let names: Vec<String> = ServiceKey::ALL
            .iter()
            .map(|k| ctx.service_name(*k).unwrap().to_string())
            .collect();
        assert_eq!(
            names,
            [
                "acme-frontend",
                "acme-keycloak",
                "acme-keycloak-headless",
                "acme-redis",
                "acme-mq",
                "acme-data-streamer",
                "acme-artifacts"
            ]
        );
    }

    #[test]
    fn each_service_is_reachable_by_four_names() {
        let ep = context("acme").endpoint(ServiceKey::Redis).unwrap();
        let names: Vec<&str> = ep.dns_names.iter().map(DnsName::as_str).collect();
        assert_eq!(
            names,
            [
                "acme-redis",
                "acme-redis.prod-tls",
                "acme-redis.prod-tls.svc",
                "acme-redis.prod-tls.svc.cluster.local"
            ]
        );
    }

    #[test]
    fn the_backend_is_reached_by_the_same_four_forms() {
        let (svc, names) = context("acme").backend_names().unwrap();
        assert_eq!(svc.as_str(), "acme-backend");
        let names: Vec<&str> = names.iter().map(DnsName::as_str).collect();
        assert_eq!(
            names,
            [
                "acme-backend",
                "acme-backend.prod-tls",
                "acme-backend.prod-tls.svc",
                "acme-backend.prod-tls.svc.cluster.local"
            ]
        );
    }

    #[test]
    fn the_keycloak_headless_service_also_covers_its_pods() {
        let ep = context("acme")
            .endpoint(ServiceKey::KeycloakCluster)
            .unwrap();
        assert!(ep
            .dns_names
            .iter()
            .any(|n| n.as_str() == "*.acme-keycloak-headless.prod-tls.svc.cluster.local"));
    }

    #[test]
    fn a_long_release_name_breaks_the_longest_service_name() {
        let ctx = context(&"a".repeat(50));
        let err = ctx.service_name(ServiceKey::DataStreamer).unwrap_err();
        assert!(
            err.message.contains("over Kubernetes' limit of 63"),
            "{err}"
        );
        assert!(err.hint.contains("by at least 1 character."), "{err}");
    }
}
