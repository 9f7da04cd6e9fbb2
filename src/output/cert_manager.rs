//! cert-manager mode's manifests: the Issuer chain and one `Certificate` per
//! Secret, as typed `cert-manager.io/v1` structs serialized by serde_yaml, and
//! the APPLY.md that installs them. This module owns `cert-manager.yaml`; it
//! never sees key material, because cert-manager makes every key in the cluster.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::pki::KeyAlgorithm;
use crate::release::{SecretName, SubjectAltName};
use crate::values::{CertManagerCa, CertManagerPlan, LeafPlan, Plan};

use super::manifests::MANAGED_BY;

/// The API version of every resource written here.
pub const API_VERSION: &str = "cert-manager.io/v1";

/// `metadata` of an Issuer or Certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Metadata {
    /// The resource's name.
    pub name: String,
    /// The release's namespace.
    pub namespace: String,
    /// Labels.
    pub labels: BTreeMap<String, String>,
}

impl Metadata {
    fn new(name: &str, namespace: &str) -> Self {
        Self {
            name: name.into(),
            namespace: namespace.into(),
            labels: BTreeMap::from([(MANAGED_BY.0.to_string(), MANAGED_BY.1.to_string())]),
        }
    }
}

/// An empty object (`selfSigned: {}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Empty {}

/// `spec.ca` of an Issuer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaIssuer {
    /// The Secret holding the CA's `tls.crt` and `tls.key`.
    pub secret_name: String,
}

/// `spec` of an Issuer: exactly one of its fields is set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IssuerSpec {
    /// A self-signed issuer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_signed: Option<Empty>,
    /// A CA issuer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ca: Option<CaIssuer>,
}

/// A namespaced `Issuer`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Issuer {
    /// `cert-manager.io/v1`.
    pub api_version: &'static str,
    /// `Issuer`.
    pub kind: &'static str,
    /// Name, namespace, labels.
    pub metadata: Metadata,
    /// What signs.
    pub spec: IssuerSpec,
}

impl Issuer {
    fn new(name: &str, namespace: &str, spec: IssuerSpec) -> Self {
        Self {
            api_version: API_VERSION,
            kind: "Issuer",
            metadata: Metadata::new(name, namespace),
            spec,
        }
    }
}

/// A key usage, spelled as cert-manager's `usages` enumeration spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Usage {
    /// keyUsage digitalSignature.
    #[serde(rename = "digital signature")]
    DigitalSignature,
    /// keyUsage keyEncipherment (RSA key transport).
    #[serde(rename = "key encipherment")]
    KeyEncipherment,
    /// keyUsage keyCertSign, for the CA.
    #[serde(rename = "cert sign")]
    CertSign,
    /// keyUsage cRLSign, for the CA.
    #[serde(rename = "crl sign")]
    CrlSign,
    /// extendedKeyUsage serverAuth.
    #[serde(rename = "server auth")]
    ServerAuth,
    /// extendedKeyUsage clientAuth.
    #[serde(rename = "client auth")]
    ClientAuth,
    /// extendedKeyUsage emailProtection: the trust Certificate's only purpose,
    /// so its key can neither serve nor authenticate TLS.
    #[serde(rename = "email protection")]
    EmailProtection,
}

/// `spec.privateKey.algorithm`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PrivateKeyAlgorithm {
    /// RSA.
    #[serde(rename = "RSA")]
    Rsa,
    /// ECDSA.
    #[serde(rename = "ECDSA")]
    Ecdsa,
    /// Ed25519.
    Ed25519,
}

/// `spec.privateKey.rotationPolicy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RotationPolicy {
    /// A new key at every renewal.
    Always,
    /// The same key at every renewal.
    Never,
}

/// `spec.privateKey`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrivateKey {
    /// The algorithm.
    pub algorithm: PrivateKeyAlgorithm,
    /// Bits (RSA) or curve size (ECDSA); none for Ed25519.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u32>,
    /// Always `PKCS8`, as the wizard's own keys.
    pub encoding: &'static str,
    /// Whether a renewal makes a new key.
    pub rotation_policy: RotationPolicy,
}

impl PrivateKey {
    /// cert-manager's spelling of a key algorithm.
    pub fn for_algorithm(key: KeyAlgorithm, rotation_policy: RotationPolicy) -> Self {
        let (algorithm, size) = match key {
            KeyAlgorithm::EcdsaP256 => (PrivateKeyAlgorithm::Ecdsa, Some(256)),
            KeyAlgorithm::EcdsaP384 => (PrivateKeyAlgorithm::Ecdsa, Some(384)),
            KeyAlgorithm::Rsa2048 => (PrivateKeyAlgorithm::Rsa, Some(2048)),
            KeyAlgorithm::Rsa3072 => (PrivateKeyAlgorithm::Rsa, Some(3072)),
            KeyAlgorithm::Rsa4096 => (PrivateKeyAlgorithm::Rsa, Some(4096)),
            KeyAlgorithm::Ed25519 => (PrivateKeyAlgorithm::Ed25519, None),
        };
        Self {
            algorithm,
            size,
            encoding: "PKCS8",
            rotation_policy,
        }
    }
}

/// `spec.issuerRef`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssuerRef {
    /// The Issuer's name.
    pub name: String,
    /// `Issuer`.
    pub kind: &'static str,
    /// `cert-manager.io`.
    pub group: &'static str,
}

/// `spec` of a Certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CertificateSpec {
    /// The Secret cert-manager writes `tls.crt`, `tls.key` and `ca.crt` into.
    pub secret_name: String,
    /// The subject's common name.
    pub common_name: String,
    /// DNS subject alternative names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dns_names: Vec<String>,
    /// IP subject alternative names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ip_addresses: Vec<String>,
    /// Whether this is a CA certificate.
    #[serde(rename = "isCA", skip_serializing_if = "std::ops::Not::not")]
    pub is_ca: bool,
    /// Validity, as a Go duration in hours.
    pub duration: String,
    /// How long before expiry to renew, as a Go duration in hours.
    pub renew_before: String,
    /// Key usages and extended key usages.
    pub usages: Vec<Usage>,
    /// The key cert-manager makes.
    pub private_key: PrivateKey,
    /// The Issuer that signs it.
    pub issuer_ref: IssuerRef,
}

/// A `Certificate`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Certificate {
    /// `cert-manager.io/v1`.
    pub api_version: &'static str,
    /// `Certificate`.
    pub kind: &'static str,
    /// Name (the Secret's), namespace, labels.
    pub metadata: Metadata,
    /// What to issue.
    pub spec: CertificateSpec,
}

/// One document of `cert-manager.yaml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Resource {
    /// An Issuer.
    Issuer(Issuer),
    /// A Certificate.
    Certificate(Box<Certificate>),
}

/// A Go duration of whole hours (`87600h`).
pub fn hours(value: u32) -> String {
    format!("{value}h")
}

/// The usages of a service certificate: serverAuth, clientAuth for the
/// Keycloak cluster's mutual TLS, and the key usages its key type needs.
pub fn leaf_usages(key: KeyAlgorithm, client_auth: bool) -> Vec<Usage> {
    let mut usages = vec![Usage::DigitalSignature];
    if matches!(
        key,
        KeyAlgorithm::Rsa2048 | KeyAlgorithm::Rsa3072 | KeyAlgorithm::Rsa4096
    ) {
        // TLS 1.2 RSA key exchange encrypts with the certificate's key.
        usages.push(Usage::KeyEncipherment);
    }
    usages.push(Usage::ServerAuth);
    if client_auth {
        usages.push(Usage::ClientAuth);
    }
    usages
}

/// The names of the Issuers a plan writes.
pub struct IssuerNames {
    /// The self-signed Issuer (only with a CA made in the cluster).
    pub self_signed: String,
    /// The CA Issuer that signs the services' Certificates.
    pub ca: String,
}

/// The Issuer names for a release's fullname.
pub fn issuer_names(plan: &Plan) -> IssuerNames {
    let fullname = plan.release.fullname();
    IssuerNames {
        self_signed: format!("{fullname}-internal-tls-selfsigned"),
        ca: format!("{fullname}-internal-tls-ca"),
    }
}

fn issuer_ref(name: &str) -> IssuerRef {
    IssuerRef {
        name: name.into(),
        kind: "Issuer",
        group: "cert-manager.io",
    }
}

fn certificate(namespace: &str, secret: &SecretName, spec: CertificateSpec) -> Resource {
    Resource::Certificate(Box::new(Certificate {
        api_version: API_VERSION,
        kind: "Certificate",
        metadata: Metadata::new(secret.as_str(), namespace),
        spec,
    }))
}

fn leaf_spec(cm: &CertManagerPlan, leaf: &LeafPlan, issuer: &str) -> CertificateSpec {
    let mut dns_names = Vec::new();
    let mut ip_addresses = Vec::new();
    for san in &leaf.sans {
        match san {
            SubjectAltName::Dns(name) => dns_names.push(name.to_string()),
            SubjectAltName::Ip(ip) => ip_addresses.push(ip.to_string()),
        }
    }
    CertificateSpec {
        secret_name: leaf.secret.to_string(),
        common_name: leaf.common_name.clone(),
        dns_names,
        ip_addresses,
        is_ca: false,
        duration: hours(cm.days.saturating_mul(24)),
        renew_before: hours(cm.renew_before_hours),
        usages: leaf_usages(cm.key, leaf.carries_ca),
        private_key: PrivateKey::for_algorithm(cm.key, RotationPolicy::Always),
        issuer_ref: issuer_ref(issuer),
    }
}

/// Every resource of `cert-manager.yaml`, in the order they are applied: the
/// self-signed Issuer and the CA Certificate it signs (when cert-manager makes
/// the CA), the CA Issuer, the trust Certificate whose Secret
/// `existing_ca_secret_name` names, then one Certificate per service Secret.
pub fn resources(plan: &Plan, cm: &CertManagerPlan) -> Vec<Resource> {
    let namespace = plan.release.namespace.as_str();
    let names = issuer_names(plan);
    let mut out = Vec::with_capacity(cm.leaves.len() + 4);
    let ca_secret = match &cm.ca {
        CertManagerCa::SelfSigned {
            common_name,
            days,
            key_pair_secret,
        } => {
            out.push(Resource::Issuer(Issuer::new(
                &names.self_signed,
                namespace,
                IssuerSpec {
                    self_signed: Some(Empty {}),
                    ca: None,
                },
            )));
            out.push(certificate(
                namespace,
                key_pair_secret,
                CertificateSpec {
                    secret_name: key_pair_secret.to_string(),
                    common_name: common_name.clone(),
                    dns_names: Vec::new(),
                    ip_addresses: Vec::new(),
                    is_ca: true,
                    duration: hours(days.saturating_mul(24)),
                    renew_before: hours(crate::values::plan::renew_before_hours(*days, None)),
                    usages: vec![Usage::DigitalSignature, Usage::CertSign, Usage::CrlSign],
                    // The same key after each renewal, so certificates it
                    // signed before stay valid against the renewed CA.
                    private_key: PrivateKey::for_algorithm(cm.key, RotationPolicy::Never),
                    issuer_ref: issuer_ref(&names.self_signed),
                },
            ));
            key_pair_secret
        }
        CertManagerCa::Provided { secret } => secret,
    };
    out.push(Resource::Issuer(Issuer::new(
        &names.ca,
        namespace,
        IssuerSpec {
            self_signed: None,
            ca: Some(CaIssuer {
                secret_name: ca_secret.to_string(),
            }),
        },
    )));
    out.push(certificate(
        namespace,
        &cm.trust_secret,
        CertificateSpec {
            secret_name: cm.trust_secret.to_string(),
            // At most 53 + 9 characters: within cert-manager's 64.
            common_name: format!("{}-ca-trust", plan.release.fullname()),
            dns_names: Vec::new(),
            ip_addresses: Vec::new(),
            is_ca: false,
            duration: hours(cm.days.saturating_mul(24)),
            renew_before: hours(cm.renew_before_hours),
            usages: vec![Usage::DigitalSignature, Usage::EmailProtection],
            private_key: PrivateKey::for_algorithm(cm.key, RotationPolicy::Always),
            issuer_ref: issuer_ref(&names.ca),
        },
    ));
    for leaf in &cm.leaves {
        out.push(certificate(
            namespace,
            &leaf.secret,
            leaf_spec(cm, leaf, &names.ca),
        ));
    }
    out
}

/// APPLY.md for cert-manager mode: install cert-manager, apply, wait, install.
pub fn apply_instructions(plan: &Plan, cm: &CertManagerPlan) -> String {
    let ns = plan.release.namespace.as_str();
    let release = plan.release.release.as_str();
    let names = issuer_names(plan);
    let trust = cm.trust_secret.as_str();
    let mut text = format!(
        "# Internal TLS for release `{release}` in namespace `{ns}`, made by cert-manager\n\n\
         cert-manager makes every key and certificate in the cluster and renews them; \
         this bundle holds no key material.\n\n{}\n\n",
        super::made_for_line()
    );
    text.push_str("1. Install cert-manager with its CRDs, if the cluster does not run it yet:\n\n");
    text.push_str("   ```sh\n   helm repo add jetstack https://charts.jetstack.io\n   helm upgrade --install cert-manager jetstack/cert-manager -n cert-manager --create-namespace --set crds.enabled=true\n   kubectl wait --for=condition=Available deployment --all -n cert-manager --timeout=5m\n   ```\n\n");
    let mut step = 2;
    if let CertManagerCa::Provided { secret } = &cm.ca {
        text.push_str(&format!("{step}. Create the Secret with your CA's certificate and key, which the CA Issuer `{}` signs with (skip if it exists):\n\n", names.ca));
        text.push_str(&format!("   ```sh\n   kubectl create namespace {ns} --dry-run=client -o yaml | kubectl apply -f -\n   kubectl create secret tls {secret} -n {ns} --cert=your-ca.crt --key=your-ca.key\n   ```\n\n"));
        step += 1;
    }
    text.push_str(&format!(
        "{step}. Create the Issuers and Certificates in the release's namespace:\n\n"
    ));
    text.push_str(&format!("   ```sh\n   kubectl create namespace {ns} --dry-run=client -o yaml | kubectl apply -f -\n   kubectl apply -n {ns} -f cert-manager.yaml\n   ```\n\n"));
    step += 1;
    text.push_str(&format!("{step}. Wait until cert-manager has issued every certificate (each Secret then exists):\n\n"));
    text.push_str(&format!("   ```sh\n   kubectl wait --for=condition=Ready certificate --all -n {ns} --timeout=5m\n   ```\n\n"));
    step += 1;
    text.push_str(&format!(
        "{step}. Install or upgrade the chart with these values on top of your own:\n\n"
    ));
    text.push_str(&format!("   ```sh\n   helm upgrade --install {release} lightrun/lightrun -n {ns} -f your-values.yaml -f values.yaml\n   ```\n\n"));
    step += 1;
    text.push_str(&format!("{step}. If the release was already running, restart the workloads that mount them so they read the new certificates:\n\n"));
    let restart = crate::release::workloads::restart_command(
        ns,
        &crate::release::workloads::release_workloads(
            plan.release.fullname().as_str(),
            &plan.release.deployed,
        ),
    );
    text.push_str(&format!("   ```sh\n   {restart}\n   ```\n\n"));
    text.push_str(&super::trust_notes(plan, None));

    text.push_str("## Files\n\n");
    text.push_str("- `values.yaml`: the chart's `general.internal_tls` settings: `source: existing_certificates`, each service's Secret, and the CA Secret.\n");
    text.push_str("- `cert-manager.yaml`: the Issuers and Certificates. It holds no secrets; keep it with your other manifests.\n\n");

    text.push_str("## Issuers\n\n");
    match &cm.ca {
        CertManagerCa::SelfSigned {
            common_name,
            days,
            key_pair_secret,
        } => {
            text.push_str(&format!("- `{}` (self-signed) signs the CA Certificate `{key_pair_secret}` (`{common_name}`, valid {days} days, renewed with the same key so certificates it signed stay valid). Its Secret holds the CA's private key: nothing mounts it but cert-manager.\n", names.self_signed));
            text.push_str(&format!(
                "- `{}` (CA) signs every service Certificate with that CA.\n",
                names.ca
            ));
        }
        CertManagerCa::Provided { secret } => {
            text.push_str(&format!("- `{}` (CA) signs every service Certificate with your CA from the Secret `{secret}` (`tls.crt` and `tls.key`).\n", names.ca));
        }
    }
    text.push_str(&format!(
        "\n## The CA Secret (`existing_ca_secret_name: {trust}`)\n\n"
    ));
    text.push_str(&format!("The chart mounts `existing_ca_secret_name` into the backend, the crons, Redis and the router, and reads its `ca.crt`. \
        cert-manager's CA Issuer writes the CA's certificate as `ca.crt` into every Secret it fills, so the Certificate `{trust}` exists only to make that Secret: \
        its `ca.crt` is the CA, and its own key (usable only for email protection, not for TLS) is worthless. \
        Naming the CA's key-pair Secret instead would mount the CA's private key into those pods.\n\n"));
    text.push_str("With verification on, the router also checks the backend's main certificate against this `ca.crt`, which holds only this CA: so the main certificate is a Certificate of the same Issuer here.\n\n");

    text.push_str("## Certificates\n\n| Certificate and Secret | Services | DNS names and IPs | Usages |\n| --- | --- | --- | --- |\n");
    for leaf in &cm.leaves {
        let services: Vec<&str> = leaf.services.iter().map(|k| k.values_key()).collect();
        let services = if services.is_empty() {
            vec!["main certificate (backend, router, Ingress)"]
        } else {
            services
        };
        let sans: Vec<String> = leaf.sans.iter().map(|s| s.to_string()).collect();
        let usages = if leaf.carries_ca {
            "serverAuth, clientAuth"
        } else {
            "serverAuth"
        };
        text.push_str(&format!(
            "| {} | {} | {} | {usages} |\n",
            leaf.secret,
            services.join(", "),
            sans.join(", ")
        ));
    }
    text.push_str(&format!(
        "\nEach is valid {} days ({}); cert-manager renews it {} before it expires, with a new {} key. \
         The chart's pods read their certificates when they start: restart them after a renewal \
         (`{restart}`), or let a tool such as Reloader do it.\n",
        cm.days,
        hours(cm.days.saturating_mul(24)),
        hours(cm.renew_before_hours),
        cm.key
    ));
    text
}
