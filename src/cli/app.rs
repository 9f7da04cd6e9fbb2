//! The command line itself: clap's definition and the dispatch to subcommands.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Certificates, Secrets and values.yaml for the Lightrun Helm chart's internal TLS.
///
/// Makes a private CA and one certificate per chart Service, with exactly the
/// DNS names the chart's Services get, the kubernetes.io/tls Secrets that hold
/// them, and the general.internal_tls values that point at them. Everything
/// happens on this machine; nothing is sent anywhere. The names, keys, defaults
/// and trust follow the templates of the Lightrun chart 3.50.0.
#[derive(Parser)]
#[command(name = "tls-wizard", version = VERSION, about, long_about, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Exit code: done (every subcommand).
pub const OK: u8 = 0;
/// Exit code: the settings fail validation, or a certificate will not work.
pub const INVALID: u8 = 1;
/// Exit code: a usage or input error (a file that cannot be read).
pub const INPUT: u8 = 2;

/// `--version`: this build and the chart version its rules come from.
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (rules of the Lightrun chart 3.50.0)"
);

const EXAMPLES: &str = "\
Examples:
  tls-wizard generate --out tls/ --release-name acme --namespace prod
  tls-wizard generate --out tls/ --config settings.json --force
  tls-wizard generate --out tls/ --ca-cert corp-ca.pem --ca-key corp-ca.key
  tls-wizard generate --out tls/ --values-in my-values.yaml --main-cert main.crt --main-key main.key
  tls-wizard generate --out tls/ --cert-for redis=redis.crt --key-for redis=redis.key --ca-bundle corp-ca.pem ...
  tls-wizard generate --out tls/ --cert-manager --release-name acme --namespace prod
  tls-wizard inspect tls.crt secrets.yaml
  tls-wizard check --ca ca.crt --cert tls.crt --key tls.key --dns-name acme-redis
  tls-wizard audit --release-name acme --namespace prod values.yaml secrets.yaml
  tls-wizard renew --from tls/ --out tls-renewed/ --days 365
  tls-wizard renew --archive acme-internal-tls.zip --out tls-renewed/";

#[derive(Subcommand)]
enum Command {
    /// Make a CA (or use yours), a certificate per Service, Secrets and values.yaml.
    Generate(Box<crate::generate::GenerateArgs>),
    /// Describe certificates and keys: PEM files or Secret manifests.
    Inspect(crate::inspect::InspectArgs),
    /// Check a certificate against CA certificates, DNS names and its key.
    Check(crate::check::CheckArgs),
    /// Check an install: values.yaml and Secrets, service by service.
    Audit(crate::audit::AuditArgs),
    /// Re-issue every certificate of a bundle from its CA: same Secrets and names, new keys and dates.
    Renew(crate::renew::RenewArgs),
}

/// Parses the command line and runs the subcommand.
pub fn main() -> ExitCode {
    debug_assert!(VERSION.contains(internal_tls_wizard::values::CHART_VERSION));
    let cli = Cli::parse();
    crate::write::install_interrupt_handler();
    let code = match cli.command {
        Command::Generate(args) => crate::generate::run(*args),
        Command::Inspect(args) => crate::inspect::run(args),
        Command::Check(args) => crate::check::run(args),
        Command::Audit(args) => crate::audit::run(args),
        Command::Renew(args) => crate::renew::run(args),
    };
    ExitCode::from(code)
}
