//! "Encaminhar a outra área": out of support's scope. The analyst picks the manual's
//! category, the area comes from it (and may be changed), and writes the reason the
//! customer reads. A plain form post, so it works before the app is live too (an area left
//! as "a da categoria" is the category's own).

use leptos::prelude::*;

use crate::api::forwarding::{ForwardOccurrence, forwarding_table};
use crate::ui::components::errors::message;

#[component]
pub fn Forward(number: String, action: ServerAction<ForwardOccurrence>) -> impl IntoView {
    let table = Resource::new(|| (), |_| forwarding_table());
    // The area follows the category until the analyst picks another.
    let area = RwSignal::new(String::new());
    view! {
        <details class="forward" data-testid="forward">
            <summary>"Encaminhar a outra área (fora do escopo do suporte)"</summary>
            <ActionForm action attr:class="form" attr:data-testid="forward-form">
                <input type="hidden" name="number" value=number />
                <Transition fallback=|| view! { <p class="muted">"Carregando as categorias…"</p> }>
                    {move || Suspend::new(async move {
                        match table.await {
                            Ok(t) => {
                                let categories = t.categories.clone();
                                let pick = move |ev| {
                                    let slug = event_target_value(&ev);
                                    let own = categories.iter().find(|c| c.slug == slug).map(|c| c.area.clone());
                                    area.set(own.unwrap_or_default());
                                };
                                view! {
                                    <label>"Categoria da demanda"
                                        <select name="category" data-testid="forward-category" required on:change=pick>
                                            <option value="">"Escolha a categoria"</option>
                                            {t.categories.iter().map(|c| view! {
                                                <option value=c.slug.clone()>{c.label.clone()}</option>
                                            }).collect_view()}
                                        </select>
                                    </label>
                                    <label>"Área que recebe"
                                        <select name="area" data-testid="forward-area"
                                            on:change=move |ev| area.set(event_target_value(&ev))>
                                            <option value="" selected=move || area.get().is_empty()>"A da categoria"</option>
                                            {t.areas.iter().map(|a| {
                                                let slug = a.slug.clone();
                                                view! {
                                                    <option value=a.slug.clone() selected=move || area.get() == slug>{a.name.clone()}</option>
                                                }
                                            }).collect_view()}
                                        </select>
                                    </label>
                                }.into_any()
                            }
                            Err(e) => view! { <p class="notice notice-error" role="alert">{message(&e)}</p> }.into_any(),
                        }
                    })}
                </Transition>
                <label>"Motivo (público: o cliente lê, e a área recebe uma cópia)"
                    <textarea name="reason" rows="3" required maxlength="10000"
                        data-testid="forward-reason" data-visibility="public"></textarea>
                </label>
                {move || action.value().get().and_then(|r| r.err()).map(|e| view! {
                    <p class="notice notice-error" role="alert" data-testid="forward-error">{message(&e)}</p>
                })}
                <button type="submit" data-testid="action-forward" data-visibility="public"
                    disabled=move || action.pending().get()>"Encaminhar (motivo público)"</button>
            </ActionForm>
        </details>
    }
}
