//! A new criticality, with the reason the customer reads — guarded like every step (see
//! `act`), with the new targets and deadlines computed in the same transaction.

use anyhow::Result;

use super::act::{guard, role_slug};
use super::read::Found;
use crate::domain::occurrences::Party;
use crate::domain::rule::Rule;
use crate::domain::sla::Criticality;
use crate::server::db::{self, Change, Db};
use crate::server::mail::outbox;

/// A new criticality, with the reason the customer reads. Like every step it is guarded
/// by the state it was decided from: a criticality change racing the customer's
/// confirmation either lands before the closing or not at all, so a closed occurrence's
/// targets never change.
pub async fn change_criticality(
    db: &Db,
    found: &Found,
    criticality: Criticality,
    reason: &str,
    role: Party,
    person_id: &str,
    actor: &db::Actor,
) -> Result<()> {
    let policy = crate::server::sla::policy::load(db).await?;
    db::retry_on_conflict(|| {
        criticality_change(found, &policy, criticality, reason, role, person_id, actor).commit(db)
    })
    .await
}

/// The statements of a criticality change (built again for each attempt).
fn criticality_change(
    found: &Found,
    policy: &crate::domain::sla::policy::SlaPolicy,
    criticality: Criticality,
    reason: &str,
    role: Party,
    person_id: &str,
    actor: &db::Actor,
) -> Change {
    let (change, guarded) = guard(Change::new(), "cr", found);
    let change = change
        .statement(format!(
            "LET $cr_updated = (UPDATE type::record('occurrence', $cr_id) SET criticality = $cr_value,
                 last_activity_at = time::now() WHERE {guarded} RETURN AFTER)"
        ))
        .statement(format!(
            "IF array::len($cr_updated) = 0 THEN {} END",
            db::throw(&Rule::OccurrenceChanged)
        ));
    // The new criticality's targets (the deadlines follow at once).
    let change =
        crate::server::sla::policy::refresh(change, policy, "type::record('occurrence', $cr_id)")
            .statement(
                "CREATE occurrence_event SET occurrence = type::record('occurrence', $cr_id),
                 kind = 'criticality', public = true, author = type::record('person', $cr_person),
                 author_name = $cr_author, author_role = $cr_role, text = $cr_text",
            )
            .bind("cr_id", found.id.clone())
            .bind("cr_value", criticality.slug().to_owned())
            .bind("cr_person", person_id.to_owned())
            .bind("cr_author", actor.name.clone())
            .bind("cr_role", role_slug(role).to_owned())
            .bind(
                "cr_text",
                format!(
                    "Criticidade alterada para {}: {reason}",
                    criticality.label()
                ),
            );
    outbox::notify(
        change,
        &outbox::Notice {
            occurrence_id: &found.id,
            company_id: &found.company_id,
            author_person_id: Some(person_id),
            headline: format!(
                "{} mudou a criticidade para {}",
                actor.name,
                criticality.label()
            ),
            text: reason,
        },
    )
    .audit(
        actor,
        "ocorrência: criticidade",
        &format!("ocorrencia:{}", found.id),
        None,
        Some(serde_json::json!({ "criticidade": criticality.slug(), "motivo": reason })),
    )
}
