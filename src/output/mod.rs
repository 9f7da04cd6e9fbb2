//! Manifests and outputs: values.yaml, secrets.yaml, ca.crt, ca.key and
//! APPLY.md, rendered from a plan and what was issued for it; or, in
//! cert-manager mode, values.yaml, cert-manager.yaml and APPLY.md.

#[cfg(feature = "engine")]
pub mod archive;
#[cfg(feature = "engine")]
pub mod cert_manager;
#[cfg(feature = "engine")]
pub mod manifests;

use serde::Serialize;
use zeroize::Zeroize;

#[cfg(feature = "engine")]
use zeroize::Zeroizing;

#[cfg(feature = "engine")]
use crate::pki::{IssuedBundle, KeyError};
#[cfg(feature = "engine")]
use crate::release::{SecretName, ServiceKey};
use crate::values::model::GeneralValues;
use crate::values::{Plan, ValuesDocument};

#[cfg(feature = "engine")]
pub use manifests::{SecretManifest, SecretType};

/// One file of the bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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

/// values.yaml for a plan.
pub fn values_yaml(plan: &Plan) -> Result<String, OutputError> {
    let document = ValuesDocument {
        general: GeneralValues {
            internal_tls: plan.values.clone(),
        },
    };
    serde_yaml::to_string(&document).map_err(|e| OutputError::Yaml {
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
/// Every file of the bundle, in the order they are listed to the user.
pub fn render(
    plan: &Plan,
    material: Option<&BundleMaterial>,
) -> Result<Vec<OutputFile>, OutputError> {
    let mut files = vec![OutputFile {
        name: names::VALUES.into(),
        contents: values_yaml(plan)?,
        sensitive: false,
    }];
    if let Some(material) = material {
        let manifests = secrets(plan, material);
        let yaml =
            manifests::to_multi_document_yaml(&manifests).map_err(|e| OutputError::Yaml {
                file: names::SECRETS,
                reason: e.to_string(),
            })?;
        files.push(OutputFile {
            name: names::SECRETS.into(),
            contents: yaml,
            sensitive: true,
        });
        if !material.ca_pem.is_empty() {
            files.push(OutputFile {
                name: names::CA_CERT.into(),
                contents: material.ca_pem.clone(),
                sensitive: false,
            });
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
            contents: values_yaml(plan)?,
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
/// APPLY.md: the commands that install the bundle, and what each file is.
pub fn apply_instructions(plan: &Plan, material: Option<&BundleMaterial>) -> String {
    let ns = plan.release.namespace.as_str();
    let release = plan.release.release.as_str();
    let mut text = format!("# Internal TLS for release `{release}` in namespace `{ns}`\n\n");
    if let Some(material) = material {
        text.push_str("1. Create the Secrets in the release's namespace:\n\n");
        text.push_str(&format!("   ```sh\n   kubectl create namespace {ns} --dry-run=client -o yaml | kubectl apply -f -\n   kubectl apply -n {ns} -f secrets.yaml\n   ```\n\n"));
        text.push_str("2. Install or upgrade the chart with these values on top of your own:\n\n");
        text.push_str(&format!("   ```sh\n   helm upgrade --install {release} lightrun/lightrun -n {ns} -f your-values.yaml -f values.yaml\n   ```\n\n"));
        text.push_str("3. If the release was already running, restart its pods so they read the new certificates:\n\n");
        text.push_str(&format!("   ```sh\n   kubectl rollout restart deployment -n {ns} -l app.kubernetes.io/instance={release}\n   ```\n\n"));
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
            text.push_str(&format!(
                "| {} | {} | {} |\n",
                leaf.secret,
                services.join(", "),
                leaf.not_after
            ));
        }
    } else {
        text.push_str("Install or upgrade the chart with these values on top of your own:\n\n");
        text.push_str(&format!("```sh\nhelm upgrade --install {release} lightrun/lightrun -n {ns} -f your-values.yaml -f values.yaml\n```\n"));
    }
    text
}
