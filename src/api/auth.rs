//! Sign-in, sign-out, the current session, the role switch, password change and the
//! person's own sessions. Sign-in, sign-out and the role switch also work as plain HTML
//! form posts (no JavaScript): they answer with a redirect then.

use leptos::prelude::*;

use super::AppError;
use crate::domain::account::{SessionUser, SessionView};

#[cfg(feature = "ssr")]
use crate::domain::account::Role;
#[cfg(feature = "ssr")]
use crate::server::{auth::sessions::Caller, db::Change};

#[cfg(feature = "ssr")]
fn session_user(c: &Caller, active_role: Option<Role>) -> SessionUser {
    SessionUser {
        name: c.name.clone(),
        email: c.email.clone(),
        roles: c.roles.clone(),
        active_role,
        company_name: c.company_name.clone(),
        must_change_password: c.must_change_password,
    }
}

/// Adds the session cookie `build` makes (under the configured cookie policy).
#[cfg(feature = "ssr")]
fn send_cookie(build: impl FnOnce(crate::server::auth::cookie::Policy) -> String) {
    use crate::server::auth::cookie;
    use axum::http::{HeaderValue, header::SET_COOKIE};
    let (Ok(state), Some(parts)) = (super::state(), use_context::<axum::http::request::Parts>())
    else {
        return;
    };
    let policy = cookie::policy(&state.security, &parts.headers);
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        // Cookie values are hex tokens and fixed attributes: always valid header text.
        let value = HeaderValue::from_str(&build(policy)).expect("ASCII cookie");
        response.append_header(SET_COOKIE, value);
    }
}

/// True for a plain HTML form post (no JavaScript): such callers get redirects.
#[cfg(feature = "ssr")]
fn plain_form_post() -> bool {
    use_context::<axum::http::request::Parts>().is_some_and(|p| {
        p.headers
            .get(axum::http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    })
}

#[server(endpoint = "entrar")]
pub async fn sign_in(email: String, password: String) -> Result<SessionUser, AppError> {
    let result = sign_in_inner(email, password).await;
    if plain_form_post() {
        match &result {
            Ok(user) => leptos_axum::redirect(user.landing()),
            Err(AppError::Throttled { .. }) => leptos_axum::redirect("/entrar?erro=bloqueado"),
            Err(_) => leptos_axum::redirect("/entrar?erro=credenciais"),
        }
    }
    result
}

#[cfg(feature = "ssr")]
async fn sign_in_inner(email: String, password: String) -> Result<SessionUser, AppError> {
    use crate::domain::account::Email;
    use crate::server::auth::{
        cookie, password as pw, sessions,
        throttle::{self, Attempt, Scope},
        token::SessionToken,
    };
    use crate::server::people;
    let state = super::state()?;
    let db = &state.db;
    let client = super::client();
    let email = Email::parse(&email).map_err(|_| AppError::Unauthenticated)?;
    let ip = client.ip.clone().unwrap_or_else(|| "desconhecido".into());
    // Counted before checking, per e-mail and per client address.
    for (scope, key) in [
        (Scope::Client, ip.as_str()),
        (Scope::Account, email.as_str()),
    ] {
        if let Attempt::Paused { retry_after_secs } = throttle::attempt(db, scope, key).await? {
            audit_attempt(db, &client, &email, "entrada recusada (tentativas demais)").await?;
            return Err(AppError::Throttled { retry_after_secs });
        }
    }
    let found = people::credentials(db, email.as_str()).await?;
    let verified = pw::verify_async(found.as_ref().map(|f| f.hash.clone()), password).await;
    let Some(person) = found.filter(|_| verified) else {
        audit_attempt(db, &client, &email, "entrada falhou").await?;
        return Err(AppError::Unauthenticated);
    };
    throttle::clear(db, Scope::Account, email.as_str()).await?;
    throttle::forgive(db, Scope::Client, &ip).await?;
    let token = SessionToken::generate()?;
    let person_id = person.id;
    let actor = crate::server::db::Actor {
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
        &client,
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
    send_cookie(|p| cookie::set(p, &token, sessions::LIFETIME_SECS));
    let caller = sessions::lookup(db, &token, state.security.idle_timeout_secs)
        .await?
        .ok_or(AppError::Internal)?;
    Ok(session_user(&caller, caller.active_role))
}

/// Audits a sign-in attempt that opened no session (nobody is signed in for it).
#[cfg(feature = "ssr")]
async fn audit_attempt(
    db: &crate::server::db::Db,
    client: &crate::server::auth::sessions::Client,
    email: &crate::domain::account::Email,
    action: &str,
) -> Result<(), AppError> {
    let actor = crate::server::db::Actor {
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

#[server(endpoint = "sair")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::server::auth::{cookie, sessions};
    let state = super::state()?;
    if let Some(caller) = super::caller().await? {
        Change::new()
            .statement(sessions::END_ONE)
            .bind("person", caller.person_id.clone())
            .bind("sess", caller.session_id.clone())
            .audit(
                &super::actor(&caller),
                "saída",
                &format!("pessoa:{}", caller.person_id),
                None,
                None,
            )
            .commit(&state.db)
            .await?;
    }
    send_cookie(cookie::clear);
    if plain_form_post() {
        leptos_axum::redirect("/");
    }
    Ok(())
}

/// The signed-in person, or `None` for a visitor.
#[server(endpoint = "sessao")]
pub async fn current_user() -> Result<Option<SessionUser>, AppError> {
    Ok(super::caller()
        .await?
        .map(|c| session_user(&c, c.active_role)))
}

/// Switches the role the whole app acts as; an empty value means "browse as a visitor".
#[server(endpoint = "papel")]
pub async fn switch_role(role: String) -> Result<SessionUser, AppError> {
    use crate::server::auth::sessions;
    let state = super::state()?;
    let caller = super::signed_in().await?;
    let role = if role.is_empty() {
        None
    } else {
        Some(Role::parse(&role).map_err(AppError::invalid)?)
    };
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
            &super::actor(&caller),
            "troca de papel",
            &format!("pessoa:{}", caller.person_id),
            Some(serde_json::json!({ "papel": caller.active_role.map(Role::label) })),
            Some(serde_json::json!({ "papel": role.map(Role::label) })),
        )
        .commit(&state.db)
        .await?;
    let user = session_user(&caller, role);
    if plain_form_post() {
        leptos_axum::redirect(user.landing());
    }
    Ok(user)
}

#[server(endpoint = "senha")]
pub async fn change_password(
    current: String,
    new: String,
    confirm: String,
) -> Result<(), AppError> {
    use crate::domain::account::NewPassword;
    use crate::server::auth::{
        password as pw, sessions,
        throttle::{self, Attempt, Scope},
    };
    use crate::server::people;

    let state = super::state()?;
    let db = &state.db;
    let caller = super::signed_in().await?;
    if new != confirm {
        return Err(AppError::invalid("A confirmação não é igual à nova senha."));
    }
    let new = NewPassword::parse(&new).map_err(AppError::invalid)?;
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
                &super::actor(&caller),
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
            &super::actor(&caller),
            "senha alterada",
            &format!("pessoa:{}", caller.person_id),
            None,
            None,
        )
        .commit(db)
        .await?;
    Ok(())
}

/// The signed-in person's open sessions (this one marked), most recently used first.
#[server(endpoint = "minhas-sessoes")]
pub async fn my_sessions() -> Result<Vec<SessionView>, AppError> {
    let state = super::state()?;
    let caller = super::signed_in().await?;
    Ok(
        crate::server::auth::sessions::list(&state.db, &caller, state.security.idle_timeout_secs)
            .await?,
    )
}

/// Ends one of the signed-in person's own sessions (e.g. a forgotten computer).
#[server(endpoint = "encerrar-sessao")]
pub async fn end_session(id: String) -> Result<(), AppError> {
    use crate::server::auth::sessions;
    let state = super::state()?;
    let caller = super::signed_in().await?;
    let mine = sessions::list(&state.db, &caller, state.security.idle_timeout_secs).await?;
    if !mine.iter().any(|s| s.id == id) {
        return Err(AppError::not_found("Sessão não encontrada."));
    }
    Change::new()
        .statement(sessions::END_ONE)
        .bind("person", caller.person_id.clone())
        .bind("sess", id.clone())
        .audit(
            &super::actor(&caller),
            "sessão encerrada",
            &format!("pessoa:{}", caller.person_id),
            Some(serde_json::json!({ "sessao": id })),
            None,
        )
        .commit(&state.db)
        .await?;
    Ok(())
}
