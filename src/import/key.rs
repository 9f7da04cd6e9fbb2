//! Private keys from PEM: PKCS#8, PKCS#1 (`RSA PRIVATE KEY`), SEC1
//! (`EC PRIVATE KEY`) and encrypted PKCS#8 (PBES2: AES-CBC with PBKDF2 or
//! scrypt), decrypted with RustCrypto's pkcs5. Whatever comes in leaves as
//! unencrypted PKCS#8 ([`PrivateKey::to_pkcs8_pem`]).

use der::Decode;
use serde::Serialize;
use zeroize::Zeroizing;

use crate::pki::{KeyError, PrivateKey};

use super::error::ImportError;
use super::limits::{
    check_input, MAX_PBKDF2_ITERATIONS, MAX_RSA_BITS, MAX_SCRYPT_BYTES, MAX_SCRYPT_WORK,
};

/// How a key was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum KeyFormat {
    /// `BEGIN PRIVATE KEY`.
    Pkcs8,
    /// `BEGIN ENCRYPTED PRIVATE KEY`.
    EncryptedPkcs8,
    /// `BEGIN RSA PRIVATE KEY`.
    Pkcs1,
    /// `BEGIN EC PRIVATE KEY`.
    Sec1,
}

impl KeyFormat {
    /// A name for people.
    pub fn label(self) -> &'static str {
        match self {
            KeyFormat::Pkcs8 => "PKCS#8",
            KeyFormat::EncryptedPkcs8 => "encrypted PKCS#8",
            KeyFormat::Pkcs1 => "PKCS#1 (RSA PRIVATE KEY)",
            KeyFormat::Sec1 => "SEC1 (EC PRIVATE KEY)",
        }
    }
}

/// A key read from PEM, and how it was written.
#[derive(Debug)]
pub struct ImportedKey {
    /// The key.
    pub key: PrivateKey,
    /// The form it came in.
    pub format: KeyFormat,
}

struct KeyBlock {
    tag: String,
    der: Zeroizing<Vec<u8>>,
    legacy_encrypted: bool,
}

fn single_key_block(text: &str) -> Result<KeyBlock, ImportError> {
    check_input(text)?;
    let blocks = pem::parse_many(text).map_err(|e| {
        KeyError::Malformed(
            "PEM".into(),
            format!("{e}; copy the whole block, from -----BEGIN to -----END"),
        )
    })?;
    let mut keys = blocks
        .into_iter()
        .filter(|b| b.tag().ends_with("PRIVATE KEY"));
    let Some(block) = keys.next() else {
        if text.contains("PRIVATE KEY-----") {
            return Err(KeyError::Malformed(
                "PEM".into(),
                "a BEGIN line without a matching END line; copy the whole block, from -----BEGIN to -----END".into(),
            )
            .into());
        }
        return Err(KeyError::NoKey.into());
    };
    if keys.next().is_some() {
        return Err(KeyError::SeveralKeys.into());
    }
    let legacy_encrypted = block
        .headers()
        .get("Proc-Type")
        .is_some_and(|v| v.contains("ENCRYPTED"));
    Ok(KeyBlock {
        tag: block.tag().to_string(),
        der: Zeroizing::new(block.into_contents()),
        legacy_encrypted,
    })
}

/// Whether the text's private key is encrypted, so a page knows to ask for the
/// passphrase. False when there is no readable key block.
pub fn is_encrypted_key(text: &str) -> bool {
    single_key_block(text).is_ok_and(|b| b.tag == "ENCRYPTED PRIVATE KEY" || b.legacy_encrypted)
}

/// Reads the one private key of a PEM text. `passphrase` is used only when the
/// key is encrypted.
pub fn read_private_key(text: &str, passphrase: Option<&[u8]>) -> Result<ImportedKey, ImportError> {
    let block = single_key_block(text)?;
    if block.legacy_encrypted {
        return Err(ImportError::LegacyEncryption);
    }
    match block.tag.as_str() {
        "PRIVATE KEY" => Ok(ImportedKey {
            key: from_pkcs8(&block.der)?,
            format: KeyFormat::Pkcs8,
        }),
        "ENCRYPTED PRIVATE KEY" => {
            let passphrase = passphrase.ok_or(ImportError::NeedsPassphrase)?;
            let der = decrypt_pkcs8(&block.der, passphrase)?;
            let key = from_pkcs8(&der).map_err(|e| match e {
                // Garbage that happened to pass the padding check.
                ImportError::Key(KeyError::Malformed(..)) => ImportError::WrongPassphrase,
                other => other,
            })?;
            Ok(ImportedKey {
                key,
                format: KeyFormat::EncryptedPkcs8,
            })
        }
        "RSA PRIVATE KEY" => {
            check_rsa_private_key(&block.der, "RSA PRIVATE KEY")?;
            let pem = Zeroizing::new(pem::encode(&pem::Pem::new(
                "RSA PRIVATE KEY",
                block.der.to_vec(),
            )));
            Ok(ImportedKey {
                key: PrivateKey::from_pem(&pem)?,
                format: KeyFormat::Pkcs1,
            })
        }
        "EC PRIVATE KEY" => {
            let pem = Zeroizing::new(pem::encode(&pem::Pem::new(
                "EC PRIVATE KEY",
                block.der.to_vec(),
            )));
            Ok(ImportedKey {
                key: PrivateKey::from_pem(&pem)?,
                format: KeyFormat::Sec1,
            })
        }
        other => Err(KeyError::Unsupported(format!(
            "{other} blocks are not supported; convert the key to PKCS#8 with `openssl pkcs8 -topk8 -nocrypt -in old.key -out new.key`"
        ))
        .into()),
    }
}

fn from_pkcs8(der: &[u8]) -> Result<PrivateKey, ImportError> {
    let info = pkcs8::PrivateKeyInfo::try_from(der)
        .map_err(|e| KeyError::Malformed("PRIVATE KEY".into(), e.to_string()))?;
    if info.algorithm.oid == const_oid::db::rfc5912::RSA_ENCRYPTION {
        check_rsa_private_key(info.private_key, "PRIVATE KEY")?;
    }
    Ok(PrivateKey::from_pkcs8_der(der)?)
}

/// Refuses RSA keys over [`MAX_RSA_BITS`] before the RSA library does any
/// arithmetic on them.
fn check_rsa_private_key(der: &[u8], tag: &str) -> Result<(), ImportError> {
    let key = rsa::pkcs1::RsaPrivateKey::from_der(der)
        .map_err(|e| KeyError::Malformed(tag.into(), e.to_string()))?;
    let bits = uint_bits(key.modulus.as_bytes());
    if bits > MAX_RSA_BITS {
        return Err(ImportError::RsaTooLarge { bits });
    }
    Ok(())
}

/// The bit length of a big-endian unsigned integer.
pub(crate) fn uint_bits(bytes: &[u8]) -> usize {
    let trimmed: &[u8] = match bytes.iter().position(|b| *b != 0) {
        Some(start) => bytes.get(start..).unwrap_or(&[]),
        None => &[],
    };
    match trimmed.first() {
        Some(first) => trimmed.len() * 8 - first.leading_zeros() as usize,
        None => 0,
    }
}

fn decrypt_pkcs8(der: &[u8], passphrase: &[u8]) -> Result<Zeroizing<Vec<u8>>, ImportError> {
    let info = pkcs8::EncryptedPrivateKeyInfo::try_from(der).map_err(|e| {
        ImportError::UnsupportedEncryption(format!("a scheme that could not be read ({e})"))
    })?;
    let scheme = &info.encryption_algorithm;
    let Some(params) = scheme.pbes2() else {
        return Err(ImportError::UnsupportedEncryption(
            "PBES1 (an old PKCS#5 v1.5 scheme such as PBE-SHA1-3DES)".into(),
        ));
    };
    match &params.kdf {
        pkcs8::pkcs5::pbes2::Kdf::Pbkdf2(p) => {
            if p.iteration_count > MAX_PBKDF2_ITERATIONS {
                return Err(ImportError::TooCostly(format!(
                    "{} PBKDF2 iterations (at most {MAX_PBKDF2_ITERATIONS} are run)",
                    p.iteration_count
                )));
            }
        }
        pkcs8::pkcs5::pbes2::Kdf::Scrypt(p) => {
            let n = p.cost_parameter;
            let r = u64::from(p.block_size);
            let parallel = u64::from(p.parallelization);
            let memory = n.saturating_mul(r).saturating_mul(128);
            let work = n.saturating_mul(r).saturating_mul(parallel);
            if memory > MAX_SCRYPT_BYTES || work > MAX_SCRYPT_WORK {
                return Err(ImportError::TooCostly(format!(
                    "scrypt with N={n}, r={r}, p={parallel} ({} MiB of memory; at most {} MiB and N·r·p ≤ {MAX_SCRYPT_WORK} are allowed)",
                    memory / (1024 * 1024),
                    MAX_SCRYPT_BYTES / (1024 * 1024)
                )));
            }
        }
        _ => {
            return Err(ImportError::UnsupportedEncryption(
                "a key-derivation function other than PBKDF2 or scrypt".into(),
            ))
        }
    }
    match info.decrypt(passphrase) {
        Ok(document) => Ok(Zeroizing::new(document.as_bytes().to_vec())),
        // pkcs5 0.7 reports a bad padding (the sign of a wrong passphrase) as EncryptFailed.
        Err(pkcs8::Error::EncryptedPrivateKey(
            pkcs8::pkcs5::Error::DecryptFailed | pkcs8::pkcs5::Error::EncryptFailed,
        )) => Err(ImportError::WrongPassphrase),
        Err(pkcs8::Error::EncryptedPrivateKey(pkcs8::pkcs5::Error::UnsupportedAlgorithm {
            oid,
        })) => Err(ImportError::UnsupportedEncryption(format!(
            "algorithm {oid}"
        ))),
        Err(pkcs8::Error::EncryptedPrivateKey(e)) => Err(ImportError::UnsupportedEncryption(
            format!("parameters that could not be used ({e})"),
        )),
        Err(_) => Err(ImportError::WrongPassphrase),
    }
}
