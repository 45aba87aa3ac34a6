//! "Meu SLA": a company's occurrences of the month as its contacts see them — each
//! deadline met, missed or running, the credit each breach gives, and the month's credit
//! after the cap (in reais when the monthly fee is configured).

use serde::{Deserialize, Serialize};

use super::{Outcome, Penalty, ReportLine, Target, summarize};
use crate::domain::sla::{Criticality, policy::SlaPolicy};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MySlaLine {
    pub number: String,
    pub title: String,
    pub criticality: Criticality,
    pub first_response: Outcome,
    pub solution: Outcome,
    /// Credit of this case's breaches, in basis points of the fee (before the cap).
    pub credit_bp: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MySla {
    /// "12/2026".
    pub month: String,
    pub lines: Vec<MySlaLine>,
    /// The credit of the month's breaches after the cap; `None` without breaches.
    pub credit: Option<Penalty>,
}

/// The company's `lines` (its occurrences opened in `month`, judged) as its page shows them.
pub fn my_sla(lines: &[ReportLine], policy: &SlaPolicy, month: &str) -> MySla {
    let report = summarize(lines, policy);
    let credit_of = |number: &str, target: Target| {
        report
            .breaches
            .iter()
            .filter(|b| b.number == number && b.target == target)
            .map(|b| b.penalty_bp)
            .sum::<u32>()
    };
    MySla {
        month: month.to_owned(),
        lines: lines
            .iter()
            .map(|l| MySlaLine {
                number: l.about.number.clone(),
                title: l.about.title.clone(),
                criticality: l.about.criticality,
                first_response: l.first_response.outcome,
                solution: l.solution.outcome,
                credit_bp: credit_of(&l.about.number, Target::FirstResponse)
                    + credit_of(&l.about.number, Target::Solution),
            })
            .collect(),
        credit: report.penalties.into_iter().find(|p| p.month == month),
    }
}
