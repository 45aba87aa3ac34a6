//! `/coordenacao/escritorios`: UNO's offices and the companies each serves;
//! `/coordenacao/escritorios/:id`: one office's calendar (hours, Carnaval, holidays). The
//! default office, S.O.E., keeps its calendar in the SLA rules. Also the company page's
//! choice of office.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::offices::{
    CreateOffice, SaveOffice, SetCompanyOffice, list_offices, office_settings,
};
use crate::domain::sla::{calendar_spec::OFFICE, office::Office};
use crate::ui::components::errors::message;
use crate::ui::components::loaded::loaded;
use crate::ui::pages::accounts::outcome;

#[component]
pub fn OfficesPage() -> impl IntoView {
    let create = ServerAction::<CreateOffice>::new();
    let offices = Resource::new(move || create.version().get(), |_| list_offices());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = create.value().get() {
            navigate(
                &format!("/coordenacao/escritorios/{id}"),
                Default::default(),
            );
        }
    });
    view! {
        <Title text="Escritórios" />
        <h1>"Escritórios"</h1>
        <p class="muted">"Cada empresa é atendida por um escritório, e os prazos das ocorrências dela contam no calendário desse escritório (horário, Carnaval e feriados locais). Uma ocorrência guarda o calendário com que foi aberta."</p>
        {loaded(offices, move |list| view! {
            <table class="table stacked" data-testid="offices">
                <thead><tr><th>"Escritório"</th><th>"Horário"</th><th>"Feriados locais"</th><th>"Empresas"</th></tr></thead>
                <tbody>
                    <tr data-office=OFFICE>
                        <td class="card-title"><a href="/coordenacao/sla/regras">{OFFICE} " (padrão)"</a></td>
                        <td data-label="Horário">"o das regras de SLA"</td>
                        <td data-label="Feriados locais">"os das regras de SLA"</td>
                        <td data-label="Empresas">"as demais"</td>
                    </tr>
                    {list.into_iter().map(|o| view! {
                        <tr data-office=o.name.clone()>
                            <td class="card-title"><a href=format!("/coordenacao/escritorios/{}", o.id)>{o.name.clone()}</a></td>
                            <td data-label="Horário">{o.calendar.hours().describe()}</td>
                            <td data-label="Feriados locais">{o.calendar.holidays().len()}</td>
                            <td data-label="Empresas">{o.companies}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
        <section>
            <h2>"Novo escritório"</h2>
            <ActionForm action=create attr:class="form" attr:data-testid="office-form">
                <label>"Nome (ex.: Barueri)"
                    <input name="name" required minlength="2" maxlength="60" data-testid="office-name" />
                </label>
                <p class="muted">"O calendário começa como cópia do calendário do " {OFFICE} "; ajuste-o em seguida."</p>
                {move || outcome(create.value().get(), "Escritório cadastrado.")}
                <button type="submit" class="button-primary" data-testid="office-create" disabled=move || create.pending().get()>"Cadastrar"</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn OfficePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let save = ServerAction::<SaveOffice>::new();
    // Reloaded after a save that went through only: a refused one keeps what was typed
    // (the reload redrew the form while the coordinator was fixing the field it named).
    let saved = RwSignal::new(0u32);
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            saved.update(|n| *n += 1);
        }
    });
    let office = Resource::new(move || (id(), saved.get()), |(id, _)| office_settings(id));
    view! {
        <Title text="Escritório" />
        <p><a href="/coordenacao/escritorios">"← Escritórios"</a></p>
        {loaded(office, move |(o, fields)| {
            let id = o.id.clone();
            view! {
                <h1 data-testid="office-title">{o.name.clone()}</h1>
                <p class="muted">{format!("Atende {} empresa(s). Horário em vigor: {}.", o.companies, o.calendar.hours().describe())}</p>
                <ActionForm action=save attr:class="form" attr:data-testid="office-calendar-form">
                    <input type="hidden" name="id" value=id />
                    <super::calendar_fields::CalendarFields fields office=o.name.clone() />
                    {move || save.value().get().map(|r| match r {
                        Ok(()) => view! { <p class="notice" role="status" data-testid="action-ok">"Calendário salvo."</p> }.into_any(),
                        Err(e) => view! { <p class="notice notice-error pre-line" role="alert" data-testid="action-error">{message(&e)}</p> }.into_any(),
                    })}
                    <button type="submit" class="button-primary" data-testid="save-office">"Salvar calendário"</button>
                </ActionForm>
            }
        })}
    }
}

/// On the company page: which office serves the company.
#[component]
pub fn CompanyOfficeForm(company_id: String, current: Option<Office>) -> impl IntoView {
    let save = ServerAction::<SetCompanyOffice>::new();
    let offices = Resource::new(|| (), |_| list_offices());
    let current = current.map(|o| o.id).unwrap_or_default();
    view! {
        <section>
            <h2>"Escritório"</h2>
            {loaded(offices, move |list| {
                let (current, company_id) = (current.clone(), company_id.clone());
                view! {
                    <ActionForm action=save attr:class="form" attr:data-testid="company-office-form">
                        <input type="hidden" name="company_id" value=company_id />
                        <label>"Atendida pelo escritório (os prazos contam no calendário dele)"
                            <select name="office_id" data-testid="company-office">
                                <option value="" selected=current.is_empty()>{OFFICE} " (padrão)"</option>
                                {list.into_iter().map(|o| view! {
                                    <option value=o.id.clone() selected=o.id == current>{o.name.clone()}</option>
                                }).collect_view()}
                            </select>
                        </label>
                        <p class="muted">"As ocorrências já abertas seguem o calendário com que foram abertas."</p>
                        {move || outcome(save.value().get(), "Escritório da empresa salvo.")}
                        <button type="submit">"Salvar escritório"</button>
                    </ActionForm>
                }
            })}
        </section>
    }
}
