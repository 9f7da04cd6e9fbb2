//! The settings document: everything the form holds, saved by the page and
//! replayed by `tls-wizard generate --config`. It never holds key material.

use serde::{Deserialize, Serialize};

use super::algorithm::KeyAlgorithm;

use super::model::{InternalTls, Source};

/// The version of the settings document this build reads and writes.
pub const SETTINGS_VERSION: u32 = 1;

/// The whole settings document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Always 1 for now.
    pub version: u32,
    /// The release the certificates are for.
    pub release: ReleaseSettings,
    /// The chart's `general.internal_tls` values. An empty Secret name means
    /// "use the default derived from the Service name".
    pub internal_tls: InternalTls,
    /// How this wizard makes the certificates when the source is `existing_certificates`.
    pub certificates: IssuanceSettings,
    /// The chart's main certificate, which the router checks the backend
    /// against when verification is on.
    pub main_certificate: MainCertificateSettings,
}

impl Default for Settings {
    fn default() -> Self {
        let mut internal_tls = InternalTls {
            enabled: true,
            ..Default::default()
        };
        internal_tls.certificates.source = Source::ExistingCertificates;
        internal_tls.certificates.verification = true;
        Self {
            version: SETTINGS_VERSION,
            release: ReleaseSettings::default(),
            internal_tls,
            certificates: IssuanceSettings::default(),
            main_certificate: MainCertificateSettings::default(),
        }
    }
}

/// The release context as typed by the user; checked when a plan is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct ReleaseSettings {
    /// The Helm release name.
    pub name: String,
    /// The release's namespace.
    pub namespace: String,
    /// `general.nameOverride`; empty when not set.
    pub name_override: String,
    /// The cluster's DNS domain.
    pub cluster_domain: String,
    /// `deployments.keycloak.clusterMode`.
    pub keycloak_cluster_mode: bool,
    /// `deployments.redis.external.enabled`: Redis runs outside the cluster.
    pub redis_external: bool,
    /// RabbitMQ runs in the cluster (`general.mq.enabled` and `general.mq.local`).
    pub rabbitmq_in_cluster: bool,
    /// `general.data_streamer.enabled`.
    pub data_streamer_enabled: bool,
    /// DNS names or IP addresses added to every certificate.
    pub extra_sans: Vec<String>,
    /// `general.lightrun_endpoint`: the public host name users, IDE plugins
    /// and agents reach the server by; the main certificate carries it.
    pub lightrun_endpoint: String,
    /// `secrets.customCa` as the user's own values set it: what Keycloak
    /// trusts besides the wizard's CA. Read from `--values-in`; empty when not set.
    pub custom_ca: CustomCaValues,
}

/// `secrets.customCa` of the user's values (certificates only, never keys).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct CustomCaValues {
    /// `existingCaSecret`: a Secret in the release's namespace.
    pub existing_ca_secret: String,
    /// `customCaCertificate`: base64 of PEM certificates.
    pub custom_ca_certificate: String,
}

impl Default for ReleaseSettings {
    fn default() -> Self {
        Self {
            name: "lightrun".into(),
            namespace: "lightrun".into(),
            name_override: String::new(),
            cluster_domain: "cluster.local".into(),
            // The chart's own defaults (values.yaml of chart 3.50.0): a bundle
            // made without the user's values file must fit a default install.
            keycloak_cluster_mode: true,
            redis_external: false,
            rabbitmq_in_cluster: true,
            data_streamer_enabled: false,
            extra_sans: Vec::new(),
            lightrun_endpoint: DEFAULT_LIGHTRUN_ENDPOINT.into(),
            custom_ca: CustomCaValues::default(),
        }
    }
}

/// The chart's `general.lightrun_endpoint` default.
pub const DEFAULT_LIGHTRUN_ENDPOINT: &str = "lightrun.example.com";

/// The three honest ways to handle the chart's main certificate
/// (`certificate.existing_cert` / `certificate.tls.crt`) when the router
/// verifies the backend against `ca.crt` for the name `<fullname>-backend`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum MainCertificateChoice {
    /// Issue it from the CA that signs the internal certificates, with the
    /// public host name and the backend's Service names.
    Issue,
    /// The user's own, pasted or given as files (or read from their values):
    /// checked for the backend's name and a chain to `ca.crt`.
    BringYourOwn,
    /// `verification: false`: nothing checks the peers' certificates.
    VerificationOff,
}

impl MainCertificateChoice {
    /// The value as spelled in settings and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            MainCertificateChoice::Issue => "issue",
            MainCertificateChoice::BringYourOwn => "bring-your-own",
            MainCertificateChoice::VerificationOff => "verification-off",
        }
    }
}

/// The main certificate step.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct MainCertificateSettings {
    /// The choice; none means the user has not said, and the wizard decides
    /// (and says so): the certificate in the user's values when there is
    /// one, else a new one issued here.
    pub choice: Option<MainCertificateChoice>,
    /// The Secret the main certificate goes into (`certificate.existing_cert`);
    /// empty means `<fullname>-main-tls`.
    pub secret_name: String,
    /// What the user's values already say about it (read from `--values-in`).
    pub in_values: MainCertificateInValues,
}

/// The main certificate as the user's values give it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct MainCertificateInValues {
    /// `certificate.existing_cert`: a Secret the wizard cannot see.
    pub existing_cert: String,
    /// `certificate.tls.crt`, decoded: the certificate chain (PEM), never the key.
    pub certificate_pem: String,
}

/// Where certificates come from when the chart is told `existing_certificates`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Provider {
    /// This wizard makes a CA (or uses the user's) and a certificate per Secret.
    #[default]
    Create,
    /// The user brings a certificate and key per Secret.
    BringYourOwn,
    /// cert-manager makes them in the cluster: this wizard writes its Issuers
    /// and one `Certificate` per Secret, and no key material at all.
    CertManager,
}

/// Which Issuer signs the Certificates in cert-manager mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum CertManagerIssuer {
    /// A self-signed Issuer signs a CA Certificate made in the cluster, and a
    /// CA Issuer over that CA signs the services' Certificates.
    #[default]
    SelfSigned,
    /// A CA Issuer over the user's CA, a Secret in the release's namespace
    /// holding its `tls.crt` and `tls.key`.
    CaSecret,
}

/// cert-manager mode's own settings (used only when the provider is `cert-manager`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct CertManagerSettings {
    /// The Issuer chain to write.
    pub issuer: CertManagerIssuer,
    /// The Secret holding the user's CA (`tls.crt`, `tls.key`) when the issuer
    /// is `ca-secret`; ignored otherwise.
    pub ca_secret_name: String,
    /// `renewBefore` in days; none means a third of the validity, at most 30 days.
    pub renew_before_days: Option<u32>,
}

/// Which CA signs the certificates this wizard makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum CaChoice {
    /// A new private CA, made here.
    #[default]
    New,
    /// The user's own CA certificate and key (given separately, never saved).
    Provided,
}

/// How certificates are made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct IssuanceSettings {
    /// Make them here, or bring your own.
    pub provider: Provider,
    /// A new CA, or the user's own.
    pub ca: CaChoice,
    /// The new CA's common name; empty means `<release>-internal-tls-ca`.
    pub ca_common_name: String,
    /// The key algorithm of every key made here.
    pub key: KeyAlgorithm,
    /// How long each service certificate is valid, in days.
    pub days: u32,
    /// How long a new CA is valid, in days.
    pub ca_days: u32,
    /// One certificate covering every Service, used by every Secret.
    pub shared_certificate: bool,
    /// More CA certificates (PEM, one or several per entry) to put into `ca.crt`
    /// after the wizard's CA: with verification on, the router also checks the
    /// backend against that file, so the issuer of the chart's main certificate
    /// belongs here. Certificates only: the settings never hold keys.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(test, ts(as = "Option<Vec<String>>", optional))]
    pub additional_trusted_cas: Vec<String>,
    /// cert-manager mode: the Issuer chain and renewal.
    pub cert_manager: CertManagerSettings,
}

impl Default for IssuanceSettings {
    fn default() -> Self {
        Self {
            provider: Provider::Create,
            ca: CaChoice::New,
            ca_common_name: String::new(),
            key: KeyAlgorithm::EcdsaP256,
            days: 3650,
            ca_days: 3650,
            shared_certificate: false,
            additional_trusted_cas: Vec::new(),
            cert_manager: CertManagerSettings::default(),
        }
    }
}

/// Why a settings document could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsParseError(pub String);

impl std::fmt::Display for SettingsParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SettingsParseError {}

/// What to do about a settings document serde could not read.
fn parse_hint(error: &str) -> &'static str {
    if error.contains("unknown field") {
        "Remove that field or correct its spelling; a document saved by the page's Save settings shows every field"
    } else if error.contains("invalid type") || error.contains("unknown variant") {
        "Give that field a value of the type shown; a document saved by the page's Save settings shows every field"
    } else {
        "Save the settings again from the page, or compare with `tls-wizard generate --help`"
    }
}

fn json_error(e: &serde_json::Error) -> SettingsParseError {
    SettingsParseError(format!(
        "not valid settings JSON: {e}. {}",
        parse_hint(&e.to_string())
    ))
}

/// What a JSON error says, without the line and column: for text the caller
/// made from an object, where they point nowhere the user can look.
pub(crate) fn json_message(e: &serde_json::Error) -> String {
    let said = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    said.strip_suffix(&position).unwrap_or(&said).to_string()
}

/// The most a settings document may hold; real ones are well under 4 KiB.
pub const MAX_SETTINGS_BYTES: usize = crate::limits::MAX_INPUT_BYTES;

impl Settings {
    /// Reads a settings document written as JSON or YAML.
    pub fn parse(text: &str) -> Result<Self, SettingsParseError> {
        Self::check_text(text)?;
        let from_yaml = |text: &str| {
            serde_yaml::from_str::<Settings>(text).map_err(|e| {
                SettingsParseError(format!(
                    "not a valid settings document: {e}. {}",
                    parse_hint(&e.to_string())
                ))
            })
        };
        // `{` starts JSON, or a YAML flow mapping (`{version: 1, …}`), which
        // JSON cannot even tokenize. Only then is YAML tried (its lenient
        // scalars would turn JSON's `"name": 42` into a name), and the JSON
        // reader's message is the one shown when neither reads it.
        let settings: Settings = if text.trim_start().starts_with('{') {
            match serde_json::from_str::<Settings>(text) {
                Ok(settings) => settings,
                Err(e) if e.classify() == serde_json::error::Category::Syntax => {
                    from_yaml(text).map_err(|_| json_error(&e))?
                }
                Err(e) => return Err(json_error(&e)),
            }
        } else {
            from_yaml(text)?
        };
        Self::check_version(settings)
    }

    /// Reads a settings document written as JSON: what the page sends. The
    /// WebAssembly API uses this, which keeps the YAML reader out of the page's
    /// first-view module.
    pub fn parse_json(text: &str) -> Result<Self, SettingsParseError> {
        Self::check_text(text)?;
        Self::check_version(Self::from_json(text)?)
    }

    /// Reads a settings document the caller holds as an object, given as
    /// the JSON text `JSON.stringify` made of it (the page's object): a
    /// wrong field is named by its path, without a line and column, which
    /// an object does not have.
    pub fn parse_json_object(text: &str) -> Result<Self, SettingsParseError> {
        Self::check_text(text)?;
        Self::check_version(Self::read_json(text, false)?)
    }

    fn from_json(text: &str) -> Result<Self, SettingsParseError> {
        Self::read_json(text, true)
    }

    /// Reads JSON, naming the path of a field that is wrong (`release.name:
    /// invalid type: …`), and its line and column when `positions`.
    fn read_json(text: &str, positions: bool) -> Result<Self, SettingsParseError> {
        let mut reader = serde_json::Deserializer::from_str(text);
        let settings = serde_path_to_error::deserialize(&mut reader).map_err(|e| {
            let said = if positions {
                e.inner().to_string()
            } else {
                json_message(e.inner())
            };
            let at = match e.path().to_string() {
                path if path == "." => String::new(),
                path => format!("{path}: "),
            };
            SettingsParseError(format!(
                "not valid settings JSON: {at}{said}. {}",
                parse_hint(&said)
            ))
        })?;
        reader.end().map_err(|e| json_error(&e))?;
        Ok(settings)
    }

    fn check_text(text: &str) -> Result<(), SettingsParseError> {
        if text.len() > MAX_SETTINGS_BYTES {
            return Err(SettingsParseError(format!(
                "the settings document is {} bytes; at most {MAX_SETTINGS_BYTES} are read. Is this the right file?",
                text.len()
            )));
        }
        if text.trim().is_empty() {
            return Err(SettingsParseError(
                "the settings document is empty. Save one from the page or write one with `tls-wizard generate --help` as a guide.".into(),
            ));
        }
        Ok(())
    }

    fn check_version(settings: Settings) -> Result<Self, SettingsParseError> {
        if settings.version != SETTINGS_VERSION {
            return Err(SettingsParseError(format!(
                "settings version {} is not supported; this build reads version {SETTINGS_VERSION}. Save the settings again from this version of the wizard.",
                settings.version
            )));
        }
        Ok(settings)
    }

    /// The document as pretty JSON, the format the page saves.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_field_is_named_by_its_path_and_an_objects_text_has_no_position() {
        let text = r#"{"version": 1, "release": {"name": 42}}"#;
        let from_file = Settings::parse_json(text).unwrap_err().to_string();
        assert!(
            from_file.contains("release.name: invalid type"),
            "{from_file}"
        );
        assert!(
            from_file.contains("line 1 column"),
            "a file's error points into it: {from_file}"
        );
        let from_object = Settings::parse_json_object(text).unwrap_err().to_string();
        assert!(
            from_object.contains("release.name: invalid type"),
            "{from_object}"
        );
        assert!(
            !from_object.contains("line 1"),
            "an object has no lines: {from_object}"
        );
        let unknown = Settings::parse_json_object(r#"{"version": 1, "release": {"nmae": "a"}}"#)
            .unwrap_err()
            .to_string();
        assert!(
            unknown.contains("release.nmae: unknown field `nmae`"),
            "{unknown}"
        );
        let trailing = Settings::parse_json(r#"{"version": 1} x"#)
            .unwrap_err()
            .to_string();
        assert!(trailing.contains("trailing characters"), "{trailing}");
    }

    #[test]
    fn a_yaml_flow_mapping_reads_like_block_yaml() {
        let flow = Settings::parse("{version: 1, release: {name: acme, namespace: prod}}").unwrap();
        let block =
            Settings::parse("version: 1\nrelease:\n  name: acme\n  namespace: prod\n").unwrap();
        assert_eq!(flow.to_json(), block.to_json());
        assert_eq!(flow.release.name, "acme");
    }

    #[test]
    fn json_with_a_wrong_type_is_not_rescued_by_yaml() {
        let error = Settings::parse("{\"version\": 1, \"release\": {\"name\": 42}}").unwrap_err();
        assert!(error.to_string().contains("invalid type"), "{error}");
    }

    #[test]
    fn broken_json_is_reported_as_json() {
        let error = Settings::parse("{\"version\": 1, \"colour\": 2}").unwrap_err();
        assert!(
            error.to_string().starts_with("not valid settings JSON"),
            "{error}"
        );
        assert!(
            Settings::parse_json("{version: 1}").is_err(),
            "the page sends JSON only"
        );
    }
}
