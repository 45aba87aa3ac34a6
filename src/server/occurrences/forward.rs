//! Out of scope → another area. The coordinator's table of categories and areas (stored
//! as one record; absent = the manual's defaults), and the forward itself: the analyst's
//! category and area resolved against the table, kept on the case, with a reason the
//! customer reads and a copy of the demand to the area's address, in one transaction.

use anyhow::Result;

use super::{
    access::{party, visible},
    act::{self, ForwardTo, Step},
    read::Found,
};
use crate::domain::{
    error::AppError,
    occurrences::{
        Action, decide, forwarding::Forwarding, message::action_text, ownership::may_act,
    },
};
use crate::server::{
    accounts::sessions::Caller,
    db::{Actor, Change, Db},
};

/// The table in force.
pub async fn load(db: &Db) -> Result<Forwarding> {
    crate::server::db::setting(db, "forwarding_table").await
}

/// Stores the coordinator's table with its audit row (before and after). Past forwards
/// keep the names they were made with.
pub async fn save_audited(db: &Db, actor: &Actor, new: &Forwarding) -> Result<(), AppError> {
    let before = load(db).await?;
    let json = |f: &Forwarding| serde_json::to_value(f).map_err(anyhow::Error::from);
    Change::new()
        .statement("UPSERT forwarding_table:current SET data = $fw_data")
        .bind("fw_data", json(new)?)
        .audit(
            actor,
            "áreas e categorias de encaminhamento alteradas",
            "forwarding_table:current",
            Some(json(&before)?),
            Some(json(new)?),
        )
        .commit(db)
        .await?;
    Ok(())
}

/// What the analyst chose on the form.
pub struct ForwardForm<'a> {
    pub category: &'a str,
    pub area: &'a str,
    pub reason: &'a str,
}

/// Forwards occurrence `number` out of support's scope; returns the case as it was.
pub async fn forward(
    db: &Db,
    caller: &Caller,
    actor: &Actor,
    number: &str,
    form: &ForwardForm<'_>,
) -> Result<Found, AppError> {
    let found = visible(db, caller, number).await?;
    let role = party(caller);
    let moved = decide(found.state, Action::Forward, role)?;
    may_act(role, &caller.person_id, &found.holding(), Action::Forward)?;
    let destination = load(db)
        .await?
        .destination(form.category, form.area)
        .map_err(AppError::invalid)?;
    let reason = action_text(Action::Forward, form.reason, "", 0).map_err(AppError::invalid)?;
    let text = format!(
        "Encaminhada à área {} ({}). Motivo: {}",
        destination.area, destination.category, reason.text
    );
    let step = Step {
        text: &text,
        forward: Some(ForwardTo {
            destination: &destination,
            reason: &reason.text,
        }),
        ..Step::new(
            &found,
            Action::Forward,
            role,
            moved,
            Some(&caller.person_id),
            actor,
        )
    };
    act::apply(db, &step).await?;
    Ok(found)
}
