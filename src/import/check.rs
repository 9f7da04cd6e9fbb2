//! Checking one service's certificate as the chart's pods and their peers
//! will: the key matches, the chain reaches one of the given CAs with every
//! signature checked (rustls-webpki, RustCrypto signatures), each required
//! name is covered, it is valid at the given time, its usages allow TLS
//! serving (and client authentication for Keycloak's cluster), it is not a
//! CA, and nothing in it is weak. Each problem is its own [`Finding`].

use rustls_pki_types::{CertificateDer, ServerName, TrustAnchor, UnixTime};
use serde::Serialize;
use time::{Duration, OffsetDateTime};
use webpki::{EndEntityCert, ExtendedKeyUsageValidator, KeyPurposeId, KeyPurposeIdIter};
use x509_cert::ext::pkix::KeyUsages;

use crate::pki::{ParsedCertificate, PrivateKey};
use crate::release::{NameError, ReleaseContext, ServiceKey};

use super::chain::{order_chain, read_ca_bundle, read_certificates};
use super::error::ImportError;
use super::finding::{has_errors, Finding};
use super::inspect::{
    extended_key_usage, inspect_certificate, oids, public_key_info, rfc3339, signature_algorithm,
    subject_alt_names, weak_signature_hash, CertificateInfo,
};
use super::key::read_private_key;
use super::manifest::pem_or_secret;

/// A certificate is reported as expiring soon this long before its end.
pub const EXPIRY_WARNING: Duration = Duration::days(30);

/// The smallest RSA key accepted without an error.
pub const MIN_RSA_BITS: usize = 2048;

/// What to check.
#[derive(Debug, Clone)]
pub struct CheckRequest<'a> {
    /// The service the certificate is for, when known (named in findings).
    pub service: Option<ServiceKey>,
    /// The certificate and any intermediates, in any order.
    pub chain: &'a [ParsedCertificate],
    /// The private key, when given.
    pub key: Option<&'a PrivateKey>,
    /// The CA certificates to trust; when empty the chain is not checked.
    pub cas: &'a [ParsedCertificate],
    /// DNS names (or IP addresses) the certificate must cover. A name
    /// `*.x.y` means "any single label under x.y" and needs a wildcard SAN.
    pub dns_names: &'a [String],
    /// Whether clientAuth is needed besides serverAuth.
    pub client_auth: bool,
    /// The time to check validity at.
    pub at: OffsetDateTime,
    /// Where the certificate came from, for findings (`cert.pem`, `Secret x, tls.crt`).
    pub certificate_path: String,
    /// Where the key came from.
    pub key_path: String,
    /// Where the CA certificates came from.
    pub ca_path: String,
}

/// The outcome of a check.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CheckReport {
    /// No finding is an error.
    pub valid: bool,
    /// The service checked for, when known.
    pub service: Option<ServiceKey>,
    /// The time validity was checked at, RFC 3339.
    pub checked_at: String,
    /// The names checked.
    pub dns_names: Vec<String>,
    /// Whether clientAuth was required.
    pub client_auth: bool,
    /// The subject of the CA the chain reaches, when it does.
    pub trusted_by: Option<String>,
    /// Whether the chain was given in another order than leaf first.
    pub chain_reordered: bool,
    /// Every finding, errors first.
    pub findings: Vec<Finding>,
    /// The chain, leaf first, described.
    pub chain: Vec<CertificateInfo>,
    /// The chain as PEM, leaf first: the normalised `tls.crt`.
    pub chain_pem: String,
}

/// The DNS names a release's Service must be reachable by.
pub fn required_names(context: &ReleaseContext, key: ServiceKey) -> Result<Vec<String>, NameError> {
    Ok(context
        .endpoint(key)?
        .dns_names
        .iter()
        .map(|n| n.to_string())
        .collect())
}

const SERVER_AUTH: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01];
const CLIENT_AUTH: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02];

/// serverAuth (and clientAuth when asked) if the certificate lists purposes.
struct Purposes {
    client: bool,
}

impl ExtendedKeyUsageValidator for Purposes {
    fn validate(&self, iter: KeyPurposeIdIter<'_, '_>) -> Result<(), webpki::Error> {
        let purposes: Vec<KeyPurposeId<'_>> = iter.collect::<Result<_, _>>()?;
        if purposes.is_empty() {
            return Ok(());
        }
        let has = |oid: &'static [u8]| purposes.contains(&KeyPurposeId::new(oid));
        if has(SERVER_AUTH) && (!self.client || has(CLIENT_AUTH)) {
            Ok(())
        } else {
            let required = if self.client && has(SERVER_AUTH) {
                webpki::KeyUsage::client_auth()
            } else {
                webpki::KeyUsage::server_auth()
            };
            Err(webpki::Error::RequiredEkuNotFoundContext(
                webpki::RequiredEkuNotFoundContext {
                    required,
                    present: purposes.iter().map(|p| p.to_decoded_oid()).collect(),
                },
            ))
        }
    }
}

/// Any purposes: used to check signatures apart from usages.
struct AnyPurpose;

impl ExtendedKeyUsageValidator for AnyPurpose {
    fn validate(&self, _iter: KeyPurposeIdIter<'_, '_>) -> Result<(), webpki::Error> {
        Ok(())
    }
}

fn unix_time(time: OffsetDateTime) -> UnixTime {
    let seconds = u64::try_from(time.unix_timestamp()).unwrap_or(0);
    UnixTime::since_unix_epoch(std::time::Duration::from_secs(seconds))
}

struct Context<'a> {
    request: &'a CheckRequest<'a>,
    findings: Vec<Finding>,
}

impl Context<'_> {
    fn push(&mut self, finding: Finding) {
        let service = self.request.service;
        self.findings.push(finding.for_service(service));
    }

    fn has(&self, code: &str) -> bool {
        self.findings.iter().any(|f| f.code == code)
    }

    fn has_any(&self, codes: &[&str]) -> bool {
        codes.iter().any(|c| self.has(c))
    }
}

fn role(index: usize) -> &'static str {
    if index == 0 {
        "The certificate"
    } else {
        "The intermediate CA certificate"
    }
}

/// Checks a certificate. Never fails: every problem is a finding.
pub fn check_certificate(request: &CheckRequest<'_>) -> CheckReport {
    let mut cx = Context {
        request,
        findings: Vec::new(),
    };
    let chain = order_chain(request.chain.to_vec());
    let cert_path = request.certificate_path.clone();
    let mut trusted_by = None;

    if chain.reordered {
        let leaf = chain.leaf().map(|c| c.subject()).unwrap_or_default();
        cx.push(
            Finding::info(
                "chain-reordered",
                cert_path.clone(),
                "The chain was not given leaf first; it is read (and written out) leaf first.",
                "Nothing to do: the wizard writes tls.crt as the leaf followed by its issuers.",
            )
            .about(leaf),
        );
    }
    for other in &chain.unrelated {
        cx.push(
            Finding::warning(
                "unrelated-certificate",
                cert_path.clone(),
                format!(
                    "{} is not part of the leaf certificate's chain and is left out.",
                    other.subject()
                ),
                "Give only the service's certificate and the intermediate CAs that issued it, leaf first.",
            )
            .about(other.subject()),
        );
    }
    let Some(leaf) = chain.leaf() else {
        cx.push(Finding::error(
            "no-certificate",
            cert_path,
            "No certificate was given.",
            "Give the service's certificate in PEM (-----BEGIN CERTIFICATE-----).",
        ));
        return finish(cx, &chain.certificates, chain.reordered, None);
    };
    let subject = leaf.subject();

    check_leaf(&mut cx, leaf);
    for (index, cert) in chain.certificates.iter().enumerate() {
        check_validity(&mut cx, cert, role(index), &cert_path);
        check_strength(&mut cx, cert, role(index), &cert_path);
    }
    if let Some(key) = request.key {
        check_key_match(&mut cx, leaf, key);
    }

    match EndEntityCert::try_from(&CertificateDer::from(leaf.der.as_slice())) {
        Err(e) => cx.push(
            Finding::error(
                "certificate-unsupported",
                cert_path.clone(),
                format!(
                    "The certificate cannot be used for TLS: {}.",
                    describe_webpki(&e)
                ),
                "Re-issue it as an X.509 v3 certificate with a subjectAltName extension.",
            )
            .about(subject.clone()),
        ),
        Ok(end_entity) => {
            check_names(&mut cx, leaf, &end_entity);
            trusted_by = check_path(&mut cx, &chain.certificates, &end_entity);
        }
    }
    finish(cx, &chain.certificates, chain.reordered, trusted_by)
}

fn finish(
    cx: Context<'_>,
    chain: &[ParsedCertificate],
    reordered: bool,
    trusted_by: Option<String>,
) -> CheckReport {
    let request = cx.request;
    let mut findings = cx.findings;
    findings.sort_by_key(|f| f.severity);
    CheckReport {
        valid: !has_errors(&findings),
        service: request.service,
        checked_at: rfc3339(request.at),
        dns_names: request.dns_names.to_vec(),
        client_auth: request.client_auth,
        trusted_by,
        chain_reordered: reordered,
        findings,
        chain: chain.iter().map(inspect_certificate).collect(),
        chain_pem: chain.iter().map(|c| c.to_pem()).collect(),
    }
}

fn check_leaf(cx: &mut Context<'_>, leaf: &ParsedCertificate) {
    let path = cx.request.certificate_path.clone();
    let subject = leaf.subject();
    if leaf.is_ca() {
        cx.push(
            Finding::error(
                "leaf-is-ca",
                path.clone(),
                format!("{subject} is a CA certificate (basicConstraints CA:TRUE), given as the service's own certificate; TLS clients refuse a CA certificate as a server's."),
                "Issue a server certificate for the service from this CA and use that; the CA certificate belongs in ca.crt.",
            )
            .about(subject.clone()),
        );
    }
    match extended_key_usage(leaf) {
        None => {}
        Some(Err(e)) => cx.push(
            Finding::error(
                "eku-unreadable",
                path.clone(),
                format!("The extendedKeyUsage extension of {subject} cannot be read ({e})."),
                "Re-issue the certificate with extendedKeyUsage = serverAuth (and clientAuth for Keycloak's cluster).",
            )
            .about(subject.clone()),
        ),
        Some(Ok(purposes)) => {
            let listed: Vec<String> = purposes.iter().map(super::inspect::eku_name).collect();
            if !purposes.contains(&oids::SERVER_AUTH) {
                cx.push(
                    Finding::error(
                        "eku-server-auth-missing",
                        path.clone(),
                        format!(
                            "{subject} may be used only for {} (extendedKeyUsage), not for serving TLS: serverAuth is missing.",
                            listed.join(", ")
                        ),
                        "Re-issue the certificate with extendedKeyUsage serverAuth (openssl: extendedKeyUsage = serverAuth, clientAuth), or without the extension.",
                    )
                    .about(subject.clone()),
                );
            }
            if cx.request.client_auth && !purposes.contains(&oids::CLIENT_AUTH) {
                cx.push(
                    Finding::error(
                        "eku-client-auth-missing",
                        path.clone(),
                        format!(
                            "{subject} lacks the clientAuth extended key usage (it has {}); Keycloak's cluster pods authenticate to each other with it (mutual TLS).",
                            listed.join(", ")
                        ),
                        "Re-issue the certificate with extendedKeyUsage = serverAuth, clientAuth.",
                    )
                    .about(subject.clone()),
                );
            }
        }
    }
    if let Some(ku) = leaf.key_usage() {
        if !ku.0.contains(KeyUsages::DigitalSignature) {
            cx.push(
                Finding::error(
                    "key-usage-digital-signature",
                    path,
                    format!("{subject} has a keyUsage extension without digitalSignature, which TLS 1.3 (and ECDHE in TLS 1.2) needs to sign the handshake."),
                    "Re-issue the certificate with keyUsage = digitalSignature, keyEncipherment (or without keyUsage).",
                )
                .about(subject),
            );
        }
    }
}

fn check_validity(cx: &mut Context<'_>, cert: &ParsedCertificate, role: &str, path: &str) {
    let at = cx.request.at;
    let subject = cert.subject();
    let not_before = cert.not_before();
    let not_after = cert.not_after();
    if at > not_after {
        cx.push(
            Finding::error(
                "expired",
                path,
                format!(
                    "{role} {subject} expired on {} (checked at {}).",
                    rfc3339(not_after),
                    rfc3339(at)
                ),
                "Renew it: issue a new certificate with the same names from the same CA, and replace it in the Secret.",
            )
            .about(subject),
        );
    } else if at < not_before {
        cx.push(
            Finding::error(
                "not-yet-valid",
                path,
                format!(
                    "{role} {subject} is valid only from {} (checked at {}).",
                    rfc3339(not_before),
                    rfc3339(at)
                ),
                "Check the clock of the machine that issued it, or re-issue it with a start date in the past.",
            )
            .about(subject),
        );
    } else if not_after - at < EXPIRY_WARNING {
        let days = (not_after - at).whole_days();
        cx.push(
            Finding::warning(
                "expires-soon",
                path,
                format!(
                    "{role} {subject} expires on {}, in {days} day(s).",
                    rfc3339(not_after)
                ),
                "Renew it before then, and replace it in the Secret; pods read the new one when they restart.",
            )
            .about(subject),
        );
    }
}

fn check_strength(cx: &mut Context<'_>, cert: &ParsedCertificate, role: &str, path: &str) {
    let subject = cert.subject();
    let key = public_key_info(cert);
    if key.algorithm.starts_with("RSA") {
        if let Some(bits) = key.bits.filter(|b| *b < MIN_RSA_BITS) {
            cx.push(
                Finding::error(
                    "weak-key",
                    path,
                    format!("{role} {subject} has an RSA key of {bits} bits; OpenSSL's default security level and current Java refuse RSA keys under {MIN_RSA_BITS} bits."),
                    "Re-issue it with an RSA key of 2048 bits or more, or an ECDSA P-256 key.",
                )
                .about(subject.clone()),
            );
        }
    } else if key.algorithm == "DSA" {
        cx.push(
            Finding::error(
                "weak-key",
                path,
                format!("{role} {subject} has a DSA key, which TLS 1.3 and current clients do not accept."),
                "Re-issue it with an ECDSA P-256 or RSA 2048+ key.",
            )
            .about(subject.clone()),
        );
    }
    // A root's signature on itself is never checked by anyone; any other signature is.
    let self_signed_root = cert.is_self_issued() && cert.is_ca();
    if let Some(hash) = weak_signature_hash(cert).filter(|_| !self_signed_root) {
        cx.push(
            Finding::error(
                "weak-signature",
                path,
                format!(
                    "{role} {subject} is signed with {} ({hash}); {hash} signatures are forgeable and TLS clients (OpenSSL, Java, rustls) reject them.",
                    signature_algorithm(cert)
                ),
                "Have the CA re-issue it with a SHA-256 signature (openssl x509 -req … -sha256).",
            )
            .about(subject),
        );
    }
}

fn check_key_match(cx: &mut Context<'_>, leaf: &ParsedCertificate, key: &PrivateKey) {
    let cert_bits = leaf
        .cert
        .tbs_certificate
        .subject_public_key_info
        .subject_public_key
        .raw_bytes();
    let key_spki = key.spki_der();
    let key_bits = spki::SubjectPublicKeyInfoRef::try_from(key_spki.as_slice())
        .ok()
        .map(|s| s.subject_public_key.raw_bytes().to_vec());
    if key_bits.as_deref() == Some(cert_bits) {
        return;
    }
    let subject = leaf.subject();
    cx.push(
        Finding::error(
            "key-mismatch",
            cx.request.key_path.clone(),
            format!(
                "The private key ({}) does not belong to {subject} (whose public key is {}): the pod could not complete a TLS handshake.",
                key.description(),
                public_key_info(leaf).description
            ),
            "Give the key the certificate was issued for (the one its CSR was made with), or re-issue the certificate for this key.",
        )
        .about(subject),
    );
}

/// A name a wildcard requirement is checked with: any single label would do.
const WILDCARD_PROBE: &str = "wildcard-probe-0";

fn check_names(cx: &mut Context<'_>, leaf: &ParsedCertificate, end_entity: &EndEntityCert<'_>) {
    if cx.request.dns_names.is_empty() {
        return;
    }
    let subject = leaf.subject();
    let path = cx.request.certificate_path.clone();
    let (dns, ips, _) = subject_alt_names(leaf);
    if dns.is_empty() && ips.is_empty() {
        cx.push(
            Finding::error(
                "no-san",
                path,
                format!("{subject} has no subjectAltName DNS names; TLS clients ignore the common name, so it matches no name at all."),
                "Re-issue it with every name listed below as a subjectAltName (openssl: -addext \"subjectAltName=DNS:name1,DNS:name2\").",
            )
            .about(subject)
            .with_names(cx.request.dns_names.to_vec()),
        );
        return;
    }
    let mut missing = Vec::new();
    let mut invalid = Vec::new();
    for name in cx.request.dns_names {
        let probe = match name.strip_prefix("*.") {
            Some(rest) => format!("{WILDCARD_PROBE}.{rest}"),
            None => name.clone(),
        };
        match ServerName::try_from(probe) {
            Err(_) => invalid.push(name.clone()),
            Ok(server_name) => {
                if end_entity
                    .verify_is_valid_for_subject_name(&server_name)
                    .is_err()
                {
                    missing.push(name.clone());
                }
            }
        }
    }
    if !invalid.is_empty() {
        cx.push(
            Finding::error(
                "invalid-name",
                "dns names",
                format!(
                    "{} is not a valid DNS name or IP address.",
                    invalid.join(", ")
                ),
                "Give host names such as my-svc.my-namespace.svc, or IP addresses.",
            )
            .about(subject.clone())
            .with_names(invalid),
        );
    }
    if !missing.is_empty() {
        let who = match cx.request.service {
            Some(key) => format!("the {} Service", key.label()),
            None => "this service".to_string(),
        };
        let wildcard_note = if missing.iter().any(|n| n.starts_with("*.")) {
            " (a name starting with *. needs a wildcard SAN: each pod is reached by its own name)"
        } else {
            ""
        };
        let has = if dns.is_empty() {
            "none".to_string()
        } else {
            dns.join(", ")
        };
        cx.push(
            Finding::error(
                "san-missing",
                path,
                format!(
                    "{subject} does not cover {}, needed to reach {who}{wildcard_note}. Its DNS names: {has}.",
                    missing.join(", ")
                ),
                "Re-issue the certificate with these names added to its subjectAltName, or use a certificate that covers them.",
            )
            .about(subject)
            .with_names(missing),
        );
    }
}

/// Checks the path to a CA; returns the subject of the CA it reaches.
#[allow(deprecated)] // webpki still returns the context-free variants in places
fn check_path(
    cx: &mut Context<'_>,
    chain: &[ParsedCertificate],
    end_entity: &EndEntityCert<'_>,
) -> Option<String> {
    let request = cx.request;
    if request.cas.is_empty() {
        cx.push(Finding::warning(
            "chain-not-checked",
            request.ca_path.clone(),
            "No CA certificate was given, so whether the chain reaches a trusted CA was not checked.",
            "Give the CA certificate(s) the services trust (the ca.crt of the CA Secret).",
        ));
        return None;
    }
    let mut anchors: Vec<(TrustAnchor<'_>, &ParsedCertificate)> = Vec::new();
    for ca in request.cas {
        match webpki::anchor_from_trusted_cert(&CertificateDer::from(ca.der.as_slice())) {
            Ok(anchor) => anchors.push((anchor.to_owned(), ca)),
            Err(e) => cx.push(
                Finding::warning(
                    "ca-unusable",
                    request.ca_path.clone(),
                    format!(
                        "The CA certificate {} cannot be used as a trust anchor ({}).",
                        ca.subject(),
                        describe_webpki(&e)
                    ),
                    "Check that the CA file holds CA certificates in PEM.",
                )
                .about(ca.subject()),
            ),
        }
    }
    let trust: Vec<TrustAnchor<'_>> = anchors.iter().map(|(a, _)| a.clone()).collect();
    let intermediates: Vec<CertificateDer<'_>> = chain
        .get(1..)
        .unwrap_or(&[])
        .iter()
        .map(|c| CertificateDer::from(c.der.as_slice()))
        .collect();
    let at = unix_time(request.at);
    let primary = end_entity
        .verify_for_usage(
            super::verify::ALL,
            &trust,
            &intermediates,
            at,
            Purposes {
                client: request.client_auth,
            },
            None,
            None,
        )
        .map(|path| path.anchor().clone());
    let anchor = match primary {
        Ok(anchor) => Some(anchor),
        Err(e) => {
            let retry = match &e {
                webpki::Error::CertExpired { .. } | webpki::Error::CertNotValidYet { .. } => {
                    if !cx.has_any(&["expired", "not-yet-valid"]) {
                        report_path_error(cx, chain, &e);
                    }
                    true
                }
                webpki::Error::RequiredEkuNotFound
                | webpki::Error::RequiredEkuNotFoundContext(_) => {
                    if !cx.has_any(&["eku-server-auth-missing", "eku-client-auth-missing"]) {
                        report_path_error(cx, chain, &e);
                    }
                    true
                }
                webpki::Error::CaUsedAsEndEntity => {
                    if !cx.has("leaf-is-ca") {
                        report_path_error(cx, chain, &e);
                    }
                    true
                }
                _ => {
                    report_path_error(cx, chain, &e);
                    false
                }
            };
            if retry {
                // Check signatures and issuers apart from time and usages,
                // which are reported on their own above.
                let window = chain.iter().map(|c| c.not_before()).max();
                let at = window
                    .filter(|t| chain.iter().all(|c| c.not_after() >= *t))
                    .unwrap_or_else(|| chain.first().map(|c| c.not_before()).unwrap_or(request.at));
                match end_entity.verify_for_usage(
                    super::verify::ALL,
                    &trust,
                    &intermediates,
                    unix_time(at),
                    AnyPurpose,
                    None,
                    None,
                ) {
                    Ok(path) => Some(path.anchor().clone()),
                    Err(
                        webpki::Error::CertExpired { .. }
                        | webpki::Error::CertNotValidYet { .. }
                        | webpki::Error::CaUsedAsEndEntity,
                    ) => None,
                    Err(e2) => {
                        report_path_error(cx, chain, &e2);
                        None
                    }
                }
            } else {
                None
            }
        }
    };
    let ca = anchor.and_then(|a| anchors.iter().find(|(t, _)| *t == a).map(|(_, ca)| *ca))?;
    check_validity(cx, ca, "The CA certificate", &request.ca_path);
    check_strength(cx, ca, "The CA certificate", &request.ca_path);
    Some(ca.subject())
}

fn describe_webpki(e: &webpki::Error) -> String {
    use webpki::Error as E;
    match e {
        E::BadDer | E::BadDerTime | E::TrailingData(_) => "its DER encoding is invalid".into(),
        E::UnsupportedCertVersion => "it is not an X.509 v3 certificate".into(),
        E::UnsupportedCriticalExtension => {
            "it has a critical extension TLS libraries do not understand".into()
        }
        E::MalformedExtensions | E::ExtensionValueInvalid => {
            "one of its extensions is malformed".into()
        }
        other => format!("{other:?}"),
    }
}

#[allow(deprecated)] // webpki still returns the context-free variants in places
fn report_path_error(cx: &mut Context<'_>, chain: &[ParsedCertificate], e: &webpki::Error) {
    use webpki::Error as E;
    let request = cx.request;
    let path = request.certificate_path.clone();
    let leaf_subject = chain.first().map(|c| c.subject()).unwrap_or_default();
    let top = chain.last();
    let top_issuer = top.map(|c| c.issuer()).unwrap_or_default();
    let ca_names: Vec<String> = request.cas.iter().map(|c| c.subject()).collect();
    let finding = match e {
        E::UnknownIssuer => {
            let same_name = top.is_some_and(|t| {
                request.cas.iter().any(|ca| ca.subject_der() == t.issuer_der())
            });
            if same_name {
                Finding::error(
                    "signed-by-another-ca",
                    path,
                    format!(
                        "The chain names {top_issuer} as its issuer, and a CA of that name was given, but that CA's key did not sign it: it was issued by another CA with the same name."
                    ),
                    "Use the CA certificate that really issued it (compare fingerprints), or have the certificate re-issued by the given CA.",
                )
            } else {
                Finding::error(
                    "signed-by-another-ca",
                    path,
                    format!(
                        "The chain does not lead to any CA given: it was issued by {top_issuer}, but the CA file holds {}.",
                        if ca_names.is_empty() { "no usable CA".to_string() } else { ca_names.join("; ") }
                    ),
                    "Put the CA that issued it in the CA file (for the chart: ca.crt of the Secret named in existing_ca_secret_name), append any intermediate CA to tls.crt after the leaf, or have the certificate issued by your CA.",
                )
            }
        }
        E::InvalidSignatureForPublicKey => {
            let same_name = top.is_some_and(|t| {
                request.cas.iter().any(|ca| ca.subject_der() == t.issuer_der())
            });
            if same_name {
                Finding::error(
                    "signed-by-another-ca",
                    path,
                    format!(
                        "The chain names {top_issuer} as its issuer, and a CA of that name was given, but its signature does not verify with that CA's key: it was issued by another CA with the same name (or was damaged)."
                    ),
                    "Use the CA certificate that really issued it (compare the CA's fingerprint with the one your PKI publishes), or have the certificate re-issued by the given CA.",
                )
            } else {
                Finding::error(
                    "bad-signature",
                    path,
                    format!("A signature in the chain of {leaf_subject} does not verify: a certificate was not signed by the key of the CA it names (another CA with the same name, or a damaged certificate)."),
                    "Check that each intermediate in tls.crt is the one that issued the certificate before it, or have the certificate re-issued.",
                )
            }
        }
        E::UnsupportedSignatureAlgorithm
        | E::UnsupportedSignatureAlgorithmContext(_)
        | E::UnsupportedSignatureAlgorithmForPublicKey
        | E::UnsupportedSignatureAlgorithmForPublicKeyContext(_) => {
            if cx.has("weak-signature") {
                return;
            }
            Finding::error(
                "unsupported-signature-algorithm",
                path,
                format!("A certificate in the chain of {leaf_subject} is signed with an algorithm the wizard cannot verify (it verifies ECDSA P-256/P-384, RSA PKCS#1 v1.5 and PSS with SHA-2, and Ed25519)."),
                "Have it re-issued with a SHA-256 signature by an RSA or ECDSA P-256/P-384 CA.",
            )
        }
        E::EndEntityUsedAsCa => Finding::error(
            "issuer-not-ca",
            path,
            format!("A certificate that issued another in the chain of {leaf_subject} is not a CA (its basicConstraints lack CA:TRUE)."),
            "Check the order and contents of tls.crt: leaf first, then the intermediate CAs; only CA certificates may issue.",
        ),
        E::CaUsedAsEndEntity => Finding::error(
            "leaf-is-ca",
            path,
            format!("{leaf_subject} is a CA certificate, given as the service's certificate."),
            "Issue a server certificate for the service from this CA.",
        ),
        E::PathLenConstraintViolated => Finding::error(
            "path-length",
            path,
            "The chain is longer than a CA's pathLenConstraint allows.",
            "Have the certificate issued by a CA allowed to issue at this depth.",
        ),
        E::NameConstraintViolation => Finding::error(
            "name-constraints",
            path,
            "A CA in the chain has name constraints that exclude this certificate's names.",
            "Have the certificate issued by a CA allowed to issue for these names.",
        ),
        E::CertExpired { .. } | E::CertNotValidYet { .. } => Finding::error(
            "chain-not-valid-now",
            path,
            format!("A certificate in the chain of {leaf_subject} is not valid at {}.", rfc3339(request.at)),
            "Renew the expired certificate in the chain.",
        ),
        E::RequiredEkuNotFound | E::RequiredEkuNotFoundContext(_) => Finding::error(
            "eku-chain",
            path,
            format!("A CA in the chain of {leaf_subject} restricts extended key usage, and serverAuth{} is not among them.", if request.client_auth { " or clientAuth" } else { "" }),
            "Have the certificate issued by a CA whose extendedKeyUsage (if any) includes serverAuth and clientAuth.",
        ),
        other => Finding::error(
            "chain-invalid",
            path,
            format!("The chain of {leaf_subject} does not verify: {}.", describe_webpki(other)),
            "Check that tls.crt holds the leaf then its intermediate CAs, and that the CA file holds the CA that issued them.",
        ),
    };
    cx.push(finding.about(leaf_subject));
}

/// Which input of [`check_texts`] could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InputField {
    /// The certificate (chain).
    Certificate,
    /// The private key.
    Key,
    /// The CA certificate(s).
    Ca,
}

/// An input of [`check_texts`] that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {error}", match .field { InputField::Certificate => "certificate", InputField::Key => "private key", InputField::Ca => "CA certificate(s)" })]
pub struct TextInputError {
    /// Which input.
    pub field: InputField,
    /// Why.
    pub error: ImportError,
}

/// Pasted texts to check together.
#[derive(Debug, Clone)]
pub struct CheckTexts<'a> {
    /// The certificate, with any intermediates (PEM).
    pub certificate: &'a str,
    /// The private key (PEM), when given.
    pub key: Option<&'a str>,
    /// The key's passphrase, when it is encrypted.
    pub key_passphrase: Option<&'a [u8]>,
    /// The CA certificate(s) (PEM); empty to skip the chain check.
    pub ca: &'a str,
    /// The names the certificate must cover.
    pub dns_names: &'a [String],
    /// Whether clientAuth is needed too.
    pub client_auth: bool,
    /// The service, when known.
    pub service: Option<ServiceKey>,
    /// The time to check validity at.
    pub at: OffsetDateTime,
}

/// Reads and checks pasted texts: what the page calls for one service.
pub fn check_texts(input: &CheckTexts<'_>) -> Result<CheckReport, TextInputError> {
    // Each text is PEM, or Secret manifests holding it, as the CLI reads files.
    let certificates = pem_or_secret(input.certificate, "tls.crt")
        .and_then(|text| read_certificates(&text))
        .map_err(|error| TextInputError {
            field: InputField::Certificate,
            error,
        })?;
    let key = match input.key {
        Some(text) => Some(
            pem_or_secret(text, "tls.key")
                .and_then(|text| read_private_key(&text, input.key_passphrase))
                .map_err(|error| TextInputError {
                    field: InputField::Key,
                    error,
                })?,
        ),
        None => None,
    };
    let cas = if input.ca.trim().is_empty() {
        Vec::new()
    } else {
        pem_or_secret(input.ca, "ca.crt")
            .and_then(|text| read_ca_bundle(&text))
            .map_err(|error| TextInputError {
                field: InputField::Ca,
                error,
            })?
    };
    Ok(check_certificate(&CheckRequest {
        service: input.service,
        chain: &certificates,
        key: key.as_ref().map(|k| &k.key),
        cas: &cas,
        dns_names: input.dns_names,
        client_auth: input.client_auth,
        at: input.at,
        certificate_path: "certificate".into(),
        key_path: "private key".into(),
        ca_path: "CA".into(),
    }))
}
