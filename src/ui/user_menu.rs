//! Header navigation: the menu of the current role, the role switch and sign-out.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::session::{menu_of, use_session};
use crate::api::accounts::session::{SignOut, SwitchRole};
use crate::domain::accounts::{Role, SessionUser};
use crate::ui::components::icon::{Glyph, Icon};

#[component]
pub fn HeaderNav() -> impl IntoView {
    let session = use_session();
    view! {
        <Transition fallback=|| view! { <Menu user=None /> }>
            {move || Suspend::new(async move { view! { <Menu user=session.user.await /> } })}
        </Transition>
    }
}

#[component]
fn Menu(user: Option<SessionUser>) -> impl IntoView {
    let role = user.as_ref().and_then(|u| u.active_role);
    view! {
        <nav class="main-nav" aria-label="Menu principal" data-testid="main-menu" data-role=role.map_or("visitor", Role::slug)>
            {menu_of(role).into_iter().map(|(href, label)| view! { <a href=href>{label}</a> }).collect_view()}
        </nav>
        {match user {
            Some(user) => view! { <UserBox user /> }.into_any(),
            None => view! { <a class="sign-in-link" href="/entrar" data-testid="sign-in-link">"Entrar"</a> }.into_any(),
        }}
    }
}

#[component]
fn UserBox(user: SessionUser) -> impl IntoView {
    let session = use_session();
    let navigate = use_navigate();
    let switch = ServerAction::<SwitchRole>::new();
    let sign_out = ServerAction::<SignOut>::new();
    let nav = navigate.clone();
    Effect::new(move |_| {
        if let Some(Ok(user)) = switch.value().get() {
            session.refresh();
            nav(user.landing(), Default::default());
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = sign_out.value().get() {
            // Nothing typed by this person stays behind for the next one on this computer.
            crate::ui::pages::occurrences::draft::clear_all();
            session.refresh();
            navigate("/", Default::default());
        }
    });
    let current = user.active_role.map_or("", Role::slug);
    // Both are real forms: without JavaScript they post and the server redirects.
    view! {
        <div class="user-box">
            <span class="user-name" data-testid="user-name">{user.name.clone()}</span>
            <ActionForm action=switch attr:class="role-form">
                <label class="visually-hidden" for="role-switch">"Ver o sistema como"</label>
                <select
                    id="role-switch"
                    name="role"
                    data-testid="role-switch"
                    on:change=move |ev| {
                        switch.dispatch(SwitchRole { role: event_target_value(&ev) });
                    }
                >
                    {user
                        .roles
                        .iter()
                        .map(|r| view! { <option value=r.slug() selected=current == r.slug()>{r.label()}</option> })
                        .collect_view()}
                    <option value="" selected=current.is_empty()>"Visitante (portal)"</option>
                </select>
                <button type="submit" class="link-button role-submit" data-testid="role-submit">"Trocar"</button>
            </ActionForm>
            <NotificationsLink />
            <a href="/conta">"Conta"</a>
            <ActionForm action=sign_out attr:class="sign-out-form">
                <button type="submit" class="link-button" data-testid="sign-out">"Sair"</button>
            </ActionForm>
        </div>
    }
}

/// The bell with the unread count, asked again on every navigation — in the browser only,
/// from an effect: a resource here (inside the header's suspended part) would be numbered
/// differently on the server and in the browser, or hold the header's rendering back.
#[component]
fn NotificationsLink() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let (count, set_count) = signal(0u32);
    Effect::new(move |_| {
        location.pathname.track();
        leptos::task::spawn_local(async move {
            if let Ok(n) = crate::api::notifications::unread_notifications().await {
                set_count.set(n);
            }
        });
    });
    view! {
        <a href="/notificacoes" class="notifications-link" data-testid="notifications-link"
            aria-label=move || match count.get() {
                0 => "Notificações: nenhuma nova".to_owned(),
                1 => "Notificações: 1 nova".to_owned(),
                n => format!("Notificações: {n} novas"),
            }>
            // An inline icon: an emoji bell is a missing-glyph box on systems without colour
            // emoji fonts (Debian's Chromium among them).
            <Icon glyph=Glyph::Bell class="bell" />
            {move || (count.get() > 0).then(|| view! { <span class="badge" data-testid="notification-count">{count.get()}</span> })}
        </a>
    }
}
