//! The chart's `general.internal_tls` values, key for key, as serde types.

use serde::{Deserialize, Serialize};

use crate::release::ServiceKey;

/// The version of the Lightrun chart whose templates these rules follow:
/// the names, keys, defaults and trust the wizard writes for come from it.
pub const CHART_VERSION: &str = "3.50.0";

/// `general.internal_tls`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "InternalTlsValues"))]
#[serde(default, deny_unknown_fields)]
pub struct InternalTls {
    /// Turns TLS on for in-cluster traffic.
    pub enabled: bool,
    /// Where the certificates come from and how peers check them.
    pub certificates: Certificates,
}

/// `general.internal_tls.certificates`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "InternalTlsCertificates"))]
#[serde(default, deny_unknown_fields)]
pub struct Certificates {
    /// Whether services verify their peers' certificates.
    pub verification: bool,
    /// A Secret in the release's namespace whose `ca.crt` holds the CA(s) to trust.
    pub existing_ca_secret_name: String,
    /// Who makes the certificates.
    pub source: Source,
    /// The Secret each component mounts, when `source` is `existing_certificates`.
    pub existing_certificates: ExistingCertificates,
}

impl Default for Certificates {
    /// The chart's own defaults (values.yaml of chart 3.50.0).
    fn default() -> Self {
        Self {
            verification: true,
            existing_ca_secret_name: String::new(),
            source: Source::ExistingCertificates,
            existing_certificates: ExistingCertificates::default(),
        }
    }
}

/// `general.internal_tls.certificates.source`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename = "InternalTlsSource"))]
pub enum Source {
    /// The chart mounts Secrets the operator created.
    #[default]
    #[serde(rename = "existing_certificates")]
    ExistingCertificates,
    /// The chart makes a CA and certificates itself at first install.
    #[serde(rename = "generate_self_signed_certificates")]
    GenerateSelfSignedCertificates,
}

impl Source {
    /// The value as spelled in values.yaml.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::ExistingCertificates => "existing_certificates",
            Source::GenerateSelfSignedCertificates => "generate_self_signed_certificates",
        }
    }
}

/// `general.internal_tls.certificates.existing_certificates`: one Secret name a component.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct ExistingCertificates {
    /// Secret for `<fullname>-frontend`.
    pub frontend: String,
    /// Secret for `<fullname>-keycloak`.
    pub keycloak: String,
    /// Secret for `<fullname>-keycloak-headless` (cluster mode only; needs `ca.crt` too).
    pub keycloak_cluster: String,
    /// Secret for `<fullname>-redis`.
    pub redis: String,
    /// Secret for `<fullname>-mq`.
    pub rabbitmq: String,
    /// Secret for `<fullname>-data-streamer`.
    pub data_streamer: String,
    /// Secret for `<fullname>-artifacts`.
    pub artifacts: String,
}

impl ExistingCertificates {
    /// The Secret name given for one component.
    pub fn get(&self, key: ServiceKey) -> &str {
        match key {
            ServiceKey::Frontend => &self.frontend,
            ServiceKey::Keycloak => &self.keycloak,
            ServiceKey::KeycloakCluster => &self.keycloak_cluster,
            ServiceKey::Redis => &self.redis,
            ServiceKey::Rabbitmq => &self.rabbitmq,
            ServiceKey::DataStreamer => &self.data_streamer,
            ServiceKey::Artifacts => &self.artifacts,
        }
    }

    /// Sets the Secret name for one component.
    pub fn set(&mut self, key: ServiceKey, value: String) {
        let slot = match key {
            ServiceKey::Frontend => &mut self.frontend,
            ServiceKey::Keycloak => &mut self.keycloak,
            ServiceKey::KeycloakCluster => &mut self.keycloak_cluster,
            ServiceKey::Redis => &mut self.redis,
            ServiceKey::Rabbitmq => &mut self.rabbitmq,
            ServiceKey::DataStreamer => &mut self.data_streamer,
            ServiceKey::Artifacts => &mut self.artifacts,
        };
        *slot = value;
    }
}

/// The values.yaml the wizard writes: `general.internal_tls`, and where the
/// bundle needs them, the main certificate's Secret and Keycloak's trust.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ValuesDocument {
    /// `general`.
    pub general: GeneralValues,
    /// `certificate`: the chart's main certificate, when the bundle holds it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertificateValues>,
    /// `secrets`: the CAs Keycloak trusts, when the bundle sets them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secrets: Option<SecretsValues>,
}

/// `certificate`, reduced to what the wizard owns.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CertificateValues {
    /// `certificate.existing_cert`: the Secret (tls.crt, tls.key) the backend,
    /// the router and the Ingress serve.
    pub existing_cert: String,
}

/// `secrets`, reduced to what the wizard owns.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SecretsValues {
    /// `secrets.customCa`.
    #[serde(rename = "customCa")]
    pub custom_ca: CustomCa,
}

/// `secrets.customCa`: what Keycloak trusts (mounted in its trust store
/// folder). The chart allows only one of the two; the wizard always writes
/// both, one of them empty, so that the bundle's choice replaces the other.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CustomCa {
    /// `existingCaSecret`: a Secret whose every key is read as PEM certificates.
    #[serde(rename = "existingCaSecret", default)]
    pub existing_ca_secret: String,
    /// `customCaCertificate`: base64 of PEM certificates, rendered by the chart.
    #[serde(rename = "customCaCertificate", default)]
    pub custom_ca_certificate: String,
}

/// `general`, reduced to what the wizard owns.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GeneralValues {
    /// `general.internal_tls`.
    pub internal_tls: InternalTls,
}

/// The values path of a component's Secret name.
pub fn secret_path(key: ServiceKey) -> String {
    format!(
        "general.internal_tls.certificates.existing_certificates.{}",
        key.values_key()
    )
}

/// Values paths of the other settings, as diagnostics name them.
pub mod paths {
    /// `enabled`.
    pub const ENABLED: &str = "general.internal_tls.enabled";
    /// `verification`.
    pub const VERIFICATION: &str = "general.internal_tls.certificates.verification";
    /// `source`.
    pub const SOURCE: &str = "general.internal_tls.certificates.source";
    /// `existing_ca_secret_name`.
    pub const CA_SECRET: &str = "general.internal_tls.certificates.existing_ca_secret_name";
    /// `certificate.existing_cert`: the main certificate's Secret.
    pub const MAIN_CERT: &str = "certificate.existing_cert";
    /// `secrets.customCa`: Keycloak's trusted CAs.
    pub const CUSTOM_CA: &str = "secrets.customCa";
}
