//! The "registro da simulação" that goes with a case to Desenvolvimento (manual: "o
//! analista registra a simulação"): ERP version, database or environment, steps, expected
//! and obtained result. Internal: only support and Desenvolvimento read it. The form comes
//! pre-filled from what support already knows (N1's escalation record, the customer's
//! steps and description); [`SimulationRecord::parse`] accepts it only complete.

use serde::{Deserialize, Serialize};

use super::draft::MAX_TEXT_CHARS;

/// The form as typed (or pre-filled): any text, possibly incomplete.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimulationFields {
    pub erp_version: String,
    pub environment: String,
    pub steps: String,
    pub expected: String,
    pub obtained: String,
}

/// A complete record: a weekly ERP version number and every part filled in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SimulationRecord(SimulationFields);

/// Longest environment line (a database name, a server, a plugin list).
const MAX_ENVIRONMENT_CHARS: usize = 300;

/// Whether `v` is a weekly version number as UNO names them: `2026.49`, or with a build,
/// `2026.49.2` (year, week 1–53, optional build).
pub fn is_erp_version(v: &str) -> bool {
    let mut parts = v.split('.');
    let year = parts.next().unwrap_or("");
    let week = parts.next().unwrap_or("");
    let build = parts.next();
    let digits = |s: &str, max: usize| {
        !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit())
    };
    digits(year, 4)
        && year.len() == 4
        && digits(week, 2)
        && week.parse::<u32>().is_ok_and(|w| (1..=53).contains(&w))
        && build.is_none_or(|b| digits(b, 4))
        && parts.next().is_none()
}

/// The first version number mentioned in `text` ("reproduzido na 2026.11 com…").
pub fn version_in(text: &str) -> Option<String> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .map(|w| w.trim_matches('.'))
        .find(|w| is_erp_version(w))
        .map(str::to_owned)
}

impl SimulationFields {
    /// What support already knows: N1's escalation record (the steps it reproduced, and
    /// the version it names), else the customer's steps; what the customer saw as the
    /// obtained result.
    pub fn prefill(escalation_record: &str, customer_steps: &str, description: &str) -> Self {
        let steps = if escalation_record.trim().is_empty() {
            customer_steps
        } else {
            escalation_record
        };
        Self {
            erp_version: version_in(escalation_record).unwrap_or_default(),
            environment: String::new(),
            steps: steps.trim().to_owned(),
            expected: String::new(),
            obtained: description.trim().to_owned(),
        }
    }
}

impl SimulationRecord {
    /// The record, or every problem (one pt-BR line each).
    pub fn parse(f: &SimulationFields) -> Result<Self, String> {
        let mut problems = Vec::new();
        let t = |s: &str| s.trim().to_owned();
        let fields = SimulationFields {
            erp_version: t(&f.erp_version),
            environment: t(&f.environment),
            steps: t(&f.steps),
            expected: t(&f.expected),
            obtained: t(&f.obtained),
        };
        if !is_erp_version(&fields.erp_version) {
            problems.push(format!(
                "Versão do ERP: informe o número da versão semanal em que reproduziu, como 2026.49 (recebido \"{}\").",
                fields.erp_version
            ));
        }
        let required = [
            (
                &fields.environment,
                "Banco de dados / ambiente",
                MAX_ENVIRONMENT_CHARS,
            ),
            (&fields.steps, "Passos da simulação", MAX_TEXT_CHARS),
            (&fields.expected, "Resultado esperado", MAX_TEXT_CHARS),
            (&fields.obtained, "Resultado obtido", MAX_TEXT_CHARS),
        ];
        for (value, label, max) in required {
            if value.is_empty() {
                problems.push(format!("{label}: obrigatório no registro da simulação."));
            } else if value.chars().count() > max {
                problems.push(format!("{label}: no máximo {max} caracteres."));
            }
        }
        if problems.is_empty() {
            Ok(Self(fields))
        } else {
            Err(problems.join("\n"))
        }
    }

    pub fn fields(&self) -> &SimulationFields {
        &self.0
    }

    /// The record as the timeline shows it (an internal entry).
    pub fn to_text(&self) -> String {
        let f = &self.0;
        format!(
            "Registro da simulação para o Desenvolvimento\n\
             Versão do ERP: {}\n\
             Banco de dados / ambiente: {}\n\
             Passos:\n{}\n\
             Resultado esperado:\n{}\n\
             Resultado obtido:\n{}",
            f.erp_version, f.environment, f.steps, f.expected, f.obtained
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete() -> SimulationFields {
        SimulationFields {
            erp_version: " 2026.48 ".into(),
            environment: "Base de homologação do cliente (PostgreSQL 16)".into(),
            steps: "1. Faturar o pedido 77\n2. Transmitir".into(),
            expected: "Nota autorizada".into(),
            obtained: "Rejeição 539".into(),
        }
    }

    #[test]
    fn weekly_version_numbers() {
        for ok in ["2026.49", "2026.1", "2026.53", "2026.49.2"] {
            assert!(is_erp_version(ok), "{ok}");
        }
        for bad in [
            "",
            "2026",
            "2026.0",
            "2026.54",
            "26.49",
            "2026.49.",
            "2026.49.1.1",
            "v2026.49",
            "2026.4a",
        ] {
            assert!(!is_erp_version(bad), "{bad}");
        }
        assert_eq!(
            version_in("Reproduzido na 2026.11, com o XML."),
            Some("2026.11".into())
        );
        assert_eq!(
            version_in("Reproduzido na 2026.11.3."),
            Some("2026.11.3".into())
        );
        assert_eq!(version_in("nota 539 de 12.5 reais"), None);
    }

    #[test]
    fn a_record_is_complete_or_says_every_missing_part() {
        let r = SimulationRecord::parse(&complete()).unwrap();
        assert_eq!(r.fields().erp_version, "2026.48");
        let text = r.to_text();
        assert!(text.contains("Versão do ERP: 2026.48"));
        assert!(text.contains("Resultado obtido:\nRejeição 539"));

        let err = SimulationRecord::parse(&SimulationFields::default()).unwrap_err();
        assert_eq!(err.lines().count(), 5, "{err}");
        let mut long = complete();
        long.environment = "x".repeat(MAX_ENVIRONMENT_CHARS + 1);
        long.erp_version = "amanhã".into();
        let err = SimulationRecord::parse(&long).unwrap_err();
        assert!(
            err.contains("Versão do ERP") && err.contains("no máximo 300"),
            "{err}"
        );
    }

    #[test]
    fn prefilled_from_what_support_knows() {
        let f = SimulationFields::prefill(
            "Reproduzido na 2026.11 com o XML do cliente.",
            "1. Emitir",
            " O CT-e volta com erro. ",
        );
        assert_eq!(f.erp_version, "2026.11");
        assert_eq!(f.steps, "Reproduzido na 2026.11 com o XML do cliente.");
        assert_eq!(f.obtained, "O CT-e volta com erro.");
        assert!(f.environment.is_empty() && f.expected.is_empty());
        // Without an escalation record, the customer's steps.
        assert_eq!(
            SimulationFields::prefill("", "1. Emitir", "x").steps,
            "1. Emitir"
        );
    }
}
