//! Expiry reminders: the iCalendar file of reminders before each expiry that
//! `audit --ics` and the page export, from an audit's days left (which the
//! import module's `expiry` computes).

use time::OffsetDateTime;

pub use crate::import::expiry::{days_left, CaExpiry, ExpiryBand};
use crate::import::AuditReport;

use super::calendar::{Alarm, Calendar, Event};

/// Reminders are set this many days before each expiry.
pub const REMINDER_DAYS: [u32; 2] = [30, 7];

fn parse_time(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()
}

/// The iCalendar file for an audit: one all-day event on the expiry day of
/// each distinct certificate (services sharing one certificate share the
/// event) and of each CA, with reminders 30 and 7 days before. UIDs come from
/// the fingerprints, so importing a newer file updates rather than duplicates.
pub fn expiry_calendar(report: &AuditReport, now: OffsetDateTime) -> String {
    let mut calendar = Calendar::new("-//internal-tls-wizard//expiry reminders//EN");
    calendar.name = Some(format!(
        "Internal TLS certificates of {} ({})",
        report.fullname, report.namespace
    ));
    let mut add = |fingerprint: &str, not_after: &str, summary: String, description: String| {
        let Some(end) = parse_time(not_after) else {
            return;
        };
        let uid = format!(
            "{}@internal-tls-wizard",
            fingerprint.replace(':', "").to_ascii_lowercase()
        );
        if calendar.events.iter().any(|e| e.uid == uid) {
            return;
        }
        let mut event = Event::all_day(uid, now, end.date(), summary, description);
        for days in REMINDER_DAYS {
            event.alarms.push(Alarm::days_before(
                days,
                format!("{} expires in {days} days", event.summary),
            ));
        }
        calendar.events.push(event);
    };
    for service in &report.services {
        let Some(cert) = &service.certificate else {
            continue;
        };
        let sharing: Vec<&str> = report
            .services
            .iter()
            .filter(|s| {
                s.certificate
                    .as_ref()
                    .is_some_and(|c| c.sha256_fingerprint == cert.sha256_fingerprint)
            })
            .map(|s| s.key.values_key())
            .collect();
        add(
            &cert.sha256_fingerprint,
            &cert.not_after,
            format!("TLS certificate of {} expires (Secret {})", sharing.join(", "), service.secret_name),
            format!(
                "{} in namespace {} expires at {}. Renew it: tls-wizard renew --from BUNDLE --out NEW, then apply and restart as RENEW.md says. SHA-256 {}.",
                cert.subject, report.namespace, cert.not_after, cert.sha256_fingerprint
            ),
        );
    }
    for ca in &report.cas {
        add(
            &ca.sha256_fingerprint,
            &ca.not_after,
            format!("Internal TLS CA {} expires (Secret {})", ca.subject, ca.secret),
            format!(
                "The CA {} in Secret {} (namespace {}) expires at {}: every certificate it signed stops working with it. Make a new CA and bundle with tls-wizard generate before then. SHA-256 {}.",
                ca.subject, ca.secret, report.namespace, ca.not_after, ca.sha256_fingerprint
            ),
        );
    }
    calendar.to_ics()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;

    #[test]
    fn thirty_days_left_is_a_warning_and_the_end_itself_is_expired() {
        let at = OffsetDateTime::UNIX_EPOCH + Duration::days(20_000);
        assert_eq!(days_left(at + Duration::days(31), at), (31, ExpiryBand::Ok));
        assert_eq!(
            days_left(at + Duration::days(30), at),
            (30, ExpiryBand::Warning)
        );
        assert_eq!(days_left(at, at), (0, ExpiryBand::Expired));
        assert_eq!(
            days_left(at - Duration::days(3), at),
            (-3, ExpiryBand::Expired)
        );
    }
}
