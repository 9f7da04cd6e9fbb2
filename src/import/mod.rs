//! Bring your own certificates: read what an operator was handed (PEM
//! certificates, chains and CA bundles, private keys in any common form,
//! Kubernetes Secret manifests and `kubectl get -o yaml` output), describe every
//! certificate, and check each service's certificate the way the chart's pods
//! will: key, chain, names, validity, usages and strength.
//!
//! Everything here is pure: no clock (the caller passes "now"), no files, no
//! panics on any input, and every input capped ([`limits`]). The CLI's
//! `inspect`, `check` and `audit` and the web page call the same functions.

pub mod audit;
pub mod chain;
pub mod check;
pub mod error;
pub mod expiry;
pub mod finding;
pub mod inspect;
pub mod key;
pub mod limits;
pub mod manifest;
pub mod verify;

pub use audit::{audit, AuditError, AuditReport, AuditSettings, ServiceAudit, ServiceStatus};
pub use chain::{order_chain, read_ca_bundle, read_certificates, read_chain, Chain};
pub use check::{
    check_certificate, check_texts, required_names, CheckReport, CheckRequest, CheckTexts,
    InputField, TextInputError,
};
pub use error::ImportError;
pub use finding::{has_errors, Finding};
pub use inspect::{
    inspect_certificate, inspect_text, CertificateInfo, InspectedItem, KeySummary, PublicKeyInfo,
};
pub use key::{is_encrypted_key, read_private_key, ImportedKey, KeyFormat};
pub use manifest::{
    looks_like_pem, pem_or_secret, read_manifests, Manifests, SecretInput, ValuesInput,
};
