//! SLA rules: what anyone may read of the plans (the public plans page, "Minha empresa"),
//! and the coordinator's settings form.

use std::collections::HashMap;

use leptos::prelude::*;

use super::AppError;
use crate::domain::sla::policy::PlanRules;

#[cfg(feature = "ssr")]
use crate::domain::account::Role;

/// Every plan's table and the rules the clock follows (public: Level 0 shows the plans).
#[server(endpoint = "regras-sla")]
pub async fn sla_plans() -> Result<Vec<PlanRules>, AppError> {
    use crate::domain::sla::SlaPlan;
    let state = super::state()?;
    let policy = crate::server::sla::policy::load(&state.db).await?;
    Ok(SlaPlan::ALL.into_iter().map(|p| policy.rules(p)).collect())
}

/// The coordinator's form, filled with the rules in force.
#[server(endpoint = "configuracao-sla")]
pub async fn sla_settings() -> Result<HashMap<String, String>, AppError> {
    super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    Ok(crate::server::sla::policy::load(&state.db)
        .await?
        .to_fields())
}

/// Saves the coordinator's form: all of it or, with any problem, nothing (every problem
/// listed). Open occurrences whose targets change get them at once, with a timeline entry.
#[server(endpoint = "salvar-configuracao-sla")]
pub async fn save_sla_settings(fields: HashMap<String, String>) -> Result<(), AppError> {
    use crate::domain::sla::policy::SlaPolicy;
    use crate::server::{db::Change, sla::policy};
    let caller = super::require(&[Role::Coordinator]).await?;
    if fields.len() > 200 || fields.values().any(|v| v.len() > 10_000) {
        return Err(AppError::invalid("Formulário grande demais."));
    }
    let new = SlaPolicy::from_fields(&fields).map_err(AppError::invalid)?;
    let state = super::state()?;
    let before = policy::load(&state.db).await?;
    let actor = super::actor(&caller);
    policy::save(Change::new(), &new, &actor.name)
        .audit(
            &actor,
            "regras de SLA alteradas",
            "sla_policy:current",
            Some(serde_json::to_value(&before).map_err(anyhow::Error::from)?),
            Some(serde_json::to_value(&new).map_err(anyhow::Error::from)?),
        )
        .commit(&state.db)
        .await?;
    Ok(())
}
