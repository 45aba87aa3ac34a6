//! A case directed to a named analyst (DOMAIN: "Directed analyst"): while that analyst is
//! active and available, only they may take it, for a wait in business time after the
//! opening; then, or at once when they are unavailable, it falls to the pool with an
//! internal note saying why.

use chrono::{DateTime, Utc};

use crate::domain::sla::calendar::BusinessCalendar;

/// The default wait before a directed case falls to the pool: one business hour (the
/// coordinator sets it in the SLA rules).
pub const WAIT_MINUTES: u32 = 60;

/// Whether someone other than the directed analyst may take the case now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Release {
    /// Only the directed analyst, until then.
    Reserved { until: DateTime<Utc> },
    /// The directed analyst is inactive or unavailable.
    Unavailable,
    /// The wait (business minutes) passed without them taking it.
    Waited { minutes: u32 },
}

/// Where a case opened at `opened_at` and directed to an analyst who is (or not)
/// `present` stands at `now`, when the wait is `minutes` of business time.
pub fn release(
    opened_at: DateTime<Utc>,
    present: bool,
    now: DateTime<Utc>,
    calendar: &BusinessCalendar,
    minutes: u32,
) -> Release {
    if !present {
        return Release::Unavailable;
    }
    match calendar.add(opened_at, minutes, &[]) {
        Some(until) if now < until => Release::Reserved { until },
        _ => Release::Waited { minutes },
    }
}

/// A wait in business time as a person says it: "1 hora útil", "1 h 30 min úteis",
/// "45 minutos úteis".
pub fn wait_text(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, 1) => "1 minuto útil".into(),
        (0, m) => format!("{m} minutos úteis"),
        (1, 0) => "1 hora útil".into(),
        (h, 0) => format!("{h} horas úteis"),
        (h, m) => format!("{h} h {m} min úteis"),
    }
}

impl Release {
    /// The internal note written when the case falls to the pool (none while reserved).
    pub fn note(self, analyst: &str) -> Option<String> {
        match self {
            Self::Reserved { .. } => None,
            Self::Unavailable => Some(format!(
                "Direcionada a {analyst}, que não está disponível: liberada para a fila."
            )),
            Self::Waited { minutes } => Some(format!(
                "Direcionada a {analyst}, que não a assumiu em {}: liberada para a fila.",
                wait_text(minutes)
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn local(d: u32, h: u32, m: u32) -> DateTime<Utc> {
        crate::domain::time::sao_paulo()
            .with_ymd_and_hms(2026, 12, d, h, m, 0)
            .single()
            .unwrap()
            .to_utc()
    }

    #[test]
    fn a_directed_case_waits_one_business_hour_for_its_analyst() {
        let cal = BusinessCalendar::brazil_default();
        // Opened Friday 04/12 at 17:30: half an hour today, half an hour on Monday.
        let opened = local(4, 17, 30);
        let until = local(7, 8, 30);
        assert_eq!(
            release(opened, true, local(4, 19, 0), &cal, WAIT_MINUTES),
            Release::Reserved { until }
        );
        let waited = Release::Waited { minutes: 60 };
        assert_eq!(release(opened, true, until, &cal, WAIT_MINUTES), waited);
        assert_eq!(
            release(opened, false, local(4, 17, 31), &cal, WAIT_MINUTES),
            Release::Unavailable
        );
        assert!(Release::Reserved { until }.note("Ana").is_none());
        assert!(waited.note("Ana").unwrap().contains("1 hora útil"));
        assert!(
            Release::Unavailable
                .note("Ana")
                .unwrap()
                .contains("não está disponível")
        );
    }

    #[test]
    fn the_coordinators_wait_counts_business_time() {
        let cal = BusinessCalendar::brazil_default();
        // Three business hours from Friday 04/12 at 16:00: 2 h on Friday, 1 h on Monday.
        let opened = local(4, 16, 0);
        assert_eq!(
            release(opened, true, local(7, 8, 59), &cal, 180),
            Release::Reserved {
                until: local(7, 9, 0)
            }
        );
        assert_eq!(
            release(opened, true, local(7, 9, 0), &cal, 180),
            Release::Waited { minutes: 180 }
        );
        assert_eq!(wait_text(1), "1 minuto útil");
        assert_eq!(wait_text(45), "45 minutos úteis");
        assert_eq!(wait_text(120), "2 horas úteis");
        assert_eq!(wait_text(90), "1 h 30 min úteis");
    }
}
