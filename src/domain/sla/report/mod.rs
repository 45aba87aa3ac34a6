//! The coordinator's SLA report, pure: each occurrence's two deadlines judged (met,
//! breached at an instant, or still pending), compliance per month, plan, criticality and
//! analyst, breaches with the plan's penalty (a first-response breach counts half; a
//! company's month capped), first-response time by channel. The CSV export, the money
//! and time texts and the report's window are beside it.

mod csv;
pub mod customer;
pub mod listed;
mod money;
mod window;

pub use csv::{csv, penalties_csv};
pub use money::{minutes_text, money_text, parse_money};
pub use window::{REPORT_MONTHS, month_window, report_since};

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{
    Criticality, SlaPlan,
    calendar::BusinessCalendar,
    clock::{SlaClock, Target},
    policy::SlaPolicy,
};
use crate::domain::time::to_local;

/// What the report tells of an occurrence besides its clock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub number: String,
    pub title: String,
    pub company_id: String,
    pub company_name: String,
    pub plan: SlaPlan,
    pub criticality: Criticality,
    pub module: crate::domain::content::ErpModule,
    pub analyst: Option<String>,
    /// Registered from a phone call (else opened on the Extranet).
    pub phone: bool,
    pub monthly_fee_cents: Option<i64>,
    /// The penalty rule in force when it was opened (absent for cases opened before
    /// snapshots existed: today's rule of its plan).
    #[serde(default)]
    pub penalty: Option<crate::domain::sla::policy::Penalty>,
}

/// One occurrence as the report reads it.
#[derive(Clone, Debug)]
pub struct ReportInput {
    pub about: Subject,
    pub clock: SlaClock,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Met,
    Breached,
    /// Not answered / not solved yet, and not late.
    Pending,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Self::Met => "cumprido",
            Self::Breached => "estourado",
            Self::Pending => "em andamento",
        }
    }
}

/// One deadline judged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub outcome: Outcome,
    /// The deadline (for a breach, the instant it was breached); `None` while a pause holds it.
    pub deadline: Option<DateTime<Utc>>,
}

/// Judges `target` of `clock` as of `now`: breached once more business time was used than
/// the target allows before it was reached (the answer, the solution) or before `now`.
pub fn judge(
    clock: &SlaClock,
    cal: &BusinessCalendar,
    target: Target,
    now: DateTime<Utc>,
) -> Verdict {
    let (minutes, reached) = match target {
        Target::FirstResponse => (
            clock.first_response_minutes,
            clock.first_response_at.or(clock.stopped_at),
        ),
        Target::Solution => (clock.solution_minutes, clock.stopped_at),
    };
    let end = reached.unwrap_or(now);
    let closed: Vec<_> = clock
        .pauses
        .iter()
        .filter(|p| p.to.is_some() || reached.is_none())
        .copied()
        .collect();
    let deadline = cal.add(clock.opened_at, minutes, &closed);
    let used = cal.between(clock.opened_at, end, &clock.pauses);
    let outcome = if used > Duration::minutes(i64::from(minutes)) {
        Outcome::Breached
    } else if reached.is_some() {
        Outcome::Met
    } else {
        Outcome::Pending
    };
    Verdict { outcome, deadline }
}

/// One occurrence judged (a CSV line).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportLine {
    pub about: Subject,
    pub opened_at: DateTime<Utc>,
    pub first_response: Verdict,
    pub solution: Verdict,
    /// Business minutes from the opening to the first response, once answered.
    pub first_response_minutes: Option<i64>,
}

impl ReportLine {
    /// Both deadlines decided: only a change to the occurrence can change this line.
    pub fn settled(&self) -> bool {
        self.first_response.outcome != Outcome::Pending && self.solution.outcome != Outcome::Pending
    }
}

pub fn judge_all(inputs: Vec<ReportInput>, now: DateTime<Utc>) -> Vec<ReportLine> {
    inputs.into_iter().map(|i| judge_input(i, now)).collect()
}

/// One occurrence judged as of `now`.
pub fn judge_input(i: ReportInput, now: DateTime<Utc>) -> ReportLine {
    let cal = i.clock.calendar();
    let taken = i
        .clock
        .first_response_at
        .map(|at| cal.minutes_between(i.clock.opened_at, at, &i.clock.pauses));
    ReportLine {
        first_response: judge(&i.clock, cal, Target::FirstResponse, now),
        solution: judge(&i.clock, cal, Target::Solution, now),
        first_response_minutes: taken,
        opened_at: i.clock.opened_at,
        about: i.about,
    }
}

/// Deadlines met and breached in one group.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub label: String,
    pub met: u32,
    pub breached: u32,
    pub pending: u32,
}

impl Tally {
    pub fn count(&mut self, v: Verdict) {
        match v.outcome {
            Outcome::Met => self.met += 1,
            Outcome::Breached => self.breached += 1,
            Outcome::Pending => self.pending += 1,
        }
    }

    /// Met among the judged (met + breached), in percent with one decimal; `None` if none.
    pub fn compliance(&self) -> Option<f64> {
        let judged = self.met + self.breached;
        (judged > 0).then(|| (f64::from(self.met) * 1000.0 / f64::from(judged)).round() / 10.0)
    }
}

/// A breached deadline and what it costs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Breach {
    pub number: String,
    pub title: String,
    pub company_name: String,
    pub plan: SlaPlan,
    pub target: Target,
    pub at: DateTime<Utc>,
    /// Share of the monthly fee (basis points) before the month's cap.
    pub penalty_bp: u32,
    /// The month's cap of the rule it was priced by.
    pub cap_bp: u32,
}

/// A company's penalty for one month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Penalty {
    pub company_name: String,
    /// "11/2026".
    pub month: String,
    pub breaches: u32,
    /// After the cap.
    pub share_bp: u32,
    pub capped: bool,
    /// When the company's monthly fee is configured.
    pub amount_cents: Option<i64>,
}

/// First-response time on one channel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelTime {
    pub channel: String,
    pub answered: u32,
    pub mean_minutes: i64,
    pub median_minutes: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaReport {
    pub occurrences: u32,
    pub overall: Tally,
    pub by_month: Vec<Tally>,
    pub by_plan: Vec<Tally>,
    pub by_criticality: Vec<Tally>,
    pub by_analyst: Vec<Tally>,
    pub breaches: Vec<Breach>,
    pub penalties: Vec<Penalty>,
    pub first_response: Vec<ChannelTime>,
}

/// The report page: the figures, a chart per figure, and the window it covers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportPage {
    pub months: u32,
    pub since: DateTime<Utc>,
    pub report: SlaReport,
    pub month_chart: crate::domain::chart::BarChart,
    pub plan_chart: crate::domain::chart::BarChart,
    pub channel_chart: crate::domain::chart::BarChart,
    /// The breaches and penalties before the page's lists were cut ([`listed::trim`]).
    pub totals: listed::Totals,
}

fn month_of(at: DateTime<Utc>) -> (i32, u32) {
    let l = to_local(at);
    (l.year(), l.month())
}

fn month_label((y, m): (i32, u32)) -> String {
    format!("{m:02}/{y}")
}

pub fn summarize(lines: &[ReportLine], policy: &SlaPolicy) -> SlaReport {
    let mut overall = Tally {
        label: "Total".into(),
        ..Tally::default()
    };
    let mut by_month: BTreeMap<(i32, u32), Tally> = BTreeMap::new();
    let mut by_plan: BTreeMap<usize, Tally> = BTreeMap::new();
    let mut by_criticality: BTreeMap<usize, Tally> = BTreeMap::new();
    let mut by_analyst: BTreeMap<String, Tally> = BTreeMap::new();
    let mut breaches = Vec::new();
    for l in lines {
        overall.count(l.first_response);
        overall.count(l.solution);
        let month = month_of(l.opened_at);
        let plan_i = SlaPlan::ALL
            .iter()
            .position(|p| *p == l.about.plan)
            .unwrap_or(0);
        let crit_i = Criticality::ALL
            .iter()
            .position(|c| *c == l.about.criticality)
            .unwrap_or(0);
        let analyst = l
            .about
            .analyst
            .clone()
            .unwrap_or_else(|| "(sem analista)".into());
        for (t, label) in [
            (by_month.entry(month).or_default(), month_label(month)),
            (
                by_plan.entry(plan_i).or_default(),
                l.about.plan.label().into(),
            ),
            (
                by_criticality.entry(crit_i).or_default(),
                l.about.criticality.label().into(),
            ),
            (by_analyst.entry(analyst.clone()).or_default(), analyst),
        ] {
            t.label = label;
            t.count(l.first_response);
            t.count(l.solution);
        }
        for (target, v) in [
            (Target::FirstResponse, l.first_response),
            (Target::Solution, l.solution),
        ] {
            if let (Outcome::Breached, Some(at)) = (v.outcome, v.deadline) {
                let rule = l
                    .about
                    .penalty
                    .unwrap_or_else(|| policy.penalty(l.about.plan));
                let per = rule.per_breach_bp;
                breaches.push(Breach {
                    number: l.about.number.clone(),
                    title: l.about.title.clone(),
                    company_name: l.about.company_name.clone(),
                    plan: l.about.plan,
                    target,
                    at,
                    penalty_bp: if target == Target::FirstResponse {
                        per / 2
                    } else {
                        per
                    },
                    cap_bp: rule.monthly_cap_bp,
                });
            }
        }
    }
    breaches.sort_by_key(|b| std::cmp::Reverse(b.at));
    SlaReport {
        occurrences: lines.len() as u32,
        overall,
        by_month: by_month.into_values().collect(),
        by_plan: by_plan.into_values().collect(),
        by_criticality: by_criticality.into_values().collect(),
        by_analyst: by_analyst.into_values().collect(),
        penalties: penalties(lines, &breaches),
        breaches,
        first_response: channel_times(lines),
    }
}

/// Per company and month of the breach: the sum of the breaches' shares, capped.
fn penalties(lines: &[ReportLine], breaches: &[Breach]) -> Vec<Penalty> {
    struct Acc {
        company_name: String,
        breaches: u32,
        share_bp: u32,
        cap_bp: u32,
        fee: Option<i64>,
    }
    // By number: a year's lines times its breaches would be billions of comparisons.
    let by_number: std::collections::HashMap<&str, &ReportLine> =
        lines.iter().map(|l| (l.about.number.as_str(), l)).collect();
    let company_of = |number: &str| by_number.get(number).copied();
    let mut acc: BTreeMap<(String, (i32, u32)), Acc> = BTreeMap::new();
    for b in breaches {
        let Some(line) = company_of(&b.number) else {
            continue;
        };
        let e = acc
            .entry((line.about.company_id.clone(), month_of(b.at)))
            .or_insert(Acc {
                company_name: line.about.company_name.clone(),
                breaches: 0,
                share_bp: 0,
                cap_bp: 0,
                fee: line.about.monthly_fee_cents,
            });
        e.breaches += 1;
        e.share_bp += b.penalty_bp;
        e.cap_bp = e.cap_bp.max(b.cap_bp);
    }
    let mut out: Vec<Penalty> = acc
        .into_iter()
        .map(|((_, month), a)| {
            let share = a.share_bp.min(a.cap_bp);
            Penalty {
                company_name: a.company_name,
                month: month_label(month),
                breaches: a.breaches,
                share_bp: share,
                capped: a.share_bp > a.cap_bp,
                amount_cents: a
                    .fee
                    .map(|fee| (i128::from(fee) * i128::from(share) / 10_000) as i64),
            }
        })
        .collect();
    out.sort_by(|a, b| (&a.company_name, &a.month).cmp(&(&b.company_name, &b.month)));
    out
}

fn channel_times(lines: &[ReportLine]) -> Vec<ChannelTime> {
    [("Ocorrência (Extranet)", false), ("Telefone", true)]
        .into_iter()
        .filter_map(|(label, phone)| {
            let mut times: Vec<i64> = lines
                .iter()
                .filter(|l| l.about.phone == phone)
                .filter_map(|l| l.first_response_minutes)
                .collect();
            if times.is_empty() {
                return None;
            }
            times.sort_unstable();
            let n = times.len();
            let median = if n % 2 == 1 {
                times[n / 2]
            } else {
                (times[n / 2 - 1] + times[n / 2]) / 2
            };
            Some(ChannelTime {
                channel: label.into(),
                answered: n as u32,
                mean_minutes: times.iter().sum::<i64>() / n as i64,
                median_minutes: median,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sla::calendar::Pause;
    use crate::domain::sla::clock::fixtures::{br, vip_critica};

    /// VIP · Crítica (1 h / 4 h) opened Tuesday 01/12 09:00.
    fn input(n: &str, company: &str, f: impl FnOnce(&mut SlaClock)) -> ReportInput {
        let mut clock = vip_critica();
        f(&mut clock);
        ReportInput {
            about: Subject {
                number: n.into(),
                title: format!("Ocorrência {n}"),
                company_id: company.into(),
                company_name: format!("Empresa {company}"),
                plan: SlaPlan::Vip,
                criticality: Criticality::Critica,
                module: crate::domain::content::ErpModule::Fiscal,
                analyst: Some("Ana".into()),
                phone: false,
                monthly_fee_cents: Some(1_000_000),
                penalty: None,
            },
            clock,
        }
    }

    #[test]
    fn deadlines_are_judged_met_breached_or_pending() {
        let now = br(1, 11, 0);
        let lines = judge_all(
            vec![
                // Answered 09:30, solved 12:00: both met.
                input("1", "a", |c| {
                    c.first_response_at = Some(br(1, 9, 30));
                    c.stopped_at = Some(br(1, 12, 0));
                    c.pauses = vec![Pause {
                        from: br(1, 12, 0),
                        to: None,
                    }];
                }),
                // Unanswered at 11:00: the first response was breached at 10:00.
                input("2", "a", |_| {}),
                // Unanswered at 11:00 but paused from 09:30 to 10:45: 45 min used, pending.
                input("3", "a", |c| {
                    c.pauses = vec![Pause {
                        from: br(1, 9, 30),
                        to: Some(br(1, 10, 45)),
                    }];
                }),
            ],
            now,
        );
        let o = |i: usize| (lines[i].first_response.outcome, lines[i].solution.outcome);
        assert_eq!(o(0), (Outcome::Met, Outcome::Met));
        assert_eq!(lines[0].first_response_minutes, Some(30));
        assert_eq!(o(1), (Outcome::Breached, Outcome::Pending));
        assert_eq!(lines[1].first_response.deadline, Some(br(1, 10, 0)));
        assert_eq!(o(2), (Outcome::Pending, Outcome::Pending));
    }

    #[test]
    fn penalties_follow_the_plan_count_first_responses_half_and_stop_at_the_cap() {
        let policy = SlaPolicy::default(); // VIP: 5 % per breach, cap 20 %.
        let now = br(20, 18, 0);
        // Company a: five occurrences never answered nor solved: 5 × (2,5 % + 5 %) = 37,5 %
        // → capped at 20 %. Company b: one solved late (first response met): 5 %.
        let mut inputs: Vec<ReportInput> =
            (0..5).map(|i| input(&i.to_string(), "a", |_| {})).collect();
        inputs.push(input("b1", "b", |c| {
            c.first_response_at = Some(br(1, 9, 10));
            c.stopped_at = Some(br(2, 18, 0));
        }));
        let lines = judge_all(inputs, now);
        let r = summarize(&lines, &policy);
        assert_eq!(r.breaches.len(), 11);
        let share = |t: Target| {
            r.breaches
                .iter()
                .find(|b| b.target == t)
                .map(|b| b.penalty_bp)
        };
        assert_eq!(
            share(Target::FirstResponse),
            Some(250),
            "a first response counts half"
        );
        assert_eq!(share(Target::Solution), Some(500));
        assert_eq!(r.penalties.len(), 2);
        let a = &r.penalties[0];
        assert_eq!((a.breaches, a.share_bp, a.capped), (10, 2000, true));
        assert_eq!(a.amount_cents, Some(200_000));
        assert_eq!(money_text(a.amount_cents.unwrap()), "R$ 2.000,00");
        let b = &r.penalties[1];
        assert_eq!((b.breaches, b.share_bp, b.capped), (1, 500, false));
        assert_eq!(r.overall.met, 1);
        assert_eq!(r.overall.breached, 11);
        assert_eq!(r.overall.compliance(), Some(8.3));
        assert_eq!(r.by_month[0].label, "12/2026");
        assert_eq!(r.first_response[0].answered, 1);
        assert_eq!(r.first_response[0].median_minutes, 10);
    }

    #[test]
    fn a_case_is_priced_by_the_rule_it_was_opened_under() {
        // Opened under 1 % per breach, cap 1,5 %; today's VIP rule (5 %, 20 %) is ignored.
        let old = crate::domain::sla::policy::Penalty {
            per_breach_bp: 100,
            monthly_cap_bp: 150,
        };
        let inputs: Vec<ReportInput> = (0..2)
            .map(|i| {
                let mut line = input(&i.to_string(), "a", |_| {});
                line.about.penalty = Some(old);
                line
            })
            .collect();
        let r = summarize(&judge_all(inputs, br(20, 18, 0)), &SlaPolicy::default());
        assert!(r.breaches.iter().all(|b| b.penalty_bp <= 100));
        let a = &r.penalties[0];
        assert_eq!((a.breaches, a.share_bp, a.capped), (4, 150, true));
    }

    #[test]
    fn the_csv_is_quoted_and_safe_for_spreadsheets() {
        let mut i = input("2026/000001", "a", |_| {});
        i.about.title = "=HYPERLINK(\"x\"); \"aspas\"".into();
        let csv = csv(&judge_all(vec![i], br(1, 9, 30)));
        let mut rows = csv.lines();
        assert!(rows.next().unwrap().starts_with("numero;titulo;"));
        let row = rows.next().unwrap();
        assert!(
            row.starts_with("\"2026/000001\";\"'=HYPERLINK(\"\"x\"\"); \"\"aspas\"\"\";"),
            "{row}"
        );
        assert!(row.contains("\"01/12/2026 10:00\""), "{row}");
        assert!(row.contains("\"em andamento\""));
    }
}
