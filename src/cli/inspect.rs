//! `tls-wizard inspect FILE...`: describes every certificate and key in PEM
//! files and Secret manifests.

use std::path::PathBuf;

use clap::Args;
use internal_tls_wizard::import::{inspect_text, InspectedItem};
use serde::Serialize;

use crate::app::{INPUT, OK};
use crate::common::{print_certificate, read_file};

#[derive(Args)]
pub struct InspectArgs {
    /// PEM certificates, chains, CA bundles or keys, or Secret manifests
    /// (kubectl get secret -o yaml output, one Secret or a List).
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct FileReport {
    file: String,
    items: Vec<InspectedItem>,
    error: Option<String>,
}

pub fn run(args: InspectArgs) -> u8 {
    let mut reports = Vec::new();
    for path in &args.files {
        let file = path.display().to_string();
        let result = read_file(path)
            .and_then(|text| inspect_text(&text).map_err(|e| format!("{file}: {e}")));
        reports.push(match result {
            Ok(items) => FileReport {
                file,
                items,
                error: None,
            },
            Err(error) => FileReport {
                file,
                items: Vec::new(),
                error: Some(error),
            },
        });
    }
    let failed = reports
        .iter()
        .any(|r| r.error.is_some() || r.items.iter().any(|i| i.error.is_some()));
    if args.json {
        match serde_json::to_string_pretty(&reports) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("error: could not write JSON: {e}");
                return INPUT;
            }
        }
    } else {
        for report in &reports {
            print_report(report);
        }
    }
    for report in &reports {
        if let Some(error) = &report.error {
            eprintln!("error: {error}");
        }
        for item in &report.items {
            if let Some(error) = &item.error {
                eprintln!("error: {}: {}: {error}", report.file, item.source);
            }
        }
    }
    if failed {
        INPUT
    } else {
        OK
    }
}

fn print_report(report: &FileReport) {
    println!("== {} ==", report.file);
    if report.error.is_some() {
        println!("  (cannot be read; see the error below)");
    }
    for item in &report.items {
        if item.source != "PEM" {
            println!("{}:", item.source);
        }
        if let Some(error) = &item.error {
            println!("  cannot be read: {error}");
        }
        let count = item.certificates.len();
        for (index, cert) in item.certificates.iter().enumerate() {
            println!("  Certificate {} of {count}", index + 1);
            print_certificate(cert, "    ");
        }
        if let Some(key) = &item.private_key {
            let what = match &key.algorithm {
                Some(alg) => format!("{alg}, {}", key.format.label()),
                None => format!("{} (give its passphrase to read it)", key.format.label()),
            };
            println!("  Private key:  {what}");
        }
    }
    println!();
}
