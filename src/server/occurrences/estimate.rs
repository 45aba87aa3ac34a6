//! Data-change requests (FAQ 9): N2 or the coordinator records the estimate, the
//! customer approves it (Desenvolvimento executes) or refuses it with a reason (the case
//! closes); the coordinator exports the approved ones for billing. Each decision is a
//! guarded step: two racing decisions cannot both apply.

use anyhow::Result;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::access::{party, visible};
use super::act::{self, EstimateStep, Step};
use crate::domain::error::AppError;
use crate::domain::occurrences::{
    Action, OccurrenceNumber, decide,
    estimate::{EstimateInput, hours_text, money_text},
    message::action_text,
    ownership::may_act,
};
use crate::domain::time::format_date_time;
use crate::server::accounts::sessions::Caller;
use crate::server::db::{Actor, Db, rows};

/// Records `input` on occurrence `number`; the case waits for the customer's decision.
pub async fn record(
    db: &Db,
    caller: &Caller,
    actor: &Actor,
    number: &str,
    input: &EstimateInput,
) -> Result<(), AppError> {
    let found = visible(db, caller, number).await?;
    let role = party(caller);
    let moved = decide(found.state, Action::Estimate, role)?;
    may_act(role, &caller.person_id, &found.holding(), Action::Estimate)?;
    let text = input.text();
    let step = Step {
        text: &text,
        estimate: Some(EstimateStep::Record(input)),
        ..Step::new(
            &found,
            Action::Estimate,
            role,
            moved,
            Some(&caller.person_id),
            actor,
        )
    };
    act::apply(db, &step).await?;
    Ok(())
}

/// The customer's decision on the pending estimate of `number`: approved (to
/// Desenvolvimento) or refused with `reason` (closed).
pub async fn decide_estimate(
    db: &Db,
    caller: &Caller,
    actor: &Actor,
    number: &str,
    approved: bool,
    reason: &str,
) -> Result<(), AppError> {
    let found = visible(db, caller, number).await?;
    let role = party(caller);
    let action = if approved {
        Action::ApproveEstimate
    } else {
        Action::RefuseEstimate
    };
    let moved = decide(found.state, action, role)?;
    let reason = if approved {
        String::new()
    } else {
        action_text(action, reason, "", 0)
            .map_err(AppError::invalid)?
            .text
    };
    let text = if approved {
        format!(
            "Orçamento aprovado por {}. A alteração segue para o Desenvolvimento.",
            actor.name
        )
    } else {
        format!("Orçamento recusado por {}. Motivo: {reason}", actor.name)
    };
    let step = Step {
        text: &text,
        estimate: Some(EstimateStep::Decide {
            approved,
            reason: &reason,
        }),
        ..Step::new(&found, action, role, moved, Some(&caller.person_id), actor)
    };
    act::apply(db, &step).await?;
    Ok(())
}

/// The approved estimates, newest decision first, as CSV for billing.
pub async fn approved_csv(db: &Db) -> Result<String> {
    #[derive(Deserialize)]
    struct Row {
        year: i32,
        seq: i64,
        title: String,
        company_name: String,
        hundredths_of_hour: u32,
        cost_cents: u64,
        description: String,
        by_name: String,
        decided_by_name: String,
        decided_at: DateTime<Utc>,
    }
    let mut res = db
        .query(
            "SELECT year, seq, title, company.name AS company_name,
                 estimate.hundredths_of_hour AS hundredths_of_hour,
                 estimate.cost_cents AS cost_cents, estimate.description AS description,
                 estimate.by_name AS by_name, estimate.decided_by_name AS decided_by_name,
                 estimate.decided_at AS decided_at
             FROM occurrence WHERE estimate.decision = 'aprovado'
             ORDER BY decided_at DESC",
        )
        .await?;
    let mut out = crate::domain::csv::line(&[
        "numero",
        "empresa",
        "titulo",
        "horas",
        "valor",
        "orcado_por",
        "aprovado_por",
        "aprovado_em",
        "descricao",
    ]);
    for r in rows::<Row>(&mut res, 0)? {
        let number = OccurrenceNumber::new(r.year, r.seq)
            .map_or_else(|_| format!("{}/{}", r.year, r.seq), |n| n.to_string());
        out.push_str(&crate::domain::csv::line(&[
            number,
            r.company_name,
            r.title,
            hours_text(r.hundredths_of_hour),
            money_text(r.cost_cents),
            r.by_name,
            r.decided_by_name,
            format_date_time(r.decided_at),
            r.description,
        ]));
    }
    Ok(out)
}
