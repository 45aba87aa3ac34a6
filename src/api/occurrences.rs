//! Occurrences: customer contacts open and follow their company's; analysts work them.
//! Another company's occurrence answers 404, exactly as one that does not exist.
// The opening form has eight fields; the `#[server]` macro generates code (client stub,
// argument struct) that an item attribute cannot reach.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use super::AppError;
use crate::domain::occurrences::{OccurrenceNumber, OccurrenceSummary, OccurrenceView, Page};

#[cfg(feature = "ssr")]
use crate::domain::accounts::Role;
#[cfg(feature = "ssr")]
use crate::domain::occurrences::READERS;
#[cfg(feature = "ssr")]
use crate::server::occurrences::access;

/// The page of occurrence `number` as the caller may see it now.
#[cfg(feature = "ssr")]
async fn page_for(
    caller: &crate::server::accounts::sessions::Caller,
    number: &str,
) -> Result<OccurrenceView, AppError> {
    let state = super::state()?;
    let found = access::visible(&state.db, caller, number).await?;
    access::view_for(&state.db, caller, &found, super::now()).await
}

/// Runs `work` when the caller's hourly allowance of `volume` has room (customers only:
/// support's own work is not limited), giving the allowance back if `work` fails.
#[cfg(feature = "ssr")]
async fn within_allowance<T>(
    caller: &crate::server::accounts::sessions::Caller,
    volume: crate::domain::occurrences::volume::Volume,
    work: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    use crate::server::occurrences::volume;
    if caller.active_role != Some(Role::Customer) {
        return work.await;
    }
    let state = super::state()?;
    let limits = &state.support.volume;
    volume::spend(&state.db, limits, volume, caller).await?;
    let done = work.await;
    if done.is_err() {
        volume::give_back(&state.db, limits, volume, caller).await;
    }
    done
}

/// Opens an occurrence for the caller's company; returns its number.
#[server(endpoint = "abrir-ocorrencia")]
pub async fn open_occurrence(
    module: String,
    kind: String,
    criticality: String,
    title: String,
    description: String,
    steps: String,
    analyst_id: String,
    attachments: Option<String>,
) -> Result<OccurrenceNumber, AppError> {
    use crate::domain::occurrences::OccurrenceForm;
    let caller = super::require(&[Role::Customer]).await?;
    let state = super::state()?;
    let form = OccurrenceForm {
        module,
        kind,
        criticality,
        title,
        description,
        steps,
        analyst_id,
    };
    let actor = super::actor(&caller);
    let opening = crate::server::occurrences::open::in_extranet(
        &state.db,
        &caller,
        &actor,
        &form,
        attachments.as_deref(),
    );
    within_allowance(
        &caller,
        crate::domain::occurrences::volume::Volume::Openings,
        opening,
    )
    .await
}

/// One occurrence's page: a customer sees their company's, without internal notes.
#[server(endpoint = "ocorrencia")]
pub async fn get_occurrence(number: String) -> Result<OccurrenceView, AppError> {
    let caller = super::require(READERS).await?;
    page_for(&caller, &number).await
}

/// The caller's company's occurrences, latest activity first.
#[server(endpoint = "ocorrencias")]
pub async fn list_occurrences(
    state: Option<String>,
    module: Option<String>,
    criticality: Option<String>,
    q: Option<String>,
    page: Option<u32>,
) -> Result<Page<OccurrenceSummary>, AppError> {
    use crate::domain::{content::ErpModule, occurrences::State, sla::Criticality};
    use crate::server::occurrences::read::{ListFilter, list_for_company};
    let caller = super::require(&[Role::Customer]).await?;
    let app = super::state()?;
    let company_id = caller.company_id.clone().ok_or(AppError::Forbidden)?;
    let filter = ListFilter {
        state: super::present(state)
            .map(|s| State::parse(&s))
            .transpose()
            .map_err(AppError::invalid)?,
        module: super::present(module)
            .map(|m| ErpModule::parse(&m).map_err(|e| e.to_string()))
            .transpose()
            .map_err(AppError::invalid)?,
        criticality: super::present(criticality)
            .map(|c| Criticality::parse(&c))
            .transpose()
            .map_err(AppError::invalid)?,
        text: super::present(q).map(|q| q.chars().take(200).collect()),
    };
    let page = page.unwrap_or(0).min(10_000);
    let mut list = list_for_company(&app.db, &company_id, &filter, page).await?;
    let now = super::now();
    list.items.iter_mut().for_each(|o| o.sla.read_at = now);
    Ok(list)
}

/// An analyst queue and the caller's specialities (ERP modules), to point out the items
/// that match them.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Queue {
    /// The first `shown` of the queue.
    pub items: Vec<OccurrenceSummary>,
    /// How many cases the queue (with its filters) holds.
    pub total: u32,
    /// What "ver mais" asks for next; `None` once all are shown (or the most a page shows).
    pub more: Option<u32>,
    pub my_modules: Vec<crate::domain::content::ErpModule>,
}

/// An analyst queue (`novas`, `minhas`, `escaladas`, or the coordinator's `todas`; empty:
/// the role's own, `todas` for the coordinator and `novas` for analysts),
/// optionally narrowed by module, company, criticality, plan, owner and state (empty = any),
/// its first `shown` cases (50 unless asked; at most 500).
#[server(endpoint = "fila")]
pub async fn occurrence_queue(
    view: String,
    module: Option<String>,
    company: Option<String>,
    criticality: Option<String>,
    plan: Option<String>,
    order: Option<String>,
    owner: Option<String>,
    state: Option<String>,
    shown: Option<u32>,
) -> Result<Queue, AppError> {
    use crate::domain::{content::ErpModule, occurrences::State, sla::Criticality, sla::SlaPlan};
    use crate::server::occurrences::queue::{
        QUEUE_MAX, QUEUE_PAGE, QueueFilter, QueueOrder, QueueView, queue,
    };
    let caller = super::require(&[Role::AnalystN1, Role::AnalystN2, Role::Coordinator]).await?;
    let coordinator = caller.active_role == Some(Role::Coordinator);
    let view = match view.as_str() {
        // No view named: the role's own (every open case for the coordinator).
        "" if coordinator => QueueView::All,
        "" | "novas" => QueueView::New,
        "minhas" => QueueView::Mine,
        "escaladas" => QueueView::Escalated,
        "todas" if coordinator => QueueView::All,
        "todas" => return Err(AppError::Forbidden),
        other => {
            return Err(AppError::invalid(format!(
                "Fila desconhecida: \"{other}\"."
            )));
        }
    };
    let order = match super::present(order).as_deref() {
        None | Some("atividade") => QueueOrder::Activity,
        Some("prazo") => QueueOrder::Deadline,
        Some(other) => {
            return Err(AppError::invalid(format!(
                "Ordem desconhecida: \"{other}\"."
            )));
        }
    };
    let filter = QueueFilter {
        module: super::present(module)
            .map(|m| ErpModule::parse(&m).map_err(|e| AppError::invalid(e.to_string())))
            .transpose()?,
        company_id: super::present(company),
        criticality: super::present(criticality)
            .map(|c| Criticality::parse(&c).map_err(AppError::invalid))
            .transpose()?,
        plan: super::present(plan)
            .map(|p| SlaPlan::parse(&p).map_err(AppError::invalid))
            .transpose()?,
        owner: super::present(owner),
        state: super::present(state)
            .map(|s| State::parse(&s).map_err(AppError::invalid))
            .transpose()?,
    };
    let shown = shown.unwrap_or(QUEUE_PAGE).clamp(1, QUEUE_MAX);
    let state = super::state()?;
    let now = super::now();
    let mut page = queue(
        &state.db,
        view,
        &caller.person_id,
        &filter,
        order,
        shown,
        now,
    )
    .await?;
    page.items.iter_mut().for_each(|o| o.sla.read_at = now);
    let more =
        (page.total > shown && shown < QUEUE_MAX).then(|| (shown + QUEUE_PAGE).min(QUEUE_MAX));
    let my_modules = crate::server::accounts::people::analyst(&state.db, &caller.person_id)
        .await?
        .map(|a| {
            a.modules
                .iter()
                .filter_map(|m| ErpModule::parse(m).ok())
                .collect()
        })
        .unwrap_or_default();
    Ok(Queue {
        items: page.items,
        total: page.total,
        more,
        my_modules,
    })
}

/// Acts on an occurrence (reply, note, take, ask the customer, escalate, resolve, confirm,
/// reopen…); `text` is what the action says (public or internal: the action decides),
/// `public_message` a hand-over's optional message to the customer. Returns the page.
#[server(endpoint = "agir")]
pub async fn act_on_occurrence(
    number: String,
    action: String,
    text: String,
    attachments: Option<String>,
    public_message: Option<String>,
) -> Result<OccurrenceView, AppError> {
    use crate::server::occurrences::work::{self, Said};
    let caller = super::require(READERS).await?;
    let state = super::state()?;
    let actor = super::actor(&caller);
    let said = Said {
        text: &text,
        public_message: public_message.as_deref().unwrap_or_default(),
        attachments: attachments.as_deref(),
        simulation: None,
    };
    let now = super::now();
    let acting = work::act(&state.db, &caller, &actor, &number, &action, &said, now);
    within_allowance(
        &caller,
        crate::domain::occurrences::volume::Volume::Messages,
        acting,
    )
    .await?;
    page_for(&caller, &number).await
}

/// "Ver anteriores": the timeline entries before `entry` (the oldest one shown).
#[server(endpoint = "historico-anterior")]
pub async fn earlier_entries(
    number: String,
    entry: String,
) -> Result<crate::domain::occurrences::TimelinePage, AppError> {
    let caller = super::require(READERS).await?;
    let state = super::state()?;
    let found = access::visible(&state.db, &caller, &number).await?;
    access::earlier(&state.db, &caller, &found, &entry).await
}

/// A new criticality, with the reason the customer will read.
#[server(endpoint = "criticidade")]
pub async fn change_criticality(
    number: String,
    criticality: String,
    reason: String,
) -> Result<OccurrenceView, AppError> {
    use crate::server::occurrences::work;
    let caller = super::require(&[Role::AnalystN1, Role::AnalystN2, Role::Coordinator]).await?;
    let state = super::state()?;
    let actor = super::actor(&caller);
    let found =
        work::change_criticality(&state.db, &caller, &actor, &number, &criticality, &reason)
            .await?;
    access::view_for(&state.db, &caller, &found, super::now()).await
}

/// An analyst a customer may direct an occurrence to.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DirectableAnalyst {
    pub id: String,
    pub name: String,
    pub level: u8,
}

/// The active analysts, by name, for the "direct it to" choice of the form.
#[server(endpoint = "analistas-disponiveis")]
pub async fn directable_analysts() -> Result<Vec<DirectableAnalyst>, AppError> {
    super::require(&[Role::Customer]).await?;
    let state = super::state()?;
    Ok(crate::server::accounts::people::analysts(&state.db)
        .await?
        .into_iter()
        .filter(|a| a.active)
        .map(|a| DirectableAnalyst {
            id: a.id,
            name: a.name,
            level: a.level,
        })
        .collect())
}

/// "Isto resolveu": a Level 0 item answered the customer, who did not open the occurrence.
#[server(endpoint = "resolveu")]
pub async fn deflection_solved(kind: String, slug: String) -> Result<(), AppError> {
    use crate::domain::content::{ContentKind, Slug};
    let caller = super::require(&[Role::Customer]).await?;
    let state = super::state()?;
    let kind = ContentKind::parse(&kind).map_err(AppError::invalid)?;
    let slug = Slug::parse(&slug).map_err(AppError::invalid)?;
    let actor = super::actor(&caller);
    crate::server::content::deflection::solved(&state.db, &state.search, &actor, kind, &slug)
        .await?;
    state.dashboard.invalidate();
    Ok(())
}
