//! Money and business time as Brazilians read and type them.

/// "1h 05min" for a number of business minutes.
pub fn minutes_text(m: i64) -> String {
    if m >= 60 {
        format!("{}h {:02}min", m / 60, m % 60)
    } else {
        format!("{m}min")
    }
}

/// "R$ 1.234,56".
pub fn money_text(cents: i64) -> String {
    let (int, frac) = (cents.abs() / 100, cents.abs() % 100);
    let digits = int.to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}R$ {grouped},{frac:02}")
}

/// A monthly fee as typed in Brazil ("R$ 1.234,56", "1234,5", "1234.56", "2.000"): cents,
/// `None` for an empty field (no fee configured).
pub fn parse_money(raw: &str) -> Result<Option<i64>, String> {
    let t: String = raw
        .trim()
        .trim_start_matches("R$")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if t.is_empty() {
        return Ok(None);
    }
    let bad = || {
        format!(
            "Valor inválido: \"{}\". Use, por exemplo, 1.234,56.",
            raw.trim()
        )
    };
    let thousands_only =
        t.split('.').count() > 1 && t.split('.').skip(1).all(|g| g.len() == 3) && !t.contains(',');
    let normal = if t.contains(',') || thousands_only {
        t.replace('.', "").replace(',', ".")
    } else {
        t
    };
    let (int, frac) = normal.split_once('.').unwrap_or((&normal, ""));
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !digits(int) || (!frac.is_empty() && !digits(frac)) || frac.len() > 2 || int.len() > 10 {
        return Err(bad());
    }
    let int: i64 = int.parse().map_err(|_| bad())?;
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    Ok(Some(int * 100 + frac))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_in_brazilian_notation() {
        assert_eq!(parse_money("R$ 1.234,56"), Ok(Some(123_456)));
        assert_eq!(parse_money("1234,5"), Ok(Some(123_450)));
        assert_eq!(parse_money("1234.56"), Ok(Some(123_456)));
        assert_eq!(parse_money("2.000"), Ok(Some(200_000)));
        assert_eq!(parse_money("  "), Ok(None));
        assert!(parse_money("12,345").is_err());
        assert!(parse_money("-5").is_err());
        assert!(parse_money("abc").is_err());
        assert_eq!(money_text(123_456), "R$ 1.234,56");
        assert_eq!(money_text(5), "R$ 0,05");
    }
}
