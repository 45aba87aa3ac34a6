//! The arguments of `suporte sla-deadline`, parsed into what the calendar needs, with one
//! pt-BR line naming the problem otherwise.

use chrono::{DateTime, Utc};

use super::{Criticality, SlaPlan, calendar::Pause};

#[derive(Debug, PartialEq, Eq)]
pub struct DeadlineQuery {
    pub plan: SlaPlan,
    pub criticality: Criticality,
    pub opened: DateTime<Utc>,
    pub pauses: Vec<Pause>,
    /// A calendar file (JSON of `CalendarSpec`); absent = UNO's default calendar.
    pub calendar: Option<String>,
}

pub const USAGE: &str = "uso: suporte sla-deadline --plan prata|ouro|vip --criticality critica|alta|media|baixa --opened 2026-12-01T09:00:00-03:00 [--pause INÍCIO/FIM]… [--calendar ARQUIVO.json]";

fn instant(raw: &str, what: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(raw.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            format!(
                "{what} \"{raw}\" não é uma data e hora RFC 3339, ex.: 2026-12-01T09:00:00-03:00"
            )
        })
}

impl DeadlineQuery {
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let (mut plan, mut criticality, mut opened, mut pauses) = (None, None, None, Vec::new());
        let mut calendar = None;
        let mut it = args.iter();
        while let Some(flag) = it.next() {
            let (name, inline) = match flag.split_once('=') {
                Some((n, v)) => (n, Some(v.to_owned())),
                None => (flag.as_str(), None),
            };
            let mut value = || {
                inline
                    .clone()
                    .or_else(|| it.next().cloned())
                    .ok_or_else(|| format!("{name} precisa de um valor. {USAGE}"))
            };
            match name {
                "--plan" => plan = Some(SlaPlan::parse(&value()?)?),
                "--criticality" => criticality = Some(Criticality::parse(&value()?)?),
                "--opened" => opened = Some(instant(&value()?, "--opened")?),
                "--pause" => {
                    let raw = value()?;
                    let (from, to) = raw.split_once('/').ok_or_else(|| {
                        format!("--pause \"{raw}\": use INÍCIO/FIM, ex.: 2026-12-01T10:00:00-03:00/2026-12-01T11:00:00-03:00")
                    })?;
                    let (from, to) = (instant(from, "--pause")?, instant(to, "--pause")?);
                    if to <= from {
                        return Err(format!(
                            "--pause \"{raw}\": o fim precisa ser depois do início"
                        ));
                    }
                    pauses.push(Pause { from, to: Some(to) });
                }
                "--calendar" => calendar = Some(value()?),
                other => return Err(format!("opção desconhecida \"{other}\". {USAGE}")),
            }
        }
        Ok(Self {
            plan: plan.ok_or_else(|| format!("falta --plan. {USAGE}"))?,
            criticality: criticality.ok_or_else(|| format!("falta --criticality. {USAGE}"))?,
            opened: opened.ok_or_else(|| format!("falta --opened. {USAGE}"))?,
            pauses,
            calendar,
        })
    }
}
