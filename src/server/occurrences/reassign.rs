//! Reassigning an occurrence: the coordinator gives any open case to another analyst, or
//! its owner hands it over, with a reason support reads (an internal entry). The new owner
//! gets a notice and a mail in the same transaction; a case nobody had taken is then being
//! worked. Like every action it is guarded by the state and owner it was decided from.

use super::{
    access::{party, visible},
    act::{self, NewOwner, Step},
    read::Found,
};
use crate::domain::{
    error::AppError,
    occurrences::{Action, OccurrenceNumber, decide, message::action_text, ownership::may_act},
};
use crate::server::{
    accounts::{people, sessions::Caller},
    db::{Actor, Db},
};

/// Gives occurrence `number` to analyst `to_id`, saying why; returns the case as it was.
pub async fn reassign(
    db: &Db,
    caller: &Caller,
    actor: &Actor,
    number: &str,
    to_id: &str,
    reason: &str,
) -> Result<Found, AppError> {
    let found = visible(db, caller, number).await?;
    let role = party(caller);
    let moved = decide(found.state, Action::Reassign, role)?;
    may_act(role, &caller.person_id, &found.holding(), Action::Reassign)?;
    let reason = action_text(Action::Reassign, reason, "", 0).map_err(AppError::invalid)?;
    let to = people::analyst(db, to_id.trim())
        .await?
        .filter(|a| a.active)
        .ok_or_else(|| AppError::invalid("Escolha um analista ativo para receber a ocorrência."))?;
    if found.owner_id.as_deref() == Some(to.id.as_str()) {
        return Err(AppError::invalid(format!(
            "A ocorrência já está com {}.",
            to.name
        )));
    }
    let from = found.owner_name.as_deref().unwrap_or("ninguém");
    let text = format!(
        "Reatribuída de {from} para {}. Motivo: {}",
        to.name, reason.text
    );
    let shown =
        OccurrenceNumber::parse(number).map_or_else(|_| number.to_owned(), |n| n.to_string());
    let headline = format!("{} passou a você a ocorrência {shown}", actor.name);
    let step = Step {
        text: &text,
        new_owner: Some(NewOwner {
            person_id: &to.id,
            headline: &headline,
        }),
        ..Step::new(
            &found,
            Action::Reassign,
            role,
            moved,
            Some(&caller.person_id),
            actor,
        )
    };
    act::apply(db, &step).await?;
    Ok(found)
}

/// The open cases `person_id` owns, for reassignment when they leave or are away.
pub async fn open_cases_of(db: &Db, person_id: &str) -> anyhow::Result<Vec<OccurrenceNumber>> {
    #[derive(serde::Deserialize)]
    struct Row {
        year: i32,
        seq: i64,
    }
    let mut res = db
        .query(
            "SELECT year, seq, last_activity_at FROM occurrence
             WHERE owner = type::record('person', $person)
               AND state IN ['aberta', 'em_atendimento', 'escalada_n2', 'em_desenvolvimento',
                   'aguardando_cliente', 'aguardando_aprovacao', 'aguardando_versao', 'resolvida']
             ORDER BY last_activity_at ASC",
        )
        .bind(("person", person_id.to_owned()))
        .await?;
    crate::server::db::rows::<Row>(&mut res, 0)?
        .into_iter()
        .map(|r| OccurrenceNumber::new(r.year, r.seq).map_err(anyhow::Error::msg))
        .collect()
}
