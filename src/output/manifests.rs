//! Kubernetes Secret manifests, as typed structs serialized by serde_yaml.

use std::collections::BTreeMap;

use base64::Engine;
use serde::{Deserialize, Serialize};

/// The label every Secret made here carries, so they can be found again.
pub const MANAGED_BY: (&str, &str) = ("app.kubernetes.io/managed-by", "internal-tls-wizard");

/// A Secret's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SecretType {
    /// `kubernetes.io/tls`: `tls.crt` and `tls.key`.
    #[serde(rename = "kubernetes.io/tls")]
    Tls,
    /// `Opaque`: any keys.
    Opaque,
}

/// `metadata` of a Secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectMeta {
    /// The Secret's name.
    pub name: String,
    /// The release's namespace.
    pub namespace: String,
    /// Labels.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

/// A `v1` Secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecretManifest {
    /// Always `v1`.
    pub api_version: String,
    /// Always `Secret`.
    pub kind: String,
    /// Name, namespace, labels.
    pub metadata: ObjectMeta,
    /// The Secret's type.
    #[serde(rename = "type")]
    pub secret_type: SecretType,
    /// Base64 of each key's bytes, keys sorted.
    pub data: BTreeMap<String, String>,
}

impl SecretManifest {
    /// A Secret holding the given keys (values as plain text, base64-encoded here).
    pub fn new(
        name: &str,
        namespace: &str,
        secret_type: SecretType,
        entries: &[(&str, &str)],
    ) -> Self {
        let engine = base64::engine::general_purpose::STANDARD;
        Self {
            api_version: "v1".into(),
            kind: "Secret".into(),
            metadata: ObjectMeta {
                name: name.into(),
                namespace: namespace.into(),
                labels: BTreeMap::from([(MANAGED_BY.0.to_string(), MANAGED_BY.1.to_string())]),
            },
            secret_type,
            data: entries
                .iter()
                .map(|(k, v)| ((*k).to_string(), engine.encode(v.as_bytes())))
                .collect(),
        }
    }
}

impl Drop for SecretManifest {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        for value in self.data.values_mut() {
            value.zeroize();
        }
    }
}

/// Serializes several documents into one multi-document YAML stream.
pub fn to_multi_document_yaml<T: Serialize>(documents: &[T]) -> Result<String, serde_yaml::Error> {
    let mut out = Vec::new();
    let mut serializer = serde_yaml::Serializer::new(&mut out);
    for doc in documents {
        doc.serialize(&mut serializer)?;
    }
    drop(serializer);
    Ok(String::from_utf8_lossy(&out).into_owned())
}
