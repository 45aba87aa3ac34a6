//! The occurrence's "Histórico": the newest entries the page brought, and older ones
//! loaded by "Ver anteriores". What was loaded lives above the part of the page that
//! re-renders on each live update, so an update never hides it or leaves a gap.

use leptos::prelude::*;

use crate::api::occurrences::earlier_entries;
use crate::domain::occurrences::{EntryKind, TimelineEntry};
use crate::domain::time::format_date_time;

/// Entries loaded before the page's own, and what the page showed last time.
#[derive(Clone, Copy)]
pub struct Earlier {
    entries: RwSignal<Vec<TimelineEntry>>,
    /// `None` until something was loaded; then whether there is more before.
    more: RwSignal<Option<bool>>,
    last_page: RwSignal<Vec<TimelineEntry>>,
    loading: RwSignal<bool>,
    error: RwSignal<Option<String>>,
}

impl Earlier {
    pub fn new() -> Self {
        Self {
            entries: RwSignal::new(Vec::new()),
            more: RwSignal::new(None),
            last_page: RwSignal::new(Vec::new()),
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }

    /// A new page arrived (a live update): entries the previous page showed that the new
    /// one no longer holds join the loaded ones, so nothing between them goes missing.
    fn arrived(self, page: &[TimelineEntry]) {
        let previous = self.last_page.get_untracked();
        self.last_page.set(page.to_vec());
        if self.more.get_untracked().is_none() {
            return;
        }
        if let Some(first) = page.first() {
            let key = (first.at, first.id.clone());
            self.entries.update(|kept| {
                kept.extend(previous.into_iter().filter(|e| (e.at, e.id.clone()) < key));
            });
        }
    }
}

impl Default for Earlier {
    fn default() -> Self {
        Self::new()
    }
}

fn entry_text(e: &TimelineEntry) -> String {
    match (e.kind, e.from_state, e.to_state) {
        (EntryKind::Opened, ..) => "abriu a ocorrência".into(),
        (EntryKind::State, Some(from), Some(to)) => {
            // Where the SLA clock paused, resumed or ended, the timeline says so.
            let clock = crate::domain::sla::clock::move_note(from, to);
            format!(
                "mudou a situação de \"{}\" para \"{}\"{clock}",
                from.label(),
                to.label()
            )
        }
        (EntryKind::Note, ..) => "nota interna (o cliente não vê)".into(),
        (EntryKind::Criticality, ..) => "mudou a criticidade".into(),
        (EntryKind::Plan, ..) => "mudou o plano de SLA da empresa".into(),
        (EntryKind::Attachment, ..) if !e.public => "anexou um arquivo (interno)".into(),
        (EntryKind::Attachment, ..) => "anexou um arquivo".into(),
        _ => "respondeu".into(),
    }
}

fn entry_view(e: &TimelineEntry) -> impl IntoView + use<> {
    let kind = match e.kind {
        EntryKind::Opened | EntryKind::State | EntryKind::Criticality | EntryKind::Plan => "state",
        EntryKind::Note => "note",
        EntryKind::Reply => "reply",
        EntryKind::Attachment => "attachment",
    };
    view! {
        <li class=format!("timeline-entry entry-{kind}") data-testid="timeline-entry" data-kind=kind>
            <p class="muted"><strong>{e.author_name.clone()}</strong> " " {entry_text(e)} " · " {format_date_time(e.at)}</p>
            {match &e.attachment {
                Some(file) => view! {
                    <p>
                        <a href=file.url() download=file.name.clone() data-testid="attachment-link">{file.name.clone()}</a>
                        " " <span class="muted">"(" {file.size_text()} ")"</span>
                    </p>
                }.into_any(),
                None => (!e.text.is_empty()).then(|| view! { <p class="pre">{e.text.clone()}</p> }).into_any(),
            }}
        </li>
    }
}

#[component]
pub fn Timeline(
    number: String,
    entries: Vec<TimelineEntry>,
    /// The server has entries before `entries`.
    earlier_exist: bool,
    earlier: Earlier,
) -> impl IntoView {
    earlier.arrived(&entries);
    let first_id = entries.first().map(|e| e.id.clone());
    let has_more = move || earlier.more.get().unwrap_or(earlier_exist);
    let load = move |_| {
        let cursor = earlier
            .entries
            .with_untracked(|e| e.first().map(|e| e.id.clone()))
            .or_else(|| first_id.clone());
        let (Some(cursor), number) = (cursor, number.clone()) else {
            return;
        };
        earlier.loading.set(true);
        earlier.error.set(None);
        leptos::task::spawn_local(async move {
            match earlier_entries(number, cursor).await {
                Ok(page) => {
                    earlier.entries.update(|kept| {
                        let mut all = page.entries;
                        all.append(kept);
                        *kept = all;
                    });
                    earlier.more.set(Some(page.earlier));
                }
                Err(e) => earlier.error.set(Some(e.to_string())),
            }
            earlier.loading.set(false);
        });
    };
    view! {
        <section>
            <h2>"Histórico"</h2>
            <Show when=has_more>
                <p>
                    <button type="button" data-testid="timeline-earlier" on:click=load.clone()
                        disabled=move || earlier.loading.get()>"Ver anteriores"</button>
                </p>
            </Show>
            {move || earlier.error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <ol class="timeline" data-testid="timeline">
                {move || earlier.entries.with(|kept| kept.iter().map(entry_view).collect_view())}
                {entries.iter().map(entry_view).collect_view()}
            </ol>
        </section>
    }
}
