//! Kubernetes manifests: Secret manifests, `kubectl get secret -o yaml` (or
//! `-o json`) output of one Secret or a `List`, and values.yaml documents, from
//! one or several YAML documents. From each Secret the text of every key is
//! kept (`data` decoded from base64, `stringData` as written); from a values
//! file, `general.internal_tls` and the few settings that decide which of the
//! chart's components run.

use std::collections::BTreeMap;

use base64::Engine;
use serde::Deserialize;
use serde_yaml::Value;
use zeroize::Zeroizing;

use crate::values::user_values::value_at as get;
use crate::values::{InternalTls, ValuesContext};

use super::error::ImportError;
use super::limits::{check_input, MAX_INPUT_BYTES};

/// Whether the text holds PEM blocks rather than YAML manifests: a line
/// starts with `-----BEGIN ` (in YAML, PEM in `stringData` is indented).
pub fn looks_like_pem(text: &str) -> bool {
    text.lines().any(|line| line.starts_with("-----BEGIN "))
}

/// One key of a Secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretValue {
    /// Text (a PEM file, normally).
    Text(Zeroizing<String>),
    /// Bytes that are not UTF-8 text (a DER file or a key store), with their length.
    Binary(usize),
    /// A value that could not be decoded, and why.
    Invalid(String),
}

/// A Secret found in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretInput {
    /// `metadata.name`.
    pub name: String,
    /// `metadata.namespace`, when given.
    pub namespace: Option<String>,
    /// `type`, when given.
    pub secret_type: Option<String>,
    /// Every key of `data` and `stringData` (which wins, as in Kubernetes).
    pub entries: BTreeMap<String, SecretValue>,
}

impl SecretInput {
    /// The text of one key, when it holds text.
    pub fn text(&self, key: &str) -> Option<&str> {
        match self.entries.get(key) {
            Some(SecretValue::Text(t)) => Some(t.as_str()),
            _ => None,
        }
    }

    /// "Secret NAME" (with the namespace when given), for messages.
    pub fn label(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("Secret {ns}/{}", self.name),
            None => format!("Secret {}", self.name),
        }
    }
}

/// The parts of a values.yaml the audit reads. Settings the file does not
/// give are `None`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ValuesInput {
    /// `general.internal_tls` (the chart's defaults when absent).
    pub internal_tls: InternalTls,
    /// Whether the file had `general.internal_tls` at all.
    pub has_internal_tls: bool,
    /// What else the file sets that decides names, components and trust.
    pub context: ValuesContext,
}

/// Everything read from one input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifests {
    /// The Secrets, in input order (a `List`'s items in place).
    pub secrets: Vec<SecretInput>,
    /// The values documents.
    pub values: Vec<ValuesInput>,
    /// Documents that are neither, described (`ConfigMap foo`).
    pub ignored: Vec<String>,
}

/// The PEM text of an input: the text itself, or, for Secret manifests, the
/// `secret_key` entry (`tls.crt`, `tls.key`, `ca.crt`) of the one Secret that
/// has it. So a certificate, key or CA can be given as a PEM file or as the
/// Secret that holds it, in the CLI and on the page alike.
pub fn pem_or_secret(text: &str, secret_key: &str) -> Result<Zeroizing<String>, ImportError> {
    if looks_like_pem(text) || text.trim().is_empty() {
        return Ok(Zeroizing::new(text.to_string()));
    }
    let manifests = read_manifests(text)?;
    let with_key: Vec<_> = manifests
        .secrets
        .iter()
        .filter(|s| s.entries.contains_key(secret_key))
        .collect();
    match with_key.as_slice() {
        [one] => one
            .text(secret_key)
            .map(|t| Zeroizing::new(t.to_string()))
            .ok_or_else(|| {
                ImportError::Manifest(format!(
                    "{} has a {secret_key} that is not text",
                    one.label()
                ))
            }),
        [] => Err(ImportError::Manifest(format!(
            "holds no PEM block and no Secret with a {secret_key} key; give a PEM file or a Secret manifest"
        ))),
        many => Err(ImportError::Manifest(format!(
            "holds {} Secrets with a {secret_key} key; give a file with just one",
            many.len()
        ))),
    }
}

/// Reads every YAML (or JSON) document of a text.
pub fn read_manifests(text: &str) -> Result<Manifests, ImportError> {
    check_input(text)?;
    let mut out = Manifests::default();
    for (index, document) in serde_yaml::Deserializer::from_str(text).enumerate() {
        let mut value =
            Value::deserialize(document).map_err(|e| ImportError::Yaml(e.to_string()))?;
        // A values file (the first document, no kind, a general key) is read
        // as Helm reads it: `clusterMode: no` is off.
        let is_values = get(&value, &["kind"]).is_none() && get(&value, &["general"]).is_some();
        if index == 0 && is_values {
            if let Ok(as_helm_reads) = crate::values::helm_yaml::read(text) {
                value = as_helm_reads;
            }
        }
        read_document(&value, index + 1, &mut out, 0)?;
    }
    Ok(out)
}

fn get_str(value: &Value, path: &[&str]) -> Option<String> {
    get(value, path).and_then(Value::as_str).map(str::to_string)
}

fn read_document(
    value: &Value,
    index: usize,
    out: &mut Manifests,
    depth: usize,
) -> Result<(), ImportError> {
    match value {
        Value::Null => return Ok(()),
        Value::Mapping(_) => {}
        Value::String(s) if s.contains("-----BEGIN ") => {
            return Err(ImportError::Manifest(
                "holds PEM text where YAML manifests were expected; give the PEM file on its own"
                    .into(),
            ))
        }
        _ => {
            out.ignored
                .push(format!("document {index} (not a mapping)"));
            return Ok(());
        }
    }
    let kind = get_str(value, &["kind"]).unwrap_or_default();
    if kind == "Secret" {
        read_secret(value, index, out);
    } else if kind.ends_with("List") && depth == 0 {
        let items = match get(value, &["items"]) {
            Some(Value::Sequence(items)) => items.as_slice(),
            Some(Value::Null) | None => &[],
            Some(_) => {
                return Err(ImportError::Manifest(format!(
                    "document {index}: the {kind}'s items is not a list"
                )))
            }
        };
        for item in items {
            read_document(item, index, out, depth + 1)?;
        }
    } else if kind.is_empty() && get(value, &["general"]).is_some() {
        out.values.push(read_values(value, index)?);
    } else if kind.is_empty() {
        out.ignored.push(format!(
            "document {index} (no kind, and no general key of a values.yaml)"
        ));
    } else {
        let name = get_str(value, &["metadata", "name"]).unwrap_or_default();
        out.ignored
            .push(format!("{kind} {name}").trim().to_string());
    }
    Ok(())
}

fn read_secret(value: &Value, index: usize, out: &mut Manifests) {
    let name = get_str(value, &["metadata", "name"]).unwrap_or_default();
    if name.is_empty() {
        out.ignored
            .push(format!("document {index}: a Secret with no metadata.name"));
        return;
    }
    let mut entries = BTreeMap::new();
    let engine = base64::engine::general_purpose::STANDARD;
    if let Some(Value::Mapping(data)) = get(value, &["data"]) {
        for (key, v) in data {
            let Some(key) = key.as_str() else { continue };
            let entry = match v {
                Value::Null => SecretValue::Text(Zeroizing::new(String::new())),
                Value::String(encoded) => {
                    let compact: Zeroizing<String> =
                        Zeroizing::new(encoded.chars().filter(|c| !c.is_whitespace()).collect());
                    match engine.decode(compact.as_bytes()) {
                        Ok(bytes) if bytes.len() > MAX_INPUT_BYTES => SecretValue::Invalid(format!(
                            "is {} bytes once decoded; at most 1 MiB is read",
                            bytes.len()
                        )),
                        Ok(bytes) => match String::from_utf8(bytes) {
                            Ok(text) => SecretValue::Text(Zeroizing::new(text)),
                            Err(e) => {
                                let len = e.as_bytes().len();
                                let mut bytes = e.into_bytes();
                                zeroize::Zeroize::zeroize(&mut bytes);
                                SecretValue::Binary(len)
                            }
                        },
                        Err(e) => SecretValue::Invalid(format!(
                            "is not valid base64 ({e}); data values are base64 of the file (stringData takes plain text)"
                        )),
                    }
                }
                _ => SecretValue::Invalid("is not a string".into()),
            };
            entries.insert(key.to_string(), entry);
        }
    }
    if let Some(Value::Mapping(data)) = get(value, &["stringData"]) {
        for (key, v) in data {
            let Some(key) = key.as_str() else { continue };
            let entry = match v {
                Value::String(text) => SecretValue::Text(Zeroizing::new(text.clone())),
                Value::Null => SecretValue::Text(Zeroizing::new(String::new())),
                _ => SecretValue::Invalid("is not a string".into()),
            };
            entries.insert(key.to_string(), entry);
        }
    }
    out.secrets.push(SecretInput {
        name,
        namespace: get_str(value, &["metadata", "namespace"]),
        secret_type: get_str(value, &["type"]),
        entries,
    });
}

fn read_values(value: &Value, index: usize) -> Result<ValuesInput, ImportError> {
    let tree = get(value, &["general", "internal_tls"]);
    let internal_tls = match tree {
        None | Some(Value::Null) => InternalTls::default(),
        Some(tree) => serde_yaml::from_value::<InternalTls>(tree.clone()).map_err(|e| {
            ImportError::Manifest(format!(
                "document {index}: general.internal_tls cannot be read ({e}); compare it with the chart's values.yaml"
            ))
        })?,
    };
    let context = ValuesContext::read(value)
        .map_err(|e| ImportError::Manifest(format!("document {index}: {e} {}", e.hint)))?;
    Ok(ValuesInput {
        internal_tls,
        has_internal_tls: tree.is_some(),
        context,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kubectl_list_yields_each_secret_with_data_decoded() {
        let text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: a, namespace: ns}\n  data: {tls.crt: aGVsbG8=}\n- kind: Secret\n  metadata: {name: b}\n  stringData: {ca.crt: plain}\n";
        let m = read_manifests(text).unwrap();
        assert_eq!(m.secrets.len(), 2);
        assert_eq!(m.secrets[0].text("tls.crt"), Some("hello"));
        assert_eq!(m.secrets[0].namespace.as_deref(), Some("ns"));
        assert_eq!(m.secrets[1].text("ca.crt"), Some("plain"));
    }

    #[test]
    fn values_are_read_and_other_keys_ignored() {
        let text = "general:\n  nameOverride: x\n  internal_tls:\n    enabled: true\n    certificates:\n      existing_ca_secret_name: ca\n  other: 1\ndeployments:\n  keycloak:\n    clusterMode: true\n";
        let m = read_manifests(text).unwrap();
        let v = &m.values[0];
        assert!(v.internal_tls.enabled);
        assert_eq!(v.internal_tls.certificates.existing_ca_secret_name, "ca");
        assert_eq!(v.context.name_override.as_deref(), Some("x"));
        assert_eq!(v.context.keycloak_cluster_mode, Some(true));
    }

    #[test]
    fn bad_base64_is_kept_as_a_finding_not_an_error() {
        let text = "kind: Secret\nmetadata: {name: a}\ndata: {tls.crt: '!!!'}\n";
        let m = read_manifests(text).unwrap();
        assert!(matches!(
            m.secrets[0].entries.get("tls.crt"),
            Some(SecretValue::Invalid(_))
        ));
    }
}
