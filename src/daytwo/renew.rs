//! Renewal: given the CA (certificate and key) and the Secrets the wizard
//! made (`secrets.yaml`), issue every leaf again with the same Secret name,
//! namespace, common name and SANs, read from the certificate in the Secret,
//! and a new key of the same algorithm and a new validity; Secrets without a
//! certificate (the CA Secret) are kept as they are. The report says per
//! Secret what changed and which workloads to restart.

use std::collections::BTreeSet;
use std::net::IpAddr;

use serde::Serialize;
use time::OffsetDateTime;

use crate::import::SecretInput;
use crate::import::{
    inspect_certificate, read_certificates, read_manifests, read_private_key, ImportError,
};
use crate::output::{ca_file, names, secrets_file, OutputFile, SecretManifest, SecretType};
use crate::pki::{
    CertificateAuthority, IssueError, KeyAlgorithm, ParsedCertificate, PrivateKey, ProvidedCa,
};
use crate::release::{Deployed, DnsName, SecretName, ServiceKey, SubjectAltName};
use crate::values::plan::MAX_DAYS;
use crate::values::LeafPlan;

use super::workloads::{components_from_names, main_certificate_fullname, restart_commands};
use crate::release::workloads::main_certificate_workloads;

/// The file name of the renewal's instructions and report.
pub const RENEW_MD: &str = "RENEW.md";

/// What a renewal starts from.
#[derive(Debug, Clone, Default)]
pub struct RenewInput<'a> {
    /// The CA certificate (PEM, the signing CA first).
    pub ca_cert_pem: &'a str,
    /// The CA's private key (PEM).
    pub ca_key_pem: &'a str,
    /// The current `secrets.yaml` (or `kubectl get secret -o yaml` output).
    pub secrets_yaml: &'a str,
    /// The new validity in days; `None` keeps each certificate's old length.
    pub days: Option<u32>,
    /// The key algorithm of the new keys; `None` keeps each Secret's own.
    pub key: Option<KeyAlgorithm>,
    /// The namespace of Secrets whose manifest names none.
    pub namespace: Option<&'a str>,
    /// The release name, for the command that restarts everything of it.
    pub release_name: Option<&'a str>,
    /// The bundle's values.yaml, copied unchanged into the output when given.
    pub values_yaml: Option<&'a str>,
}

/// Why nothing was renewed. Each names the Secret or input and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum RenewError {
    /// The CA cannot sign.
    #[error("the CA: {message}")]
    Ca {
        /// `ca_cert` or `ca_key`.
        field: &'static str,
        /// What is wrong and what to do.
        message: String,
    },
    /// The Secrets file cannot be read. (Struct variants throughout: the
    /// internally tagged JSON form cannot hold a bare string.)
    #[error("the Secrets file: {message}")]
    Secrets {
        /// What is wrong and what to do.
        message: String,
    },
    /// One Secret cannot be renewed.
    #[error("Secret {secret}: {message}")]
    Secret {
        /// The Secret's name.
        secret: String,
        /// What is wrong and what to do.
        message: String,
    },
    /// Outputs could not be written (or the request is not one).
    #[error("{message}")]
    Output {
        /// What is wrong and what to do.
        message: String,
    },
}

/// One renewed Secret: the old and the new certificate side by side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RenewedSecret {
    /// The Secret's name (unchanged).
    pub secret: String,
    /// Its namespace (unchanged).
    pub namespace: String,
    /// The chart components recognised in its names.
    pub services: Vec<ServiceKey>,
    /// The Deployments that mount it.
    pub workloads: Vec<String>,
    /// The common name (unchanged).
    pub common_name: String,
    /// The DNS names and IP addresses, as the new certificate carries them:
    /// the old ones, DNS names in lowercase without a final dot, once each.
    pub sans: Vec<String>,
    /// Whether the new certificate carries exactly those names (always, by construction; checked).
    pub sans_unchanged: bool,
    /// The new key's algorithm.
    pub key: KeyAlgorithm,
    /// The old certificate's serial, colon-separated hex.
    pub old_serial: String,
    /// The new certificate's serial.
    pub new_serial: String,
    /// The old end of validity, RFC 3339.
    pub old_not_after: String,
    /// The new end of validity, RFC 3339.
    pub new_not_after: String,
    /// Whether the Secret also carries `ca.crt`.
    pub carries_ca: bool,
}

/// What a renewal did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct RenewReport {
    /// The signing CA's subject.
    pub ca_subject: String,
    /// When the CA expires, RFC 3339: no renewed certificate outlives it.
    pub ca_not_after: String,
    /// One entry per renewed Secret, in input order.
    pub renewed: Vec<RenewedSecret>,
    /// Secrets copied unchanged (no `tls.crt`: the CA Secret).
    pub kept: Vec<String>,
    /// The commands that restart the workloads so they read the new certificates.
    pub restart_commands: Vec<String>,
    /// Things the operator should know (a renewal capped at the CA's end, …).
    pub notes: Vec<String>,
}

/// A renewal's files and report.
#[derive(Debug, Clone)]
pub struct Renewed {
    /// `secrets.yaml`, `ca.crt`, `values.yaml` (when given), `RENEW.md`.
    pub files: Vec<OutputFile>,
    /// What changed.
    pub report: RenewReport,
}

/// The algorithm of an existing key, from its description ("ECDSA P-256", "RSA 2048", …).
fn algorithm_of(description: &str) -> Option<KeyAlgorithm> {
    Some(match description {
        "ECDSA P-256" => KeyAlgorithm::EcdsaP256,
        "ECDSA P-384" => KeyAlgorithm::EcdsaP384,
        "RSA 2048" => KeyAlgorithm::Rsa2048,
        "RSA 3072" => KeyAlgorithm::Rsa3072,
        "RSA 4096" => KeyAlgorithm::Rsa4096,
        "Ed25519" => KeyAlgorithm::Ed25519,
        _ => return None,
    })
}

/// The CN of an RFC 4514 subject, when it has one.
fn common_name(cert: &ParsedCertificate) -> Option<String> {
    cert.subject()
        .split(',')
        .find_map(|part| part.trim().strip_prefix("CN=").map(str::to_string))
}

fn secret_error(secret: &str, message: impl Into<String>) -> RenewError {
    RenewError::Secret {
        secret: secret.to_string(),
        message: message.into(),
    }
}

/// Renews every certificate of `input.secrets_yaml` with the given CA: the
/// CA loaded as a new bundle's is, each TLS Secret's certificate planned
/// again from itself ([`leaf_from`]) and issued by the same
/// `CertificateAuthority::issue`, the Secrets and `ca.crt` written by the
/// same output steps (`output::secrets_file`, `output::ca_file`).
pub fn renew(input: &RenewInput<'_>, now: OffsetDateTime) -> Result<Renewed, RenewError> {
    if let Some(days) = input.days {
        if days == 0 || days > MAX_DAYS {
            return Err(RenewError::Output {
                message: format!(
                    "days: {days} is not a validity; give 1 to {MAX_DAYS} days, or leave it out to keep each certificate's old length"
                ),
            });
        }
    }
    let ca = load_ca(input, now)?;
    let manifests = read_manifests(input.secrets_yaml).map_err(|e: ImportError| {
        RenewError::Secrets { message: format!("{e}; give the secrets.yaml the wizard wrote, or `kubectl get secret NAME -o yaml` output") }
    })?;
    if manifests.secrets.is_empty() {
        return Err(RenewError::Secrets {
            message: "holds no Secret; give the secrets.yaml the wizard wrote (or `kubectl get secret -o yaml` output of the TLS Secrets)".into(),
        });
    }
    let mut run = Run {
        ca_fingerprints: ca.trust.iter().map(|c| c.sha256_fingerprint()).collect(),
        report: RenewReport {
            ca_subject: ca.certificate.subject(),
            ca_not_after: crate::import::inspect::rfc3339(ca.not_after()),
            renewed: Vec::new(),
            kept: Vec::new(),
            restart_commands: Vec::new(),
            notes: Vec::new(),
        },
        manifests: Vec::new(),
        ca: &ca,
    };
    let mut seen = BTreeSet::new();
    for secret in &manifests.secrets {
        let namespace = match (&secret.namespace, input.namespace) {
            (Some(ns), _) => ns.clone(),
            (None, Some(ns)) if !ns.is_empty() => ns.to_string(),
            _ => {
                return Err(secret_error(
                    &secret.name,
                    "has no metadata.namespace; add it to the manifest, or give the namespace (--namespace)",
                ))
            }
        };
        if !seen.insert((namespace.clone(), secret.name.clone())) {
            return Err(secret_error(
                &secret.name,
                "is given twice; give each Secret once",
            ));
        }
        match secret.text("tls.crt").filter(|t| !t.trim().is_empty()) {
            // The CA Secret (or any other): kept as it is, when it is text.
            None => run.keep(secret, namespace)?,
            Some(tls_crt) => run.renew(secret, tls_crt, namespace, input, now)?,
        }
    }
    let Run {
        mut report,
        manifests: out_manifests,
        ..
    } = run;
    if report.renewed.is_empty() {
        return Err(RenewError::Secrets {
            message: "holds no Secret with a tls.crt, so there is nothing to renew; give the secrets.yaml with the services' TLS Secrets".into(),
        });
    }
    let namespace = report
        .renewed
        .first()
        .map(|r| r.namespace.clone())
        .unwrap_or_default();
    report.restart_commands = restarts(&report, &namespace, input.release_name);
    if report.renewed.iter().any(|r| r.workloads.is_empty()) {
        report.notes.push("Some Secrets' names match no chart Service; restart whatever mounts them, or everything of the release (last command).".into());
    }
    let mut files = vec![
        secrets_file(&out_manifests).map_err(|e| RenewError::Output {
            message: e.to_string(),
        })?,
        ca_file(ca.trust_pem()),
    ];
    if let Some(values) = input.values_yaml {
        files.push(OutputFile {
            name: names::VALUES.into(),
            contents: values.to_string(),
            sensitive: false,
        });
    }
    files.push(OutputFile {
        name: RENEW_MD.into(),
        contents: renew_markdown(&report, &namespace),
        sensitive: false,
    });
    Ok(Renewed { files, report })
}

/// The CA, loaded (and checked: a CA, its key matches, valid now) as a new
/// bundle loads the user's.
fn load_ca(
    input: &RenewInput<'_>,
    now: OffsetDateTime,
) -> Result<CertificateAuthority, RenewError> {
    CertificateAuthority::load(
        &ProvidedCa {
            certificate_pem: input.ca_cert_pem,
            key_pem: input.ca_key_pem,
        },
        now,
    )
    .map_err(|e| RenewError::Ca {
        field: match e {
            IssueError::CaKey(_) | IssueError::CaUnusable { in_key: true, .. } => "ca_key",
            _ => "ca_cert",
        },
        message: e.to_string(),
    })
}

/// A renewal under way: the Secrets written so far and the report.
struct Run<'a> {
    ca: &'a CertificateAuthority,
    ca_fingerprints: Vec<String>,
    report: RenewReport,
    manifests: Vec<SecretManifest>,
}

impl Run<'_> {
    /// Whether a `ca.crt` text holds the signing CA.
    fn holds_ca(&self, ca_crt: &str) -> bool {
        read_certificates(ca_crt)
            .map(|certs| {
                certs
                    .iter()
                    .any(|c| self.ca_fingerprints.contains(&c.sha256_fingerprint()))
            })
            .unwrap_or(false)
    }

    /// Copies a Secret without a certificate (the CA Secret) as it is.
    fn keep(&mut self, secret: &SecretInput, namespace: String) -> Result<(), RenewError> {
        let mut entries = Vec::new();
        for key in secret.entries.keys() {
            let Some(text) = secret.text(key) else {
                return Err(secret_error(&secret.name, format!("its {key} is not text, so it cannot be copied; remove this Secret from the file (it needs no renewal)")));
            };
            entries.push((key.as_str(), text));
        }
        if let Some(ca_crt) = secret.text("ca.crt") {
            if !self.holds_ca(ca_crt) {
                self.report.notes.push(format!("The ca.crt of Secret {} does not hold the CA that signs the renewed certificates ({}); peers that trust it will refuse them. Put that CA into it.", secret.name, self.report.ca_subject));
            }
        }
        let secret_type = match secret.secret_type.as_deref() {
            Some("kubernetes.io/tls") => SecretType::Tls,
            _ => SecretType::Opaque,
        };
        self.manifests.push(SecretManifest::new(
            &secret.name,
            &namespace,
            secret_type,
            &entries,
        ));
        self.report.kept.push(secret.name.clone());
        Ok(())
    }

    /// Issues a Secret's certificate again: the same names, a new key and
    /// validity, by the same CA.
    fn renew(
        &mut self,
        secret: &SecretInput,
        tls_crt: &str,
        namespace: String,
        input: &RenewInput<'_>,
        now: OffsetDateTime,
    ) -> Result<(), RenewError> {
        let ca = self.ca;
        let certs = read_certificates(tls_crt).map_err(|e| {
            secret_error(
                &secret.name,
                format!("its tls.crt cannot be read ({e}); fix or remove this Secret"),
            )
        })?;
        let Some(old) = certs.first() else {
            return Err(secret_error(
                &secret.name,
                "its tls.crt holds no certificate",
            ));
        };
        if old.issuer_der() != ca.certificate.subject_der() {
            return Err(secret_error(
                &secret.name,
                format!(
                    "its certificate was issued by {}, not by the CA given ({}); renew it with the CA that issued it, or make a new bundle with tls-wizard generate",
                    old.issuer(),
                    self.report.ca_subject
                ),
            ));
        }
        let info = inspect_certificate(old);
        let old_key = secret
            .text("tls.key")
            .and_then(|k| read_private_key(k, None).ok())
            .map(|k| k.key.description())
            .unwrap_or_else(|| info.public_key.description.clone());
        let key = match input.key.or_else(|| algorithm_of(&old_key)) {
            Some(k) => k,
            None => {
                return Err(secret_error(
                    &secret.name,
                    format!("its key is {old_key}, which the wizard does not make; choose the new keys' algorithm (--key)"),
                ))
            }
        };
        let planned = leaf_from(secret, old, &info)?;
        self.report.notes.extend(planned.notes);
        let leaf = planned.leaf;
        let names = planned.names;
        let days = input.days.unwrap_or_else(|| {
            let length = (old.not_after() - old.not_before()).whole_days();
            u32::try_from(length.clamp(1, i64::from(MAX_DAYS))).unwrap_or(MAX_DAYS)
        });
        let new_key =
            PrivateKey::generate(key).map_err(|e| secret_error(&secret.name, e.to_string()))?;
        let issued = ca
            .issue(&leaf, new_key, days, now)
            .map_err(|e| secret_error(&secret.name, e.to_string()))?;
        let new_info = inspect_certificate(&issued.certificate);
        let sans_unchanged = new_info
            .dns_names
            .iter()
            .chain(new_info.ip_addresses.iter())
            .eq(names.iter());
        if !sans_unchanged {
            return Err(secret_error(&secret.name, "the renewed certificate's names differ from the old ones; this is a bug in the wizard, please report it. Nothing was written"));
        }
        if issued.certificate.not_after()
            < now + time::Duration::days(i64::from(days)) - time::Duration::minutes(10)
        {
            self.report.notes.push(format!("Secret {}: the new certificate ends with the CA, on {}, before the {days} days asked; renew the CA before then.", secret.name, ca.not_after().date()));
        }
        let mut entries = vec![
            ("tls.crt", issued.chain_pem.as_str()),
            ("tls.key", issued.key_pem.as_str()),
        ];
        let ca_crt_text;
        if leaf.carries_ca {
            ca_crt_text = match secret.text("ca.crt") {
                Some(text) if self.holds_ca(text) => text.to_string(),
                _ => {
                    self.report.notes.push(format!(
                        "Secret {}: its ca.crt did not hold the signing CA; it now holds {}.",
                        secret.name, self.report.ca_subject
                    ));
                    ca.trust_pem()
                }
            };
            entries.push(("ca.crt", ca_crt_text.as_str()));
        }
        self.manifests.push(SecretManifest::new(
            &secret.name,
            &namespace,
            SecretType::Tls,
            &entries,
        ));
        self.report.renewed.push(RenewedSecret {
            secret: secret.name.clone(),
            namespace,
            services: leaf.services.clone(),
            workloads: match main_certificate_fullname(names.iter().map(String::as_str)) {
                Some(fullname) if planned.components.is_empty() => {
                    main_certificate_workloads(&fullname)
                        .iter()
                        .map(|w| w.to_string())
                        .collect()
                }
                _ => planned.components.iter().map(|c| c.workload()).collect(),
            },
            common_name: leaf.common_name.clone(),
            sans: names,
            sans_unchanged,
            key,
            old_serial: info.serial.clone(),
            new_serial: new_info.serial.clone(),
            old_not_after: info.not_after.clone(),
            new_not_after: new_info.not_after.clone(),
            carries_ca: leaf.carries_ca,
        });
        Ok(())
    }
}

/// A Secret's certificate planned again from itself.
struct PlannedLeaf {
    /// What `CertificateAuthority::issue` takes, as for a new bundle.
    leaf: LeafPlan,
    /// Its names as the new certificate carries them.
    names: Vec<String>,
    /// The chart components its names belong to.
    components: Vec<super::workloads::Component>,
    /// What the operator should know about how the names were copied.
    notes: Vec<String>,
}

/// The leaf plan an existing certificate stands for: its Secret, common
/// name and names (DNS names stay DNS names, IP addresses stay IP
/// addresses, written as the wizard writes them: DNS names in lowercase,
/// without a final dot, once each), and the components they name.
fn leaf_from(
    secret: &SecretInput,
    old: &ParsedCertificate,
    info: &crate::import::CertificateInfo,
) -> Result<PlannedLeaf, RenewError> {
    let secret_name =
        SecretName::parse(&secret.name).map_err(|e| secret_error(&secret.name, e.to_string()))?;
    let mut notes = Vec::new();
    let mut sans: Vec<SubjectAltName> = Vec::new();
    for name in &info.dns_names {
        let san = DnsName::parse(name).map(SubjectAltName::Dns).map_err(|e| {
            secret_error(
                &secret.name,
                format!("its certificate's DNS name {name:?} cannot be copied: {e}"),
            )
        })?;
        if !sans.contains(&san) {
            sans.push(san);
        }
    }
    for address in &info.ip_addresses {
        let ip = address.parse::<IpAddr>().map_err(|e| {
            secret_error(
                &secret.name,
                format!("its certificate's IP address {address:?} cannot be copied: {e}"),
            )
        })?;
        if !sans.contains(&SubjectAltName::Ip(ip)) {
            sans.push(SubjectAltName::Ip(ip));
        }
    }
    let old_names: Vec<String> = info
        .dns_names
        .iter()
        .chain(info.ip_addresses.iter())
        .cloned()
        .collect();
    let names: Vec<String> = sans.iter().map(ToString::to_string).collect();
    if names != old_names {
        notes.push(format!(
            "Secret {}: its names are written as the wizard writes them (DNS names in lowercase, without a final dot, once each): {} became {}. DNS names are compared without case, so clients are not affected.",
            secret.name,
            old_names.join(", "),
            names.join(", ")
        ));
    }
    if !info.other_names.is_empty() {
        notes.push(format!(
            "Secret {}: names other than DNS names and IP addresses ({}) are not copied.",
            secret.name,
            info.other_names.join(", ")
        ));
    }
    let common_name = common_name(old)
        .or_else(|| info.dns_names.first().cloned())
        .unwrap_or_else(|| secret.name.clone());
    let components = components_from_names(
        info.dns_names
            .iter()
            .map(String::as_str)
            .chain(std::iter::once(common_name.as_str())),
    );
    Ok(PlannedLeaf {
        leaf: LeafPlan {
            secret: secret_name,
            services: components.iter().map(|c| c.key).collect(),
            common_name,
            sans,
            carries_ca: secret.entries.contains_key("ca.crt"),
        },
        names,
        components,
        notes,
    })
}

/// The commands that restart what mounts the renewed Secrets, and then
/// everything of the release.
fn restarts(report: &RenewReport, namespace: &str, release_name: Option<&str>) -> Vec<String> {
    let workloads: Vec<String> = report
        .renewed
        .iter()
        .flat_map(|r| r.workloads.iter().cloned())
        .collect();
    let fullname = components_from_names(report.renewed.iter().map(|r| r.common_name.as_str()))
        .first()
        .map(|c| c.fullname.clone());
    let release = release_name.map(str::to_string).or(fullname);
    // What the bundle renews says which optional components run.
    let renewed_keys: Vec<ServiceKey> = report
        .renewed
        .iter()
        .flat_map(|r| r.services.iter().copied())
        .collect();
    let deployed = Deployed {
        keycloak_cluster: renewed_keys.contains(&ServiceKey::KeycloakCluster),
        redis: renewed_keys.contains(&ServiceKey::Redis),
        rabbitmq: renewed_keys.contains(&ServiceKey::Rabbitmq),
        data_streamer: renewed_keys.contains(&ServiceKey::DataStreamer),
    };
    restart_commands(namespace, &workloads, release.as_deref(), &deployed)
}

/// RENEW.md: what changed, and the commands that apply it.
pub fn renew_markdown(report: &RenewReport, namespace: &str) -> String {
    let mut text = format!(
        "# Renewed certificates\n\nSigned by `{}` (valid until {}). Secret names, namespaces and names (SANs) are unchanged; every key is new.\n\n",
        report.ca_subject, report.ca_not_after
    );
    text.push_str("| Secret | Services | Old serial | New serial | Old end | New end |\n| --- | --- | --- | --- | --- | --- |\n");
    for r in &report.renewed {
        let services: Vec<&str> = r.services.iter().map(|k| k.values_key()).collect();
        text.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            r.secret,
            services.join(", "),
            r.old_serial,
            r.new_serial,
            r.old_not_after,
            r.new_not_after
        ));
    }
    if !report.kept.is_empty() {
        text.push_str(&format!(
            "\nCopied unchanged: {}.\n",
            report.kept.join(", ")
        ));
    }
    for note in &report.notes {
        text.push_str(&format!("\nNote: {note}\n"));
    }
    text.push_str(&format!(
        "\n## Apply\n\n```sh\nkubectl apply -n {namespace} -f secrets.yaml\n"
    ));
    for cmd in &report.restart_commands {
        text.push_str(cmd);
        text.push('\n');
    }
    text.push_str("```\n\nThe last command restarts every Deployment and StatefulSet of the release, for installs where a workload is named otherwise; the ones above it are enough when the names match.\n\n`secrets.yaml` holds private keys: apply it, then delete or encrypt it.\n");
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_serializes_with_its_kind_and_message() {
        let errors = [
            RenewError::Ca {
                field: "ca_key",
                message: "m".into(),
            },
            RenewError::Secrets {
                message: "m".into(),
            },
            RenewError::Secret {
                secret: "s".into(),
                message: "m".into(),
            },
            RenewError::Output {
                message: "m".into(),
            },
        ];
        for (error, kind) in errors.iter().zip(["ca", "secrets", "secret", "output"]) {
            let json = serde_json::to_value(error).unwrap();
            assert_eq!(json["kind"], kind, "{json}");
            assert_eq!(json["message"], "m", "{json}");
        }
    }
}
