//! The whole pipeline in one call: settings in, files out. The CLI and the
//! wasm API both go through here, so they cannot drift apart.

use time::OffsetDateTime;

use crate::output::{render, OutputError, OutputFile};
use crate::pki::{
    issue_bundle_with_keys, keys_needed, CaSource, IssueError, KeyAlgorithm, KeySource,
};
use crate::values::{plan, Diagnostic, Settings, Work};

/// Why a bundle was not produced.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// The settings hold errors; nothing was made.
    #[error("the settings have {} error(s)", .0.iter().filter(|d| d.severity == crate::values::Severity::Error).count())]
    Invalid(Vec<Diagnostic>),
    /// Keys or certificates could not be made.
    #[error("{0}")]
    Issue(#[from] IssueError),
    /// The files could not be written.
    #[error("{0}")]
    Output(#[from] OutputError),
    /// Bring-your-own certificates are checked and packed elsewhere.
    #[error("{0}")]
    Unsupported(String),
}

/// What a successful generation returns.
#[derive(Debug)]
pub struct Generated {
    /// The files, values.yaml first.
    pub files: Vec<OutputFile>,
    /// Warnings and notes about the settings.
    pub diagnostics: Vec<Diagnostic>,
}

/// Validates the settings, makes every key and certificate, and renders the files.
pub fn generate(
    settings: &Settings,
    ca: CaSource<'_>,
    now: OffsetDateTime,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Generated, BundleError> {
    generate_with_keys(settings, ca, KeySource::Generate, now, progress)
}

/// The keys a generation with these settings needs: their algorithm and how
/// many (the new CA's, then one per leaf). `None` when the settings hold errors
/// or make no keys.
pub fn keys_wanted(settings: &Settings) -> Option<(KeyAlgorithm, usize)> {
    match plan(settings).plan?.work {
        Work::Issue(issue) => Some((issue.key, keys_needed(&issue))),
        _ => None,
    }
}

/// [`generate`] with the keys from `keys`: made here, or made elsewhere (the
/// browser's WebCrypto) and checked against the settings.
pub fn generate_with_keys(
    settings: &Settings,
    ca: CaSource<'_>,
    keys: KeySource,
    now: OffsetDateTime,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Generated, BundleError> {
    let planned = plan(settings);
    let Some(plan) = planned.plan else {
        return Err(BundleError::Invalid(planned.diagnostics));
    };
    let files = match &plan.work {
        Work::ValuesOnly => render(&plan, None)?,
        Work::Issue(issue) => {
            let issued = issue_bundle_with_keys(issue, ca, keys, now, progress)?;
            render(&plan, Some(&issued))?
        }
        Work::BringYourOwn { .. } => {
            return Err(BundleError::Unsupported(
                "certificates.provider is bring-your-own: this build makes certificates only; set provider to create".into(),
            ))
        }
    };
    Ok(Generated {
        files,
        diagnostics: planned.diagnostics,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::PrivateKey;

    fn settings(key: KeyAlgorithm) -> Settings {
        let mut settings = Settings::default();
        settings.release.keycloak_cluster_mode = true;
        settings.certificates.key = key;
        settings
    }

    fn keys(key: KeyAlgorithm, count: usize) -> Vec<PrivateKey> {
        (0..count)
            .map(|_| PrivateKey::generate(key).unwrap())
            .collect()
    }

    fn with_keys(settings: &Settings, keys: Vec<PrivateKey>) -> Result<Generated, BundleError> {
        let now = OffsetDateTime::now_utc();
        generate_with_keys(
            settings,
            CaSource::New,
            KeySource::Given(keys),
            now,
            &mut |_, _| {},
        )
    }

    #[test]
    fn given_keys_are_used_in_issuance_order() {
        let settings = settings(KeyAlgorithm::EcdsaP256);
        assert_eq!(keys_wanted(&settings), Some((KeyAlgorithm::EcdsaP256, 8)));
        let given = keys(KeyAlgorithm::EcdsaP256, 8);
        let ca_key = given[0].to_pkcs8_pem().unwrap().to_string();
        let leaf_key = given[1].to_pkcs8_pem().unwrap().to_string();
        let files = with_keys(&settings, given).unwrap().files;
        let file = |name: &str| {
            files
                .iter()
                .find(|f| f.name == name)
                .unwrap()
                .contents
                .clone()
        };
        assert_eq!(file("ca.key"), ca_key);
        let leaf_b64 = base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            leaf_key.as_bytes(),
        );
        assert!(
            file("secrets.yaml").contains(&leaf_b64),
            "the first leaf's key is the second given"
        );
    }

    #[test]
    fn given_keys_that_do_not_fit_the_settings_are_refused() {
        let settings = settings(KeyAlgorithm::EcdsaP256);
        let refused = |keys: Vec<PrivateKey>| match with_keys(&settings, keys) {
            Err(BundleError::Issue(IssueError::GivenKeys(message))) => message,
            other => panic!("not refused: {other:?}"),
        };
        assert!(refused(keys(KeyAlgorithm::EcdsaP256, 7)).contains("need 8"));
        let mut wrong = keys(KeyAlgorithm::EcdsaP256, 7);
        wrong.push(PrivateKey::generate(KeyAlgorithm::EcdsaP384).unwrap());
        assert!(refused(wrong).contains("key 8 is ECDSA P-384"));
        let mut twice = keys(KeyAlgorithm::EcdsaP256, 7);
        let pem = twice[0].to_pkcs8_pem().unwrap();
        twice.push(PrivateKey::from_pem(&pem).unwrap());
        assert!(refused(twice).contains("given twice"));
    }

    #[test]
    fn an_rsa_key_of_another_size_is_refused() {
        let settings = settings(KeyAlgorithm::Rsa3072);
        let mut given = keys(KeyAlgorithm::Rsa2048, 1);
        given.extend((0..7).map(|_| PrivateKey::generate(KeyAlgorithm::EcdsaP256).unwrap()));
        match with_keys(&settings, given) {
            Err(BundleError::Issue(IssueError::GivenKeys(message))) => {
                assert!(
                    message.contains("RSA 2048") && message.contains("rsa-3072"),
                    "{message}"
                )
            }
            other => panic!("not refused: {other:?}"),
        }
    }
}
