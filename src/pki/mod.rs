//! Keys and issuance: RustCrypto keys, randomness, certificate parsing, and
//! the CA and leaf certificates rcgen signs with them. No ring, no aws-lc.
//! [`KeyAlgorithm`], the settings' choice, is the values model's; it is
//! re-exported here, where the keys are made.

#[cfg(feature = "engine")]
pub mod issue;
#[cfg(feature = "engine")]
pub mod keys;
#[cfg(feature = "engine")]
pub mod parsed;
#[cfg(feature = "engine")]
pub mod random;

pub use crate::values::KeyAlgorithm;
#[cfg(feature = "engine")]
pub use issue::{
    issue_bundle, issue_bundle_with_keys, keys_needed, CaSource, CertificateAuthority, IssueError,
    IssuedBundle, IssuedCertificate, KeySource, ProvidedCa,
};
#[cfg(feature = "engine")]
pub use keys::{KeyError, PrivateKey};
#[cfg(feature = "engine")]
pub use parsed::{CertificateError, ParsedCertificate};
