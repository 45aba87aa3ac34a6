//! Sign-in, sign-out, the current session, the role switch and password change.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::domain::account::Role;
use crate::domain::account::SessionUser;

/// Same answer for an unknown e-mail and a wrong password: no hint about who has an account.
pub const WRONG_CREDENTIALS: &str = "E-mail ou senha incorretos.";
pub const TOO_MANY_ATTEMPTS: &str =
    "Muitas tentativas sem sucesso. Por segurança, aguarde 15 minutos e tente de novo.";

#[cfg(feature = "ssr")]
fn session_user(
    c: &crate::server::auth::sessions::Caller,
    active_role: Option<Role>,
) -> SessionUser {
    SessionUser {
        name: c.name.clone(),
        email: c.email.clone(),
        roles: c.roles.clone(),
        active_role,
        company_name: c.company_name.clone(),
    }
}

/// Adds the session cookie `build` makes (given whether the request came over HTTPS) to
/// the response.
#[cfg(feature = "ssr")]
fn send_cookie(build: impl FnOnce(bool) -> String) {
    use crate::server::auth::cookie;
    use axum::http::{HeaderValue, header::SET_COOKIE};
    let secure =
        use_context::<axum::http::request::Parts>().is_some_and(|p| cookie::is_https(&p.headers));
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        // Cookie values are hex tokens and fixed attributes: always valid header text.
        let value = HeaderValue::from_str(&build(secure)).expect("ASCII cookie");
        response.append_header(SET_COOKIE, value);
    }
}

#[server(endpoint = "entrar")]
pub async fn sign_in(email: String, password: String) -> Result<SessionUser, ServerFnError> {
    use crate::domain::account::Email;
    use crate::server::auth::{cookie, password as pw, sessions, throttle};
    use crate::server::people;
    let state = super::state()?;
    let db = &state.db;
    let email = Email::parse(&email).map_err(super::invalid)?;
    if throttle::is_locked(db, email.as_str())
        .await
        .map_err(super::internal)?
    {
        return Err(super::fail(
            axum::http::StatusCode::TOO_MANY_REQUESTS,
            TOO_MANY_ATTEMPTS,
        ));
    }
    let found = people::credentials(db, email.as_str())
        .await
        .map_err(super::internal)?;
    let verified = match &found {
        Some((_, hash, _)) => pw::verify(hash, &password),
        None => {
            // Unknown e-mail: spend the same time as a real check.
            pw::verify_nothing(&password);
            false
        }
    };
    let Some((person_id, _, roles)) = found.filter(|_| verified) else {
        throttle::record_failure(db, email.as_str())
            .await
            .map_err(super::internal)?;
        return Err(super::fail(
            axum::http::StatusCode::UNAUTHORIZED,
            WRONG_CREDENTIALS,
        ));
    };
    throttle::clear(db, email.as_str())
        .await
        .map_err(super::internal)?;
    let token = sessions::create(db, &person_id, roles.first().copied())
        .await
        .map_err(super::internal)?;
    send_cookie(|secure| cookie::set(&token, sessions::LIFETIME_SECS, secure));
    let caller = sessions::lookup(db, &token)
        .await
        .map_err(super::internal)?
        .ok_or_else(|| super::invalid("A sessão não pôde ser aberta. Tente de novo."))?;
    tracing::info!(person = %caller.person_id, "sign-in");
    Ok(session_user(&caller, caller.active_role))
}

#[server(endpoint = "sair")]
pub async fn sign_out() -> Result<(), ServerFnError> {
    use crate::server::auth::{cookie, sessions};

    let state = super::state()?;
    if let Some(caller) = super::caller().await? {
        sessions::destroy(&state.db, &caller.token_hash)
            .await
            .map_err(super::internal)?;
    }
    send_cookie(cookie::clear);
    Ok(())
}

/// The signed-in person, or `None` for a visitor.
#[server(endpoint = "sessao")]
pub async fn current_user() -> Result<Option<SessionUser>, ServerFnError> {
    Ok(super::caller()
        .await?
        .map(|c| session_user(&c, c.active_role)))
}

/// Switches the role the whole app acts as; an empty value means "browse as a visitor".
#[server(endpoint = "papel")]
pub async fn switch_role(role: String) -> Result<SessionUser, ServerFnError> {
    let state = super::state()?;
    let caller = super::caller()
        .await?
        .ok_or_else(|| super::invalid(super::NOT_SIGNED_IN))?;
    let role = if role.is_empty() {
        None
    } else {
        Some(Role::parse(&role).map_err(super::invalid)?)
    };
    if let Some(r) = role
        && !caller.roles.contains(&r)
    {
        return Err(super::invalid("Você não tem esse papel."));
    }
    crate::server::auth::sessions::set_active_role(&state.db, &caller, role)
        .await
        .map_err(super::internal)?;
    Ok(session_user(&caller, role))
}

#[server(endpoint = "senha")]
pub async fn change_password(
    current: String,
    new: String,
    confirm: String,
) -> Result<(), ServerFnError> {
    use crate::domain::account::NewPassword;
    use crate::server::auth::{password as pw, sessions};
    use crate::server::people;

    let state = super::state()?;
    let caller = super::caller()
        .await?
        .ok_or_else(|| super::invalid(super::NOT_SIGNED_IN))?;
    if new != confirm {
        return Err(super::invalid("A confirmação não é igual à nova senha."));
    }
    let new = NewPassword::parse(&new).map_err(super::invalid)?;
    let stored = people::password_hash(&state.db, &caller.person_id)
        .await
        .map_err(super::internal)?
        .ok_or_else(|| super::invalid(super::NOT_SIGNED_IN))?;
    if !pw::verify(&stored, &current) {
        return Err(super::invalid("A senha atual está incorreta."));
    }
    let hash = pw::hash(&new).map_err(super::internal)?;
    people::set_password(&state.db, &caller.person_id, &hash)
        .await
        .map_err(super::internal)?;
    sessions::destroy_others(&state.db, &caller)
        .await
        .map_err(super::internal)?;
    Ok(())
}
