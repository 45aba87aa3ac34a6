//! The SLA rules the coordinator edits: targets per plan × criticality, which states pause
//! the clock, what counts as the first response, when to warn, the office's local
//! holidays and the penalty per plan. Shipped defaults are DOMAIN's table; a policy can
//! only be built valid ([`SlaPolicy::from_fields`] parses the coordinator's form, with one
//! pt-BR message per problem).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod form;
pub use form::{holidays_text, parse_holidays, parse_percent, percent_text};

use super::calendar_spec::{CalendarSpec, OfficeHours};
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
    /// Business hours per weekday and Carnaval (absent from rules saved before: UNO's).
    #[serde(default)]
    hours: OfficeHours,
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
            hours: OfficeHours::default(),
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
    /// The office's hours (customer texts describe them from here, not from the code).
    #[serde(default)]
    pub hours: OfficeHours,
}

impl PlanRules {
    pub fn targets(&self, c: Criticality) -> Targets {
        self.table
            .iter()
            .find(|(x, _)| *x == c)
            .map_or_else(|| default_targets(self.plan, c), |(_, t)| *t)
    }

    /// The office's calendar: its hours and local holidays.
    pub fn calendar(&self) -> super::calendar::BusinessCalendar {
        CalendarSpec::new(self.hours.clone(), self.local_holidays.clone())
            .calendar()
            .clone()
    }
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
            hours: self.hours.clone(),
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

    /// The hours and local holidays in force: what new occurrences snapshot, and what
    /// automatic closing and the directed wait count business time on.
    pub fn calendar_spec(&self) -> CalendarSpec {
        CalendarSpec::new(self.hours.clone(), self.local_holidays.clone())
    }

    pub fn calendar(&self) -> super::calendar::BusinessCalendar {
        self.calendar_spec().calendar().clone()
    }

    pub fn hours(&self) -> &OfficeHours {
        &self.hours
    }

    /// Business minutes a directed case waits for its analyst.
    pub fn directed_wait_minutes(&self) -> u32 {
        self.directed_wait_minutes
    }

    pub fn penalty(&self, plan: SlaPlan) -> Penalty {
        self.penalties[plan_index(plan)]
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
