//! A resolved occurrence the customer neither confirms nor reopens closes by itself after
//! 5 working days (`DOMAIN.md`). Working days are Monday to Friday in Brasília; the SLA
//! issue's business calendar (with holidays) replaces this plain count when it lands.

use chrono::{DateTime, Datelike, Duration, Utc, Weekday};

use crate::domain::time::to_local;

pub const WORKING_DAYS: u32 = 5;

fn working(day: Weekday) -> bool {
    !matches!(day, Weekday::Sat | Weekday::Sun)
}

/// The instant a resolution made at `resolved_at` closes: the same local time of day,
/// `WORKING_DAYS` working days later.
pub fn closes_at(resolved_at: DateTime<Utc>) -> DateTime<Utc> {
    let mut at = to_local(resolved_at);
    let mut left = WORKING_DAYS;
    while left > 0 {
        at += Duration::days(1);
        if working(at.weekday()) {
            left -= 1;
        }
    }
    at.to_utc()
}

pub fn is_due(resolved_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now >= closes_at(resolved_at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn local(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        crate::domain::time::sao_paulo()
            .with_ymd_and_hms(y, m, d, h, 0, 0)
            .single()
            .unwrap()
            .to_utc()
    }

    #[test]
    fn five_working_days_skip_the_weekend() {
        // Wednesday 02/12/2026 10:00 → Wednesday 09/12 10:00.
        assert_eq!(closes_at(local(2026, 12, 2, 10)), local(2026, 12, 9, 10));
        // Friday → next Friday.
        assert_eq!(closes_at(local(2026, 12, 4, 17)), local(2026, 12, 11, 17));
        // Saturday → next Friday (Mon..Fri are the five).
        assert_eq!(closes_at(local(2026, 12, 5, 9)), local(2026, 12, 11, 9));
        assert!(!is_due(local(2026, 12, 2, 10), local(2026, 12, 9, 9)));
        assert!(is_due(local(2026, 12, 2, 10), local(2026, 12, 9, 10)));
    }
}
