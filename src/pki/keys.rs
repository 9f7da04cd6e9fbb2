//! Private keys: generation from the CSPRNG, import from PEM (PKCS#8, PKCS#1,
//! SEC1), export as unencrypted PKCS#8, and signing for rcgen, all with
//! RustCrypto. Key material is zeroized when dropped.

use std::fmt;

use pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use rcgen::{PublicKeyData, SignatureAlgorithm, SigningKey};
use sha2::{Digest, Sha256};
use signature::{SignatureEncoding, Signer};
use zeroize::Zeroizing;

use super::random::{check_random_source, RandomError};
pub use crate::values::KeyAlgorithm;

/// Why a key could not be made, read or used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// The random source failed.
    #[error(transparent)]
    Random(#[from] RandomError),
    /// Generation failed inside the crypto library.
    #[error("could not generate a {0} key: {1}")]
    Generate(KeyAlgorithm, String),
    /// No private key block was found.
    #[error("no private key found: expected a PEM block such as -----BEGIN PRIVATE KEY-----")]
    NoKey,
    /// The text holds more than one private key.
    #[error("more than one private key found: give exactly one")]
    SeveralKeys,
    /// The key is encrypted and no passphrase was given.
    #[error("the key is encrypted: give its passphrase")]
    Encrypted,
    /// The PEM block could not be decoded.
    #[error("the {0} block is not a valid key: {1}")]
    Malformed(String, String),
    /// A well-formed key of a kind the chart's components cannot use.
    #[error("unsupported key: {0}")]
    Unsupported(String),
    /// Signing failed.
    #[error("signing failed: {0}")]
    Sign(String),
}

enum Material {
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
    Rsa(Box<rsa::RsaPrivateKey>),
    Ed25519(Box<ed25519_dalek::SigningKey>),
}

/// A private key the wizard can sign with. Its secret parts are zeroized on drop
/// and never printed: `Debug` shows only the algorithm.
pub struct PrivateKey {
    material: Material,
    /// The subjectPublicKey bits, in the form rcgen writes them.
    public_key: Vec<u8>,
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateKey({})", self.description())
    }
}

impl PrivateKey {
    /// Makes a new key from the operating system's (or browser's) CSPRNG.
    pub fn generate(algorithm: KeyAlgorithm) -> Result<Self, KeyError> {
        check_random_source()?;
        let mut rng = rand_core::OsRng;
        let material = match algorithm {
            KeyAlgorithm::EcdsaP256 => Material::P256(p256::ecdsa::SigningKey::random(&mut rng)),
            KeyAlgorithm::EcdsaP384 => Material::P384(p384::ecdsa::SigningKey::random(&mut rng)),
            KeyAlgorithm::Ed25519 => {
                Material::Ed25519(Box::new(ed25519_dalek::SigningKey::generate(&mut rng)))
            }
            KeyAlgorithm::Rsa2048 | KeyAlgorithm::Rsa3072 | KeyAlgorithm::Rsa4096 => {
                let bits = algorithm.rsa_bits().unwrap_or(2048);
                let key = rsa::RsaPrivateKey::new(&mut rng, bits)
                    .map_err(|e| KeyError::Generate(algorithm, e.to_string()))?;
                Material::Rsa(Box::new(key))
            }
        };
        Self::from_material(material)
    }

    fn from_material(material: Material) -> Result<Self, KeyError> {
        let public_key = match &material {
            Material::P256(k) => k
                .verifying_key()
                .to_encoded_point(false)
                .as_bytes()
                .to_vec(),
            Material::P384(k) => k
                .verifying_key()
                .to_encoded_point(false)
                .as_bytes()
                .to_vec(),
            Material::Ed25519(k) => k.verifying_key().to_bytes().to_vec(),
            Material::Rsa(k) => {
                use rsa::pkcs1::EncodeRsaPublicKey;
                rsa::RsaPublicKey::from(k.as_ref())
                    .to_pkcs1_der()
                    .map_err(|e| KeyError::Malformed("RSA".into(), e.to_string()))?
                    .as_bytes()
                    .to_vec()
            }
        };
        Ok(Self {
            material,
            public_key,
        })
    }

    /// Reads one private key from PEM text: PKCS#8 (`PRIVATE KEY`), PKCS#1
    /// (`RSA PRIVATE KEY`) or SEC1 (`EC PRIVATE KEY`). Text around the block is ignored.
    pub fn from_pem(text: &str) -> Result<Self, KeyError> {
        let blocks =
            pem::parse_many(text).map_err(|e| KeyError::Malformed("PEM".into(), e.to_string()))?;
        let mut keys = blocks.iter().filter(|b| b.tag().ends_with("PRIVATE KEY"));
        let block = keys.next().ok_or(KeyError::NoKey)?;
        if keys.next().is_some() {
            return Err(KeyError::SeveralKeys);
        }
        let der = Zeroizing::new(block.contents().to_vec());
        match block.tag() {
            "PRIVATE KEY" => Self::from_pkcs8_der(&der),
            "RSA PRIVATE KEY" => {
                use rsa::pkcs1::DecodeRsaPrivateKey;
                check_rsa_size(&der)?;
                let key = rsa::RsaPrivateKey::from_pkcs1_der(&der)
                    .map_err(|e| KeyError::Malformed("RSA PRIVATE KEY".into(), e.to_string()))?;
                Self::from_rsa(key)
            }
            "EC PRIVATE KEY" => Self::from_sec1_der(&der),
            "ENCRYPTED PRIVATE KEY" => Err(KeyError::Encrypted),
            other => Err(KeyError::Unsupported(format!("{other} blocks are not supported; convert the key to PKCS#8 (openssl pkcs8 -topk8 -nocrypt)"))),
        }
    }

    /// Reads an unencrypted PKCS#8 key of any supported algorithm.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, KeyError> {
        let info = pkcs8::PrivateKeyInfo::try_from(der)
            .map_err(|e| KeyError::Malformed("PRIVATE KEY".into(), e.to_string()))?;
        let oid = info.algorithm.oid;
        let malformed = |e: pkcs8::Error| KeyError::Malformed("PRIVATE KEY".into(), e.to_string());
        if oid == const_oid::db::rfc5912::RSA_ENCRYPTION {
            check_rsa_size(info.private_key)?;
            let key = rsa::RsaPrivateKey::from_pkcs8_der(der).map_err(malformed)?;
            Self::from_rsa(key)
        } else if oid == const_oid::db::rfc5912::ID_EC_PUBLIC_KEY {
            let curve = info
                .algorithm
                .parameters_oid()
                .map_err(|_| KeyError::Unsupported("an EC key without a named curve".into()))?;
            if curve == const_oid::db::rfc5912::SECP_256_R_1 {
                let key = p256::ecdsa::SigningKey::from_pkcs8_der(der).map_err(malformed)?;
                Self::from_material(Material::P256(key))
            } else if curve == const_oid::db::rfc5912::SECP_384_R_1 {
                let key = p384::ecdsa::SigningKey::from_pkcs8_der(der).map_err(malformed)?;
                Self::from_material(Material::P384(key))
            } else {
                Err(KeyError::Unsupported(format!(
                    "EC curve {curve}; use P-256 or P-384"
                )))
            }
        } else if oid == const_oid::db::rfc8410::ID_ED_25519 {
            let key = ed25519_dalek::SigningKey::from_pkcs8_der(der).map_err(malformed)?;
            Self::from_material(Material::Ed25519(Box::new(key)))
        } else {
            Err(KeyError::Unsupported(format!(
                "key algorithm {oid}; use ECDSA P-256/P-384, RSA or Ed25519"
            )))
        }
    }

    fn from_sec1_der(der: &[u8]) -> Result<Self, KeyError> {
        use sec1::der::Decode;
        let parsed = sec1::EcPrivateKey::from_der(der)
            .map_err(|e| KeyError::Malformed("EC PRIVATE KEY".into(), e.to_string()))?;
        let curve = parsed
            .parameters
            .and_then(|p| p.named_curve())
            .ok_or_else(|| KeyError::Unsupported("an EC key without a named curve".into()))?;
        let malformed = |e: p256::elliptic_curve::Error| {
            KeyError::Malformed("EC PRIVATE KEY".into(), e.to_string())
        };
        if curve == const_oid::db::rfc5912::SECP_256_R_1 {
            let secret = p256::SecretKey::from_sec1_der(der).map_err(malformed)?;
            Self::from_material(Material::P256(secret.into()))
        } else if curve == const_oid::db::rfc5912::SECP_384_R_1 {
            let secret = p384::SecretKey::from_sec1_der(der).map_err(malformed)?;
            Self::from_material(Material::P384(secret.into()))
        } else {
            Err(KeyError::Unsupported(format!(
                "EC curve {curve}; use P-256 or P-384"
            )))
        }
    }

    fn from_rsa(key: rsa::RsaPrivateKey) -> Result<Self, KeyError> {
        key.validate()
            .map_err(|e| KeyError::Malformed("RSA".into(), e.to_string()))?;
        Self::from_material(Material::Rsa(Box::new(key)))
    }

    /// The key as unencrypted PKCS#8 PEM, the form the chart's pods read.
    pub fn to_pkcs8_pem(&self) -> Result<Zeroizing<String>, KeyError> {
        let encoded = match &self.material {
            // The same PKCS#8 as `to_pkcs8_pem`, which recomputes the public key
            // (a scalar multiplication, a third of the time an ECDSA bundle
            // took in the browser); the key already holds it.
            Material::P256(k) => ec_pkcs8_pem(
                &Zeroizing::new(k.to_bytes()),
                &self.public_key,
                const_oid::db::rfc5912::SECP_256_R_1,
            ),
            Material::P384(k) => ec_pkcs8_pem(
                &Zeroizing::new(k.to_bytes()),
                &self.public_key,
                const_oid::db::rfc5912::SECP_384_R_1,
            ),
            // PKCS#8 v1 (no public key), as RFC 8410 section 7 recommends:
            // OpenSSL before 3.5 cannot read the v2 form ed25519-dalek writes.
            Material::Ed25519(k) => ed25519_dalek::pkcs8::KeypairBytes {
                secret_key: k.to_bytes(),
                public_key: None,
            }
            .to_pkcs8_pem(LineEnding::LF),
            Material::Rsa(k) => k.to_pkcs8_pem(LineEnding::LF),
        };
        encoded.map_err(|e| KeyError::Malformed("PKCS#8".into(), e.to_string()))
    }

    /// The DER SubjectPublicKeyInfo, to compare with a certificate's.
    pub fn spki_der(&self) -> Vec<u8> {
        self.subject_public_key_info()
    }

    /// The subject key identifier: SHA-256 of the public key, cut to 160 bits (RFC 7093 method 1).
    pub fn key_identifier(&self) -> Vec<u8> {
        let digest = Sha256::digest(&self.public_key);
        digest.iter().take(20).copied().collect()
    }

    /// The algorithm this key is for, when it is one the wizard makes keys
    /// with (RSA only at exactly 2048, 3072 or 4096 bits).
    pub fn algorithm(&self) -> Option<KeyAlgorithm> {
        match &self.material {
            Material::P256(_) => Some(KeyAlgorithm::EcdsaP256),
            Material::P384(_) => Some(KeyAlgorithm::EcdsaP384),
            Material::Ed25519(_) => Some(KeyAlgorithm::Ed25519),
            Material::Rsa(k) => {
                use rsa::traits::PublicKeyParts;
                let bits = k.n().bits();
                KeyAlgorithm::ALL
                    .into_iter()
                    .find(|a| a.rsa_bits() == Some(bits))
            }
        }
    }

    /// "ECDSA P-256", "RSA 2048", …
    pub fn description(&self) -> String {
        match &self.material {
            Material::P256(_) => "ECDSA P-256".into(),
            Material::P384(_) => "ECDSA P-384".into(),
            Material::Ed25519(_) => "Ed25519".into(),
            Material::Rsa(k) => {
                use rsa::traits::PublicKeyParts;
                format!("RSA {}", k.size() * 8)
            }
        }
    }
}

/// An EC private key as unencrypted PKCS#8 PEM (RFC 5915 inside RFC 5208),
/// with the public key it already has: byte for byte what RustCrypto's
/// `to_pkcs8_pem` writes.
fn ec_pkcs8_pem(
    secret: &[u8],
    public: &[u8],
    curve: const_oid::ObjectIdentifier,
) -> Result<Zeroizing<String>, pkcs8::Error> {
    use sec1::der::Encode;
    let ec = Zeroizing::new(
        sec1::EcPrivateKey {
            private_key: secret,
            parameters: None,
            public_key: Some(public),
        }
        .to_der()?,
    );
    let info = pkcs8::PrivateKeyInfo::new(
        pkcs8::AlgorithmIdentifierRef {
            oid: const_oid::db::rfc5912::ID_EC_PUBLIC_KEY,
            parameters: Some((&curve).into()),
        },
        &ec,
    );
    pkcs8::SecretDocument::try_from(info)?
        .to_pem("PRIVATE KEY", LineEnding::LF)
        .map_err(pkcs8::Error::from)
}

/// The largest RSA modulus accepted, in bits.
pub const MAX_RSA_BITS: usize = 16384;

/// Refuses an oversized RSA key by reading the modulus length from the PKCS#1
/// structure, before any arithmetic on it (which grows quadratically).
fn check_rsa_size(pkcs1_der: &[u8]) -> Result<(), KeyError> {
    use rsa::pkcs1::der::Decode;
    let key = rsa::pkcs1::RsaPrivateKey::from_der(pkcs1_der)
        .map_err(|e| KeyError::Malformed("RSA PRIVATE KEY".into(), e.to_string()))?;
    let bytes = key.modulus.as_bytes();
    let leading = bytes.iter().take_while(|b| **b == 0).count();
    let bits = bytes.len().saturating_sub(leading) * 8;
    if bits > MAX_RSA_BITS {
        return Err(KeyError::Unsupported(format!(
            "an RSA key of about {bits} bits; at most {MAX_RSA_BITS} are accepted. Use a 2048-, 3072- or 4096-bit key"
        )));
    }
    Ok(())
}

impl PublicKeyData for PrivateKey {
    fn der_bytes(&self) -> &[u8] {
        &self.public_key
    }

    fn algorithm(&self) -> &'static SignatureAlgorithm {
        match &self.material {
            Material::P256(_) => &rcgen::PKCS_ECDSA_P256_SHA256,
            Material::P384(_) => &rcgen::PKCS_ECDSA_P384_SHA384,
            Material::Rsa(_) => &rcgen::PKCS_RSA_SHA256,
            Material::Ed25519(_) => &rcgen::PKCS_ED25519,
        }
    }
}

impl SigningKey for PrivateKey {
    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, rcgen::Error> {
        let failed = |_: signature::Error| rcgen::Error::RemoteKeyError;
        Ok(match &self.material {
            Material::P256(k) => {
                let sig: p256::ecdsa::Signature = k.try_sign(msg).map_err(failed)?;
                sig.to_der().as_bytes().to_vec()
            }
            Material::P384(k) => {
                let sig: p384::ecdsa::Signature = k.try_sign(msg).map_err(failed)?;
                sig.to_der().as_bytes().to_vec()
            }
            Material::Rsa(k) => {
                let signer = rsa::pkcs1v15::SigningKey::<Sha256>::new(k.as_ref().clone());
                signer.try_sign(msg).map_err(failed)?.to_vec()
            }
            Material::Ed25519(k) => k.try_sign(msg).map_err(failed)?.to_bytes().to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_algorithm_round_trips_through_pkcs8() {
        for alg in [
            KeyAlgorithm::EcdsaP256,
            KeyAlgorithm::EcdsaP384,
            KeyAlgorithm::Ed25519,
            KeyAlgorithm::Rsa2048,
        ] {
            let key = PrivateKey::generate(alg).unwrap();
            let pem = key.to_pkcs8_pem().unwrap();
            assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"));
            let back = PrivateKey::from_pem(&pem).unwrap();
            assert_eq!(back.spki_der(), key.spki_der(), "{alg}");
        }
    }

    #[test]
    fn ec_pkcs8_is_what_rustcrypto_writes() {
        for alg in [KeyAlgorithm::EcdsaP256, KeyAlgorithm::EcdsaP384] {
            let key = PrivateKey::generate(alg).unwrap();
            let ours = key.to_pkcs8_pem().unwrap();
            let theirs = match &key.material {
                Material::P256(k) => k.to_pkcs8_pem(LineEnding::LF).unwrap(),
                Material::P384(k) => k.to_pkcs8_pem(LineEnding::LF).unwrap(),
                _ => unreachable!(),
            };
            assert_eq!(*ours, *theirs, "{alg}");
        }
    }

    #[test]
    fn debug_output_never_shows_key_material() {
        let key = PrivateKey::generate(KeyAlgorithm::EcdsaP256).unwrap();
        assert_eq!(format!("{key:?}"), "PrivateKey(ECDSA P-256)");
    }

    #[test]
    fn text_without_a_key_says_what_it_expected() {
        let err = PrivateKey::from_pem("hello").unwrap_err();
        assert!(err.to_string().contains("BEGIN PRIVATE KEY"), "{err}");
    }

    #[test]
    fn algorithm_spellings_round_trip() {
        for alg in KeyAlgorithm::ALL {
            assert_eq!(KeyAlgorithm::parse(alg.as_str()), Some(alg));
            let json = serde_json::to_string(&alg).unwrap();
            assert_eq!(json, format!("\"{}\"", alg.as_str()));
        }
    }
}
