//! Day-2 operations: what an operator needs after the first install.
//!
//! - [`renew`]: re-issue every certificate of an existing `secrets.yaml` from
//!   the same CA, same Secret names and SANs, new keys and validity, with a
//!   per-Secret report of what changed and the commands that restart the pods.
//! - [`expiry`]: days left per certificate (the CA included) in a warning
//!   band, and [`calendar`], the iCalendar file of reminders before each expiry.
//! - [`merge`]: write `general.internal_tls` into the user's own values.yaml,
//!   changing nothing else, with the settings read from it and a diff.
//!
//! Like the rest of the core, everything here is pure: the caller passes "now"
//! and the file texts, and gets serde-serializable results back.

pub mod calendar;
pub mod diff;
pub mod expiry;
pub mod merge;
pub mod renew;
pub mod workloads;
