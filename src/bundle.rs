//! The whole pipeline in one call, [`make`]: settings in, a plan, the
//! certificates (issued here, brought, or left to cert-manager), the files,
//! and the user's values file merged. The CLI and the wasm API both go
//! through [`make`], so they cannot drift apart.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::daytwo::merge::{merge_document, MergeError, Merged};
use crate::import::{
    check_texts, read_ca_bundle, read_chain, read_private_key, CheckTexts, Finding, InputField,
};
use crate::output::{render, BundleMaterial, OutputError, OutputFile, SecretMaterial};
use crate::pki::{
    issue_bundle_with_keys, keys_needed, CaSource, IssueError, KeyAlgorithm, KeySource,
    ParsedCertificate,
};
use crate::release::ServiceKey;
use crate::values::{
    plan, Diagnostic, KeycloakTrust, LeafPlan, MainCertificatePlan, MainSource, Plan, Settings,
    Severity, ValuesDocument, Work,
};

/// Why a bundle was not produced.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// The settings hold errors; nothing was made.
    #[error("the settings have {} error(s)", .0.iter().filter(|d| d.severity == Severity::Error).count())]
    Invalid(Vec<Diagnostic>),
    /// Keys or certificates could not be made.
    #[error("{0}")]
    Issue(#[from] IssueError),
    /// The files could not be written.
    #[error("{0}")]
    Output(#[from] OutputError),
    /// Brought certificates that would not work, each finding naming the service.
    #[error("{} of the certificates you brought would not work", .0.iter().filter(|f| f.severity == Severity::Error).count())]
    Certificates(Vec<Finding>),
    /// The settings ask for something this call does not do.
    #[error("{0}")]
    Unsupported(String),
    /// The user's values file cannot take the new values.
    #[error("{0}")]
    Merge(#[from] MergeError),
}

/// Where a bundle's certificates come from. The settings decide the mode
/// (`certificates.provider`); this carries what that mode needs.
pub enum CertificateSource<'a> {
    /// Made here (or, in cert-manager and values-only modes, not at all):
    /// signed by a new CA or the user's, with keys made here or given.
    Issue {
        /// The CA that signs.
        ca: CaSource<'a>,
        /// Where the keys come from.
        keys: KeySource,
        /// The chart's main certificate, when the user brings it.
        main: Option<&'a BroughtCertificate>,
    },
    /// Brought by the user, one per Secret.
    BringYourOwn(&'a BroughtCertificates),
}

/// Everything one bundle is made from.
pub struct Request<'a> {
    /// The settings.
    pub settings: &'a Settings,
    /// Where the certificates come from.
    pub source: CertificateSource<'a>,
    /// The user's whole values file: values.yaml is then that file with only
    /// the wizard's values changed.
    pub user_values: Option<&'a str>,
    /// The time certificates start from and are judged at.
    pub now: OffsetDateTime,
}

/// Makes one bundle: plan, certificates, files, and the merge into the
/// user's values file. Every caller (the CLI, the page) goes through here.
pub fn make(
    request: Request<'_>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Generated, BundleError> {
    let mut generated = match request.source {
        CertificateSource::Issue { ca, keys, main } => {
            generate_with_keys(request.settings, ca, main, keys, request.now, progress)?
        }
        CertificateSource::BringYourOwn(brought) => {
            generate_bring_your_own(request.settings, brought, request.now)?
        }
    };
    if let Some(text) = request.user_values {
        merge_into_user_values(&mut generated, text)?;
    }
    Ok(generated)
}

/// What a successful generation returns.
#[derive(Debug)]
pub struct Generated {
    /// The files, values.yaml first.
    pub files: Vec<OutputFile>,
    /// Warnings and notes about the settings.
    pub diagnostics: Vec<Diagnostic>,
    /// Warnings and notes about brought certificates.
    pub findings: Vec<Finding>,
    /// The main certificate's SHA-256 SPKI pin (base64), for
    /// `certificate.security_pinned_hashes`, when the bundle holds it.
    pub main_pin: Option<String>,
    /// The values the bundle's values.yaml is rendered from: what a merge
    /// into the user's file writes.
    pub values: ValuesDocument,
    /// The merge into the user's values file, when one was given.
    pub merge: Option<Merged>,
}

fn planned(settings: &Settings) -> Result<(Plan, Vec<Diagnostic>), BundleError> {
    let planned = plan(settings);
    let mut diagnostics = planned.diagnostics;
    read_trusted_cas(settings, &mut diagnostics);
    diagnostics.sort_by_key(|d| d.severity);
    match planned.plan {
        Some(plan) if !crate::values::has_errors(&diagnostics) => Ok((plan, diagnostics)),
        _ => Err(BundleError::Invalid(diagnostics)),
    }
}

/// Parses each additional trusted CA whose PEM framing the plan accepted:
/// a certificate it holds, and a CA's (else trusting it trusts only itself).
fn read_trusted_cas(settings: &Settings, found: &mut Vec<Diagnostic>) {
    use crate::values::plan::ADDITIONAL_CAS_PATH;
    if settings.certificates.provider == crate::values::Provider::CertManager {
        return;
    }
    for (index, pem) in settings
        .certificates
        .additional_trusted_cas
        .iter()
        .enumerate()
        .filter(|(_, pem)| !pem.trim().is_empty())
    {
        let path = format!("{ADDITIONAL_CAS_PATH}[{index}]");
        if found.iter().any(|d| d.path == path) {
            continue;
        }
        check_additional_ca(path, pem, found);
    }
}

/// Reads one additional trusted CA.
fn check_additional_ca(path: String, pem: &str, found: &mut Vec<Diagnostic>) {
    match ParsedCertificate::parse_pem_chain(pem) {
        Ok(certs) if certs.is_empty() => found.push(Diagnostic::error(
            "trusted-ca-unreadable",
            path,
            "This additional CA holds no certificate.",
            "Paste the CA certificate's whole PEM block, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.",
        )),
        Ok(certs) => {
            for cert in certs.iter().filter(|c| !c.is_ca()) {
                found.push(Diagnostic::warning(
                    "trusted-ca-not-a-ca",
                    path.clone(),
                    format!("{} is not a CA certificate; trusting it trusts only itself.", cert.subject()),
                    "Give the certificate of the CA that issued it instead.",
                ));
            }
        }
        Err(e) => found.push(Diagnostic::error(
            "trusted-ca-unreadable",
            path,
            format!("This additional CA cannot be read: {e}."),
            "Paste the CA certificate in PEM form.",
        )),
    }
}

/// Validates the settings, makes every key and certificate, and renders the files.
pub fn generate(
    settings: &Settings,
    ca: CaSource<'_>,
    main: Option<&BroughtCertificate>,
    now: OffsetDateTime,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Generated, BundleError> {
    generate_with_keys(settings, ca, main, KeySource::Generate, now, progress)
}

/// The keys a generation with these settings needs: their algorithm and how
/// many (the new CA's, then one per leaf). `None` when the settings hold errors
/// or make no keys.
pub fn keys_wanted(settings: &Settings) -> Option<(KeyAlgorithm, usize)> {
    match plan(settings).plan?.work {
        Work::Issue(issue) => Some((issue.key, keys_needed(&issue))),
        _ => None,
    }
}

/// [`generate`] with the keys from `keys`: made here, or made elsewhere (the
/// browser's WebCrypto) and checked against the settings.
pub fn generate_with_keys(
    settings: &Settings,
    ca: CaSource<'_>,
    main: Option<&BroughtCertificate>,
    keys: KeySource,
    now: OffsetDateTime,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Generated, BundleError> {
    let (plan, diagnostics) = planned(settings)?;
    let mut findings = Vec::new();
    let mut main_pin = None;
    let mut values = crate::output::values_document(&plan, None);
    let files = match &plan.work {
        Work::ValuesOnly => render(&plan, None)?,
        Work::CertManager(cm) => crate::output::render_cert_manager(&plan, cm)?,
        Work::Issue(issue) => {
            let issued = issue_bundle_with_keys(issue, ca, keys, now, progress)?;
            let mut material = BundleMaterial::from_issued(&issued)?;
            material.ca_pem = with_additional_cas(&material.ca_pem, settings);
            findings = add_main_certificate(&plan, main, &mut material, now)?;
            main_pin = crate::output::main_pin(&plan, &material);
            values = crate::output::values_document(&plan, Some(&material.ca_pem));
            render(&plan, Some(&material))?
        }
        Work::BringYourOwn { .. } => {
            return Err(BundleError::Unsupported(
                "certificates.provider is bring-your-own: give the certificates you bring (tls-wizard generate --cert SERVICE=FILE --key SERVICE=FILE), not a CA to issue them".into(),
            ))
        }
    };
    Ok(Generated {
        files,
        diagnostics,
        findings,
        main_pin,
        values,
        merge: None,
    })
}

/// The three fixes for a main certificate that fails the router's check.
fn main_fixes(main: &MainCertificatePlan) -> String {
    format!(
        "Either have it issued (by a CA in ca.crt, which your clients trust) with the name {} besides {}; or let the wizard issue it (main certificate: issue; browsers, IDE plugins and agents must then trust that CA); or turn verification off.",
        main.backend_name, main.endpoint
    )
}

/// Checks the main certificate the user brings or their values hold, as
/// the router will: the bare backend name and a chain to `ca.crt`. A brought
/// one is added to the material, to be written as its Secret. Errors stop
/// the bundle; warnings are returned.
pub fn add_main_certificate(
    plan: &Plan,
    brought: Option<&BroughtCertificate>,
    material: &mut BundleMaterial,
    now: OffsetDateTime,
) -> Result<Vec<Finding>, BundleError> {
    let Some(main) = &plan.main else {
        return Ok(Vec::new());
    };
    let (certificate, key, passphrase) = match &main.source {
        MainSource::Issue => return Ok(Vec::new()),
        MainSource::FromValues { certificate_pem } => (certificate_pem.as_str(), None, None),
        MainSource::BringYourOwn => match brought.filter(|b| !b.certificate.trim().is_empty()) {
            Some(b) => (
                b.certificate.as_str(),
                Some(b.key.as_str()),
                (!b.passphrase.is_empty()).then_some(b.passphrase.as_bytes()),
            ),
            None => {
                return Err(BundleError::Certificates(vec![Finding::new(
                    Severity::Error,
                    "main-certificate-missing",
                    "main_certificate.certificate",
                    "The main certificate is to be brought, but no certificate and key were given for it.",
                    "Give its certificate and private key (--main-cert FILE --main-key FILE, or paste them), or choose to issue it or turn verification off.",
                )]))
            }
        },
    };
    let where_ = match &main.source {
        MainSource::FromValues { .. } => "certificate.tls.crt".to_string(),
        _ => "main_certificate.certificate".to_string(),
    };
    let names = vec![main.backend_name.to_string()];
    let report = check_texts(&CheckTexts {
        certificate,
        key,
        key_passphrase: passphrase,
        ca: &material.ca_pem,
        dns_names: &names,
        client_auth: false,
        service: None,
        at: now,
    })
    .map_err(|e| {
        BundleError::Certificates(vec![Finding::new(
            Severity::Error,
            "input-unreadable",
            where_.clone(),
            format!("The main certificate cannot be read: {}", e.error),
            "Give the whole PEM block(s), from -----BEGIN to -----END.",
        )])
    })?;
    let mut findings: Vec<Finding> = report
        .findings
        .iter()
        .cloned()
        .map(|mut f| {
            f.path.clone_from(&where_);
            f.message = format!("Main certificate: {}", f.message);
            f
        })
        .collect();
    if !report.valid {
        findings.push(Finding::new(
            Severity::Error,
            "main-certificate-fails",
            where_.clone(),
            format!(
                "With verification on, the router proxies /api/ to https://{} and checks this certificate for that name against ca.crt: it would fail, and with it every API call.",
                main.backend_name
            ),
            main_fixes(main),
        ));
        return Err(BundleError::Certificates(findings));
    }
    if let (MainSource::BringYourOwn, Some(secret), Some(key_text)) =
        (&main.source, &main.secret, key)
    {
        let key = read_private_key(key_text, passphrase)
            .map_err(|e| {
                BundleError::Certificates(vec![Finding::new(
                    Severity::Error,
                    "input-unreadable",
                    "main_certificate.key",
                    format!("The main certificate's private key cannot be read: {e}"),
                    "Give the whole PEM block, from -----BEGIN to -----END.",
                )])
            })?
            .key;
        let not_after = read_chain(&report.chain_pem)
            .ok()
            .and_then(|chain| chain.leaf().map(|leaf| leaf.not_after().date()))
            .unwrap_or(now.date());
        material.leaves.push(SecretMaterial {
            secret: secret.clone(),
            services: Vec::new(),
            chain_pem: report.chain_pem.clone(),
            key_pem: key.to_pkcs8_pem().map_err(OutputError::from)?,
            carries_ca: false,
            not_after,
        });
    }
    Ok(findings)
}

/// A certificate and key the user brings for one component (and every other
/// component that shares its Secret).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct BroughtCertificate {
    /// The component it is for.
    pub service: Option<ServiceKey>,
    /// The certificate, then any intermediates (PEM, any order).
    pub certificate: String,
    /// The private key (PEM: PKCS#8, encrypted PKCS#8, PKCS#1 or SEC1).
    pub key: String,
    /// The key's passphrase, when it is encrypted.
    pub passphrase: String,
}

/// Everything the user brings: one certificate per Secret and the CA bundle
/// the services will trust.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(default, deny_unknown_fields)]
pub struct BroughtCertificates {
    /// One per Secret (found by any of the Secret's components).
    pub certificates: Vec<BroughtCertificate>,
    /// The CA certificate(s) for `ca.crt` (PEM; several allowed).
    pub ca_bundle: String,
    /// The chart's main certificate, when it is brought too.
    pub main_certificate: Option<BroughtCertificate>,
}

fn brought_for<'a>(
    leaf: &LeafPlan,
    brought: &'a BroughtCertificates,
) -> Option<&'a BroughtCertificate> {
    leaf.services.iter().find_map(|key| {
        brought
            .certificates
            .iter()
            .find(|b| b.service == Some(*key))
    })
}

fn input_finding(
    leaf: &LeafPlan,
    service: ServiceKey,
    field: InputField,
    message: String,
) -> Finding {
    let (what, path) = match field {
        InputField::Certificate => ("certificate", "certificate"),
        InputField::Key => ("private key", "key"),
        InputField::Ca => ("CA certificate(s)", "ca_bundle"),
    };
    let mut finding = Finding::new(
        Severity::Error,
        "input-unreadable",
        format!("{}.{path}", service.values_key()),
        format!(
            "The {what} for {} (Secret {}) cannot be read: {message}",
            service.label(),
            leaf.secret
        ),
        "Paste the whole PEM block, from -----BEGIN to -----END.",
    );
    finding.service = Some(service);
    finding
}

/// Checks the certificates the user brings against the plan (names, chain to
/// the CA bundle, key, dates, usages) and renders the files from them,
/// normalised (leaf-first chains, unencrypted PKCS#8 keys). Any error stops it.
pub fn generate_bring_your_own(
    settings: &Settings,
    brought: &BroughtCertificates,
    now: OffsetDateTime,
) -> Result<Generated, BundleError> {
    let (mut plan, diagnostics) = planned(settings)?;
    let ca_named_by_user = !settings
        .internal_tls
        .certificates
        .existing_ca_secret_name
        .is_empty();
    if brought.ca_bundle.trim().is_empty() && !ca_named_by_user {
        // No CA given and none named: the certificates must be publicly
        // trusted, so the values name no CA Secret (the rules warned).
        plan.values.certificates.existing_ca_secret_name.clear();
        if let Work::BringYourOwn { ca_secret, .. } = &mut plan.work {
            *ca_secret = None;
        }
        // Without a CA Secret the router does not verify the backend, and
        // there is no private CA for Keycloak to trust.
        plan.main = None;
        plan.keycloak_trust = KeycloakTrust::Untouched;
    }
    let Work::BringYourOwn { ca_secret, leaves } = &plan.work else {
        return Err(BundleError::Unsupported(
            "the settings do not ask for bring-your-own certificates (certificates.provider)"
                .into(),
        ));
    };
    let mut findings = Vec::new();
    let cas = if brought.ca_bundle.trim().is_empty() {
        if ca_secret.is_some() {
            let mut f = Finding::new(
                Severity::Error,
                "ca-bundle-missing",
                "ca_bundle",
                "existing_ca_secret_name names a CA Secret, but no CA certificate was given for its ca.crt.",
                "Paste the CA certificate(s) that signed your certificates, or clear existing_ca_secret_name if they come from a public CA.",
            );
            f.service = None;
            findings.push(f);
        }
        Vec::new()
    } else {
        match read_ca_bundle(&brought.ca_bundle) {
            Ok(cas) => cas,
            Err(e) => {
                findings.push(Finding::new(
                    Severity::Error,
                    "input-unreadable",
                    "ca_bundle",
                    format!("The CA certificate(s) cannot be read: {e}"),
                    "Paste the CA's whole PEM block(s).",
                ));
                Vec::new()
            }
        }
    };
    let mut material = Vec::new();
    // The CA each certificate reaches, to put the one that issued them first.
    let mut issuers: Vec<String> = Vec::new();
    for leaf in leaves {
        let service = leaf
            .services
            .first()
            .copied()
            .unwrap_or(ServiceKey::Frontend);
        let Some(given) = brought_for(leaf, brought).filter(|b| !b.certificate.trim().is_empty())
        else {
            let mut f = Finding::new(
                Severity::Error,
                "certificate-missing",
                format!("{}.certificate", service.values_key()),
                format!(
                    "No certificate was given for {} (Secret {}).",
                    service.label(),
                    leaf.secret
                ),
                "Paste its certificate and private key.",
            );
            f.service = Some(service);
            findings.push(f);
            continue;
        };
        let differing: Vec<ServiceKey> = brought
            .certificates
            .iter()
            .filter(|b| b.service.is_some_and(|k| leaf.services.contains(&k)))
            .filter(|b| {
                !b.certificate.trim().is_empty() && b.certificate.trim() != given.certificate.trim()
            })
            .filter_map(|b| b.service)
            .collect();
        if !differing.is_empty() {
            let labels: Vec<&str> = differing.iter().map(|k| k.label()).collect();
            let mut f = Finding::new(
                Severity::Error,
                "secret-certificate-conflict",
                format!("{}.certificate", service.values_key()),
                format!(
                    "{} and {} share the Secret {} but were given different certificates; a Secret holds one.",
                    service.label(),
                    labels.join(", "),
                    leaf.secret
                ),
                "Give each its own Secret name, or paste one certificate that covers all their names.",
            );
            f.service = Some(service);
            findings.push(f);
            continue;
        }
        let names: Vec<String> = leaf.sans.iter().map(|s| s.to_string()).collect();
        let passphrase = (!given.passphrase.is_empty()).then_some(given.passphrase.as_bytes());
        let report = check_texts(&CheckTexts {
            certificate: &given.certificate,
            key: Some(&given.key),
            key_passphrase: passphrase,
            ca: &brought.ca_bundle,
            dns_names: &names,
            client_auth: leaf.carries_ca,
            service: Some(service),
            at: now,
        });
        let report = match report {
            Ok(report) => report,
            Err(e) => {
                findings.push(input_finding(leaf, service, e.field, e.error.to_string()));
                continue;
            }
        };
        let key = match read_private_key(&given.key, passphrase) {
            Ok(imported) => imported.key,
            Err(e) => {
                findings.push(input_finding(leaf, service, InputField::Key, e.to_string()));
                continue;
            }
        };
        let not_after = read_chain(&report.chain_pem)
            .ok()
            .and_then(|chain| chain.leaf().map(|leaf| leaf.not_after().date()))
            .unwrap_or(now.date());
        findings.extend(report.findings.iter().cloned());
        if let Some(issuer) = &report.trusted_by {
            issuers.push(issuer.clone());
        }
        let keycloak_reads = |c: &crate::import::CertificateInfo| {
            matches!(c.public_key.algorithm.as_str(), "RSA" | "ECDSA")
        };
        if leaf
            .services
            .iter()
            .any(|k| matches!(k, ServiceKey::Keycloak | ServiceKey::KeycloakCluster))
            && report.chain.first().is_some_and(|c| !keycloak_reads(c))
        {
            let mut f = Finding::new(
                Severity::Error,
                "keycloak-key-algorithm",
                format!("{}.certificate", service.values_key()),
                format!(
                    "The certificate for {} (Secret {}) has a {} key; Keycloak reads only RSA and EC keys and does not start with it.",
                    service.label(),
                    leaf.secret,
                    report.chain.first().map(|c| c.public_key.description.clone()).unwrap_or_default()
                ),
                "Bring a certificate with an ECDSA P-256 (or RSA) key for Keycloak.",
            );
            f.service = Some(service);
            findings.push(f);
            continue;
        }
        if report.valid {
            material.push(SecretMaterial {
                secret: leaf.secret.clone(),
                services: leaf.services.clone(),
                chain_pem: report.chain_pem.clone(),
                key_pem: key.to_pkcs8_pem().map_err(OutputError::from)?,
                carries_ca: leaf.carries_ca,
                not_after,
            });
        }
    }
    if findings.iter().any(|f| f.severity == Severity::Error) {
        return Err(BundleError::Certificates(findings));
    }
    // The backend, the crons and the Keycloak cluster import only the first
    // certificate of ca.crt (keytool): the CA that issued the certificates
    // comes first, whatever the order they were given in.
    let mut cas = cas;
    let first_issuer = issuers
        .iter()
        .max_by_key(|subject| issuers.iter().filter(|s| s == subject).count())
        .cloned();
    if let Some(subject) = first_issuer {
        if let Some(at) = cas.iter().position(|c| c.subject() == subject) {
            if at > 0 {
                let ca = cas.remove(at);
                findings.push(Finding::new(
                    Severity::Info,
                    "ca-bundle-reordered",
                    "ca_bundle",
                    format!("{subject} issued the certificates and now comes first in ca.crt: the backend, the crons and the Keycloak cluster trust only the first certificate of that file."),
                    "",
                ));
                cas.insert(0, ca);
            }
        }
    }
    let ca_pem: String = cas.iter().map(|c| c.to_pem()).collect();
    let ca_pem = if ca_pem.is_empty() {
        ca_pem
    } else {
        with_additional_cas(&ca_pem, settings)
    };
    let mut material = BundleMaterial {
        ca_pem,
        ca_key_pem: None,
        leaves: material,
    };
    findings.extend(add_main_certificate(
        &plan,
        brought.main_certificate.as_ref(),
        &mut material,
        now,
    )?);
    let main_pin = crate::output::main_pin(&plan, &material);
    let files = render(&plan, Some(&material))?;
    Ok(Generated {
        files,
        diagnostics,
        findings,
        main_pin,
        values: crate::output::values_document(&plan, Some(&material.ca_pem)),
        merge: None,
    })
}

/// `ca.crt`: the given CA bundle, then each additional trusted CA of the
/// settings that is not in it yet (by fingerprint), as normalised PEM.
pub fn with_additional_cas(ca_pem: &str, settings: &Settings) -> String {
    let mut out = ca_pem.to_string();
    let mut seen: Vec<String> = ParsedCertificate::parse_pem_chain(ca_pem)
        .map(|certs| certs.iter().map(|c| c.sha256_fingerprint()).collect())
        .unwrap_or_default();
    for pem in &settings.certificates.additional_trusted_cas {
        for cert in ParsedCertificate::parse_pem_chain(pem).unwrap_or_default() {
            let fingerprint = cert.sha256_fingerprint();
            if !seen.contains(&fingerprint) {
                out.push_str(&cert.to_pem());
                seen.push(fingerprint);
            }
        }
    }
    out
}

/// Replaces the generated `values.yaml` with the user's own values file in
/// which only the wizard's values changed (see [`crate::daytwo::merge`]).
/// What is merged is the typed document the bundle was rendered from.
pub fn merge_into_user_values(
    generated: &mut Generated,
    user_values: &str,
) -> Result<(), MergeError> {
    let merged = merge_document(user_values, &generated.values)?;
    if let Some(file) = generated
        .files
        .iter_mut()
        .find(|f| f.name == crate::output::names::VALUES)
    {
        file.contents.clone_from(&merged.merged_text);
    }
    generated.merge = Some(merged);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::PrivateKey;

    fn settings(key: KeyAlgorithm) -> Settings {
        let mut settings = Settings::default();
        settings.release.keycloak_cluster_mode = true;
        settings.certificates.key = key;
        settings
    }

    fn keys(key: KeyAlgorithm, count: usize) -> Vec<PrivateKey> {
        (0..count)
            .map(|_| PrivateKey::generate(key).unwrap())
            .collect()
    }

    fn with_keys(settings: &Settings, keys: Vec<PrivateKey>) -> Result<Generated, BundleError> {
        let now = OffsetDateTime::now_utc();
        generate_with_keys(
            settings,
            CaSource::New,
            None,
            KeySource::Given(keys),
            now,
            &mut |_, _| {},
        )
    }

    /// [`make`] with a new CA and keys made here.
    fn made_here(settings: &Settings, user_values: Option<&str>) -> Result<Generated, BundleError> {
        let source = CertificateSource::Issue {
            ca: CaSource::New,
            keys: KeySource::Generate,
            main: None,
        };
        let now = OffsetDateTime::now_utc();
        make(
            Request {
                settings,
                source,
                user_values,
                now,
            },
            &mut |_, _| {},
        )
    }

    #[test]
    fn the_typed_values_are_what_values_yaml_says_in_every_mode() {
        use crate::values::Provider;
        let mut cert_manager = Settings::default();
        cert_manager.certificates.provider = Provider::CertManager;
        for settings in [settings(KeyAlgorithm::EcdsaP256), cert_manager] {
            let generated = made_here(&settings, None).unwrap();
            let file = &generated.files[0];
            assert_eq!(file.name, crate::output::names::VALUES);
            assert_eq!(
                file.contents,
                serde_yaml::to_string(&generated.values).unwrap()
            );
            assert!(generated.merge.is_none());
        }
    }

    #[test]
    fn a_values_file_is_merged_in_the_same_call() {
        let settings = settings(KeyAlgorithm::EcdsaP256);
        let user = "# ours\nimage:\n  tag: 1.2.3\n";
        let generated = made_here(&settings, Some(user)).unwrap();
        let merged = generated.merge.as_ref().unwrap();
        assert_eq!(generated.files[0].contents, merged.merged_text);
        assert!(
            merged.merged_text.starts_with(user),
            "{}",
            merged.merged_text
        );
        let read: ValuesDocument = serde_yaml::from_str(&merged.merged_text).unwrap();
        assert_eq!(
            read.general.internal_tls,
            generated.values.general.internal_tls
        );
    }

    #[test]
    fn a_values_file_that_cannot_take_the_values_is_a_merge_error() {
        let settings = settings(KeyAlgorithm::EcdsaP256);
        let refused = made_here(&settings, Some("base: &b\n  x: 1\ngeneral:\n  <<: *b\n"));
        assert!(matches!(refused, Err(BundleError::Merge(_))), "{refused:?}");
    }

    #[test]
    fn given_keys_are_used_in_issuance_order() {
        let settings = settings(KeyAlgorithm::EcdsaP256);
        assert_eq!(keys_wanted(&settings), Some((KeyAlgorithm::EcdsaP256, 8)));
        let given = keys(KeyAlgorithm::EcdsaP256, 8);
        let ca_key = given[0].to_pkcs8_pem().unwrap().to_string();
        let leaf_key = given[1].to_pkcs8_pem().unwrap().to_string();
        let files = with_keys(&settings, given).unwrap().files;
        let file = |name: &str| {
            files
                .iter()
                .find(|f| f.name == name)
                .unwrap()
                .contents
                .clone()
        };
        assert_eq!(file("ca.key"), ca_key);
        let leaf_b64 = base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            leaf_key.as_bytes(),
        );
        assert!(
            file("secrets.yaml").contains(&leaf_b64),
            "the first leaf's key is the second given"
        );
    }

    #[test]
    fn given_keys_that_do_not_fit_the_settings_are_refused() {
        let settings = settings(KeyAlgorithm::EcdsaP256);
        let refused = |keys: Vec<PrivateKey>| match with_keys(&settings, keys) {
            Err(BundleError::Issue(IssueError::GivenKeys(message))) => message,
            other => panic!("not refused: {other:?}"),
        };
        assert!(refused(keys(KeyAlgorithm::EcdsaP256, 7)).contains("need 8"));
        let mut wrong = keys(KeyAlgorithm::EcdsaP256, 7);
        wrong.push(PrivateKey::generate(KeyAlgorithm::EcdsaP384).unwrap());
        assert!(refused(wrong).contains("key 8 is ECDSA P-384"));
        let mut twice = keys(KeyAlgorithm::EcdsaP256, 7);
        let pem = twice[0].to_pkcs8_pem().unwrap();
        twice.push(PrivateKey::from_pem(&pem).unwrap());
        assert!(refused(twice).contains("given twice"));
    }

    #[test]
    fn an_rsa_key_of_another_size_is_refused() {
        let settings = settings(KeyAlgorithm::Rsa3072);
        let mut given = keys(KeyAlgorithm::Rsa2048, 1);
        given.extend((0..7).map(|_| PrivateKey::generate(KeyAlgorithm::EcdsaP256).unwrap()));
        match with_keys(&settings, given) {
            Err(BundleError::Issue(IssueError::GivenKeys(message))) => {
                assert!(
                    message.contains("RSA 2048") && message.contains("rsa-3072"),
                    "{message}"
                )
            }
            other => panic!("not refused: {other:?}"),
        }
    }
}
