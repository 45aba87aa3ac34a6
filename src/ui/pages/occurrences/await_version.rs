//! "Aguardar versão": the fix is done and ships in a weekly version. The analyst picks a
//! registered, unpublished version; the customer reads which and when it is planned, and
//! the case is resolved by itself when the coordinator publishes it. A plain form post.

use leptos::prelude::*;

use crate::api::versions::{AwaitVersion, open_versions};
use crate::domain::versions::{FixVersion, update_request_path};
use crate::ui::components::errors::message;

#[component]
pub fn AwaitVersionForm(number: String, action: ServerAction<AwaitVersion>) -> impl IntoView {
    let versions = Resource::new(|| (), |_| open_versions());
    view! {
        <details class="await-version" data-testid="await-version">
            <summary>"Aguardar versão (a correção sai numa versão semanal)"</summary>
            <ActionForm action attr:class="form" attr:data-testid="await-version-form">
                <input type="hidden" name="number" value=number />
                <Transition fallback=|| view! { <p class="muted">"Carregando as versões…"</p> }>
                    {move || Suspend::new(async move {
                        match versions.await {
                            Ok(list) if list.is_empty() => view! {
                                <p class="notice" data-testid="version-select">"Nenhuma versão cadastrada a publicar: a coordenação cadastra as versões semanais em Coordenação → Versões."</p>
                            }.into_any(),
                            Ok(list) => view! {
                                <label>"Versão que traz a correção"
                                    <select name="version" required data-testid="version-select">
                                        {list.into_iter().rev().map(|v| view! {
                                            <option value=v.number.to_string()>
                                                {format!("{} (prevista para {})", v.number, v.planned.format("%d/%m/%Y"))}
                                            </option>
                                        }).collect_view()}
                                    </select>
                                </label>
                            }.into_any(),
                            Err(e) => view! { <p class="notice notice-error" role="alert">{message(&e)}</p> }.into_any(),
                        }
                    })}
                </Transition>
                <label>"Mensagem ao cliente (pública, opcional: vai depois da linha que nomeia a versão)"
                    <textarea name="message" rows="3" maxlength="10000" data-testid="await-version-message" data-visibility="public"></textarea>
                </label>
                {move || action.value().get().and_then(|r| r.err()).map(|e| view! {
                    <p class="notice notice-error" role="alert" data-testid="await-version-error">{message(&e)}</p>
                })}
                <button type="submit" data-testid="action-await-version" data-visibility="public"
                    disabled=move || action.pending().get()>"Aguardar a versão (mensagem pública)"</button>
            </ActionForm>
        </details>
    }
}

/// The version that carries the fix, on the case's page: awaited, or published with how
/// to update (the customer may ask support to schedule it).
#[component]
pub fn FixVersionNotice(
    fix: FixVersion,
    module: &'static str,
    number: crate::domain::occurrences::OccurrenceNumber,
    customer: bool,
) -> impl IntoView {
    let version = fix.number.to_string();
    match fix.published_at {
        None => view! {
            <p class="notice" data-testid="awaiting-version" data-version=version.clone()>
                "A correção sai na versão " <strong>{version.clone()}</strong>
                {format!(", prevista para {}. Quando ela for publicada, a ocorrência é resolvida e avisamos por e-mail.", fix.planned.format("%d/%m/%Y"))}
            </p>
        }.into_any(),
        Some(at) => view! {
            <p class="notice" data-testid="fixed-in-version" data-version=version.clone()>
                "Corrigida na versão " <a href=format!("/versoes#v{version}")><strong>{version.clone()}</strong></a>
                {format!(", publicada em {}. Agende a atualização no módulo Segurança do ERP", crate::domain::time::format_date(at))}
                {customer.then(|| view! {
                    ", ou " <a href=update_request_path(fix.number, module, number) data-testid="request-update">"solicitar atualização"</a>
                    " ao suporte"
                })}
                "."
            </p>
        }.into_any(),
    }
}
