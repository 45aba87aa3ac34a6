//! The call-backs waiting for the signed-in analyst, at the top of their queue: who to call,
//! the number, the message, and "retornei".

use leptos::prelude::*;

use crate::api::calls::{CallbackDone, my_callbacks};
use crate::domain::time::format_date_time;
use crate::ui::components::errors::message;

#[component]
pub fn MyCallbacks() -> impl IntoView {
    let done = ServerAction::<CallbackDone>::new();
    let list = Resource::new(move || done.version().get(), |_| my_callbacks());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let items = list.await.unwrap_or_default();
                (!items.is_empty()).then(|| view! {
                    <section class="callbacks" data-testid="callbacks">
                        <h2>"Recados para retornar"</h2>
                        <ul>
                            {items.into_iter().map(|c| view! {
                                <li data-testid="callback-item">
                                    <strong>{c.caller_name}</strong> " · "
                                    <a href=format!("tel:{}", c.caller_phone)>{c.caller_phone.clone()}</a>
                                    {c.company_name.map(|n| format!(" · {n}"))}
                                    <br />
                                    <span class="pre-line">{c.message}</span>
                                    <br />
                                    <span class="muted">"Recado de " {c.left_by_name} ", " {format_date_time(c.at)}</span>
                                    <ActionForm action=done attr:class="inline-form">
                                        <input type="hidden" name="id" value=c.id />
                                        <button type="submit" data-testid="callback-done" disabled=move || done.pending().get()>"Retornei a ligação"</button>
                                    </ActionForm>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Transition>
        {move || done.value().get().and_then(|r| r.err()).map(|e| view! { <p class="notice notice-error" role="alert">{message(&e)}</p> })}
    }
}
