//! A small typed iCalendar (RFC 5545) writer: a VCALENDAR of all-day VEVENTs
//! with VALARM reminders. Lines end in CRLF and are folded at 75 octets
//! (never inside a UTF-8 character); TEXT values are escaped.

use time::{Date, OffsetDateTime};

/// A reminder before an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alarm {
    /// Days before the event's start.
    pub days_before: u32,
    /// The text shown.
    pub description: String,
}

impl Alarm {
    /// A display alarm `days` days before the start.
    pub fn days_before(days: u32, description: String) -> Self {
        Self {
            days_before: days,
            description,
        }
    }
}

/// An all-day event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// A globally unique, stable identifier.
    pub uid: String,
    /// When the file was made.
    pub stamp: OffsetDateTime,
    /// The day of the event.
    pub date: Date,
    /// One line.
    pub summary: String,
    /// The details.
    pub description: String,
    /// Reminders.
    pub alarms: Vec<Alarm>,
}

impl Event {
    /// An all-day event on `date`.
    pub fn all_day(
        uid: String,
        stamp: OffsetDateTime,
        date: Date,
        summary: String,
        description: String,
    ) -> Self {
        Self {
            uid,
            stamp,
            date,
            summary,
            description,
            alarms: Vec::new(),
        }
    }
}

/// A calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// PRODID.
    pub product_id: String,
    /// X-WR-CALNAME, the name calendar apps show.
    pub name: Option<String>,
    /// The events.
    pub events: Vec<Event>,
}

/// Escapes a TEXT value (RFC 5545 3.3.11).
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line at 75 octets (RFC 5545 3.1): continuation lines
/// start with a space, which counts toward their 75. Each line ends in CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

fn date_value(date: Date) -> String {
    format!(
        "{:04}{:02}{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

fn utc_value(time: OffsetDateTime) -> String {
    let t = time.to_offset(time::UtcOffset::UTC);
    format!(
        "{}T{:02}{:02}{:02}Z",
        date_value(t.date()),
        t.hour(),
        t.minute(),
        t.second()
    )
}

impl Calendar {
    /// An empty calendar.
    pub fn new(product_id: &str) -> Self {
        Self {
            product_id: product_id.to_string(),
            name: None,
            events: Vec::new(),
        }
    }

    /// The calendar as an `.ics` text.
    pub fn to_ics(&self) -> String {
        let mut lines: Vec<String> = vec![
            "BEGIN:VCALENDAR".into(),
            "VERSION:2.0".into(),
            format!("PRODID:{}", escape_text(&self.product_id)),
            "CALSCALE:GREGORIAN".into(),
            "METHOD:PUBLISH".into(),
        ];
        if let Some(name) = &self.name {
            lines.push(format!("X-WR-CALNAME:{}", escape_text(name)));
        }
        for event in &self.events {
            lines.push("BEGIN:VEVENT".into());
            lines.push(format!("UID:{}", escape_text(&event.uid)));
            lines.push(format!("DTSTAMP:{}", utc_value(event.stamp)));
            lines.push(format!("DTSTART;VALUE=DATE:{}", date_value(event.date)));
            if let Some(next) = event.date.next_day() {
                lines.push(format!("DTEND;VALUE=DATE:{}", date_value(next)));
            }
            lines.push(format!("SUMMARY:{}", escape_text(&event.summary)));
            lines.push(format!("DESCRIPTION:{}", escape_text(&event.description)));
            lines.push("TRANSP:TRANSPARENT".into());
            for alarm in &event.alarms {
                lines.push("BEGIN:VALARM".into());
                lines.push("ACTION:DISPLAY".into());
                lines.push(format!("TRIGGER:-P{}D", alarm.days_before));
                lines.push(format!("DESCRIPTION:{}", escape_text(&alarm.description)));
                lines.push("END:VALARM".into());
            }
            lines.push("END:VEVENT".into());
        }
        lines.push("END:VCALENDAR".into());
        lines.iter().map(|l| fold(l)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        let line = format!("DESCRIPTION:{}", "é".repeat(100));
        let folded = fold(&line);
        for physical in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(
                physical.len() <= 75,
                "{} octets: {physical}",
                physical.len()
            );
        }
        let unfolded = folded.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{line}\r\n"));
    }

    #[test]
    fn text_values_escape_separators_and_newlines() {
        assert_eq!(escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn a_calendar_has_crlf_lines_an_all_day_event_and_its_alarms() {
        let now = OffsetDateTime::UNIX_EPOCH;
        let date = Date::from_calendar_date(2030, time::Month::March, 31).unwrap();
        let mut cal = Calendar::new("-//t//EN");
        let mut event = Event::all_day("x@y".into(), now, date, "S".into(), "D".into());
        event.alarms.push(Alarm::days_before(7, "soon".into()));
        cal.events.push(event);
        let ics = cal.to_ics();
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'));
        assert!(ics.contains("DTSTART;VALUE=DATE:20300331\r\nDTEND;VALUE=DATE:20300401\r\n"));
        assert!(ics.contains("DTSTAMP:19700101T000000Z\r\n"));
        assert!(ics.contains("BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-P7D\r\n"));
    }
}
