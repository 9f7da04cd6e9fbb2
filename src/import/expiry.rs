//! Days left: how close each certificate and CA is to its end, in the
//! bands the audit reports (a warning at 30 days or fewer).

use serde::Serialize;
use time::OffsetDateTime;

use super::check::EXPIRY_WARNING;

/// How close a certificate is to its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum ExpiryBand {
    /// More than 30 days left.
    Ok,
    /// 30 days or fewer left: renew soon.
    Warning,
    /// Already over.
    Expired,
}

/// Whole days from `at` to `not_after` (negative once expired), and the band.
pub fn days_left(not_after: OffsetDateTime, at: OffsetDateTime) -> (i64, ExpiryBand) {
    let left = not_after - at;
    let band = if left <= time::Duration::ZERO {
        ExpiryBand::Expired
    } else if left <= EXPIRY_WARNING {
        ExpiryBand::Warning
    } else {
        ExpiryBand::Ok
    };
    (left.whole_days(), band)
}

/// One CA certificate of the CA Secret, with its expiry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CaExpiry {
    /// The Secret whose `ca.crt` holds it.
    pub secret: String,
    /// Its subject.
    pub subject: String,
    /// End of validity, RFC 3339.
    pub not_after: String,
    /// Whole days left (negative once expired).
    pub days_left: i64,
    /// The band.
    pub band: ExpiryBand,
    /// SHA-256 fingerprint, colon-separated hex.
    pub sha256_fingerprint: String,
}
