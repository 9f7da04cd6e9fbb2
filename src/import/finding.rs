//! Findings about imported certificates: the same fields as
//! [`crate::values::Diagnostic`] (severity, code, path, message, hint) plus the
//! service it concerns and the certificate's subject, so every line can say
//! which Service, which certificate, what is wrong and what to do.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::release::ServiceKey;
use crate::values::Severity;

/// One finding about a certificate, key, Secret or the values that name them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct Finding {
    /// How serious it is: errors make the check fail.
    pub severity: Severity,
    /// A stable identifier of the rule (`san-missing`, `expired`, …), for scripts and tests.
    pub code: String,
    /// The service it concerns, when known.
    pub service: Option<ServiceKey>,
    /// The subject of the certificate concerned, empty when none is.
    pub certificate: String,
    /// Where: a file, a Secret and key (`Secret acme-redis-tls, tls.crt`) or a values path.
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

impl Finding {
    /// A finding with no service, certificate or names yet.
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

    /// An error.
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

impl fmt::Display for Finding {
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
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}
