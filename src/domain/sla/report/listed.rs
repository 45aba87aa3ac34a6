//! What the report page lists of its long tables: a year of a busy support centre has
//! tens of thousands of breaches and a line per company and month of penalties — megabytes
//! no one reads in a browser. The page lists the newest breaches and the largest penalties;
//! the CSV downloads hold every row.

use std::cmp::Reverse;

use super::SlaReport;

/// Rows the page lists of each long table.
pub const LISTED: usize = 100;

/// How many rows the long tables had before [`trim`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Totals {
    pub breaches: u32,
    pub penalties: u32,
}

/// Keeps the `LISTED` newest breaches (they come newest first) and the `LISTED` largest
/// penalties (by amount, then share), those still by company and month.
pub fn trim(report: &mut SlaReport) -> Totals {
    let totals = Totals {
        breaches: report.breaches.len() as u32,
        penalties: report.penalties.len() as u32,
    };
    report.breaches.truncate(LISTED);
    if report.penalties.len() > LISTED {
        let mut order: Vec<usize> = (0..report.penalties.len()).collect();
        order.sort_by_key(|&i| {
            let p = &report.penalties[i];
            (Reverse(p.amount_cents), Reverse(p.share_bp), i)
        });
        let mut keep: Vec<usize> = order.into_iter().take(LISTED).collect();
        keep.sort_unstable();
        let mut all = std::mem::take(&mut report.penalties)
            .into_iter()
            .map(Some)
            .collect::<Vec<_>>();
        report.penalties = keep.into_iter().filter_map(|i| all[i].take()).collect();
    }
    totals
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::sla::report::{Penalty, Tally};

    fn penalty(company: usize, amount: Option<i64>, share_bp: u32) -> Penalty {
        Penalty {
            company_name: format!("Empresa {company:04}"),
            month: "11/2026".into(),
            breaches: 1,
            share_bp,
            capped: false,
            amount_cents: amount,
        }
    }

    fn report(penalties: Vec<Penalty>) -> SlaReport {
        SlaReport {
            occurrences: 0,
            overall: Tally::default(),
            by_month: vec![],
            by_plan: vec![],
            by_criticality: vec![],
            by_analyst: vec![],
            breaches: vec![],
            penalties,
            first_response: vec![],
        }
    }

    #[test]
    fn the_largest_penalties_are_kept_in_company_order() {
        // Company i owes i reais; companies without a fee come last, by share.
        let mut all: Vec<Penalty> = (0..250)
            .map(|i| penalty(i, Some(i as i64 * 100), 50))
            .collect();
        all.push(penalty(250, None, 9_000));
        let mut r = report(all);
        let totals = trim(&mut r);
        assert_eq!(
            totals,
            Totals {
                breaches: 0,
                penalties: 251
            }
        );
        assert_eq!(r.penalties.len(), LISTED);
        assert_eq!(r.penalties[0].company_name, "Empresa 0150");
        assert_eq!(r.penalties[LISTED - 1].company_name, "Empresa 0249");
    }

    #[test]
    fn a_short_report_is_left_whole() {
        let all: Vec<Penalty> = (0..3).map(|i| penalty(i, None, 10)).collect();
        let mut r = report(all.clone());
        assert_eq!(trim(&mut r).penalties, 3);
        assert_eq!(r.penalties, all);
    }
}
