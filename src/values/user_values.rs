//! What a user's own values file sets that decides names, components, the
//! main certificate and Keycloak's trust: read once, from the parsed YAML,
//! for every caller (the merge, the CLI's `--values-in`, the page, the audit).

use serde::Serialize;
use serde_yaml::Value;

use super::{ReleaseSettings, Settings};

/// The settings read from a values file that decide names and components;
/// `None` where the file does not set them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ValuesContext {
    /// `general.nameOverride`, when set and not empty.
    pub name_override: Option<String>,
    /// `deployments.keycloak.clusterMode`.
    pub keycloak_cluster_mode: Option<bool>,
    /// `deployments.redis.external.enabled`.
    pub redis_external: Option<bool>,
    /// `general.mq.enabled`.
    pub mq_enabled: Option<bool>,
    /// `general.mq.local`.
    pub mq_local: Option<bool>,
    /// `general.data_streamer.enabled`.
    pub data_streamer_enabled: Option<bool>,
    /// `general.lightrun_endpoint`, when set and not empty.
    pub lightrun_endpoint: Option<String>,
    /// `secrets.customCa.existingCaSecret`, when set and not empty.
    pub custom_ca_secret: Option<String>,
    /// `secrets.customCa.customCaCertificate` (base64 of PEM), when set.
    pub custom_ca_certificate: Option<String>,
    /// `certificate.existing_cert`, when set and not empty.
    pub main_existing_cert: Option<String>,
    /// `certificate.tls.crt`, decoded from base64, when set.
    pub main_certificate_pem: Option<String>,
}

/// A value of the file that cannot be what the chart expects.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path} {message}")]
pub struct UnreadableValue {
    /// The values path, e.g. `certificate.tls.crt`.
    pub path: &'static str,
    /// What is wrong with it.
    pub message: String,
    /// What to do.
    pub hint: String,
}

/// The value at `path` of a YAML tree.
pub fn value_at<'a>(root: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(root, |v, key| v.get(*key))
}

impl ValuesContext {
    /// Reads what `root` (a parsed values file) sets; `None` where it is silent.
    pub fn read(root: &Value) -> Result<Self, UnreadableValue> {
        let boolean = |path: &[&str]| value_at(root, path).and_then(Value::as_bool);
        let text_at = |path: &[&str]| {
            value_at(root, path)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let main_certificate_pem = match text_at(&["certificate", "tls", "crt"]) {
            None => None,
            Some(b64) => Some(
                super::base64::decode(&b64)
                    .and_then(|bytes| String::from_utf8(bytes).ok())
                    .filter(|pem| pem.contains("-----BEGIN CERTIFICATE-----"))
                    .ok_or_else(|| UnreadableValue {
                        path: "certificate.tls.crt",
                        message: "is not base64 of a PEM certificate, as the chart puts it into its Secret.".into(),
                        hint: "Give it as base64 of the PEM file (base64 -w0 tls.crt), or clear it, then try again.".into(),
                    })?,
            ),
        };
        Ok(ValuesContext {
            name_override: value_at(root, &["general", "nameOverride"])
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_string),
            keycloak_cluster_mode: boolean(&["deployments", "keycloak", "clusterMode"]),
            redis_external: boolean(&["deployments", "redis", "external", "enabled"]),
            mq_enabled: boolean(&["general", "mq", "enabled"]),
            mq_local: boolean(&["general", "mq", "local"]),
            data_streamer_enabled: boolean(&["general", "data_streamer", "enabled"]),
            lightrun_endpoint: text_at(&["general", "lightrun_endpoint"]),
            custom_ca_secret: text_at(&["secrets", "customCa", "existingCaSecret"]),
            custom_ca_certificate: text_at(&["secrets", "customCa", "customCaCertificate"]),
            main_existing_cert: text_at(&["certificate", "existing_cert"]),
            main_certificate_pem,
        })
    }

    /// `secrets.customCa.customCaCertificate` decoded: the PEM CAs Keycloak
    /// trusts (the text as it is when it is not base64).
    pub fn custom_ca_pem(&self) -> Option<String> {
        let text = self.custom_ca_certificate.as_ref()?;
        Some(
            super::base64::decode(text)
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .unwrap_or_else(|| text.clone()),
        )
    }
}

impl ValuesContext {
    /// Sets the release settings the file decides, and says what it set, one
    /// line each (for the CLI to print and the page to show).
    pub fn apply(&self, settings: &mut Settings) -> Vec<String> {
        let mut said = self.apply_release(&mut settings.release);
        let inv = &mut settings.main_certificate.in_values;
        if let Some(v) = &self.main_existing_cert {
            inv.existing_cert.clone_from(v);
            said.push(format!(
                "certificate.existing_cert: {v} (the main certificate's Secret)"
            ));
        }
        if let Some(v) = &self.main_certificate_pem {
            inv.certificate_pem.clone_from(v);
            said.push("certificate.tls.crt: the main certificate (it will be checked)".into());
        }
        said
    }

    pub fn apply_release(&self, release: &mut ReleaseSettings) -> Vec<String> {
        let mut said = Vec::new();
        if let Some(v) = &self.lightrun_endpoint {
            release.lightrun_endpoint.clone_from(v);
            said.push(format!("general.lightrun_endpoint: {v}"));
        }
        if let Some(v) = &self.custom_ca_secret {
            release.custom_ca.existing_ca_secret.clone_from(v);
            said.push(format!(
                "secrets.customCa.existingCaSecret: {v} (what Keycloak trusts)"
            ));
        }
        if let Some(v) = &self.custom_ca_certificate {
            release.custom_ca.custom_ca_certificate.clone_from(v);
            said.push("secrets.customCa.customCaCertificate: CAs Keycloak trusts (the internal CA is added to them)".into());
        }
        if let Some(v) = &self.name_override {
            release.name_override.clone_from(v);
            said.push(format!("general.nameOverride: {v}"));
        }
        if let Some(v) = self.keycloak_cluster_mode {
            release.keycloak_cluster_mode = v;
            said.push(format!("deployments.keycloak.clusterMode: {v}"));
        }
        if let Some(v) = self.redis_external {
            release.redis_external = v;
            said.push(format!("deployments.redis.external.enabled: {v}"));
        }
        match (self.mq_enabled, self.mq_local) {
            (None, None) => {}
            (enabled, local) => {
                if enabled == Some(false) || local == Some(false) {
                    release.rabbitmq_in_cluster = false;
                } else if enabled == Some(true) && local == Some(true) {
                    release.rabbitmq_in_cluster = true;
                }
                let show = |v: Option<bool>| v.map_or("not set".to_string(), |b| b.to_string());
                said.push(format!(
                    "general.mq.enabled: {}, general.mq.local: {} (RabbitMQ in the cluster: {})",
                    show(enabled),
                    show(local),
                    release.rabbitmq_in_cluster
                ));
            }
        }
        if let Some(v) = self.data_streamer_enabled {
            release.data_streamer_enabled = v;
            said.push(format!("general.data_streamer.enabled: {v}"));
        }
        said
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<ValuesContext, UnreadableValue> {
        ValuesContext::read(&serde_yaml::from_str(text).unwrap())
    }

    #[test]
    fn what_the_file_sets_is_read_and_silence_is_none() {
        let read = read("general:\n  nameOverride: lr\n  mq: {enabled: false}\ndeployments:\n  keycloak: {clusterMode: true}\nsecrets:\n  customCa: {customCaCertificate: aGVsbG8=}\n").unwrap();
        assert_eq!(read.name_override.as_deref(), Some("lr"));
        assert_eq!(read.keycloak_cluster_mode, Some(true));
        assert_eq!(read.mq_enabled, Some(false));
        assert_eq!(read.mq_local, None);
        assert_eq!(read.redis_external, None);
        assert_eq!(read.custom_ca_certificate.as_deref(), Some("aGVsbG8="));
        assert_eq!(read.custom_ca_pem().as_deref(), Some("hello"));
    }

    #[test]
    fn a_main_certificate_that_is_not_base64_of_pem_is_named() {
        let refused = read("certificate:\n  tls:\n    crt: not-base64\n").unwrap_err();
        assert_eq!(refused.path, "certificate.tls.crt");
        assert!(refused.hint.contains("base64 -w0"));
    }
}
