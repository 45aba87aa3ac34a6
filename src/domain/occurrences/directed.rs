//! A case directed to a named analyst (DOMAIN: "Directed analyst"): while that analyst is
//! active and available, only they may take it, for a wait in business time after the
//! opening; then, or at once when they are unavailable, it falls to the pool with an
//! internal note saying why.

use chrono::{DateTime, Utc};

use crate::domain::sla::calendar::BusinessCalendar;

/// The wait before a directed case falls to the pool: one business hour.
pub const WAIT_MINUTES: u32 = 60;

/// Whether someone other than the directed analyst may take the case now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Release {
    /// Only the directed analyst, until then.
    Reserved { until: DateTime<Utc> },
    /// The directed analyst is inactive or unavailable.
    Unavailable,
    /// The wait passed without them taking it.
    Waited,
}

/// Where a case opened at `opened_at` and directed to an analyst who is (or not)
/// `present` stands at `now`.
pub fn release(
    opened_at: DateTime<Utc>,
    present: bool,
    now: DateTime<Utc>,
    calendar: &BusinessCalendar,
) -> Release {
    if !present {
        return Release::Unavailable;
    }
    match calendar.add(opened_at, WAIT_MINUTES, &[]) {
        Some(until) if now < until => Release::Reserved { until },
        _ => Release::Waited,
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
            Self::Waited => Some(format!(
                "Direcionada a {analyst}, que não a assumiu em 1 hora útil: liberada para a fila."
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
            release(opened, true, local(4, 19, 0), &cal),
            Release::Reserved { until }
        );
        assert_eq!(release(opened, true, until, &cal), Release::Waited);
        assert_eq!(
            release(opened, false, local(4, 17, 31), &cal),
            Release::Unavailable
        );
        assert!(Release::Reserved { until }.note("Ana").is_none());
        assert!(Release::Waited.note("Ana").unwrap().contains("1 hora útil"));
        assert!(
            Release::Unavailable
                .note("Ana")
                .unwrap()
                .contains("não está disponível")
        );
    }
}
