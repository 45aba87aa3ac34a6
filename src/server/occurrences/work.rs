//! Working an occurrence: an action (reply, note, take, ask, escalate, resolve, confirm,
//! reopen…) or a new criticality, checked against the lifecycle, the caller's party and
//! who owns the case, then applied in one guarded transaction. When someone acted first,
//! nothing is written and the caller is told who has it now.

use chrono::{DateTime, Utc};

use super::{
    access::{party, visible},
    act::{self, Step},
    read::{self, Found},
};
use crate::domain::{
    accounts::bounded_text,
    attachment::upload_ids,
    error::AppError,
    occurrences::{
        Action, OccurrenceNumber, autoclose, decide, directed, message::action_text,
        ownership::may_act, simulation::SimulationRecord,
    },
    rule::Rule,
    sla::Criticality,
};
use crate::server::{
    accounts::sessions::Caller,
    db::{Actor, Db},
};

/// An action as the browser names it (`"take"`, `"resolve"`…).
fn parse_action(raw: &str) -> Result<Action, AppError> {
    serde_json::from_value(serde_json::Value::String(raw.to_owned()))
        .map_err(|_| AppError::invalid(format!("Ação desconhecida: \"{raw}\".")))
}

/// What an action says: its text (public or internal, as the action decides), the
/// optional public message of a hand-over, and the caller's uploads (ids, comma-separated).
pub struct Said<'a> {
    pub text: &'a str,
    pub public_message: &'a str,
    pub attachments: Option<&'a str>,
    /// To Desenvolvimento: the complete simulation record (its text is `text`).
    pub simulation: Option<&'a SimulationRecord>,
}

/// Applies `action` (as the browser names it) with what it says to occurrence `number`,
/// at `now`. The actions that carry a form of their own are refused here.
pub async fn act(
    db: &Db,
    caller: &Caller,
    actor: &Actor,
    number: &str,
    action: &str,
    said: &Said<'_>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let action = parse_action(action)?;
    let own_form = match action {
        Action::Reassign => Some("Para reatribuir, escolha o novo responsável em \"Reatribuir\"."),
        Action::Forward => {
            Some("Para encaminhar, escolha a categoria e a área em \"Encaminhar a outra área\".")
        }
        Action::HandToDevelopment => Some(
            "Para encaminhar ao Desenvolvimento, preencha o registro da simulação em \"Encaminhar ao Desenvolvimento\".",
        ),
        Action::AwaitVersion => Some(
            "Para aguardar a versão, escolha a versão que traz a correção em \"Aguardar versão\".",
        ),
        Action::ReleaseVersion => Some("Só a publicação da versão resolve a ocorrência por ela."),
        Action::Merge => {
            Some("Para unificar, informe a ocorrência que fica em \"Unificar a outra ocorrência\".")
        }
        Action::Estimate | Action::ApproveEstimate | Action::RefuseEstimate => Some(
            "O orçamento de uma alteração de dados tem o seu próprio formulário na página da ocorrência.",
        ),
        _ => None,
    };
    if let Some(message) = own_form {
        return Err(AppError::invalid(message));
    }
    apply_action(db, caller, actor, number, action, said, now).await
}

/// Hands occurrence `number` to Desenvolvimento with its complete simulation record
/// (internal) and, in `said`, an optional public message and internal files.
pub async fn hand_to_development(
    db: &Db,
    caller: &Caller,
    actor: &Actor,
    number: &str,
    said: &Said<'_>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    apply_action(
        db,
        caller,
        actor,
        number,
        Action::HandToDevelopment,
        said,
        now,
    )
    .await
}

async fn apply_action(
    db: &Db,
    caller: &Caller,
    actor: &Actor,
    number: &str,
    action: Action,
    said: &Said<'_>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let found = visible(db, caller, number).await?;
    let role = party(caller);
    let moved = match (decide(found.state, action, role), &found.owner_name) {
        // A take read after another's commit: the same answer as a take that lost the race.
        (Err(_), Some(by)) if action == Action::Take => {
            return Err(Rule::AlreadyTaken { by: by.clone() }.into());
        }
        (decided, _) => decided?,
    };
    may_act(role, &caller.person_id, &found.holding(), action)?;
    let pool_note = match (&found.directed, action) {
        (Some(d), Action::Take) if d.id != caller.person_id => {
            let policy = crate::server::sla::policy::load(db).await?;
            let release = directed::release(
                found.opened_at,
                d.present,
                now,
                &found.calendar(&policy),
                policy.directed_wait_minutes(),
            );
            if let directed::Release::Reserved { until } = release {
                let name = d.name.clone();
                return Err(Rule::DirectedTo { name, until }.into());
            }
            release.note(&d.name)
        }
        _ => None,
    };
    let attachments = upload_ids(said.attachments)?;
    let words = action_text(action, said.text, said.public_message, attachments.len())
        .map_err(AppError::invalid)?;
    let closes_at = match action {
        Action::Resolve => {
            let policy = crate::server::sla::policy::load(db).await?;
            Some(autoclose::closes_at(
                chrono::Utc::now(),
                &found.calendar(&policy),
            ))
        }
        _ => None,
    };
    let step = Step {
        text: &words.text,
        public_message: &words.public_message,
        attachments: &attachments,
        closes_at,
        pool_note: pool_note.as_deref(),
        simulation: said.simulation,
        ..Step::new(&found, action, role, moved, Some(&caller.person_id), actor)
    };
    match act::apply(db, &step).await.map_err(AppError::from) {
        // Someone acted first: say who has it now, without writing anything.
        Err(AppError::Rule(Rule::OccurrenceChanged)) => Err(raced(db, number, action).await?),
        other => other.map(|_| ()),
    }
}

/// What to tell a caller whose action on `number` lost a race.
async fn raced(db: &Db, number: &str, action: Action) -> Result<AppError, AppError> {
    let number = OccurrenceNumber::parse(number).map_err(AppError::invalid)?;
    let now = read::find(db, number)
        .await?
        .ok_or_else(|| AppError::not_found("Ocorrência não encontrada."))?;
    Ok(match (action, now.owner_name) {
        (Action::Take, Some(by)) => Rule::AlreadyTaken { by }.into(),
        _ => Rule::OccurrenceChanged.into(),
    })
}

/// A new criticality for occurrence `number` (as typed), with the reason the customer
/// reads.
pub async fn change_criticality(
    db: &Db,
    caller: &Caller,
    actor: &Actor,
    number: &str,
    criticality: &str,
    reason: &str,
) -> Result<Found, AppError> {
    let found = visible(db, caller, number).await?;
    let role = party(caller);
    decide(found.state, Action::ChangeCriticality, role)?;
    // Ownership as for every action: another N1's case is only read (and noted on).
    may_act(
        role,
        &caller.person_id,
        &found.holding(),
        Action::ChangeCriticality,
    )?;
    let criticality = Criticality::parse(criticality).map_err(AppError::invalid)?;
    let reason = bounded_text(reason, "o motivo da mudança", 1000).map_err(AppError::invalid)?;
    super::criticality::change_criticality(
        db,
        &found,
        criticality,
        &reason,
        role,
        &caller.person_id,
        actor,
    )
    .await?;
    Ok(found)
}
