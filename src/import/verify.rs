//! Signature verification for rustls-webpki, supplied by RustCrypto (p256,
//! p384, rsa, ed25519-dalek) instead of ring or aws-lc, so chains can be
//! checked in the browser. webpki builds and checks the path; these only say
//! whether one signature is valid.
//!
//! RSA keys of any size up to 16384 bits are verified here, small ones too:
//! weak keys are reported as their own finding, which is clearer than a path
//! that silently fails to verify.

use rustls_pki_types::{
    alg_id, AlgorithmIdentifier, InvalidSignature, SignatureVerificationAlgorithm,
};
use sha2::{Sha256, Sha384, Sha512};
use signature::Verifier;

use super::limits::MAX_RSA_BITS;

/// Every algorithm the wizard verifies, for `verify_for_usage`.
pub static ALL: &[&dyn SignatureVerificationAlgorithm] = &[
    ECDSA_P256_SHA256,
    ECDSA_P256_SHA384,
    ECDSA_P384_SHA256,
    ECDSA_P384_SHA384,
    ED25519,
    RSA_PKCS1_SHA256,
    RSA_PKCS1_SHA384,
    RSA_PKCS1_SHA512,
    RSA_PKCS1_SHA256_ABSENT_PARAMS,
    RSA_PKCS1_SHA384_ABSENT_PARAMS,
    RSA_PKCS1_SHA512_ABSENT_PARAMS,
    RSA_PSS_SHA256,
    RSA_PSS_SHA384,
    RSA_PSS_SHA512,
];

#[derive(Debug, Clone, Copy)]
enum Hash {
    Sha256,
    Sha384,
    Sha512,
}

#[derive(Debug, Clone, Copy)]
enum Scheme {
    EcdsaP256(Hash),
    EcdsaP384(Hash),
    Ed25519,
    RsaPkcs1(Hash),
    RsaPss(Hash),
}

/// One (public key algorithm, signature algorithm) pair.
#[derive(Debug)]
struct RustCrypto {
    public_key_alg_id: AlgorithmIdentifier,
    signature_alg_id: AlgorithmIdentifier,
    scheme: Scheme,
}

impl SignatureVerificationAlgorithm for RustCrypto {
    fn verify_signature(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), InvalidSignature> {
        verify(self.scheme, public_key, message, signature).ok_or(InvalidSignature)
    }

    fn public_key_alg_id(&self) -> AlgorithmIdentifier {
        self.public_key_alg_id
    }

    fn signature_alg_id(&self) -> AlgorithmIdentifier {
        self.signature_alg_id
    }
}

fn verify(scheme: Scheme, public_key: &[u8], message: &[u8], signature: &[u8]) -> Option<()> {
    match scheme {
        Scheme::EcdsaP256(hash) => {
            let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(public_key).ok()?;
            let sig = p256::ecdsa::Signature::from_der(signature).ok()?;
            ecdsa_verify(&key, hash, message, &sig)
        }
        Scheme::EcdsaP384(hash) => {
            let key = p384::ecdsa::VerifyingKey::from_sec1_bytes(public_key).ok()?;
            let sig = p384::ecdsa::Signature::from_der(signature).ok()?;
            ecdsa_verify(&key, hash, message, &sig)
        }
        Scheme::Ed25519 => {
            let bytes: &[u8; 32] = public_key.try_into().ok()?;
            let key = ed25519_dalek::VerifyingKey::from_bytes(bytes).ok()?;
            let sig = ed25519_dalek::Signature::from_slice(signature).ok()?;
            key.verify_strict(message, &sig).ok()
        }
        Scheme::RsaPkcs1(hash) => {
            let key = rsa_public_key(public_key)?;
            let sig = rsa::pkcs1v15::Signature::try_from(signature).ok()?;
            match hash {
                Hash::Sha256 => {
                    rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key).verify(message, &sig)
                }
                Hash::Sha384 => {
                    rsa::pkcs1v15::VerifyingKey::<Sha384>::new(key).verify(message, &sig)
                }
                Hash::Sha512 => {
                    rsa::pkcs1v15::VerifyingKey::<Sha512>::new(key).verify(message, &sig)
                }
            }
            .ok()
        }
        Scheme::RsaPss(hash) => {
            let key = rsa_public_key(public_key)?;
            let sig = rsa::pss::Signature::try_from(signature).ok()?;
            match hash {
                Hash::Sha256 => rsa::pss::VerifyingKey::<Sha256>::new(key).verify(message, &sig),
                Hash::Sha384 => rsa::pss::VerifyingKey::<Sha384>::new(key).verify(message, &sig),
                Hash::Sha512 => rsa::pss::VerifyingKey::<Sha512>::new(key).verify(message, &sig),
            }
            .ok()
        }
    }
}

/// ECDSA over a digest of any of the hashes (ECDSA truncates or pads it to
/// the curve's size), so P-256 with SHA-384 and P-384 with SHA-256 work too.
fn ecdsa_verify<V, S>(key: &V, hash: Hash, message: &[u8], sig: &S) -> Option<()>
where
    V: signature::hazmat::PrehashVerifier<S>,
{
    use sha2::Digest;
    match hash {
        Hash::Sha256 => key.verify_prehash(&Sha256::digest(message), sig),
        Hash::Sha384 => key.verify_prehash(&Sha384::digest(message), sig),
        Hash::Sha512 => key.verify_prehash(&Sha512::digest(message), sig),
    }
    .ok()
}

/// Reads a PKCS#1 RSAPublicKey, accepting up to [`MAX_RSA_BITS`] (the rsa
/// crate's own default stops at 4096).
fn rsa_public_key(der: &[u8]) -> Option<rsa::RsaPublicKey> {
    use der::Decode;
    let parsed = rsa::pkcs1::RsaPublicKey::from_der(der).ok()?;
    if super::key::uint_bits(parsed.modulus.as_bytes()) > MAX_RSA_BITS {
        return None;
    }
    let n = rsa::BigUint::from_bytes_be(parsed.modulus.as_bytes());
    let e = rsa::BigUint::from_bytes_be(parsed.public_exponent.as_bytes());
    rsa::RsaPublicKey::new_with_max_size(n, e, MAX_RSA_BITS).ok()
}

macro_rules! algorithm {
    ($(#[$doc:meta])* $name:ident, $key:expr, $sig:expr, $scheme:expr) => {
        $(#[$doc])*
        pub static $name: &dyn SignatureVerificationAlgorithm = &RustCrypto {
            public_key_alg_id: $key,
            signature_alg_id: $sig,
            scheme: $scheme,
        };
    };
}

algorithm!(
    /// ECDSA on P-256 with SHA-256.
    ECDSA_P256_SHA256, alg_id::ECDSA_P256, alg_id::ECDSA_SHA256, Scheme::EcdsaP256(Hash::Sha256)
);
algorithm!(
    /// ECDSA on P-256 with SHA-384.
    ECDSA_P256_SHA384, alg_id::ECDSA_P256, alg_id::ECDSA_SHA384, Scheme::EcdsaP256(Hash::Sha384)
);
algorithm!(
    /// ECDSA on P-384 with SHA-256.
    ECDSA_P384_SHA256, alg_id::ECDSA_P384, alg_id::ECDSA_SHA256, Scheme::EcdsaP384(Hash::Sha256)
);
algorithm!(
    /// ECDSA on P-384 with SHA-384.
    ECDSA_P384_SHA384, alg_id::ECDSA_P384, alg_id::ECDSA_SHA384, Scheme::EcdsaP384(Hash::Sha384)
);
algorithm!(
    /// Ed25519.
    ED25519, alg_id::ED25519, alg_id::ED25519, Scheme::Ed25519
);
algorithm!(
    /// RSA PKCS#1 v1.5 with SHA-256.
    RSA_PKCS1_SHA256, alg_id::RSA_ENCRYPTION, alg_id::RSA_PKCS1_SHA256, Scheme::RsaPkcs1(Hash::Sha256)
);
algorithm!(
    /// RSA PKCS#1 v1.5 with SHA-384.
    RSA_PKCS1_SHA384, alg_id::RSA_ENCRYPTION, alg_id::RSA_PKCS1_SHA384, Scheme::RsaPkcs1(Hash::Sha384)
);
algorithm!(
    /// RSA PKCS#1 v1.5 with SHA-512.
    RSA_PKCS1_SHA512, alg_id::RSA_ENCRYPTION, alg_id::RSA_PKCS1_SHA512, Scheme::RsaPkcs1(Hash::Sha512)
);
algorithm!(
    /// RSA PKCS#1 v1.5 with SHA-256, written without the NULL parameters some encoders omit.
    RSA_PKCS1_SHA256_ABSENT_PARAMS,
    alg_id::RSA_ENCRYPTION,
    AlgorithmIdentifier::from_slice(&[0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]),
    Scheme::RsaPkcs1(Hash::Sha256)
);
algorithm!(
    /// RSA PKCS#1 v1.5 with SHA-384, without NULL parameters.
    RSA_PKCS1_SHA384_ABSENT_PARAMS,
    alg_id::RSA_ENCRYPTION,
    AlgorithmIdentifier::from_slice(&[0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c]),
    Scheme::RsaPkcs1(Hash::Sha384)
);
algorithm!(
    /// RSA PKCS#1 v1.5 with SHA-512, without NULL parameters.
    RSA_PKCS1_SHA512_ABSENT_PARAMS,
    alg_id::RSA_ENCRYPTION,
    AlgorithmIdentifier::from_slice(&[0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d]),
    Scheme::RsaPkcs1(Hash::Sha512)
);
algorithm!(
    /// RSA-PSS with SHA-256 (MGF1-SHA-256, 32-byte salt), by an rsaEncryption key.
    RSA_PSS_SHA256, alg_id::RSA_ENCRYPTION, alg_id::RSA_PSS_SHA256, Scheme::RsaPss(Hash::Sha256)
);
algorithm!(
    /// RSA-PSS with SHA-384 (MGF1-SHA-384, 48-byte salt), by an rsaEncryption key.
    RSA_PSS_SHA384, alg_id::RSA_ENCRYPTION, alg_id::RSA_PSS_SHA384, Scheme::RsaPss(Hash::Sha384)
);
algorithm!(
    /// RSA-PSS with SHA-512 (MGF1-SHA-512, 64-byte salt), by an rsaEncryption key.
    RSA_PSS_SHA512, alg_id::RSA_ENCRYPTION, alg_id::RSA_PSS_SHA512, Scheme::RsaPss(Hash::Sha512)
);
