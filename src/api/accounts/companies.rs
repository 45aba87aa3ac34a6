//! Companies and their Extranet contacts: the coordinator manages them (analysts read
//! them, e.g. to register a call); a customer contact sees only their own company.

use leptos::prelude::*;

use crate::api::AppError;
use crate::domain::accounts::views::{CompanyName, CompanyView, CreatedAccount};

#[cfg(feature = "ssr")]
use crate::domain::accounts::Role;
#[cfg(feature = "ssr")]
use crate::server::accounts::company_admin;

#[cfg(feature = "ssr")]
const STAFF: &[Role] = &[Role::Coordinator, Role::AnalystN1, Role::AnalystN2];

/// What an analyst may read of a company: not its monthly fee (a commercial term only the
/// coordination handles, for the SLA penalties).
#[cfg(feature = "ssr")]
fn for_role(mut company: CompanyView, role: Option<Role>) -> CompanyView {
    if role != Some(Role::Coordinator) {
        company.monthly_fee_cents = None;
    }
    company
}

#[server(endpoint = "empresas")]
pub async fn list_companies() -> Result<Vec<CompanyView>, AppError> {
    let caller = crate::api::require(STAFF).await?;
    let state = crate::api::state()?;
    let all = crate::server::accounts::companies::list(&state.db).await?;
    Ok(all
        .into_iter()
        .map(|c| for_role(c, caller.active_role))
        .collect())
}

/// Every company's id and name, by name (a filter's choices: no contacts, no terms).
#[server(endpoint = "nomes-empresas")]
pub async fn company_names() -> Result<Vec<CompanyName>, AppError> {
    crate::api::require(STAFF).await?;
    let state = crate::api::state()?;
    Ok(crate::server::accounts::companies::names(&state.db).await?)
}

#[server(endpoint = "empresa")]
pub async fn get_company(id: String) -> Result<CompanyView, AppError> {
    let caller = crate::api::require(STAFF).await?;
    let state = crate::api::state()?;
    let company = company_admin::company(&state.db, &id).await?;
    Ok(for_role(company, caller.active_role))
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
) -> Result<String, AppError> {
    use crate::domain::accounts::forms::CompanyData;
    let caller = crate::api::require(&[Role::Coordinator]).await?;
    let data =
        CompanyData::parse(&name, &cnpj, &segment, &modules, &plan).map_err(AppError::invalid)?;
    let state = crate::api::state()?;
    let id = id.filter(|i| !i.is_empty());
    company_admin::save_company(&state.db, &crate::api::actor(&caller), id, &data).await
}

/// The company's monthly fee (empty = not configured): SLA penalties are a share of it.
#[server(endpoint = "mensalidade")]
pub async fn set_monthly_fee(company_id: String, fee: String) -> Result<(), AppError> {
    let caller = crate::api::require(&[Role::Coordinator]).await?;
    let cents = crate::domain::sla::report::parse_money(&fee).map_err(AppError::invalid)?;
    let state = crate::api::state()?;
    company_admin::set_monthly_fee(&state.db, &crate::api::actor(&caller), &company_id, cents).await
}

/// The company's attachment space in GB (empty = the default, 2 GB).
#[server(endpoint = "espaco-anexos")]
pub async fn set_attachment_quota(company_id: String, gigabytes: String) -> Result<(), AppError> {
    let caller = crate::api::require(&[Role::Coordinator]).await?;
    let bytes =
        crate::domain::attachment_quota::parse_quota(&gigabytes).map_err(AppError::invalid)?;
    let state = crate::api::state()?;
    company_admin::set_attachment_quota(&state.db, &crate::api::actor(&caller), &company_id, bytes)
        .await
}

#[server(endpoint = "termo-de-aceite")]
pub async fn record_acceptance(
    company_id: String,
    signed_on: String,
    signer: String,
) -> Result<(), AppError> {
    use crate::domain::accounts::{bounded_text, forms::parse_date};
    let caller = crate::api::require(&[Role::Coordinator]).await?;
    let at = parse_date(&signed_on).map_err(AppError::invalid)?;
    let signer =
        bounded_text(&signer, "quem assinou o termo de aceite", 120).map_err(AppError::invalid)?;
    let state = crate::api::state()?;
    let actor = crate::api::actor(&caller);
    company_admin::record_acceptance(&state.db, &actor, &company_id, at, &signer).await
}

/// Adds an Extranet contact within the plan's limit; returns the one-time password.
#[server(endpoint = "adicionar-contato")]
pub async fn add_contact(
    company_id: String,
    name: String,
    email: String,
    role: String,
) -> Result<CreatedAccount, AppError> {
    use crate::domain::accounts::{ContactRole, Email, parse_person_name};
    let caller = crate::api::require(&[Role::Coordinator]).await?;
    let contact = company_admin::NewContact {
        email: Email::parse(&email).map_err(AppError::invalid)?,
        role: ContactRole::parse(&role).map_err(AppError::invalid)?,
        name: parse_person_name(&name).map_err(AppError::invalid)?,
    };
    let state = crate::api::state()?;
    company_admin::add_contact(&state.db, &crate::api::actor(&caller), &company_id, contact).await
}

#[server(endpoint = "remover-contato")]
pub async fn remove_contact(company_id: String, person_id: String) -> Result<(), AppError> {
    let caller = crate::api::require(&[Role::Coordinator]).await?;
    let state = crate::api::state()?;
    let actor = crate::api::actor(&caller);
    company_admin::remove_contact(&state.db, &actor, &company_id, &person_id).await
}

/// Records (or clears) that the company's project manager completed the Extranet course.
#[server(endpoint = "curso-extranet")]
pub async fn set_course_completed(
    company_id: String,
    completed_on: String,
) -> Result<(), AppError> {
    use crate::domain::accounts::forms::parse_date;
    let caller = crate::api::require(&[Role::Coordinator]).await?;
    let at = Some(completed_on.trim())
        .filter(|d| !d.is_empty())
        .map(parse_date)
        .transpose()
        .map_err(AppError::invalid)?;
    let state = crate::api::state()?;
    let actor = crate::api::actor(&caller);
    company_admin::set_course_completed(&state.db, &actor, &company_id, at).await
}

/// The company the calling contact belongs to.
#[cfg(feature = "ssr")]
fn own_company_id(caller: &crate::server::accounts::sessions::Caller) -> Result<String, AppError> {
    caller.company_id.clone().ok_or(AppError::Forbidden)
}

/// "Minha empresa": the calling contact's own company.
#[server(endpoint = "minha-empresa")]
pub async fn my_company() -> Result<CompanyView, AppError> {
    let caller = crate::api::require(&[Role::Customer]).await?;
    let state = crate::api::state()?;
    company_admin::company(&state.db, &own_company_id(&caller)?).await
}

/// The contact confirms, for the company, that they read the plan's deadline table.
#[server(endpoint = "ciencia-sla")]
pub async fn acknowledge_sla() -> Result<CompanyView, AppError> {
    let caller = crate::api::require(&[Role::Customer]).await?;
    let state = crate::api::state()?;
    let id = own_company_id(&caller)?;
    company_admin::acknowledge_sla(&state.db, &crate::api::actor(&caller), &id).await
}
