//! Coordinator functions: companies, Extranet contacts, prerequisites, analysts and the
//! audit log. Every change is recorded in the audit log with before and after.

use leptos::prelude::*;

use crate::domain::admin::{AnalystView, AuditEntry, CompanyView, CreatedAccount};

#[cfg(feature = "ssr")]
use crate::domain::account::Role;

/// Comma- or newline-separated list, trimmed, without empties.
pub fn split_list(raw: &str) -> Vec<String> {
    raw.split([',', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `aaaa-mm-dd` (HTML date input) or `dd/mm/aaaa`, as midday in Brasília.
pub fn parse_date(raw: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    let raw = raw.trim();
    let date = chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .or_else(|_| chrono::NaiveDate::parse_from_str(raw, "%d/%m/%Y"))
        .map_err(|_| format!("Data inválida: \"{raw}\". Use dd/mm/aaaa."))?;
    let noon = date.and_hms_opt(12, 0, 0).expect("valid time");
    Ok(noon
        .and_local_timezone(crate::domain::time::sao_paulo())
        .single()
        .expect("fixed offset")
        .to_utc())
}

/// Creates the account `person` builds around a random one-time password (shown once, to
/// the coordinator). An e-mail already in use is a message, not a failure.
#[cfg(feature = "ssr")]
async fn create_account(
    db: &crate::server::db::Db,
    person: impl FnOnce(crate::server::auth::password::PasswordHash) -> crate::server::people::NewPerson,
) -> Result<(String, CreatedAccount), ServerFnError> {
    use crate::domain::account::NewPassword;
    use crate::server::{auth::password, auth::token::SessionToken, people};
    let token = SessionToken::generate().map_err(super::internal)?;
    let temporary = format!("Uno-{}", &token.expose()[..12]);
    let new = NewPassword::parse(&temporary).map_err(super::invalid)?;
    let person = person(password::hash(&new).map_err(super::internal)?);
    let id = people::create(db, &person).await.map_err(|e| {
        if e.to_string() == crate::domain::admin::EMAIL_TAKEN {
            super::invalid(e)
        } else {
            super::internal(e)
        }
    })?;
    let account = CreatedAccount {
        email: person.email.as_str().to_owned(),
        temporary_password: temporary,
    };
    Ok((id, account))
}

/// The company with `id`, or the message a person should read.
#[cfg(feature = "ssr")]
pub(crate) async fn company(
    db: &crate::server::db::Db,
    id: &str,
) -> Result<CompanyView, ServerFnError> {
    crate::server::companies::get(db, id)
        .await
        .map_err(super::internal)?
        .ok_or_else(|| super::invalid("Empresa não encontrada."))
}

#[cfg(feature = "ssr")]
fn company_json(c: &CompanyView) -> serde_json::Value {
    serde_json::json!({
        "nome": c.name, "cnpj": c.cnpj, "segmento": c.segment, "modulos": c.modules, "plano": c.plan.label(),
    })
}

#[server(endpoint = "empresas")]
pub async fn list_companies() -> Result<Vec<CompanyView>, ServerFnError> {
    super::require(&[Role::Coordinator, Role::AnalystN1, Role::AnalystN2]).await?;
    let state = super::state()?;
    crate::server::companies::list(&state.db)
        .await
        .map_err(super::internal)
}

#[server(endpoint = "empresa")]
pub async fn get_company(id: String) -> Result<Option<CompanyView>, ServerFnError> {
    super::require(&[Role::Coordinator, Role::AnalystN1, Role::AnalystN2]).await?;
    let state = super::state()?;
    crate::server::companies::get(&state.db, &id)
        .await
        .map_err(super::internal)
}

/// Creates (no `id`) or updates a company. Returns its id.
#[server(endpoint = "salvar-empresa")]
pub async fn save_company(
    id: Option<String>,
    name: String,
    cnpj: String,
    segment: String,
    modules: String,
    plan: String,
) -> Result<String, ServerFnError> {
    use crate::domain::{cnpj::Cnpj, content::ErpModule, sla::SlaPlan};
    use crate::server::{audit, companies};
    let caller = super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    if name.trim().is_empty() {
        return Err(super::invalid("Informe o nome da empresa."));
    }
    let cnpj = Cnpj::parse(&cnpj).map_err(super::invalid)?;
    let modules = split_list(&modules)
        .iter()
        .map(|m| ErpModule::parse(m).map(|m| m.slug().to_owned()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(super::invalid)?;
    let data = companies::CompanyData {
        name,
        cnpj,
        segment,
        modules,
        plan: SlaPlan::parse(&plan).map_err(super::invalid)?,
    };
    let id = id.filter(|i| !i.is_empty());
    if companies::cnpj_taken(&state.db, &data.cnpj, id.as_deref())
        .await
        .map_err(super::internal)?
    {
        return Err(super::invalid("Já existe uma empresa com este CNPJ."));
    }
    let db = &state.db;
    let (id, before) = match id {
        Some(id) => {
            let before = company(db, &id).await?;
            let vip_extra = before
                .contacts
                .iter()
                .any(|c| c.role == crate::domain::account::ContactRole::VipExtra);
            if vip_extra && data.plan != SlaPlan::Vip {
                return Err(super::invalid(
                    "Remova o contato adicional (exclusivo do VIP) antes de mudar a empresa para outro plano.",
                ));
            }
            companies::update(db, &id, &data)
                .await
                .map_err(super::internal)?;
            (id, Some(company_json(&before)))
        }
        None => (
            companies::create(db, &data)
                .await
                .map_err(super::internal)?,
            None,
        ),
    };
    let after = companies::get(db, &id)
        .await
        .map_err(super::internal)?
        .map(|c| company_json(&c));
    let action = if before.is_some() {
        "empresa alterada"
    } else {
        "empresa criada"
    };
    audit::record(db, &caller, action, &format!("empresa:{id}"), before, after)
        .await
        .map_err(super::internal)?;
    Ok(id)
}

#[server(endpoint = "termo-de-aceite")]
pub async fn record_acceptance(
    company_id: String,
    signed_on: String,
    signer: String,
) -> Result<(), ServerFnError> {
    use crate::server::{audit, companies};
    let caller = super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    let at = parse_date(&signed_on).map_err(super::invalid)?;
    if signer.trim().is_empty() {
        return Err(super::invalid("Informe quem assinou o termo de aceite."));
    }
    let before = company(&state.db, &company_id).await?;
    companies::record_acceptance(&state.db, &company_id, at, &signer)
        .await
        .map_err(super::internal)?;
    audit::record(
        &state.db,
        &caller,
        "termo de aceite registrado",
        &format!("empresa:{company_id}"),
        before
            .prerequisites
            .acceptance
            .map(|(at, who)| serde_json::json!({ "assinado_em": at, "por": who })),
        Some(serde_json::json!({ "assinado_em": at, "por": signer.trim() })),
    )
    .await
    .map_err(super::internal)
}

/// Adds an Extranet contact within the plan's limit; returns the one-time password.
#[server(endpoint = "adicionar-contato")]
pub async fn add_contact(
    company_id: String,
    name: String,
    email: String,
    role: String,
) -> Result<CreatedAccount, ServerFnError> {
    use crate::domain::account::{ContactRole, Email};
    use crate::domain::company::check_new_contact;
    use crate::server::{audit, people};
    let caller = super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    let db = &state.db;
    let email = Email::parse(&email).map_err(super::invalid)?;
    let role = ContactRole::parse(&role).map_err(super::invalid)?;
    if name.trim().is_empty() {
        return Err(super::invalid("Informe o nome do contato."));
    }
    let company = company(db, &company_id).await?;
    let existing: Vec<ContactRole> = company.contacts.iter().map(|c| c.role).collect();
    check_new_contact(company.plan, &existing, role).map_err(super::invalid)?;
    let (id, account) = create_account(db, |password| people::NewPerson {
        email: email.clone(),
        name: name.trim().to_owned(),
        password,
        roles: vec![Role::Customer],
        company_id: Some(company_id.clone()),
        contact_role: Some(role),
        modules: vec![],
        segments: vec![],
    })
    .await?;
    audit::record(
        db,
        &caller,
        "contato adicionado",
        &format!("empresa:{company_id}"),
        None,
        Some(serde_json::json!({ "pessoa": id, "nome": name.trim(), "email": email.as_str(), "papel": role.label() })),
    )
    .await
    .map_err(super::internal)?;
    Ok(account)
}

#[server(endpoint = "remover-contato")]
pub async fn remove_contact(company_id: String, person_id: String) -> Result<(), ServerFnError> {
    use crate::server::{audit, companies};
    let caller = super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    let company = company(&state.db, &company_id).await?;
    let contact = company
        .contacts
        .iter()
        .find(|c| c.id == person_id)
        .ok_or_else(|| super::invalid("Contato não encontrado nesta empresa."))?;
    companies::remove_contact(&state.db, &company_id, &person_id)
        .await
        .map_err(super::internal)?;
    audit::record(
        &state.db,
        &caller,
        "contato removido",
        &format!("empresa:{company_id}"),
        Some(serde_json::json!({ "pessoa": contact.id, "nome": contact.name, "email": contact.email })),
        None,
    )
    .await
    .map_err(super::internal)
}

/// Records (or clears) that the company's project manager completed the Extranet course.
#[server(endpoint = "curso-extranet")]
pub async fn set_course_completed(
    company_id: String,
    completed_on: String,
) -> Result<(), ServerFnError> {
    use crate::domain::account::ContactRole;
    use crate::server::{audit, companies};
    let caller = super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    let at = if completed_on.trim().is_empty() {
        None
    } else {
        Some(parse_date(&completed_on).map_err(super::invalid)?)
    };
    let company = company(&state.db, &company_id).await?;
    let pm = company
        .contacts
        .iter()
        .find(|c| c.role == ContactRole::ProjectManager)
        .ok_or_else(|| super::invalid("Cadastre primeiro o gerente de projeto da empresa."))?;
    companies::set_course_completed(&state.db, &pm.id, at)
        .await
        .map_err(super::internal)?;
    audit::record(
        &state.db,
        &caller,
        "curso de Extranet",
        &format!("empresa:{company_id}"),
        Some(serde_json::json!({ "concluido_em": company.prerequisites.pm_course_completed })),
        Some(serde_json::json!({ "concluido_em": at })),
    )
    .await
    .map_err(super::internal)
}

#[server(endpoint = "analistas")]
pub async fn list_analysts() -> Result<Vec<AnalystView>, ServerFnError> {
    super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    crate::server::people::analysts(&state.db)
        .await
        .map_err(super::internal)
}

/// Creates (no `id`) or updates an analyst. A new account gets a one-time password.
#[server(endpoint = "salvar-analista")]
pub async fn save_analyst(
    id: Option<String>,
    name: String,
    email: String,
    level: u8,
    modules: String,
    segments: String,
    available: bool,
) -> Result<Option<CreatedAccount>, ServerFnError> {
    use crate::domain::account::Email;
    use crate::domain::content::ErpModule;
    use crate::server::{audit, people};
    let caller = super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    let db = &state.db;
    let level_role = match level {
        1 => Role::AnalystN1,
        2 => Role::AnalystN2,
        _ => return Err(super::invalid("O nível do analista deve ser 1 ou 2.")),
    };
    let modules = split_list(&modules)
        .iter()
        .map(|m| ErpModule::parse(m).map(|m| m.slug().to_owned()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(super::invalid)?;
    let segments = split_list(&segments);
    match id.filter(|i| !i.is_empty()) {
        Some(id) => {
            let before = people::analysts(db)
                .await
                .map_err(super::internal)?
                .into_iter()
                .find(|a| a.id == id);
            let before = before.ok_or_else(|| super::invalid("Analista não encontrado."))?;
            let mut roles: Vec<Role> = people::roles_of(db, &id)
                .await
                .map_err(super::internal)?
                .into_iter()
                .filter(|r| !r.is_analyst())
                .collect();
            roles.push(level_role);
            people::set_analyst_profile(db, &id, &roles, &modules, &segments, available)
                .await
                .map_err(super::internal)?;
            audit::record(
                db,
                &caller,
                "analista alterado",
                &format!("pessoa:{id}"),
                Some(serde_json::to_value(&before).map_err(|e| super::internal(e.into()))?),
                Some(serde_json::json!({ "nivel": level, "modulos": modules, "segmentos": segments, "disponivel": available })),
            )
            .await
            .map_err(super::internal)?;
            Ok(None)
        }
        None => {
            let email = Email::parse(&email).map_err(super::invalid)?;
            if name.trim().is_empty() {
                return Err(super::invalid("Informe o nome do analista."));
            }
            let (id, account) = create_account(db, |password| people::NewPerson {
                email: email.clone(),
                name: name.trim().to_owned(),
                password,
                roles: vec![level_role],
                company_id: None,
                contact_role: None,
                modules: modules.clone(),
                segments: segments.clone(),
            })
            .await?;
            audit::record(
                db,
                &caller,
                "analista criado",
                &format!("pessoa:{id}"),
                None,
                Some(serde_json::json!({ "nome": name.trim(), "email": email.as_str(), "nivel": level, "modulos": modules })),
            )
            .await
            .map_err(super::internal)?;
            Ok(Some(account))
        }
    }
}

#[server(endpoint = "auditoria")]
pub async fn audit_log() -> Result<Vec<AuditEntry>, ServerFnError> {
    super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    crate::server::audit::latest(&state.db, 200)
        .await
        .map_err(super::internal)
}

/// An analyst's own availability for new occurrences (e.g. away, in training).
#[server(endpoint = "minha-disponibilidade")]
pub async fn my_availability() -> Result<bool, ServerFnError> {
    let caller = super::require(&[Role::AnalystN1, Role::AnalystN2]).await?;
    let state = super::state()?;
    let me = crate::server::people::analysts(&state.db)
        .await
        .map_err(super::internal)?
        .into_iter()
        .find(|a| a.id == caller.person_id)
        .ok_or_else(|| super::invalid("Analista não encontrado."))?;
    Ok(me.available)
}

#[server(endpoint = "definir-disponibilidade")]
pub async fn set_my_availability(available: bool) -> Result<bool, ServerFnError> {
    use crate::server::{audit, people};
    let caller = super::require(&[Role::AnalystN1, Role::AnalystN2]).await?;
    let state = super::state()?;
    people::set_available(&state.db, &caller.person_id, available)
        .await
        .map_err(super::internal)?;
    audit::record(
        &state.db,
        &caller,
        "disponibilidade",
        &format!("pessoa:{}", caller.person_id),
        Some(serde_json::json!({ "disponivel": !available })),
        Some(serde_json::json!({ "disponivel": available })),
    )
    .await
    .map_err(super::internal)?;
    Ok(available)
}
