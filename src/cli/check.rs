//! `tls-wizard check`: checks one certificate (and key) against CA
//! certificates and DNS names. Exit 0 valid, 1 not valid, 2 unreadable input.

use std::path::{Path, PathBuf};

use clap::Args;
use internal_tls_wizard::import::{
    check_certificate, read_ca_bundle, read_certificates, read_private_key, CheckReport,
    CheckRequest, ImportedKey,
};
use rustls_pki_types::ServerName;
use time::OffsetDateTime;
use zeroize::Zeroizing;

use crate::app::{INPUT, INVALID, OK};
use crate::common::{parse_time, pem_input, print_certificate, print_finding, read_file, tally};

#[derive(Args)]
pub struct CheckArgs {
    /// The CA certificate(s) to trust: PEM, one or several (a bundle), or a Secret with ca.crt.
    #[arg(long, value_name = "FILE")]
    ca: PathBuf,
    /// The certificate, with any intermediates after it (any order is accepted).
    #[arg(long, value_name = "FILE")]
    cert: PathBuf,
    /// The private key (PKCS#8, PKCS#1, SEC1 or encrypted PKCS#8), checked against the certificate.
    #[arg(long, value_name = "FILE")]
    key: Option<PathBuf>,
    /// A file holding the key's passphrase (its last line end is ignored).
    #[arg(long, value_name = "FILE", requires = "key")]
    key_passphrase_file: Option<PathBuf>,
    /// A DNS name (or IP address) the certificate must cover (repeatable).
    #[arg(long = "dns-name", value_name = "NAME")]
    dns_names: Vec<String>,
    /// Require the clientAuth extended key usage too (Keycloak's cluster).
    #[arg(long)]
    client_auth: bool,
    /// Check validity at this time instead of now (RFC 3339, e.g. 2030-01-31T12:00:00Z).
    #[arg(long, value_name = "RFC3339", value_parser = parse_time)]
    at: Option<OffsetDateTime>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

fn fail(message: String) -> u8 {
    eprintln!("error: {message}");
    INPUT
}

fn read_pem(path: &Path, secret_key: &str) -> Result<Zeroizing<String>, String> {
    let text = read_file(path)?;
    pem_input(text, secret_key).map_err(|e| format!("{}: {e}", path.display()))
}

fn read_passphrase(path: &Path) -> Result<Zeroizing<Vec<u8>>, String> {
    let text = Zeroizing::new(read_file(path)?);
    let trimmed = text
        .strip_suffix("\r\n")
        .or_else(|| text.strip_suffix('\n'))
        .unwrap_or(&text);
    Ok(Zeroizing::new(trimmed.as_bytes().to_vec()))
}

pub fn run(args: CheckArgs) -> u8 {
    for name in &args.dns_names {
        let probe = match name.strip_prefix("*.") {
            Some(rest) => format!("x.{rest}"),
            None => name.clone(),
        };
        if ServerName::try_from(probe).is_err() {
            return fail(format!(
                "--dns-name {name:?}: not a valid DNS name or IP address; give names such as my-svc.my-namespace.svc"
            ));
        }
    }
    let ca_text = match read_pem(&args.ca, "ca.crt") {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    let cas = match read_ca_bundle(&ca_text) {
        Ok(c) => c,
        Err(e) => return fail(format!("{} (--ca): {e}", args.ca.display())),
    };
    let cert_text = match read_pem(&args.cert, "tls.crt") {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    let certificates = match read_certificates(&cert_text) {
        Ok(c) => c,
        Err(e) => return fail(format!("{} (--cert): {e}", args.cert.display())),
    };
    let passphrase = match &args.key_passphrase_file {
        Some(path) => match read_passphrase(path) {
            Ok(p) => Some(p),
            Err(e) => return fail(e),
        },
        None => None,
    };
    let key: Option<ImportedKey> = match &args.key {
        Some(path) => {
            let text = match read_pem(path, "tls.key") {
                Ok(t) => t,
                Err(e) => return fail(e),
            };
            match read_private_key(&text, passphrase.as_ref().map(|p| p.as_slice())) {
                Ok(k) => Some(k),
                Err(e) => return fail(format!("{} (--key): {e}", path.display())),
            }
        }
        None => None,
    };
    let at = args.at.unwrap_or_else(OffsetDateTime::now_utc);
    let report = check_certificate(&CheckRequest {
        service: None,
        chain: &certificates,
        key: key.as_ref().map(|k| &k.key),
        cas: &cas,
        dns_names: &args.dns_names,
        client_auth: args.client_auth,
        at,
        certificate_path: args.cert.display().to_string(),
        key_path: args
            .key
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        ca_path: args.ca.display().to_string(),
    });
    if args.json {
        match serde_json::to_string_pretty(&report) {
            Ok(json) => println!("{json}"),
            Err(e) => return fail(format!("could not write JSON: {e}")),
        }
    } else {
        print_report(&report, &args);
    }
    if report.valid {
        OK
    } else {
        INVALID
    }
}

fn print_report(report: &CheckReport, args: &CheckArgs) {
    if let Some(leaf) = report.chain.first() {
        println!("Certificate ({}):", args.cert.display());
        print_certificate(leaf, "  ");
    }
    for (index, cert) in report.chain.iter().enumerate().skip(1) {
        println!(
            "Intermediate {index}: {} (issued by {})",
            cert.subject, cert.issuer
        );
    }
    match &report.trusted_by {
        Some(ca) => println!("Chain:        reaches {ca}"),
        None => println!(
            "Chain:        does not reach a CA given in {}",
            args.ca.display()
        ),
    }
    let mut usage = vec!["serverAuth"];
    if report.client_auth {
        usage.push("clientAuth");
    }
    println!("Checked at:   {}", report.checked_at);
    println!("Usage:        {}", usage.join(", "));
    if !report.dns_names.is_empty() {
        println!("Names:        {}", report.dns_names.join(", "));
    }
    println!();
    for finding in &report.findings {
        print_finding(finding, "");
    }
    let all: Vec<_> = report.findings.iter().collect();
    let (errors, warnings) = tally(&all);
    if report.valid {
        println!("VALID ({warnings} warning(s))");
    } else {
        println!("NOT VALID: {errors} error(s), {warnings} warning(s)");
    }
}
