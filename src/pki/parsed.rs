//! Reading X.509 certificates (RustCrypto's x509-cert) into the facts the
//! wizard uses: names, validity, key, CA flag, key identifiers.

use der::{Decode, Encode};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage, KeyUsages, SubjectKeyIdentifier};
use x509_cert::Certificate;

/// The most certificates read from one input.
pub const MAX_CERTIFICATES: usize = 16;

/// A certificate and the facts read from it.
#[derive(Clone)]
pub struct ParsedCertificate {
    /// The whole certificate, DER.
    pub der: Vec<u8>,
    /// The decoded structure.
    pub cert: Certificate,
}

impl std::fmt::Debug for ParsedCertificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Certificate({})", self.subject())
    }
}

/// Why certificate text could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificateError {
    /// No `BEGIN CERTIFICATE` block.
    #[error("no certificate found: expected a PEM block beginning -----BEGIN CERTIFICATE-----")]
    None,
    /// Too many blocks.
    #[error("more than {MAX_CERTIFICATES} certificates; a chain or CA bundle is never this long")]
    TooMany,
    /// The PEM armour is broken.
    #[error("the PEM text is damaged ({0}); copy the whole block, from -----BEGIN to -----END")]
    Pem(String),
    /// The DER inside is not a certificate.
    #[error("certificate {index} is not a valid X.509 certificate ({reason})")]
    Der {
        /// 1-based position in the input.
        index: usize,
        /// What the decoder said.
        reason: String,
    },
}

impl ParsedCertificate {
    /// Decodes one DER certificate; `index` (1-based) is used in the error.
    pub fn from_der(der: &[u8], index: usize) -> Result<Self, CertificateError> {
        let cert = Certificate::from_der(der).map_err(|e| CertificateError::Der {
            index,
            reason: e.to_string(),
        })?;
        Ok(Self {
            der: der.to_vec(),
            cert,
        })
    }

    /// Reads every `CERTIFICATE` block of a PEM text, in order; other blocks and
    /// text around them are ignored.
    pub fn parse_pem_chain(text: &str) -> Result<Vec<Self>, CertificateError> {
        let blocks = pem::parse_many(text).map_err(|e| CertificateError::Pem(e.to_string()))?;
        let certs: Vec<&pem::Pem> = blocks
            .iter()
            .filter(|b| {
                b.tag() == "CERTIFICATE"
                    || b.tag() == "X509 CERTIFICATE"
                    || b.tag() == "TRUSTED CERTIFICATE"
            })
            .collect();
        if certs.is_empty() {
            if text.contains("-----BEGIN CERTIFICATE-----") {
                return Err(CertificateError::Pem(
                    "a BEGIN line without a matching END line".into(),
                ));
            }
            return Err(CertificateError::None);
        }
        if certs.len() > MAX_CERTIFICATES {
            return Err(CertificateError::TooMany);
        }
        certs
            .iter()
            .enumerate()
            .map(|(i, b)| Self::from_der(b.contents(), i + 1))
            .collect()
    }

    /// The certificate as PEM.
    pub fn to_pem(&self) -> String {
        pem::encode_config(
            &pem::Pem::new("CERTIFICATE", self.der.clone()),
            pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF),
        )
    }

    /// The subject as RFC 4514 text.
    pub fn subject(&self) -> String {
        self.cert.tbs_certificate.subject.to_string()
    }

    /// The issuer as RFC 4514 text.
    pub fn issuer(&self) -> String {
        self.cert.tbs_certificate.issuer.to_string()
    }

    /// The subject name's DER.
    pub fn subject_der(&self) -> Vec<u8> {
        self.cert
            .tbs_certificate
            .subject
            .to_der()
            .unwrap_or_default()
    }

    /// The issuer name's DER.
    pub fn issuer_der(&self) -> Vec<u8> {
        self.cert
            .tbs_certificate
            .issuer
            .to_der()
            .unwrap_or_default()
    }

    /// The SubjectPublicKeyInfo's DER.
    pub fn spki_der(&self) -> Vec<u8> {
        self.cert
            .tbs_certificate
            .subject_public_key_info
            .to_der()
            .unwrap_or_default()
    }

    /// Whether subject and issuer are the same name.
    pub fn is_self_issued(&self) -> bool {
        self.subject_der() == self.issuer_der()
    }

    /// Start of validity.
    pub fn not_before(&self) -> OffsetDateTime {
        to_time(
            self.cert
                .tbs_certificate
                .validity
                .not_before
                .to_unix_duration(),
        )
    }

    /// End of validity.
    pub fn not_after(&self) -> OffsetDateTime {
        to_time(
            self.cert
                .tbs_certificate
                .validity
                .not_after
                .to_unix_duration(),
        )
    }

    fn extension<T: for<'a> Decode<'a>>(
        &self,
        oid: der::asn1::ObjectIdentifier,
    ) -> Option<Result<T, der::Error>> {
        self.cert
            .tbs_certificate
            .extensions
            .as_ref()?
            .iter()
            .find(|e| e.extn_id == oid)
            .map(|e| T::from_der(e.extn_value.as_bytes()))
    }

    /// The basicConstraints cA flag (false when absent or unreadable).
    pub fn is_ca(&self) -> bool {
        matches!(
            self.extension::<BasicConstraints>(const_oid::db::rfc5280::ID_CE_BASIC_CONSTRAINTS),
            Some(Ok(BasicConstraints { ca: true, .. }))
        )
    }

    /// The keyUsage extension, when present and readable.
    pub fn key_usage(&self) -> Option<KeyUsage> {
        self.extension::<KeyUsage>(const_oid::db::rfc5280::ID_CE_KEY_USAGE)?
            .ok()
    }

    /// Whether the key may sign certificates (keyUsage absent or with keyCertSign).
    pub fn may_sign_certificates(&self) -> bool {
        self.key_usage()
            .is_none_or(|ku| ku.0.contains(KeyUsages::KeyCertSign))
    }

    /// The subject key identifier, when present.
    pub fn subject_key_identifier(&self) -> Option<Vec<u8>> {
        self.extension::<SubjectKeyIdentifier>(
            const_oid::db::rfc5280::ID_CE_SUBJECT_KEY_IDENTIFIER,
        )?
        .ok()
        .map(|ski| ski.0.as_bytes().to_vec())
    }

    /// SHA-256 of the whole certificate, as colon-separated hex.
    pub fn sha256_fingerprint(&self) -> String {
        Sha256::digest(&self.der)
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect::<Vec<_>>()
            .join(":")
    }
}

fn to_time(since_epoch: std::time::Duration) -> OffsetDateTime {
    i64::try_from(since_epoch.as_secs())
        .ok()
        .and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok())
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}
