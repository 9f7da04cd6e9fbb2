//! Every setting a user gives by name, defined once: its name (the page's
//! field, the element's attribute and the link fragment's key), its place in
//! the settings document, the kind of value it takes, the `tls-wizard
//! generate` flag that sets it, and its help. The CLI's flags take their
//! names and help from here and map a finding's path back to the flag; the
//! page's presets and fields read the table generated from it
//! (`www/settings-table.js`); tests hold the settings document, the CLI and
//! that file to it.

/// What a setting's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A line of text.
    Text,
    /// Yes or no.
    Flag,
    /// Whole days.
    Days,
    /// One of these spellings.
    Choice(&'static [&'static str]),
    /// DNS names or IP addresses (comma-separated in a preset, one per line
    /// on the page, one flag each on the command line).
    Names,
}

/// How `tls-wizard generate` sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cli {
    /// No flag: the page (or a settings file) sets it.
    None,
    /// `--LONG VALUE`.
    Value {
        /// The flag's name, without `--`.
        long: &'static str,
        /// What the help calls its value.
        value_name: &'static str,
    },
    /// `--LONG` turns the setting on.
    Sets {
        /// The flag's name.
        long: &'static str,
    },
    /// `--LONG` turns the setting off (it is on by default).
    Clears {
        /// The flag's name.
        long: &'static str,
        /// The flag's help, which says the opposite of the setting's.
        help: &'static str,
    },
    /// `--LONG VALUE`, once per value.
    Each {
        /// The flag's name.
        long: &'static str,
        /// What the help calls its value.
        value_name: &'static str,
    },
}

/// One setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SettingOption {
    /// The name: the page's field id, and (when `preset`) the element's
    /// attribute and the fragment's key.
    pub name: &'static str,
    /// Its path in the settings document, dotted.
    pub path: &'static str,
    /// The value it takes.
    pub kind: Kind,
    /// Whether an attribute or a link may preset it (never key material).
    pub preset: bool,
    /// The flag that sets it.
    pub cli: Cli,
    /// What it means, in a sentence without its final period (as clap
    /// prints help).
    pub help: &'static str,
}

impl SettingOption {
    /// The flag's name, or "" when it has none.
    pub const fn flag(&self) -> &'static str {
        match self.cli {
            Cli::None => "",
            Cli::Value { long, .. }
            | Cli::Sets { long }
            | Cli::Clears { long, .. }
            | Cli::Each { long, .. } => long,
        }
    }

    /// The flag's help: the setting's, or the opposite one of a flag that
    /// turns it off.
    pub const fn flag_help(&self) -> &'static str {
        match self.cli {
            Cli::Clears { help, .. } => help,
            _ => self.help,
        }
    }

    /// What the flag's help calls its value ("" for a switch).
    pub const fn value_name(&self) -> &'static str {
        match self.cli {
            Cli::Value { value_name, .. } | Cli::Each { value_name, .. } => value_name,
            _ => "",
        }
    }
}

/// The spellings of every key algorithm (the core says which it offers).
const KEY_ALGORITHMS: &[&str] = &[
    "ecdsa-p256",
    "ecdsa-p384",
    "rsa-2048",
    "rsa-3072",
    "rsa-4096",
    "ed25519",
];

macro_rules! settings {
    ($($constant:ident = $option:expr;)*) => {
        $(#[allow(missing_docs)] pub const $constant: SettingOption = $option;)*
        /// Every setting, in the order a link lists them.
        pub const SETTINGS: &[SettingOption] = &[$($constant),*];
    };
}

settings! {
    RELEASE_NAME = SettingOption {
        name: "release-name",
        path: "release.name",
        kind: Kind::Text,
        preset: true,
        cli: Cli::Value { long: "release-name", value_name: "NAME" },
        help: "The Helm release name [default: lightrun]",
    };
    NAMESPACE = SettingOption {
        name: "namespace",
        path: "release.namespace",
        kind: Kind::Text,
        preset: true,
        cli: Cli::Value { long: "namespace", value_name: "NS" },
        help: "The release's namespace, where the Secrets go [default: lightrun]",
    };
    NAME_OVERRIDE = SettingOption {
        name: "name-override",
        path: "release.name_override",
        kind: Kind::Text,
        preset: true,
        cli: Cli::Value { long: "name-override", value_name: "NAME" },
        help: "The chart's general.nameOverride, if your values set one",
    };
    CLUSTER_DOMAIN = SettingOption {
        name: "cluster-domain",
        path: "release.cluster_domain",
        kind: Kind::Text,
        preset: true,
        cli: Cli::Value { long: "cluster-domain", value_name: "DOMAIN" },
        help: "The cluster's DNS domain [default: cluster.local]",
    };
    ENABLED = SettingOption {
        name: "enabled",
        path: "internal_tls.enabled",
        kind: Kind::Flag,
        preset: true,
        cli: Cli::None,
        help: "Internal TLS is on (general.internal_tls.enabled)",
    };
    SOURCE = SettingOption {
        name: "source",
        path: "internal_tls.certificates.source",
        kind: Kind::Choice(&["create", "chart", "bring-your-own", "cert-manager"]),
        preset: true,
        cli: Cli::None,
        help: "How certificates are made: here (create), by the chart (chart), yours (bring-your-own), or by cert-manager in the cluster (cert-manager)",
    };
    CA = SettingOption {
        name: "ca",
        path: "certificates.ca",
        kind: Kind::Choice(&["new", "provided"]),
        preset: true,
        cli: Cli::None,
        help: "A new CA, or yours (its certificate and key are pasted, never preset)",
    };
    CA_COMMON_NAME = SettingOption {
        name: "ca-common-name",
        path: "certificates.ca_common_name",
        kind: Kind::Text,
        preset: true,
        cli: Cli::None,
        help: "The common name of a new CA",
    };
    KEY = SettingOption {
        name: "key",
        path: "certificates.key",
        kind: Kind::Choice(KEY_ALGORITHMS),
        preset: true,
        cli: Cli::Value { long: "key", value_name: "ALGORITHM" },
        help: "Key algorithm for every new key [default: ecdsa-p256]",
    };
    DAYS = SettingOption {
        name: "days",
        path: "certificates.days",
        kind: Kind::Days,
        preset: true,
        cli: Cli::Value { long: "days", value_name: "N" },
        help: "Validity of each service certificate in days [default: 3650]",
    };
    CA_DAYS = SettingOption {
        name: "ca-days",
        path: "certificates.ca_days",
        kind: Kind::Days,
        preset: true,
        cli: Cli::Value { long: "ca-days", value_name: "N" },
        help: "Validity of a new CA in days [default: 3650]",
    };
    SHARED_CERTIFICATE = SettingOption {
        name: "shared-certificate",
        path: "certificates.shared_certificate",
        kind: Kind::Flag,
        preset: true,
        cli: Cli::Sets { long: "shared-cert" },
        help: "Make one certificate covering every Service, used by every Secret",
    };
    VERIFICATION = SettingOption {
        name: "verification",
        path: "internal_tls.certificates.verification",
        kind: Kind::Flag,
        preset: true,
        cli: Cli::None,
        help: "Clients verify the certificates they are served (general.internal_tls.certificates.verification)",
    };
    CA_SECRET_NAME = SettingOption {
        name: "ca-secret-name",
        path: "internal_tls.certificates.existing_ca_secret_name",
        kind: Kind::Text,
        preset: true,
        cli: Cli::None,
        help: "The Secret holding the CA certificate the services trust (existing_ca_secret_name)",
    };
    KEYCLOAK_CLUSTER = SettingOption {
        name: "keycloak-cluster",
        path: "release.keycloak_cluster_mode",
        kind: Kind::Flag,
        preset: true,
        cli: Cli::Clears {
            long: "no-keycloak-cluster",
            help: "Keycloak does not run in cluster mode (your values set deployments.keycloak.clusterMode: false): no keycloak_cluster certificate",
        },
        help: "Keycloak runs in cluster mode (deployments.keycloak.clusterMode, on in the chart's defaults): the keycloak_cluster certificate is made",
    };
    REDIS_EXTERNAL = SettingOption {
        name: "redis-external",
        path: "release.redis_external",
        kind: Kind::Flag,
        preset: true,
        cli: Cli::Sets { long: "external-redis" },
        help: "Redis runs outside the cluster (deployments.redis.external.enabled): no Redis certificate",
    };
    RABBITMQ_IN_CLUSTER = SettingOption {
        name: "rabbitmq-in-cluster",
        path: "release.rabbitmq_in_cluster",
        kind: Kind::Flag,
        preset: true,
        cli: Cli::Clears {
            long: "no-rabbitmq",
            help: "RabbitMQ does not run in the cluster: no RabbitMQ certificate",
        },
        help: "RabbitMQ runs in the cluster (general.mq.enabled and general.mq.local, the chart's defaults): its certificate is made",
    };
    DATA_STREAMER = SettingOption {
        name: "data-streamer",
        path: "release.data_streamer_enabled",
        kind: Kind::Flag,
        preset: true,
        cli: Cli::Sets { long: "data-streamer" },
        help: "The data streamer is enabled (general.data_streamer.enabled; off in the chart's defaults): adds its certificate",
    };
    EXTRA_SANS = SettingOption {
        name: "extra-sans",
        path: "release.extra_sans",
        kind: Kind::Names,
        preset: true,
        cli: Cli::Each { long: "extra-san", value_name: "NAME" },
        help: "Add a DNS name or IP address to every certificate (repeatable)",
    };
    LIGHTRUN_ENDPOINT = SettingOption {
        name: "lightrun-endpoint",
        path: "release.lightrun_endpoint",
        kind: Kind::Text,
        preset: true,
        cli: Cli::Value { long: "lightrun-endpoint", value_name: "HOST" },
        help: "The public host name (general.lightrun_endpoint) the main certificate carries [default: lightrun.example.com, or your values']",
    };
    MAIN_CERTIFICATE = SettingOption {
        name: "main-certificate",
        path: "main_certificate.choice",
        kind: Kind::Choice(&["issue", "bring-your-own", "verification-off"]),
        preset: true,
        cli: Cli::Value { long: "main-certificate", value_name: "CHOICE" },
        help: "The chart's main certificate, which the router checks for <fullname>-backend when verification is on: issue (from the CA that signs the rest; browsers, plugins and agents must trust it), bring-your-own (--main-cert/--main-key) or verification-off [default: the one in --values-in, else issue]",
    };
    MAIN_SECRET = SettingOption {
        name: "main-secret",
        path: "main_certificate.secret_name",
        kind: Kind::Text,
        preset: false,
        cli: Cli::Value { long: "main-secret", value_name: "NAME" },
        help: "The Secret for the main certificate (certificate.existing_cert) [default: <fullname>-main-tls]",
    };
    CERT_MANAGER_CA_SECRET = SettingOption {
        name: "cert-manager-ca-secret",
        path: "certificates.cert_manager.ca_secret_name",
        kind: Kind::Text,
        preset: false,
        cli: Cli::Value { long: "cert-manager-ca-secret", value_name: "NAME" },
        help: "With --cert-manager: sign with your CA instead of one cert-manager makes: the Secret in the release's namespace that holds its tls.crt and tls.key (kubectl create secret tls NAME --cert=... --key=...)",
    };
    RENEW_BEFORE_DAYS = SettingOption {
        name: "renew-before-days",
        path: "certificates.cert_manager.renew_before_days",
        kind: Kind::Days,
        preset: false,
        cli: Cli::Value { long: "renew-before-days", value_name: "N" },
        help: "With --cert-manager: renew each certificate this many days before it expires [default: a third of --days, at most 30]",
    };
    TRUST_CA = SettingOption {
        name: "trust-ca",
        path: "certificates.additional_trusted_cas",
        kind: Kind::Names,
        preset: false,
        cli: Cli::Each { long: "trust-ca", value_name: "FILE" },
        help: "Also trust this CA certificate (PEM) in ca.crt, after the wizard's CA: for example the issuer of the chart's main certificate, which the router verifies the backend against (repeatable)",
    };
}

/// The setting at a settings path (or a path inside it: `release.extra_sans[2]`).
pub fn at_path(path: &str) -> Option<&'static SettingOption> {
    SETTINGS.iter().find(|option| {
        path == option.path
            || path
                .strip_prefix(option.path)
                .is_some_and(|rest| rest.starts_with('[') || rest.starts_with('.'))
    })
}

/// The `--flag` that sets the setting at a settings path, when one does.
pub fn flag_for(path: &str) -> Option<String> {
    at_path(path)
        .map(SettingOption::flag)
        .filter(|flag| !flag.is_empty())
        .map(|flag| format!("--{flag}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Settings;

    fn at<'a>(document: &'a serde_json::Value, path: &str) -> Option<&'a serde_json::Value> {
        path.split('.')
            .try_fold(document, |value, key| value.get(key))
    }

    #[test]
    fn every_setting_is_in_the_settings_document_with_the_kind_of_value_it_takes() {
        let mut settings = Settings::default();
        // Left out of a document while empty.
        settings
            .certificates
            .additional_trusted_cas
            .push(String::new());
        let document = serde_json::to_value(settings).unwrap();
        for option in SETTINGS {
            let value = at(&document, option.path).unwrap_or_else(|| {
                panic!(
                    "{} is at {} in a settings document",
                    option.name, option.path
                )
            });
            let fits = match option.kind {
                Kind::Text => value.is_string(),
                Kind::Flag => value.is_boolean(),
                // Absent (null) means the core's default.
                Kind::Days => value.is_u64() || value.is_null(),
                Kind::Choice(choices) => {
                    value.as_str().is_some_and(|v| {
                        // The form's two ways of the chart's source read as `create`.
                        choices.contains(&v) || option.name == "source"
                    }) || value.is_null()
                }
                Kind::Names => value.is_array(),
            };
            assert!(
                fits,
                "{} at {} holds {value}, not a {:?}",
                option.name, option.path, option.kind
            );
        }
    }

    #[test]
    fn names_paths_and_flags_are_each_used_once() {
        for (i, a) in SETTINGS.iter().enumerate() {
            for b in &SETTINGS[i + 1..] {
                assert_ne!(a.name, b.name);
                assert_ne!(a.path, b.path);
                assert!(
                    a.flag().is_empty() || a.flag() != b.flag(),
                    "--{}",
                    a.flag()
                );
            }
        }
    }

    #[test]
    fn the_key_choices_are_the_algorithms_the_core_knows() {
        let known: Vec<&str> = crate::values::KeyAlgorithm::ALL
            .iter()
            .map(|a| a.as_str())
            .collect();
        assert_eq!(KEY_ALGORITHMS, known.as_slice());
    }

    #[test]
    fn a_findings_path_leads_to_its_flag() {
        assert_eq!(flag_for("release.name").as_deref(), Some("--release-name"));
        assert_eq!(
            flag_for("release.extra_sans[1]").as_deref(),
            Some("--extra-san")
        );
        assert_eq!(
            flag_for("certificates.additional_trusted_cas[0]").as_deref(),
            Some("--trust-ca")
        );
        assert_eq!(
            flag_for("release.name_override").as_deref(),
            Some("--name-override")
        );
        assert_eq!(flag_for("internal_tls.enabled"), None);
        assert_eq!(flag_for("release.names"), None);
    }

    const TABLE_FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www/settings-table.js");

    /// The page's copy of the table: the settings an attribute or a link may
    /// preset, with their paths, kinds and help.
    fn page_table() -> String {
        let mut out = String::from(
            "// Generated from the one table of settings (src/values/options.rs).\n\
             // Do not edit: change the table, then run\n\
             // UPDATE_TYPES=1 cargo test --lib options\n\
             //\n\
             // Each setting an attribute or a link may preset: its name (the page's\n\
             // field, the attribute, the fragment's key), its path in the settings\n\
             // document, its kind (text, flag, days, choice, names) and its help.\n\n\
             export const SETTINGS = [\n",
        );
        for option in SETTINGS.iter().filter(|o| o.preset) {
            let (kind, choices) = match option.kind {
                Kind::Text => ("text", None),
                Kind::Flag => ("flag", None),
                Kind::Days => ("days", None),
                Kind::Choice(choices) => ("choice", Some(choices)),
                Kind::Names => ("names", None),
            };
            let text = |t: &str| serde_json::to_string(t).unwrap();
            let choices = choices
                .map(|c| format!(", choices: {}", serde_json::to_string(c).unwrap()))
                .unwrap_or_default();
            out.push_str(&format!(
                "  {{ name: {}, path: {}, kind: {}{choices},\n    help: {} }},\n",
                text(option.name),
                text(option.path),
                text(kind),
                text(option.help)
            ));
        }
        out.push_str("];\n");
        out
    }

    #[test]
    fn the_pages_table_is_the_generated_one() {
        let wanted = page_table();
        if std::env::var_os("UPDATE_TYPES").is_some() {
            std::fs::write(TABLE_FILE, &wanted).unwrap();
            return;
        }
        let committed = std::fs::read_to_string(TABLE_FILE).unwrap_or_default();
        assert!(
            committed == wanted,
            "www/settings-table.js is not what src/values/options.rs says; run UPDATE_TYPES=1 cargo test --lib options and commit it"
        );
    }
}
