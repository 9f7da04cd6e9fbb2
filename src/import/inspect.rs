//! What a certificate says, for people and for the page: subject, issuer,
//! serial, validity, names, key, usages, CA flag and fingerprint, as a
//! serde-serializable [`CertificateInfo`]; and the same for every certificate
//! and key of a pasted text or Secret manifest ([`inspect_text`]).

use der::asn1::ObjectIdentifier;
use der::Decode;
use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{BasicConstraints, ExtendedKeyUsage, KeyUsages, SubjectAltName};

use crate::pki::ParsedCertificate;

use super::chain::read_certificates;
use super::error::ImportError;
use super::key::{is_encrypted_key, read_private_key, uint_bits, KeyFormat};
use super::limits::check_input;
use super::manifest::{looks_like_pem, read_manifests, SecretValue};

/// Object identifiers read here that const-oid names differently or not at all.
pub mod oids {
    use der::asn1::ObjectIdentifier;

    /// id-kp-serverAuth.
    pub const SERVER_AUTH: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.1");
    /// id-kp-clientAuth.
    pub const CLIENT_AUTH: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.2");
    /// anyExtendedKeyUsage.
    pub const ANY_EKU: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.37.0");
    /// RSASSA-PSS, as a key or signature algorithm.
    pub const RSASSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
    /// md5WithRSAEncryption.
    pub const MD5_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.4");
    /// sha1WithRSAEncryption.
    pub const SHA1_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.5");
    /// ecdsa-with-SHA1.
    pub const SHA1_ECDSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.1");
    /// dsa-with-sha1.
    pub const SHA1_DSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10040.4.3");
    /// DSA keys.
    pub const DSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10040.4.1");
}

/// A certificate's public key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct PublicKeyInfo {
    /// `RSA`, `ECDSA`, `Ed25519`, … or the algorithm's OID.
    pub algorithm: String,
    /// The key size in bits (the modulus for RSA, the curve's size for ECDSA).
    pub bits: Option<usize>,
    /// The named curve (`P-256`), for ECDSA.
    pub curve: Option<String>,
    /// For people: `RSA 2048`, `ECDSA P-256`, `Ed25519`.
    pub description: String,
}

/// Everything the wizard shows about one certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CertificateInfo {
    /// The subject, RFC 4514.
    pub subject: String,
    /// The issuer, RFC 4514.
    pub issuer: String,
    /// The serial number, colon-separated hex.
    pub serial: String,
    /// Start of validity, RFC 3339.
    pub not_before: String,
    /// End of validity, RFC 3339.
    pub not_after: String,
    /// DNS names of the subjectAltName extension.
    pub dns_names: Vec<String>,
    /// IP addresses of the subjectAltName extension.
    pub ip_addresses: Vec<String>,
    /// Other subjectAltName entries (`email:…`, `URI:…`, …).
    pub other_names: Vec<String>,
    /// The public key.
    pub public_key: PublicKeyInfo,
    /// The signature algorithm (`sha256WithRSAEncryption`, `ecdsa-with-SHA256`, …).
    pub signature_algorithm: String,
    /// keyUsage bits (`digitalSignature`, `keyCertSign`, …); empty when the extension is absent.
    pub key_usage: Vec<String>,
    /// extendedKeyUsage purposes (`serverAuth`, `clientAuth`, …); empty when absent.
    pub extended_key_usage: Vec<String>,
    /// basicConstraints cA.
    pub is_ca: bool,
    /// basicConstraints pathLenConstraint.
    pub path_length: Option<u8>,
    /// Subject and issuer are the same name (a root, normally).
    pub self_issued: bool,
    /// SHA-256 of the DER certificate, colon-separated hex.
    pub sha256_fingerprint: String,
}

/// A private key as the page and `inspect` describe it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct KeySummary {
    /// How it was written.
    pub format: KeyFormat,
    /// Whether it is encrypted (its algorithm is then unknown until decrypted).
    pub encrypted: bool,
    /// `ECDSA P-256`, `RSA 2048`, … when readable.
    pub algorithm: Option<String>,
}

/// One thing found in an input: a PEM text, or one key of a Secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct InspectedItem {
    /// Where it came from: `PEM`, or `Secret NAME, tls.crt`.
    pub source: String,
    /// The certificates, in the order given.
    pub certificates: Vec<CertificateInfo>,
    /// The private key, when the item holds one.
    pub private_key: Option<KeySummary>,
    /// Why this item could not be read, when it could not.
    pub error: Option<String>,
}

/// Formats a time as RFC 3339 (UTC).
pub fn rfc3339(time: OffsetDateTime) -> String {
    time.format(&Rfc3339)
        .unwrap_or_else(|_| time.unix_timestamp().to_string())
}

fn hex_colon(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// Decodes one extension; `None` when absent, `Some(Err)` when unreadable.
pub(crate) fn extension<T: for<'a> Decode<'a>>(
    cert: &ParsedCertificate,
    oid: ObjectIdentifier,
) -> Option<Result<T, der::Error>> {
    cert.cert
        .tbs_certificate
        .extensions
        .as_ref()?
        .iter()
        .find(|e| e.extn_id == oid)
        .map(|e| T::from_der(e.extn_value.as_bytes()))
}

/// The subjectAltName entries: (DNS names, IP addresses, others).
pub(crate) fn subject_alt_names(
    cert: &ParsedCertificate,
) -> (Vec<String>, Vec<String>, Vec<String>) {
    let mut dns = Vec::new();
    let mut ips = Vec::new();
    let mut other = Vec::new();
    match extension::<SubjectAltName>(cert, const_oid::db::rfc5280::ID_CE_SUBJECT_ALT_NAME) {
        None => {}
        Some(Err(e)) => other.push(format!("(unreadable subjectAltName: {e})")),
        Some(Ok(san)) => {
            for name in san.0 {
                match name {
                    GeneralName::DnsName(n) => dns.push(n.to_string()),
                    GeneralName::IpAddress(octets) => ips.push(ip_text(octets.as_bytes())),
                    GeneralName::Rfc822Name(n) => other.push(format!("email:{n}")),
                    GeneralName::UniformResourceIdentifier(n) => other.push(format!("URI:{n}")),
                    GeneralName::DirectoryName(n) => other.push(format!("DirName:{n}")),
                    GeneralName::RegisteredId(oid) => other.push(format!("RID:{oid}")),
                    GeneralName::OtherName(o) => other.push(format!("othername:{}", o.type_id)),
                    GeneralName::EdiPartyName(_) => other.push("EdiPartyName".into()),
                }
            }
        }
    }
    (dns, ips, other)
}

fn ip_text(bytes: &[u8]) -> String {
    if let Ok(v4) = <[u8; 4]>::try_from(bytes) {
        return std::net::Ipv4Addr::from(v4).to_string();
    }
    if let Ok(v6) = <[u8; 16]>::try_from(bytes) {
        return std::net::Ipv6Addr::from(v6).to_string();
    }
    format!("(malformed address {})", hex_colon(bytes))
}

/// The extendedKeyUsage OIDs; `None` when the extension is absent.
pub(crate) fn extended_key_usage(
    cert: &ParsedCertificate,
) -> Option<Result<Vec<ObjectIdentifier>, der::Error>> {
    extension::<ExtendedKeyUsage>(cert, const_oid::db::rfc5280::ID_CE_EXT_KEY_USAGE)
        .map(|r| r.map(|eku| eku.0))
}

/// A name for an extended key usage purpose.
pub fn eku_name(oid: &ObjectIdentifier) -> String {
    let short = match oid.to_string().as_str() {
        "1.3.6.1.5.5.7.3.1" => "serverAuth",
        "1.3.6.1.5.5.7.3.2" => "clientAuth",
        "1.3.6.1.5.5.7.3.3" => "codeSigning",
        "1.3.6.1.5.5.7.3.4" => "emailProtection",
        "1.3.6.1.5.5.7.3.8" => "timeStamping",
        "1.3.6.1.5.5.7.3.9" => "OCSPSigning",
        "2.5.29.37.0" => "anyExtendedKeyUsage",
        _ => return oid_name(oid),
    };
    short.to_string()
}

/// The usual name of an algorithm OID seen in certificates, or the dotted
/// form. A short table rather than const-oid's whole database, which would
/// add tens of kilobytes to the web page.
pub fn oid_name(oid: &ObjectIdentifier) -> String {
    let dotted = oid.to_string();
    let name = match dotted.as_str() {
        "1.2.840.113549.1.1.1" => "rsaEncryption",
        "1.2.840.113549.1.1.4" => "md5WithRSAEncryption",
        "1.2.840.113549.1.1.5" => "sha1WithRSAEncryption",
        "1.2.840.113549.1.1.10" => "RSASSA-PSS",
        "1.2.840.113549.1.1.11" => "sha256WithRSAEncryption",
        "1.2.840.113549.1.1.12" => "sha384WithRSAEncryption",
        "1.2.840.113549.1.1.13" => "sha512WithRSAEncryption",
        "1.2.840.10045.2.1" => "id-ecPublicKey",
        "1.2.840.10045.4.1" => "ecdsa-with-SHA1",
        "1.2.840.10045.4.3.2" => "ecdsa-with-SHA256",
        "1.2.840.10045.4.3.3" => "ecdsa-with-SHA384",
        "1.2.840.10045.4.3.4" => "ecdsa-with-SHA512",
        "1.2.840.10040.4.1" => "DSA",
        "1.2.840.10040.4.3" => "dsa-with-SHA1",
        "2.16.840.1.101.3.4.3.2" => "dsa-with-SHA256",
        "1.3.101.112" => "Ed25519",
        "1.3.101.113" => "Ed448",
        "1.3.132.0.10" => "secp256k1",
        "1.3.132.0.35" => "P-521",
        "1.3.6.1.5.5.7.3.5" => "ipsecEndSystem",
        "1.3.6.1.4.1.311.10.3.3" => "msSGC",
        "2.16.840.1.113730.4.1" => "nsSGC",
        _ => return dotted,
    };
    name.to_string()
}

fn key_usage_names(cert: &ParsedCertificate) -> Vec<String> {
    let Some(ku) = cert.key_usage() else {
        return Vec::new();
    };
    ku.0.into_iter()
        .map(|flag| {
            match flag {
                KeyUsages::DigitalSignature => "digitalSignature",
                KeyUsages::NonRepudiation => "nonRepudiation",
                KeyUsages::KeyEncipherment => "keyEncipherment",
                KeyUsages::DataEncipherment => "dataEncipherment",
                KeyUsages::KeyAgreement => "keyAgreement",
                KeyUsages::KeyCertSign => "keyCertSign",
                KeyUsages::CRLSign => "cRLSign",
                KeyUsages::EncipherOnly => "encipherOnly",
                KeyUsages::DecipherOnly => "decipherOnly",
            }
            .to_string()
        })
        .collect()
}

/// The certificate's public key: algorithm and size.
pub fn public_key_info(cert: &ParsedCertificate) -> PublicKeyInfo {
    let spki = &cert.cert.tbs_certificate.subject_public_key_info;
    let oid = spki.algorithm.oid;
    let key_bits = spki.subject_public_key.raw_bytes();
    if oid == const_oid::db::rfc5912::RSA_ENCRYPTION || oid == oids::RSASSA_PSS {
        let name = if oid == oids::RSASSA_PSS {
            "RSA-PSS"
        } else {
            "RSA"
        };
        let bits = rsa::pkcs1::RsaPublicKey::from_der(key_bits)
            .ok()
            .map(|k| uint_bits(k.modulus.as_bytes()));
        return PublicKeyInfo {
            algorithm: name.into(),
            bits,
            curve: None,
            description: match bits {
                Some(b) => format!("{name} {b}"),
                None => format!("{name} (unreadable key)"),
            },
        };
    }
    if oid == const_oid::db::rfc5912::ID_EC_PUBLIC_KEY {
        let curve_oid = spki
            .algorithm
            .parameters
            .as_ref()
            .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
        let (curve, bits) = match curve_oid {
            Some(c) if c == const_oid::db::rfc5912::SECP_256_R_1 => {
                ("P-256".to_string(), Some(256))
            }
            Some(c) if c == const_oid::db::rfc5912::SECP_384_R_1 => {
                ("P-384".to_string(), Some(384))
            }
            Some(c) if c == const_oid::db::rfc5912::SECP_521_R_1 => {
                ("P-521".to_string(), Some(521))
            }
            Some(c) => (oid_name(&c), None),
            None => ("explicit parameters".to_string(), None),
        };
        return PublicKeyInfo {
            algorithm: "ECDSA".into(),
            bits,
            description: format!("ECDSA {curve}"),
            curve: Some(curve),
        };
    }
    let (name, bits) = if oid == const_oid::db::rfc8410::ID_ED_25519 {
        ("Ed25519".to_string(), Some(256))
    } else if oid == const_oid::db::rfc8410::ID_ED_448 {
        ("Ed448".to_string(), Some(456))
    } else if oid == oids::DSA {
        ("DSA".to_string(), None)
    } else {
        (oid_name(&oid), None)
    };
    PublicKeyInfo {
        algorithm: name.clone(),
        bits,
        curve: None,
        description: name,
    }
}

/// The signature algorithm's name.
pub fn signature_algorithm(cert: &ParsedCertificate) -> String {
    let oid = cert.cert.signature_algorithm.oid;
    if oid == oids::RSASSA_PSS {
        return "RSASSA-PSS".into();
    }
    oid_name(&oid)
}

/// `Some("SHA-1")` or `Some("MD5")` when the certificate is signed with a broken hash.
pub fn weak_signature_hash(cert: &ParsedCertificate) -> Option<&'static str> {
    let oid = cert.cert.signature_algorithm.oid;
    if oid == oids::SHA1_RSA || oid == oids::SHA1_ECDSA || oid == oids::SHA1_DSA {
        Some("SHA-1")
    } else if oid == oids::MD5_RSA {
        Some("MD5")
    } else {
        None
    }
}

/// Describes one certificate.
pub fn inspect_certificate(cert: &ParsedCertificate) -> CertificateInfo {
    let (dns_names, ip_addresses, other_names) = subject_alt_names(cert);
    let path_length = match extension::<BasicConstraints>(
        cert,
        const_oid::db::rfc5280::ID_CE_BASIC_CONSTRAINTS,
    ) {
        Some(Ok(bc)) => bc.path_len_constraint,
        _ => None,
    };
    CertificateInfo {
        subject: cert.subject(),
        issuer: cert.issuer(),
        serial: hex_colon(cert.cert.tbs_certificate.serial_number.as_bytes()),
        not_before: rfc3339(cert.not_before()),
        not_after: rfc3339(cert.not_after()),
        dns_names,
        ip_addresses,
        other_names,
        public_key: public_key_info(cert),
        signature_algorithm: signature_algorithm(cert),
        key_usage: key_usage_names(cert),
        extended_key_usage: match extended_key_usage(cert) {
            Some(Ok(oids)) => oids.iter().map(eku_name).collect(),
            Some(Err(e)) => vec![format!("(unreadable: {e})")],
            None => Vec::new(),
        },
        is_ca: cert.is_ca(),
        path_length,
        self_issued: cert.is_self_issued(),
        sha256_fingerprint: cert.sha256_fingerprint(),
    }
}

/// Describes the private key of a PEM text without its passphrase.
pub fn summarize_key(text: &str) -> Result<KeySummary, ImportError> {
    if is_encrypted_key(text) {
        if text.contains("Proc-Type") {
            return Err(ImportError::LegacyEncryption);
        }
        return Ok(KeySummary {
            format: KeyFormat::EncryptedPkcs8,
            encrypted: true,
            algorithm: None,
        });
    }
    let key = read_private_key(text, None)?;
    Ok(KeySummary {
        format: key.format,
        encrypted: false,
        algorithm: Some(key.key.description()),
    })
}

fn inspect_pem(text: &str, source: String) -> Result<InspectedItem, ImportError> {
    let has_key = text.contains("PRIVATE KEY-----");
    let has_cert = text.contains("CERTIFICATE-----") || !has_key;
    let certificates = if has_cert {
        read_certificates(text)?
            .iter()
            .map(inspect_certificate)
            .collect()
    } else {
        Vec::new()
    };
    let private_key = if has_key {
        Some(summarize_key(text)?)
    } else {
        None
    };
    Ok(InspectedItem {
        source,
        certificates,
        private_key,
        error: None,
    })
}

/// Describes every certificate and key of a text: PEM (certificates, chains,
/// bundles, keys) or YAML manifests (each Secret's keys). A PEM text that
/// cannot be read is an error; in manifests, each unreadable key is an item
/// with `error` set, so the rest is still shown.
pub fn inspect_text(text: &str) -> Result<Vec<InspectedItem>, ImportError> {
    check_input(text)?;
    if looks_like_pem(text) {
        return Ok(vec![inspect_pem(text, "PEM".into())?]);
    }
    let manifests = read_manifests(text)?;
    if manifests.secrets.is_empty() {
        return Err(ImportError::Manifest(
            "holds no certificate (no -----BEGIN CERTIFICATE----- block) and no Secret manifest"
                .into(),
        ));
    }
    let mut items = Vec::new();
    for secret in &manifests.secrets {
        for (key, value) in &secret.entries {
            let source = format!("{}, {key}", secret.label());
            let item = match value {
                SecretValue::Text(t) if looks_like_pem(t) => inspect_pem(t, source.clone())
                    .unwrap_or_else(|e| InspectedItem {
                        source,
                        certificates: Vec::new(),
                        private_key: None,
                        error: Some(e.to_string()),
                    }),
                SecretValue::Text(t) if t.trim().is_empty() => InspectedItem {
                    source,
                    certificates: Vec::new(),
                    private_key: None,
                    error: Some("is empty".into()),
                },
                SecretValue::Text(_) | SecretValue::Binary(_) => continue,
                SecretValue::Invalid(reason) => InspectedItem {
                    source,
                    certificates: Vec::new(),
                    private_key: None,
                    error: Some(reason.clone()),
                },
            };
            items.push(item);
        }
    }
    Ok(items)
}
