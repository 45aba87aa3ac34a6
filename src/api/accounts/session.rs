//! Sign-in, sign-out, the current session, the role switch, password change and the
//! person's own sessions. Sign-in, sign-out and the role switch also work as plain HTML
//! form posts (no JavaScript): they answer with a redirect then.

use leptos::prelude::*;

use crate::api::AppError;
use crate::domain::accounts::{SessionUser, SessionView};

#[cfg(feature = "ssr")]
use crate::domain::accounts::Role;
#[cfg(feature = "ssr")]
use crate::server::accounts::sessions::Caller;

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
fn send_cookie(build: impl FnOnce(crate::server::accounts::cookie::Policy) -> String) {
    use crate::server::accounts::cookie;
    use axum::http::{HeaderValue, header::SET_COOKIE};
    let (Ok(state), Some(parts)) = (
        crate::api::state(),
        use_context::<axum::http::request::Parts>(),
    ) else {
        return;
    };
    let policy = cookie::policy(&state.security, &parts.headers);
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        // Cookie values are hex tokens and fixed attributes: always valid header text.
        match HeaderValue::from_str(&build(policy)) {
            Ok(value) => response.append_header(SET_COOKIE, value),
            Err(e) => tracing::error!(error = %e, "session cookie is not header text"),
        }
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
            Err(AppError::Rule(crate::domain::rule::Rule::TemporaryPasswordExpired)) => {
                leptos_axum::redirect("/entrar?erro=provisoria-expirada")
            }
            Err(_) => leptos_axum::redirect("/entrar?erro=credenciais"),
        }
    }
    result
}

#[cfg(feature = "ssr")]
async fn sign_in_inner(email: String, password: String) -> Result<SessionUser, AppError> {
    use crate::server::accounts::{cookie, sessions, signing};
    let state = crate::api::state()?;
    let client = crate::api::client();
    let idle = state.security.idle_timeout_secs;
    let (token, caller) = signing::sign_in(&state.db, idle, &client, &email, password).await?;
    // The session this browser presented (if any) gives way to the new one.
    if let Some(previous) = crate::api::caller().await? {
        signing::replaced(&state.db, &crate::api::actor(&previous), &previous).await?;
    }
    send_cookie(|p| cookie::set(p, &token, sessions::LIFETIME_SECS));
    Ok(session_user(&caller, caller.active_role))
}

#[server(endpoint = "sair")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::server::accounts::{cookie, signing};
    let state = crate::api::state()?;
    if let Some(caller) = crate::api::caller().await? {
        signing::sign_out(&state.db, &crate::api::actor(&caller), &caller).await?;
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
    Ok(crate::api::caller()
        .await?
        .map(|c| session_user(&c, c.active_role)))
}

/// Switches the role the whole app acts as; an empty value means "browse as a visitor".
#[server(endpoint = "papel")]
pub async fn switch_role(role: String) -> Result<SessionUser, AppError> {
    let state = crate::api::state()?;
    let caller = crate::api::signed_in().await?;
    let role = Some(role)
        .filter(|r| !r.is_empty())
        .map(|r| Role::parse(&r))
        .transpose()
        .map_err(AppError::invalid)?;
    let actor = crate::api::actor(&caller);
    crate::server::accounts::signing::switch_role(&state.db, &actor, &caller, role).await?;
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
    use crate::domain::accounts::NewPassword;
    let state = crate::api::state()?;
    let caller = crate::api::signed_in().await?;
    if new != confirm {
        return Err(AppError::invalid("A confirmação não é igual à nova senha."));
    }
    let new = NewPassword::parse(&new).map_err(AppError::invalid)?;
    let actor = crate::api::actor(&caller);
    crate::server::accounts::signing::change_password(&state.db, &actor, &caller, current, new)
        .await
}

/// The signed-in person's open sessions (this one marked), most recently used first.
#[server(endpoint = "minhas-sessoes")]
pub async fn my_sessions() -> Result<Vec<SessionView>, AppError> {
    let state = crate::api::state()?;
    let caller = crate::api::signed_in().await?;
    let idle = state.security.idle_timeout_secs;
    Ok(crate::server::accounts::sessions::list(&state.db, &caller, idle).await?)
}

/// Ends one of the signed-in person's own sessions (e.g. a forgotten computer).
#[server(endpoint = "encerrar-sessao")]
pub async fn end_session(id: String) -> Result<(), AppError> {
    let state = crate::api::state()?;
    let caller = crate::api::signed_in().await?;
    let actor = crate::api::actor(&caller);
    let idle = state.security.idle_timeout_secs;
    crate::server::accounts::signing::end_session(&state.db, &actor, &caller, idle, &id).await
}
