//! The human number of an occurrence: per year, sequential, shown as `OC 2026/000123`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Year and sequence within the year (from 1). Cannot hold an impossible number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OccurrenceNumber {
    year: u16,
    seq: u32,
}

impl OccurrenceNumber {
    /// Six digits are shown; the sequence may grow past them without breaking anything.
    pub const MAX_SEQ: u32 = 99_999_999;

    pub fn new(year: i32, seq: i64) -> Result<Self, String> {
        if !(2000..=9999).contains(&year) {
            return Err(format!("Ano inválido no número da ocorrência: {year}."));
        }
        if !(1..=i64::from(Self::MAX_SEQ)).contains(&seq) {
            return Err(format!(
                "Sequência inválida no número da ocorrência: {seq}."
            ));
        }
        Ok(Self {
            year: year as u16,
            seq: seq as u32,
        })
    }

    /// Reads `OC 2026/000123`, `2026/000123` or `2026/123` (URLs use `2026/000123`).
    pub fn parse(raw: &str) -> Result<Self, String> {
        let t = raw.trim();
        let t = t
            .strip_prefix("OC")
            .or_else(|| t.strip_prefix("oc"))
            .map_or(t, str::trim_start);
        let invalid = || {
            format!(
                "Número de ocorrência inválido: \"{}\". Use OC aaaa/nnnnnn.",
                raw.trim()
            )
        };
        let (year, seq) = t.split_once('/').ok_or_else(invalid)?;
        let digits =
            |s: &str| !s.is_empty() && s.len() <= 8 && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(year) || year.len() != 4 || !digits(seq) {
            return Err(invalid());
        }
        Self::new(
            year.parse().map_err(|_| invalid())?,
            seq.parse().map_err(|_| invalid())?,
        )
    }

    pub fn year(self) -> i32 {
        i32::from(self.year)
    }

    pub fn seq(self) -> u32 {
        self.seq
    }

    /// `2026/000123`, as in the page's URL `/ocorrencias/2026/000123`.
    pub fn path_part(self) -> String {
        format!("{}/{:06}", self.year, self.seq)
    }

    pub fn url(self) -> String {
        format!("/ocorrencias/{}/{:06}", self.year, self.seq)
    }
}

impl fmt::Display for OccurrenceNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OC {}/{:06}", self.year, self.seq)
    }
}

impl TryFrom<String> for OccurrenceNumber {
    type Error = String;
    fn try_from(v: String) -> Result<Self, Self::Error> {
        Self::parse(&v)
    }
}

impl From<OccurrenceNumber> for String {
    fn from(n: OccurrenceNumber) -> Self {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn numbers_read_and_print_the_human_way() {
        let n = OccurrenceNumber::parse("OC 2026/000123").unwrap();
        assert_eq!((n.year(), n.seq()), (2026, 123));
        assert_eq!(n.to_string(), "OC 2026/000123");
        assert_eq!(n.path_part(), "2026/000123");
        assert_eq!(n.url(), "/ocorrencias/2026/000123");
        assert_eq!(OccurrenceNumber::parse("2026/123"), Ok(n));
        assert_eq!(OccurrenceNumber::parse(" oc2026/000123 "), Ok(n));
        // Past six digits the number keeps working.
        assert_eq!(
            OccurrenceNumber::new(2026, 1_234_567).unwrap().to_string(),
            "OC 2026/1234567"
        );
        for bad in [
            "",
            "2026",
            "2026/",
            "/1",
            "26/1",
            "2026/0",
            "2026/-1",
            "2026/1a",
            "1999/1",
            "2026/123456789",
        ] {
            assert!(OccurrenceNumber::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn numbers_order_by_year_then_sequence() {
        let a = OccurrenceNumber::new(2025, 900).unwrap();
        let b = OccurrenceNumber::new(2026, 1).unwrap();
        assert!(a < b);
    }

    proptest! {
        #[test]
        fn every_valid_number_survives_its_text_and_json(year in 2000i32..=9999, seq in 1i64..=99_999_999) {
            let n = OccurrenceNumber::new(year, seq).unwrap();
            prop_assert_eq!(OccurrenceNumber::parse(&n.to_string()), Ok(n));
            prop_assert_eq!(OccurrenceNumber::parse(&n.path_part()), Ok(n));
            let json = serde_json::to_string(&n).unwrap();
            prop_assert_eq!(serde_json::from_str::<OccurrenceNumber>(&json).unwrap(), n);
        }
    }
}
