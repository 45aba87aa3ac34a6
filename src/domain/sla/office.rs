//! UNO's offices: each company is served by one, and its deadlines count in that office's
//! calendar (hours, Carnaval, local holidays). The default office, S.O.E., keeps its
//! calendar in the SLA rules; every other office (Sorocaba, Barueri, …) has its own.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::calendar_spec::{CalendarSpec, OFFICE, OfficeHours};
use super::policy::{PlanRules, holidays_text, parse_holidays};

/// An office's name: 2 to 60 characters, and not the default office's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfficeName(String);

impl OfficeName {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let len = name.chars().count();
        if !(2..=60).contains(&len) {
            return Err("Informe o nome do escritório (de 2 a 60 caracteres).".into());
        }
        if name.chars().any(char::is_control) {
            return Err("O nome do escritório tem caracteres inválidos.".into());
        }
        if Self::key_of(&name) == Self::key_of(OFFICE) {
            return Err(format!(
                "{OFFICE} é o escritório padrão: o calendário dele fica nas regras de SLA."
            ));
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What two names must not share (case and punctuation aside): "S.O.E." = "soe".
    pub fn key(&self) -> String {
        Self::key_of(&self.0)
    }

    fn key_of(name: &str) -> String {
        name.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    }
}

/// An office other than the default, as the coordinator and its companies see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Office {
    pub id: String,
    pub name: String,
    pub calendar: CalendarSpec,
    /// Companies it serves (0 where not counted).
    #[serde(default)]
    pub companies: u32,
}

/// The calendar part of a form (`horario_<dia>`, `carnaval`, `feriados`): every problem,
/// one line each.
pub fn calendar_from_fields(fields: &HashMap<String, String>) -> Result<CalendarSpec, String> {
    let get = |k: &str| fields.get(k).map(|v| v.trim()).unwrap_or("");
    let hours = OfficeHours::from_fields(&get);
    let holidays = parse_holidays(get("feriados"));
    match (hours, holidays) {
        (Ok(h), Ok(d)) => Ok(CalendarSpec::new(h, d)),
        (h, d) => Err(h
            .err()
            .unwrap_or_default()
            .into_iter()
            .chain(d.err().unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n")),
    }
}

/// The form fields of a calendar.
pub fn calendar_fields(spec: &CalendarSpec) -> HashMap<String, String> {
    let mut f = HashMap::new();
    spec.hours().to_fields(&mut f);
    f.insert("feriados".into(), holidays_text(spec.holidays()));
    f
}

impl PlanRules {
    /// The plan's rules as a company served by `office` lives them: its hours and holidays.
    pub fn in_office(mut self, office: Option<&Office>) -> Self {
        if let Some(o) = office {
            self.hours = o.calendar.hours().clone();
            self.local_holidays = o.calendar.holidays().to_vec();
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_bounded_and_never_the_default_office() {
        assert_eq!(
            OfficeName::parse("  Barueri   centro ").unwrap().as_str(),
            "Barueri centro"
        );
        assert!(OfficeName::parse("B").is_err());
        assert!(OfficeName::parse(&"x".repeat(61)).is_err());
        assert!(OfficeName::parse("Sor\u{7}ocaba").is_err());
        for taken in ["S.O.E.", "soe", "S O E"] {
            let e = OfficeName::parse(taken).unwrap_err();
            assert!(e.contains("padrão"), "{taken}: {e}");
        }
        assert_eq!(
            OfficeName::parse("Sorocaba").unwrap().key(),
            OfficeName::parse("SOROCABA.").unwrap().key()
        );
    }

    #[test]
    fn a_calendar_form_round_trips_and_names_every_problem() {
        let mut f = HashMap::new();
        f.insert("horario_segunda".into(), "09:00-18:00".into());
        f.insert(
            "feriados".into(),
            "15/08/2027 Padroeira\n26/03/2027 Aniversário".into(),
        );
        let spec = calendar_from_fields(&f).unwrap();
        assert_eq!(spec.hours().day_text(0), "09:00-18:00");
        assert_eq!(spec.holidays().len(), 2);
        assert_eq!(calendar_from_fields(&calendar_fields(&spec)).unwrap(), spec);

        f.insert("horario_terca".into(), "9h às 18h".into());
        f.insert("feriados".into(), "31/02/2027 Nada".into());
        let e = calendar_from_fields(&f).unwrap_err();
        assert!(e.contains("Terça") || e.contains("terça"), "{e}");
        assert!(e.contains("linha 1"), "{e}");
    }

    #[test]
    fn plan_rules_in_an_office_read_its_hours() {
        let policy = super::super::policy::SlaPolicy::default();
        let rules = policy.rules(super::super::SlaPlan::Ouro);
        let mut f = HashMap::new();
        f.insert("horario_sabado".into(), "08:00-12:00".into());
        let office = Office {
            id: "x".into(),
            name: "Barueri".into(),
            calendar: calendar_from_fields(&f).unwrap(),
            companies: 0,
        };
        assert_eq!(rules.clone().in_office(None), rules);
        let there = rules.in_office(Some(&office));
        assert_eq!(there.hours.describe(), office.calendar.hours().describe());
    }
}
