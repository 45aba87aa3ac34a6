//! The coordinator's companies: the list, a new company, and one company's data, plan,
//! monthly fee, prerequisites and Extranet contacts.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::{access::PersonAccess, outcome};
use crate::api::accounts::companies::{
    AddContact, RecordAcceptance, RemoveContact, SaveCompany, SetAttachmentQuota,
    SetCourseCompleted, SetMonthlyFee, get_company, list_companies,
};
use crate::domain::accounts::views::{CompanyView, CreatedAccount};
use crate::domain::content::ErpModule;
use crate::domain::sla::SlaPlan;
use crate::domain::time::format_date;
use crate::ui::components::errors::{ErrorNotice, message};
use crate::ui::components::loaded::loaded;

fn plan_options(selected: Option<SlaPlan>) -> impl IntoView {
    SlaPlan::ALL
        .into_iter()
        .map(|p| view! { <option value=p.slug() selected=Some(p) == selected>{p.label()}</option> })
        .collect_view()
}

/// Fields shared by the "new company" and "edit company" forms.
// `use<>`: the view holds copies, not the borrowed company (release builds need to know).
fn company_fields(c: Option<&CompanyView>) -> impl IntoView + use<> {
    let modules_hint = ErpModule::ALL
        .iter()
        .map(|m| m.slug())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <input type="hidden" name="id" value=c.map(|c| c.id.clone()).unwrap_or_default() />
        <label>"Nome" <input name="name" required value=c.map(|c| c.name.clone()) /></label>
        <label>"CNPJ" <input name="cnpj" required placeholder="00.000.000/0000-00" value=c.map(|c| c.cnpj.clone()) /></label>
        <label>"Segmento" <input name="segment" value=c.map(|c| c.segment.clone()) /></label>
        <label>"Módulos licenciados (separados por vírgula)"
            <input name="modules" placeholder=modules_hint value=c.map(|c| c.modules.join(", ")) />
        </label>
        <label>"Plano de SLA" <select name="plan">{plan_options(c.map(|c| c.plan))}</select></label>
    }
}

#[component]
pub fn CompaniesPage() -> impl IntoView {
    let save = ServerAction::<SaveCompany>::new();
    let companies = Resource::new(move || save.version().get(), |_| list_companies());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = save.value().get() {
            navigate(&format!("/coordenacao/empresas/{id}"), Default::default());
        }
    });
    view! {
        <Title text="Empresas" />
        <h1>"Empresas"</h1>
        {loaded(companies, move |list| view! {
                        <table class="table stacked" data-testid="companies">
                            <thead><tr><th>"Empresa"</th><th>"CNPJ"</th><th>"Plano"</th><th>"Contatos"</th><th>"Ocorrências"</th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|c| {
                                    let missing = c.missing_steps().len();
                                    view! {
                                        <tr>
                                            <td class="card-title"><a href=format!("/coordenacao/empresas/{}", c.id)>{c.name.clone()}</a></td>
                                            <td data-label="CNPJ">{c.cnpj.clone()}</td>
                                            <td data-label="Plano">{c.plan.label()}</td>
                                            <td data-label="Contatos">{format!("{}/{}", c.contacts.len(), c.plan.max_contacts())}</td>
                                            <td data-label="Ocorrências">{if missing == 0 { "liberadas".to_owned() } else { format!("{missing} pré-requisito(s) pendente(s)") }}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    })}
        <section>
            <h2>"Nova empresa"</h2>
            <ActionForm action=save attr:class="form" attr:data-testid="new-company-form">
                {company_fields(None)}
                {move || outcome(save.value().get(), "Empresa salva.")}
                <button type="submit" class="button-primary">"Cadastrar empresa"</button>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn CompanyPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let save = ServerAction::<SaveCompany>::new();
    let acceptance = ServerAction::<RecordAcceptance>::new();
    let course = ServerAction::<SetCourseCompleted>::new();
    let add = ServerAction::<AddContact>::new();
    let remove = ServerAction::<RemoveContact>::new();
    let company = Resource::new(
        move || {
            (
                id(),
                save.version().get(),
                acceptance.version().get(),
                course.version().get(),
                add.version().get(),
                remove.version().get(),
            )
        },
        |(id, ..)| get_company(id),
    );
    view! {
        <Title text="Empresa" />
        <p><a href="/coordenacao/empresas">"← Empresas"</a></p>
        <Transition fallback=|| view! { <p class="muted">"Carregando…"</p> }>
            {move || Suspend::new(async move {
                match company.await {
                    Ok(c) => view! { <CompanyAdmin company=c save acceptance course add remove /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn CompanyAdmin(
    company: CompanyView,
    save: ServerAction<SaveCompany>,
    acceptance: ServerAction<RecordAcceptance>,
    course: ServerAction<SetCourseCompleted>,
    add: ServerAction<AddContact>,
    remove: ServerAction<RemoveContact>,
) -> impl IntoView {
    let live = crate::ui::components::live::is_live();
    let id = company.id.clone();
    let (id_acceptance, id_course, id_add) = (id.clone(), id.clone(), id.clone());
    let p = company.prerequisites.clone();
    let created = move || -> Option<AnyView> {
        add.value().get().map(|r| match r {
            Ok(CreatedAccount { email, temporary_password }) => view! {
                <p class="notice" role="status" data-testid="temporary-password">
                    "Conta criada para " <strong>{email}</strong> ". Senha provisória (mostrada só agora): "
                    <code>{temporary_password}</code>
                </p>
            }.into_any(),
            Err(e) => view! { <p class="notice notice-error" role="alert" data-testid="contact-error">{message(&e)}</p> }.into_any(),
        })
    };
    view! {
        <h1 data-testid="company-name">{company.name.clone()}</h1>
        <section>
            <h2>"Pré-requisitos para abrir ocorrências"</h2>
            <ul class="content-list" data-testid="company-prerequisites">
                <li>"Termo de aceite: " {match &p.acceptance { Some((at, who)) => format!("assinado em {} por {}", format_date(*at), who), None => "pendente".into() }}</li>
                <li>"EAD de Extranet do gerente de projeto: " {p.pm_course_completed.map_or("pendente".into(), |at| format!("concluído em {}", format_date(at)))}</li>
                <li>"Ciência do SLA: " {match p.sla_acknowledged { Some((at, plan)) if plan == company.plan => format!("registrada em {}", format_date(at)), Some(_) => "pendente (o plano mudou)".into(), None => "pendente".into() }}</li>
            </ul>
            <div class="form-row">
                <ActionForm action=acceptance attr:class="form">
                    <input type="hidden" name="company_id" value=id_acceptance.clone() />
                    <label>"Termo assinado em" <input type="date" name="signed_on" required /></label>
                    <label>"Assinado por" <input name="signer" required /></label>
                    {move || outcome(acceptance.value().get(), "Termo de aceite registrado.")}
                    <button type="submit">"Registrar termo de aceite"</button>
                </ActionForm>
                <ActionForm action=course attr:class="form">
                    <input type="hidden" name="company_id" value=id_course.clone() />
                    <label>"EAD de Extranet concluído em" <input type="date" name="completed_on" required /></label>
                    {move || outcome(course.value().get(), "Conclusão do curso registrada.")}
                    <button type="submit">"Registrar conclusão do curso"</button>
                </ActionForm>
            </div>
        </section>
        <section>
            <h2>"Contatos com acesso à Extranet"</h2>
            <p class="muted">{format!("Plano {}: até {} contato(s).", company.plan.label(), company.plan.max_contacts())}</p>
            <ul class="content-list" data-testid="company-contacts">
                {company.contacts.iter().map(|c| {
                    let (cid, pid) = (id.clone(), c.id.clone());
                    view! {
                        <li>
                            <strong>{c.name.clone()}</strong> " — " {c.role.label()} " · " {c.email.clone()}
                            <button type="button" class="link-button" disabled=move || !live.get() title=crate::ui::components::live::waiting_title(live) on:click=move |_| {
                                remove.dispatch(RemoveContact { company_id: cid.clone(), person_id: pid.clone() });
                            }>"Remover"</button>
                            <PersonAccess person_id=c.id.clone() active=c.active />
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || outcome(remove.value().get(), "Contato removido.")}
            <ActionForm action=add attr:class="form" attr:data-testid="add-contact-form">
                <input type="hidden" name="company_id" value=id_add.clone() />
                <label>"Nome" <input name="name" required /></label>
                <label>"E-mail" <input type="email" name="email" required /></label>
                <label>"Papel"
                    <select name="role">
                        <option value="project_manager">"Gerente de projeto"</option>
                        <option value="vip_extra">"Contato adicional (só VIP)"</option>
                    </select>
                </label>
                {created}
                <button type="submit">"Adicionar contato"</button>
            </ActionForm>
        </section>
        <MonthlyFeeForm company_id=id.clone() current=company.monthly_fee_cents />
        <AttachmentQuotaForm company_id=id.clone() space=company.attachment_space />
        <crate::ui::pages::sla::offices::CompanyOfficeForm company_id=id.clone() current=company.office.clone() />
        <section>
            <h2>"Dados da empresa"</h2>
            <ActionForm action=save attr:class="form">
                {company_fields(Some(&company))}
                {move || outcome(save.value().get(), "Dados salvos.")}
                <button type="submit" class="button-primary">"Salvar"</button>
            </ActionForm>
        </section>
    }
}

/// The fee SLA penalties are a share of (configuration; empty = not configured).
#[component]
fn MonthlyFeeForm(company_id: String, current: Option<i64>) -> impl IntoView {
    let save = ServerAction::<SetMonthlyFee>::new();
    let shown = current
        .map(|c| {
            crate::domain::sla::report::money_text(c)
                .trim_start_matches("R$ ")
                .to_owned()
        })
        .unwrap_or_default();
    view! {
        <section>
            <h2>"Mensalidade"</h2>
            <ActionForm action=save attr:class="form" attr:data-testid="monthly-fee-form">
                <input type="hidden" name="company_id" value=company_id />
                <label>"Mensalidade (R$), base das multas de SLA"
                    <input name="fee" inputmode="decimal" placeholder="ex.: 4.500,00" value=shown data-testid="monthly-fee" />
                </label>
                {move || outcome(save.value().get(), "Mensalidade salva.")}
                <button type="submit">"Salvar mensalidade"</button>
            </ActionForm>
        </section>
    }
}

/// The company's attachment space: what its contacts' files take, and the quota.
#[component]
fn AttachmentQuotaForm(
    company_id: String,
    space: crate::domain::attachment_quota::AttachmentSpace,
) -> impl IntoView {
    let save = ServerAction::<SetAttachmentQuota>::new();
    let shown = space
        .quota_bytes
        .map(crate::domain::attachment_quota::quota_field)
        .unwrap_or_default();
    view! {
        <section>
            <h2>"Espaço para anexos"</h2>
            <p data-testid="attachment-usage">"Em uso: " {space.text()}</p>
            <ActionForm action=save attr:class="form" attr:data-testid="attachment-quota-form">
                <input type="hidden" name="company_id" value=company_id />
                <label>"Limite (GB; vazio = 2 GB)"
                    <input name="gigabytes" inputmode="decimal" placeholder="2" value=shown data-testid="attachment-quota" />
                </label>
                {move || outcome(save.value().get(), "Espaço para anexos salvo.")}
                <button type="submit">"Salvar espaço"</button>
            </ActionForm>
        </section>
    }
}
