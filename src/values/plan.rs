//! From settings to a validated plan: every name checked, every default filled,
//! and the list of certificates to make. Nothing here makes keys.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::pki::KeyAlgorithm;
use crate::release::{
    ClusterDomain, Deployed, DnsName, NameOverride, Namespace, ReleaseContext, ReleaseName,
    SecretName, ServiceEndpoint, ServiceKey, SubjectAltName,
};

use super::diagnostics::{has_errors, Diagnostic};
use super::model::{paths, secret_path, InternalTls, Source};
use super::rules::check_values;
use super::settings::{CaChoice, Provider, Settings};

/// The longest validity accepted, in days (about 100 years).
pub const MAX_DAYS: u32 = 36_500;

/// What the page shows about each component as the user types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceView {
    /// The values key.
    pub key: ServiceKey,
    /// A name for people.
    pub label: &'static str,
    /// Whether the release deploys it.
    pub deployed: bool,
    /// The Kubernetes Service name, when it can be derived.
    pub service_name: Option<String>,
    /// The DNS names its certificate must cover.
    pub dns_names: Vec<String>,
    /// The Secret it will mount (the default when the user left it empty).
    pub secret_name: String,
    /// The default Secret name, shown as a placeholder.
    pub default_secret_name: String,
}

/// One certificate to make or bring, and the Secret that will hold it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeafPlan {
    /// The Secret's name.
    pub secret: SecretName,
    /// The components that mount this Secret.
    pub services: Vec<ServiceKey>,
    /// The certificate's common name.
    pub common_name: String,
    /// Every name it must carry: the Services' DNS names, then the extra SANs.
    pub sans: Vec<SubjectAltName>,
    /// Whether the Secret must also carry `ca.crt` (Keycloak cluster).
    pub carries_ca: bool,
}

/// The CA that signs the certificates made here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum CaPlan {
    /// Make a new self-signed CA.
    New {
        /// Its common name.
        common_name: String,
        /// Its validity in days.
        days: u32,
    },
    /// Sign with the user's CA, given at generation time.
    Provided,
}

/// Certificates this wizard makes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssuePlan {
    /// Algorithm of every new key.
    pub key: KeyAlgorithm,
    /// Each leaf's validity in days (capped at the CA's end).
    pub days: u32,
    /// The signing CA.
    pub ca: CaPlan,
    /// The Opaque Secret that will hold `ca.crt`.
    pub ca_secret: SecretName,
    /// One entry per distinct Secret.
    pub leaves: Vec<LeafPlan>,
}

/// What generation will produce besides values.yaml.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Work {
    /// values.yaml only: TLS disabled, or the chart makes its own certificates.
    ValuesOnly,
    /// A CA and certificates made here.
    Issue(IssuePlan),
    /// Certificates the user brings, one per Secret.
    BringYourOwn {
        /// The Opaque Secret that will hold `ca.crt`, when one is named.
        ca_secret: Option<SecretName>,
        /// One entry per distinct Secret.
        leaves: Vec<LeafPlan>,
    },
}

/// A validated plan: settings that passed every rule, with defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// The release.
    #[serde(skip)]
    pub release: ReleaseContext,
    /// The values to write.
    pub values: InternalTls,
    /// The deployed components' Services and names.
    pub endpoints: Vec<ServiceEndpoint>,
    /// What to make.
    pub work: Work,
}

/// The outcome of planning: all findings, the derived facts, and the plan when
/// there is no error.
#[derive(Debug, Clone, Serialize)]
pub struct Planned {
    /// Every finding, errors first.
    pub diagnostics: Vec<Diagnostic>,
    /// Per component, what the page shows.
    pub services: Vec<ServiceView>,
    /// The values that would be written.
    pub values: InternalTls,
    /// Present only when no finding is an error.
    pub plan: Option<Plan>,
}

/// Checks settings and, when they hold no error, turns them into a plan.
pub fn plan(settings: &Settings) -> Planned {
    let mut found = Vec::new();
    let release = release_context(settings, &mut found);
    let issuance = &settings.certificates;
    let source = settings.internal_tls.certificates.source;
    let makes_certificates =
        settings.internal_tls.enabled && source == Source::ExistingCertificates;

    let mut values = settings.internal_tls.clone();
    let mut services = Vec::new();
    let mut endpoints = Vec::new();
    let mut endpoint_problems: Vec<Diagnostic> = Vec::new();
    if let Some(ctx) = &release {
        let fullname = ctx.fullname();
        let shared_default = format!("{fullname}-internal-tls");
        for key in ServiceKey::ALL {
            let deployed = ctx.deployed.has(key);
            let endpoint = ctx.endpoint(key);
            let default_secret_name = match &endpoint {
                Ok(_) if issuance.shared_certificate => shared_default.clone(),
                Ok(ep) => format!("{}-tls", ep.service_name),
                Err(_) => String::new(),
            };
            let given = values
                .certificates
                .existing_certificates
                .get(key)
                .to_string();
            let secret_name = if given.is_empty() && deployed && makes_certificates {
                default_secret_name.clone()
            } else {
                given
            };
            if deployed && makes_certificates {
                values
                    .certificates
                    .existing_certificates
                    .set(key, secret_name.clone());
            }
            match &endpoint {
                Ok(ep) if deployed => endpoints.push(ep.clone()),
                Err(e) if deployed => {
                    // One diagnostic per cause: the longest Service name when the
                    // fullname is too long, else the first DNS name over 253.
                    let (code, path) = if ctx.service_name(key).is_err() {
                        let path = if ctx.name_override.is_some() {
                            "release.name_override"
                        } else {
                            "release.name"
                        };
                        ("service-name-too-long", path)
                    } else {
                        ("dns-name-too-long", "release.cluster_domain")
                    };
                    let diagnostic =
                        Diagnostic::error(code, path, e.message.clone(), e.hint.clone());
                    match endpoint_problems
                        .iter_mut()
                        .find(|d: &&mut Diagnostic| d.code == code)
                    {
                        Some(existing) if code == "service-name-too-long" => *existing = diagnostic,
                        Some(_) => {}
                        None => endpoint_problems.push(diagnostic),
                    }
                }
                _ => {}
            }
            services.push(ServiceView {
                key,
                label: key.label(),
                deployed,
                service_name: endpoint.as_ref().ok().map(|ep| ep.service_name.to_string()),
                dns_names: endpoint
                    .map(|ep| ep.dns_names.iter().map(|n| n.to_string()).collect())
                    .unwrap_or_default(),
                secret_name,
                default_secret_name,
            });
        }
        if makes_certificates && values.certificates.existing_ca_secret_name.is_empty() {
            values.certificates.existing_ca_secret_name = format!("{fullname}-internal-ca");
        }
    }

    let deployed = release
        .as_ref()
        .map_or_else(|| deployed_from(settings), |ctx| ctx.deployed);
    found.extend(endpoint_problems);
    found.extend(check_values(
        &with_pending_defaults(&values, &services, &deployed, settings, release.is_some()),
        &deployed,
    ));
    if makes_certificates {
        check_issuance(settings, &values, &mut found);
    }
    found.sort_by_key(|d| d.severity);

    let plan = match release {
        Some(ctx) if !has_errors(&found) => {
            let work = work(settings, &values, &ctx, &endpoints, &mut found);
            if has_errors(&found) {
                None
            } else {
                Some(Plan {
                    release: ctx,
                    values: values.clone(),
                    endpoints,
                    work,
                })
            }
        }
        _ => None,
    };
    Planned {
        diagnostics: found,
        services,
        values,
        plan,
    }
}

/// The values as the rules should see them: a Secret name left empty to be
/// derived is not "missing" just because a release field is invalid and the
/// default cannot be derived yet; the user hears about that field only.
fn with_pending_defaults(
    values: &InternalTls,
    services: &[ServiceView],
    deployed: &Deployed,
    settings: &Settings,
    release_ok: bool,
) -> InternalTls {
    let makes_certificates = settings.internal_tls.enabled
        && settings.internal_tls.certificates.source == Source::ExistingCertificates;
    if !makes_certificates {
        return values.clone();
    }
    const PENDING: &str = "derived-when-the-release-is-valid";
    let mut checked = values.clone();
    for key in ServiceKey::ALL {
        let derivable = release_ok
            && services
                .iter()
                .any(|s| s.key == key && !s.default_secret_name.is_empty());
        if deployed.has(key)
            && checked
                .certificates
                .existing_certificates
                .get(key)
                .is_empty()
            && !derivable
        {
            checked
                .certificates
                .existing_certificates
                .set(key, PENDING.to_string());
        }
    }
    if !release_ok && checked.certificates.existing_ca_secret_name.is_empty() {
        checked.certificates.existing_ca_secret_name = PENDING.to_string();
    }
    checked
}

fn deployed_from(settings: &Settings) -> Deployed {
    let r = &settings.release;
    Deployed {
        keycloak_cluster: r.keycloak_cluster_mode,
        redis: !r.redis_external,
        rabbitmq: r.rabbitmq_in_cluster,
        data_streamer: r.data_streamer_enabled,
    }
}

fn release_context(settings: &Settings, found: &mut Vec<Diagnostic>) -> Option<ReleaseContext> {
    let r = &settings.release;
    fn field<T>(
        found: &mut Vec<Diagnostic>,
        code: &str,
        path: &str,
        result: Result<T, crate::release::NameError>,
    ) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                found.push(Diagnostic::error(code, path, e.message, e.hint));
                None
            }
        }
    }
    let release = field(
        found,
        "release-name-invalid",
        "release.name",
        ReleaseName::parse(&r.name),
    );
    let namespace = field(
        found,
        "namespace-invalid",
        "release.namespace",
        Namespace::parse(&r.namespace),
    );
    let domain = field(
        found,
        "cluster-domain-invalid",
        "release.cluster_domain",
        ClusterDomain::parse(&r.cluster_domain),
    );
    let name_override = if r.name_override.is_empty() {
        Some(None)
    } else {
        field(
            found,
            "name-override-invalid",
            "release.name_override",
            NameOverride::parse(&r.name_override),
        )
        .map(Some)
    };
    let mut extra_sans = Vec::new();
    let mut extra_ok = true;
    for (index, value) in r.extra_sans.iter().enumerate() {
        if value.trim().is_empty() {
            continue;
        }
        match SubjectAltName::parse(value) {
            Ok(san) if !extra_sans.contains(&san) => extra_sans.push(san),
            Ok(_) => {}
            Err(e) => {
                extra_ok = false;
                found.push(Diagnostic::error(
                    "extra-san-invalid",
                    format!("release.extra_sans[{index}]"),
                    e.message,
                    e.hint,
                ));
            }
        }
    }
    let deployed = deployed_from(settings);
    match (release, namespace, domain, name_override) {
        (Some(release), Some(namespace), Some(cluster_domain), Some(name_override)) if extra_ok => {
            Some(ReleaseContext {
                release,
                name_override,
                namespace,
                cluster_domain,
                deployed,
                extra_sans,
            })
        }
        _ => None,
    }
}

fn check_issuance(settings: &Settings, values: &InternalTls, found: &mut Vec<Diagnostic>) {
    let c = &settings.certificates;
    if c.provider == Provider::BringYourOwn {
        return;
    }
    for (path, days, what) in [
        ("certificates.days", c.days, "Certificate validity"),
        ("certificates.ca_days", c.ca_days, "CA validity"),
    ] {
        if days == 0 {
            found.push(Diagnostic::error(
                "days-invalid",
                path,
                format!("{what} is 0 days."),
                "Enter a number of days of at least 1; the chart's own default is 3650 (10 years).",
            ));
        } else if days > MAX_DAYS {
            found.push(Diagnostic::error(
                "days-invalid",
                path,
                format!("{what} of {days} days is more than {MAX_DAYS} (100 years)."),
                format!("Enter at most {MAX_DAYS} days."),
            ));
        }
    }
    if c.ca == CaChoice::New && c.days > c.ca_days && c.ca_days > 0 {
        found.push(Diagnostic::info("days-capped", "certificates.days", format!("Certificates cannot outlive their CA: they will end with it, after {} days, not {}.", c.ca_days, c.days), "Lower the certificate validity or raise the CA's."));
    }
    if c.ca == CaChoice::New && c.ca_common_name.chars().count() > 64 {
        found.push(Diagnostic::error(
            "ca-common-name-invalid",
            "certificates.ca_common_name",
            format!(
                "The CA common name is {} characters long; X.509 allows at most 64.",
                c.ca_common_name.chars().count()
            ),
            "Shorten it.",
        ));
    }
    if c.ca == CaChoice::New && c.ca_common_name.chars().any(char::is_control) {
        found.push(Diagnostic::error(
            "ca-common-name-invalid",
            "certificates.ca_common_name",
            "The CA common name contains a control character.",
            "Use printable characters only.",
        ));
    }
    check_additional_cas(settings, values, found);
    if c.key == KeyAlgorithm::Ed25519 {
        found.push(Diagnostic::warning("ed25519-compatibility", "certificates.key", "Ed25519 certificates are rejected by some TLS stacks (older Java and nginx builds among them).", "Choose ECDSA P-256 unless you know every component accepts Ed25519."));
    }
    if c.key == KeyAlgorithm::Rsa4096 {
        found.push(Diagnostic::info(
            "rsa-4096-slow",
            "certificates.key",
            "RSA 4096 keys take a while to make (several seconds each in a browser).",
            "ECDSA P-256 is as strong as RSA 3072 and much faster.",
        ));
    }
    if !values.certificates.verification {
        found.push(Diagnostic::info(
            "verification-off",
            paths::VERIFICATION,
            "Verification is off: traffic is encrypted but peers are not authenticated.",
            "The certificates made here work with verification on; consider turning it on.",
        ));
    }
}

fn work(
    settings: &Settings,
    values: &InternalTls,
    ctx: &ReleaseContext,
    endpoints: &[ServiceEndpoint],
    found: &mut Vec<Diagnostic>,
) -> Work {
    if !values.enabled || values.certificates.source == Source::GenerateSelfSignedCertificates {
        return Work::ValuesOnly;
    }
    let leaves = group_leaves(
        values,
        ctx,
        endpoints,
        settings.certificates.shared_certificate,
        found,
    );
    let ca_name = &values.certificates.existing_ca_secret_name;
    let ca_secret = SecretName::parse(ca_name).ok();
    if let Some(ca) = &ca_secret {
        for leaf in leaves.iter().filter(|l| &l.secret == ca) {
            found.push(Diagnostic::error(
                "secret-name-clash",
                secret_path(
                    leaf.services
                        .first()
                        .copied()
                        .unwrap_or(ServiceKey::Frontend),
                ),
                format!(
                    "The Secret {} is named both for a certificate and for the CA.",
                    ca
                ),
                "Give the CA Secret (existing_ca_secret_name) a name of its own.",
            ));
        }
    }
    match settings.certificates.provider {
        Provider::BringYourOwn => Work::BringYourOwn { ca_secret, leaves },
        Provider::Create => {
            let c = &settings.certificates;
            let ca = match c.ca {
                CaChoice::New => CaPlan::New {
                    common_name: if c.ca_common_name.trim().is_empty() {
                        format!("{}-internal-tls-ca", ctx.release)
                    } else {
                        c.ca_common_name.trim().to_string()
                    },
                    days: c.ca_days,
                },
                CaChoice::Provided => CaPlan::Provided,
            };
            match ca_secret {
                Some(ca_secret) => Work::Issue(IssuePlan {
                    key: c.key,
                    days: c.days,
                    ca,
                    ca_secret,
                    leaves,
                }),
                None => Work::ValuesOnly,
            }
        }
    }
}

fn group_leaves(
    values: &InternalTls,
    ctx: &ReleaseContext,
    endpoints: &[ServiceEndpoint],
    shared: bool,
    found: &mut Vec<Diagnostic>,
) -> Vec<LeafPlan> {
    let mut by_secret: BTreeMap<SecretName, Vec<&ServiceEndpoint>> = BTreeMap::new();
    let mut order = Vec::new();
    for ep in endpoints {
        let name = values.certificates.existing_certificates.get(ep.key);
        let Ok(secret) = SecretName::parse(name) else {
            continue;
        };
        if !by_secret.contains_key(&secret) {
            order.push(secret.clone());
        }
        by_secret.entry(secret).or_default().push(ep);
    }
    let mut leaves = Vec::new();
    for secret in order {
        let members = by_secret.remove(&secret).unwrap_or_default();
        if members.len() > 1 && !shared {
            let labels: Vec<&str> = members.iter().map(|ep| ep.key.label()).collect();
            found.push(Diagnostic::info(
                "secret-shared",
                secret_path(members.first().map_or(ServiceKey::Frontend, |ep| ep.key)),
                format!(
                    "{} share the Secret {secret}; one certificate will cover all their names.",
                    labels.join(", ")
                ),
                "Give each a Secret of its own if you want separate certificates.",
            ));
        }
        let mut sans: Vec<SubjectAltName> = Vec::new();
        for ep in &members {
            for name in &ep.dns_names {
                let san = SubjectAltName::Dns(name.clone());
                if !sans.contains(&san) {
                    sans.push(san);
                }
            }
        }
        for san in &ctx.extra_sans {
            if !sans.contains(san) {
                sans.push(san.clone());
            }
        }
        let common_name = members
            .first()
            .map(|ep| ep.service_name.to_string())
            .unwrap_or_else(|| secret.to_string());
        leaves.push(LeafPlan {
            carries_ca: members
                .iter()
                .any(|ep| ep.key == ServiceKey::KeycloakCluster),
            services: members.iter().map(|ep| ep.key).collect(),
            secret,
            common_name,
            sans,
        });
    }
    leaves
}

/// The DNS names of a leaf, without IP addresses.
pub fn dns_names(leaf: &LeafPlan) -> impl Iterator<Item = &DnsName> {
    leaf.sans.iter().filter_map(|san| match san {
        SubjectAltName::Dns(name) => Some(name),
        SubjectAltName::Ip(_) => None,
    })
}

/// The settings path of the additional trusted CAs.
pub const ADDITIONAL_CAS_PATH: &str = "certificates.additional_trusted_cas";

/// Additional trusted CAs: readable certificates, never keys; and a warning
/// when the router would verify the backend against a `ca.crt` that holds
/// only the wizard's private CA.
fn check_additional_cas(settings: &Settings, values: &InternalTls, found: &mut Vec<Diagnostic>) {
    let given: Vec<(usize, &String)> = settings
        .certificates
        .additional_trusted_cas
        .iter()
        .enumerate()
        .filter(|(_, pem)| !pem.trim().is_empty())
        .collect();
    for (index, pem) in &given {
        let path = format!("{ADDITIONAL_CAS_PATH}[{index}]");
        if pem.contains("PRIVATE KEY-----") {
            found.push(Diagnostic::error(
                "trusted-ca-holds-key",
                path,
                "This additional CA holds a private key; the settings never hold keys, and the services need only the certificate.",
                "Give only the CA's certificate (the -----BEGIN CERTIFICATE----- block).",
            ));
            continue;
        }
        check_additional_ca(path, pem, found);
    }
    if given.is_empty()
        && values.certificates.verification
        && settings.certificates.provider == Provider::Create
    {
        found.push(Diagnostic::warning(
            "backend-issuer-not-trusted",
            ADDITIONAL_CAS_PATH,
            "With verification on, the router also verifies the backend against this CA file, and it holds only the private CA that signs the internal certificates.",
            "Add the issuer of the chart's main certificate (certificate.existing_cert / certificate.tls.crt) as an additional trusted CA, unless this CA issued it too.",
        ));
    }
}

/// Reads one additional trusted CA: a certificate, and a CA's.
#[cfg(feature = "engine")]
fn check_additional_ca(path: String, pem: &str, found: &mut Vec<Diagnostic>) {
    match crate::pki::ParsedCertificate::parse_pem_chain(pem) {
        Ok(certs) if certs.is_empty() => found.push(Diagnostic::error(
            "trusted-ca-unreadable",
            path,
            "This additional CA holds no certificate.",
            "Paste the CA certificate's whole PEM block, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.",
        )),
        Ok(certs) => {
            for cert in certs.iter().filter(|c| !c.is_ca()) {
                found.push(Diagnostic::warning(
                    "trusted-ca-not-a-ca",
                    path.clone(),
                    format!("{} is not a CA certificate; trusting it trusts only itself.", cert.subject()),
                    "Give the certificate of the CA that issued it instead.",
                ));
            }
        }
        Err(e) => found.push(Diagnostic::error(
            "trusted-ca-unreadable",
            path,
            format!("This additional CA cannot be read: {e}."),
            "Paste the CA certificate in PEM form.",
        )),
    }
}

/// Without the engine (the page's first-view module, which has no certificate
/// parser) only the PEM framing is checked as the user types; the engine runs
/// the full check above when it generates, and refuses there what fails it.
#[cfg(not(feature = "engine"))]
fn check_additional_ca(path: String, pem: &str, found: &mut Vec<Diagnostic>) {
    let begins = pem.matches("-----BEGIN CERTIFICATE-----").count();
    let ends = pem.matches("-----END CERTIFICATE-----").count();
    if begins == 0 || begins != ends {
        found.push(Diagnostic::error(
            "trusted-ca-unreadable",
            path,
            "This additional CA is not a whole PEM certificate.",
            "Paste the CA certificate's whole PEM block, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.",
        ));
    }
}
