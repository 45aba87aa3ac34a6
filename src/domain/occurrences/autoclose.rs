//! A resolved occurrence the customer neither confirms nor answers closes by itself after
//! 5 business days (`DOMAIN.md`), counted on the SLA calendar: weekdays with working hours
//! that are not national or local holidays.

use chrono::{DateTime, Duration, Utc};

use crate::domain::sla::calendar::BusinessCalendar;

pub const BUSINESS_DAYS: u32 = 5;

/// The instant a resolution made at `resolved_at` closes: the same local time of day,
/// [`BUSINESS_DAYS`] business days later.
pub fn closes_at(resolved_at: DateTime<Utc>, calendar: &BusinessCalendar) -> DateTime<Utc> {
    let mut at = resolved_at.with_timezone(&calendar.tz());
    let mut left = BUSINESS_DAYS;
    // A calendar has working time every week, so this ends within weeks; the bound only
    // keeps a broken calendar from looping.
    for _ in 0..366 {
        if left == 0 {
            break;
        }
        at += Duration::days(1);
        if calendar.is_business_day(at.date_naive()) {
            left -= 1;
        }
    }
    at.with_timezone(&Utc)
}

pub fn is_due(resolved_at: DateTime<Utc>, now: DateTime<Utc>, calendar: &BusinessCalendar) -> bool {
    now >= closes_at(resolved_at, calendar)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone};

    fn local(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        crate::domain::time::sao_paulo()
            .with_ymd_and_hms(y, m, d, h, 0, 0)
            .single()
            .unwrap()
            .to_utc()
    }

    #[test]
    fn five_business_days_skip_weekends_and_holidays() {
        let cal = BusinessCalendar::brazil_default();
        // Wednesday 02/12/2026 10:00 → Wednesday 09/12 10:00.
        assert_eq!(
            closes_at(local(2026, 12, 2, 10), &cal),
            local(2026, 12, 9, 10)
        );
        // Friday → next Friday.
        assert_eq!(
            closes_at(local(2026, 12, 4, 17), &cal),
            local(2026, 12, 11, 17)
        );
        // Saturday → next Friday (Mon..Fri are the five).
        assert_eq!(
            closes_at(local(2026, 12, 5, 9), &cal),
            local(2026, 12, 11, 9)
        );
        // Tuesday 22/12: Christmas (Friday 25/12) does not count → Wednesday 30/12.
        assert_eq!(
            closes_at(local(2026, 12, 22, 15), &cal),
            local(2026, 12, 30, 15)
        );
        // A local holiday on Monday 07/12 pushes it a day further.
        let local_day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let sorocaba = BusinessCalendar::brazil_default().with_extra_holidays([local_day]);
        assert_eq!(
            closes_at(local(2026, 12, 2, 10), &sorocaba),
            local(2026, 12, 10, 10)
        );
        assert!(!is_due(local(2026, 12, 2, 10), local(2026, 12, 9, 9), &cal));
        assert!(is_due(local(2026, 12, 2, 10), local(2026, 12, 9, 10), &cal));
    }
}
