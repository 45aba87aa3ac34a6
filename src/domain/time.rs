//! Brasília time and the Brazilian date format, for both server and browser.
//!
//! America/Sao_Paulo has been a fixed UTC−3 since Brazil abolished daylight saving time
//! in 2019 (Decreto 9.772/2019). Using the fixed offset keeps the full tz database out of
//! the browser bundle; should DST come back, switch this module to chrono-tz.

use chrono::{DateTime, FixedOffset, Utc};

const SAO_PAULO_OFFSET_SECS: i32 = -3 * 3600;

#[allow(clippy::expect_used, reason = "a constant offset well within ±24 h")]
pub fn sao_paulo() -> FixedOffset {
    FixedOffset::east_opt(SAO_PAULO_OFFSET_SECS).expect("UTC−3 is a valid offset")
}

pub fn to_local(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&sao_paulo())
}

/// `dd/mm/aaaa` in Brasília time.
pub fn format_date(at: DateTime<Utc>) -> String {
    to_local(at).format("%d/%m/%Y").to_string()
}

/// `dd/mm/aaaa hh:mm` in Brasília time.
pub fn format_date_time(at: DateTime<Utc>) -> String {
    to_local(at).format("%d/%m/%Y %H:%M").to_string()
}

/// The month of `at` in Brasília time, `aaaa-mm` (what monthly counts group by).
pub fn month_key(at: DateTime<Utc>) -> String {
    to_local(at).format("%Y-%m").to_string()
}

/// `mm/aaaa` from a month key (`aaaa-mm`), as pages show a month.
pub fn month_label(key: &str) -> String {
    match key.split_once('-') {
        Some((y, m)) => format!("{m}/{y}"),
        None => key.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn dates_are_shown_in_brasilia_time_as_dd_mm_yyyy() {
        let late_utc = Utc.with_ymd_and_hms(2026, 1, 2, 2, 30, 0).unwrap();
        assert_eq!(format_date(late_utc), "01/01/2026");
        assert_eq!(format_date_time(late_utc), "01/01/2026 23:30");
        let noon = Utc.with_ymd_and_hms(2026, 11, 28, 15, 0, 0).unwrap();
        assert_eq!(format_date_time(noon), "28/11/2026 12:00");
        // 1 December 01:00 UTC is still November in Brasília.
        let edge = Utc.with_ymd_and_hms(2026, 12, 1, 1, 0, 0).unwrap();
        assert_eq!(month_key(edge), "2026-11");
        assert_eq!(month_label("2026-11"), "11/2026");
    }
}
