//! How much a company's contacts may keep in attachments (issue 20: one rogue contact must
//! not fill the store). The coordination sets it per company in GB (empty = the default);
//! the server keeps each company's running total in the upload's transaction.

use serde::{Deserialize, Serialize};

/// 1 GB, as the form and the messages count (decimal, like disk makers and browsers).
const GB: f64 = 1_000_000_000.0;
/// Unless the coordination sets another: 2 GB.
pub const DEFAULT_QUOTA_BYTES: i64 = 2_000_000_000;
const MIN_GB: f64 = 0.1;
const MAX_GB: f64 = 1_000.0;

/// A company's attachment space: what its contacts' files take, and the limit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentSpace {
    pub used_bytes: i64,
    /// Set by the coordination; `None` = [`DEFAULT_QUOTA_BYTES`].
    pub quota_bytes: Option<i64>,
}

impl AttachmentSpace {
    pub fn limit(&self) -> i64 {
        self.quota_bytes.unwrap_or(DEFAULT_QUOTA_BYTES)
    }

    /// "312,4 MB de 2 GB".
    pub fn text(&self) -> String {
        format!(
            "{} de {}",
            size_text(self.used_bytes),
            size_text(self.limit())
        )
    }
}

/// "2 GB", "1,5 GB", "312,4 MB", "12 KB" (decimal units, comma as decimal mark).
pub fn size_text(bytes: i64) -> String {
    let b = bytes.max(0) as f64;
    let (value, unit) = if b >= GB {
        (b / GB, "GB")
    } else if b >= 1e6 {
        (b / 1e6, "MB")
    } else {
        ((b / 1e3).ceil(), "KB")
    };
    let text = format!("{value:.1}");
    let text = text.strip_suffix(".0").unwrap_or(&text);
    format!("{} {unit}", text.replace('.', ","))
}

/// A quota as the coordinator's field shows it, in GB ("0,5", "2"): what [`parse_quota`] reads.
pub fn quota_field(bytes: i64) -> String {
    let text = format!("{:.3}", bytes as f64 / GB);
    text.trim_end_matches('0')
        .trim_end_matches('.')
        .replace('.', ",")
}

/// The coordinator's field: GB with a comma or a dot ("2", "0,5"); empty = the default.
pub fn parse_quota(raw: &str) -> Result<Option<i64>, String> {
    let raw = raw.trim().trim_end_matches(['G', 'B', 'g', 'b']).trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let gb: f64 = raw.replace(',', ".").parse().map_err(|_| {
        format!("Espaço para anexos: informe um número de GB, como 2 ou 0,5 (recebido: \"{raw}\").")
    })?;
    if !(MIN_GB..=MAX_GB).contains(&gb) {
        return Err(format!(
            "Espaço para anexos: entre 0,1 e {MAX_GB} GB (recebido: \"{raw}\")."
        ));
    }
    Ok(Some((gb * GB).round() as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_coordinators_gigabytes_are_parsed_with_a_comma_or_a_dot() {
        assert_eq!(parse_quota(""), Ok(None));
        assert_eq!(parse_quota(" 2 "), Ok(Some(2_000_000_000)));
        assert_eq!(parse_quota("0,5"), Ok(Some(500_000_000)));
        assert_eq!(parse_quota("1.5 GB"), Ok(Some(1_500_000_000)));
        for bytes in [500_000_000, 2_000_000_000, 1_250_000_000, 100_000_000] {
            assert_eq!(parse_quota(&quota_field(bytes)), Ok(Some(bytes)));
        }
        assert_eq!(quota_field(500_000_000), "0,5");
        for bad in ["dois", "0", "0,05", "1001", "-1"] {
            let e = parse_quota(bad).unwrap_err();
            assert!(e.starts_with("Espaço para anexos"), "{bad}: {e}");
        }
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size_text(2_000_000_000), "2 GB");
        assert_eq!(size_text(1_500_000_000), "1,5 GB");
        assert_eq!(size_text(312_400_000), "312,4 MB");
        assert_eq!(size_text(11_200), "12 KB");
        let space = AttachmentSpace {
            used_bytes: 312_400_000,
            quota_bytes: None,
        };
        assert_eq!(space.text(), "312,4 MB de 2 GB");
    }
}
