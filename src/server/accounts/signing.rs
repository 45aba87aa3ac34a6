//! Signing in and out, the role switch, a person's own password change and their own
//! sessions. Sign-in attempts are throttled per e-mail and per client address before any
//! password is checked; every outcome is audited.

use serde_json::json;

use super::{
    password as pw, people,
    sessions::{self, Caller, Client},
    throttle::{self, Attempt, Scope},
    token::SessionToken,
};
use crate::domain::{
    accounts::{Email, NewPassword, Role, SessionView},
    error::AppError,
};
use crate::server::db::{Actor, Change, Db};

/// Checks the e-mail and password and opens a session: its token (for the cookie) and who
/// signed in. A wrong pair is `Unauthenticated`, whichever half was wrong.
pub async fn sign_in(
    db: &Db,
    idle_timeout_secs: i64,
    client: &Client,
    email: &str,
    password: String,
) -> Result<(SessionToken, Caller), AppError> {
    let email = Email::parse(email).map_err(|_| AppError::Unauthenticated)?;
    let ip = throttle::client_key(client.ip.as_deref().unwrap_or("desconhecido"));
    let pair = format!("{}\n{ip}", email.as_str());
    // Counted before checking: per client address, per e-mail, per e-mail from this client.
    // The e-mail's pause holds back only a client that already failed at it, so a
    // stranger's guesses never lock the owner out of a device they have not failed on.
    let refused = match throttle::attempt(db, Scope::Client, &ip).await? {
        Attempt::Paused { retry_after_secs } => Some(retry_after_secs),
        Attempt::Allowed => {
            let account = throttle::attempt(db, Scope::Account, email.as_str()).await?;
            match throttle::attempt_counted(db, Scope::AccountFromClient, &pair).await? {
                (Attempt::Paused { retry_after_secs }, _) => Some(retry_after_secs),
                (Attempt::Allowed, counted) => match account {
                    Attempt::Paused { retry_after_secs } if counted > 1 => Some(retry_after_secs),
                    _ => None,
                },
            }
        }
    };
    if let Some(retry_after_secs) = refused {
        if throttle::audit_due(db, email.as_str()).await? {
            audit_attempt(db, client, &email, "entrada recusada (tentativas demais)").await?;
        }
        return Err(AppError::Throttled { retry_after_secs });
    }
    let found = people::credentials(db, email.as_str()).await?;
    let verified = pw::verify_async(found.as_ref().map(|f| f.hash.clone()), password).await;
    let Some(person) = found.filter(|_| verified) else {
        audit_attempt(db, client, &email, "entrada falhou").await?;
        return Err(AppError::Unauthenticated);
    };
    // Said only to whoever knows the password: it reveals nothing to a guesser.
    if person.temporary_expired {
        audit_attempt(
            db,
            client,
            &email,
            "entrada recusada (senha provisória expirada)",
        )
        .await?;
        return Err(AppError::Rule(
            crate::domain::rule::Rule::TemporaryPasswordExpired,
        ));
    }
    // The account's own count stays: it holds back only the clients that failed at it, and
    // the owner getting in must not give a guessing client a fresh budget.
    throttle::clear(db, Scope::AccountFromClient, &pair).await?;
    throttle::forgive(db, Scope::Client, &ip).await?;
    let token = SessionToken::generate()?;
    let person_id = person.id;
    let actor = Actor {
        person_id: Some(person_id.clone()),
        name: person.name,
        ip: client.ip.clone(),
        user_agent: client.user_agent.clone(),
    };
    sessions::create_statement(
        Change::new(),
        &token,
        &person_id,
        person.roles.first().copied(),
        client,
    )
    .audit(
        &actor,
        "entrada",
        &format!("pessoa:{person_id}"),
        None,
        None,
    )
    .commit(db)
    .await?;
    let caller = sessions::lookup(db, &token, idle_timeout_secs)
        .await?
        .ok_or(AppError::Internal)?;
    Ok((token, caller))
}

/// Audits a sign-in attempt that opened no session (nobody is signed in for it).
async fn audit_attempt(
    db: &Db,
    client: &Client,
    email: &Email,
    action: &str,
) -> Result<(), AppError> {
    let actor = Actor {
        person_id: None,
        name: email.as_str().to_owned(),
        ip: client.ip.clone(),
        user_agent: client.user_agent.clone(),
    };
    Change::new()
        .audit(
            &actor,
            action,
            &format!("email:{}", email.as_str()),
            None,
            None,
        )
        .commit(db)
        .await?;
    Ok(())
}

/// Ends the session a browser presented when it signed in again (a new one replaces it:
/// no stale session is left behind on a shared computer).
pub async fn replaced(db: &Db, actor: &Actor, previous: &Caller) -> Result<(), AppError> {
    end_one(
        db,
        actor,
        previous,
        &previous.session_id,
        "sessão substituída por uma nova entrada",
        None,
    )
    .await
}

/// Ends the caller's session.
pub async fn sign_out(db: &Db, actor: &Actor, caller: &Caller) -> Result<(), AppError> {
    end_one(db, actor, caller, &caller.session_id, "saída", None).await
}

async fn end_one(
    db: &Db,
    actor: &Actor,
    caller: &Caller,
    session_id: &str,
    action: &str,
    before: Option<serde_json::Value>,
) -> Result<(), AppError> {
    Change::new()
        .statement(sessions::END_ONE)
        .bind("person", caller.person_id.clone())
        .bind("sess", session_id.to_owned())
        .audit(
            actor,
            action,
            &format!("pessoa:{}", caller.person_id),
            before,
            None,
        )
        .commit(db)
        .await?;
    Ok(())
}

/// The role the whole app acts as for this session (`None`: browse as a visitor); only
/// one of the caller's own roles.
pub async fn switch_role(
    db: &Db,
    actor: &Actor,
    caller: &Caller,
    role: Option<Role>,
) -> Result<(), AppError> {
    if let Some(r) = role
        && !caller.roles.contains(&r)
    {
        return Err(AppError::Forbidden);
    }
    Change::new()
        .statement(sessions::SET_ROLE)
        .bind("sess", caller.session_id.clone())
        .bind("role", role.map(|r| r.slug().to_owned()))
        .audit(
            actor,
            "troca de papel",
            &format!("pessoa:{}", caller.person_id),
            Some(json!({ "papel": caller.active_role.map(Role::label) })),
            Some(json!({ "papel": role.map(Role::label) })),
        )
        .commit(db)
        .await?;
    Ok(())
}

/// The caller's new password, given the current one (throttled like sign-in); every other
/// session of theirs ends.
pub async fn change_password(
    db: &Db,
    actor: &Actor,
    caller: &Caller,
    current: String,
    new: NewPassword,
) -> Result<(), AppError> {
    if new.expose() == current {
        return Err(AppError::invalid(
            "A nova senha deve ser diferente da atual.",
        ));
    }
    if let Attempt::Paused { retry_after_secs } =
        throttle::attempt(db, Scope::PasswordChange, &caller.person_id).await?
    {
        return Err(AppError::Throttled { retry_after_secs });
    }
    let stored = people::password_hash(db, &caller.person_id)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if !pw::verify_async(Some(stored), current).await {
        Change::new()
            .audit(
                actor,
                "troca de senha recusada (senha atual incorreta)",
                &format!("pessoa:{}", caller.person_id),
                None,
                None,
            )
            .commit(db)
            .await?;
        return Err(AppError::invalid("A senha atual está incorreta."));
    }
    throttle::clear(db, Scope::PasswordChange, &caller.person_id).await?;
    let hash = pw::hash_async(new).await?;
    people::set_password(Change::new(), &caller.person_id, &hash, false)
        .statement(sessions::END_OTHERS)
        .bind("person", caller.person_id.clone())
        .bind("keep", caller.session_id.clone())
        .audit(
            actor,
            "senha alterada",
            &format!("pessoa:{}", caller.person_id),
            None,
            None,
        )
        .commit(db)
        .await?;
    Ok(())
}

/// Ends one of the caller's own sessions (e.g. on a forgotten computer).
pub async fn end_session(
    db: &Db,
    actor: &Actor,
    caller: &Caller,
    idle_timeout_secs: i64,
    id: &str,
) -> Result<(), AppError> {
    let mine: Vec<SessionView> = sessions::list(db, caller, idle_timeout_secs).await?;
    if !mine.iter().any(|s| s.id == id) {
        return Err(AppError::not_found("Sessão não encontrada."));
    }
    let before = Some(json!({ "sessao": id }));
    end_one(db, actor, caller, id, "sessão encerrada", before).await
}
