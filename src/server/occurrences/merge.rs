//! Merging a duplicate (issue 18 item 8): the duplicate closes (`encerrada`) pointing to
//! the survivor, with a public entry saying where the conversation goes on; the survivor
//! gets a public entry naming the duplicate and keeps its SLA. Only within one company and
//! only into a case still open — checked before, and again inside the transaction, so a
//! survivor closed meanwhile refuses the merge and nothing is written.

use super::{
    access::{party, visible},
    act::{self, Step},
    read,
};
use crate::domain::{
    error::AppError,
    occurrences::{
        Action, OccurrenceNumber, State, decide, message::action_text, ownership::may_act,
    },
    rule::Rule,
};
use crate::server::{
    accounts::sessions::Caller,
    db::{self, Actor, Change, Db},
};

/// The survivor of a merge, as the step's transaction checks and writes it.
pub struct MergeInto<'a> {
    pub id: &'a str,
    /// Its public entry: which case was merged into it, and why.
    pub entry: &'a str,
}

/// The merge's statements, after the duplicate's guarded update (`$st_*` are the step's).
pub fn statements(change: Change, m: &MergeInto<'_>) -> Change {
    change
        .statement(
            "LET $mg_survivor = (SELECT company, state FROM ONLY type::record('occurrence', $mg_id))",
        )
        .statement(format!(
            "IF $mg_survivor.company != $st_updated[0].company THEN {} END",
            db::throw(&Rule::MergeOtherCompany)
        ))
        .statement(format!(
            "IF $mg_survivor.state = 'encerrada' THEN {} END",
            db::throw(&Rule::MergeIntoClosed)
        ))
        .statement(
            "UPDATE type::record('occurrence', $st_id)
                 SET merged_into = type::record('occurrence', $mg_id)",
        )
        .statement(
            "CREATE occurrence_event SET occurrence = type::record('occurrence', $mg_id),
                 kind = 'reply', public = true,
                 author = type::record('person', $st_person), author_name = $st_author,
                 author_role = $st_role, text = $mg_entry",
        )
        .statement(
            "UPDATE type::record('occurrence', $mg_id) SET last_activity_at = time::now()",
        )
        .bind("mg_id", m.id.to_owned())
        .bind("mg_entry", m.entry.to_owned())
}

/// Merges occurrence `number` into `into` (as typed, `2026/000123`), with the reason the
/// customer reads. Returns the survivor's number.
pub async fn merge(
    db: &Db,
    caller: &Caller,
    actor: &Actor,
    number: &str,
    into: &str,
    reason: &str,
) -> Result<OccurrenceNumber, AppError> {
    let found = visible(db, caller, number).await?;
    let role = party(caller);
    let moved = decide(found.state, Action::Merge, role)?;
    may_act(role, &caller.person_id, &found.holding(), Action::Merge)?;
    let target = OccurrenceNumber::parse(into.trim()).map_err(|_| {
        AppError::invalid(format!(
            "Ocorrência que fica: informe o número, como 2026/000123 (recebido \"{}\").",
            into.trim()
        ))
    })?;
    let survivor = read::find(db, target)
        .await?
        .ok_or_else(|| AppError::invalid(format!("A ocorrência {target} não existe.")))?;
    if survivor.id == found.id {
        return Err(Rule::MergeIntoItself.into());
    }
    if survivor.company_id != found.company_id {
        return Err(Rule::MergeOtherCompany.into());
    }
    if survivor.state == State::Encerrada {
        return Err(Rule::MergeIntoClosed.into());
    }
    let reason = action_text(Action::Merge, reason, "", 0).map_err(AppError::invalid)?;
    let duplicate = OccurrenceNumber::parse(number).map_err(AppError::invalid)?;
    let text = format!(
        "Unificada à ocorrência {target}, onde o atendimento continua. Motivo: {}",
        reason.text
    );
    let entry = format!(
        "A ocorrência {duplicate} foi unificada a esta. Motivo: {}",
        reason.text
    );
    let step = Step {
        text: &text,
        merge: Some(MergeInto {
            id: &survivor.id,
            entry: &entry,
        }),
        ..Step::new(
            &found,
            Action::Merge,
            role,
            moved,
            Some(&caller.person_id),
            actor,
        )
    };
    act::apply(db, &step).await?;
    Ok(target)
}
