//! Auditing an install: given a values.yaml and the Secrets (manifests or
//! `kubectl get secret -o yaml` output), says for each of the chart's services
//! whether its pod will find a usable certificate: the Secret is there, holds
//! the keys the chart mounts, and its certificate checks out for that
//! Service's names against the CA Secret the values name.

use serde::Serialize;
use time::OffsetDateTime;

use super::expiry::{days_left, CaExpiry, ExpiryBand};
use crate::release::{
    ClusterDomain, Deployed, NameOverride, Namespace, ReleaseContext, ReleaseName, ServiceKey,
};
use crate::values::model::{paths, secret_path};
use crate::values::{InternalTls, Severity, Source};

use super::chain::{read_ca_bundle, read_certificates};
use super::check::{check_certificate, required_names, CheckRequest};
use super::error::ImportError;
use super::finding::{has_errors, Finding};
use super::inspect::{rfc3339, CertificateInfo};
use super::key::read_private_key;
use super::manifest::{read_manifests, SecretInput, SecretValue, ValuesInput};

/// The release the audit is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditSettings {
    /// The Helm release name.
    pub release_name: String,
    /// The release's namespace.
    pub namespace: String,
    /// `general.nameOverride`; when `None`, the values' own is used.
    pub name_override: Option<String>,
    /// The cluster's DNS domain (`cluster.local`).
    pub cluster_domain: String,
    /// Keycloak's cluster mode, when the caller says; else the values', else
    /// the chart's default (on).
    pub keycloak_cluster: Option<bool>,
}

impl Default for AuditSettings {
    fn default() -> Self {
        Self {
            release_name: "lightrun".into(),
            namespace: "lightrun".into(),
            name_override: None,
            cluster_domain: "cluster.local".into(),
            keycloak_cluster: None,
        }
    }
}

/// Why the audit could not run at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuditError {
    /// A release setting is not a valid name.
    #[error("{field}: {message}")]
    Setting {
        /// Which setting (`release name`, `namespace`, …).
        field: &'static str,
        /// What is wrong and what to do.
        message: String,
    },
    /// An input could not be read.
    #[error("{input}: {error}")]
    Input {
        /// The file or field.
        input: String,
        /// Why.
        error: ImportError,
    },
    /// No values document among the inputs.
    #[error("none of the inputs holds a values.yaml (a YAML document with a general: key); give the release's values, for example from `helm get values RELEASE -n NAMESPACE --all -o yaml`")]
    NoValues,
}

/// How one service fares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum ServiceStatus {
    /// A usable certificate.
    Ok,
    /// Usable, with warnings.
    Warning,
    /// The pod will not get a usable certificate.
    Error,
    /// The chart does not deploy it (or it was not checked); nothing needed.
    NotDeployed,
}

/// The audit of one service.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ServiceAudit {
    /// The values key.
    pub key: ServiceKey,
    /// A name for people.
    pub label: &'static str,
    /// The verdict.
    pub status: ServiceStatus,
    /// The Kubernetes Service name, when it can be derived.
    pub service_name: Option<String>,
    /// The Secret the values name for it (empty when none).
    pub secret_name: String,
    /// The names its certificate must cover.
    pub dns_names: Vec<String>,
    /// The subject of the CA its chain reaches, when it does.
    pub trusted_by: Option<String>,
    /// The leaf certificate, described.
    pub certificate: Option<CertificateInfo>,
    /// Whole days until the leaf expires (negative once expired), when there is one.
    pub days_left: Option<i64>,
    /// How close the leaf is to its end, when there is one.
    pub expiry: Option<ExpiryBand>,
    /// What was found, errors first.
    pub findings: Vec<Finding>,
}

/// The whole audit.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AuditReport {
    /// No finding anywhere is an error.
    pub ok: bool,
    /// The chart's fullname.
    pub fullname: String,
    /// The namespace.
    pub namespace: String,
    /// The time validity was checked at, RFC 3339.
    pub checked_at: String,
    /// Findings about the values and the CA Secret.
    pub findings: Vec<Finding>,
    /// One entry a service, in values order.
    pub services: Vec<ServiceAudit>,
    /// Each CA certificate of the CA Secret, with its expiry.
    pub cas: Vec<CaExpiry>,
}

fn setting<T>(
    field: &'static str,
    result: Result<T, crate::release::NameError>,
) -> Result<T, AuditError> {
    result.map_err(|e| AuditError::Setting {
        field,
        message: e.to_string(),
    })
}

struct Inputs {
    secrets: Vec<(SecretInput, String)>,
    values: Option<(ValuesInput, String)>,
    notes: Vec<Finding>,
}

fn read_inputs(sources: &[(&str, &str)]) -> Result<Inputs, AuditError> {
    let mut inputs = Inputs {
        secrets: Vec::new(),
        values: None,
        notes: Vec::new(),
    };
    let mut values_sources = Vec::new();
    for (source, text) in sources {
        let manifests = read_manifests(text).map_err(|error| AuditError::Input {
            input: (*source).to_string(),
            error,
        })?;
        for secret in manifests.secrets {
            inputs.secrets.push((secret, (*source).to_string()));
        }
        for values in manifests.values {
            values_sources.push((*source).to_string());
            inputs.values = Some((values, (*source).to_string()));
        }
        if !manifests.ignored.is_empty() {
            inputs.notes.push(Finding::info(
                "ignored-documents",
                *source,
                format!("Not used: {}.", manifests.ignored.join(", ")),
                "Only Secrets and values are read.",
            ));
        }
    }
    if values_sources.len() > 1 {
        inputs.notes.push(Finding::warning(
            "several-values",
            values_sources.join(", "),
            format!(
                "{} values documents were given; only the last ({}) is read, while Helm would merge them.",
                values_sources.len(),
                values_sources.last().cloned().unwrap_or_default()
            ),
            "Give the release's effective values in one file: helm get values RELEASE -n NAMESPACE --all -o yaml.",
        ));
    }
    Ok(inputs)
}

/// Audits a release from its values and Secrets. `sources` are (file or field
/// name, text) pairs; every text may hold several YAML documents.
pub fn audit(
    settings: &AuditSettings,
    sources: &[(&str, &str)],
    at: OffsetDateTime,
) -> Result<AuditReport, AuditError> {
    let inputs = read_inputs(sources)?;
    let Some((values, values_source)) = inputs.values.clone() else {
        return Err(AuditError::NoValues);
    };
    let release = setting("release name", ReleaseName::parse(&settings.release_name))?;
    let namespace = setting("namespace", Namespace::parse(&settings.namespace))?;
    let cluster_domain = setting(
        "cluster domain",
        ClusterDomain::parse(&settings.cluster_domain),
    )?;
    let mut findings = inputs.notes.clone();
    let name_override = match (&settings.name_override, &values.context.name_override) {
        (Some(given), _) if !given.is_empty() => {
            Some(setting("name override", NameOverride::parse(given))?)
        }
        (_, Some(from_values)) => {
            findings.push(Finding::info(
                "name-override-from-values",
                format!("{values_source}: general.nameOverride"),
                format!("Service names are derived from the values' general.nameOverride {from_values:?}."),
                "Pass --name-override to use another.",
            ));
            Some(setting(
                "general.nameOverride",
                NameOverride::parse(from_values),
            )?)
        }
        _ => None,
    };
    // What the values do not say, the chart's defaults decide (chart 3.50.0):
    // Keycloak cluster mode on, RabbitMQ and Redis in the cluster, no data
    // streamer. The same defaults the generator uses.
    let rabbitmq =
        values.context.mq_enabled != Some(false) && values.context.mq_local != Some(false);
    let deployed = Deployed {
        keycloak_cluster: settings
            .keycloak_cluster
            .or(values.context.keycloak_cluster_mode)
            .unwrap_or(true),
        redis: values.context.redis_external != Some(true),
        rabbitmq,
        data_streamer: values.context.data_streamer_enabled.unwrap_or(false),
    };
    let context = ReleaseContext {
        release,
        name_override,
        namespace: namespace.clone(),
        cluster_domain,
        deployed,
        extra_sans: Vec::new(),
    };
    let tls: &InternalTls = &values.internal_tls;
    let mut report = AuditReport {
        ok: true,
        fullname: context.fullname().to_string(),
        namespace: namespace.to_string(),
        checked_at: rfc3339(at),
        findings: Vec::new(),
        services: Vec::new(),
        cas: Vec::new(),
    };
    let skipped = |key: ServiceKey, why: Finding| ServiceAudit {
        key,
        label: key.label(),
        status: ServiceStatus::NotDeployed,
        service_name: context.service_name(key).ok().map(|s| s.to_string()),
        secret_name: tls.certificates.existing_certificates.get(key).to_string(),
        dns_names: Vec::new(),
        trusted_by: None,
        certificate: None,
        days_left: None,
        expiry: None,
        findings: vec![why.for_service(Some(key))],
    };

    if !tls.enabled {
        findings.push(Finding::info(
            "tls-disabled",
            format!("{values_source}: {}", paths::ENABLED),
            "Internal TLS is not enabled in these values: the chart mounts no certificate.",
            "Set general.internal_tls.enabled: true to use the certificates.",
        ));
        report.findings = findings;
        return Ok(report);
    }
    if tls.certificates.source == Source::GenerateSelfSignedCertificates {
        findings.push(Finding::info(
            "chart-generates",
            format!("{values_source}: {}", paths::SOURCE),
            "The chart makes its own certificates (generate_self_signed_certificates); there are no Secrets of yours to check.",
            "Set source: existing_certificates to use your own certificates.",
        ));
        if tls.certificates.verification {
            findings.push(Finding::error(
                "self-signed-with-verification",
                format!("{values_source}: {}", paths::VERIFICATION),
                "The chart's own certificates work only with verification: false (its templates say so; its CA is in no trust file the backend reads), and verification is on.",
                "Set verification: false, or bring your own certificates (existing_certificates).",
            ));
        }
        if deployed.keycloak_cluster {
            findings.push(Finding::error(
                "self-signed-with-keycloak-cluster",
                format!("{values_source}: {}", paths::SOURCE),
                "Keycloak cluster mode cannot use the chart's own certificates: its pods need a cluster Secret with a shared CA.",
                "Turn cluster mode off (deployments.keycloak.clusterMode: false), or use existing_certificates.",
            ));
        }
        findings.push(Finding::warning(
            "self-signed-install-only",
            format!("{values_source}: {}", paths::SOURCE),
            "The chart makes these certificates only at the first install (pre-install hooks): helm upgrade of a release that already exists creates none of them, and its TLS pods then wait for their Secrets.",
            "Use this mode only for a new release; for an existing one, make the certificates (tls-wizard generate).",
        ));
        report.ok = !has_errors(&findings);
        report.findings = findings;
        return Ok(report);
    }

    let cas = read_ca_secret(&inputs, tls, &values_source, &namespace, &mut findings);
    for ca in cas.iter().flatten() {
        let (days_left, band) = days_left(ca.not_after(), at);
        report.cas.push(CaExpiry {
            secret: tls.certificates.existing_ca_secret_name.clone(),
            subject: ca.subject(),
            not_after: rfc3339(ca.not_after()),
            days_left,
            band,
            sha256_fingerprint: ca.sha256_fingerprint(),
        });
    }

    for key in ServiceKey::ALL {
        let secret_name = tls.certificates.existing_certificates.get(key).to_string();
        let values_path = format!("{values_source}: {}", secret_path(key));
        if !deployed.has(key) {
            let note = if secret_name.is_empty() {
                Finding::info(
                    "not-deployed",
                    values_path,
                    format!(
                        "The chart does not deploy {} with these values.",
                        key.label()
                    ),
                    "",
                )
            } else {
                Finding::info(
                    "not-deployed",
                    values_path,
                    format!("The chart does not deploy {} with these values; the Secret {secret_name:?} named for it is unused.", key.label()),
                    "",
                )
            };
            report.services.push(skipped(key, note));
            continue;
        }
        report.services.push(audit_service(
            key,
            &context,
            &inputs,
            &secret_name,
            &values_path,
            cas.as_deref(),
            at,
        ));
    }
    let ca_pem: Option<String> = cas
        .as_ref()
        .map(|cas| cas.iter().map(|c| c.to_pem()).collect());
    findings.extend(audit_main_certificate(
        &values,
        &values_source,
        &context,
        &inputs,
        ca_pem.as_deref(),
        at,
    ));
    findings.extend(audit_keycloak_trust(
        &values,
        &values_source,
        &context,
        &inputs,
        at,
    ));
    report.ok = !has_errors(&findings)
        && report
            .services
            .iter()
            .all(|s| s.status != ServiceStatus::Error);
    findings.sort_by_key(|f| f.severity);
    report.findings = findings;
    Ok(report)
}

fn find_secret<'a>(inputs: &'a Inputs, name: &str) -> Vec<&'a (SecretInput, String)> {
    inputs
        .secrets
        .iter()
        .filter(|(s, _)| s.name == name)
        .collect()
}

fn secret_value_problem(secret: &SecretInput, key: &str) -> Option<String> {
    match secret.entries.get(key) {
        None => {
            let keys: Vec<&str> = secret.entries.keys().map(String::as_str).collect();
            Some(format!(
                "has no {key} key (its keys: {})",
                if keys.is_empty() {
                    "none".to_string()
                } else {
                    keys.join(", ")
                }
            ))
        }
        Some(SecretValue::Text(t)) if t.trim().is_empty() => Some(format!("has an empty {key}")),
        Some(SecretValue::Text(_)) => None,
        Some(SecretValue::Binary(n)) => Some(format!(
            "has a {key} of {n} bytes that is not text; the chart expects PEM"
        )),
        Some(SecretValue::Invalid(reason)) => Some(format!("{key} {reason}")),
    }
}

fn check_namespace(
    secret: &SecretInput,
    namespace: &Namespace,
    where_: &str,
    service: Option<ServiceKey>,
    findings: &mut Vec<Finding>,
) {
    if let Some(ns) = &secret.namespace {
        if ns != namespace.as_str() {
            findings.push(
                Finding::error(
                    "secret-wrong-namespace",
                    where_,
                    format!("{} is in namespace {ns}, but the release (and so its pods) is in {namespace}; pods mount Secrets of their own namespace only.", secret.label()),
                    format!("Create the Secret in namespace {namespace}."),
                )
                .for_service(service),
            );
        }
    }
}

fn pick<'a>(
    matches: Vec<&'a (SecretInput, String)>,
    name: &str,
    service: Option<ServiceKey>,
    findings: &mut Vec<Finding>,
) -> Option<&'a (SecretInput, String)> {
    if matches.len() > 1 {
        let sources: Vec<&str> = matches.iter().map(|(_, s)| s.as_str()).collect();
        findings.push(
            Finding::warning(
                "duplicate-secret",
                sources.join(", "),
                format!(
                    "The Secret {name} is given {} times; the last one is checked.",
                    matches.len()
                ),
                "Give each Secret once.",
            )
            .for_service(service),
        );
    }
    matches.last().copied()
}

fn read_ca_secret(
    inputs: &Inputs,
    tls: &InternalTls,
    values_source: &str,
    namespace: &Namespace,
    findings: &mut Vec<Finding>,
) -> Option<Vec<crate::pki::ParsedCertificate>> {
    let name = tls.certificates.existing_ca_secret_name.as_str();
    let path = format!("{values_source}: {}", paths::CA_SECRET);
    if name.is_empty() {
        let finding = if tls.certificates.verification {
            Finding::error(
                "ca-secret-not-named",
                path,
                "No CA Secret is named, and verification is on: the services check each other against their default trust stores, which do not hold a private CA.",
                "Set existing_ca_secret_name to a Secret whose ca.crt holds the CA(s) that issued the services' certificates.",
            )
        } else {
            Finding::warning(
                "ca-secret-not-named",
                path,
                "No CA Secret is named: chains are not checked (verification is off, but Redis's readiness probe and any peer that verifies still need the CA).",
                "Set existing_ca_secret_name to a Secret whose ca.crt holds your CA.",
            )
        };
        findings.push(finding);
        return None;
    }
    let Some((secret, source)) = pick(find_secret(inputs, name), name, None, findings) else {
        findings.push(Finding::error(
            "ca-secret-missing",
            path,
            format!("The CA Secret {name:?} named in the values is not among the files given."),
            format!("Add its manifest (kubectl get secret {name} -n {namespace} -o yaml), or create it with the CA certificate under the key ca.crt."),
        ));
        return None;
    };
    let where_ = format!("{source}: {}, ca.crt", secret.label());
    check_namespace(secret, namespace, &where_, None, findings);
    if let Some(problem) = secret_value_problem(secret, "ca.crt") {
        findings.push(Finding::error(
            "ca-secret-key-missing",
            where_,
            format!(
                "The CA {} {problem}; the chart mounts its ca.crt.",
                secret.label()
            ),
            "Put the CA certificate(s), PEM, under the key ca.crt.",
        ));
        return None;
    }
    match read_ca_bundle(secret.text("ca.crt").unwrap_or_default()) {
        Ok(cas) => Some(cas),
        Err(e) => {
            findings.push(Finding::error(
                "ca-unreadable",
                where_,
                format!(
                    "The ca.crt of the CA {} cannot be read: {e}.",
                    secret.label()
                ),
                "Put the CA certificate(s) there in PEM, one after another.",
            ));
            None
        }
    }
}

fn audit_service(
    key: ServiceKey,
    context: &ReleaseContext,
    inputs: &Inputs,
    secret_name: &str,
    values_path: &str,
    cas: Option<&[crate::pki::ParsedCertificate]>,
    at: OffsetDateTime,
) -> ServiceAudit {
    let mut findings = Vec::new();
    let service = Some(key);
    let mut audit = ServiceAudit {
        key,
        label: key.label(),
        status: ServiceStatus::Error,
        service_name: None,
        secret_name: secret_name.to_string(),
        dns_names: Vec::new(),
        trusted_by: None,
        certificate: None,
        days_left: None,
        expiry: None,
        findings: Vec::new(),
    };
    let dns_names = match context.service_name(key) {
        Ok(name) => {
            audit.service_name = Some(name.to_string());
            required_names(context, key).unwrap_or_default()
        }
        Err(e) => {
            findings.push(Finding::error(
                "service-name-too-long",
                values_path,
                e.message,
                e.hint,
            ));
            Vec::new()
        }
    };
    audit.dns_names.clone_from(&dns_names);
    let done = |mut audit: ServiceAudit, mut findings: Vec<Finding>| {
        for f in &mut findings {
            f.service = Some(key);
        }
        findings.sort_by_key(|f| f.severity);
        audit.status = match findings.iter().map(|f| f.severity).min() {
            Some(Severity::Error) => ServiceStatus::Error,
            Some(Severity::Warning) => ServiceStatus::Warning,
            _ => ServiceStatus::Ok,
        };
        audit.findings = findings;
        audit
    };
    if secret_name.is_empty() {
        findings.push(Finding::error(
            "secret-not-named",
            values_path,
            format!("No Secret is named for {}, which the chart deploys: its pod would mount a Secret with no name and not start.", key.label()),
            "Name the Secret holding its tls.crt and tls.key here.",
        ));
        return done(audit, findings);
    }
    let Some((secret, source)) = pick(
        find_secret(inputs, secret_name),
        secret_name,
        service,
        &mut findings,
    ) else {
        findings.push(Finding::error(
            "secret-missing",
            values_path,
            format!("The Secret {secret_name:?}, named for {} ({}), is not among the files given; the pod will not start without it.", key.label(), audit.service_name.clone().unwrap_or_default()),
            format!("Add its manifest (kubectl get secret {secret_name} -n {} -o yaml) to the files, or create it.", context.namespace),
        ));
        return done(audit, findings);
    };
    let label = secret.label();
    check_namespace(
        secret,
        &context.namespace,
        &format!("{source}: {label}"),
        service,
        &mut findings,
    );
    let mut required = vec!["tls.crt", "tls.key"];
    if key == ServiceKey::KeycloakCluster {
        required.push("ca.crt");
    }
    for entry in required {
        if let Some(problem) = secret_value_problem(secret, entry) {
            let why = if entry == "ca.crt" {
                "Keycloak's cluster mode builds its trust store from it"
            } else {
                "the chart mounts tls.crt and tls.key"
            };
            findings.push(Finding::error(
                "secret-key-missing",
                format!("{source}: {label}, {entry}"),
                format!("{label} {problem}; {why}."),
                format!(
                    "Put the PEM {} under the key {entry}.",
                    match entry {
                        "tls.crt" => "certificate (leaf first, then intermediates)",
                        "tls.key" => "private key (unencrypted PKCS#8)",
                        _ => "CA certificate(s)",
                    }
                ),
            ));
        }
    }
    let cert_path = format!("{source}: {label}, tls.crt");
    let key_path = format!("{source}: {label}, tls.key");
    let chain = match secret.text("tls.crt").filter(|t| !t.trim().is_empty()) {
        None => None,
        Some(text) => match read_certificates(text) {
            Ok(chain) => Some(chain),
            Err(e) => {
                findings.push(Finding::error(
                    "certificate-unreadable",
                    cert_path.clone(),
                    format!("The tls.crt of {label} cannot be read: {e}."),
                    "Put the certificate there in PEM: the leaf first, then any intermediate CAs.",
                ));
                None
            }
        },
    };
    let private_key = match secret.text("tls.key").filter(|t| !t.trim().is_empty()) {
        None => None,
        Some(text) => match read_private_key(text, None) {
            Ok(k) => Some(k),
            Err(ImportError::NeedsPassphrase | ImportError::LegacyEncryption) => {
                findings.push(Finding::error(
                    "key-encrypted",
                    key_path.clone(),
                    format!("The tls.key of {label} is encrypted; the pods read it without a passphrase and cannot use it."),
                    "Store the key unencrypted (openssl pkcs8 -topk8 -nocrypt -in enc.key -out tls.key); the Secret is what protects it.",
                ));
                None
            }
            Err(e) => {
                findings.push(Finding::error(
                    "key-unreadable",
                    key_path.clone(),
                    format!("The tls.key of {label} cannot be read: {e}."),
                    "Put the private key there in PEM (PKCS#8: -----BEGIN PRIVATE KEY-----).",
                ));
                None
            }
        },
    };
    let Some(chain) = chain else {
        return done(audit, findings);
    };
    let certificates = chain;
    let report = check_certificate(&CheckRequest {
        service,
        chain: &certificates,
        key: private_key.as_ref().map(|k| &k.key),
        cas: cas.unwrap_or(&[]),
        dns_names: &dns_names,
        client_auth: key.needs_client_auth(),
        at,
        certificate_path: cert_path.clone(),
        key_path,
        ca_path: "CA Secret, ca.crt".into(),
    });
    let chain_checked = cas.is_some();
    findings.extend(
        report
            .findings
            .into_iter()
            // Without a readable CA Secret that is already reported once, above.
            .filter(|f| chain_checked || f.code != "chain-not-checked"),
    );
    audit.trusted_by = report.trusted_by;
    audit.certificate = report.chain.into_iter().next();
    if matches!(key, ServiceKey::Keycloak | ServiceKey::KeycloakCluster)
        && audit
            .certificate
            .as_ref()
            .is_some_and(|c| !matches!(c.public_key.algorithm.as_str(), "RSA" | "ECDSA"))
    {
        findings.push(Finding::error(
            "keycloak-key-algorithm",
            cert_path.clone(),
            format!(
                "{label} holds a {} key; Keycloak reads only RSA and EC keys and does not start with it.",
                audit.certificate.as_ref().map(|c| c.public_key.description.clone()).unwrap_or_default()
            ),
            "Issue this certificate with an ECDSA P-256 (or RSA) key instead.",
        ));
    }
    let leaf_end = audit.certificate.as_ref().and_then(|c| {
        OffsetDateTime::parse(&c.not_after, &time::format_description::well_known::Rfc3339).ok()
    });
    if let Some(end) = leaf_end {
        let (days, band) = days_left(end, at);
        audit.days_left = Some(days);
        audit.expiry = Some(band);
    }

    if key == ServiceKey::KeycloakCluster {
        if let Some(text) = secret.text("ca.crt").filter(|t| !t.trim().is_empty()) {
            match read_ca_bundle(text) {
                Err(e) => findings.push(Finding::error(
                    "ca-unreadable",
                    format!("{source}: {label}, ca.crt"),
                    format!("The ca.crt of {label} cannot be read: {e}."),
                    "Put the CA certificate(s) there in PEM.",
                )),
                Ok(own_cas) => {
                    let own = check_certificate(&CheckRequest {
                        service,
                        chain: &certificates,
                        key: None,
                        cas: &own_cas,
                        dns_names: &[],
                        client_auth: true,
                        at,
                        certificate_path: cert_path,
                        key_path: String::new(),
                        ca_path: format!("{label}, ca.crt"),
                    });
                    if own.trusted_by.is_none() {
                        findings.push(Finding::error(
                            "cluster-trust-store",
                            format!("{source}: {label}, ca.crt"),
                            format!("The ca.crt of {label} does not hold the CA that issued its tls.crt; Keycloak's pods build their trust store from it and would refuse each other's certificates."),
                            "Put the CA that issued tls.crt (the same as in the CA Secret) under ca.crt.",
                        ));
                    }
                }
            }
        }
    }
    done(audit, findings)
}

/// The PEM certificates a Secret holds under any key (Keycloak reads every
/// file of its trust store folder).
fn secret_certificates(secret: &SecretInput) -> String {
    let mut pem = String::new();
    for value in secret.entries.values() {
        if let SecretValue::Text(text) = value {
            if text.contains("-----BEGIN CERTIFICATE-----") {
                pem.push_str(text);
                if !pem.ends_with('\n') {
                    pem.push('\n');
                }
            }
        }
    }
    pem
}

/// The main certificate, as the router checks it with verification on: the
/// bare `<fullname>-backend` and a chain to `ca.crt`.
fn audit_main_certificate(
    values: &ValuesInput,
    values_source: &str,
    context: &ReleaseContext,
    inputs: &Inputs,
    ca_pem: Option<&str>,
    at: OffsetDateTime,
) -> Vec<Finding> {
    let tls = &values.internal_tls;
    let Some(ca_pem) = ca_pem else {
        return Vec::new();
    };
    if !tls.certificates.verification || tls.certificates.existing_ca_secret_name.is_empty() {
        return Vec::new();
    }
    let Ok((_, backend)) = context.backend_names() else {
        return Vec::new();
    };
    let Some(backend) = backend.first().map(|n| n.to_string()) else {
        return Vec::new();
    };
    let fixes = format!("Have the main certificate issued (by a CA in ca.crt) with the name {backend} besides the public one, or set verification: false.");
    let (pem, path) = match (&values.context.main_existing_cert, &values.context.main_certificate_pem) {
        (Some(name), _) => match find_secret(inputs, name).first() {
            Some((secret, source)) => match secret.text("tls.crt") {
                Some(text) => (text.to_string(), format!("{source}: Secret {name}, tls.crt")),
                None => {
                    return vec![Finding::error(
                        "main-certificate-unreadable",
                        format!("{source}: Secret {name}"),
                        format!("The main certificate's Secret {name} (certificate.existing_cert) has no tls.crt."),
                        "Put the certificate there in PEM.",
                    )]
                }
            },
            None => {
                return vec![Finding::warning(
                    "main-certificate-not-given",
                    format!("{values_source}: certificate.existing_cert"),
                    format!("The main certificate's Secret {name} is not among the files given: the router's check of {backend} (verification is on) was not judged."),
                    format!("Add it: kubectl get secret {name} -n {} -o yaml.", context.namespace),
                )]
            }
        },
        (None, Some(pem)) => (pem.clone(), format!("{values_source}: certificate.tls.crt")),
        (None, None) => {
            return vec![Finding::error(
                "main-certificate-missing",
                format!("{values_source}: certificate"),
                format!("Verification is on, and the values hold no main certificate (certificate.existing_cert or certificate.tls.crt): the router's check of https://{backend} for /api/ fails."),
                fixes,
            )]
        }
    };
    let names = vec![backend.clone()];
    let report = super::check::check_texts(&super::check::CheckTexts {
        certificate: &pem,
        key: None,
        key_passphrase: None,
        ca: ca_pem,
        dns_names: &names,
        client_auth: false,
        service: None,
        at,
    });
    match report {
        Err(e) => vec![Finding::error(
            "main-certificate-unreadable",
            path,
            format!("The main certificate cannot be read: {}.", e.error),
            "Put the certificate there in PEM.",
        )],
        Ok(report) if report.valid => Vec::new(),
        Ok(report) => {
            let mut out: Vec<Finding> = report
                .findings
                .into_iter()
                .filter(|f| f.severity == Severity::Error)
                .map(|mut f| {
                    f.path.clone_from(&path);
                    f.message = format!("Main certificate: {}", f.message);
                    f
                })
                .collect();
            out.push(Finding::error(
                "main-certificate-fails",
                path,
                format!("With verification on, the router proxies /api/ to https://{backend} and checks the main certificate for that name against ca.crt: it would fail."),
                fixes,
            ));
            out
        }
    }
}

/// Keycloak's trust (`secrets.customCa`): with existing_certificates
/// nothing else makes it trust a private CA, and it verifies RabbitMQ.
fn audit_keycloak_trust(
    values: &ValuesInput,
    values_source: &str,
    context: &ReleaseContext,
    inputs: &Inputs,
    at: OffsetDateTime,
) -> Vec<Finding> {
    let tls = &values.internal_tls;
    if !context.deployed.rabbitmq {
        return Vec::new();
    }
    let path = format!("{values_source}: secrets.customCa");
    let trust = match (&values.context.custom_ca_secret, &values.context.custom_ca_pem()) {
        (Some(name), _) => match find_secret(inputs, name).first() {
            Some((secret, _)) => secret_certificates(secret),
            None => {
                return vec![Finding::warning(
                    "keycloak-trust-not-given",
                    path,
                    format!("Keycloak trusts the Secret {name} (secrets.customCa.existingCaSecret), which is not among the files given: its connection to RabbitMQ was not judged."),
                    format!("Add it: kubectl get secret {name} -n {} -o yaml.", context.namespace),
                )]
            }
        },
        (None, Some(pem)) => pem.clone(),
        (None, None) => {
            return vec![Finding::error(
                "keycloak-trusts-no-private-ca",
                path,
                "Keycloak trusts only what secrets.customCa gives it, and these values give it nothing: its TLS connection to RabbitMQ (checked whatever verification says) fails with a private CA.",
                format!(
                    "Set secrets.customCa.existingCaSecret to the CA Secret ({}).",
                    if tls.certificates.existing_ca_secret_name.is_empty() {
                        "the Secret whose ca.crt holds your CA".to_string()
                    } else {
                        tls.certificates.existing_ca_secret_name.clone()
                    }
                ),
            )]
        }
    };
    let mq_secret = tls
        .certificates
        .existing_certificates
        .get(ServiceKey::Rabbitmq);
    let Some(mq_pem) = find_secret(inputs, mq_secret)
        .first()
        .and_then(|(s, _)| s.text("tls.crt"))
        .map(str::to_string)
    else {
        return Vec::new();
    };
    let Ok(mq) = context.service_name(ServiceKey::Rabbitmq) else {
        return Vec::new();
    };
    let names = vec![mq.to_string()];
    match super::check::check_texts(&super::check::CheckTexts {
        certificate: &mq_pem,
        key: None,
        key_passphrase: None,
        ca: &trust,
        dns_names: &names,
        client_auth: false,
        service: Some(ServiceKey::Rabbitmq),
        at,
    }) {
        Ok(report) if report.trusted_by.is_none() => vec![Finding::error(
            "keycloak-does-not-trust-rabbitmq",
            path,
            format!("Keycloak verifies RabbitMQ ({mq}), and what secrets.customCa gives it does not hold the CA that issued RabbitMQ's certificate."),
            "Add that CA to what secrets.customCa names (or point existingCaSecret at the CA Secret).",
        )],
        _ => Vec::new(),
    }
}
