//! A list of links to content (popular FAQs, sections, related items).

use leptos::prelude::*;

use crate::domain::content::ContentLink;

#[component]
pub fn ContentList(items: Vec<ContentLink>, #[prop(optional)] show_kind: bool) -> impl IntoView {
    view! {
        <ul class="content-list">
            {items
                .into_iter()
                .map(|item| {
                    let href = item.path();
                    view! {
                        <li>
                            <a href=href>{item.title}</a>
                            {show_kind.then(|| view! { <span class="badge">{item.kind.label()}</span> })}
                            {(!item.summary.is_empty()).then(|| view! { <p class="muted">{item.summary}</p> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
