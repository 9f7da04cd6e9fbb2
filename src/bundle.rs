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
