//! From settings to a validated plan: every name checked, every default filled,
//! and the list of certificates to make. Nothing here makes keys.

use std::collections::BTreeMap;

use serde::Serialize;

use super::algorithm::KeyAlgorithm;
use crate::release::{
    quoted, ClusterDomain, Deployed, DnsName, NameOverride, Namespace, ReleaseContext, ReleaseName,
    SecretName, ServiceEndpoint, ServiceKey, SubjectAltName,
};

use super::diagnostics::{has_errors, Diagnostic};
use super::model::{paths, secret_path, InternalTls, Source};
use super::rules::check_values;
use super::settings::{CaChoice, CertManagerIssuer, MainCertificateChoice, Provider, Settings};

/// The longest validity accepted, in days (about 100 years).
pub const MAX_DAYS: u32 = 36_500;

/// What the page shows about each component as the user types.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
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

/// One certificate to make or bring, and the Secret that will hold it. The
/// main certificate is a leaf too, with no `internal_tls` component.
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

/// The CA behind cert-manager's CA Issuer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum CertManagerCa {
    /// Made in the cluster: a self-signed Issuer signs this CA Certificate.
    SelfSigned {
        /// The CA certificate's common name.
        common_name: String,
        /// Its validity in days.
        days: u32,
        /// The Secret cert-manager writes the CA's certificate and key into;
        /// the CA Issuer signs with it.
        key_pair_secret: SecretName,
    },
    /// The user's CA: a Secret in the release's namespace with `tls.crt` and `tls.key`.
    Provided {
        /// That Secret.
        secret: SecretName,
    },
}

/// cert-manager resources to write instead of certificates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertManagerPlan {
    /// Algorithm of every key cert-manager makes.
    pub key: KeyAlgorithm,
    /// Each service certificate's validity in days.
    pub days: u32,
    /// How long before expiry cert-manager renews a service certificate, in hours.
    pub renew_before_hours: u32,
    /// The CA the CA Issuer signs with.
    pub ca: CertManagerCa,
    /// The Secret `existing_ca_secret_name` names. A Certificate of its own
    /// fills it, so it holds the CA's `ca.crt` but never the CA's key.
    pub trust_secret: SecretName,
    /// One Certificate per distinct service Secret.
    pub leaves: Vec<LeafPlan>,
}

/// The longest `renewBefore` chosen by default: 30 days, in hours.
pub const MAX_DEFAULT_RENEW_BEFORE_HOURS: u32 = 30 * 24;

/// `renewBefore` in hours for a certificate valid `days`: the given number of
/// days, else a third of the validity, at most 30 days.
pub fn renew_before_hours(days: u32, renew_before_days: Option<u32>) -> u32 {
    match renew_before_days {
        Some(given) => given.saturating_mul(24),
        None => (days.saturating_mul(24) / 3).min(MAX_DEFAULT_RENEW_BEFORE_HOURS),
    }
}

/// What generation will produce besides values.yaml.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Work {
    /// values.yaml only: TLS disabled, or the chart makes its own certificates.
    ValuesOnly,
    /// A CA and certificates made here.
    Issue(IssuePlan),
    /// cert-manager Issuers and Certificates; no key material.
    CertManager(CertManagerPlan),
    /// Certificates the user brings, one per Secret.
    BringYourOwn {
        /// The Opaque Secret that will hold `ca.crt`, when one is named.
        ca_secret: Option<SecretName>,
        /// One entry per distinct Secret.
        leaves: Vec<LeafPlan>,
    },
}

/// Where the chart's main certificate comes from in this bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum MainSource {
    /// Issued here by the CA that signs the internal certificates (in
    /// cert-manager mode: a Certificate of the CA Issuer).
    Issue,
    /// Brought by the user at generation time (certificate and key), checked.
    BringYourOwn,
    /// Already in the user's values (`certificate.tls.crt`), checked; the
    /// chart keeps rendering it, nothing is written.
    FromValues {
        /// The certificate chain, PEM.
        #[serde(skip)]
        certificate_pem: String,
    },
}

/// The chart's main certificate: what the backend, the router and the
/// Ingress serve, and what the router checks for `<fullname>-backend`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MainCertificatePlan {
    /// Where it comes from.
    pub source: MainSource,
    /// The Secret that holds it and `certificate.existing_cert` names; none
    /// when it stays in the user's values.
    pub secret: Option<SecretName>,
    /// The common name of one issued here: the public host name.
    pub common_name: String,
    /// The names it carries (issued) or should carry (brought): the public
    /// host name, then the backend Service's four names, then extra SANs.
    pub sans: Vec<SubjectAltName>,
    /// The name the router checks it for: the bare `<fullname>-backend`.
    pub backend_name: DnsName,
    /// `general.lightrun_endpoint`, the name browsers, plugins and agents use.
    pub endpoint: DnsName,
}

impl MainCertificatePlan {
    /// The certificate as a leaf to issue or pack into its Secret (it serves
    /// no `internal_tls` component: `services` is empty).
    pub fn as_leaf(&self) -> Option<LeafPlan> {
        Some(LeafPlan {
            secret: self.secret.clone()?,
            services: Vec::new(),
            common_name: self.common_name.clone(),
            sans: self.sans.clone(),
            carries_ca: false,
        })
    }
}

/// What Keycloak trusts (`secrets.customCa`): with `existing_certificates`
/// nothing else makes it trust the private CA, and it verifies RabbitMQ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum KeycloakTrust {
    /// Nothing to set: TLS off, the chart's own generation (it mounts its CA
    /// itself), or no private CA.
    Untouched,
    /// `existingCaSecret` names the bundle's CA Secret.
    CaSecret {
        /// That Secret.
        secret: SecretName,
    },
    /// The user's `customCaCertificate` with the bundle's CA added after it.
    AddedToInline {
        /// The user's certificates, PEM.
        #[serde(skip)]
        theirs_pem: String,
    },
    /// The user's `existingCaSecret` stays; the bundle's CA must be added to
    /// that Secret (APPLY.md gives the command).
    AddToTheirSecret {
        /// The user's Secret.
        secret: SecretName,
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
    /// The main certificate; none when nothing checks it (verification off,
    /// TLS off, the chart's own generation).
    pub main: Option<MainCertificatePlan>,
    /// What Keycloak is made to trust.
    pub keycloak_trust: KeycloakTrust,
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
    if settings.main_certificate.choice == Some(MainCertificateChoice::VerificationOff) {
        values.certificates.verification = false;
    }
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
            let mut work = work(settings, &values, &ctx, &endpoints, &mut found);
            let main = main_certificate(settings, &values, &ctx, &work, &mut found);
            if let Some(main) = main.as_ref().filter(|m| m.source == MainSource::Issue) {
                // Issued like the services' certificates, by the same CA.
                if let Some(leaf) = main.as_leaf() {
                    match &mut work {
                        Work::Issue(p) => p.leaves.push(leaf),
                        Work::CertManager(p) => p.leaves.push(leaf),
                        Work::BringYourOwn { .. } | Work::ValuesOnly => {}
                    }
                }
            }
            let keycloak_trust = keycloak_trust(settings, &values, &work, &mut found);
            found.sort_by_key(|d| d.severity);
            if has_errors(&found) {
                None
            } else {
                Some(Plan {
                    release: ctx,
                    values: values.clone(),
                    endpoints,
                    work,
                    main,
                    keycloak_trust,
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
    let cert_manager = c.provider == Provider::CertManager;
    // The CA whose name and validity the settings decide: a new CA made here,
    // or the CA Certificate cert-manager makes in the cluster.
    let new_ca = if cert_manager {
        c.cert_manager.issuer == CertManagerIssuer::SelfSigned
    } else {
        c.ca == CaChoice::New
    };
    let mut validities = vec![("certificates.days", c.days, "Certificate validity")];
    if new_ca {
        validities.push(("certificates.ca_days", c.ca_days, "CA validity"));
    }
    for (path, days, what) in validities {
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
    if new_ca && c.days > c.ca_days && c.ca_days > 0 {
        found.push(Diagnostic::info("days-capped", "certificates.days", format!("Certificates cannot outlive their CA: they will end with it, after {} days, not {}.", c.ca_days, c.days), "Lower the certificate validity or raise the CA's."));
    }
    if new_ca && c.ca_common_name.chars().count() > 64 {
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
    if new_ca && c.ca_common_name.chars().any(char::is_control) {
        found.push(Diagnostic::error(
            "ca-common-name-invalid",
            "certificates.ca_common_name",
            "The CA common name contains a control character.",
            "Use printable characters only.",
        ));
    }
    if cert_manager {
        check_cert_manager(settings, found);
    } else {
        check_additional_cas(settings, found);
    }
    if c.key == KeyAlgorithm::Ed25519 {
        found.push(Diagnostic::error(
            "ed25519-keycloak",
            "certificates.key",
            "Keycloak reads only RSA and EC keys: with an Ed25519 key in its Secret it does not start, and the chart always deploys Keycloak (browsers do not take Ed25519 certificates either, and the Ingress serves the main certificate).",
            "Choose ECDSA P-256 (the default), ECDSA P-384 or RSA.",
        ));
    }
    if c.key == KeyAlgorithm::Rsa4096 && !cert_manager {
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
            "Verification is off: traffic is encrypted, but the backend, the crons and RabbitMQ do not check their peers' certificates, and the router does not check the backend's main certificate, the Keycloak or the frontend one. Redis's own probes and Keycloak's connection to RabbitMQ still check the chain.",
            "The certificates made here work with verification on: choose to issue or bring the main certificate to keep it on.",
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
        Provider::CertManager => match ca_secret {
            Some(trust_secret) => cert_manager_work(settings, ctx, trust_secret, leaves, found),
            None => Work::ValuesOnly,
        },
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

/// Additional trusted CAs: readable certificates, never keys. They go into
/// `ca.crt` after the CA that signs the internal certificates, which stays
/// first: the backend, the crons and the Keycloak cluster import only the
/// first certificate of that file (keytool).
fn check_additional_cas(settings: &Settings, found: &mut Vec<Diagnostic>) {
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
}

/// The plan checks only the PEM framing of an additional CA (the page's
/// first-view module has no certificate parser, and the values model does not
/// depend on the certificate engine); `bundle` parses each one before it
/// generates and refuses there what fails (see `bundle::read_trusted_cas`).
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

/// The longest commonName cert-manager accepts (X.509's upper bound).
pub const MAX_COMMON_NAME_BYTES: usize = 64;

/// The settings path of cert-manager mode's own settings.
pub const CERT_MANAGER_PATH: &str = "certificates.cert_manager";

/// cert-manager mode: the user's CA Secret named when it is to be used,
/// `renewBefore` shorter than the validity, and what cannot apply here.
fn check_cert_manager(settings: &Settings, found: &mut Vec<Diagnostic>) {
    let c = &settings.certificates;
    let cm = &c.cert_manager;
    if cm.issuer == CertManagerIssuer::CaSecret {
        let path = format!("{CERT_MANAGER_PATH}.ca_secret_name");
        let name = cm.ca_secret_name.trim();
        if name.is_empty() {
            found.push(Diagnostic::error(
                "cert-manager-ca-secret-missing",
                path,
                "cert-manager is to sign with your CA, but no Secret holding it is named.",
                "Give the name of the Secret (in the release's namespace) that holds your CA's tls.crt and tls.key (--cert-manager-ca-secret NAME), or let cert-manager make a CA.",
            ));
        } else if let Err(e) = SecretName::parse(name) {
            found.push(Diagnostic::error(
                "cert-manager-ca-secret-invalid",
                path,
                e.message,
                e.hint,
            ));
        }
    }
    if let Some(before) = cm.renew_before_days {
        let path = format!("{CERT_MANAGER_PATH}.renew_before_days");
        if before == 0 {
            found.push(Diagnostic::error(
                "renew-before-invalid",
                path,
                "Renew before is 0 days: cert-manager would renew only once the certificate has expired.",
                "Enter at least 1 day, or leave it empty for a third of the validity (at most 30 days).",
            ));
        } else if c.days > 0 && before >= c.days {
            found.push(Diagnostic::error(
                "renew-before-invalid",
                path,
                format!(
                    "Renew before ({before} days) is not shorter than the certificate validity ({} days); cert-manager refuses such a Certificate.",
                    c.days
                ),
                format!(
                    "Enter fewer than {} days, or leave it empty for a third of the validity (at most 30 days).",
                    c.days
                ),
            ));
        }
    }
    if c.additional_trusted_cas
        .iter()
        .any(|pem| !pem.trim().is_empty())
    {
        found.push(Diagnostic::warning(
            "trusted-cas-unused",
            ADDITIONAL_CAS_PATH,
            "With cert-manager, ca.crt is written by cert-manager and holds only its CA: the additional trusted CAs are not used.",
            "Remove them, or create the CA Secret yourself (existing_ca_secret_name) with every CA in its ca.crt.",
        ));
    }
}

/// The cert-manager plan: the Issuer chain's CA, and no Secret named twice.
fn cert_manager_work(
    settings: &Settings,
    ctx: &ReleaseContext,
    trust_secret: SecretName,
    leaves: Vec<LeafPlan>,
    found: &mut Vec<Diagnostic>,
) -> Work {
    let c = &settings.certificates;
    let cm = &c.cert_manager;
    let (ca, ca_path) = match cm.issuer {
        CertManagerIssuer::SelfSigned => {
            let name = format!("{}-internal-tls-ca", ctx.fullname());
            let key_pair_secret = match SecretName::parse(&name) {
                Ok(secret) => secret,
                Err(e) => {
                    found.push(Diagnostic::error(
                        "cert-manager-ca-secret-invalid",
                        "release.name",
                        e.message,
                        e.hint,
                    ));
                    return Work::ValuesOnly;
                }
            };
            (
                CertManagerCa::SelfSigned {
                    common_name: if c.ca_common_name.trim().is_empty() {
                        // cert-manager refuses a commonName over 64 bytes,
                        // which a 53-character release name would make.
                        let long = format!("{}-internal-tls-ca", ctx.release);
                        if long.len() <= MAX_COMMON_NAME_BYTES {
                            long
                        } else {
                            format!("{}-ca", ctx.release)
                        }
                    } else {
                        c.ca_common_name.trim().to_string()
                    },
                    days: c.ca_days,
                    key_pair_secret,
                },
                None,
            )
        }
        CertManagerIssuer::CaSecret => match SecretName::parse(cm.ca_secret_name.trim()) {
            Ok(secret) => (
                CertManagerCa::Provided { secret },
                Some(format!("{CERT_MANAGER_PATH}.ca_secret_name")),
            ),
            // check_cert_manager has said why.
            Err(_) => return Work::ValuesOnly,
        },
    };
    let ca_secret = match &ca {
        CertManagerCa::SelfSigned {
            key_pair_secret, ..
        } => key_pair_secret,
        CertManagerCa::Provided { secret } => secret,
    };
    let path = ca_path.unwrap_or_else(|| paths::CA_SECRET.to_string());
    if ca_secret == &trust_secret {
        found.push(Diagnostic::error(
            "secret-name-clash",
            path.clone(),
            format!("The Secret {ca_secret} would hold both the CA's key pair and the ca.crt the services mount."),
            "Give existing_ca_secret_name a name of its own: the services must not mount the CA's private key.",
        ));
    }
    for leaf in leaves.iter().filter(|l| &l.secret == ca_secret) {
        found.push(Diagnostic::error(
            "secret-name-clash",
            secret_path(
                leaf.services
                    .first()
                    .copied()
                    .unwrap_or(ServiceKey::Frontend),
            ),
            format!("The Secret {ca_secret} is named both for a service certificate and for the CA's key pair."),
            "Give the service's Secret a name of its own.",
        ));
    }
    Work::CertManager(CertManagerPlan {
        key: c.key,
        days: c.days,
        renew_before_hours: renew_before_hours(c.days, cm.renew_before_days),
        ca,
        trust_secret,
        leaves,
    })
}

/// The settings path of the main certificate step.
pub const MAIN_CERTIFICATE_PATH: &str = "main_certificate.choice";

/// The default Secret of a main certificate made or brought here.
pub fn default_main_secret(ctx: &ReleaseContext) -> String {
    format!("{}-main-tls", ctx.fullname())
}

/// The main certificate step: the router verifies `https://<fullname>-backend`
/// against `ca.crt` whenever verification is on, so the bundle must hold a
/// main certificate that passes, or say verification is off.
fn main_certificate(
    settings: &Settings,
    values: &InternalTls,
    ctx: &ReleaseContext,
    work: &Work,
    found: &mut Vec<Diagnostic>,
) -> Option<MainCertificatePlan> {
    let m = &settings.main_certificate;
    if !values.enabled
        || values.certificates.source == Source::GenerateSelfSignedCertificates
        || matches!(work, Work::ValuesOnly)
        || m.choice == Some(MainCertificateChoice::VerificationOff)
        || (m.choice.is_none() && !values.certificates.verification)
    {
        return None;
    }
    let backend = match ctx.backend_names() {
        Ok((_, names)) => names,
        Err(e) => {
            found.push(Diagnostic::error(
                "backend-name-invalid",
                "release.name",
                e.message,
                e.hint,
            ));
            return None;
        }
    };
    let endpoint = match DnsName::parse(settings.release.lightrun_endpoint.trim()) {
        Ok(name) => name,
        Err(e) => {
            found.push(Diagnostic::error(
                "lightrun-endpoint-invalid",
                "release.lightrun_endpoint",
                format!("The public host name (general.lightrun_endpoint) is not a DNS name: {}", e.message),
                "Give the host name users and agents reach the server by, as in your values (general.lightrun_endpoint).",
            ));
            return None;
        }
    };
    let backend_name = backend.first().cloned()?;
    let mut sans = vec![SubjectAltName::Dns(endpoint.clone())];
    for name in backend {
        let san = SubjectAltName::Dns(name);
        if !sans.contains(&san) {
            sans.push(san);
        }
    }
    for san in &ctx.extra_sans {
        if !sans.contains(san) {
            sans.push(san.clone());
        }
    }
    let common_name = if endpoint.as_str().len() <= MAX_COMMON_NAME_BYTES {
        endpoint.to_string()
    } else {
        backend_name.to_string()
    };
    let plan_with = |source: MainSource, secret: Option<SecretName>| MainCertificatePlan {
        source,
        secret,
        common_name: common_name.clone(),
        sans: sans.clone(),
        backend_name: backend_name.clone(),
        endpoint: endpoint.clone(),
    };
    let in_values = &m.in_values;
    let choice = match m.choice {
        Some(choice) => choice,
        None if !in_values.certificate_pem.trim().is_empty()
            && matches!(work, Work::CertManager(_)) =>
        {
            found.push(Diagnostic::error(
                "main-certificate-cert-manager",
                MAIN_CERTIFICATE_PATH,
                format!("Your values hold a main certificate (certificate.tls.crt), and with cert-manager ca.crt holds only cert-manager's CA: the router's check of {backend_name} would fail."),
                "Choose one: let cert-manager issue the main certificate too (--main-certificate issue; browsers, IDE plugins and agents must then trust its CA), or turn verification off (--main-certificate verification-off).",
            ));
            return None;
        }
        None if !in_values.certificate_pem.trim().is_empty() => {
            found.push(Diagnostic::info(
                "main-certificate-from-values",
                paths::MAIN_CERT,
                format!("The main certificate is read from your values (certificate.tls.crt) and checked: with verification on, the router verifies it for {backend_name} against ca.crt."),
                "",
            ));
            return Some(plan_with(
                MainSource::FromValues {
                    certificate_pem: in_values.certificate_pem.clone(),
                },
                None,
            ));
        }
        None if !in_values.existing_cert.trim().is_empty() => {
            found.push(Diagnostic::error(
                "main-certificate-unknown",
                MAIN_CERTIFICATE_PATH,
                format!(
                    "Your values serve the main certificate from the Secret {} (certificate.existing_cert), which the wizard cannot see. With verification on, the router checks it for the name {backend_name} and a chain to ca.crt.",
                    quoted(in_values.existing_cert.trim())
                ),
                "Choose one: bring that certificate to have it checked (--main-cert FILE --main-key FILE), issue a new one from the internal CA (--main-certificate issue), or turn verification off (--main-certificate verification-off).",
            ));
            return None;
        }
        None => MainCertificateChoice::Issue,
    };
    if choice == MainCertificateChoice::Issue && !matches!(work, Work::BringYourOwn { .. }) {
        let said = if m.choice.is_none() {
            "No main certificate was given, so one is issued"
        } else {
            "The main certificate is issued"
        };
        found.push(Diagnostic::info(
            "main-certificate-issued",
            MAIN_CERTIFICATE_PATH,
            format!("{said} from the internal CA for {endpoint} and {backend_name}: with verification on, the router checks the backend for that name. The Ingress serves the same certificate, so browsers, IDE plugins and agents must trust this CA."),
            "Right where you can give the CA to every client, or the CA is one they already trust. Otherwise bring a certificate from such a CA, or turn verification off.",
        ));
    }
    match (choice, work) {
        (MainCertificateChoice::Issue, Work::BringYourOwn { .. }) => {
            found.push(Diagnostic::error(
                "main-certificate-cannot-issue",
                MAIN_CERTIFICATE_PATH,
                "With certificates you bring there is no CA key here to issue the main certificate with.",
                "Bring the main certificate too (it must carry the backend's name and chain to your CA bundle), or turn verification off.",
            ));
            return None;
        }
        (MainCertificateChoice::BringYourOwn, Work::CertManager(_)) => {
            found.push(Diagnostic::error(
                "main-certificate-cert-manager",
                MAIN_CERTIFICATE_PATH,
                "With cert-manager, ca.crt holds only the CA cert-manager signs with: a main certificate from elsewhere cannot chain to it.",
                "Let cert-manager issue the main certificate too (issue), or turn verification off.",
            ));
            return None;
        }
        _ => {}
    }
    let given = m.secret_name.trim();
    let name = if given.is_empty() {
        default_main_secret(ctx)
    } else {
        given.to_string()
    };
    let secret = match SecretName::parse(&name) {
        Ok(secret) => secret,
        Err(e) => {
            found.push(Diagnostic::error(
                "main-certificate-secret-invalid",
                "main_certificate.secret_name",
                e.message,
                e.hint,
            ));
            return None;
        }
    };
    let taken = match work {
        Work::Issue(p) => p.leaves.iter().any(|l| l.secret == secret) || p.ca_secret == secret,
        Work::CertManager(p) => {
            p.leaves.iter().any(|l| l.secret == secret)
                || p.trust_secret == secret
                || matches!(&p.ca, CertManagerCa::SelfSigned { key_pair_secret, .. } if key_pair_secret == &secret)
                || matches!(&p.ca, CertManagerCa::Provided { secret: s } if s == &secret)
        }
        Work::BringYourOwn { ca_secret, leaves } => {
            leaves.iter().any(|l| l.secret == secret) || ca_secret.as_ref() == Some(&secret)
        }
        Work::ValuesOnly => false,
    };
    if taken {
        found.push(Diagnostic::error(
            "secret-name-clash",
            "main_certificate.secret_name",
            format!("The Secret {secret} is named both for the main certificate and for another certificate or the CA."),
            "Give the main certificate's Secret a name of its own.",
        ));
        return None;
    }
    let source = match choice {
        MainCertificateChoice::BringYourOwn => MainSource::BringYourOwn,
        _ => MainSource::Issue,
    };
    Some(plan_with(source, Some(secret)))
}

/// Keycloak's trust: the CA Secret named in `secrets.customCa.existingCaSecret`,
/// or the wizard's CA added to the CAs the user's values already give it.
fn keycloak_trust(
    settings: &Settings,
    values: &InternalTls,
    work: &Work,
    found: &mut Vec<Diagnostic>,
) -> KeycloakTrust {
    if !values.enabled || values.certificates.source == Source::GenerateSelfSignedCertificates {
        return KeycloakTrust::Untouched;
    }
    let ca_secret = match work {
        Work::Issue(p) => p.ca_secret.clone(),
        Work::CertManager(p) => p.trust_secret.clone(),
        Work::BringYourOwn {
            ca_secret: Some(s), ..
        } => s.clone(),
        _ => return KeycloakTrust::Untouched,
    };
    let custom = &settings.release.custom_ca;
    let inline = custom.custom_ca_certificate.trim();
    let theirs = custom.existing_ca_secret.trim();
    if !inline.is_empty() && !theirs.is_empty() {
        found.push(Diagnostic::error(
            "custom-ca-both",
            paths::CUSTOM_CA,
            "Your values set both secrets.customCa.customCaCertificate and existingCaSecret; the chart refuses to render with both.",
            "Keep one of them in your values, then run again.",
        ));
        return KeycloakTrust::Untouched;
    }
    if !inline.is_empty() {
        if matches!(work, Work::CertManager(_)) {
            found.push(Diagnostic::error(
                "custom-ca-inline-cert-manager",
                paths::CUSTOM_CA,
                "Your values give Keycloak's CAs inline (secrets.customCa.customCaCertificate), and cert-manager's CA is made in the cluster, so it cannot be added there: Keycloak would not trust it.",
                "Put your CAs into a Secret (kubectl create secret generic NAME --from-file=ca.crt=...) and name it in secrets.customCa.existingCaSecret instead; the wizard then says how to add cert-manager's CA to it.",
            ));
            return KeycloakTrust::Untouched;
        }
        let Some(theirs_pem) = decode_inline_pem(inline) else {
            found.push(Diagnostic::error(
                "custom-ca-unreadable",
                "secrets.customCa.customCaCertificate",
                "secrets.customCa.customCaCertificate in your values is not base64 of PEM certificates.",
                "Give it as the chart expects (base64 of the CA's PEM file, for example base64 -w0 ca.pem), then run again.",
            ));
            return KeycloakTrust::Untouched;
        };
        found.push(Diagnostic::info(
            "keycloak-trust-added",
            paths::CUSTOM_CA,
            "Your values already give Keycloak CAs to trust (secrets.customCa.customCaCertificate): the internal CA is added after them, and they stay.",
            "",
        ));
        return KeycloakTrust::AddedToInline { theirs_pem };
    }
    if !theirs.is_empty() && theirs != ca_secret.as_str() {
        return match SecretName::parse(theirs) {
            Ok(secret) => {
                found.push(Diagnostic::warning(
                    "keycloak-trust-their-secret",
                    paths::CUSTOM_CA,
                    format!("Your values make Keycloak trust the Secret {secret} (secrets.customCa.existingCaSecret). It must hold the internal CA too, or Keycloak's TLS connection to RabbitMQ fails."),
                    format!("After applying the bundle, add the CA to that Secret: {} (APPLY.md has it).", add_ca_command(&secret, &ca_secret, &settings.release.namespace)),
                ));
                KeycloakTrust::AddToTheirSecret { secret }
            }
            Err(e) => {
                found.push(Diagnostic::error(
                    "custom-ca-secret-invalid",
                    "secrets.customCa.existingCaSecret",
                    e.message,
                    e.hint,
                ));
                KeycloakTrust::Untouched
            }
        };
    }
    KeycloakTrust::CaSecret { secret: ca_secret }
}

/// The command that copies the bundle's CA (`ca.crt` of `ca_secret`) into
/// the user's Keycloak trust Secret as a key of its own.
pub fn add_ca_command(theirs: &SecretName, ca_secret: &SecretName, namespace: &str) -> String {
    format!(
        "kubectl -n {namespace} patch secret {theirs} --type merge -p \"{{\\\"data\\\":{{\\\"internal-tls-ca.crt\\\":\\\"$(kubectl -n {namespace} get secret {ca_secret} -o jsonpath='{{.data.ca\\.crt}}')\\\"}}}}\""
    )
}

/// Base64 of PEM certificates, as `customCaCertificate` holds them.
fn decode_inline_pem(text: &str) -> Option<String> {
    let bytes = super::base64::decode(text)?;
    let pem = String::from_utf8(bytes).ok()?;
    pem.contains("-----BEGIN CERTIFICATE-----").then_some(pem)
}
