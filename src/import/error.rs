//! Why an input could not be read at all. Each message says what is wrong and
//! what to do; the caller prefixes the file or field it came from.

use crate::pki::{CertificateError, KeyError};

/// Why pasted or uploaded text could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// Nothing but white space.
    #[error("is empty: give a PEM certificate, a private key or a Secret manifest")]
    Empty,
    /// Over the size cap.
    #[error(
        "is {bytes} bytes; inputs are limited to 1 MiB (1048576 bytes). Is this the right file?"
    )]
    TooLarge {
        /// The input's size.
        bytes: usize,
    },
    /// The certificate text is unusable.
    #[error("{0}")]
    Certificate(#[from] CertificateError),
    /// The key text is unusable.
    #[error("{0}")]
    Key(#[from] KeyError),
    /// An encrypted key and no passphrase.
    #[error("the private key is encrypted: give its passphrase (in the CLI: --key-passphrase-file FILE)")]
    NeedsPassphrase,
    /// The passphrase does not open the key.
    #[error("the passphrase does not decrypt this private key: check it (a passphrase file's last line end is ignored, nothing else)")]
    WrongPassphrase,
    /// An encryption scheme this build cannot read.
    #[error("the private key is encrypted with {0}, which is not supported; re-encrypt it with `openssl pkcs8 -topk8 -v2 aes-256-cbc -in old.key -out new.key`, or remove the passphrase")]
    UnsupportedEncryption(String),
    /// Key-derivation settings too costly to run here.
    #[error("the private key's encryption asks for {0}, more than this wizard will spend; re-encrypt it with `openssl pkcs8 -topk8 -v2 aes-256-cbc` (default settings)")]
    TooCostly(String),
    /// OpenSSL's old `Proc-Type: 4,ENCRYPTED` PEM encryption.
    #[error("the private key uses OpenSSL's legacy PEM encryption (Proc-Type: 4,ENCRYPTED); convert it with `openssl pkcs8 -topk8 -v2 aes-256-cbc -in old.key -out new.key` and give the new file")]
    LegacyEncryption,
    /// An RSA key over the cap.
    #[error("the RSA key has {bits} bits; at most 16384 are accepted")]
    RsaTooLarge {
        /// The modulus size.
        bits: usize,
    },
    /// YAML that cannot be read.
    #[error("is not valid YAML or JSON ({0}); give Secret manifests as `kubectl get secret NAME -o yaml` prints them, or PEM text")]
    Yaml(String),
    /// A part of a manifest that is not what Kubernetes would accept.
    #[error("{0}")]
    Manifest(String),
}
