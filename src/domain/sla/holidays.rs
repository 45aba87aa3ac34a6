//! Brazilian national holidays for any year (DOMAIN): the fixed ones and those that follow
//! Easter — Carnaval (Monday and Tuesday, 48 and 47 days before), Good Friday (2 before)
//! and Corpus Christi (60 after).

use chrono::{Datelike, Duration, NaiveDate};

/// Easter Sunday (Gregorian calendar), by the Meeus/Jones/Butcher algorithm.
pub fn easter(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    #[allow(
        clippy::expect_used,
        reason = "the computus gives 22/03 to 25/04, a valid date in every year chrono holds"
    )]
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("Easter is a valid date")
}

/// Why a day is a national holiday.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holiday {
    NewYear,
    CarnivalMonday,
    CarnivalTuesday,
    GoodFriday,
    Tiradentes,
    Labour,
    CorpusChristi,
    Independence,
    Aparecida,
    AllSouls,
    Republic,
    BlackConsciousness,
    Christmas,
}

impl Holiday {
    /// Carnaval is a *ponto facultativo*, not a legal holiday: offices may work it.
    pub fn is_carnival(self) -> bool {
        matches!(self, Self::CarnivalMonday | Self::CarnivalTuesday)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::NewYear => "Confraternização Universal",
            Self::CarnivalMonday => "Carnaval (segunda-feira)",
            Self::CarnivalTuesday => "Carnaval (terça-feira)",
            Self::GoodFriday => "Sexta-feira Santa",
            Self::Tiradentes => "Tiradentes",
            Self::Labour => "Dia do Trabalho",
            Self::CorpusChristi => "Corpus Christi",
            Self::Independence => "Independência",
            Self::Aparecida => "Nossa Senhora Aparecida",
            Self::AllSouls => "Finados",
            Self::Republic => "Proclamação da República",
            Self::BlackConsciousness => "Dia da Consciência Negra",
            Self::Christmas => "Natal",
        }
    }
}

/// The national holidays of `year`, in date order.
pub fn national(year: i32) -> Vec<(NaiveDate, Holiday)> {
    #[allow(
        clippy::expect_used,
        reason = "fixed holidays are valid dates in every year chrono holds"
    )]
    let day = |m, d| NaiveDate::from_ymd_opt(year, m, d).expect("fixed holiday is a valid date");
    let e = easter(year);
    let mut all = vec![
        (day(1, 1), Holiday::NewYear),
        (e - Duration::days(48), Holiday::CarnivalMonday),
        (e - Duration::days(47), Holiday::CarnivalTuesday),
        (e - Duration::days(2), Holiday::GoodFriday),
        (day(4, 21), Holiday::Tiradentes),
        (day(5, 1), Holiday::Labour),
        (e + Duration::days(60), Holiday::CorpusChristi),
        (day(9, 7), Holiday::Independence),
        (day(10, 12), Holiday::Aparecida),
        (day(11, 2), Holiday::AllSouls),
        (day(11, 15), Holiday::Republic),
        (day(11, 20), Holiday::BlackConsciousness),
        (day(12, 25), Holiday::Christmas),
    ];
    all.sort_by_key(|(d, _)| *d);
    all
}

/// The national holiday on `date`, if any (no allocation: the calendar asks for every day
/// it walks through).
pub fn national_on(date: NaiveDate) -> Option<Holiday> {
    let fixed = match (date.month(), date.day()) {
        (1, 1) => Some(Holiday::NewYear),
        (4, 21) => Some(Holiday::Tiradentes),
        (5, 1) => Some(Holiday::Labour),
        (9, 7) => Some(Holiday::Independence),
        (10, 12) => Some(Holiday::Aparecida),
        (11, 2) => Some(Holiday::AllSouls),
        (11, 15) => Some(Holiday::Republic),
        (11, 20) => Some(Holiday::BlackConsciousness),
        (12, 25) => Some(Holiday::Christmas),
        _ => None,
    };
    // Easter-based ones fall between February and June.
    if fixed.is_some() || !(2..=6).contains(&date.month()) {
        return fixed;
    }
    match (date - easter(date.year())).num_days() {
        -48 => Some(Holiday::CarnivalMonday),
        -47 => Some(Holiday::CarnivalTuesday),
        -2 => Some(Holiday::GoodFriday),
        60 => Some(Holiday::CorpusChristi),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_day_lookup_agrees_with_the_year_list() {
        for year in 1990..2100 {
            let list = national(year);
            let mut day = d(year, 1, 1);
            while day.year() == year {
                let listed = list.iter().find(|(x, _)| *x == day).map(|(_, h)| *h);
                assert_eq!(national_on(day).is_some(), listed.is_some(), "{day}");
                day += Duration::days(1);
            }
        }
    }

    #[test]
    fn easter_dates_2025_to_2030() {
        let known = [
            (2025, d(2025, 4, 20)),
            (2026, d(2026, 4, 5)),
            (2027, d(2027, 3, 28)),
            (2028, d(2028, 4, 16)),
            (2029, d(2029, 4, 1)),
            (2030, d(2030, 4, 21)),
        ];
        for (year, date) in known {
            assert_eq!(easter(year), date, "{year}");
        }
    }

    #[test]
    fn movable_holidays_2025_to_2030_by_date() {
        // (Carnaval Monday, Good Friday, Corpus Christi)
        let known = [
            (d(2025, 3, 3), d(2025, 4, 18), d(2025, 6, 19)),
            (d(2026, 2, 16), d(2026, 4, 3), d(2026, 6, 4)),
            (d(2027, 2, 8), d(2027, 3, 26), d(2027, 5, 27)),
            (d(2028, 2, 28), d(2028, 4, 14), d(2028, 6, 15)),
            (d(2029, 2, 12), d(2029, 3, 30), d(2029, 5, 31)),
            (d(2030, 3, 4), d(2030, 4, 19), d(2030, 6, 20)),
        ];
        for (carnival, good_friday, corpus) in known {
            assert_eq!(national_on(carnival), Some(Holiday::CarnivalMonday));
            assert_eq!(
                national_on(carnival.succ_opt().unwrap()),
                Some(Holiday::CarnivalTuesday)
            );
            assert_eq!(national_on(good_friday), Some(Holiday::GoodFriday));
            assert_eq!(national_on(corpus), Some(Holiday::CorpusChristi));
        }
    }

    #[test]
    fn every_year_has_the_thirteen_national_holidays_on_distinct_days() {
        for year in 2025..=2030 {
            let all = national(year);
            assert_eq!(all.len(), 13);
            let mut days: Vec<_> = all.iter().map(|(d, _)| *d).collect();
            days.dedup();
            assert_eq!(days.len(), 13, "{year}");
            assert_eq!(
                national_on(d(year, 11, 20)),
                Some(Holiday::BlackConsciousness)
            );
            assert_eq!(national_on(d(year, 12, 24)), None);
        }
    }
}
