//! The input limits every layer shares: the one size cap on anything a user
//! gives (a file, a paste, a settings document, an archive entry), so the
//! CLI, the page and the core refuse the same inputs with the same number.

/// The most bytes read from any one input: real certificates, keys, values
/// files and settings documents are a few KiB.
pub const MAX_INPUT_BYTES: usize = 1024 * 1024;
