//! Randomness: every random byte comes from getrandom (the OS, or the browser's
//! `crypto.getRandomValues`). A failing source is an error, never a fallback.

use rcgen::SerialNumber;

/// The random source could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the system's secure random source failed ({0}); no key or certificate was made. Try again, or use another browser or machine")]
pub struct RandomError(pub String);

/// Fails when the CSPRNG cannot deliver bytes, before a library that would
/// panic on such a failure is handed it.
pub fn check_random_source() -> Result<(), RandomError> {
    let mut probe = [0u8; 16];
    getrandom::getrandom(&mut probe).map_err(|e| RandomError(e.to_string()))
}

/// A certificate serial number: 16 bytes from the CSPRNG with the top bit
/// cleared (positive) and the next one set (no leading zero byte), so 126
/// random bits in a 16-octet DER INTEGER.
pub fn random_serial() -> Result<SerialNumber, RandomError> {
    let mut bytes = [0u8; 16];
    getrandom::getrandom(&mut bytes).map_err(|e| RandomError(e.to_string()))?;
    if let Some(first) = bytes.first_mut() {
        *first = (*first & 0x7f) | 0x40;
    }
    Ok(SerialNumber::from_slice(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn serials_are_positive_sixteen_octets_and_unique() {
        let mut seen = HashSet::new();
        for _ in 0..10_000 {
            let serial = random_serial().unwrap().to_bytes();
            assert_eq!(serial.len(), 16);
            assert_eq!(serial[0] & 0x80, 0, "negative serial");
            assert_ne!(serial[0], 0, "leading zero octet");
            assert!(seen.insert(serial), "duplicate serial");
        }
    }
}
