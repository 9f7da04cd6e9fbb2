//! Manifests and outputs: values.yaml, secrets.yaml, ca.crt, ca.key and
//! APPLY.md, rendered from a plan and what was issued for it; or, in
//! cert-manager mode, values.yaml, cert-manager.yaml and APPLY.md.

#[cfg(feature = "engine")]
pub mod archive;
#[cfg(feature = "engine")]
pub mod cert_manager;
#[cfg(feature = "engine")]
pub mod manifests;
pub mod page;

use serde::Serialize;
use zeroize::Zeroize;

#[cfg(feature = "engine")]
use zeroize::Zeroizing;

#[cfg(feature = "engine")]
use crate::pki::{IssuedBundle, KeyError};
#[cfg(feature = "engine")]
use crate::release::{SecretName, ServiceKey};
use crate::values::model::{CertificateValues, CustomCa, GeneralValues, SecretsValues};
use crate::values::{KeycloakTrust, Plan, ValuesDocument};

#[cfg(feature = "engine")]
pub use manifests::{SecretManifest, SecretType};

/// One file of the bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct OutputFile {
    /// The file name (`values.yaml`, …).
    pub name: String,
    /// Its text.
    pub contents: String,
    /// Whether it holds private key material (secrets.yaml, ca.key).
    pub sensitive: bool,
}

impl Drop for OutputFile {
    fn drop(&mut self) {
        if self.sensitive {
            self.contents.zeroize();
        }
    }
}

/// Why the outputs could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutputError {
    /// YAML serialization failed.
    #[error("could not write {file}: {reason}")]
    Yaml {
        /// Which file.
        file: &'static str,
        /// What serde_yaml said.
        reason: String,
    },
    /// A key could not be exported.
    #[cfg(feature = "engine")]
    #[error("{0}")]
    Key(#[from] KeyError),
}

/// The file names of a bundle.
pub mod names {
    /// The chart values.
    pub const VALUES: &str = "values.yaml";
    /// The Secret manifests.
    pub const SECRETS: &str = "secrets.yaml";
    /// The CA certificate(s).
    pub const CA_CERT: &str = "ca.crt";
    /// The new CA's key.
    pub const CA_KEY: &str = "ca.key";
    /// How to apply the bundle.
    pub const APPLY: &str = "APPLY.md";
    /// cert-manager mode's Issuers and Certificates (in place of secrets.yaml).
    pub const CERT_MANAGER: &str = "cert-manager.yaml";
}

/// The values document for a plan: `general.internal_tls`, the main
/// certificate's Secret, and what Keycloak trusts. `ca_pem` is the bundle's
/// `ca.crt`, added to a `customCaCertificate` the user's values already set
/// (none while previewing: only their certificates are shown then).
pub fn values_document(plan: &Plan, ca_pem: Option<&str>) -> ValuesDocument {
    let certificate = plan
        .main
        .as_ref()
        .and_then(|m| m.secret.as_ref())
        .map(|secret| CertificateValues {
            existing_cert: secret.to_string(),
        });
    let custom_ca = match &plan.keycloak_trust {
        KeycloakTrust::Untouched => None,
        KeycloakTrust::CaSecret { secret } | KeycloakTrust::AddToTheirSecret { secret } => {
            Some(CustomCa {
                existing_ca_secret: secret.to_string(),
                custom_ca_certificate: String::new(),
            })
        }
        KeycloakTrust::AddedToInline { theirs_pem } => {
            let mut pem = theirs_pem.clone();
            if let Some(ours) = ca_pem {
                if !pem.ends_with('\n') {
                    pem.push('\n');
                }
                pem.push_str(ours);
            }
            Some(CustomCa {
                existing_ca_secret: String::new(),
                custom_ca_certificate: crate::values::base64::encode(pem.as_bytes()),
            })
        }
    };
    ValuesDocument {
        general: GeneralValues {
            internal_tls: plan.values.clone(),
        },
        certificate,
        secrets: custom_ca.map(|custom_ca| SecretsValues { custom_ca }),
    }
}

/// values.yaml for a plan (see [`values_document`]).
pub fn values_yaml(plan: &Plan, ca_pem: Option<&str>) -> Result<String, OutputError> {
    serde_yaml::to_string(&values_document(plan, ca_pem)).map_err(|e| OutputError::Yaml {
        file: names::VALUES,
        reason: e.to_string(),
    })
}

#[cfg(feature = "engine")]
/// The certificate material of one Secret.
pub struct SecretMaterial {
    /// The Secret's name.
    pub secret: SecretName,
    /// The components that mount it.
    pub services: Vec<ServiceKey>,
    /// `tls.crt`: the leaf, then any intermediates.
    pub chain_pem: String,
    /// `tls.key`: unencrypted PKCS#8.
    pub key_pem: Zeroizing<String>,
    /// Whether the Secret also carries `ca.crt` (Keycloak cluster).
    pub carries_ca: bool,
    /// When the leaf expires, for APPLY.md.
    pub not_after: time::Date,
}

#[cfg(feature = "engine")]
/// Everything a bundle's files are made from besides the plan: made here
/// (from an [`IssuedBundle`]) or brought by the user.
pub struct BundleMaterial {
    /// `ca.crt`: the CA certificate(s) the services trust; empty when none.
    pub ca_pem: String,
    /// The CA's private key, only when the wizard made the CA.
    pub ca_key_pem: Option<Zeroizing<String>>,
    /// One entry per Secret, in plan order.
    pub leaves: Vec<SecretMaterial>,
}

#[cfg(feature = "engine")]
impl BundleMaterial {
    /// The material of certificates made here.
    pub fn from_issued(issued: &IssuedBundle) -> Result<Self, OutputError> {
        Ok(Self {
            ca_pem: issued.ca.trust_pem(),
            ca_key_pem: issued.ca.key_pem()?,
            leaves: issued
                .leaves
                .iter()
                .map(|leaf| SecretMaterial {
                    secret: leaf.secret.clone(),
                    services: leaf.services.clone(),
                    chain_pem: leaf.chain_pem.clone(),
                    key_pem: leaf.key_pem.clone(),
                    carries_ca: leaf.carries_ca,
                    not_after: leaf.certificate.not_after().date(),
                })
                .collect(),
        })
    }
}

#[cfg(feature = "engine")]
/// The Secret manifests: the CA's Opaque Secret first (when the values name
/// one and there is a CA), then one `kubernetes.io/tls` Secret per leaf.
pub fn secrets(plan: &Plan, material: &BundleMaterial) -> Vec<SecretManifest> {
    let namespace = plan.release.namespace.as_str();
    let ca_pem = material.ca_pem.as_str();
    let mut out = Vec::with_capacity(material.leaves.len() + 1);
    let ca_secret = &plan.values.certificates.existing_ca_secret_name;
    if !ca_secret.is_empty() && !ca_pem.is_empty() {
        out.push(SecretManifest::new(
            ca_secret,
            namespace,
            SecretType::Opaque,
            &[("ca.crt", ca_pem)],
        ));
    }
    for leaf in &material.leaves {
        let mut entries = vec![
            ("tls.crt", leaf.chain_pem.as_str()),
            ("tls.key", leaf.key_pem.as_str()),
        ];
        if leaf.carries_ca && !ca_pem.is_empty() {
            entries.push(("ca.crt", ca_pem));
        }
        out.push(SecretManifest::new(
            leaf.secret.as_str(),
            namespace,
            SecretType::Tls,
            &entries,
        ));
    }
    out
}

#[cfg(feature = "engine")]
/// `secrets.yaml`: the Secrets as one multi-document YAML file (it holds
/// private keys). Shared by a new bundle and a renewal.
pub fn secrets_file(manifests: &[SecretManifest]) -> Result<OutputFile, OutputError> {
    let yaml = manifests::to_multi_document_yaml(manifests).map_err(|e| OutputError::Yaml {
        file: names::SECRETS,
        reason: e.to_string(),
    })?;
    Ok(OutputFile {
        name: names::SECRETS.into(),
        contents: yaml,
        sensitive: true,
    })
}

#[cfg(feature = "engine")]
/// `ca.crt`: the certificates the services trust.
pub fn ca_file(pem: String) -> OutputFile {
    OutputFile {
        name: names::CA_CERT.into(),
        contents: pem,
        sensitive: false,
    }
}

#[cfg(feature = "engine")]
/// Every file of the bundle, in the order they are listed to the user.
pub fn render(
    plan: &Plan,
    material: Option<&BundleMaterial>,
) -> Result<Vec<OutputFile>, OutputError> {
    let mut files = vec![OutputFile {
        name: names::VALUES.into(),
        contents: values_yaml(plan, material.map(|m| m.ca_pem.as_str()))?,
        sensitive: false,
    }];
    if let Some(material) = material {
        files.push(secrets_file(&secrets(plan, material))?);
        if !material.ca_pem.is_empty() {
            files.push(ca_file(material.ca_pem.clone()));
        }
        if let Some(key) = &material.ca_key_pem {
            files.push(OutputFile {
                name: names::CA_KEY.into(),
                contents: key.to_string(),
                sensitive: true,
            });
        }
    }
    files.push(OutputFile {
        name: names::APPLY.into(),
        contents: apply_instructions(plan, material),
        sensitive: false,
    });
    Ok(files)
}

#[cfg(feature = "engine")]
/// cert-manager mode's files: values.yaml, cert-manager.yaml and APPLY.md.
/// No key or certificate: cert-manager makes them in the cluster.
pub fn render_cert_manager(
    plan: &Plan,
    cm: &crate::values::CertManagerPlan,
) -> Result<Vec<OutputFile>, OutputError> {
    let resources = cert_manager::resources(plan, cm);
    let yaml = manifests::to_multi_document_yaml(&resources).map_err(|e| OutputError::Yaml {
        file: names::CERT_MANAGER,
        reason: e.to_string(),
    })?;
    Ok(vec![
        OutputFile {
            name: names::VALUES.into(),
            contents: values_yaml(plan, None)?,
            sensitive: false,
        },
        OutputFile {
            name: names::CERT_MANAGER.into(),
            contents: yaml,
            sensitive: false,
        },
        OutputFile {
            name: names::APPLY.into(),
            contents: cert_manager::apply_instructions(plan, cm),
            sensitive: false,
        },
    ])
}

#[cfg(feature = "engine")]
/// The main certificate's SHA-256 SPKI pin (base64), for
/// `certificate.security_pinned_hashes`, when the bundle holds it.
pub fn main_pin(plan: &Plan, material: &BundleMaterial) -> Option<String> {
    use sha2::{Digest, Sha256};
    let secret = plan.main.as_ref()?.secret.as_ref()?;
    let leaf = material.leaves.iter().find(|l| &l.secret == secret)?;
    let cert = crate::pki::ParsedCertificate::parse_pem_chain(&leaf.chain_pem)
        .ok()?
        .into_iter()
        .next()?;
    let digest = Sha256::digest(cert.spki_der());
    Some(base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        digest,
    ))
}

/// The line that says which chart version the rules come from.
pub fn made_for_line() -> String {
    format!(
        "Made by internal-tls-wizard {} for the Lightrun chart {}: the names, keys, defaults and trust follow that version's templates.",
        env!("CARGO_PKG_VERSION"),
        crate::values::CHART_VERSION
    )
}

#[cfg(feature = "engine")]
/// What values.yaml sets besides `general.internal_tls`, and what the user
/// must do about the main certificate and Keycloak's trust (APPLY.md).
pub fn trust_notes(plan: &Plan, pin: Option<&str>) -> String {
    use crate::values::MainSource;
    let ns = plan.release.namespace.as_str();
    let ca_secret = &plan.values.certificates.existing_ca_secret_name;
    let mut text = String::new();
    text.push_str("## What values.yaml sets\n\n");
    text.push_str(&format!(
        "- `general.internal_tls`: enabled, `source: {}`, `verification: {}`{}.\n",
        plan.values.certificates.source.as_str(),
        plan.values.certificates.verification,
        if ca_secret.is_empty() {
            String::new()
        } else {
            format!(", the CA Secret `{ca_secret}` and one Secret per deployed Service")
        }
    ));
    match &plan.keycloak_trust {
        KeycloakTrust::Untouched => {}
        KeycloakTrust::CaSecret { secret } => text.push_str(&format!(
            "- `secrets.customCa.existingCaSecret: {secret}`: Keycloak trusts the internal CA (it verifies RabbitMQ, whatever `verification` says). If your own values set `secrets.customCa` for another CA, run the wizard with your values file (`--values-in`) so that it adds this CA to yours instead.\n"
        )),
        KeycloakTrust::AddedToInline { .. } => text.push_str(
            "- `secrets.customCa.customCaCertificate`: the CAs your values gave Keycloak, with the internal CA added after them.\n",
        ),
        KeycloakTrust::AddToTheirSecret { secret } => {
            let ca = crate::release::SecretName::parse(ca_secret).ok();
            text.push_str(&format!(
                "- `secrets.customCa.existingCaSecret: {secret}` stays as your values set it. **Add the internal CA to that Secret** after step 1, or Keycloak's connection to RabbitMQ fails:\n\n"
            ));
            if let Some(ca) = ca {
                text.push_str(&format!(
                    "  ```sh\n  {}\n  ```\n",
                    crate::values::plan::add_ca_command(secret, &ca, ns)
                ));
            }
        }
    }
    match &plan.main {
        None if plan.values.enabled && !plan.values.certificates.verification => {
            text.push_str("- `verification: false`: traffic is encrypted, but the backend, the crons and RabbitMQ do not check their peers, and the router does not check the backend's main certificate, Keycloak's or the frontend's.\n");
        }
        None => {}
        Some(main) => match (&main.source, &main.secret) {
            (MainSource::FromValues { .. }, _) | (_, None) => text.push_str(&format!(
                "- The main certificate stays as your values give it (`certificate.tls.crt`); it was checked for `{}` against ca.crt.\n",
                main.backend_name
            )),
            (source, Some(secret)) => {
                let how = match source {
                    MainSource::Issue => "issued by the internal CA",
                    _ => "the one you brought, checked",
                };
                let names: Vec<String> = main.sans.iter().map(|s| s.to_string()).collect();
                text.push_str(&format!(
                    "- `certificate.existing_cert: {secret}`: the chart's main certificate, {how}, for {}. The backend serves it, and with verification on the router checks it for `{}`. The Ingress serves the same certificate: browsers, IDE plugins and agents must trust its CA.\n",
                    names.join(", "),
                    main.backend_name
                ));
                if let Some(pin) = pin {
                    text.push_str(&format!(
                        "  Its SHA-256 SPKI pin, for `certificate.security_pinned_hashes` if you pin: `{pin}`\n"
                    ));
                }
            }
        },
    }
    text.push_str("\n## Trust (`ca.crt`)\n\n");
    text.push_str("The CA that issued the internal certificates comes first in `ca.crt`: the backend and the crons (keytool) and the Keycloak cluster's trust store import only the first certificate of that file. Any further CA in it is trusted only by the router (nginx reads the whole file), Redis's probes (`redis-cli --cacert`) and Keycloak (its trust store folder).\n\n");
    text
}

#[cfg(feature = "engine")]
/// APPLY.md: the commands that install the bundle, and what each file is.
pub fn apply_instructions(plan: &Plan, material: Option<&BundleMaterial>) -> String {
    let ns = plan.release.namespace.as_str();
    let release = plan.release.release.as_str();
    let mut text = format!(
        "# Internal TLS for release `{release}` in namespace `{ns}`\n\n{}\n\n",
        made_for_line()
    );
    if let Some(material) = material {
        text.push_str("1. Create the Secrets in the release's namespace:\n\n");
        text.push_str(&format!("   ```sh\n   kubectl create namespace {ns} --dry-run=client -o yaml | kubectl apply -f -\n   kubectl apply -n {ns} -f secrets.yaml\n   ```\n\n"));
        text.push_str("2. Install or upgrade the chart with these values on top of your own:\n\n");
        text.push_str(&format!("   ```sh\n   helm upgrade --install {release} lightrun/lightrun -n {ns} -f your-values.yaml -f values.yaml\n   ```\n\n"));
        text.push_str("3. If the release was already running, restart the workloads that mount them so they read the new certificates:\n\n");
        let fullname = plan.release.fullname();
        text.push_str(&format!(
            "   ```sh\n   {}\n   ```\n\n",
            crate::release::workloads::restart_command(
                ns,
                &crate::release::workloads::release_workloads(
                    fullname.as_str(),
                    &plan.release.deployed
                )
            )
        ));
        text.push_str(&trust_notes(plan, main_pin(plan, material).as_deref()));
        text.push_str("## Files\n\n");
        text.push_str("- `values.yaml`: the chart's `general.internal_tls` settings.\n");
        text.push_str("- `secrets.yaml`: one `kubernetes.io/tls` Secret per certificate and the CA Secret. It holds private keys: apply it, then delete or encrypt it.\n");
        text.push_str("- `ca.crt`: the CA certificate(s) the services trust.\n");
        if material.ca_key_pem.is_some() {
            text.push_str("- `ca.key`: the CA's private key. Keep it offline and safe: anyone holding it can impersonate every service. You need it only to issue or renew certificates.\n");
        }
        text.push_str(
            "\n## Certificates\n\n| Secret | Services | Expires |\n| --- | --- | --- |\n",
        );
        for leaf in &material.leaves {
            let services: Vec<&str> = leaf.services.iter().map(|k| k.values_key()).collect();
            let services = if services.is_empty() {
                "main certificate (backend, router, Ingress)".to_string()
            } else {
                services.join(", ")
            };
            text.push_str(&format!(
                "| {} | {} | {} |\n",
                leaf.secret, services, leaf.not_after
            ));
        }
    } else {
        text.push_str("Install or upgrade the chart with these values on top of your own:\n\n");
        text.push_str(&format!("```sh\nhelm upgrade --install {release} lightrun/lightrun -n {ns} -f your-values.yaml -f values.yaml\n```\n"));
    }
    text
}
