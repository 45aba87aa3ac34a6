//! Occurrences: customer contacts open and follow their company's; analysts work them.
//! Another company's occurrence answers 404, exactly as one that does not exist.
// The opening form has eight fields; the `#[server]` macro generates code (client stub,
// argument struct) that an item attribute cannot reach.
#![allow(clippy::too_many_arguments)]

use leptos::prelude::*;

use super::AppError;
use crate::domain::occurrence::{OccurrenceNumber, OccurrenceSummary, OccurrenceView, Page};

#[cfg(feature = "ssr")]
use crate::domain::account::Role;
#[cfg(feature = "ssr")]
use crate::server::{auth::sessions::Caller, occurrences::read::Found};

#[cfg(feature = "ssr")]
const NOT_FOUND: &str = "Ocorrência não encontrada.";

/// Roles that may read an occurrence page.
#[cfg(feature = "ssr")]
pub(crate) const READERS: &[Role] = &[
    Role::Customer,
    Role::AnalystN1,
    Role::AnalystN2,
    Role::Coordinator,
];

/// The occurrence `number` if the caller may see it; otherwise `NotFound`, whether it
/// exists or not (no hint about other companies' numbers).
#[cfg(feature = "ssr")]
async fn visible(caller: &Caller, number: &str) -> Result<Found, AppError> {
    use crate::server::occurrences::read;
    let state = super::state()?;
    let number = OccurrenceNumber::parse(number).map_err(|_| AppError::not_found(NOT_FOUND))?;
    let found = read::find(&state.db, number)
        .await?
        .ok_or_else(|| AppError::not_found(NOT_FOUND))?;
    let own_company = caller.company_id.as_deref() == Some(found.company_id.as_str());
    if caller.active_role == Some(Role::Customer) && !own_company {
        return Err(AppError::not_found(NOT_FOUND));
    }
    Ok(found)
}

/// The page of an occurrence as `caller` may see it.
#[cfg(feature = "ssr")]
async fn view_for(caller: &Caller, found: &Found) -> Result<OccurrenceView, AppError> {
    use crate::domain::occurrence::{Actor, possible};
    use crate::server::occurrences::read;
    let state = super::state()?;
    let customer = caller.active_role == Some(Role::Customer);
    let detail = read::detail(&state.db, &found.id)
        .await?
        .ok_or_else(|| AppError::not_found(NOT_FOUND))?;
    let timeline = read::timeline(&state.db, &found.id, customer).await?;
    let actor = caller.active_role.map_or(Actor::Customer, Actor::from);
    let actions = possible(found.state, actor)
        .into_iter()
        // Only the owner (or N2, once called in) works an occurrence someone has taken.
        .filter(|a| customer || may_work(caller, found, *a))
        .collect();
    let mut summary = detail.summary;
    summary.sla.read_at = super::now();
    Ok(OccurrenceView {
        summary,
        kind: detail.kind,
        description: detail.description,
        steps: detail.steps,
        opened_by_name: detail.opened_by_name,
        timeline,
        actions,
    })
}

/// Whether an analyst may take `action` on an occurrence given who owns it: N1 owns it to
/// the end, so another N1 only reads it (and may leave a note); N2 works what is escalated.
#[cfg(feature = "ssr")]
fn may_work(caller: &Caller, found: &Found, action: crate::domain::occurrence::Action) -> bool {
    use crate::domain::occurrence::Action;
    let mine = found.owner_id.as_deref() == Some(caller.person_id.as_str());
    match (caller.active_role, action) {
        (_, Action::Take | Action::Note) => true,
        (Some(Role::AnalystN2), _) => true,
        (Some(Role::AnalystN1), _) => mine,
        _ => false,
    }
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
    use crate::domain::occurrence::{NewOccurrence, OccurrenceForm};
    use crate::server::occurrences::create::{self, Opening};
    let caller = super::require(&[Role::Customer]).await?;
    let state = super::state()?;
    let company_id = caller.company_id.clone().ok_or(AppError::Forbidden)?;
    let company = super::admin::company(&state.db, &company_id).await?;
    let missing = company.missing_steps();
    if !missing.is_empty() {
        let steps: Vec<&str> = missing.iter().map(|s| s.title()).collect();
        return Err(AppError::invalid(format!(
            "Antes de abrir ocorrências, conclua: {}.",
            steps.join("; ")
        )));
    }
    let new = NewOccurrence::parse(&OccurrenceForm {
        module,
        kind,
        criticality,
        title,
        description,
        steps,
        analyst_id,
    })
    .map_err(AppError::invalid)?;
    if let Some(id) = &new.analyst_id {
        let analyst = crate::server::people::analyst(&state.db, id).await?;
        if !analyst.is_some_and(|a| a.active) {
            return Err(AppError::invalid(
                "O analista escolhido não foi encontrado.",
            ));
        }
    }
    create::create(
        &state.db,
        &Opening {
            company_id: &company_id,
            plan: company.plan,
            person_id: &caller.person_id,
            channel: create::Channel::Extranet,
            actor: &super::actor(&caller),
            occurrence: &new,
            attachments: &upload_ids(attachments)?,
        },
    )
    .await
    .map_err(unknown_upload)
}

/// The upload ids a message carries (comma-separated), at most five.
#[cfg(feature = "ssr")]
fn upload_ids(raw: Option<String>) -> Result<Vec<String>, AppError> {
    use crate::domain::attachment::{FileRefusal, MAX_FILES_PER_MESSAGE};
    let ids: Vec<String> = raw
        .unwrap_or_default()
        .split(',')
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    if ids.len() > MAX_FILES_PER_MESSAGE {
        return Err(AppError::invalid(FileRefusal::TooMany));
    }
    if !ids.iter().all(|id| crate::domain::attachment::is_id(id)) {
        return Err(AppError::invalid(
            crate::server::attachments::records::UNKNOWN_UPLOAD,
        ));
    }
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    if unique.len() != ids.len() {
        return Err(AppError::invalid("O mesmo anexo foi enviado duas vezes."));
    }
    Ok(ids)
}

/// A refused attachment inside the transaction: the caller's mistake, said plainly.
#[cfg(feature = "ssr")]
fn unknown_upload(e: anyhow::Error) -> AppError {
    use crate::server::attachments::records::UNKNOWN_UPLOAD;
    if crate::server::db::thrown_message(&e).as_deref() == Some(UNKNOWN_UPLOAD) {
        return AppError::invalid(UNKNOWN_UPLOAD);
    }
    e.into()
}

/// One occurrence's page: a customer sees their company's, without internal notes.
#[server(endpoint = "ocorrencia")]
pub async fn get_occurrence(number: String) -> Result<OccurrenceView, AppError> {
    let caller = super::require(READERS).await?;
    let found = visible(&caller, &number).await?;
    view_for(&caller, &found).await
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
    use crate::domain::{content::ErpModule, occurrence::State, sla::Criticality};
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
    pub items: Vec<OccurrenceSummary>,
    pub my_modules: Vec<crate::domain::content::ErpModule>,
}

/// An analyst queue (`novas`, `minhas` or `escaladas`), optionally narrowed by module,
/// company, criticality and plan (empty = any).
#[server(endpoint = "fila")]
pub async fn occurrence_queue(
    view: String,
    module: Option<String>,
    company: Option<String>,
    criticality: Option<String>,
    plan: Option<String>,
    order: Option<String>,
) -> Result<Queue, AppError> {
    use crate::domain::{content::ErpModule, sla::Criticality, sla::SlaPlan};
    use crate::server::occurrences::read::{QueueFilter, QueueView, queue};
    let caller = super::require(&[Role::AnalystN1, Role::AnalystN2, Role::Coordinator]).await?;
    let state = super::state()?;
    let view = match view.as_str() {
        "novas" => QueueView::New,
        "minhas" => QueueView::Mine,
        "escaladas" => QueueView::Escalated,
        other => {
            return Err(AppError::invalid(format!(
                "Fila desconhecida: \"{other}\"."
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
    };
    let mut items = queue(&state.db, view, &caller.person_id, &filter).await?;
    let now = super::now();
    items.iter_mut().for_each(|o| o.sla.read_at = now);
    match super::present(order).as_deref() {
        None | Some("atividade") => {}
        // Breached ones first (their deadline is the earliest), then the nearest.
        Some("prazo") => {
            items.sort_by_cached_key(|o| o.sla.urgency(&o.sla.calendar(), now));
        }
        Some(other) => {
            return Err(AppError::invalid(format!(
                "Ordem desconhecida: \"{other}\"."
            )));
        }
    }
    let my_modules = crate::server::people::analyst(&state.db, &caller.person_id)
        .await?
        .map(|a| {
            a.modules
                .iter()
                .filter_map(|m| ErpModule::parse(m).ok())
                .collect()
        })
        .unwrap_or_default();
    Ok(Queue { items, my_modules })
}

/// Acts on an occurrence (reply, note, take, ask the customer, escalate, resolve, confirm,
/// reopen…); `text` is what the action says. Returns the updated page.
#[server(endpoint = "agir")]
pub async fn act_on_occurrence(
    number: String,
    action: String,
    text: String,
    attachments: Option<String>,
) -> Result<OccurrenceView, AppError> {
    use crate::domain::occurrence::{Action, Actor, decide, draft::MAX_TEXT_CHARS};
    use crate::server::occurrences::{act, read};
    let caller = super::require(READERS).await?;
    let state = super::state()?;
    let found = visible(&caller, &number).await?;
    let action: Action = serde_json::from_value(serde_json::Value::String(action.clone()))
        .map_err(|_| AppError::invalid(format!("Ação desconhecida: \"{action}\".")))?;
    let role = caller.active_role.map_or(Actor::Customer, Actor::from);
    let moved = decide(found.state, action, role)?;
    if role != Actor::Customer && !may_work(&caller, &found, action) {
        return Err(AppError::conflict(format!(
            "Esta ocorrência está com {}.",
            found.owner_name.as_deref().unwrap_or("outro analista")
        )));
    }
    let text = text.trim();
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(AppError::invalid(format!(
            "O texto pode ter no máximo {MAX_TEXT_CHARS} caracteres."
        )));
    }
    let needs_text = match action {
        Action::Reply | Action::Note => Some("Escreva a mensagem."),
        Action::AskCustomer => Some("Escreva a pergunta para o cliente."),
        Action::Escalate => {
            Some("Descreva o registro da simulação: como reproduziu, em qual versão e os passos.")
        }
        Action::ReturnToN1 => Some("Descreva o que o Nível 2 encontrou."),
        Action::Forward => Some("Explique ao cliente por que e para qual área vai a demanda."),
        Action::Resolve => Some("Descreva a solução."),
        _ => None,
    };
    let attachments = upload_ids(attachments)?;
    if !attachments.is_empty() && !matches!(action, Action::Reply | Action::Note) {
        return Err(AppError::invalid(
            "Anexe arquivos a uma resposta ou a uma nota.",
        ));
    }
    // A reply may be only files.
    if let Some(message) = needs_text
        && text.is_empty()
        && attachments.is_empty()
    {
        return Err(AppError::invalid(message));
    }
    let step = act::Step {
        found: &found,
        action,
        role,
        moved,
        person_id: Some(&caller.person_id),
        actor: &super::actor(&caller),
        text,
        attachments: &attachments,
    };
    if let Err(e) = act::apply(&state.db, &step).await {
        if crate::server::db::thrown_message(&e).as_deref()
            == Some(crate::server::attachments::records::UNKNOWN_UPLOAD)
        {
            return Err(AppError::invalid(
                crate::server::attachments::records::UNKNOWN_UPLOAD,
            ));
        }
        // Someone acted first: say who has it now, without writing anything.
        if crate::server::db::thrown_message(&e).is_some() {
            let now = read::find(
                &state.db,
                OccurrenceNumber::parse(&number).map_err(AppError::invalid)?,
            )
            .await?
            .ok_or_else(|| AppError::not_found(NOT_FOUND))?;
            return Err(AppError::conflict(match (action, now.owner_name) {
                (Action::Take, Some(owner)) => {
                    format!("Esta ocorrência já foi assumida por {owner}.")
                }
                _ => act::CHANGED.to_owned(),
            }));
        }
        return Err(e.into());
    }
    let found = visible(&caller, &number).await?;
    view_for(&caller, &found).await
}

/// A new criticality, with the reason the customer will read.
#[server(endpoint = "criticidade")]
pub async fn change_criticality(
    number: String,
    criticality: String,
    reason: String,
) -> Result<OccurrenceView, AppError> {
    use crate::domain::occurrence::{Action, Actor, decide};
    use crate::domain::sla::Criticality;
    let caller = super::require(&[Role::AnalystN1, Role::AnalystN2]).await?;
    let state = super::state()?;
    let found = visible(&caller, &number).await?;
    let role = caller.active_role.map_or(Actor::Customer, Actor::from);
    decide(found.state, Action::ChangeCriticality, role)?;
    let criticality = Criticality::parse(&criticality).map_err(AppError::invalid)?;
    let reason = crate::domain::account::bounded_text(&reason, "o motivo da mudança", 1000)
        .map_err(AppError::invalid)?;
    crate::server::occurrences::act::change_criticality(
        &state.db,
        &found,
        criticality,
        &reason,
        role,
        &caller.person_id,
        &super::actor(&caller),
    )
    .await?;
    view_for(&caller, &found).await
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
    Ok(crate::server::people::analysts(&state.db)
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
    use crate::server::db::Change;
    let caller = super::require(&[Role::Customer]).await?;
    let state = super::state()?;
    let kind = ContentKind::parse(&kind).map_err(AppError::invalid)?;
    let slug = Slug::parse(&slug).map_err(AppError::invalid)?;
    if crate::server::content::store::article(&state.db, &state.search, kind, slug.as_str())
        .await?
        .is_none()
    {
        return Err(AppError::not_found("Conteúdo não encontrado."));
    }
    Change::new()
        .statement(
            "UPSERT deflection:[$dk, $ds] SET kind = $dk, slug = $ds, solved = (solved ?? 0) + 1",
        )
        .bind("dk", kind.slug().to_owned())
        .bind("ds", slug.as_str().to_owned())
        .audit(
            &super::actor(&caller),
            "isto resolveu",
            &crate::domain::content::content_path(kind, slug.as_str()),
            None,
            None,
        )
        .commit(&state.db)
        .await?;
    Ok(())
}
