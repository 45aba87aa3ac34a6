//! `/atendimento/ligacao`: an analyst registers an occurrence told on the phone, for the
//! caller (a registered contact of the company), then lands on its page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;

use crate::api::accounts::companies::list_companies;
use crate::api::calls::RegisterCall;
use crate::domain::content::ErpModule;
use crate::domain::occurrences::OccurrenceKind;
use crate::domain::sla::Criticality;
use crate::ui::components::errors::message;
use crate::ui::components::loaded::loaded;

#[component]
pub fn RegisterCallPage() -> impl IntoView {
    let companies = Resource::new(|| (), |_| list_companies());
    let register = ServerAction::<RegisterCall>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(number)) = register.value().get() {
            navigate(&number.url(), Default::default());
        }
    });
    let chosen = RwSignal::new(String::new());
    view! {
        <Title text="Registrar ligação" />
        <p><a href="/atendimento">"← Fila de atendimento"</a></p>
        <h1>"Registrar ligação"</h1>
        <p class="muted">"Para quem ligou sem abrir ocorrência: registre aqui o que foi relatado. A empresa recebe o número por e-mail e acompanha na Extranet."</p>
        {loaded(companies, move |list| {
            let for_contacts = list.clone();
            view! {
                <ActionForm action=register attr:class="form" attr:data-testid="call-form">
                    <label>"Empresa"
                        <select name="company_id" required data-testid="call-company" on:change=move |ev| chosen.set(event_target_value(&ev))>
                            <option value="">"Escolha…"</option>
                            {list.iter().map(|c| view! { <option value=c.id.clone()>{format!("{} ({})", c.name, c.plan.label())}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>"Quem ligou"
                        <select name="contact_id" required data-testid="call-contact">
                            <option value="">"Escolha…"</option>
                            {move || {
                                let id = chosen.get();
                                for_contacts.iter().filter(|c| c.id == id).flat_map(|c| c.contacts.clone())
                                    .filter(|p| p.active)
                                    .map(|p| view! { <option value=p.id.clone()>{format!("{} — {}", p.name, p.email)}</option> })
                                    .collect_view()
                            }}
                        </select>
                    </label>
                    <label>"Módulo do ERP"
                        <select name="module" required data-testid="occurrence-module">
                            <option value="">"Escolha…"</option>
                            {ErpModule::ALL.into_iter().map(|m| view! { <option value=m.slug()>{m.label()}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>"Tipo"
                        <select name="kind" data-testid="occurrence-type">
                            {OccurrenceKind::ALL.into_iter().map(|k| view! { <option value=k.slug()>{k.label()}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>"Criticidade"
                        <select name="criticality" data-testid="occurrence-criticality">
                            {Criticality::ALL.into_iter().map(|c| view! { <option value=c.slug() selected=c == Criticality::Media>{c.label()}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>"Título" <input name="title" required maxlength="200" data-testid="occurrence-title" /></label>
                    <label>"O que foi relatado"
                        <textarea name="description" required rows="6" data-testid="occurrence-description"></textarea>
                    </label>
                    <label>"Passos para reproduzir (obrigatório para erros)"
                        <textarea name="steps" rows="4" data-testid="occurrence-steps"></textarea>
                    </label>
                    {move || register.value().get().and_then(|r| r.err()).map(|e| view! {
                        <p class="notice notice-error" role="alert" data-testid="occurrence-error">{message(&e)}</p>
                    })}
                    <button type="submit" class="button-primary" data-testid="occurrence-submit" disabled=move || register.pending().get()>
                        "Registrar ocorrência"
                    </button>
                </ActionForm>
            }
        })}
    }
}
