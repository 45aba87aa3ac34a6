//! The coordinator's dashboard (`/coordenacao/painel`).

use leptos::prelude::*;

use super::AppError;
use crate::domain::dashboard::Dashboard;

#[cfg(feature = "ssr")]
use crate::domain::accounts::Role;

/// Backlog, oldest open cases, 12 weeks of openings by module, channels, "isto resolveu"
/// and this month's SLA, as of now.
#[server(endpoint = "painel")]
pub async fn coordinator_dashboard() -> Result<Dashboard, AppError> {
    super::require(&[Role::Coordinator]).await?;
    let state = super::state()?;
    let dashboard = state
        .dashboard
        .get(&state.db, state.live.seen(), super::now())
        .await?;
    Ok(Dashboard::clone(&dashboard))
}
