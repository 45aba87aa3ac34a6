//! The months a report covers: whole months in Brasília, ending with the current one.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::domain::time::{sao_paulo, to_local};

/// Months a report may cover (the form's choices; anything else is refused).
pub const REPORT_MONTHS: [u32; 4] = [1, 3, 6, 12];

/// The start of a window of `months` whole months ending with the current one.
pub fn report_since(months: u32, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let refused = || format!("Período inválido: {months} meses. Use 1, 3, 6 ou 12.");
    if !REPORT_MONTHS.contains(&months) {
        return Err(refused());
    }
    let local = to_local(now);
    let index = local.year() * 12 + local.month0() as i32 - (months as i32 - 1);
    NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1)
        .and_then(|first| first.and_hms_opt(0, 0, 0))
        .and_then(|midnight| midnight.and_local_timezone(sao_paulo()).single())
        .map(|t| t.to_utc())
        .ok_or_else(refused)
}

/// The month `key` (`aaaa-mm`; empty = the current one) as `[start, end)` in Brasília
/// with its label ("12/2026"): one of the last 12 months, none in the future.
pub fn month_window(
    key: &str,
    now: DateTime<Utc>,
) -> Result<(DateTime<Utc>, DateTime<Utc>, String), String> {
    let local = to_local(now);
    let current = local.year() * 12 + local.month0() as i32;
    let index = if key.trim().is_empty() {
        current
    } else {
        let refused = || format!("Mês inválido: \"{key}\". Use aaaa-mm, como 2026-12.");
        let (y, m) = key.trim().split_once('-').ok_or_else(refused)?;
        let (y, m): (i32, i32) = (
            y.parse().map_err(|_| refused())?,
            m.parse().map_err(|_| refused())?,
        );
        if !(1..=12).contains(&m) {
            return Err(refused());
        }
        y * 12 + m - 1
    };
    if index > current || index <= current - 12 {
        return Err("Escolha um dos últimos 12 meses.".into());
    }
    let start = |i: i32| {
        NaiveDate::from_ymd_opt(i.div_euclid(12), i.rem_euclid(12) as u32 + 1, 1)
            .and_then(|first| first.and_hms_opt(0, 0, 0))
            .and_then(|midnight| midnight.and_local_timezone(sao_paulo()).single())
            .map(|t| t.to_utc())
            .ok_or_else(|| "Mês inválido.".to_owned())
    };
    let label = format!("{:02}/{}", index.rem_euclid(12) + 1, index.div_euclid(12));
    Ok((start(index)?, start(index + 1)?, label))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn windows_start_at_midnight_in_brasilia_on_the_first_of_a_month() {
        let now = Utc.with_ymd_and_hms(2026, 12, 4, 12, 0, 0).unwrap();
        let at = |y, m, d, h| Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap();
        assert_eq!(report_since(1, now), Ok(at(2026, 12, 1, 3)));
        assert_eq!(report_since(3, now), Ok(at(2026, 10, 1, 3)));
        assert_eq!(report_since(12, now), Ok(at(2026, 1, 1, 3)));
        // 01:00 on 1 January in Brasília: the one-month window starts that same day.
        let new_year = Utc.with_ymd_and_hms(2027, 1, 1, 4, 0, 0).unwrap();
        assert_eq!(report_since(1, new_year), Ok(at(2027, 1, 1, 3)));
        assert_eq!(report_since(6, new_year), Ok(at(2026, 8, 1, 3)));
        assert!(report_since(2, now).is_err());
    }

    #[test]
    fn a_month_is_one_of_the_last_twelve() {
        let now = Utc.with_ymd_and_hms(2026, 12, 4, 12, 0, 0).unwrap();
        let at = |y, m, d, h| Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap();
        assert_eq!(
            month_window("", now),
            Ok((at(2026, 12, 1, 3), at(2027, 1, 1, 3), "12/2026".into()))
        );
        assert_eq!(
            month_window("2026-01", now),
            Ok((at(2026, 1, 1, 3), at(2026, 2, 1, 3), "01/2026".into()))
        );
        for bad in ["2025-12", "2027-01", "2026-13", "dez", "2026"] {
            assert!(month_window(bad, now).is_err(), "{bad}");
        }
    }
}
