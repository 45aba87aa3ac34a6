//! The business calendar as data (issue 19 item 4): hours per weekday, whether Carnaval
//! (a *ponto facultativo*) is a day off, and the office's holidays. What the coordinator
//! edits, what each occurrence snapshots when it opens (an edit moves only new
//! occurrences' deadlines unless the coordinator re-times the open ones), what the browser
//! counts with, and the JSON `suporte sla-deadline --calendar FILE` reads:
//!
//! ```json
//! {"horario": {"segunda": ["08:00-12:00", "13:30-18:00"], "sexta": ["08:00-17:00"]},
//!  "carnaval": true,
//!  "feriados": [{"data": "2026-07-09", "nome": "Revolução Constitucionalista"}]}
//! ```
//!
//! A weekday left out is closed; national holidays are always off. Both types are valid by
//! construction: deserializing parses, with one pt-BR message naming the problem.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::calendar::BusinessCalendar;
use super::policy::{LocalHoliday, MAX_LOCAL_HOLIDAYS};

/// Weekday keys of the JSON and form fields, Monday first.
pub const DAY_KEYS: [&str; 7] = [
    "segunda", "terca", "quarta", "quinta", "sexta", "sabado", "domingo",
];
/// The same days as people write them.
pub const DAY_LABELS: [&str; 7] = [
    "segunda", "terça", "quarta", "quinta", "sexta", "sábado", "domingo",
];
/// Working intervals in one day (a lunch break makes two).
pub const MAX_INTERVALS: usize = 4;
const MAX_HOLIDAY_NAME: usize = 80;

type Interval = (NaiveTime, NaiveTime);

/// Hours per weekday and whether Carnaval is off: a calendar with no local holidays.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawHours", into = "RawHours")]
pub struct OfficeHours(BusinessCalendar);

impl Default for OfficeHours {
    /// UNO's hours (DOMAIN): Monday to Friday, 08:00–12:00 and 13:30–18:00, Carnaval off.
    fn default() -> Self {
        Self(BusinessCalendar::brazil_default())
    }
}

impl OfficeHours {
    pub fn new(week: [Vec<Interval>; 7], carnival_off: bool) -> Result<Self, String> {
        if let Some(day) = week.iter().position(|d| d.len() > MAX_INTERVALS) {
            return Err(format!(
                "{}: no máximo {MAX_INTERVALS} intervalos de trabalho por dia.",
                DAY_LABELS[day]
            ));
        }
        BusinessCalendar::new(chrono_tz::America::Sao_Paulo, week, [])
            .map(|c| Self(c.with_carnival_off(carnival_off)))
            .map_err(|e| e.to_string())
    }

    pub fn calendar(&self) -> &BusinessCalendar {
        &self.0
    }

    pub fn carnival_off(&self) -> bool {
        self.0.carnival_off()
    }

    /// One day's intervals as the form shows them: "08:00-12:00, 13:30-18:00" ("" = closed).
    pub fn day_text(&self, day: usize) -> String {
        self.0.week()[day]
            .iter()
            .map(|(a, b)| format!("{}-{}", a.format("%H:%M"), b.format("%H:%M")))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Parses one day's intervals ("08:00-12:00, 13:30-18:00"; empty = closed).
    pub fn parse_day(day: usize, raw: &str) -> Result<Vec<Interval>, String> {
        raw.split([',', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| interval(DAY_LABELS[day], s))
            .collect()
    }

    /// The hours in words: "segunda a sexta, das 08:00 às 12:00 e das 13:30 às 18:00".
    pub fn describe(&self) -> String {
        let week = self.0.week();
        let mut groups: Vec<(usize, usize)> = Vec::new();
        for day in 0..7 {
            match groups.last_mut() {
                Some((_, end)) if *end + 1 == day && week[*end] == week[day] => *end = day,
                _ => groups.push((day, day)),
            }
        }
        groups
            .into_iter()
            .filter(|(start, _)| !week[*start].is_empty())
            .map(|(start, end)| {
                let days = match end - start {
                    0 => DAY_LABELS[start].to_owned(),
                    1 => format!("{} e {}", DAY_LABELS[start], DAY_LABELS[end]),
                    _ => format!("{} a {}", DAY_LABELS[start], DAY_LABELS[end]),
                };
                let hours = week[start]
                    .iter()
                    .map(|(a, b)| format!("das {} às {}", a.format("%H:%M"), b.format("%H:%M")))
                    .collect::<Vec<_>>()
                    .join(" e ");
                format!("{days}, {hours}")
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// The coordinator's form: `horario_segunda` … `horario_domingo` ("08:00-12:00,
/// 13:30-18:00"; empty = closed) and `carnaval` (checked = a day off).
impl OfficeHours {
    pub fn field(day: usize) -> String {
        format!("horario_{}", DAY_KEYS[day])
    }

    pub fn to_fields(&self, f: &mut std::collections::HashMap<String, String>) {
        for day in 0..7 {
            f.insert(Self::field(day), self.day_text(day));
        }
        if self.carnival_off() {
            f.insert("carnaval".into(), "on".into());
        }
    }

    /// Every problem, one line each.
    pub fn from_fields<'a>(get: &dyn Fn(&str) -> &'a str) -> Result<Self, Vec<String>> {
        let mut week: [Vec<Interval>; 7] = Default::default();
        let mut problems = Vec::new();
        for (day, slot) in week.iter_mut().enumerate() {
            match Self::parse_day(day, get(&Self::field(day))) {
                Ok(v) => *slot = v,
                Err(e) => problems.push(e),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Self::new(week, matches!(get("carnaval"), "on" | "true" | "sim")).map_err(|e| vec![e])
    }
}

/// "08:00-12:00" (or with an en dash) → the interval, named after `day` when wrong.
fn interval(day: &str, raw: &str) -> Result<Interval, String> {
    let bad = || format!("{day}: \"{raw}\" não é um intervalo HH:MM-HH:MM, ex.: 08:00-12:00.");
    let (a, b) = raw.split_once(['-', '–']).ok_or_else(bad)?;
    let t = |s: &str| NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| bad());
    Ok((t(a)?, t(b)?))
}

/// "terça-feira", "Sábado", "terca" → the weekday index.
fn day_index(raw: &str) -> Result<usize, String> {
    let key: String = raw
        .trim()
        .to_lowercase()
        .trim_end_matches("-feira")
        .chars()
        .map(|c| match c {
            'ç' => 'c',
            'á' => 'a',
            other => other,
        })
        .collect();
    DAY_KEYS.iter().position(|d| *d == key).ok_or_else(|| {
        format!("Dia da semana desconhecido: \"{raw}\". Use segunda, terça, quarta, quinta, sexta, sábado ou domingo.")
    })
}

fn yes() -> bool {
    true
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHours {
    horario: BTreeMap<String, Vec<String>>,
    #[serde(default = "yes")]
    carnaval: bool,
}

fn parse_week(raw: &BTreeMap<String, Vec<String>>) -> Result<[Vec<Interval>; 7], String> {
    let mut week: [Vec<Interval>; 7] = Default::default();
    for (name, intervals) in raw {
        let day = day_index(name)?;
        week[day] = intervals
            .iter()
            .map(|s| interval(DAY_LABELS[day], s))
            .collect::<Result<_, _>>()?;
    }
    Ok(week)
}

fn raw_week(hours: &OfficeHours) -> BTreeMap<String, Vec<String>> {
    (0..7)
        .filter(|d| !hours.0.week()[*d].is_empty())
        .map(|d| {
            let day = hours.day_text(d);
            (
                DAY_KEYS[d].to_owned(),
                day.split(", ").map(str::to_owned).collect(),
            )
        })
        .collect()
}

impl TryFrom<RawHours> for OfficeHours {
    type Error = String;
    fn try_from(raw: RawHours) -> Result<Self, String> {
        Self::new(parse_week(&raw.horario)?, raw.carnaval)
    }
}

impl From<OfficeHours> for RawHours {
    fn from(h: OfficeHours) -> Self {
        Self {
            horario: raw_week(&h),
            carnaval: h.carnival_off(),
        }
    }
}

/// The hours and the office's holidays: everything a deadline is counted in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawSpec", into = "RawSpec")]
pub struct CalendarSpec {
    hours: OfficeHours,
    holidays: Vec<LocalHoliday>,
    /// Built once from the two above.
    calendar: BusinessCalendar,
}

impl Default for CalendarSpec {
    fn default() -> Self {
        Self::new(OfficeHours::default(), Vec::new())
    }
}

impl CalendarSpec {
    /// From parts already checked (the coordinator's form checks the holidays).
    pub fn new(hours: OfficeHours, holidays: Vec<LocalHoliday>) -> Self {
        let calendar = hours
            .calendar()
            .clone()
            .with_extra_holidays(holidays.iter().map(|h| h.date));
        Self {
            hours,
            holidays,
            calendar,
        }
    }

    /// Parses the JSON of a calendar file, naming the problem in pt-BR.
    pub fn from_json(text: &str) -> Result<Self, String> {
        serde_json::from_str(text).map_err(|e| format!("calendário inválido: {e}"))
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn hours(&self) -> &OfficeHours {
        &self.hours
    }

    pub fn holidays(&self) -> &[LocalHoliday] {
        &self.holidays
    }

    pub fn calendar(&self) -> &BusinessCalendar {
        &self.calendar
    }

    /// A short, stable name of this calendar (an occurrence's timeline names the one its
    /// deadlines run on).
    pub fn version(&self) -> String {
        super::terms::fingerprint(&self.to_json())
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHoliday {
    data: String,
    nome: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpec {
    horario: BTreeMap<String, Vec<String>>,
    #[serde(default = "yes")]
    carnaval: bool,
    #[serde(default)]
    feriados: Vec<RawHoliday>,
}

impl TryFrom<RawSpec> for CalendarSpec {
    type Error = String;
    fn try_from(raw: RawSpec) -> Result<Self, String> {
        let hours = OfficeHours::new(parse_week(&raw.horario)?, raw.carnaval)?;
        if raw.feriados.len() > MAX_LOCAL_HOLIDAYS {
            return Err(format!("No máximo {MAX_LOCAL_HOLIDAYS} feriados locais."));
        }
        let holidays = raw
            .feriados
            .into_iter()
            .map(|h| {
                let date = NaiveDate::parse_from_str(h.data.trim(), "%Y-%m-%d")
                    .or_else(|_| NaiveDate::parse_from_str(h.data.trim(), "%d/%m/%Y"))
                    .map_err(|_| {
                        format!(
                            "Feriado \"{}\": data inválida (use aaaa-mm-dd ou dd/mm/aaaa).",
                            h.data
                        )
                    })?;
                let name = h.nome.trim();
                if name.is_empty() || name.chars().count() > MAX_HOLIDAY_NAME {
                    return Err(format!(
                        "Feriado de {}: informe um nome de até {MAX_HOLIDAY_NAME} caracteres.",
                        date.format("%d/%m/%Y")
                    ));
                }
                Ok(LocalHoliday {
                    date,
                    name: name.to_owned(),
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(Self::new(hours, holidays))
    }
}

impl From<CalendarSpec> for RawSpec {
    fn from(s: CalendarSpec) -> Self {
        Self {
            horario: raw_week(&s.hours),
            carnaval: s.hours.carnival_off(),
            feriados: s
                .holidays
                .into_iter()
                .map(|h| RawHoliday {
                    data: h.date.format("%Y-%m-%d").to_string(),
                    nome: h.name,
                })
                .collect(),
        }
    }
}

/// The office that serves every company today (one calendar for all).
pub const OFFICE: &str = "S.O.E.";

/// Fills the calendar placeholders of a Level 0 text, so customer-facing articles read the
/// calendar instead of repeating it: `{{horario}}`, `{{carnaval}}`, `{{escritorio}}`.
pub fn fill_placeholders(text: &str, hours: &OfficeHours) -> String {
    if !text.contains("{{") {
        return text.to_owned();
    }
    let carnival = if hours.carnival_off() {
        "O Carnaval (segunda e terça), ponto facultativo, não tem atendimento e não conta"
    } else {
        "O Carnaval (segunda e terça), ponto facultativo, é dia de atendimento e conta normalmente"
    };
    text.replace("{{horario}}", &hours.describe())
        .replace("{{carnaval}}", carnival)
        .replace("{{escritorio}}", OFFICE)
}

/// State holidays of São Paulo the coordinator may add (offered, never imposed): the next
/// 9 July on or after `today`.
pub fn sao_paulo_suggestions(today: NaiveDate) -> Vec<LocalHoliday> {
    let this_year = NaiveDate::from_ymd_opt(today.year(), 7, 9);
    let date = match this_year {
        Some(d) if d >= today => Some(d),
        _ => NaiveDate::from_ymd_opt(today.year() + 1, 7, 9),
    };
    date.map(|date| LocalHoliday {
        date,
        name: "Revolução Constitucionalista (feriado estadual de SP)".to_owned(),
    })
    .into_iter()
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_default_round_trips_through_json_and_describes_uno_hours() {
        let spec = CalendarSpec::default();
        assert_eq!(spec.calendar(), &BusinessCalendar::brazil_default());
        let json = spec.to_json();
        assert_eq!(CalendarSpec::from_json(&json), Ok(spec.clone()));
        assert_eq!(
            spec.hours().describe(),
            "segunda a sexta, das 08:00 às 12:00 e das 13:30 às 18:00"
        );
    }

    #[test]
    fn a_file_with_accents_saturday_and_a_holiday_parses() {
        let spec = CalendarSpec::from_json(
            r#"{"horario": {"Segunda-feira": ["09:00-17:00"], "terça": ["09:00–17:00"],
                "sábado": ["08:00-12:00"]},
               "carnaval": false,
               "feriados": [{"data": "2026-07-09", "nome": "Revolução Constitucionalista"}]}"#,
        )
        .unwrap();
        let cal = spec.calendar();
        assert!(cal.is_business_day(d(2026, 12, 5)), "a Saturday");
        assert!(!cal.is_business_day(d(2026, 12, 2)), "Wednesday is closed");
        assert!(!cal.is_business_day(d(2026, 7, 9)), "the local holiday");
        assert!(
            cal.is_business_day(d(2026, 2, 17)),
            "Carnaval Tuesday is worked"
        );
        assert_eq!(
            spec.hours().describe(),
            "segunda e terça, das 09:00 às 17:00; sábado, das 08:00 às 12:00"
        );
        let at = chrono_tz::America::Sao_Paulo
            .with_ymd_and_hms(2026, 12, 5, 11, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        // Saturday 11:00 + 2 h: 1 h Saturday, then Monday 09:00 + 1 h.
        let due = cal.add(at, 120, &[]).unwrap();
        assert_eq!(
            due.with_timezone(&chrono_tz::America::Sao_Paulo)
                .format("%d/%m %H:%M")
                .to_string(),
            "07/12 10:00"
        );
    }

    #[test]
    fn every_problem_is_named_in_portuguese() {
        let cases = [
            (r#"{"horario": {"segunda": ["8h-12h"]}}"#, "HH:MM-HH:MM"),
            (
                r#"{"horario": {"sabbath": ["08:00-12:00"]}}"#,
                "Dia da semana desconhecido",
            ),
            (r#"{"horario": {"segunda": ["12:00-08:00"]}}"#, "em ordem"),
            (r#"{"horario": {}}"#, "ao menos um horário"),
            (
                r#"{"horario": {"segunda": ["08:00-12:00"]}, "feriados": [{"data": "2026-13-01", "nome": "X"}]}"#,
                "data inválida",
            ),
            (
                r#"{"horario": {"segunda": ["08:00-12:00"]}, "feriados": [{"data": "2026-07-09", "nome": " "}]}"#,
                "informe um nome",
            ),
            (r#"{"horas": {}}"#, "unknown field"),
            ("not json", "calendário inválido"),
        ];
        for (json, expected) in cases {
            let err = CalendarSpec::from_json(json).unwrap_err();
            assert!(err.contains(expected), "{json}: {err}");
        }
    }

    #[test]
    fn the_version_changes_with_hours_or_holidays() {
        let uno = CalendarSpec::default();
        let with_holiday = CalendarSpec::new(
            OfficeHours::default(),
            sao_paulo_suggestions(d(2026, 12, 4)),
        );
        assert_ne!(uno.version(), with_holiday.version());
        assert_eq!(uno.version(), CalendarSpec::default().version());
        assert_eq!(with_holiday.holidays()[0].date, d(2027, 7, 9));
        assert_eq!(sao_paulo_suggestions(d(2027, 7, 9))[0].date, d(2027, 7, 9));
    }

    #[test]
    fn articles_read_the_hours_from_the_calendar() {
        let text = "Atendimento: {{horario}}. {{carnaval}}. Escritório {{escritorio}}.";
        let uno = fill_placeholders(text, &OfficeHours::default());
        assert!(
            uno.starts_with("Atendimento: segunda a sexta, das 08:00 às 12:00"),
            "{uno}"
        );
        assert!(
            uno.contains("não tem atendimento") && uno.contains("Escritório S.O.E."),
            "{uno}"
        );
        let mut week: [Vec<Interval>; 7] = Default::default();
        week[0] = OfficeHours::parse_day(0, "09:00-17:00").unwrap();
        let monday = fill_placeholders(text, &OfficeHours::new(week, false).unwrap());
        assert!(
            monday.starts_with("Atendimento: segunda, das 09:00 às 17:00."),
            "{monday}"
        );
        assert!(monday.contains("é dia de atendimento"), "{monday}");
        assert_eq!(
            fill_placeholders("sem marcas", &OfficeHours::default()),
            "sem marcas"
        );
    }

    #[test]
    fn a_form_day_parses_lists_and_closed_days() {
        assert_eq!(OfficeHours::parse_day(5, "  "), Ok(vec![]));
        let two = OfficeHours::parse_day(0, "08:00-12:00; 13:30-18:00").unwrap();
        assert_eq!(two.len(), 2);
        assert!(
            OfficeHours::parse_day(0, "08:00")
                .unwrap_err()
                .starts_with("segunda")
        );
        let five = vec![two[0]; 5];
        let mut week: [Vec<Interval>; 7] = Default::default();
        week[0] = five;
        assert!(
            OfficeHours::new(week, true)
                .unwrap_err()
                .contains("no máximo")
        );
    }
}
