//! A section listing: all FAQs, the manual, the blog, or Universidade UNO's courses.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::content::get_section;
use crate::domain::content::{ContentKind, ContentLink, ErpModule};
use crate::ui::components::content_list::ContentList;
use crate::ui::components::loaded::loaded;

#[component]
pub fn SectionPage(kind: ContentKind) -> impl IntoView {
    let items = Resource::new(move || kind, get_section);
    view! {
        <Title text=kind.section() />
        <nav class="breadcrumbs" aria-label="Você está em" data-testid="breadcrumbs">
            <a href="/">"Início"</a>
            <span aria-current="page">{kind.section()}</span>
        </nav>
        <h1>{kind.section()}</h1>
        {loaded(items, grouped)}
    }
}

/// Items without a module first, then one group per ERP module.
fn grouped(items: Vec<ContentLink>) -> impl IntoView {
    let general: Vec<_> = items
        .iter()
        .filter(|i| i.module.is_none())
        .cloned()
        .collect();
    let groups: Vec<(ErpModule, Vec<ContentLink>)> = ErpModule::ALL
        .into_iter()
        .map(|m| {
            (
                m,
                items
                    .iter()
                    .filter(|i| i.module == Some(m))
                    .cloned()
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, list)| !list.is_empty())
        .collect();
    view! {
        {(!general.is_empty()).then(|| view! { <ContentList items=general /> })}
        {groups
            .into_iter()
            .map(|(m, list)| view! {
                <section class="module-group">
                    <h2>{m.label()}</h2>
                    <ContentList items=list />
                </section>
            })
            .collect_view()}
    }
}
