//! `tls-wizard audit`: from a values.yaml and the Secrets, says for each
//! service whether the chart will find a usable certificate. Exit 0 all
//! usable, 1 not, 2 unreadable input.

use std::path::PathBuf;

use clap::Args;
use internal_tls_wizard::daytwo::expiry::{expiry_calendar, ExpiryBand};
use internal_tls_wizard::import::{audit, AuditReport, AuditSettings, ServiceStatus};
use time::OffsetDateTime;

use crate::app::{INPUT, INVALID, OK};
use crate::common::{parse_time, print_finding, read_file, tally};

#[derive(Args)]
pub struct AuditArgs {
    /// The Helm release name.
    #[arg(long, value_name = "NAME")]
    release_name: String,
    /// The release's namespace.
    #[arg(long, value_name = "NS")]
    namespace: String,
    /// The chart's general.nameOverride (read from the values when not given).
    #[arg(long, value_name = "NAME")]
    name_override: Option<String>,
    /// Keycloak runs in cluster mode [default: deployments.keycloak.clusterMode from the values, else the chart's default, on].
    #[arg(long, conflicts_with = "no_keycloak_cluster")]
    keycloak_cluster: bool,
    /// Keycloak does not run in cluster mode, whatever the values say.
    #[arg(long)]
    no_keycloak_cluster: bool,
    /// The cluster's DNS domain.
    #[arg(long, value_name = "DOMAIN", default_value = "cluster.local")]
    cluster_domain: String,
    /// Check validity at this time instead of now (RFC 3339).
    #[arg(long, value_name = "RFC3339", value_parser = parse_time)]
    at: Option<OffsetDateTime>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// Also write an iCalendar file with a reminder 30 and 7 days before each certificate's and CA's expiry.
    #[arg(long, value_name = "FILE")]
    ics: Option<PathBuf>,
    /// The values.yaml and the Secrets: manifests or `kubectl get secret -o yaml` output.
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
}

pub fn run(args: AuditArgs) -> u8 {
    let mut texts = Vec::new();
    for path in &args.files {
        match read_file(path) {
            Ok(text) => texts.push((path.display().to_string(), zeroize::Zeroizing::new(text))),
            Err(e) => {
                eprintln!("error: {e}");
                return INPUT;
            }
        }
    }
    let sources: Vec<(&str, &str)> = texts
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .collect();
    let settings = AuditSettings {
        release_name: args.release_name.clone(),
        namespace: args.namespace.clone(),
        name_override: args.name_override.clone(),
        cluster_domain: args.cluster_domain.clone(),
        keycloak_cluster: match (args.keycloak_cluster, args.no_keycloak_cluster) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
    };
    let at = args.at.unwrap_or_else(OffsetDateTime::now_utc);
    let report = match audit(&settings, &sources, at) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return INPUT;
        }
    };
    if let Some(path) = &args.ics {
        let ics = expiry_calendar(&report, OffsetDateTime::now_utc());
        if let Err(e) = crate::write::write_file(path, &ics) {
            eprintln!("error: {e}");
            return INPUT;
        }
        eprintln!("Wrote the expiry reminders to {}.", path.display());
    }
    if args.json {
        match serde_json::to_string_pretty(&report) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("error: could not write JSON: {e}");
                return INPUT;
            }
        }
    } else {
        print_report(&report, &args);
    }
    if report.ok {
        OK
    } else {
        INVALID
    }
}

fn print_report(report: &AuditReport, args: &AuditArgs) {
    println!(
        "Release {} (fullname {}) in namespace {}, checked at {}",
        args.release_name, report.fullname, report.namespace, report.checked_at
    );
    if !report.findings.is_empty() {
        println!();
        for finding in &report.findings {
            print_finding(finding, "");
        }
    }
    println!();
    for service in &report.services {
        let status = match service.status {
            ServiceStatus::Ok => "OK",
            ServiceStatus::Warning => "WARNING",
            ServiceStatus::Error => "ERROR",
            ServiceStatus::NotDeployed => "skipped",
        };
        let secret = if service.secret_name.is_empty() {
            "(no Secret named)".to_string()
        } else {
            format!("Secret {}", service.secret_name)
        };
        println!("{:<17} {status:<8} {secret}", service.key.values_key());
        if let Some(cert) = &service.certificate {
            let trust = service
                .trusted_by
                .as_ref()
                .map(|ca| format!(", reaches {ca}"))
                .unwrap_or_default();
            println!(
                "{:<26} {} (until {}, {}){trust}",
                "",
                cert.subject,
                cert.not_after,
                expiry_text(service.days_left, service.expiry)
            );
        }
        for finding in &service.findings {
            if service.status == ServiceStatus::NotDeployed {
                println!("    {}", finding.message);
            } else {
                print_finding(finding, "    ");
            }
        }
    }
    if !report.cas.is_empty() {
        println!();
        for ca in &report.cas {
            println!(
                "{:<17} {:<8} Secret {}",
                "CA",
                match ca.band {
                    ExpiryBand::Ok => "OK",
                    ExpiryBand::Warning => "WARNING",
                    ExpiryBand::Expired => "ERROR",
                },
                ca.secret
            );
            println!(
                "{:<26} {} (until {}, {})",
                "",
                ca.subject,
                ca.not_after,
                expiry_text(Some(ca.days_left), Some(ca.band))
            );
        }
    }
    let all: Vec<_> = report
        .findings
        .iter()
        .chain(report.services.iter().flat_map(|s| s.findings.iter()))
        .collect();
    let (errors, warnings) = tally(&all);
    let failing = report
        .services
        .iter()
        .filter(|s| s.status == ServiceStatus::Error)
        .count();
    println!();
    if report.ok {
        println!(
            "OK: every deployed service will find a usable certificate ({warnings} warning(s))."
        );
    } else {
        println!(
            "NOT OK: {failing} service(s) will not find a usable certificate; {errors} error(s), {warnings} warning(s)."
        );
    }
}

/// "412 days left", "expires in 12 days: renew soon", "EXPIRED 3 days ago".
fn expiry_text(days: Option<i64>, band: Option<ExpiryBand>) -> String {
    match (days, band) {
        (Some(d), Some(ExpiryBand::Ok)) => format!("{d} days left"),
        (Some(d), Some(ExpiryBand::Warning)) => format!("{d} days left: renew soon"),
        (Some(d), Some(ExpiryBand::Expired)) => format!("EXPIRED {} days ago", -d),
        _ => "expiry unknown".into(),
    }
}
