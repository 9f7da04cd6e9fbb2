//! The key algorithms, by name: what settings and the form choose from. No
//! crypto here, so the page's first-view module (built without the `engine`
//! feature) can check settings without carrying the crypto code.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The key algorithms the wizard makes keys with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum KeyAlgorithm {
    /// ECDSA on NIST P-256 with SHA-256: fast, small, accepted everywhere.
    #[default]
    #[serde(rename = "ecdsa-p256")]
    EcdsaP256,
    /// ECDSA on NIST P-384 with SHA-384.
    #[serde(rename = "ecdsa-p384")]
    EcdsaP384,
    /// RSA 2048 with PKCS#1 v1.5 SHA-256 signatures.
    #[serde(rename = "rsa-2048")]
    Rsa2048,
    /// RSA 3072.
    #[serde(rename = "rsa-3072")]
    Rsa3072,
    /// RSA 4096.
    #[serde(rename = "rsa-4096")]
    Rsa4096,
    /// Ed25519.
    #[serde(rename = "ed25519")]
    Ed25519,
}

impl KeyAlgorithm {
    /// Every algorithm, in the order the page lists them.
    pub const ALL: [KeyAlgorithm; 6] = [
        KeyAlgorithm::EcdsaP256,
        KeyAlgorithm::EcdsaP384,
        KeyAlgorithm::Rsa2048,
        KeyAlgorithm::Rsa3072,
        KeyAlgorithm::Rsa4096,
        KeyAlgorithm::Ed25519,
    ];

    /// The algorithms offered for keys made for the chart: every consumer
    /// takes them. Ed25519 is read but not offered: Keycloak's PEM reader
    /// (and browsers, which the Ingress serves) take RSA and EC only.
    pub const OFFERED: [KeyAlgorithm; 5] = [
        KeyAlgorithm::EcdsaP256,
        KeyAlgorithm::EcdsaP384,
        KeyAlgorithm::Rsa2048,
        KeyAlgorithm::Rsa3072,
        KeyAlgorithm::Rsa4096,
    ];

    /// The spelling used on the command line and in settings.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyAlgorithm::EcdsaP256 => "ecdsa-p256",
            KeyAlgorithm::EcdsaP384 => "ecdsa-p384",
            KeyAlgorithm::Rsa2048 => "rsa-2048",
            KeyAlgorithm::Rsa3072 => "rsa-3072",
            KeyAlgorithm::Rsa4096 => "rsa-4096",
            KeyAlgorithm::Ed25519 => "ed25519",
        }
    }

    /// Parses the spelling used on the command line and in settings.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == value)
    }

    /// The RSA modulus size in bits, for the RSA algorithms.
    pub fn rsa_bits(self) -> Option<usize> {
        match self {
            KeyAlgorithm::Rsa2048 => Some(2048),
            KeyAlgorithm::Rsa3072 => Some(3072),
            KeyAlgorithm::Rsa4096 => Some(4096),
            _ => None,
        }
    }
}

impl fmt::Display for KeyAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
