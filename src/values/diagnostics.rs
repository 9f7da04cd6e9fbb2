//! Diagnostics: every problem found in settings, values, certificates, keys
//! or Secrets, each naming the field (and, for certificates, the Service and
//! the certificate) it concerns, what is wrong and what to do. The import
//! checks call the same type a `Finding`.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::release::ServiceKey;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The chart would not work: nothing is generated until it is fixed.
    Error,
    /// It would work, but probably not as intended.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    /// The word people read: `error`, `warning` or `note` (every printed
    /// finding, the CLI's and the core's, uses it).
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// A stable identifier of the rule (`san-missing`, `expired`, …), for scripts and tests.
    pub code: String,
    /// The service it concerns, when known.
    #[serde(default)]
    pub service: Option<ServiceKey>,
    /// The subject of the certificate concerned, empty when none is.
    #[serde(default)]
    pub certificate: String,
    /// Where: a values path (`general.internal_tls…`), a settings path
    /// (`release.namespace`), a file, or a Secret and key
    /// (`Secret acme-redis-tls, tls.crt`).
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: String,
    /// The names concerned (missing DNS names, …), for a page to list.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(test, ts(as = "Option<Vec<String>>", optional))]
    pub names: Vec<String>,
}

impl Diagnostic {
    /// A finding of the given severity.
    pub fn new(
        severity: Severity,
        code: &str,
        path: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Self {
            severity,
            code: code.to_string(),
            service: None,
            certificate: String::new(),
            path: path.into(),
            message: message.into(),
            hint: hint.into(),
            names: Vec::new(),
        }
    }

    /// An error: the settings cannot be used as they are.
    pub fn error(
        code: &str,
        path: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Error, code, path, message, hint)
    }

    /// A warning.
    pub fn warning(
        code: &str,
        path: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, code, path, message, hint)
    }

    /// A note.
    pub fn info(
        code: &str,
        path: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Info, code, path, message, hint)
    }

    /// Sets the service.
    pub fn for_service(mut self, service: Option<ServiceKey>) -> Self {
        self.service = service;
        self
    }

    /// Sets the certificate's subject.
    pub fn about(mut self, subject: impl Into<String>) -> Self {
        self.certificate = subject.into();
        self
    }

    /// Sets the names concerned.
    pub fn with_names(mut self, names: Vec<String>) -> Self {
        self.names = names;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.severity.word(), self.code)?;
        if let Some(service) = self.service {
            write!(f, " {}", service.values_key())?;
        }
        if !self.path.is_empty() {
            write!(f, " ({})", self.path)?;
        }
        write!(f, ": {}", self.message)?;
        if !self.hint.is_empty() {
            write!(f, "\n  hint: {}", self.hint)?;
        }
        Ok(())
    }
}

/// Whether any finding is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}
