//! What the engine's calls take and answer across the WebAssembly boundary:
//! one request type per call, one answer type per call. The wasm layer only
//! reads and writes these (as JS objects); their TypeScript declarations are
//! generated from them (see `api::typescript`), so the page, the package and the
//! core cannot disagree on a field.

use serde::{Deserialize, Serialize};

use crate::bundle::{BroughtCertificate, BroughtCertificates};
use crate::daytwo::merge::Merged;
use crate::daytwo::renew::RenewReport;
use crate::import::Finding;
use crate::output::OutputFile;
use crate::values::{Diagnostic, KeyAlgorithm, Settings, ValuesContext};

/// What `generate` takes: the settings, where the certificates come from,
/// and the user's values file to merge into.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct GenerateRequest {
    /// The settings document (as `validate` takes it).
    #[cfg_attr(test, ts(type = "Settings | string"))]
    pub settings: serde_json::Value,
    /// Where the certificates come from.
    pub source: GenerateSource,
    /// The user's whole values file: values.yaml then becomes it with only
    /// the wizard's values changed.
    #[serde(default)]
    #[cfg_attr(test, ts(optional = nullable))]
    pub values: Option<String>,
    /// The issuing time, in milliseconds since the epoch (`Date.now()`); default now.
    #[serde(default)]
    #[cfg_attr(test, ts(optional = nullable))]
    pub now: Option<f64>,
}

/// Where a bundle's certificates come from.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "kebab-case")]
#[serde(deny_unknown_fields)]
pub enum GenerateSource {
    /// Issued here: by a new CA, or by the user's (`ca_cert`, `ca_key`) when
    /// the settings say `ca: provided`.
    Issue {
        /// The user's CA certificate (PEM).
        #[serde(default)]
        #[cfg_attr(test, ts(optional = nullable))]
        ca_cert: Option<String>,
        /// The user's CA key (PEM).
        #[serde(default)]
        #[cfg_attr(test, ts(optional = nullable))]
        ca_key: Option<String>,
        /// Keys made by the caller (the page makes RSA keys with WebCrypto):
        /// unencrypted PKCS#8, PEM or base64 DER, in issuance order, as many
        /// as `keysWanted` says. Absent: the core makes them.
        #[serde(default)]
        #[cfg_attr(test, ts(optional = nullable))]
        keys: Option<Vec<String>>,
        /// The chart's main certificate, when the user brings it.
        #[serde(default)]
        #[cfg_attr(test, ts(optional = nullable))]
        main_certificate: Option<BroughtCertificate>,
    },
    /// The user's own certificates, one per Secret, and the CA bundle.
    BringYourOwn(BroughtCertificates),
}

/// What `generate` answers.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct GenerateAnswer {
    /// The bundle's files, in the order the page lists them.
    pub files: Vec<OutputFile>,
    /// Warnings and notes about the settings (errors refuse instead).
    pub diagnostics: Vec<Diagnostic>,
    /// Warnings and notes about the certificates brought.
    pub findings: Vec<Finding>,
    /// The main certificate's SHA-256 SPKI pin, when the bundle holds it.
    pub main_pin: Option<String>,
    /// The merge into the user's values file, when one was given.
    pub merge: Option<Merged>,
}

/// The keys `generate` takes from the caller for some settings.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct KeysWanted {
    /// The algorithm; null when no keys are made.
    pub algorithm: Option<KeyAlgorithm>,
    /// The RSA modulus size in bits, for RSA algorithms.
    pub rsa_bits: Option<usize>,
    /// How many keys; 0 when the settings hold errors or make none (then
    /// `generate` says why).
    pub count: usize,
}

/// What `checkCertificate` takes: a certificate (and key) for a Service.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct CheckRequest {
    /// The certificate, then any intermediates (PEM).
    pub certificate: String,
    /// The private key (PEM), checked to match; empty: not checked.
    pub key: String,
    /// The key's passphrase, when it is encrypted.
    pub passphrase: String,
    /// The CA certificate(s) the Service will trust (PEM); empty: no chain check.
    pub ca: String,
    /// The names the certificate must cover.
    pub dns_names: Vec<String>,
    /// Whether clientAuth is required too (Keycloak's cluster mode).
    pub client_auth: bool,
    /// The Service it is for, named in the findings.
    #[cfg_attr(test, ts(optional = nullable))]
    pub service: Option<crate::release::ServiceKey>,
    /// The time validity is checked at; default now.
    #[cfg_attr(test, ts(optional = nullable))]
    pub now: Option<f64>,
}

/// A file given by name and text.
#[derive(Debug, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct NamedText {
    /// Its name, for findings (`values.yaml`, `secrets.yaml`, …).
    pub name: String,
    /// Its text.
    pub text: String,
}

/// What `audit` and `expiryCalendar` take: the release and its files.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct AuditRequest {
    /// The Helm release name; empty: `lightrun`.
    pub release_name: String,
    /// The namespace; empty: `lightrun`.
    pub namespace: String,
    /// `general.nameOverride`; absent or empty: what the values say.
    #[cfg_attr(test, ts(optional = nullable))]
    pub name_override: Option<String>,
    /// The cluster's DNS domain; empty: `cluster.local`.
    pub cluster_domain: String,
    /// Keycloak's cluster mode; absent: what the values say, else the
    /// chart's default (on).
    #[cfg_attr(test, ts(optional = nullable))]
    pub keycloak_cluster: Option<bool>,
    /// A values.yaml and Secret manifests (or `kubectl get secret -o yaml`).
    pub files: Vec<NamedText>,
    /// The time validity is checked at; default now.
    #[cfg_attr(test, ts(optional = nullable))]
    pub now: Option<f64>,
}

/// What `renew` takes: the CA, the current Secrets, and what to change.
#[derive(Debug, Default, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct RenewRequest {
    /// The CA certificate (PEM, the signing CA first).
    pub ca_cert: String,
    /// The CA's private key (PEM).
    pub ca_key: String,
    /// The current `secrets.yaml` (or `kubectl get secret -o yaml` output).
    pub secrets: String,
    /// The bundle's values.yaml, copied unchanged when given.
    #[cfg_attr(test, ts(optional = nullable))]
    pub values: Option<String>,
    /// The new validity in days; absent keeps each certificate's old length.
    #[cfg_attr(test, ts(optional = nullable))]
    pub days: Option<u32>,
    /// The new keys' algorithm; absent keeps each Secret's own.
    #[cfg_attr(test, ts(optional = nullable))]
    pub key: Option<KeyAlgorithm>,
    /// The namespace of Secrets whose manifest names none.
    #[cfg_attr(test, ts(optional = nullable))]
    pub namespace: Option<String>,
    /// The release name, for the restart command.
    #[cfg_attr(test, ts(optional = nullable))]
    pub release_name: Option<String>,
    /// The issuing time; default now.
    #[cfg_attr(test, ts(optional = nullable))]
    pub now: Option<f64>,
}

/// What `renew` answers.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RenewAnswer {
    /// `secrets.yaml`, `ca.crt`, `values.yaml` (when given), `RENEW.md`.
    pub files: Vec<OutputFile>,
    /// What was renewed, kept and what to run.
    pub report: RenewReport,
}

/// What `readValuesContext` answers.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ValuesRead {
    /// The settings with what the file decides applied.
    pub settings: Settings,
    /// What the file sets (null where it is silent).
    pub context: ValuesContext,
    /// One line per setting read from it, for the page to say.
    pub read: Vec<String>,
}

/// What `readBundleArchive` answers: the three files renewing needs.
#[derive(Debug, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct BundleArchive {
    /// `ca.crt`.
    pub ca_cert: String,
    /// `ca.key`.
    pub ca_key: String,
    /// `secrets.yaml`.
    pub secrets: String,
}
