//! The coordinator's dashboard (issue 19 item 5) as data: the backlog now by state and
//! level, the oldest open cases, the last 12 weeks opened by module, phone vs Extranet
//! volumes and first-response times, "isto resolveu" per month, and this month's SLA
//! compliance. Built here from rows the server reads in bounded windows (open cases
//! grouped by state; the 12 weeks by the opening index), so every figure is tested
//! without a database and the page, its charts and the CSV agree.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::chart::{Bar, BarChart};
use crate::domain::content::ErpModule;
use crate::domain::occurrences::State;
use crate::domain::sla::report::{ReportLine, Tally, minutes_text};
use crate::domain::time::{month_label, to_local};

/// Weeks of openings shown (the current one included).
pub const WEEKS: i64 = 12;
/// Oldest open cases listed.
pub const OLDEST: usize = 10;

/// Who holds the open cases of a state: the queue, N1, N2, Desenvolvimento or another area.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Level {
    Queue,
    N1,
    N2,
    Development,
    OtherArea,
}

impl Level {
    pub fn of(state: State) -> Self {
        match state {
            State::Aberta => Self::Queue,
            State::EscaladaN2 => Self::N2,
            State::EmDesenvolvimento | State::AguardandoAprovacao | State::AguardandoVersao => {
                Self::Development
            }
            State::Encaminhada => Self::OtherArea,
            _ => Self::N1,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Queue => "Fila (ninguém assumiu)",
            Self::N1 => "N1",
            Self::N2 => "N2",
            Self::Development => "Desenvolvimento",
            Self::OtherArea => "Outras áreas",
        }
    }
}

/// States that are support's backlog: everything not resolved or closed.
pub fn backlog_states() -> Vec<State> {
    State::ALL
        .into_iter()
        .filter(|s| !matches!(s, State::Resolvida | State::Encerrada))
        .collect()
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OldCase {
    pub number: String,
    pub title: String,
    pub company_name: String,
    pub state: State,
    pub opened_at: DateTime<Utc>,
}

/// Occurrences opened in one week (Monday, Brasília), in total and per module.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Week {
    pub monday: NaiveDate,
    pub total: u32,
    pub by_module: Vec<(ErpModule, u32)>,
}

/// One channel over the 12 weeks: how many opened, how many answered, and the median
/// business time to the first response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChannelFigures {
    pub phone: bool,
    pub opened: u32,
    pub answered: u32,
    pub median_first_response_minutes: Option<i64>,
}

impl ChannelFigures {
    pub fn label(&self) -> &'static str {
        if self.phone { "Telefone" } else { "Extranet" }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub at: DateTime<Utc>,
    /// Open cases per state (backlog states only, those with none left out).
    pub backlog: Vec<(State, u32)>,
    pub oldest: Vec<OldCase>,
    pub weeks: Vec<Week>,
    pub channels: Vec<ChannelFigures>,
    /// "Isto resolveu" per month (`aaaa-mm`), oldest first.
    pub deflections: Vec<(String, u32)>,
    /// Deadlines of the occurrences opened this month: met, breached, running.
    pub sla_month: Tally,
}

/// The Monday (Brasília) of the week holding `at`.
pub fn monday_of(at: DateTime<Utc>) -> NaiveDate {
    let day = to_local(at).date_naive();
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// Where the 12-week window starts: Monday 00:00 (Brasília) eleven weeks before this one.
pub fn window_start(now: DateTime<Utc>) -> DateTime<Utc> {
    let monday = monday_of(now) - Duration::weeks(WEEKS - 1);
    monday
        .and_hms_opt(0, 0, 0)
        .and_then(|t| {
            t.and_local_timezone(crate::domain::time::sao_paulo())
                .single()
        })
        .map_or(now, |t| t.with_timezone(&Utc))
}

fn median(mut v: Vec<i64>) -> Option<i64> {
    v.sort_unstable();
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some((v[n / 2 - 1] + v[n / 2]) / 2),
    }
}

impl Dashboard {
    /// `lines`: the occurrences opened since [`window_start`], judged (the SLA report's
    /// lines); `backlog` and `oldest` as read; `deflections` per month.
    pub fn build<'a>(
        now: DateTime<Utc>,
        backlog: Vec<(State, u32)>,
        oldest: Vec<OldCase>,
        lines: impl IntoIterator<Item = &'a ReportLine>,
        deflections: Vec<(String, u32)>,
    ) -> Self {
        let first = monday_of(window_start(now));
        let mut weeks: BTreeMap<NaiveDate, BTreeMap<usize, u32>> = (0..WEEKS)
            .map(|i| (first + Duration::weeks(i), BTreeMap::new()))
            .collect();
        let mut first_response: [Vec<i64>; 2] = [Vec::new(), Vec::new()];
        let mut opened = [0u32; 2];
        let this_month = crate::domain::time::month_key(now);
        let month_now = {
            let d = to_local(now);
            (d.year(), d.month())
        };
        let mut sla_month = Tally {
            label: month_label(&this_month),
            ..Tally::default()
        };
        for l in lines {
            // One time-zone conversion per line (this runs over twelve weeks of cases).
            let day = to_local(l.opened_at).date_naive();
            let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
            if let Some(week) = weeks.get_mut(&monday) {
                let module = ErpModule::ALL
                    .iter()
                    .position(|m| *m == l.about.module)
                    .unwrap_or(0);
                *week.entry(module).or_default() += 1;
            }
            let channel = usize::from(l.about.phone);
            opened[channel] += 1;
            if let Some(m) = l.first_response_minutes {
                first_response[channel].push(m);
            }
            if (day.year(), day.month()) == month_now {
                sla_month.count(l.first_response);
                sla_month.count(l.solution);
            }
        }
        let [extranet, phone] = first_response;
        let channels = [(false, extranet), (true, phone)]
            .into_iter()
            .map(|(is_phone, times)| ChannelFigures {
                phone: is_phone,
                opened: opened[usize::from(is_phone)],
                answered: u32::try_from(times.len()).unwrap_or(u32::MAX),
                median_first_response_minutes: median(times),
            })
            .collect();
        let weeks = weeks
            .into_iter()
            .map(|(monday, modules)| Week {
                monday,
                total: modules.values().sum(),
                by_module: modules
                    .into_iter()
                    .map(|(i, n)| (ErpModule::ALL[i], n))
                    .collect(),
            })
            .collect();
        let mut backlog: Vec<(State, u32)> = backlog.into_iter().filter(|(_, n)| *n > 0).collect();
        backlog.sort_by_key(|(s, _)| State::ALL.iter().position(|x| x == s));
        Self {
            at: now,
            backlog,
            oldest,
            weeks,
            channels,
            deflections,
            sla_month,
        }
    }

    /// Open cases per level, in level order.
    pub fn by_level(&self) -> Vec<(Level, u32)> {
        let mut levels: BTreeMap<Level, u32> = BTreeMap::new();
        for (s, n) in &self.backlog {
            *levels.entry(Level::of(*s)).or_default() += n;
        }
        levels.into_iter().collect()
    }

    pub fn open_total(&self) -> u32 {
        self.backlog.iter().map(|(_, n)| n).sum()
    }

    /// Every chart: (series, what it shows, the chart).
    pub fn charts(&self) -> Vec<(&'static str, &'static str, BarChart)> {
        let count = |label: String, n: u32| Bar {
            label,
            value: f64::from(n),
            text: n.to_string(),
        };
        let backlog = self
            .backlog
            .iter()
            .map(|(s, n)| count(s.label().to_owned(), *n))
            .collect();
        let weeks = self
            .weeks
            .iter()
            .map(|w| count(format!("semana de {}", w.monday.format("%d/%m")), w.total))
            .collect();
        let channels = self
            .channels
            .iter()
            .map(|c| count(c.label().to_owned(), c.opened))
            .collect();
        let response = self
            .channels
            .iter()
            .filter_map(|c| {
                c.median_first_response_minutes.map(|m| Bar {
                    label: c.label().to_owned(),
                    value: m as f64,
                    text: minutes_text(m),
                })
            })
            .collect();
        let deflections = self
            .deflections
            .iter()
            .map(|(m, n)| count(month_label(m), *n))
            .collect();
        vec![
            (
                "backlog",
                "ocorrências abertas por estado",
                BarChart::fitted("backlog", "ocorrências", 1.0, backlog),
            ),
            (
                "semanas",
                "ocorrências abertas por semana",
                BarChart::fitted("semanas", "ocorrências", 1.0, weeks),
            ),
            (
                "canais",
                "ocorrências por canal em 12 semanas",
                BarChart::fitted("canais", "ocorrências", 1.0, channels),
            ),
            (
                "resposta",
                "mediana da 1ª resposta por canal",
                BarChart::fitted("resposta", "minutos úteis", 1.0, response),
            ),
            (
                "autoatendimento",
                "\"isto resolveu\" por mês",
                BarChart::fitted("autoatendimento", "pessoas", 1.0, deflections),
            ),
        ]
    }

    /// The figures of one series as CSV (`None` for an unknown series).
    pub fn csv(&self, series: &str) -> Option<String> {
        use crate::domain::csv::line;
        let mut out = String::new();
        match series {
            "backlog" => {
                out.push_str(&line(&["estado", "nivel", "ocorrencias"]));
                for (s, n) in &self.backlog {
                    out.push_str(&line(&[s.label(), Level::of(*s).label(), &n.to_string()]));
                }
            }
            "antigas" => {
                out.push_str(&line(&[
                    "numero",
                    "titulo",
                    "empresa",
                    "estado",
                    "aberta_em",
                ]));
                for c in &self.oldest {
                    let opened = crate::domain::time::format_date_time(c.opened_at);
                    out.push_str(&line(&[
                        &c.number,
                        &c.title,
                        &c.company_name,
                        c.state.label(),
                        &opened,
                    ]));
                }
            }
            "semanas" => {
                let mut header = vec!["semana".to_owned(), "total".to_owned()];
                header.extend(ErpModule::ALL.iter().map(|m| m.slug().to_owned()));
                out.push_str(&line(&header));
                for w in &self.weeks {
                    let mut cells =
                        vec![w.monday.format("%d/%m/%Y").to_string(), w.total.to_string()];
                    cells.extend(ErpModule::ALL.iter().map(|m| {
                        w.by_module
                            .iter()
                            .find(|(x, _)| x == m)
                            .map_or(0, |(_, n)| *n)
                            .to_string()
                    }));
                    out.push_str(&line(&cells));
                }
            }
            "canais" | "resposta" => {
                out.push_str(&line(&[
                    "canal",
                    "abertas",
                    "respondidas",
                    "mediana_1a_resposta_min_uteis",
                ]));
                for c in &self.channels {
                    let median = c
                        .median_first_response_minutes
                        .map(|m| m.to_string())
                        .unwrap_or_default();
                    out.push_str(&line(&[
                        c.label(),
                        &c.opened.to_string(),
                        &c.answered.to_string(),
                        &median,
                    ]));
                }
            }
            "autoatendimento" => {
                out.push_str(&line(&["mes", "isto_resolveu"]));
                for (m, n) in &self.deflections {
                    out.push_str(&line(&[m.as_str(), &n.to_string()]));
                }
            }
            "sla" => {
                let t = &self.sla_month;
                out.push_str(&line(&["mes", "cumpridos", "estourados", "em_andamento"]));
                out.push_str(&line(&[
                    t.label.clone(),
                    t.met.to_string(),
                    t.breached.to_string(),
                    t.pending.to_string(),
                ]));
            }
            _ => return None,
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sla::report::{Outcome, Subject, Verdict};
    use crate::domain::sla::{Criticality, SlaPlan};
    use chrono::TimeZone;

    fn at(m: u32, d: u32, h: u32) -> DateTime<Utc> {
        crate::domain::time::sao_paulo()
            .with_ymd_and_hms(2026, m, d, h, 0, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn line(
        opened: DateTime<Utc>,
        module: ErpModule,
        phone: bool,
        answer: Option<i64>,
        met: bool,
    ) -> ReportLine {
        let verdict = |ok: bool| Verdict {
            outcome: if ok { Outcome::Met } else { Outcome::Breached },
            deadline: None,
        };
        ReportLine {
            about: Subject {
                number: "2026/000001".into(),
                title: "T".into(),
                company_id: "c".into(),
                company_name: "C".into(),
                plan: SlaPlan::Ouro,
                criticality: Criticality::Alta,
                module,
                analyst: None,
                phone,
                monthly_fee_cents: None,
                penalty: None,
            },
            opened_at: opened,
            first_response: verdict(met),
            solution: verdict(true),
            first_response_minutes: answer,
        }
    }

    #[test]
    fn twelve_weeks_from_monday_with_modules_channels_and_this_months_sla() {
        // Friday 04/12/2026: the window starts Monday 14/09/2026 00:00 (Brasília).
        let now = at(12, 4, 10);
        assert_eq!(window_start(now), at(9, 14, 0));
        let lines = [
            line(at(9, 14, 0), ErpModule::Fiscal, false, Some(30), true),
            line(at(12, 1, 9), ErpModule::Fiscal, false, Some(90), true),
            line(at(12, 3, 9), ErpModule::Estoque, true, Some(10), false),
            line(at(12, 4, 9), ErpModule::Estoque, true, None, true),
        ];
        let d = Dashboard::build(now, vec![], vec![], &lines, vec![]);
        assert_eq!(d.weeks.len(), 12);
        assert_eq!(
            d.weeks[0].monday,
            NaiveDate::from_ymd_opt(2026, 9, 14).unwrap()
        );
        assert_eq!((d.weeks[0].total, d.weeks[11].total), (1, 3));
        assert_eq!(
            d.weeks[11].by_module,
            vec![(ErpModule::Fiscal, 1), (ErpModule::Estoque, 2)]
        );
        let [extranet, phone] = [&d.channels[0], &d.channels[1]];
        assert_eq!(
            (
                extranet.opened,
                extranet.answered,
                extranet.median_first_response_minutes
            ),
            (2, 2, Some(60))
        );
        assert_eq!(
            (
                phone.opened,
                phone.answered,
                phone.median_first_response_minutes
            ),
            (2, 1, Some(10))
        );
        // December's three cases, two deadlines each: one first response breached.
        assert_eq!((d.sla_month.met, d.sla_month.breached), (5, 1));
        assert_eq!(d.sla_month.label, "12/2026");
    }

    #[test]
    fn backlog_by_state_and_level_charts_and_csv() {
        let now = at(12, 4, 10);
        let d = Dashboard::build(
            now,
            vec![
                (State::EscaladaN2, 2),
                (State::Aberta, 3),
                (State::EmAtendimento, 0),
                (State::Encaminhada, 1),
            ],
            vec![OldCase {
                number: "2026/000007".into(),
                title: "=SOMA(1)".into(),
                company_name: "Metalúrgica".into(),
                state: State::Aberta,
                opened_at: at(1, 5, 9),
            }],
            &[],
            vec![("2026-11".into(), 4), ("2026-12".into(), 1)],
        );
        assert_eq!(
            d.backlog,
            vec![
                (State::Aberta, 3),
                (State::EscaladaN2, 2),
                (State::Encaminhada, 1)
            ]
        );
        assert_eq!(d.open_total(), 6);
        assert_eq!(
            d.by_level(),
            vec![(Level::Queue, 3), (Level::N2, 2), (Level::OtherArea, 1)]
        );
        let charts = d.charts();
        let series: Vec<_> = charts.iter().map(|(s, _, _)| *s).collect();
        assert_eq!(
            series,
            [
                "backlog",
                "semanas",
                "canais",
                "resposta",
                "autoatendimento"
            ]
        );
        assert_eq!(charts[0].2.bars.len(), 3);
        assert!(charts[3].2.is_empty(), "no answered case, no response bar");
        let csv = d.csv("antigas").unwrap();
        assert!(csv.contains("\"'=SOMA(1)\""), "formula neutralised: {csv}");
        assert!(
            d.csv("backlog")
                .unwrap()
                .contains("\"Aberta\";\"Fila (ninguém assumiu)\";\"3\"")
        );
        assert!(
            d.csv("autoatendimento")
                .unwrap()
                .contains("\"2026-11\";\"4\"")
        );
        assert_eq!(d.csv("senhas"), None);
        assert!(!backlog_states().contains(&State::Resolvida));
    }
}
