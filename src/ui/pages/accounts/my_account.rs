//! `/conta`: the signed-in person's own account: password change (required first when a
//! temporary password is in use) and the open sessions, any of which can be ended.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::accounts::session::{ChangePassword, EndSession, my_sessions};
use crate::domain::accounts::{SessionView, describe_browser};
use crate::domain::time::format_date_time;
use crate::ui::components::errors::message;
use crate::ui::components::loaded::loaded;
use crate::ui::session::use_session;

#[component]
pub fn AccountPage() -> impl IntoView {
    let session = use_session();
    let action = ServerAction::<ChangePassword>::new();
    let end = ServerAction::<EndSession>::new();
    let sessions = Resource::new(
        move || (end.version().get(), action.version().get()),
        |_| my_sessions(),
    );
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            session.refresh();
        }
    });
    let outcome = move || {
        action.value().get().map(|r| match r {
            Ok(()) => view! { <p class="notice" role="status" data-testid="password-changed">"Senha alterada. As outras sessões abertas foram encerradas."</p> }.into_any(),
            Err(e) => view! { <p class="notice notice-error" role="alert" data-testid="password-error">{message(&e)}</p> }.into_any(),
        })
    };
    let temporary = move || {
        session
            .user
            .get()
            .flatten()
            .is_some_and(|u| u.must_change_password)
            && !matches!(action.value().get(), Some(Ok(())))
    };
    view! {
        <Title text="Minha conta" />
        <section class="narrow">
            <h1>"Minha conta"</h1>
            <Transition fallback=|| ()>
                {move || temporary().then(|| view! {
                    <p class="notice" role="alert" data-testid="must-change-password">
                        "Você entrou com uma senha provisória. Escolha a sua senha para continuar usando a Extranet."
                    </p>
                })}
            </Transition>
            <h2>"Trocar a senha"</h2>
            <ActionForm action=action attr:class="form" attr:data-testid="password-form">
                <label>"Senha atual" <input type="password" name="current" required autocomplete="current-password" /></label>
                <label>"Nova senha (mínimo de 10 caracteres)" <input type="password" name="new" required minlength="10" autocomplete="new-password" /></label>
                <label>"Confirme a nova senha" <input type="password" name="confirm" required minlength="10" autocomplete="new-password" /></label>
                {outcome}
                <button type="submit" class="button-primary">"Trocar senha"</button>
            </ActionForm>
            <h2>"Sessões abertas"</h2>
            <p class="muted">"Onde a sua conta está conectada. Encerre as que você não reconhece ou esqueceu abertas."</p>
            {move || end.value().get().and_then(|r| r.err()).map(|e| view! { <p class="notice notice-error" role="alert">{message(&e)}</p> })}
            {loaded(sessions, move |list| view! {
                <ul class="content-list" data-testid="sessions">
                    {list.into_iter().map(|s| view! { <SessionItem session=s end /> }).collect_view()}
                </ul>
            })}
        </section>
    }
}

#[component]
fn SessionItem(session: SessionView, end: ServerAction<EndSession>) -> impl IntoView {
    let live = crate::ui::components::live::is_live();
    let id = session.id.clone();
    let browser = describe_browser(session.user_agent.as_deref());
    view! {
        <li data-testid="session" data-current=session.current.to_string()>
            <strong title=session.user_agent.clone().unwrap_or_default()>{browser}</strong>
            <br />
            <span class="muted">
                {format!(
                    "Entrou em {} · último uso em {}{}",
                    format_date_time(session.created_at),
                    format_date_time(session.last_seen_at),
                    session.ip.as_deref().map(|ip| format!(" · endereço {ip}")).unwrap_or_default(),
                )}
            </span>
            {if session.current {
                view! { " " <span class="badge">"esta sessão"</span> }.into_any()
            } else {
                view! {
                    " "
                    <button type="button" class="link-button" data-testid="end-session" disabled=move || !live.get() title=crate::ui::components::live::waiting_title(live) on:click=move |_| {
                        end.dispatch(EndSession { id: id.clone() });
                    }>"Encerrar"</button>
                }.into_any()
            }}
        </li>
    }
}
