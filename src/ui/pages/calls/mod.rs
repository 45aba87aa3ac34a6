//! The phone, for support: `/atendimento/ligacoes` logs calls (with what came of each),
//! leaves call-back messages for a named analyst and lists the latest calls; the analyst's
//! queue shows their call-backs (`callbacks`).

pub mod callback_form;
pub mod callbacks;
pub mod log_form;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::calls::{LeaveCallback, LogCall, recent_calls};
use crate::domain::time::format_date_time;
use crate::ui::components::loaded::loaded;

#[component]
pub fn CallsPage() -> impl IntoView {
    let log = ServerAction::<LogCall>::new();
    let leave = ServerAction::<LeaveCallback>::new();
    let calls = Resource::new(move || log.version().get(), |_| recent_calls());
    view! {
        <Title text="Ligações" />
        <p><a href="/atendimento">"← Fila de atendimento"</a></p>
        <h1>"Ligações"</h1>
        <p class="muted">"Registre toda ligação atendida: de um contato da empresa ou de alguém sem acesso à Extranet. Dela pode sair uma ocorrência nova (canal telefone), um registro numa ocorrência existente, ou só o registro da ligação."</p>
        <log_form::CallLogForm action=log />
        <callback_form::CallbackForm action=leave />
        <h2>"Últimas ligações"</h2>
        {loaded(calls, |list| {
            if list.is_empty() {
                return view! { <p class="muted" data-testid="call-log">"Nenhuma ligação registrada ainda."</p> }.into_any();
            }
            view! {
                <ul class="call-log" data-testid="call-log">
                    {list.into_iter().map(|c| view! {
                        <li data-testid="call-log-item">
                            <strong>{c.caller_name}</strong>
                            {c.caller_phone.map(|p| format!(" ({p})"))}
                            " · " {c.company_name} " · " {format_date_time(c.at)} " · " {c.minutes} " min"
                            <br />
                            {c.subject}
                            {c.occurrence.map(|n| view! {
                                " → " <a href=n.url() data-testid="call-log-occurrence">{n.to_string()}</a>
                            })}
                            <span class="muted">" — atendida por " {c.logged_by_name}</span>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        })}
    }
}
