//! The SLA rules the coordinator edits: targets per plan × criticality, which states pause
//! the clock, what counts as the first response, when to warn, the office's local
//! holidays and the penalty per plan. Shipped defaults are DOMAIN's table; a policy can
//! only be built valid ([`SlaPolicy::from_fields`] parses the coordinator's form, with one
//! pt-BR message per problem).

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Criticality, SlaPlan, Targets, default_targets};

/// What counts as the first response.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FirstResponseRule {
    /// The first public reply of an analyst (default).
    PublicReply,
    /// The first public reply or the take, whichever comes first.
    ReplyOrTake,
}

impl FirstResponseRule {
    pub fn slug(self) -> &'static str {
        match self {
            Self::PublicReply => "resposta",
            Self::ReplyOrTake => "assumir",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::PublicReply => "a primeira resposta pública do analista",
            Self::ReplyOrTake => {
                "a primeira resposta pública ou o momento em que a ocorrência é assumida"
            }
        }
    }
}

/// A holiday of the office (state or city), besides the national ones.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalHoliday {
    pub date: NaiveDate,
    pub name: String,
}

/// The penalty of a plan, in basis points (1/100 of a percent) of the monthly fee.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Penalty {
    /// Per breached solution deadline (first-response breaches count half).
    pub per_breach_bp: u32,
    /// At most this much in one month.
    pub monthly_cap_bp: u32,
}

/// The rules in force. Fields are private: a policy is built valid or not at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaPolicy {
    /// `[plan][criticality]` in `SlaPlan::ALL` × `Criticality::ALL` order.
    targets: [[Targets; 4]; 3],
    pause_version: bool,
    first_response: FirstResponseRule,
    warning_percent: u8,
    local_holidays: Vec<LocalHoliday>,
    penalties: [Penalty; 3],
    /// How long (business minutes) a case directed to an available analyst stays theirs
    /// before it falls to the pool. Absent from rules saved before it existed.
    #[serde(default = "default_directed_wait")]
    directed_wait_minutes: u32,
}

fn default_directed_wait() -> u32 {
    crate::domain::occurrences::directed::WAIT_MINUTES
}

/// The directed analyst's wait: from five minutes to about two weeks of business time.
pub const DIRECTED_WAIT_RANGE: std::ops::RangeInclusive<u32> = 5..=6000;

fn plan_index(plan: SlaPlan) -> usize {
    SlaPlan::ALL.iter().position(|p| *p == plan).unwrap_or(0)
}

fn criticality_index(c: Criticality) -> usize {
    Criticality::ALL.iter().position(|x| *x == c).unwrap_or(0)
}

impl Default for SlaPolicy {
    /// DOMAIN's defaults: the table, "aguardando versão" pausing, first public reply,
    /// warning at 80 %, no local holidays, VIP 5 % / Ouro 3 % / Prata 2 % capped at 20 %.
    fn default() -> Self {
        let penalty = |percent: u32| Penalty {
            per_breach_bp: percent * 100,
            monthly_cap_bp: 2000,
        };
        Self {
            targets: SlaPlan::ALL.map(|p| Criticality::ALL.map(|c| default_targets(p, c))),
            pause_version: true,
            first_response: FirstResponseRule::PublicReply,
            warning_percent: 80,
            local_holidays: Vec::new(),
            penalties: SlaPlan::ALL.map(|p| {
                penalty(match p {
                    SlaPlan::Vip => 5,
                    SlaPlan::Ouro => 3,
                    SlaPlan::Prata => 2,
                })
            }),
            directed_wait_minutes: default_directed_wait(),
        }
    }
}

/// What a customer (or a visitor of the plans page) may know of a plan's rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRules {
    pub plan: SlaPlan,
    pub table: Vec<(Criticality, Targets)>,
    pub first_response: FirstResponseRule,
    pub pause_version: bool,
    pub local_holidays: Vec<LocalHoliday>,
    /// The credit a breach gives the customer (`Penalty::rule_text`).
    pub penalty: Penalty,
}

impl PlanRules {
    pub fn targets(&self, c: Criticality) -> Targets {
        self.table
            .iter()
            .find(|(x, _)| *x == c)
            .map_or_else(|| default_targets(self.plan, c), |(_, t)| *t)
    }

    /// UNO's calendar with the office's local holidays.
    pub fn calendar(&self) -> super::calendar::BusinessCalendar {
        calendar_with(&self.local_holidays)
    }
}

/// UNO's business hours with `local` holidays added to the national ones.
fn calendar_with(local: &[LocalHoliday]) -> super::calendar::BusinessCalendar {
    super::clock::calendar()
        .clone()
        .with_extra_holidays(local.iter().map(|h| h.date))
}

/// Longest target (hours úteis): about a year of business days.
pub const MAX_TARGET_HOURS: u32 = 2000;
pub const MAX_LOCAL_HOLIDAYS: usize = 60;

impl SlaPolicy {
    pub fn targets(&self, plan: SlaPlan, c: Criticality) -> Targets {
        self.targets[plan_index(plan)][criticality_index(c)]
    }

    /// One plan's table, in criticality order.
    pub fn plan_table(&self, plan: SlaPlan) -> Vec<(Criticality, Targets)> {
        Criticality::ALL
            .into_iter()
            .map(|c| (c, self.targets(plan, c)))
            .collect()
    }

    pub fn rules(&self, plan: SlaPlan) -> PlanRules {
        PlanRules {
            plan,
            table: self.plan_table(plan),
            first_response: self.first_response,
            pause_version: self.pause_version,
            local_holidays: self.local_holidays.clone(),
            penalty: self.penalty(plan),
        }
    }

    pub fn pause_version(&self) -> bool {
        self.pause_version
    }

    pub fn first_response(&self) -> FirstResponseRule {
        self.first_response
    }

    pub fn warning_percent(&self) -> u8 {
        self.warning_percent
    }

    pub fn local_holidays(&self) -> &[LocalHoliday] {
        &self.local_holidays
    }

    /// UNO's calendar with the local holidays: what SLA deadlines and automatic closing
    /// count business time on.
    pub fn calendar(&self) -> super::calendar::BusinessCalendar {
        calendar_with(&self.local_holidays)
    }

    /// Business minutes a directed case waits for its analyst.
    pub fn directed_wait_minutes(&self) -> u32 {
        self.directed_wait_minutes
    }

    pub fn penalty(&self, plan: SlaPlan) -> Penalty {
        self.penalties[plan_index(plan)]
    }

    /// The form field names, e.g. `vip_critica_primeira` (stable: the coordinator's form and
    /// its tests use them).
    pub fn target_field(plan: SlaPlan, c: Criticality, solution: bool) -> String {
        let which = if solution { "solucao" } else { "primeira" };
        format!("{}_{}_{which}", plan.slug(), c.slug())
    }

    /// The form's values for this policy (the inverse of [`Self::from_fields`]).
    pub fn to_fields(&self) -> HashMap<String, String> {
        let mut f = HashMap::new();
        for p in SlaPlan::ALL {
            for c in Criticality::ALL {
                let t = self.targets(p, c);
                f.insert(
                    Self::target_field(p, c, false),
                    t.first_response_hours.to_string(),
                );
                f.insert(Self::target_field(p, c, true), t.solution_hours.to_string());
            }
            let pen = self.penalty(p);
            f.insert(
                format!("{}_multa", p.slug()),
                percent_text(pen.per_breach_bp),
            );
            f.insert(
                format!("{}_teto", p.slug()),
                percent_text(pen.monthly_cap_bp),
            );
        }
        if self.pause_version {
            f.insert("pausa_versao".into(), "on".into());
        }
        f.insert(
            "primeira_resposta".into(),
            self.first_response.slug().into(),
        );
        f.insert("aviso".into(), self.warning_percent.to_string());
        f.insert(
            "espera_direcionada".into(),
            self.directed_wait_minutes.to_string(),
        );
        f.insert(
            "feriados".into(),
            self.local_holidays
                .iter()
                .map(|h| format!("{} {}", h.date.format("%d/%m/%Y"), h.name))
                .collect::<Vec<_>>()
                .join("\n"),
        );
        f
    }

    /// Parses the coordinator's form. Every problem is reported (one line each), so the
    /// coordinator fixes them in one go; nothing is built unless all are fixed.
    pub fn from_fields(fields: &HashMap<String, String>) -> Result<Self, String> {
        let mut problems: Vec<String> = Vec::new();
        let get = |k: &str| fields.get(k).map(|v| v.trim()).unwrap_or("");
        let mut targets = Self::default().targets;
        for (pi, p) in SlaPlan::ALL.into_iter().enumerate() {
            for (ci, c) in Criticality::ALL.into_iter().enumerate() {
                let hours = |solution: bool, problems: &mut Vec<String>| {
                    let what = if solution {
                        "solução"
                    } else {
                        "1ª resposta"
                    };
                    let raw = get(&Self::target_field(p, c, solution));
                    match raw.parse::<u32>() {
                        Ok(h) if (1..=MAX_TARGET_HOURS).contains(&h) => Some(h),
                        _ => {
                            problems.push(format!(
                                "{} · {} · {what}: informe horas úteis inteiras de 1 a {MAX_TARGET_HOURS} (recebido \"{raw}\").",
                                p.label(),
                                c.label()
                            ));
                            None
                        }
                    }
                };
                let (Some(first), Some(solution)) =
                    (hours(false, &mut problems), hours(true, &mut problems))
                else {
                    continue;
                };
                if first > solution {
                    problems.push(format!(
                        "{} · {}: a 1ª resposta não pode vir depois da solução.",
                        p.label(),
                        c.label()
                    ));
                }
                targets[pi][ci] = Targets {
                    first_response_hours: first,
                    solution_hours: solution,
                };
            }
        }
        let first_response = match get("primeira_resposta") {
            "" | "resposta" => FirstResponseRule::PublicReply,
            "assumir" => FirstResponseRule::ReplyOrTake,
            other => {
                problems.push(format!("Regra de 1ª resposta desconhecida: \"{other}\"."));
                FirstResponseRule::PublicReply
            }
        };
        let warning_percent = match get("aviso").trim_end_matches('%').trim().parse::<u8>() {
            Ok(w) if (50..=99).contains(&w) => w,
            _ => {
                problems.push(format!(
                    "Aviso: informe uma porcentagem inteira de 50 a 99 (recebido \"{}\").",
                    get("aviso")
                ));
                80
            }
        };
        let directed_wait_minutes = match get("espera_direcionada") {
            "" => default_directed_wait(),
            raw => match raw.parse::<u32>() {
                Ok(m) if DIRECTED_WAIT_RANGE.contains(&m) => m,
                _ => {
                    problems.push(format!(
                        "Espera pelo analista direcionado: informe minutos úteis inteiros de {} a {} (recebido \"{raw}\").",
                        DIRECTED_WAIT_RANGE.start(),
                        DIRECTED_WAIT_RANGE.end()
                    ));
                    default_directed_wait()
                }
            },
        };
        let local_holidays = match parse_holidays(get("feriados")) {
            Ok(h) => h,
            Err(mut e) => {
                problems.append(&mut e);
                Vec::new()
            }
        };
        let mut penalties = Self::default().penalties;
        for (pi, p) in SlaPlan::ALL.into_iter().enumerate() {
            let mut pct = |key: &str, what: &str| {
                let raw = get(&format!("{}_{key}", p.slug()));
                parse_percent(raw).unwrap_or_else(|| {
                    problems.push(format!(
                        "{} · {what}: informe uma porcentagem de 0 a 100, como 2,5 (recebido \"{raw}\").",
                        p.label()
                    ));
                    0
                })
            };
            let per_breach_bp = pct("multa", "multa por prazo estourado");
            let monthly_cap_bp = pct("teto", "teto mensal");
            penalties[pi] = Penalty {
                per_breach_bp,
                monthly_cap_bp,
            };
        }
        if !problems.is_empty() {
            return Err(problems.join("\n"));
        }
        Ok(Self {
            targets,
            pause_version: matches!(get("pausa_versao"), "on" | "true" | "sim"),
            first_response,
            warning_percent,
            local_holidays,
            penalties,
            directed_wait_minutes,
        })
    }
}

/// "2,5" / "2.5" / "2,5 %" → 250 basis points; `None` if not a percentage 0–100 with at
/// most two decimals.
pub fn parse_percent(raw: &str) -> Option<u32> {
    let t = raw.trim().trim_end_matches('%').trim().replace(',', ".");
    let (int, frac) = t.split_once('.').unwrap_or((&t, ""));
    if int.is_empty() || frac.len() > 2 || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let int: u32 = int.parse().ok()?;
    let frac: u32 = format!("{frac:0<2}").parse().ok()?;
    let bp = int.checked_mul(100)?.checked_add(frac)?;
    (bp <= 10_000).then_some(bp)
}

/// 250 → "2,5"; 2000 → "20".
pub fn percent_text(bp: u32) -> String {
    let (int, frac) = (bp / 100, bp % 100);
    if frac == 0 {
        int.to_string()
    } else {
        format!("{int},{}", format!("{frac:02}").trim_end_matches('0'))
    }
}

/// One holiday per line: `dd/mm/aaaa Nome` (or `aaaa-mm-dd Nome`).
fn parse_holidays(raw: &str) -> Result<Vec<LocalHoliday>, Vec<String>> {
    let mut out: Vec<LocalHoliday> = Vec::new();
    let mut problems = Vec::new();
    for (n, line) in raw.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (date, name) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let name = name.trim().trim_start_matches(['-', '–']).trim();
        let parsed = NaiveDate::parse_from_str(date, "%d/%m/%Y")
            .or_else(|_| NaiveDate::parse_from_str(date, "%Y-%m-%d"));
        match parsed {
            Err(_) => problems.push(format!(
                "Feriado na linha {}: data inválida \"{date}\" (use dd/mm/aaaa seguido do nome).",
                n + 1
            )),
            Ok(d) if out.iter().any(|h| h.date == d) => problems.push(format!(
                "Feriado na linha {}: {} já está na lista.",
                n + 1,
                d.format("%d/%m/%Y")
            )),
            Ok(_) if name.is_empty() || name.chars().count() > 80 => problems.push(format!(
                "Feriado na linha {}: informe um nome de até 80 caracteres depois da data.",
                n + 1
            )),
            Ok(date) => out.push(LocalHoliday {
                date,
                name: name.to_owned(),
            }),
        }
    }
    if out.len() > MAX_LOCAL_HOLIDAYS {
        problems.push(format!(
            "No máximo {MAX_LOCAL_HOLIDAYS} feriados locais (recebidos {}).",
            out.len()
        ));
    }
    out.sort_by_key(|h| h.date);
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_survive_the_form_round_trip() {
        let p = SlaPolicy::default();
        assert_eq!(SlaPolicy::from_fields(&p.to_fields()), Ok(p.clone()));
        assert_eq!(
            p.targets(SlaPlan::Ouro, Criticality::Media).solution_hours,
            24
        );
        assert_eq!(p.penalty(SlaPlan::Vip).per_breach_bp, 500);
        assert!(p.pause_version());
        assert_eq!(p.directed_wait_minutes(), 60);
        // Rules saved before the directed wait existed read with its default.
        let mut old = serde_json::to_value(&p).unwrap();
        old.as_object_mut().unwrap().remove("directed_wait_minutes");
        let old: SlaPolicy = serde_json::from_value(old).unwrap();
        assert_eq!(old.directed_wait_minutes(), 60);
    }

    #[test]
    fn edits_are_parsed_and_every_problem_is_reported() {
        let mut f = SlaPolicy::default().to_fields();
        f.insert("vip_alta_primeira".into(), "3".into());
        f.insert("primeira_resposta".into(), "assumir".into());
        f.remove("pausa_versao");
        f.insert(
            "feriados".into(),
            "20/01/2027 São Sebastião\n2027-11-20 Consciência Negra".into(),
        );
        f.insert("prata_multa".into(), "2,5".into());
        f.insert("espera_direcionada".into(), "30".into());
        let p = SlaPolicy::from_fields(&f).unwrap();
        assert_eq!(p.directed_wait_minutes(), 30);
        assert_eq!(
            p.targets(SlaPlan::Vip, Criticality::Alta)
                .first_response_hours,
            3
        );
        assert_eq!(p.first_response(), FirstResponseRule::ReplyOrTake);
        assert!(!p.pause_version());
        assert_eq!(p.local_holidays().len(), 2);
        assert_eq!(p.penalty(SlaPlan::Prata).per_breach_bp, 250);
        assert_eq!(SlaPolicy::from_fields(&p.to_fields()), Ok(p));

        f.insert("vip_alta_primeira".into(), "20".into());
        f.insert("ouro_baixa_solucao".into(), "x".into());
        f.insert("aviso".into(), "120".into());
        f.insert("feriados".into(), "31/02/2027 Nada".into());
        f.insert("espera_direcionada".into(), "0".into());
        let err = SlaPolicy::from_fields(&f).unwrap_err();
        assert_eq!(err.lines().count(), 5, "{err}");
        assert!(err.contains("Espera pelo analista direcionado"), "{err}");
        assert!(err.contains("VIP · Alta: a 1ª resposta não pode vir depois da solução"));
    }

    #[test]
    fn percentages_in_brazilian_notation() {
        assert_eq!(parse_percent("2,5"), Some(250));
        assert_eq!(parse_percent("20 %"), Some(2000));
        assert_eq!(parse_percent("0.05"), Some(5));
        assert_eq!(parse_percent("100,01"), None);
        assert_eq!(parse_percent("1,234"), None);
        assert_eq!(parse_percent("-1"), None);
        assert_eq!(percent_text(250), "2,5");
        assert_eq!(percent_text(2000), "20");
        assert_eq!(percent_text(5), "0,05");
    }
}
