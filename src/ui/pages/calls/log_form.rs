//! Logging a call: the company; who called (a contact, or the name and phone of someone
//! without Extranet access); subject and minutes; and what came of it. A plain form post
//! (fields `form[…]`), so it works before the app is live too. Opening or linking lands on
//! the occurrence's page.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::accounts::companies::list_companies;
use crate::api::calls::LogCall;
use crate::domain::content::ErpModule;
use crate::domain::occurrences::OccurrenceKind;
use crate::domain::sla::Criticality;
use crate::ui::components::errors::message;
use crate::ui::components::loaded::loaded;

#[component]
pub fn CallLogForm(action: ServerAction<LogCall>) -> impl IntoView {
    let companies = Resource::new(|| (), |_| list_companies());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(Some(number))) = action.value().get() {
            navigate(&number.url(), Default::default());
        }
    });
    let company = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let outcome = RwSignal::new("abrir".to_owned());
    let shown = move |wanted: &'static str| move || outcome.get() == wanted;
    let logged = move || matches!(action.value().get(), Some(Ok(None)));
    view! {
        {loaded(companies, move |list| {
            let for_contacts = list.clone();
            view! {
                <ActionForm action attr:class="form" attr:data-testid="call-log-form">
                    <label>"Empresa"
                        <select name="form[company_id]" required data-testid="call-company"
                            on:change=move |ev| { company.set(event_target_value(&ev)); contact.set(String::new()); }>
                            <option value="">"Escolha…"</option>
                            {list.iter().map(|c| view! { <option value=c.id.clone()>{format!("{} ({})", c.name, c.plan.label())}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>"Quem ligou"
                        <select name="form[contact_id]" data-testid="call-contact" on:change=move |ev| contact.set(event_target_value(&ev))>
                            <option value="">"Alguém sem acesso à Extranet (informe nome e telefone)"</option>
                            {move || {
                                let id = company.get();
                                for_contacts.iter().filter(|c| c.id == id).flat_map(|c| c.contacts.clone())
                                    .filter(|p| p.active)
                                    .map(|p| view! { <option value=p.id.clone()>{format!("{} — {}", p.name, p.email)}</option> })
                                    .collect_view()
                            }}
                        </select>
                    </label>
                    <div class="form-row" hidden=move || !contact.get().is_empty()>
                        <label>"Nome de quem ligou"
                            <input name="form[caller_name]" maxlength="120" autocomplete="off" data-testid="call-caller-name" />
                        </label>
                        <label>"Telefone de quem ligou"
                            <input name="form[caller_phone]" type="tel" maxlength="30" placeholder="(15) 99876-5432" data-testid="call-caller-phone" />
                        </label>
                    </div>
                    <label>"Assunto (é o título da ocorrência, se abrir uma)"
                        <input name="form[subject]" required maxlength="200" data-testid="call-subject" />
                    </label>
                    <label>"Duração (minutos)"
                        <input name="form[minutes]" type="number" min="1" max="600" required inputmode="numeric" data-testid="call-minutes" />
                    </label>
                    <label>"O que saiu da ligação"
                        <select name="form[outcome]" data-testid="call-outcome" on:change=move |ev| outcome.set(event_target_value(&ev))>
                            <option value="abrir" selected=true>"Abrir uma ocorrência (canal telefone)"</option>
                            <option value="vincular">"Registrar numa ocorrência existente"</option>
                            <option value="nenhuma">"Só registrar a ligação"</option>
                        </select>
                    </label>
                    <label hidden=move || !shown("vincular")()>"Número da ocorrência (ex.: 2026/000123)"
                        <input name="form[occurrence]" maxlength="20" data-testid="call-occurrence" />
                    </label>
                    <fieldset class="form" hidden=move || !shown("abrir")() data-testid="call-new-occurrence">
                        <legend>"A ocorrência"</legend>
                        <label>"Módulo do ERP"
                            <select name="form[module]" data-testid="occurrence-module">
                                <option value="">"Escolha…"</option>
                                {ErpModule::ALL.into_iter().map(|m| view! { <option value=m.slug()>{m.label()}</option> }).collect_view()}
                            </select>
                        </label>
                        <label>"Tipo"
                            <select name="form[kind]" data-testid="occurrence-type">
                                {OccurrenceKind::ALL.into_iter().map(|k| view! { <option value=k.slug()>{k.label()}</option> }).collect_view()}
                            </select>
                        </label>
                        <label>"Criticidade"
                            <select name="form[criticality]" data-testid="occurrence-criticality">
                                {Criticality::ALL.into_iter().map(|c| view! { <option value=c.slug() selected=c == Criticality::Media>{c.label()}</option> }).collect_view()}
                            </select>
                        </label>
                        <label>"O que foi relatado"
                            <textarea name="form[description]" rows="6" data-testid="occurrence-description"></textarea>
                        </label>
                        <label>"Passos para reproduzir (obrigatório para erros)"
                            <textarea name="form[steps]" rows="4" data-testid="occurrence-steps"></textarea>
                        </label>
                    </fieldset>
                    {move || action.value().get().and_then(|r| r.err()).map(|e| view! {
                        <p class="notice notice-error pre-line" role="alert" data-testid="call-error">{message(&e)}</p>
                    })}
                    {move || logged().then(|| view! {
                        <p class="notice" role="status" data-testid="call-logged">"Ligação registrada."</p>
                    })}
                    <button type="submit" class="button-primary" data-testid="call-submit" disabled=move || action.pending().get()>
                        {move || match outcome.get().as_str() {
                            "abrir" => "Registrar a ligação e abrir a ocorrência",
                            "vincular" => "Registrar a ligação na ocorrência",
                            _ => "Registrar a ligação",
                        }}
                    </button>
                </ActionForm>
            }
        })}
    }
}
