//! Issuance: a new private CA or the user's own, and one leaf certificate per
//! planned Secret, signed with rcgen over RustCrypto keys.

use der::Tagged;
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, DnValue,
    ExtendedKeyUsagePurpose, IsCa, Issuer, KeyIdMethod, KeyUsagePurpose, SanType,
};
use time::{Duration, OffsetDateTime};
use zeroize::Zeroizing;

use crate::release::{SecretName, ServiceKey, SubjectAltName};
use crate::values::{CaPlan, IssuePlan, LeafPlan};

use super::keys::{KeyError, PrivateKey};
use super::parsed::{CertificateError, ParsedCertificate};
use super::random::{random_serial, RandomError};

/// How far back a new certificate's validity starts, for clocks that run behind.
pub const CLOCK_SKEW: Duration = Duration::minutes(5);

/// The latest moment a certificate may be valid until (X.509's GeneralizedTime ends in 9999).
fn latest_not_after() -> OffsetDateTime {
    rcgen::date_time_ymd(9999, 12, 31)
}

/// Why issuance failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IssueError {
    /// A key could not be made or read.
    #[error("{0}")]
    Key(#[from] KeyError),
    /// The random source failed.
    #[error("{0}")]
    Random(#[from] RandomError),
    /// The user's CA key could not be read.
    #[error("CA key: {0}")]
    CaKey(KeyError),
    /// The user's CA certificate could not be read.
    #[error("CA certificate: {0}")]
    CaCertificate(#[from] CertificateError),
    /// The user's CA cannot sign the certificates.
    #[error("{message} {hint}")]
    CaUnusable {
        /// Whether the problem lies in the key (else in the certificate).
        in_key: bool,
        /// What is wrong.
        message: String,
        /// What to do.
        hint: String,
    },
    /// The plan wants the user's CA but none was given, or the other way round.
    #[error("{0}")]
    CaMissing(String),
    /// Keys handed in (made by the browser's WebCrypto) do not fit the plan.
    #[error("{0}")]
    GivenKeys(String),
    /// rcgen refused the parameters.
    #[error("could not build the certificate for {what}: {reason}")]
    Build {
        /// Which certificate.
        what: String,
        /// What rcgen said.
        reason: String,
    },
}

/// A CA that signs the leaves, with its certificate for `ca.crt`.
pub struct CertificateAuthority {
    key: PrivateKey,
    params: CertificateParams,
    /// The signing certificate.
    pub certificate: ParsedCertificate,
    /// Certificates that go after each leaf in `tls.crt` (the user's intermediates).
    pub chain: Vec<ParsedCertificate>,
    /// What goes into `ca.crt`: the certificates the chart's services trust.
    pub trust: Vec<ParsedCertificate>,
    /// Whether the wizard made this CA (so its key is part of the output).
    pub is_new: bool,
}

impl std::fmt::Debug for CertificateAuthority {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "CertificateAuthority({:?}, new: {})",
            self.certificate, self.is_new
        )
    }
}

/// The user's CA as given: certificate PEM (the signing CA first, then any
/// parents) and its private key PEM.
pub struct ProvidedCa<'a> {
    /// Certificate PEM.
    pub certificate_pem: &'a str,
    /// Private key PEM (PKCS#8, PKCS#1 or SEC1).
    pub key_pem: &'a str,
}

impl CertificateAuthority {
    /// Makes a new self-signed root CA valid from `now` for `days`.
    pub fn create(
        common_name: &str,
        days: u32,
        key: PrivateKey,
        now: OffsetDateTime,
    ) -> Result<Self, IssueError> {
        let mut params = CertificateParams::default();
        let mut dn = DistinguishedName::new();
        dn.push(
            DnType::CommonName,
            DnValue::Utf8String(common_name.to_string()),
        );
        params.distinguished_name = dn;
        params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        params.not_before = now - CLOCK_SKEW;
        params.not_after = (now + Duration::days(i64::from(days))).min(latest_not_after());
        params.serial_number = Some(random_serial()?);
        params.key_identifier_method = KeyIdMethod::PreSpecified(key.key_identifier());
        params.use_authority_key_identifier_extension = true;
        let cert = params.self_signed(&key).map_err(|e| IssueError::Build {
            what: "the CA".into(),
            reason: e.to_string(),
        })?;
        let certificate = ParsedCertificate::from_der(cert.der(), 1)?;
        Ok(Self {
            key,
            params,
            trust: vec![certificate.clone()],
            certificate,
            chain: Vec::new(),
            is_new: true,
        })
    }

    /// Loads the user's CA, checking that it is a CA, that the key is its key,
    /// and that it is valid at `now`.
    pub fn load(provided: &ProvidedCa<'_>, now: OffsetDateTime) -> Result<Self, IssueError> {
        let certs = ParsedCertificate::parse_pem_chain(provided.certificate_pem)?;
        let key = PrivateKey::from_pem(provided.key_pem).map_err(IssueError::CaKey)?;
        let Some(signing) = certs.first().cloned() else {
            return Err(IssueError::CaCertificate(CertificateError::None));
        };
        let unusable = |message: String, hint: &str| IssueError::CaUnusable {
            in_key: false,
            message,
            hint: hint.to_string(),
        };
        if !signing.is_ca() {
            return Err(unusable(
                format!("The certificate {} is not a CA (its basicConstraints do not say CA:TRUE).", signing.subject()),
                "Give the CA's certificate, not a server certificate; the signing CA must come first in the file.",
            ));
        }
        if !signing.may_sign_certificates() {
            return Err(unusable(
                format!(
                    "The CA {} may not sign certificates (its keyUsage lacks keyCertSign).",
                    signing.subject()
                ),
                "Use a CA certificate whose keyUsage includes keyCertSign.",
            ));
        }
        if signing.spki_der() != key.spki_der() {
            return Err(IssueError::CaUnusable {
                in_key: true,
                message: format!(
                    "The CA key ({}) does not belong to the CA certificate {}.",
                    key.description(),
                    signing.subject()
                ),
                hint: "Give the private key that was made with this CA certificate.".into(),
            });
        }
        if signing.not_after() <= now {
            return Err(unusable(
                format!(
                    "The CA {} expired on {}.",
                    signing.subject(),
                    signing.not_after().date()
                ),
                "Renew the CA, or let the wizard make a new one.",
            ));
        }
        if signing.not_before() > now {
            return Err(unusable(
                format!(
                    "The CA {} is not valid until {}.",
                    signing.subject(),
                    signing.not_before().date()
                ),
                "Check the machine's clock, or use a CA that is valid now.",
            ));
        }
        let mut params = CertificateParams::default();
        params.distinguished_name = distinguished_name(&signing)?;
        params.key_identifier_method = KeyIdMethod::PreSpecified(
            signing
                .subject_key_identifier()
                .unwrap_or_else(|| key.key_identifier()),
        );
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign];
        params.not_after = signing.not_after();
        let self_signed: Vec<ParsedCertificate> = certs
            .iter()
            .filter(|c| c.is_self_issued())
            .cloned()
            .collect();
        let chain: Vec<ParsedCertificate> = certs
            .iter()
            .filter(|c| !c.is_self_issued())
            .cloned()
            .collect();
        let trust = if self_signed.is_empty() {
            // No root given: trust the topmost certificate given.
            certs.last().cloned().into_iter().collect()
        } else {
            self_signed
        };
        Ok(Self {
            key,
            params,
            certificate: signing,
            chain,
            trust,
            is_new: false,
        })
    }

    /// The CA certificate(s) for `ca.crt`, as PEM.
    pub fn trust_pem(&self) -> String {
        self.trust.iter().map(ParsedCertificate::to_pem).collect()
    }

    /// The CA's private key as PKCS#8 PEM: only for a CA made here.
    pub fn key_pem(&self) -> Result<Option<Zeroizing<String>>, KeyError> {
        if self.is_new {
            self.key.to_pkcs8_pem().map(Some)
        } else {
            Ok(None)
        }
    }

    /// When the CA stops being valid; no leaf outlives it.
    pub fn not_after(&self) -> OffsetDateTime {
        self.certificate.not_after()
    }

    /// Issues one leaf certificate for a planned Secret.
    pub fn issue(
        &self,
        leaf: &LeafPlan,
        key: PrivateKey,
        days: u32,
        now: OffsetDateTime,
    ) -> Result<IssuedCertificate, IssueError> {
        let build_error = |e: rcgen::Error| IssueError::Build {
            what: format!("Secret {}", leaf.secret),
            reason: e.to_string(),
        };
        let mut params = CertificateParams::default();
        let mut dn = DistinguishedName::new();
        dn.push(
            DnType::CommonName,
            DnValue::Utf8String(leaf.common_name.clone()),
        );
        params.distinguished_name = dn;
        params.subject_alt_names = leaf
            .sans
            .iter()
            .map(|san| match san {
                SubjectAltName::Dns(name) => {
                    name.as_str().to_string().try_into().map(SanType::DnsName)
                }
                SubjectAltName::Ip(ip) => Ok(SanType::IpAddress(*ip)),
            })
            .collect::<Result<_, _>>()
            .map_err(build_error)?;
        params.is_ca = IsCa::ExplicitNoCa;
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        if key.description().starts_with("RSA") {
            params.key_usages.push(KeyUsagePurpose::KeyEncipherment);
        }
        params.extended_key_usages = vec![
            ExtendedKeyUsagePurpose::ServerAuth,
            ExtendedKeyUsagePurpose::ClientAuth,
        ];
        params.not_before = now - CLOCK_SKEW;
        params.not_after = (now + Duration::days(i64::from(days)))
            .min(self.not_after())
            .min(latest_not_after());
        params.serial_number = Some(random_serial()?);
        params.key_identifier_method = KeyIdMethod::PreSpecified(key.key_identifier());
        params.use_authority_key_identifier_extension = true;

        let issuer = Issuer::from_params(&self.params, &self.key);
        let cert = params.signed_by(&key, &issuer).map_err(build_error)?;
        let certificate = ParsedCertificate::from_der(cert.der(), 1)?;
        if certificate.issuer_der() != self.certificate.subject_der() {
            return Err(IssueError::CaUnusable {
                in_key: false,
                message: format!("The CA's name {} uses a form (repeated or multi-valued attributes) the wizard cannot copy exactly into certificates.", self.certificate.subject()),
                hint: "Sign with a CA whose subject has one attribute per part, or let the wizard make a new CA.".into(),
            });
        }
        let mut chain_pem = certificate.to_pem();
        for parent in &self.chain {
            chain_pem.push_str(&parent.to_pem());
        }
        Ok(IssuedCertificate {
            secret: leaf.secret.clone(),
            services: leaf.services.clone(),
            key_pem: key.to_pkcs8_pem()?,
            chain_pem,
            certificate,
            carries_ca: leaf.carries_ca,
        })
    }
}

/// Copies a certificate's subject into rcgen's form, keeping string types.
fn distinguished_name(cert: &ParsedCertificate) -> Result<DistinguishedName, IssueError> {
    let mut dn = DistinguishedName::new();
    let unsupported = || {
        IssueError::CaUnusable {
        in_key: false,
        message: format!("The CA's name {} has an attribute the wizard cannot copy.", cert.subject()),
        hint: "Sign with a CA whose subject uses common attributes and string types, or let the wizard make a new CA.".into(),
    }
    };
    for rdn in cert.cert.tbs_certificate.subject.0.iter() {
        for atv in rdn.0.iter() {
            let arcs: Vec<u64> = atv.oid.arcs().map(u64::from).collect();
            let ty = DnType::from_oid(&arcs);
            let bytes = atv.value.value();
            let text = || String::from_utf8(bytes.to_vec()).map_err(|_| unsupported());
            let value = match atv.value.tag() {
                der::Tag::Utf8String => DnValue::Utf8String(text()?),
                der::Tag::PrintableString => {
                    DnValue::PrintableString(text()?.try_into().map_err(|_| unsupported())?)
                }
                der::Tag::Ia5String => {
                    DnValue::Ia5String(text()?.try_into().map_err(|_| unsupported())?)
                }
                der::Tag::TeletexString => {
                    DnValue::TeletexString(text()?.try_into().map_err(|_| unsupported())?)
                }
                der::Tag::BmpString => DnValue::BmpString(
                    rcgen::string::BmpString::from_utf16be(bytes.to_vec())
                        .map_err(|_| unsupported())?,
                ),
                _ => return Err(unsupported()),
            };
            dn.push(ty, value);
        }
    }
    Ok(dn)
}

/// A certificate made for one Secret, with its key.
pub struct IssuedCertificate {
    /// The Secret that holds it.
    pub secret: SecretName,
    /// The components that mount that Secret.
    pub services: Vec<ServiceKey>,
    /// The leaf.
    pub certificate: ParsedCertificate,
    /// `tls.crt`: the leaf, then the user's intermediates.
    pub chain_pem: String,
    /// `tls.key`: unencrypted PKCS#8.
    pub key_pem: Zeroizing<String>,
    /// Whether the Secret also carries `ca.crt`.
    pub carries_ca: bool,
}

impl std::fmt::Debug for IssuedCertificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "IssuedCertificate({} for Secret {})",
            self.certificate.subject(),
            self.secret
        )
    }
}

/// A CA and every leaf of a plan.
#[derive(Debug)]
pub struct IssuedBundle {
    /// The signing CA.
    pub ca: CertificateAuthority,
    /// One per Secret, in plan order.
    pub leaves: Vec<IssuedCertificate>,
}

/// Where the CA comes from at generation time.
pub enum CaSource<'a> {
    /// Make a new one.
    New,
    /// Use the user's.
    Provided(ProvidedCa<'a>),
}

/// Progress as "done of total" certificates, for the page's progress bar.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize);

/// Where the keys of a bundle come from.
pub enum KeySource {
    /// Made here from the CSPRNG with RustCrypto (the CLI, the tests).
    Generate,
    /// Made elsewhere from a CSPRNG (the browser's WebCrypto, which makes RSA
    /// keys natively), in issuance order: the new CA's first when the plan
    /// makes one, then one per leaf. Each is checked against the plan.
    Given(Vec<PrivateKey>),
}

/// How many keys of which algorithm an issue plan needs: the new CA's (when
/// the plan makes one) and one per leaf.
pub fn keys_needed(plan: &IssuePlan) -> usize {
    let ca = usize::from(matches!(plan.ca, CaPlan::New { .. }));
    ca + plan.leaves.len()
}

/// Checks keys made elsewhere against the plan: the right number, the plan's
/// algorithm and size, and no key used twice.
fn check_given_keys(plan: &IssuePlan, keys: &[PrivateKey]) -> Result<(), IssueError> {
    let needed = keys_needed(plan);
    if keys.len() != needed {
        return Err(IssueError::GivenKeys(format!(
            "{} keys were given; the settings need {needed} ({} each)",
            keys.len(),
            plan.key
        )));
    }
    let mut seen = std::collections::BTreeSet::new();
    for (index, key) in keys.iter().enumerate() {
        if key.algorithm() != Some(plan.key) {
            return Err(IssueError::GivenKeys(format!(
                "key {} is {}; the settings ask for {}",
                index + 1,
                key.description(),
                plan.key
            )));
        }
        if !seen.insert(key.spki_der()) {
            return Err(IssueError::GivenKeys(format!(
                "key {} was given twice; every certificate needs its own key",
                index + 1
            )));
        }
    }
    Ok(())
}

/// Makes every key and certificate of an issue plan. `now` comes from the
/// caller (wasm32 has no clock of its own).
pub fn issue_bundle(
    plan: &IssuePlan,
    ca_source: CaSource<'_>,
    now: OffsetDateTime,
    progress: Progress<'_>,
) -> Result<IssuedBundle, IssueError> {
    issue_bundle_with_keys(plan, ca_source, KeySource::Generate, now, progress)
}

/// [`issue_bundle`] with the keys from `keys`: generated here, or given.
pub fn issue_bundle_with_keys(
    plan: &IssuePlan,
    ca_source: CaSource<'_>,
    keys: KeySource,
    now: OffsetDateTime,
    progress: Progress<'_>,
) -> Result<IssuedBundle, IssueError> {
    let mut given = match keys {
        KeySource::Generate => None,
        KeySource::Given(keys) => {
            check_given_keys(plan, &keys)?;
            Some(keys.into_iter())
        }
    };
    let mut next_key = || -> Result<PrivateKey, IssueError> {
        match given.as_mut() {
            None => Ok(PrivateKey::generate(plan.key)?),
            Some(keys) => keys
                .next()
                .ok_or_else(|| IssueError::GivenKeys("too few keys were given".into())),
        }
    };
    let total = plan.leaves.len() + 1;
    progress(0, total);
    let ca = match (&plan.ca, ca_source) {
        (CaPlan::New { common_name, days }, _) => {
            CertificateAuthority::create(common_name, *days, next_key()?, now)?
        }
        (CaPlan::Provided, CaSource::Provided(provided)) => CertificateAuthority::load(&provided, now)?,
        (CaPlan::Provided, CaSource::New) => {
            return Err(IssueError::CaMissing(
                "The settings ask to sign with your own CA, but no CA certificate and key were given. Give them (--ca-cert and --ca-key), or choose a new CA.".into(),
            ))
        }
    };
    progress(1, total);
    let mut leaves = Vec::with_capacity(plan.leaves.len());
    for (index, leaf) in plan.leaves.iter().enumerate() {
        leaves.push(ca.issue(leaf, next_key()?, plan.days, now)?);
        progress(index + 2, total);
    }
    Ok(IssuedBundle { ca, leaves })
}
