//! The coordinator's SLA form as fields (`vip_critica_primeira`, `aviso`, `feriados`,
//! `horario_segunda`…): the policy written into them and parsed back, every problem named.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::super::calendar_spec::OfficeHours;
use super::super::{Criticality, SlaPlan, Targets};
use super::{
    DIRECTED_WAIT_RANGE, FirstResponseRule, LocalHoliday, MAX_LOCAL_HOLIDAYS, MAX_TARGET_HOURS,
    Penalty, SlaPolicy, default_directed_wait,
};

impl SlaPolicy {
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
        self.hours.to_fields(&mut f);
        f.insert("feriados".into(), holidays_text(&self.local_holidays));
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
        let hours = OfficeHours::from_fields(&get).unwrap_or_else(|mut e| {
            problems.append(&mut e);
            OfficeHours::default()
        });
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
            hours,
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

/// The holidays as the form shows them: one per line, `dd/mm/aaaa Nome`.
pub fn holidays_text(holidays: &[LocalHoliday]) -> String {
    holidays
        .iter()
        .map(|h| format!("{} {}", h.date.format("%d/%m/%Y"), h.name))
        .collect::<Vec<_>>()
        .join("\n")
}

/// One holiday per line: `dd/mm/aaaa Nome` (or `aaaa-mm-dd Nome`).
pub fn parse_holidays(raw: &str) -> Result<Vec<LocalHoliday>, Vec<String>> {
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
