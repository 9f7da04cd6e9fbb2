//! `tls-wizard`: the command-line face of the wizard. A thin layer: it reads
//! flags and files, calls the library, writes the files, and sets the exit code
//! (0 done, 1 the settings or certificates fail validation, 2 a usage or input error).

mod audit;
mod check;
mod common;
mod generate;
mod inspect;
mod write;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Certificates, Secrets and values.yaml for the Lightrun Helm chart's internal TLS.
///
/// Makes a private CA and one certificate per chart Service, with exactly the
/// DNS names the chart's Services get, the kubernetes.io/tls Secrets that hold
/// them, and the general.internal_tls values that point at them. Everything
/// happens on this machine; nothing is sent anywhere.
#[derive(Parser)]
#[command(name = "tls-wizard", version, about, long_about, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const EXAMPLES: &str = "\
Examples:
  tls-wizard generate --out tls/ --release-name acme --namespace prod
  tls-wizard generate --out tls/ --config settings.json --force
  tls-wizard generate --out tls/ --ca-cert corp-ca.pem --ca-key corp-ca.key
  tls-wizard inspect tls.crt secrets.yaml
  tls-wizard check --ca ca.crt --cert tls.crt --key tls.key --dns-name acme-redis
  tls-wizard audit --release-name acme --namespace prod values.yaml secrets.yaml";

#[derive(Subcommand)]
enum Command {
    /// Make a CA (or use yours), a certificate per Service, Secrets and values.yaml.
    Generate(generate::GenerateArgs),
    /// Describe certificates and keys: PEM files or Secret manifests.
    Inspect(inspect::InspectArgs),
    /// Check a certificate against CA certificates, DNS names and its key.
    Check(check::CheckArgs),
    /// Check an install: values.yaml and Secrets, service by service.
    Audit(audit::AuditArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Generate(args) => generate::run(args),
        Command::Inspect(args) => inspect::run(args),
        Command::Check(args) => check::run(args),
        Command::Audit(args) => audit::run(args),
    };
    ExitCode::from(code)
}
