//! `tls-wizard renew`: re-issue every certificate of an existing bundle from
//! its CA, with the same Secret names and SANs, and say what to restart.

use std::path::{Path, PathBuf};

use clap::Args;
use internal_tls_wizard::daytwo::renew::{renew, RenewError, RenewInput, RenewReport};
use internal_tls_wizard::output::archive::{read_bundle_archive, MAX_ARCHIVE_BYTES};
use internal_tls_wizard::output::names;
use internal_tls_wizard::pki::KeyAlgorithm;
use zeroize::Zeroizing;

use crate::app::{INPUT, OK};
use crate::generate::parse_key;
use crate::write::{read_input, write_bundle};

#[derive(Args)]
pub struct RenewArgs {
    /// A bundle folder the wizard wrote (unzipped): reads its ca.crt, ca.key, secrets.yaml and values.yaml.
    #[arg(long, value_name = "DIR", conflicts_with_all = ["ca_cert", "ca_key", "secrets", "archive"])]
    from: Option<PathBuf>,
    /// The bundle archive the wizard made (Download all files, .zip): reads its ca.crt, ca.key, secrets.yaml and values.yaml without unzipping it.
    #[arg(long, value_name = "FILE.zip", conflicts_with_all = ["ca_cert", "ca_key", "secrets"])]
    archive: Option<PathBuf>,
    /// The CA certificate that signed the certificates (PEM).
    #[arg(long, value_name = "FILE", requires_all = ["ca_key", "secrets"])]
    ca_cert: Option<PathBuf>,
    /// The CA's private key (PEM).
    #[arg(long, value_name = "FILE", requires_all = ["ca_cert", "secrets"])]
    ca_key: Option<PathBuf>,
    /// The current Secrets: the wizard's secrets.yaml or `kubectl get secret -o yaml` output.
    #[arg(long, value_name = "FILE", requires_all = ["ca_cert", "ca_key"])]
    secrets: Option<PathBuf>,
    /// Folder for the renewed secrets.yaml, ca.crt and RENEW.md; created if missing. Not the source folder.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Validity of each new certificate in days [default: each certificate's old validity].
    #[arg(long, value_name = "N")]
    days: Option<u32>,
    /// Key algorithm of the new keys [default: each Secret's own].
    #[arg(long, value_name = "ALGORITHM", value_parser = parse_key)]
    key: Option<KeyAlgorithm>,
    /// Namespace of Secrets whose manifest names none.
    #[arg(long, value_name = "NS")]
    namespace: Option<String>,
    /// The Helm release name, for the command that restarts all of its workloads [default: the fullname in the certificates].
    #[arg(long, value_name = "NAME")]
    release_name: Option<String>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// Replace files that already exist in --out.
    #[arg(long)]
    force: bool,
}

/// Where the inputs come from: files (a folder or three flags) or an archive.
enum Sources {
    Files {
        ca_cert: PathBuf,
        ca_key: PathBuf,
        secrets: PathBuf,
        values: Option<PathBuf>,
    },
    Archive(PathBuf),
}

fn sources(args: &RenewArgs) -> Result<Sources, String> {
    match (&args.from, &args.archive, &args.ca_cert, &args.ca_key, &args.secrets) {
        (Some(dir), ..) => {
            let values = dir.join(names::VALUES);
            Ok(Sources::Files {
                ca_cert: dir.join(names::CA_CERT),
                ca_key: dir.join(names::CA_KEY),
                secrets: dir.join(names::SECRETS),
                values: values.is_file().then_some(values),
            })
        }
        (None, Some(zip), ..) => Ok(Sources::Archive(zip.clone())),
        (None, None, Some(c), Some(k), Some(s)) => Ok(Sources::Files {
            ca_cert: c.clone(),
            ca_key: k.clone(),
            secrets: s.clone(),
            values: None,
        }),
        _ => Err(
            "give the bundle folder (--from DIR), its archive (--archive FILE.zip), or --ca-cert FILE --ca-key FILE --secrets FILE"
                .into(),
        ),
    }
}

/// The texts renewal reads, and how to name each in an error.
struct Texts {
    ca_cert: Zeroizing<String>,
    ca_key: Zeroizing<String>,
    secrets: Zeroizing<String>,
    values: Option<String>,
    /// How errors name ca.crt, ca.key and secrets.yaml (a path, or `ARCHIVE: entry`).
    labels: [String; 3],
    /// The folder the CA key is read from (none for an archive).
    key_dir: Option<PathBuf>,
}

fn read_texts(src: &Sources) -> Result<Texts, String> {
    let read = |path: &Path| read_input(path).map_err(|e| e.to_string());
    match src {
        Sources::Files {
            ca_cert,
            ca_key,
            secrets,
            values,
        } => {
            let key_dir = ca_key.parent().map(Path::to_path_buf).unwrap_or_default();
            let key_dir = if key_dir.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                key_dir
            };
            Ok(Texts {
                ca_cert: Zeroizing::new(read(ca_cert)?),
                ca_key: Zeroizing::new(read(ca_key)?),
                secrets: Zeroizing::new(read(secrets)?),
                values: values.as_deref().map(read).transpose()?,
                labels: [ca_cert, ca_key, secrets].map(|p| p.display().to_string()),
                key_dir: Some(key_dir),
            })
        }
        Sources::Archive(zip) => {
            let cannot = |e: std::io::Error| format!("{}: cannot read it ({e})", zip.display());
            let size = std::fs::metadata(zip).map_err(cannot)?.len();
            if size > MAX_ARCHIVE_BYTES as u64 {
                return Err(format!(
                    "{}: is {size} bytes; a bundle archive is well under 1 MiB. Is this the right file?",
                    zip.display()
                ));
            }
            let bytes = std::fs::read(zip).map_err(cannot)?;
            let bundle =
                read_bundle_archive(&bytes).map_err(|e| format!("{}: {e}", zip.display()))?;
            Ok(Texts {
                ca_cert: bundle.ca_cert,
                ca_key: bundle.ca_key,
                secrets: bundle.secrets,
                values: bundle.values,
                labels: [names::CA_CERT, names::CA_KEY, names::SECRETS]
                    .map(|name| format!("{}: {name}", zip.display())),
                key_dir: None,
            })
        }
    }
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

pub fn run(args: RenewArgs) -> u8 {
    let src = match sources(&args) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return INPUT;
        }
    };
    let texts = match read_texts(&src) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return INPUT;
        }
    };
    if texts
        .key_dir
        .as_deref()
        .is_some_and(|dir| same_dir(&args.out, dir))
        || args.from.as_deref().is_some_and(|f| same_dir(&args.out, f))
    {
        eprintln!(
            "error: --out {} is the folder the CA key and Secrets come from; write the renewal into a new folder, so the old bundle stays whole until the new one is applied",
            args.out.display()
        );
        return INPUT;
    }
    let [ca_cert_label, ca_key_label, secrets_label] = &texts.labels;
    if let Err(e) = crate::write::check_targets(&args.out, args.force) {
        eprintln!("error: {e}");
        return INPUT;
    }
    let input = RenewInput {
        ca_cert_pem: &texts.ca_cert,
        ca_key_pem: &texts.ca_key,
        secrets_yaml: &texts.secrets,
        days: args.days,
        key: args.key,
        namespace: args.namespace.as_deref(),
        release_name: args.release_name.as_deref(),
        values_yaml: texts.values.as_deref(),
    };
    let renewed = match renew(&input, time::OffsetDateTime::now_utc()) {
        Ok(r) => r,
        Err(e) => {
            let file = match &e {
                RenewError::Ca {
                    field: "ca_key", ..
                } => format!(" ({ca_key_label})"),
                RenewError::Ca { .. } => format!(" ({ca_cert_label})"),
                RenewError::Secrets { .. } | RenewError::Secret { .. } => {
                    format!(" ({secrets_label})")
                }
                RenewError::Output { .. } => String::new(),
            };
            eprintln!("error{file}: {e}\nNothing was written.");
            return INPUT;
        }
    };
    if let Err(e) = write_bundle(&args.out, &renewed.files, args.force) {
        eprintln!("error: {e}");
        return INPUT;
    }
    if args.json {
        match serde_json::to_string_pretty(&renewed.report) {
            Ok(json) => println!("{json}"),
            Err(e) => {
                eprintln!("error: could not write JSON: {e}");
                return INPUT;
            }
        }
    } else {
        print_report(&renewed.report, &args.out);
    }
    OK
}

fn print_report(report: &RenewReport, out: &Path) {
    println!(
        "Renewed {} certificate(s), signed by {} (valid until {}):",
        report.renewed.len(),
        report.ca_subject,
        report.ca_not_after
    );
    for r in &report.renewed {
        let services: Vec<&str> = r.services.iter().map(|k| k.values_key()).collect();
        println!(
            "\n  Secret {} ({}), {}",
            r.secret,
            if services.is_empty() {
                "no chart service recognised".to_string()
            } else {
                services.join(", ")
            },
            r.key
        );
        println!("    serial     {} -> {}", r.old_serial, r.new_serial);
        println!("    not after  {} -> {}", r.old_not_after, r.new_not_after);
        println!(
            "    names      {} ({})",
            r.sans.join(", "),
            if r.sans_unchanged {
                "unchanged"
            } else {
                "CHANGED"
            }
        );
    }
    if !report.kept.is_empty() {
        println!("\n  Copied unchanged: {}", report.kept.join(", "));
    }
    for note in &report.notes {
        println!("\nnote: {note}");
    }
    println!(
        "\nWrote secrets.yaml, ca.crt and RENEW.md to {}. Next:",
        out.display()
    );
    println!("  kubectl apply -f {}", out.join(names::SECRETS).display());
    for cmd in &report.restart_commands {
        println!("  {cmd}");
    }
}
