//! What `inspect`, `check` and `audit` share: reading an input file, printing
//! certificates and findings, and parsing `--at`.

use std::path::Path;

use internal_tls_wizard::import::{CertificateInfo, Finding};
use internal_tls_wizard::values::Severity;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::write::read_input;

/// Reads an input file (at most 1 MiB of UTF-8), or says why not in one line
/// naming the file.
pub fn read_file(path: &Path) -> Result<String, String> {
    read_input(path).map_err(|e| e.to_string())
}

/// Parses `--at`.
pub fn parse_time(value: &str) -> Result<OffsetDateTime, String> {
    OffsetDateTime::parse(value, &Rfc3339)
        .map_err(|e| format!("{e}; give a time such as 2030-01-31T12:00:00Z (RFC 3339)"))
}

/// One line a finding, then its hint.
pub fn print_finding(finding: &Finding, indent: &str) {
    let level = finding.severity.word();
    let service = finding
        .service
        .map(|s| format!(" {}", s.values_key()))
        .unwrap_or_default();
    println!(
        "{indent}{level} [{}]{service}: {}",
        finding.code, finding.message
    );
    if !finding.path.is_empty() {
        println!("{indent}  at: {}", finding.path);
    }
    if !finding.hint.is_empty() {
        println!("{indent}  hint: {}", finding.hint);
    }
}

/// Counts errors and warnings.
pub fn tally(findings: &[&Finding]) -> (usize, usize) {
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let warnings = findings
        .iter()
        .filter(|f| f.severity == Severity::Warning)
        .count();
    (errors, warnings)
}

fn or_none(list: &[String]) -> String {
    if list.is_empty() {
        "(none)".into()
    } else {
        list.join(", ")
    }
}

/// A certificate, one fact a line.
pub fn print_certificate(info: &CertificateInfo, indent: &str) {
    let row = |label: &str, value: &str| println!("{indent}{label:<14}{value}");
    row("Subject:", &info.subject);
    row("Issuer:", &info.issuer);
    row("Serial:", &info.serial);
    row(
        "Valid:",
        &format!("{} to {}", info.not_before, info.not_after),
    );
    row("DNS names:", &or_none(&info.dns_names));
    if !info.ip_addresses.is_empty() {
        row("IP addresses:", &info.ip_addresses.join(", "));
    }
    if !info.other_names.is_empty() {
        row("Other names:", &info.other_names.join(", "));
    }
    row("Key:", &info.public_key.description);
    row("Signature:", &info.signature_algorithm);
    row("Key usage:", &or_none(&info.key_usage));
    row("Ext. usage:", &or_none(&info.extended_key_usage));
    let ca = match (info.is_ca, info.path_length) {
        (true, Some(n)) => format!("yes (path length {n})"),
        (true, None) => "yes".into(),
        (false, _) => "no".into(),
    };
    row("CA:", &ca);
    row("SHA-256:", &info.sha256_fingerprint);
}

/// The PEM text of an input: the file itself, or, for a Secret manifest, the
/// given key of its one Secret that has it (`tls.crt`, `tls.key`, `ca.crt`).
pub fn pem_input(text: String, secret_key: &str) -> Result<zeroize::Zeroizing<String>, String> {
    internal_tls_wizard::import::pem_or_secret(&text, secret_key).map_err(|e| e.to_string())
}
