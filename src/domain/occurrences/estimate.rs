//! Data-change requests (FAQ 9: support analyses, Desenvolvimento executes, "podendo haver
//! custo"): N2 or the coordinator records an estimate in hours and reais; the customer
//! approves or refuses it in the app. Amounts are kept exact (hundredths of an hour,
//! centavos) and read and written the Brazilian way ("12,5", "R$ 1.500,00").

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::draft::MAX_TEXT_CHARS;

/// Longest estimate: 10 000 hours; dearest: R$ 10 000 000,00.
const MAX_HUNDREDTHS: u64 = 1_000_000;
const MAX_CENTS: u64 = 1_000_000_000;

/// An estimate as the form sends it, checked: positive hours, a cost (zero allowed: a
/// change support's contract covers), and what it covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EstimateInput {
    pub hundredths_of_hour: u32,
    pub cost_cents: u64,
    pub description: String,
}

/// Where the customer's decision stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Pendente,
    Aprovado,
    Recusado,
}

impl Decision {
    pub fn label(self) -> &'static str {
        match self {
            Self::Pendente => "aguardando a sua aprovação",
            Self::Aprovado => "aprovado",
            Self::Recusado => "recusado",
        }
    }
}

/// The estimate on an occurrence page (customer and support read the same).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EstimateView {
    pub hundredths_of_hour: u32,
    pub cost_cents: u64,
    pub description: String,
    pub by_name: String,
    pub at: DateTime<Utc>,
    pub decision: Decision,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub reason: Option<String>,
}

/// A decimal typed the Brazilian way ("1.500,25", "12,5", "12.5") in units of 1/100;
/// `None` if not a non-negative number with at most two decimals.
fn parse_hundredths(raw: &str) -> Option<u64> {
    let t: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    // With a comma, dots group thousands; without one, a single dot may be the decimal.
    let t = if t.contains(',') {
        t.replace('.', "").replace(',', ".")
    } else if t.matches('.').count() == 1 && t.rsplit('.').next().is_some_and(|d| d.len() <= 2) {
        t
    } else {
        t.replace('.', "")
    };
    let (int, frac) = t.split_once('.').unwrap_or((&t, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || int.len() > 12 || frac.len() > 2 || !digits(int) || !digits(frac) {
        return None;
    }
    let frac: u64 = format!("{frac:0<2}").parse().ok()?;
    int.parse::<u64>().ok()?.checked_mul(100)?.checked_add(frac)
}

/// "12,5" → 1250 hundredths of an hour.
pub fn parse_hours(raw: &str) -> Result<u32, String> {
    match parse_hundredths(raw) {
        Some(h) if h > 0 && h <= MAX_HUNDREDTHS => Ok(h as u32),
        _ => Err(format!(
            "Horas: informe um número maior que zero, até 10.000, como 12,5 (recebido \"{}\").",
            raw.trim()
        )),
    }
}

/// "R$ 1.500,00" → 150000 centavos.
pub fn parse_money(raw: &str) -> Result<u64, String> {
    let t = raw.trim().trim_start_matches("R$").trim();
    match parse_hundredths(t) {
        Some(c) if c <= MAX_CENTS => Ok(c),
        _ => Err(format!(
            "Valor: informe reais e centavos, como 1.500,00 (recebido \"{}\").",
            raw.trim()
        )),
    }
}

/// 1250 → "12,5"; 800 → "8".
pub fn hours_text(hundredths: u32) -> String {
    let (int, frac) = (hundredths / 100, hundredths % 100);
    if frac == 0 {
        int.to_string()
    } else {
        format!("{int},{}", format!("{frac:02}").trim_end_matches('0'))
    }
}

/// 150000 → "R$ 1.500,00".
pub fn money_text(cents: u64) -> String {
    let int = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("R$ {grouped},{:02}", cents % 100)
}

impl EstimateInput {
    /// The form's fields, or every problem (one pt-BR line each).
    pub fn parse(hours: &str, cost: &str, description: &str) -> Result<Self, String> {
        let hours = parse_hours(hours);
        let cost = parse_money(cost);
        let description = description.trim();
        let described = if description.is_empty() {
            Err("Descreva a alteração de dados que o orçamento cobre.".to_owned())
        } else if description.chars().count() > MAX_TEXT_CHARS {
            Err(format!(
                "A descrição pode ter no máximo {MAX_TEXT_CHARS} caracteres."
            ))
        } else {
            Ok(description.to_owned())
        };
        match (hours, cost, described) {
            (Ok(hundredths_of_hour), Ok(cost_cents), Ok(description)) => Ok(Self {
                hundredths_of_hour,
                cost_cents,
                description,
            }),
            (h, c, d) => Err([h.err(), c.err(), d.err()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join("\n")),
        }
    }

    /// The public entry (and the customer's mail).
    pub fn text(&self) -> String {
        format!(
            "Orçamento da alteração de dados: {} h, {}.\n\n{}\n\nAprove ou recuse o orçamento na página da ocorrência; enquanto isso, o prazo fica pausado.",
            hours_text(self.hundredths_of_hour),
            money_text(self.cost_cents),
            self.description
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_the_brazilian_way() {
        assert_eq!(parse_hours("12,5"), Ok(1250));
        assert_eq!(parse_hours("8"), Ok(800));
        assert_eq!(parse_hours("0,25"), Ok(25));
        assert_eq!(parse_hours("1.5"), Ok(150));
        assert!(parse_hours("0").is_err());
        assert!(parse_hours("-2").is_err());
        assert!(parse_hours("1,234").is_err());
        assert!(parse_hours("10000,01").is_err());
        assert_eq!(parse_money("R$ 1.500,00"), Ok(150_000));
        assert_eq!(parse_money("1500"), Ok(150_000));
        assert_eq!(parse_money("1.500"), Ok(150_000));
        assert_eq!(parse_money("0"), Ok(0));
        assert_eq!(parse_money("99,9"), Ok(9990));
        assert!(parse_money("mil reais").is_err());
        assert!(parse_money("").is_err());
        assert_eq!(hours_text(1250), "12,5");
        assert_eq!(hours_text(800), "8");
        assert_eq!(money_text(150_000), "R$ 1.500,00");
        assert_eq!(money_text(123_456_789), "R$ 1.234.567,89");
        assert_eq!(money_text(5), "R$ 0,05");
    }

    #[test]
    fn an_estimate_is_complete_or_says_every_problem() {
        let e = EstimateInput::parse("12,5", "1.500,00", " Corrigir o NCM de 40 itens ").unwrap();
        assert_eq!(e.description, "Corrigir o NCM de 40 itens");
        assert!(e.text().contains("12,5 h, R$ 1.500,00"));
        let err = EstimateInput::parse("", "x", " ").unwrap_err();
        assert_eq!(err.lines().count(), 3, "{err}");
    }
}
