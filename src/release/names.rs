//! Validated Kubernetes and DNS names: each type can only hold a value the
//! cluster (or a TLS client) will accept, so later stages never re-check them.

use std::fmt;
use std::net::IpAddr;

use serde::{Serialize, Serializer};

/// Why a name was refused, in words a user can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameError {
    /// What is wrong with the value.
    pub message: String,
    /// What to do about it.
    pub hint: String,
}

impl NameError {
    fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.message, self.hint)
    }
}

/// Shows a user-typed value safely inside a message: quoted, control characters
/// escaped, and cut when very long.
pub fn quoted(value: &str) -> String {
    const MAX: usize = 80;
    let mut shown: String = value.chars().take(MAX).collect();
    if value.chars().count() > MAX {
        shown.push('…');
    }
    format!("{shown:?}")
}

fn is_lower_alnum(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

/// Checks an RFC 1123 label as Kubernetes does (lowercase letters, digits and
/// `-`, starting and ending with a letter or digit), up to `max` characters.
fn check_label(value: &str, max: usize, what: &str) -> Result<(), NameError> {
    if value.is_empty() {
        return Err(NameError::new(
            format!("The {what} is empty."),
            format!("Enter a {what}: lowercase letters, digits and '-'."),
        ));
    }
    let len = value.chars().count();
    if len > max {
        return Err(NameError::new(
            format!(
                "The {what} {} is {len} characters long; at most {max} are allowed.",
                quoted(value)
            ),
            format!("Shorten it to {max} characters or fewer."),
        ));
    }
    if let Some(bad) = value.chars().find(|c| !is_lower_alnum(*c) && *c != '-') {
        let hint = if bad.is_ascii_uppercase() {
            "Use lowercase letters only.".to_string()
        } else {
            "Use only lowercase letters, digits and '-'.".to_string()
        };
        return Err(NameError::new(
            format!(
                "The {what} {} contains {bad:?}, which Kubernetes does not allow here.",
                quoted(value)
            ),
            hint,
        ));
    }
    if value.starts_with('-') || value.ends_with('-') {
        return Err(NameError::new(
            format!("The {what} {} starts or ends with '-'.", quoted(value)),
            "Start and end it with a letter or digit.",
        ));
    }
    Ok(())
}

macro_rules! string_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// The name as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }
    };
}

/// Refuses a name that a YAML 1.1 reader (Helm and kubectl read YAML that way)
/// would take for a boolean or a date when written unquoted: `on`, `no`,
/// `2024-01-02`. serde_yaml quotes only what YAML 1.2 would misread, so such a
/// name would reach the chart as `true` or a timestamp.
fn check_yaml_safe(value: &str, what: &str) -> Result<(), NameError> {
    const WORDS: [&str; 6] = ["y", "yes", "n", "no", "on", "off"];
    let parts: Vec<&str> = value.split('-').collect();
    let is_date = matches!(parts.as_slice(), [y, m, d]
        if y.len() == 4 && (1..=2).contains(&m.len()) && (1..=2).contains(&d.len())
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())));
    if WORDS.contains(&value) || is_date {
        let reads_as = if is_date { "a date" } else { "a boolean" };
        return Err(NameError::new(
            format!("The {what} {} would be read by Helm and kubectl (YAML 1.1) as {reads_as}, not a name.", quoted(value)),
            format!("Choose another {what}, for example {}.", quoted(&format!("{value}-tls"))),
        ));
    }
    Ok(())
}

string_newtype!(
    /// A Helm release name: at most 53 characters, lowercase letters, digits and
    /// `-`, starting with a letter (the chart's Service names begin with it, and a
    /// Service name must start with a letter).
    ReleaseName
);

impl ReleaseName {
    /// Helm's limit on a release name.
    pub const MAX_LEN: usize = 53;

    /// Parses a release name, explaining any problem.
    pub fn parse(value: &str) -> Result<Self, NameError> {
        if value.contains('.') {
            return Err(NameError::new(
                format!("The release name {} contains '.'.", quoted(value)),
                "The chart uses the release name in Service names, which cannot contain '.'; use '-' instead.",
            ));
        }
        check_label(value, Self::MAX_LEN, "release name")?;
        starts_with_letter(value, "release name")?;
        Ok(Self(value.to_string()))
    }
}

fn starts_with_letter(value: &str, what: &str) -> Result<(), NameError> {
    if value.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(NameError::new(
            format!("The {what} {} starts with a digit.", quoted(value)),
            "Kubernetes Service names, which the chart builds from it, must start with a letter.",
        ));
    }
    Ok(())
}

string_newtype!(
    /// The chart's `fullname`: `general.nameOverride` when set, else the release
    /// name, cut to 63 characters with a trailing `-` removed.
    Fullname
);

impl Fullname {
    /// Derives the fullname exactly as the chart's helper does.
    pub fn derive(release: &ReleaseName, name_override: Option<&NameOverride>) -> Self {
        let base = name_override.map_or(release.as_str(), NameOverride::as_str);
        let cut: String = base.chars().take(63).collect();
        Self(cut.trim_end_matches('-').to_string())
    }
}

string_newtype!(
    /// A value for `general.nameOverride`: used instead of the release name in
    /// every resource name.
    NameOverride
);

impl NameOverride {
    /// Parses a name override, explaining any problem.
    pub fn parse(value: &str) -> Result<Self, NameError> {
        check_label(value, 63, "name override")?;
        starts_with_letter(value, "name override")?;
        Ok(Self(value.to_string()))
    }
}

string_newtype!(
    /// A Kubernetes namespace: an RFC 1123 label of at most 63 characters.
    Namespace
);

impl Namespace {
    /// Parses a namespace, explaining any problem.
    pub fn parse(value: &str) -> Result<Self, NameError> {
        check_label(value, 63, "namespace")?;
        check_yaml_safe(value, "namespace")?;
        Ok(Self(value.to_string()))
    }
}

string_newtype!(
    /// A Kubernetes Service name: an RFC 1035 label (starts with a letter) of at
    /// most 63 characters.
    ServiceName
);

impl ServiceName {
    /// Parses a Service name, explaining any problem.
    pub fn parse(value: &str) -> Result<Self, NameError> {
        check_label(value, 63, "Service name")?;
        if !value.starts_with(|c: char| c.is_ascii_lowercase()) {
            return Err(NameError::new(
                format!(
                    "The Service name {} does not start with a letter.",
                    quoted(value)
                ),
                "Kubernetes requires Service names to start with a letter.",
            ));
        }
        Ok(Self(value.to_string()))
    }
}

string_newtype!(
    /// A Kubernetes Secret name: an RFC 1123 subdomain of at most 253 characters.
    SecretName
);

impl SecretName {
    /// Parses a Secret name, explaining any problem.
    pub fn parse(value: &str) -> Result<Self, NameError> {
        check_subdomain(value, "Secret name", 253)?;
        check_yaml_safe(value, "Secret name")?;
        Ok(Self(value.to_string()))
    }
}

/// Checks an RFC 1123 subdomain of at most 253 characters whose labels may be
/// at most `label_max` long (Kubernetes sets no per-label limit on object names;
/// DNS sets 63).
fn check_subdomain(value: &str, what: &str, label_max: usize) -> Result<(), NameError> {
    if value.is_empty() {
        return Err(NameError::new(
            format!("The {what} is empty."),
            format!("Enter a {what}: lowercase letters, digits, '-' and '.'."),
        ));
    }
    let len = value.chars().count();
    if len > 253 {
        return Err(NameError::new(
            format!("The {what} is {len} characters long; at most 253 are allowed."),
            "Shorten it.",
        ));
    }
    for label in value.split('.') {
        if label.is_empty() {
            return Err(NameError::new(
                format!(
                    "The {what} {} has an empty part between dots.",
                    quoted(value)
                ),
                "Remove the extra '.'.",
            ));
        }
        check_label(label, label_max, what).map_err(|e| NameError {
            message: e.message.replace(
                &format!("The {what} {}", quoted(label)),
                &format!("The {what} {}", quoted(value)),
            ),
            hint: e.hint,
        })?;
    }
    Ok(())
}

string_newtype!(
    /// The cluster's DNS domain (usually `cluster.local`): one or more DNS labels.
    ClusterDomain
);

impl ClusterDomain {
    /// The domain almost every cluster uses.
    pub const DEFAULT: &'static str = "cluster.local";

    /// Parses a cluster domain, explaining any problem.
    pub fn parse(value: &str) -> Result<Self, NameError> {
        let trimmed = value.strip_suffix('.').unwrap_or(value);
        check_subdomain(trimmed, "cluster domain", 63)?;
        Ok(Self(trimmed.to_string()))
    }
}

string_newtype!(
    /// A DNS name a certificate can carry: dot-separated labels of letters, digits
    /// and `-` (stored lowercase), optionally with `*` as the whole leftmost label.
    DnsName
);

impl DnsName {
    /// Parses a DNS name for a certificate's subjectAltName.
    pub fn parse(value: &str) -> Result<Self, NameError> {
        let lower = value.to_ascii_lowercase();
        let name = lower.strip_suffix('.').unwrap_or(&lower);
        if name.is_empty() {
            return Err(NameError::new(
                "The DNS name is empty.",
                "Enter a name such as api.example.com.",
            ));
        }
        if name.len() > 253 {
            return Err(NameError::new(
                format!(
                    "The DNS name {} is longer than 253 characters.",
                    quoted(value)
                ),
                "Use a shorter name.",
            ));
        }
        for (index, label) in name.split('.').enumerate() {
            if index == 0 && label == "*" {
                if !name.contains('.') || name.matches('.').count() < 2 {
                    return Err(NameError::new(
                        format!(
                            "The wildcard {} covers a whole top-level domain.",
                            quoted(value)
                        ),
                        "Put at least two labels after '*.', as in *.example.com.",
                    ));
                }
                continue;
            }
            let ok = !label.is_empty()
                && label.len() <= 63
                && label.chars().all(|c| is_lower_alnum(c) || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-');
            if !ok {
                let hint = if label.contains('*') {
                    "A wildcard may only be the whole first label, as in *.example.com."
                } else {
                    "Each part between dots must be 1 to 63 letters, digits or '-', not starting or ending with '-'."
                };
                return Err(NameError::new(
                    format!(
                        "{} is not a valid DNS name (the part {} is not allowed).",
                        quoted(value),
                        quoted(label)
                    ),
                    hint,
                ));
            }
        }
        Ok(Self(name.to_string()))
    }

    /// Whether the name is a wildcard (`*.` followed by a name).
    pub fn is_wildcard(&self) -> bool {
        self.0.starts_with("*.")
    }
}

/// One subjectAltName entry: a DNS name or an IP address.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SubjectAltName {
    /// A DNS name.
    Dns(DnsName),
    /// An IPv4 or IPv6 address.
    Ip(IpAddr),
}

impl SubjectAltName {
    /// Parses a user-typed extra SAN: an IP address when it reads as one, else a DNS name.
    pub fn parse(value: &str) -> Result<Self, NameError> {
        let trimmed = value.trim();
        if let Ok(ip) = trimmed.parse::<IpAddr>() {
            return Ok(Self::Ip(ip));
        }
        let name = DnsName::parse(trimmed)?;
        // RFC 1123 2.1: a top-level name is never all digits. A typed name
        // ending so is a mistyped address (300.1.1.1, 10.0.0), and clients
        // would try to read it as one rather than look it up. (Names the chart
        // makes may end in an all-digit namespace: `svc.123` is fine in-cluster.)
        if name
            .as_str()
            .rsplit('.')
            .next()
            .is_some_and(|last| last.chars().all(|c| c.is_ascii_digit()))
        {
            return Err(NameError::new(
                format!(
                    "{} is neither an IP address nor a DNS name: its last part is all digits.",
                    quoted(value)
                ),
                "For an IPv4 address give four numbers from 0 to 255 (as in 10.0.0.1); a DNS name's last part needs a letter.",
            ));
        }
        Ok(Self::Dns(name))
    }
}

impl fmt::Display for SubjectAltName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Dns(name) => f.write_str(name.as_str()),
            Self::Ip(ip) => write!(f, "{ip}"),
        }
    }
}

impl Serialize for SubjectAltName {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_names_follow_helm_and_service_rules() {
        assert!(ReleaseName::parse("acme").is_ok());
        assert!(ReleaseName::parse("acme-prod-2").is_ok());
        assert!(ReleaseName::parse("").is_err());
        assert!(ReleaseName::parse("Acme").is_err());
        assert!(ReleaseName::parse("1acme").is_err());
        assert!(ReleaseName::parse("acme.prod").is_err());
        assert!(ReleaseName::parse("acme-").is_err());
        assert!(ReleaseName::parse(&"a".repeat(53)).is_ok());
        assert!(ReleaseName::parse(&"a".repeat(54)).is_err());
    }

    #[test]
    fn fullname_prefers_the_override_and_trims_a_trailing_dash() {
        let release = ReleaseName::parse("acme").unwrap();
        assert_eq!(Fullname::derive(&release, None).as_str(), "acme");
        let o = NameOverride::parse("lr").unwrap();
        assert_eq!(Fullname::derive(&release, Some(&o)).as_str(), "lr");
    }

    #[test]
    fn a_mistyped_address_is_neither_an_address_nor_a_name() {
        for typo in ["300.1.1.1", "10.0.0", "1.2.3.4.5", "192.168.1.256"] {
            let error = SubjectAltName::parse(typo).unwrap_err();
            assert!(
                error.message.contains("neither an IP address"),
                "{typo}: {error:?}"
            );
        }
        assert!(matches!(
            SubjectAltName::parse("10.0.0.1"),
            Ok(SubjectAltName::Ip(_))
        ));
        assert!(matches!(
            SubjectAltName::parse("1password.example.com"),
            Ok(SubjectAltName::Dns(_))
        ));
        assert!(matches!(
            SubjectAltName::parse("node-1.k8s"),
            Ok(SubjectAltName::Dns(_))
        ));
    }

    #[test]
    fn dns_names_accept_wildcards_only_as_the_first_label() {
        assert!(DnsName::parse("*.svc.cluster.local").unwrap().is_wildcard());
        assert_eq!(
            DnsName::parse("API.Example.com.").unwrap().as_str(),
            "api.example.com"
        );
        assert!(DnsName::parse("a.*.example.com").is_err());
        assert!(DnsName::parse("*.com").is_err());
        assert!(DnsName::parse("has space.example").is_err());
        assert!(DnsName::parse("under_score.example").is_err());
    }

    #[test]
    fn secret_names_are_subdomains() {
        assert!(SecretName::parse("acme-frontend-tls").is_ok());
        assert!(SecretName::parse("tls.acme").is_ok());
        assert!(SecretName::parse("Bad_Name").is_err());
        assert!(SecretName::parse("a..b").is_err());
        assert!(SecretName::parse("").is_err());
        // Kubernetes limits object names to 253 characters, not labels to 63.
        assert!(SecretName::parse(&format!("{}-frontend-tls", "a".repeat(52))).is_ok());
        assert!(SecretName::parse(&"a".repeat(254)).is_err());
    }

    #[test]
    fn names_yaml_1_1_would_misread_are_refused() {
        for bad in ["on", "off", "yes", "no", "y", "n", "2024-01-02"] {
            let err = SecretName::parse(bad).unwrap_err();
            assert!(err.message.contains("YAML 1.1"), "{bad}: {err}");
            assert!(Namespace::parse(bad).is_err(), "{bad}");
        }
        assert!(SecretName::parse("on-tls").is_ok());
        assert!(Namespace::parse("2024").is_ok());
    }

    #[test]
    fn cluster_domains_reject_spaces() {
        assert!(ClusterDomain::parse("cluster.local").is_ok());
        assert!(ClusterDomain::parse("cluster .local").is_err());
    }

    #[test]
    fn extra_sans_read_ip_addresses_first() {
        assert!(matches!(
            SubjectAltName::parse("10.0.0.1"),
            Ok(SubjectAltName::Ip(_))
        ));
        assert!(matches!(
            SubjectAltName::parse("::1"),
            Ok(SubjectAltName::Ip(_))
        ));
        assert!(matches!(
            SubjectAltName::parse("tls.example.com"),
            Ok(SubjectAltName::Dns(_))
        ));
    }
}
