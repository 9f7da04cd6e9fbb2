//! `tls-wizard generate`: settings from flags and `--config`, then the bundle.

use std::path::{Path, PathBuf};

use clap::Args;
use internal_tls_wizard::bundle::{
    make, BroughtCertificate, BroughtCertificates, BundleError, CertificateSource, Request,
};
use internal_tls_wizard::daytwo::merge::read_values_context;
use internal_tls_wizard::import::Finding;
use internal_tls_wizard::output::names;
use internal_tls_wizard::pki::{CaSource, KeyAlgorithm, KeySource, ProvidedCa};
use internal_tls_wizard::release::ServiceKey;
use internal_tls_wizard::values::options::{
    flag_for, CA_DAYS, CERT_MANAGER_CA_SECRET, CLUSTER_DOMAIN, DATA_STREAMER, DAYS, EXTRA_SANS,
    KEY, KEYCLOAK_CLUSTER, LIGHTRUN_ENDPOINT, MAIN_CERTIFICATE, MAIN_SECRET, NAMESPACE,
    NAME_OVERRIDE, RABBITMQ_IN_CLUSTER, REDIS_EXTERNAL, RELEASE_NAME, RENEW_BEFORE_DAYS,
    SHARED_CERTIFICATE, TRUST_CA,
};
use internal_tls_wizard::values::{
    CaChoice, CertManagerIssuer, Diagnostic, MainCertificateChoice, Provider, Settings, Severity,
};

use crate::app::{INPUT, INVALID, OK};
use crate::write::{read_input, write_bundle, WriteError};

#[derive(Args)]
pub struct GenerateArgs {
    /// Folder to write values.yaml, secrets.yaml, ca.crt (and ca.key) into; created if missing. With --cert-manager: values.yaml, cert-manager.yaml and APPLY.md.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    // The settings' flags take their names and help from the one table of
    // settings (values::options), which the page's fields and presets share.
    #[arg(long = RELEASE_NAME.flag(), help = RELEASE_NAME.flag_help(), value_name = RELEASE_NAME.value_name())]
    release_name: Option<String>,
    #[arg(long = NAMESPACE.flag(), help = NAMESPACE.flag_help(), value_name = NAMESPACE.value_name())]
    namespace: Option<String>,
    #[arg(long = NAME_OVERRIDE.flag(), help = NAME_OVERRIDE.flag_help(), value_name = NAME_OVERRIDE.value_name())]
    name_override: Option<String>,
    #[arg(long = CLUSTER_DOMAIN.flag(), help = CLUSTER_DOMAIN.flag_help(), value_name = CLUSTER_DOMAIN.value_name())]
    cluster_domain: Option<String>,
    #[arg(long = KEY.flag(), help = KEY.flag_help(), value_name = KEY.value_name(), value_parser = parse_key)]
    key: Option<KeyAlgorithm>,
    #[arg(long = DAYS.flag(), help = DAYS.flag_help(), value_name = DAYS.value_name())]
    days: Option<u32>,
    #[arg(long = CA_DAYS.flag(), help = CA_DAYS.flag_help(), value_name = CA_DAYS.value_name())]
    ca_days: Option<u32>,
    /// Sign with your CA: its certificate (PEM; the signing CA first, then any parents).
    #[arg(
        long,
        value_name = "FILE",
        requires = "ca_key",
        conflicts_with = "cert_manager"
    )]
    ca_cert: Option<PathBuf>,
    /// Sign with your CA: its private key (PEM: PKCS#8, PKCS#1 or SEC1).
    #[arg(
        long,
        value_name = "FILE",
        requires = "ca_cert",
        conflicts_with = "cert_manager"
    )]
    ca_key: Option<PathBuf>,
    /// Keycloak runs in cluster mode (deployments.keycloak.clusterMode), the chart's default: the keycloak_cluster certificate is made [default: on].
    #[arg(long, hide = true, conflicts_with = "no_keycloak_cluster")]
    keycloak_cluster: bool,
    #[arg(long = KEYCLOAK_CLUSTER.flag(), help = KEYCLOAK_CLUSTER.flag_help())]
    no_keycloak_cluster: bool,
    #[arg(long = REDIS_EXTERNAL.flag(), help = REDIS_EXTERNAL.flag_help())]
    external_redis: bool,
    #[arg(long = RABBITMQ_IN_CLUSTER.flag(), help = RABBITMQ_IN_CLUSTER.flag_help())]
    no_rabbitmq: bool,
    #[arg(long = DATA_STREAMER.flag(), help = DATA_STREAMER.flag_help(), conflicts_with = "no_data_streamer")]
    data_streamer: bool,
    /// The data streamer is not enabled, the chart's default.
    #[arg(long, hide = true)]
    no_data_streamer: bool,
    #[arg(long = LIGHTRUN_ENDPOINT.flag(), help = LIGHTRUN_ENDPOINT.flag_help(), value_name = LIGHTRUN_ENDPOINT.value_name())]
    lightrun_endpoint: Option<String>,
    #[arg(long = MAIN_CERTIFICATE.flag(), help = MAIN_CERTIFICATE.flag_help(), value_name = MAIN_CERTIFICATE.value_name(), value_parser = parse_main_choice, help_heading = "Main certificate")]
    main_certificate: Option<MainCertificateChoice>,
    /// Bring the main certificate: its chain (PEM); checked for <fullname>-backend and a chain to ca.crt, then written as a Secret that certificate.existing_cert names.
    #[arg(
        long,
        value_name = "FILE",
        requires = "main_key",
        help_heading = "Main certificate"
    )]
    main_cert: Option<PathBuf>,
    /// The main certificate's private key (PEM).
    #[arg(
        long,
        value_name = "FILE",
        requires = "main_cert",
        help_heading = "Main certificate"
    )]
    main_key: Option<PathBuf>,
    /// Bring your own certificate for a component (frontend, keycloak, keycloak_cluster, redis, rabbitmq, data_streamer, artifacts): its chain (PEM, any order), checked for the Service's names, a chain to --ca-bundle, its key, dates and usages, then packed into the component's Secret (repeatable; components that share a Secret share one).
    #[arg(long, value_name = "COMPONENT=FILE", value_parser = parse_component_file, conflicts_with_all = ["cert_manager", "ca_cert"], help_heading = "Bring your own")]
    cert_for: Vec<(ServiceKey, PathBuf)>,
    /// The private key for --cert-for's component (PEM: PKCS#8, encrypted PKCS#8, PKCS#1 or SEC1); written as unencrypted PKCS#8 (repeatable).
    #[arg(long, value_name = "COMPONENT=FILE", value_parser = parse_component_file, requires = "cert_for", help_heading = "Bring your own")]
    key_for: Vec<(ServiceKey, PathBuf)>,
    /// A file holding the passphrase of --key-for's encrypted key (its first line) (repeatable).
    #[arg(long, value_name = "COMPONENT=FILE", value_parser = parse_component_file, requires = "cert_for", help_heading = "Bring your own")]
    passphrase_for: Vec<(ServiceKey, PathBuf)>,
    /// The CA certificate(s) that issued the certificates you bring, for ca.crt; leave out only for publicly trusted certificates.
    #[arg(
        long,
        value_name = "FILE",
        requires = "cert_for",
        help_heading = "Bring your own"
    )]
    ca_bundle: Option<PathBuf>,
    #[arg(long = MAIN_SECRET.flag(), help = MAIN_SECRET.flag_help(), value_name = MAIN_SECRET.value_name(), help_heading = "Main certificate")]
    main_secret: Option<String>,
    #[arg(long = EXTRA_SANS.flag(), help = EXTRA_SANS.flag_help(), value_name = EXTRA_SANS.value_name())]
    extra_san: Vec<String>,
    #[arg(long = SHARED_CERTIFICATE.flag(), help = SHARED_CERTIFICATE.flag_help())]
    shared_cert: bool,
    #[arg(long = TRUST_CA.flag(), help = TRUST_CA.flag_help(), value_name = TRUST_CA.value_name(), conflicts_with = "cert_manager")]
    trust_ca: Vec<PathBuf>,
    /// Your whole values file: the release settings are read from it (flags override), and values.yaml is written as this file with only general.internal_tls replaced.
    #[arg(long, value_name = "FILE")]
    values_in: Option<PathBuf>,
    /// Read settings saved by the web wizard (JSON or YAML); flags given here override them.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Let cert-manager make the certificates in the cluster instead.
    ///
    /// Writes cert-manager.yaml in place of secrets.yaml: a self-signed Issuer
    /// that signs a CA Certificate, a CA Issuer over it, and one Certificate per
    /// deployed Service whose secretName is the Secret values.yaml names for it,
    /// with exactly the Service's DNS names (and --extra-san), serverAuth (and
    /// clientAuth for the Keycloak cluster), the --key algorithm, --days and a
    /// renewBefore (--ca-days is the CA Certificate's). No key or certificate is
    /// written. existing_ca_secret_name names a Secret that a Certificate of its
    /// own fills, so it holds the CA's ca.crt and never the CA's key. APPLY.md
    /// gives the order: cert-manager, kubectl apply, kubectl wait for the
    /// Certificates, then helm.
    #[arg(long, help_heading = "cert-manager")]
    cert_manager: bool,
    #[arg(
        long = CERT_MANAGER_CA_SECRET.flag(),
        help = CERT_MANAGER_CA_SECRET.flag_help(),
        value_name = CERT_MANAGER_CA_SECRET.value_name(),
        requires = "cert_manager",
        help_heading = "cert-manager"
    )]
    cert_manager_ca_secret: Option<String>,
    #[arg(
        long = RENEW_BEFORE_DAYS.flag(),
        help = RENEW_BEFORE_DAYS.flag_help(),
        value_name = RENEW_BEFORE_DAYS.value_name(),
        requires = "cert_manager",
        help_heading = "cert-manager"
    )]
    renew_before_days: Option<u32>,
    /// Replace files that already exist in --out.
    #[arg(long)]
    force: bool,
}

fn parse_component_file(value: &str) -> Result<(ServiceKey, PathBuf), String> {
    let all: Vec<&str> = ServiceKey::ALL.iter().map(|k| k.values_key()).collect();
    let (component, file) = value.split_once('=').ok_or_else(|| {
        format!(
            "give COMPONENT=FILE, for example redis=redis.crt; the components are {}",
            all.join(", ")
        )
    })?;
    let key = ServiceKey::from_values_key(component.trim()).ok_or_else(|| {
        format!(
            "unknown component {component:?}; choose one of {}",
            all.join(", ")
        )
    })?;
    if file.is_empty() {
        return Err(format!("no file after {component}="));
    }
    Ok((key, PathBuf::from(file)))
}

fn parse_main_choice(value: &str) -> Result<MainCertificateChoice, String> {
    [
        MainCertificateChoice::Issue,
        MainCertificateChoice::BringYourOwn,
        MainCertificateChoice::VerificationOff,
    ]
    .into_iter()
    .find(|c| c.as_str() == value)
    .ok_or_else(|| "choose issue, bring-your-own or verification-off".to_string())
}

pub fn parse_key(value: &str) -> Result<KeyAlgorithm, String> {
    KeyAlgorithm::parse(value).ok_or_else(|| {
        let all: Vec<&str> = KeyAlgorithm::ALL.iter().map(|a| a.as_str()).collect();
        format!("unknown key algorithm; choose one of {}", all.join(", "))
    })
}

fn settings_from(args: &GenerateArgs, user_values: Option<&str>) -> Result<Settings, String> {
    let mut settings = match &args.config {
        Some(path) => {
            let text = read_input(path).map_err(|e| e.to_string())?;
            Settings::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => Settings::default(),
    };
    if let (Some(text), Some(path)) = (user_values, &args.values_in) {
        let context = read_values_context(text).map_err(|e| format!("{}: {e}", path.display()))?;
        let said = context.apply(&mut settings);
        if said.is_empty() {
            println!("Read from {}: none of the settings that decide names and components; using the defaults and flags.", path.display());
        } else {
            println!("Read from {} (flags override):", path.display());
            for line in said {
                println!("  {line}");
            }
        }
    }
    let r = &mut settings.release;
    if let Some(v) = &args.release_name {
        r.name.clone_from(v);
    }
    if let Some(v) = &args.namespace {
        r.namespace.clone_from(v);
    }
    if let Some(v) = &args.name_override {
        r.name_override.clone_from(v);
    }
    if let Some(v) = &args.cluster_domain {
        r.cluster_domain.clone_from(v);
    }
    if args.keycloak_cluster {
        r.keycloak_cluster_mode = true;
    }
    if args.no_keycloak_cluster {
        r.keycloak_cluster_mode = false;
    }
    r.redis_external |= args.external_redis;
    r.rabbitmq_in_cluster &= !args.no_rabbitmq;
    if args.data_streamer {
        r.data_streamer_enabled = true;
    }
    if args.no_data_streamer {
        r.data_streamer_enabled = false;
    }
    if let Some(v) = &args.lightrun_endpoint {
        r.lightrun_endpoint.clone_from(v);
    }
    r.extra_sans.extend(args.extra_san.iter().cloned());
    let c = &mut settings.certificates;
    if let Some(v) = args.key {
        c.key = v;
    }
    if let Some(v) = args.days {
        c.days = v;
    }
    if let Some(v) = args.ca_days {
        c.ca_days = v;
    }
    c.shared_certificate |= args.shared_cert;
    for path in &args.trust_ca {
        let text = read_input(path).map_err(|e| e.to_string())?;
        if text.contains("PRIVATE KEY-----") {
            return Err(format!("{}: holds a private key; --trust-ca takes only CA certificates. Give the certificate file", path.display()));
        }
        c.additional_trusted_cas.push(text);
    }
    if args.ca_cert.is_some() {
        c.ca = CaChoice::Provided;
    }
    if args.cert_manager {
        c.provider = Provider::CertManager;
    }
    if !args.cert_for.is_empty() {
        c.provider = Provider::BringYourOwn;
    }
    if let Some(name) = &args.cert_manager_ca_secret {
        c.cert_manager.issuer = CertManagerIssuer::CaSecret;
        c.cert_manager.ca_secret_name.clone_from(name);
    }
    if let Some(days) = args.renew_before_days {
        c.cert_manager.renew_before_days = Some(days);
    }
    let m = &mut settings.main_certificate;
    if args.main_cert.is_some() {
        if args
            .main_certificate
            .is_some_and(|c| c != MainCertificateChoice::BringYourOwn)
        {
            return Err("--main-cert brings the main certificate, and --main-certificate says otherwise. Give one of them".into());
        }
        m.choice = Some(MainCertificateChoice::BringYourOwn);
    }
    if let Some(choice) = args.main_certificate {
        m.choice = Some(choice);
    }
    if let Some(name) = &args.main_secret {
        m.secret_name.clone_from(name);
    }
    Ok(settings)
}

/// What the user brings for bring-your-own mode, read from the files the
/// flags name. Every component named must have both a certificate and a key.
fn brought_certificates(
    args: &GenerateArgs,
    main: Option<BroughtCertificate>,
) -> Result<BroughtCertificates, String> {
    if args.cert_for.is_empty() {
        return Err("the settings say to bring your own certificates (certificates.provider: bring-your-own), but no --cert-for was given.\n  hint: pass --cert-for COMPONENT=FILE --key-for COMPONENT=FILE for each component, and --ca-bundle FILE.".into());
    }
    let read = |path: &Path| read_input(path).map_err(|e| e.to_string());
    let mut certificates = Vec::new();
    for (component, path) in &args.cert_for {
        let name = component.values_key();
        if certificates
            .iter()
            .any(|b: &BroughtCertificate| b.service == Some(*component))
        {
            return Err(format!(
                "--cert-for {name}= is given twice; give one certificate a component"
            ));
        }
        let key_path = args
            .key_for
            .iter()
            .find(|(k, _)| k == component)
            .map(|(_, p)| p)
            .ok_or_else(|| format!("--cert-for {name}={} has no key.\n  hint: pass --key-for {name}=FILE with its private key", path.display()))?;
        let passphrase = match args.passphrase_for.iter().find(|(k, _)| k == component) {
            Some((_, p)) => read(p)?.lines().next().unwrap_or_default().to_string(),
            None => String::new(),
        };
        certificates.push(BroughtCertificate {
            service: Some(*component),
            certificate: read(path)?,
            key: read(key_path)?,
            passphrase,
        });
    }
    for (component, path) in args.key_for.iter().chain(&args.passphrase_for) {
        if !args.cert_for.iter().any(|(k, _)| k == component) {
            let name = component.values_key();
            return Err(format!("{} is for {name}, which has no --cert-for.\n  hint: pass --cert-for {name}=FILE with its certificate", path.display()));
        }
    }
    Ok(BroughtCertificates {
        certificates,
        ca_bundle: match &args.ca_bundle {
            Some(path) => read(path)?,
            None => String::new(),
        },
        main_certificate: main,
    })
}

/// Prints findings about certificates to stderr, each with its hint, named
/// by the flag that gave the certificate.
fn print_findings(findings: &[Finding], min: Severity) {
    for f in findings.iter().filter(|f| f.severity <= min) {
        let at = match f.service {
            Some(key) => format!("--cert-for {}", key.values_key()),
            None if f.path == "ca_bundle" => "--ca-bundle".into(),
            None if f.path.starts_with("main") => "--main-cert".into(),
            None => f.path.clone(),
        };
        eprintln!("{}: {at}: {}", f.severity.word(), f.message);
        if !f.hint.is_empty() {
            eprintln!("  hint: {}", f.hint);
        }
    }
}

/// Prints diagnostics to stderr, flag names where the settings path has one.
fn print_diagnostics(diagnostics: &[Diagnostic], min: Severity) {
    for d in diagnostics.iter().filter(|d| d.severity <= min) {
        let flag = flag_for(&d.path)
            .map(|f| format!(" ({f})"))
            .unwrap_or_default();
        let level = d.severity.word();
        eprintln!("{level}: {}{flag}: {}", d.path, d.message);
        if !d.hint.is_empty() {
            eprintln!("  hint: {}", d.hint);
        }
    }
}

pub fn run(args: GenerateArgs) -> u8 {
    let user_values = match args.values_in.as_deref().map(read_input).transpose() {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: {e}");
            return INPUT;
        }
    };
    let settings = match settings_from(&args, user_values.as_deref()) {
        Ok(s) => s,
        Err(message) => {
            eprintln!("error: {message}");
            return INPUT;
        }
    };
    if settings.certificates.ca == CaChoice::Provided
        && settings.certificates.provider == Provider::Create
        && args.ca_cert.is_none()
    {
        eprintln!("error: the settings say to sign with your own CA (certificates.ca: provided), but --ca-cert and --ca-key were not given.\n  hint: pass --ca-cert FILE --ca-key FILE, or set certificates.ca to new.");
        return INPUT;
    }
    let ca_texts = match (&args.ca_cert, &args.ca_key) {
        (Some(cert), Some(key)) => match (read_input(cert), read_input(key)) {
            (Ok(c), Ok(k)) => Some((c, k)),
            (Err(e), _) | (_, Err(e)) => {
                eprintln!("error: {e}");
                return INPUT;
            }
        },
        _ => None,
    };
    if let Err(e) = crate::write::check_targets(&args.out, args.force) {
        eprintln!("error: {e}");
        return INPUT;
    }
    let ca = match &ca_texts {
        Some((cert, key)) => CaSource::Provided(ProvidedCa {
            certificate_pem: cert,
            key_pem: key,
        }),
        None => CaSource::New,
    };
    let main = match (&args.main_cert, &args.main_key) {
        (Some(cert), Some(key)) => match (read_input(cert), read_input(key)) {
            (Ok(certificate), Ok(key)) => Some(BroughtCertificate {
                service: None,
                certificate,
                key,
                passphrase: String::new(),
            }),
            (Err(e), _) | (_, Err(e)) => {
                eprintln!("error: {e}");
                return INPUT;
            }
        },
        _ => None,
    };
    if settings.main_certificate.choice == Some(MainCertificateChoice::BringYourOwn)
        && main.is_none()
    {
        eprintln!("error: the settings say to bring the main certificate (main_certificate.choice: bring-your-own), but --main-cert and --main-key were not given.\n  hint: pass --main-cert FILE --main-key FILE, or choose --main-certificate issue or verification-off.");
        return INPUT;
    }
    let bring_your_own = settings.certificates.provider == Provider::BringYourOwn;
    let brought = if bring_your_own {
        match brought_certificates(&args, main.clone()) {
            Ok(brought) => brought,
            Err(message) => {
                eprintln!("error: {message}");
                return INPUT;
            }
        }
    } else {
        BroughtCertificates::default()
    };
    let source = if bring_your_own {
        CertificateSource::BringYourOwn(&brought)
    } else {
        CertificateSource::Issue {
            ca,
            keys: KeySource::Generate,
            main: main.as_ref(),
        }
    };
    let request = Request {
        settings: &settings,
        source,
        user_values: user_values.as_deref(),
        now: time::OffsetDateTime::now_utc(),
    };
    let generated = match make(request, &mut |_, _| {}) {
        Ok(g) => g,
        Err(BundleError::Invalid(diagnostics)) => {
            print_diagnostics(&diagnostics, Severity::Warning);
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count();
            eprintln!(
                "\n{errors} error(s): nothing was written. Fix the settings above and run again."
            );
            return INVALID;
        }
        Err(BundleError::Issue(e)) => {
            let source = match (&args.ca_cert, &args.ca_key) {
                (Some(c), Some(k)) => format!(" (CA from {} and {})", c.display(), k.display()),
                _ => String::new(),
            };
            eprintln!("error{source}: {e}");
            return INPUT;
        }
        Err(BundleError::Certificates(findings)) => {
            print_findings(&findings, Severity::Warning);
            if bring_your_own {
                eprintln!("\nSome of the certificates you brought would not work: nothing was written. Fix the files named above and run again.");
            } else {
                eprintln!("\nThe main certificate would not work: nothing was written.");
            }
            return INVALID;
        }
        Err(BundleError::Merge(e)) => {
            let path = args
                .values_in
                .as_deref()
                .unwrap_or(Path::new("--values-in"));
            eprintln!("error: {}: {e}\nNothing was written.", path.display());
            return INPUT;
        }
        Err(e) => {
            eprintln!("error: {e}");
            return INPUT;
        }
    };
    print_diagnostics(&generated.diagnostics, Severity::Info);
    print_findings(&generated.findings, Severity::Info);
    if let (Some(merged), Some(path)) = (&generated.merge, &args.values_in) {
        println!(
            "\nvalues.yaml is {} with only general.internal_tls changed:",
            path.display()
        );
        for line in &merged.diff {
            println!("  {line}");
        }
        println!();
    }
    match write_bundle(&args.out, &generated.files, args.force) {
        Ok(()) => {}
        Err(e @ WriteError::Exists(_)) | Err(e @ WriteError::Io { .. }) => {
            eprintln!("error: {e}");
            return INPUT;
        }
    }
    if crate::write::was_interrupted() {
        eprintln!(
            "interrupted (Ctrl-C) after the bundle was complete: every file in {} is whole.",
            args.out.display()
        );
        std::process::exit(crate::write::INTERRUPTED_EXIT);
    }
    summarize(
        &args.out,
        &settings,
        &generated.files,
        args.values_in.is_some(),
    );
    if let Some(pin) = &generated.main_pin {
        println!("\nThe main certificate's SHA-256 SPKI pin (for certificate.security_pinned_hashes, if you pin): {pin}");
    }
    OK
}

fn summarize(
    out: &Path,
    settings: &Settings,
    files: &[internal_tls_wizard::output::OutputFile],
    merged: bool,
) {
    let ns = &settings.release.namespace;
    let release = &settings.release.name;
    println!("Wrote to {}:", out.display());
    for f in files {
        let what = match f.name.as_str() {
            names::VALUES => "the chart's general.internal_tls values",
            names::SECRETS => "the Secrets (they hold private keys: apply, then delete or encrypt)",
            names::CA_CERT => "the CA certificate the services trust",
            names::CA_KEY => "the CA's private key: keep it offline and safe",
            names::APPLY => "how to apply the bundle",
            names::CERT_MANAGER => "the cert-manager Issuers and Certificates (no key material)",
            _ => "",
        };
        println!("  {:<17} {what}", f.name);
    }
    let has_secrets = files.iter().any(|f| f.name == names::SECRETS);
    let has_cert_manager = files.iter().any(|f| f.name == names::CERT_MANAGER);
    println!("\nNext:");
    if has_cert_manager {
        println!("  (cert-manager and its CRDs installed; see APPLY.md)");
        println!(
            "  kubectl apply -n {ns} -f {}",
            out.join(names::CERT_MANAGER).display()
        );
        println!("  kubectl wait --for=condition=Ready certificate --all -n {ns} --timeout=5m");
    }
    if has_secrets {
        println!(
            "  kubectl apply -n {ns} -f {}",
            out.join(names::SECRETS).display()
        );
    }
    let yours = if merged { "" } else { "-f your-values.yaml " };
    println!(
        "  helm upgrade --install {release} lightrun/lightrun -n {ns} {yours}-f {}",
        out.join(names::VALUES).display()
    );
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    //! The flags and the one table of settings agree: every setting with a
    //! flag is a flag here with the table's help, and sets the table's path.

    use clap::{CommandFactory, Parser};
    use internal_tls_wizard::values::options::{Cli, Kind, SETTINGS};

    use super::*;

    #[derive(Parser)]
    struct Command {
        #[command(flatten)]
        args: GenerateArgs,
    }

    fn at<'a>(document: &'a serde_json::Value, path: &str) -> &'a serde_json::Value {
        path.split('.')
            .try_fold(document, |value, key| value.get(key))
            .unwrap_or(&serde_json::Value::Null)
    }

    #[test]
    fn every_setting_with_a_flag_is_a_flag_with_the_tables_help() {
        let command = Command::command();
        for option in SETTINGS.iter().filter(|o| !o.flag().is_empty()) {
            let arg = command
                .get_arguments()
                .find(|a| a.get_long() == Some(option.flag()))
                .unwrap_or_else(|| panic!("--{} is a flag of generate", option.flag()));
            assert_eq!(
                arg.get_help().map(|h| h.to_string()).as_deref(),
                Some(option.flag_help()),
                "--{}",
                option.flag()
            );
        }
    }

    #[test]
    fn each_settings_flag_sets_the_tables_path() {
        let dir = tempfile::tempdir().unwrap();
        let ca = dir.path().join("extra-ca.pem");
        let pem = "-----BEGIN CERTIFICATE-----\nMA==\n-----END CERTIFICATE-----\n";
        std::fs::write(&ca, pem).unwrap();
        let defaults = serde_json::to_value(Settings::default()).unwrap();
        for option in SETTINGS.iter().filter(|o| o.cli != Cli::None) {
            let flag = format!("--{}", option.flag());
            let (given, expected): (Option<String>, serde_json::Value) =
                match (option.cli, option.kind) {
                    (Cli::Sets { .. }, _) => (None, true.into()),
                    (Cli::Clears { .. }, _) => (None, false.into()),
                    (Cli::Each { .. }, _) if option.name == "trust-ca" => {
                        (Some(ca.display().to_string()), serde_json::json!([pem]))
                    }
                    (Cli::Each { .. }, _) => (
                        Some("extra.example.com".into()),
                        serde_json::json!(["extra.example.com"]),
                    ),
                    (_, Kind::Days) => (Some("123".into()), 123.into()),
                    (_, Kind::Choice(choices)) => {
                        let last = choices.last().copied().unwrap();
                        (Some(last.into()), last.into())
                    }
                    _ => (Some("acme-x".into()), "acme-x".into()),
                };
            let mut argv = vec![
                "generate".to_string(),
                "--out".into(),
                "out".into(),
                flag.clone(),
            ];
            argv.extend(given);
            if option.name.starts_with("cert-manager") || option.name == "renew-before-days" {
                argv.push("--cert-manager".into());
            }
            let args = Command::try_parse_from(&argv)
                .unwrap_or_else(|e| panic!("{argv:?}: {e}"))
                .args;
            let settings = settings_from(&args, None).unwrap_or_else(|e| panic!("{flag}: {e}"));
            let document = serde_json::to_value(settings).unwrap();
            assert_eq!(
                at(&document, option.path),
                &expected,
                "{flag} sets {}",
                option.path
            );
            assert_ne!(
                at(&defaults, option.path),
                &expected,
                "{flag} changes {} from its default",
                option.path
            );
        }
    }
}
