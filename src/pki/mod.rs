//! Keys and issuance: RustCrypto keys, randomness, certificate parsing, and
//! the CA and leaf certificates rcgen signs with them. No ring, no aws-lc.

pub mod issue;
pub mod keys;
pub mod parsed;
pub mod random;

pub use issue::{
    issue_bundle, CaSource, CertificateAuthority, IssueError, IssuedBundle, IssuedCertificate,
    ProvidedCa,
};
pub use keys::{KeyAlgorithm, KeyError, PrivateKey};
pub use parsed::{CertificateError, ParsedCertificate};
