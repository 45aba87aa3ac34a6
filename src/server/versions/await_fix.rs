//! A fixed case waits on the weekly version that carries the fix: the analyst names a
//! registered, unpublished version; the customer reads which and when it is planned.

use crate::domain::{
    error::AppError,
    occurrences::{Action, decide, message::action_text, ownership::may_act},
    rule::Rule,
    versions::VersionNumber,
};
use crate::server::{
    accounts::sessions::Caller,
    db::{Actor, Db, first},
    occurrences::{
        access::{party, visible},
        act::{self, Step},
    },
};

/// Puts occurrence `number` to wait on `version`, with the analyst's optional public
/// words after the line that names the version.
pub async fn await_version(
    db: &Db,
    caller: &Caller,
    actor: &Actor,
    number: &str,
    version: &str,
    message: &str,
) -> Result<(), AppError> {
    let found = visible(db, caller, number).await?;
    let role = party(caller);
    let moved = decide(found.state, Action::AwaitVersion, role)?;
    may_act(
        role,
        &caller.person_id,
        &found.holding(),
        Action::AwaitVersion,
    )?;
    let version = VersionNumber::parse(version).map_err(AppError::invalid)?;
    let planned = planned(db, version).await?.ok_or(Rule::VersionNotOpen)?;
    let words = action_text(Action::AwaitVersion, message, "", 0).map_err(AppError::invalid)?;
    let mut text = format!(
        "A correção foi feita e sairá na versão {version}, prevista para {}. Quando ela for publicada, esta ocorrência será resolvida e você receberá um e-mail.",
        planned.format("%d/%m/%Y")
    );
    if !words.text.is_empty() {
        text = format!("{text}\n\n{}", words.text);
    }
    let number_text = version.to_string();
    let step = Step {
        text: &text,
        fix_version: Some(&number_text),
        ..Step::new(
            &found,
            Action::AwaitVersion,
            role,
            moved,
            Some(&caller.person_id),
            actor,
        )
    };
    act::apply(db, &step).await?;
    Ok(())
}

/// The planned date of `version` if it is registered and not yet published.
async fn planned(db: &Db, version: VersionNumber) -> anyhow::Result<Option<chrono::NaiveDate>> {
    let mut res = db
        .query(
            "SELECT VALUE planned FROM type::record('erp_version', $n) WHERE published_at = NONE",
        )
        .bind(("n", version.to_string()))
        .await?;
    first(&mut res, 0)
}
