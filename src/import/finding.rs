//! Findings about imported certificates, keys and Secrets: the same type as
//! the settings' diagnostics ([`crate::values::Diagnostic`]: severity, code,
//! path, message, hint), with the service it concerns, the certificate's
//! subject and the names concerned, so every line can say which Service,
//! which certificate, what is wrong and what to do.

pub use crate::values::{has_errors, Diagnostic as Finding};
