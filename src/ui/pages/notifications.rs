//! `/notificacoes`: the caller's in-app notifications, newest first, and "mark all read".

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::notifications::{MarkNotificationsRead, my_notifications};
use crate::domain::time::format_date_time;
use crate::ui::components::loaded::loaded;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let mark = ServerAction::<MarkNotificationsRead>::new();
    let inbox = Resource::new(move || mark.version().get(), |_| my_notifications());
    view! {
        <Title text="Notificações" />
        <h1>"Notificações"</h1>
        {loaded(inbox, move |inbox| view! {
            {if inbox.items.is_empty() {
                view! { <p class="muted" data-testid="no-notifications">"Nenhuma notificação."</p> }.into_any()
            } else {
                view! {
                    <ul class="content-list" data-testid="notifications">
                        {inbox.items.into_iter().map(|n| view! {
                            <li class:unread=!n.read data-read=n.read.to_string()>
                                <span class="muted">{format_date_time(n.at)}</span> " "
                                {match n.link {
                                    Some(href) => view! { <a href=href>{n.text}</a> }.into_any(),
                                    None => view! { <span>{n.text}</span> }.into_any(),
                                }}
                                {(!n.read).then(|| view! { " " <strong class="badge">"nova"</strong> })}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(inbox.unread > 0).then(|| view! {
                <ActionForm action=mark attr:class="inline-form">
                    <button type="submit" data-testid="mark-notifications-read">"Marcar todas como lidas"</button>
                </ActionForm>
            })}
        })}
    }
}
