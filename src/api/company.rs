//! "Minha empresa": a customer contact's own company, plan, contacts and prerequisites.
//! A contact only ever sees the company their account belongs to.

use leptos::prelude::*;

use super::AppError;

use crate::domain::admin::CompanyView;

/// The company the calling contact belongs to.
#[cfg(feature = "ssr")]
fn own_company_id(caller: &crate::server::auth::sessions::Caller) -> Result<String, AppError> {
    caller.company_id.clone().ok_or(AppError::Forbidden)
}

#[server(endpoint = "minha-empresa")]
pub async fn my_company() -> Result<CompanyView, AppError> {
    use crate::domain::account::Role;
    let caller = super::require(&[Role::Customer]).await?;
    let state = super::state()?;
    super::admin::company(&state.db, &own_company_id(&caller)?).await
}

/// The contact confirms, for the company, that they read the plan's deadline table.
#[server(endpoint = "ciencia-sla")]
pub async fn acknowledge_sla() -> Result<CompanyView, AppError> {
    use crate::domain::account::Role;
    use crate::server::{companies, db::Change};
    let caller = super::require(&[Role::Customer]).await?;
    let state = super::state()?;
    let id = own_company_id(&caller)?;
    let before = super::admin::company(&state.db, &id).await?;
    companies::acknowledge_sla(Change::new(), &id, before.plan)
        .audit(
            &super::actor(&caller),
            "ciência do SLA",
            &format!("empresa:{id}"),
            None,
            Some(serde_json::json!({ "plano": before.plan.label() })),
        )
        .commit(&state.db)
        .await?;
    super::admin::company(&state.db, &id).await
}
