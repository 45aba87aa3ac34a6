//! Who sees an occurrence and works it: a customer only their company's (another
//! company's answers 404, exactly as one that does not exist); the staff works it as
//! `domain::occurrences::ownership` says.

use chrono::{DateTime, Utc};

use super::read::{self, Found};
use crate::domain::{
    accounts::Role,
    error::AppError,
    occurrences::{
        Action, ForwardedView, OccurrenceNumber, OccurrenceView, Party, State, ownership::may_act,
        possible, simulation::SimulationFields,
    },
};
use crate::server::{accounts::sessions::Caller, db::Db};

const NOT_FOUND: &str = "Ocorrência não encontrada.";

fn not_found() -> AppError {
    AppError::not_found(NOT_FOUND)
}

/// The occurrence `number` if the caller may see it; otherwise `NotFound`, whether it
/// exists or not (no hint about other companies' numbers).
pub async fn visible(db: &Db, caller: &Caller, number: &str) -> Result<Found, AppError> {
    let number = OccurrenceNumber::parse(number).map_err(|_| not_found())?;
    let found = read::find(db, number).await?.ok_or_else(not_found)?;
    let own_company = caller.company_id.as_deref() == Some(found.company_id.as_str());
    if caller.active_role == Some(Role::Customer) && !own_company {
        return Err(not_found());
    }
    Ok(found)
}

/// The party the caller acts as on occurrences.
pub fn party(caller: &Caller) -> Party {
    caller.active_role.map_or(Party::Customer, Party::from)
}

/// The page of an occurrence as `caller` may see it (a customer: no internal entries),
/// with the actions they may take now; its SLA read at `now`.
pub async fn view_for(
    db: &Db,
    caller: &Caller,
    found: &Found,
    now: DateTime<Utc>,
) -> Result<OccurrenceView, AppError> {
    let customer = caller.active_role == Some(Role::Customer);
    let detail = super::detail::detail(db, &found.id)
        .await?
        .ok_or_else(not_found)?;
    let timeline = super::timeline::page(db, &found.id, customer, None).await?;
    let actions: Vec<Action> = possible(found.state, party(caller))
        .into_iter()
        .filter(|a| {
            customer || may_act(party(caller), &caller.person_id, &found.holding(), *a).is_ok()
        })
        .collect();
    // The hand-over form, pre-filled: support's only (it holds N1's internal record).
    let simulation = (!customer && actions.contains(&Action::HandToDevelopment)).then(|| {
        detail.simulation.clone().unwrap_or_else(|| {
            SimulationFields::prefill(
                detail.escalation_record.as_deref().unwrap_or_default(),
                &detail.steps,
                &detail.description,
            )
        })
    });
    // The cards come from the replies on this page (the newest): older links are in
    // the entries "ver anteriores" shows.
    let links: Vec<_> = timeline
        .entries
        .iter()
        .filter(|e| e.public)
        .flat_map(|e| crate::domain::knowledge::level0_links(&e.text))
        .collect();
    let linked = crate::server::content::linked::cards(db, &links).await?;
    let mut summary = detail.summary;
    summary.sla.read_at = now;
    Ok(OccurrenceView {
        summary,
        kind: detail.kind,
        description: detail.description,
        steps: detail.steps,
        opened_by_name: detail.opened_by_name,
        timeline: timeline.entries,
        earlier: timeline.earlier,
        actions,
        closes_at: detail.closes_at,
        forwarded: found.forwarded.as_ref().map(|f| ForwardedView {
            category: f.category.clone(),
            area: f.area.clone(),
            area_email: (!customer).then(|| f.area_email.clone()),
            reason: f.reason.clone(),
        }),
        simulation,
        estimate: detail.estimate,
        merged_into: detail.merged_into,
        fix_version: detail.fix_version,
        faq_draft: (!customer
            && (detail.faq.is_some()
                || matches!(found.state, State::Resolvida | State::Encerrada)))
        .then(|| crate::domain::occurrences::FaqDraftView {
            slug: detail.faq,
            editable: caller.active_role == Some(Role::Coordinator),
        }),
        linked,
    })
}

/// The entries before `entry` ("ver anteriores"), as the caller may see them: `entry`
/// must be one they can see on this occurrence.
pub async fn earlier(
    db: &Db,
    caller: &Caller,
    found: &Found,
    entry: &str,
) -> Result<crate::domain::occurrences::TimelinePage, AppError> {
    let customer = caller.active_role == Some(Role::Customer);
    let before = super::timeline::cursor(db, &found.id, entry, customer)
        .await?
        .ok_or_else(|| AppError::not_found("Registro do histórico não encontrado."))?;
    Ok(super::timeline::page(db, &found.id, customer, Some(before)).await?)
}
