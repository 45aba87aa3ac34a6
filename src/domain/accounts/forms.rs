//! The coordinator's account forms, parsed: a company, an analyst's profile, dates and
//! lists as typed. Each parse either gives a value that holds only valid data or a pt-BR
//! message saying what to fix.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::{Role, bounded_text, cnpj::Cnpj};
use crate::domain::{content::ErpModule, sla::SlaPlan, time::sao_paulo};

/// Comma- or newline-separated list, trimmed, without empties.
pub fn split_list(raw: &str) -> Vec<String> {
    raw.split([',', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `aaaa-mm-dd` (HTML date input) or `dd/mm/aaaa`, as midday in Brasília.
pub fn parse_date(raw: &str) -> Result<DateTime<Utc>, String> {
    let raw = raw.trim();
    let refused = || format!("Data inválida: \"{raw}\". Use dd/mm/aaaa.");
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(raw, "%d/%m/%Y"))
        .ok()
        .and_then(|date| date.and_hms_opt(12, 0, 0))
        .and_then(|noon| noon.and_local_timezone(sao_paulo()).single())
        .map(|t| t.to_utc())
        .ok_or_else(refused)
}

/// A comma-separated list of ERP module slugs, each one known.
pub fn parse_modules(raw: &str) -> Result<Vec<String>, String> {
    split_list(raw)
        .iter()
        .map(|m| ErpModule::parse(m).map(|m| m.slug().to_owned()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())
}

/// A company as created or edited by the coordinator.
#[derive(Clone, Debug, Serialize)]
pub struct CompanyData {
    pub name: String,
    pub cnpj: Cnpj,
    pub segment: String,
    pub modules: Vec<String>,
    pub plan: SlaPlan,
}

impl CompanyData {
    pub fn parse(
        name: &str,
        cnpj: &str,
        segment: &str,
        modules: &str,
        plan: &str,
    ) -> Result<Self, String> {
        let name = bounded_text(name, "o nome da empresa", 200)?;
        let cnpj = Cnpj::parse(cnpj).map_err(|e| e.to_string())?;
        let segment = segment.trim();
        if segment.chars().count() > 100 {
            return Err("O segmento pode ter no máximo 100 caracteres.".into());
        }
        Ok(Self {
            name,
            cnpj,
            segment: segment.to_owned(),
            modules: parse_modules(modules)?,
            plan: SlaPlan::parse(plan)?,
        })
    }
}

/// What the coordinator sets of an analyst: level, specialities, availability.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnalystProfile {
    pub level: Role,
    pub modules: Vec<String>,
    pub segments: Vec<String>,
    pub available: bool,
}

impl AnalystProfile {
    pub fn parse(
        level: u8,
        modules: &str,
        segments: &str,
        available: bool,
    ) -> Result<Self, String> {
        let level = match level {
            1 => Role::AnalystN1,
            2 => Role::AnalystN2,
            _ => return Err("O nível do analista deve ser 1 ou 2.".into()),
        };
        let modules = parse_modules(modules)?;
        let segments = split_list(segments);
        if segments.iter().any(|s| s.chars().count() > 100) || segments.len() > 30 {
            return Err("Informe até 30 segmentos, cada um com no máximo 100 caracteres.".into());
        }
        Ok(Self {
            level,
            modules,
            segments,
            available,
        })
    }

    /// 1 or 2, as the forms and the audit log say it.
    pub fn level_number(&self) -> u8 {
        if self.level == Role::AnalystN2 { 2 } else { 1 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_either_form_are_midday_in_brasilia() {
        let noon = parse_date("05/03/2026").unwrap();
        assert_eq!(noon.to_rfc3339(), "2026-03-05T15:00:00+00:00");
        assert_eq!(parse_date(" 2026-03-05 "), Ok(noon));
        assert!(parse_date("31/02/2026").unwrap_err().contains("dd/mm/aaaa"));
    }

    #[test]
    fn a_company_form_is_parsed_whole_or_refused_with_the_reason() {
        let ok = CompanyData::parse(
            " Metalúrgica ",
            "11.222.333/0001-81",
            "Metalurgia",
            "fiscal, estoque",
            "ouro",
        )
        .unwrap();
        assert_eq!(ok.name, "Metalúrgica");
        assert_eq!(ok.modules, ["fiscal", "estoque"]);
        let long = "x".repeat(101);
        let e = CompanyData::parse("A", "11.222.333/0001-81", &long, "", "ouro").unwrap_err();
        assert!(e.contains("100 caracteres"), "{e}");
        assert!(CompanyData::parse("A", "123", "", "", "ouro").is_err());
        assert!(CompanyData::parse("A", "11.222.333/0001-81", "", "nada", "ouro").is_err());
    }

    #[test]
    fn an_analyst_profile_knows_its_level() {
        let p = AnalystProfile::parse(2, "fiscal", "Indústria\nVarejo", true).unwrap();
        assert_eq!((p.level, p.level_number()), (Role::AnalystN2, 2));
        assert_eq!(p.segments, ["Indústria", "Varejo"]);
        assert!(AnalystProfile::parse(3, "", "", true).is_err());
        let many = vec!["s"; 31].join(",");
        assert!(AnalystProfile::parse(1, "", &many, true).is_err());
    }
}
