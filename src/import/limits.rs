//! The caps every input passes before anything parses it: size, chain length,
//! RSA size and the cost of decrypting a key. They keep a pasted file from
//! stalling the browser tab or exhausting memory.

use super::error::ImportError;

/// The most bytes accepted in any one input (file, paste, Secret value).
pub use crate::limits::MAX_INPUT_BYTES;

/// The most certificates read from one input.
pub const MAX_CERTIFICATES: usize = crate::pki::parsed::MAX_CERTIFICATES;

/// The largest RSA key accepted, in bits.
pub const MAX_RSA_BITS: usize = 16384;

/// The most PBKDF2 iterations run to decrypt a key (RFC 8018 suggests up to 10 million).
pub const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;

/// The most memory scrypt may use to decrypt a key (128 · r · N bytes).
pub const MAX_SCRYPT_BYTES: u64 = 256 * 1024 * 1024;

/// The most scrypt work (N · r · p) run to decrypt a key.
pub const MAX_SCRYPT_WORK: u64 = 1 << 24;

/// Refuses input over [`MAX_INPUT_BYTES`] or holding only white space.
pub fn check_input(text: &str) -> Result<(), ImportError> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(ImportError::TooLarge { bytes: text.len() });
    }
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(())
}
