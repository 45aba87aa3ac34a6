//! Weekly ERP versions: the number (year and week, e.g. 2026.49, optionally a patch
//! 2026.49.1), the coordinator's form, what a case waiting on a version shows, and what
//! the customer reads when the version is published.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::occurrences::OccurrenceNumber;

/// A version number as UNO names them: `AAAA.SS` (year, ISO week 1–53), or `AAAA.SS.P`
/// for a patch of that week's version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct VersionNumber {
    year: u16,
    week: u8,
    patch: Option<u16>,
}

impl VersionNumber {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        let wrong = || {
            format!(
                "\"{raw}\" não é um número de versão: use ano e semana, como 2026.49 (ou 2026.49.1 para uma correção da semana)."
            )
        };
        let parts: Vec<&str> = raw.split('.').collect();
        if !(2..=3).contains(&parts.len())
            || parts
                .iter()
                .any(|p| p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(wrong());
        }
        let year: u16 = parts[0].parse().map_err(|_| wrong())?;
        let week: u8 = parts[1].parse().map_err(|_| wrong())?;
        let patch = parts.get(2).map(|p| p.parse::<u16>()).transpose();
        let patch = patch.map_err(|_| wrong())?;
        if !(2000..=2100).contains(&year) || parts[0].len() != 4 {
            return Err(format!(
                "O ano da versão \"{raw}\" deve ter 4 dígitos (2000 a 2100)."
            ));
        }
        if !(1..=53).contains(&week) || parts[1].len() != 2 {
            return Err(format!(
                "A semana da versão \"{raw}\" deve ter 2 dígitos, de 01 a 53."
            ));
        }
        Ok(Self { year, week, patch })
    }
}

impl fmt::Display for VersionNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.year, self.week)?;
        if let Some(p) = self.patch {
            write!(f, ".{p}")?;
        }
        Ok(())
    }
}

impl TryFrom<String> for VersionNumber {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Self::parse(&s)
    }
}

impl From<VersionNumber> for String {
    fn from(v: VersionNumber) -> String {
        v.to_string()
    }
}

/// Release notes are Markdown, at most this many characters.
pub const NOTES_MAX: usize = 20_000;

/// A version as the coordinator registers it, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewVersion {
    pub number: VersionNumber,
    pub planned: NaiveDate,
    pub notes: String,
}

impl NewVersion {
    /// From the form: the number, the planned date (`aaaa-mm-dd` from a date input, or
    /// `dd/mm/aaaa` typed) and the notes. Every problem is listed.
    pub fn parse(number: &str, planned: &str, notes: &str) -> Result<Self, String> {
        let mut problems = Vec::new();
        let number = VersionNumber::parse(number)
            .map_err(|e| problems.push(e))
            .ok();
        let planned = parse_date(planned).map_err(|e| problems.push(e)).ok();
        let notes = notes.trim().to_owned();
        if notes.is_empty() {
            problems.push("Escreva as notas da versão (o que ela corrige e traz de novo).".into());
        } else if notes.chars().count() > NOTES_MAX {
            problems.push(format!(
                "As notas da versão passam de {NOTES_MAX} caracteres."
            ));
        }
        match (number, planned) {
            (Some(number), Some(planned)) if problems.is_empty() => Ok(Self {
                number,
                planned,
                notes,
            }),
            _ => Err(problems.join(" ")),
        }
    }
}

fn parse_date(raw: &str) -> Result<NaiveDate, String> {
    let raw = raw.trim();
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(raw, "%d/%m/%Y"))
        .map_err(|_| format!("\"{raw}\" não é uma data: use dd/mm/aaaa."))
}

/// A version as lists show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionView {
    pub number: VersionNumber,
    pub planned: NaiveDate,
    /// The notes as typed (Markdown), for the coordinator.
    pub notes: String,
    /// The notes as HTML (rendered and sanitized by the server).
    pub notes_html: String,
    pub published_at: Option<DateTime<Utc>>,
    /// Cases waiting on it now (support only; 0 for the public).
    pub awaiting: u32,
}

/// The version that carries a case's fix, on the case's page (the customer reads it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixVersion {
    pub number: VersionNumber,
    pub planned: NaiveDate,
    pub published_at: Option<DateTime<Utc>>,
}

/// Where a customer asks support to schedule the update: the new-occurrence form,
/// pre-filled as a request naming the version and the case it fixes.
pub fn update_request_path(
    version: VersionNumber,
    module: &str,
    fixed: OccurrenceNumber,
) -> String {
    let title = format!("Atualização para a versão {version}");
    let description = format!(
        "Solicito o agendamento da atualização do ERP para a versão {version}, que corrige a ocorrência {fixed}."
    );
    format!(
        "/ocorrencias/nova?tipo=solicitacao&modulo={}&titulo={}&descricao={}",
        encode(module),
        encode(&title),
        encode(&description)
    )
}

/// Percent-encodes a query value (UTF-8, everything but unreserved characters).
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The public entry a case gets when its version is published.
pub fn published_text(version: VersionNumber) -> String {
    format!(
        "A correção desta ocorrência saiu na versão {version}, já disponível. Para atualizar: \
         agende a atualização no módulo Segurança do ERP (veja no manual: Agendar a atualização de versão); ou use \
         \"Solicitar atualização\" nesta página para o suporte agendar a atualização com você. \
         Depois de atualizar, confirme a solução aqui (ou responda se algo continuar errado)."
    )
}

/// The release mail every active contact receives.
pub fn release_mail(version: VersionNumber, link: &str) -> (String, String) {
    (
        format!("Versão {version} do UNO ERP disponível"),
        format!(
            "A versão {version} do UNO ERP está disponível.\n\nO que ela corrige e traz de novo: {link}\n\n\
             Para atualizar, agende a atualização no módulo Segurança do ERP, ou abra uma \
             ocorrência do tipo Solicitação para o suporte agendar a atualização com você."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_year_and_week_with_an_optional_patch() {
        let v = VersionNumber::parse(" 2026.49 ").unwrap();
        assert_eq!(v.to_string(), "2026.49");
        assert_eq!(
            VersionNumber::parse("2026.05.2").unwrap().to_string(),
            "2026.05.2"
        );
        for bad in [
            "2026",
            "2026.5",
            "2026.54",
            "2026.00",
            "26.49",
            "2026.49.",
            "2026,49",
            "",
            "abcd.ef",
            "2026.49.1.1",
        ] {
            assert!(VersionNumber::parse(bad).is_err(), "{bad} was accepted");
        }
        assert!(
            VersionNumber::parse("2026.49").unwrap() < VersionNumber::parse("2026.49.1").unwrap()
        );
        assert!(
            VersionNumber::parse("2026.49.1").unwrap() < VersionNumber::parse("2026.50").unwrap()
        );
    }

    #[test]
    fn the_form_lists_every_problem() {
        let ok = NewVersion::parse("2026.49", "2026-12-04", " Corrige a rejeição 539. ").unwrap();
        assert_eq!(ok.planned, NaiveDate::from_ymd_opt(2026, 12, 4).unwrap());
        assert_eq!(ok.notes, "Corrige a rejeição 539.");
        assert_eq!(
            NewVersion::parse("2026.49", "04/12/2026", "x")
                .unwrap()
                .planned,
            ok.planned
        );
        let err = NewVersion::parse("2026.4", "31/02/2026", " ").unwrap_err();
        assert!(
            err.contains("semana") && err.contains("data") && err.contains("notas"),
            "{err}"
        );
    }

    #[test]
    fn the_update_link_is_a_prefilled_request() {
        let n = OccurrenceNumber::new(2026, 12).unwrap();
        let v = VersionNumber::parse("2026.49").unwrap();
        let path = update_request_path(v, "fiscal", n);
        assert!(path.starts_with("/ocorrencias/nova?tipo=solicitacao&modulo=fiscal&titulo=Atualiza%C3%A7%C3%A3o%20para%20a%20vers%C3%A3o%202026.49"), "{path}");
        assert!(!path.contains(' '));
        assert!(published_text(v).contains("2026.49"));
    }
}
