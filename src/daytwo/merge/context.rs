//! Reading the settings a values file decides (names, components, the main
//! certificate, Keycloak's trust), with the same refusals as the merge.

use super::*;

/// The settings read from a values file that decide names and components;
/// `None` where the file does not set them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
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

pub(super) fn get<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, key| v.get(*key))
}

/// Parses a values text. A byte order mark is skipped first: serde_yaml reads
/// one before a second top-level key as the start of another document.
pub(super) fn parse_yaml(text: &str, what: &str) -> Result<Value, MergeError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_yaml::from_str::<Value>(text).map_err(|e| {
        refuse(
            e.location().map(|l| l.line()),
            format!("{what} is not valid YAML: {e}."),
            "Fix it (helm lint reads it the same way) and try again.",
        )
    })
}

/// Reads the release settings a values file holds.
pub fn read_values_context(text: &str) -> Result<ValuesContext, MergeError> {
    // The same refusals as the merge, first, so a file is refused for the
    // same reason (and line) whichever step reads it first.
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    check_line_ends(body)?;
    let mut lines = split_lines(body);
    check_file(&mut lines)?;
    let root = parse_yaml(text, "the values file")?;
    let boolean = |path: &[&str]| get(&root, path).and_then(Value::as_bool);
    let text_at = |path: &[&str]| {
        get(&root, path)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    Ok(ValuesContext {
        name_override: get(&root, &["general", "nameOverride"])
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
        main_certificate_pem: match text_at(&["certificate", "tls", "crt"]) {
            None => None,
            Some(b64) => Some(
                crate::values::base64::decode(&b64)
                    .and_then(|bytes| String::from_utf8(bytes).ok())
                    .filter(|pem| pem.contains("-----BEGIN CERTIFICATE-----"))
                    .ok_or_else(|| {
                        refuse(
                            None,
                            "certificate.tls.crt is not base64 of a PEM certificate, as the chart puts it into its Secret.",
                            "Give it as base64 of the PEM file (base64 -w0 tls.crt), or clear it, then try again.",
                        )
                    })?,
            ),
        },
    })
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

    pub(super) fn apply_release(&self, release: &mut ReleaseSettings) -> Vec<String> {
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
