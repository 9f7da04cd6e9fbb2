//! The rules a `general.internal_tls` tree must follow for the chart's
//! templates to work, checked all at once.

use crate::release::{quoted, Deployed, SecretName, ServiceKey};

use super::diagnostics::Diagnostic;
use super::model::{paths, secret_path, InternalTls, Source};

/// Checks the values against what the chart's templates need, given which
/// components the release deploys. Returns every finding, not just the first.
pub fn check_values(values: &InternalTls, deployed: &Deployed) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let certs = &values.certificates;

    if !values.enabled {
        if *values != InternalTls::default() && !is_only_defaults_besides_enabled(values) {
            found.push(Diagnostic::info(
                "disabled-with-settings",
                paths::ENABLED,
                "Internal TLS is disabled, so the chart ignores the other internal_tls settings.",
                "Set enabled to true to use them, or leave them; they do nothing while it is false.",
            ));
        }
        return found;
    }

    match certs.source {
        Source::GenerateSelfSignedCertificates => {
            if certs.verification {
                found.push(Diagnostic::error(
                    "generate-with-verification",
                    paths::VERIFICATION,
                    "The chart's own self-signed certificates work only with verification off (its CA is in no trust file the backend reads), and verification is on.",
                    "Set verification to false, or have the certificates made here (source existing_certificates) and keep verification on.",
                ));
            }
            found.push(Diagnostic::warning(
                "generate-is-install-only",
                paths::SOURCE,
                "The chart makes these certificates only at the first install (pre-install hooks): helm upgrade of a release that already exists creates none of them, and every TLS pod then waits for its Secret. It is not meant for production.",
                "Use it only for a new release; for an existing one, or for production, have the certificates made here (source existing_certificates).",
            ));
            if !certs.existing_ca_secret_name.is_empty() {
                found.push(Diagnostic::warning(
                    "ca-secret-ignored",
                    paths::CA_SECRET,
                    "existing_ca_secret_name is set, but with generate_self_signed_certificates the chart makes and uses its own CA.",
                    "Clear it, or switch the source to existing_certificates.",
                ));
            }
            if deployed.keycloak_cluster {
                found.push(Diagnostic::error(
                    "keycloak-cluster-needs-existing",
                    paths::SOURCE,
                    "Keycloak cluster mode cannot use the chart's generated certificates: its pods need a shared CA for mutual TLS.",
                    "Use source existing_certificates (let this wizard make the certificates), or turn off Keycloak cluster mode.",
                ));
            }
        }
        Source::ExistingCertificates => {
            for key in ServiceKey::ALL {
                check_service_secret(values, deployed, key, &mut found);
            }
            if certs.verification && certs.existing_ca_secret_name.is_empty() {
                found.push(Diagnostic::warning(
                    "no-ca-secret",
                    paths::CA_SECRET,
                    "Verification is on but no CA Secret is named: peers will trust only publicly trusted certificates.",
                    "Name the Secret holding your CA's ca.crt, or leave this empty only if every certificate comes from a public CA.",
                ));
            }
        }
    }

    if !certs.existing_ca_secret_name.is_empty() {
        if let Err(e) = SecretName::parse(&certs.existing_ca_secret_name) {
            found.push(Diagnostic::error(
                "ca-secret-name-invalid",
                paths::CA_SECRET,
                e.message,
                e.hint,
            ));
        }
    }
    found
}

fn is_only_defaults_besides_enabled(values: &InternalTls) -> bool {
    let mut enabled = values.clone();
    enabled.enabled = false;
    enabled == InternalTls::default()
}

fn check_service_secret(
    values: &InternalTls,
    deployed: &Deployed,
    key: ServiceKey,
    found: &mut Vec<Diagnostic>,
) {
    let name = values.certificates.existing_certificates.get(key);
    let path = secret_path(key);
    if !deployed.has(key) {
        if !name.is_empty() {
            found.push(Diagnostic::info(
                "secret-unused",
                path,
                format!(
                    "{} is not deployed in this release, so the chart does not use this Secret.",
                    key.label()
                ),
                "Leave it empty, or deploy the component.",
            ));
        }
        return;
    }
    if name.is_empty() {
        if key == ServiceKey::KeycloakCluster {
            found.push(Diagnostic::error(
                "keycloak-cluster-secret-missing",
                path,
                "Keycloak cluster mode is on but no Secret is named for keycloak_cluster; the Keycloak pods would not start.",
                "Name a Secret holding tls.crt, tls.key and ca.crt for the headless Service, or turn off cluster mode.",
            ));
        } else {
            found.push(Diagnostic::error(
                "secret-name-missing",
                path,
                format!(
                    "No Secret is named for {}, which this release deploys.",
                    key.label()
                ),
                "Enter the name of a kubernetes.io/tls Secret in the release's namespace.",
            ));
        }
        return;
    }
    if let Err(e) = SecretName::parse(name) {
        found.push(Diagnostic::error(
            "secret-name-invalid",
            path,
            format!("{} Secret name: {}", key.label(), e.message),
            e.hint,
        ));
    } else if name.trim() != name {
        found.push(Diagnostic::error(
            "secret-name-invalid",
            path,
            format!(
                "The {} Secret name {} has spaces around it.",
                key.label(),
                quoted(name)
            ),
            "Remove the spaces.",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::model::Source;

    fn all_deployed() -> Deployed {
        Deployed {
            keycloak_cluster: false,
            redis: true,
            rabbitmq: true,
            data_streamer: true,
        }
    }

    fn complete() -> InternalTls {
        let mut v = InternalTls {
            enabled: true,
            ..Default::default()
        };
        v.certificates.existing_ca_secret_name = "acme-internal-ca".into();
        for key in ServiceKey::ALL {
            if key != ServiceKey::KeycloakCluster {
                v.certificates
                    .existing_certificates
                    .set(key, format!("acme-{}-tls", key.service_suffix()));
            }
        }
        v
    }

    fn codes(found: &[Diagnostic]) -> Vec<&str> {
        found.iter().map(|d| d.code.as_str()).collect()
    }

    #[test]
    fn complete_values_have_no_findings() {
        assert!(check_values(&complete(), &all_deployed()).is_empty());
    }

    #[test]
    fn an_empty_secret_name_for_a_deployed_service_is_an_error() {
        let mut v = complete();
        v.certificates.existing_certificates.redis.clear();
        let found = check_values(&v, &all_deployed());
        assert_eq!(codes(&found), ["secret-name-missing"]);
        assert_eq!(
            found[0].path,
            "general.internal_tls.certificates.existing_certificates.redis"
        );
        assert_eq!(found[0].severity, crate::values::Severity::Error);
    }

    #[test]
    fn an_empty_secret_name_for_a_service_not_deployed_is_fine() {
        let mut v = complete();
        v.certificates.existing_certificates.redis.clear();
        let deployed = Deployed {
            redis: false,
            ..all_deployed()
        };
        assert!(check_values(&v, &deployed).is_empty());
    }

    #[test]
    fn an_invalid_secret_name_is_an_error() {
        let mut v = complete();
        v.certificates.existing_certificates.frontend = "Frontend_TLS".into();
        let found = check_values(&v, &all_deployed());
        assert_eq!(codes(&found), ["secret-name-invalid"]);
        assert!(found[0].message.contains("Frontend_TLS"));
    }

    #[test]
    fn keycloak_cluster_mode_needs_its_own_secret() {
        let deployed = Deployed {
            keycloak_cluster: true,
            ..all_deployed()
        };
        let found = check_values(&complete(), &deployed);
        assert_eq!(codes(&found), ["keycloak-cluster-secret-missing"]);
    }

    #[test]
    fn keycloak_cluster_mode_cannot_use_generated_certificates() {
        let mut v = complete();
        v.certificates.source = Source::GenerateSelfSignedCertificates;
        v.certificates.verification = false;
        v.certificates.existing_ca_secret_name.clear();
        let deployed = Deployed {
            keycloak_cluster: true,
            ..all_deployed()
        };
        assert_eq!(
            codes(&check_values(&v, &deployed)),
            [
                "generate-is-install-only",
                "keycloak-cluster-needs-existing"
            ]
        );
    }

    #[test]
    fn generated_certificates_need_verification_off_and_a_new_release() {
        let mut v = complete();
        v.certificates.source = Source::GenerateSelfSignedCertificates;
        v.certificates.existing_ca_secret_name.clear();
        let found = check_values(&v, &all_deployed());
        assert_eq!(
            codes(&found),
            ["generate-with-verification", "generate-is-install-only"]
        );
        assert_eq!(found[0].severity, crate::values::Severity::Error);
        assert!(found[1].message.contains("helm upgrade"), "{}", found[1]);
    }

    #[test]
    fn a_ca_secret_with_generated_certificates_is_ignored() {
        let mut v = complete();
        v.certificates.source = Source::GenerateSelfSignedCertificates;
        v.certificates.verification = false;
        assert_eq!(
            codes(&check_values(&v, &all_deployed())),
            ["generate-is-install-only", "ca-secret-ignored"]
        );
    }

    #[test]
    fn verification_without_a_ca_secret_trusts_only_public_cas() {
        let mut v = complete();
        v.certificates.existing_ca_secret_name.clear();
        let found = check_values(&v, &all_deployed());
        assert_eq!(codes(&found), ["no-ca-secret"]);
        assert_eq!(found[0].severity, crate::values::Severity::Warning);
    }

    #[test]
    fn disabled_with_other_settings_is_noted() {
        let mut v = complete();
        v.enabled = false;
        let found = check_values(&v, &all_deployed());
        assert_eq!(codes(&found), ["disabled-with-settings"]);
        assert_eq!(found[0].severity, crate::values::Severity::Info);
    }

    #[test]
    fn disabled_with_chart_defaults_says_nothing() {
        assert!(check_values(&InternalTls::default(), &all_deployed()).is_empty());
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut v = complete();
        v.certificates.existing_certificates.redis.clear();
        v.certificates.existing_certificates.frontend = "Bad Name".into();
        v.certificates.existing_ca_secret_name.clear();
        let deployed = Deployed {
            keycloak_cluster: true,
            ..all_deployed()
        };
        let found = check_values(&v, &deployed);
        assert_eq!(found.len(), 4, "{found:#?}");
    }
}
