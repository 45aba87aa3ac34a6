//! The coordinator's analysts: level, specialities, availability and access.

use leptos::prelude::*;
use leptos_meta::Title;

use super::access::PersonAccess;
use super::away_cases::{AccessChanged, AwayCases};
use crate::api::accounts::analysts::{SaveAnalyst, list_analysts};
use crate::domain::accounts::views::{AnalystView, CreatedAccount};
use crate::ui::components::errors::message;
use crate::ui::components::loaded::loaded;

#[component]
pub fn AnalystsPage() -> impl IntoView {
    let save = ServerAction::<SaveAnalyst>::new();
    let changed = RwSignal::new(0u32);
    provide_context(AccessChanged(changed));
    let analysts = Resource::new(
        move || (save.version().get(), changed.get()),
        |_| list_analysts(),
    );
    let created = move || -> Option<AnyView> {
        save.value().get().map(|r| match r {
            Ok(Some(CreatedAccount { email, temporary_password })) => view! {
                <p class="notice" role="status" data-testid="temporary-password">
                    "Conta criada para " <strong>{email}</strong> ". Senha provisória (mostrada só agora): " <code>{temporary_password}</code>
                </p>
            }.into_any(),
            Ok(None) => view! { <p class="notice" role="status">"Analista atualizado."</p> }.into_any(),
            Err(e) => view! { <p class="notice notice-error" role="alert" data-testid="action-error">{message(&e)}</p> }.into_any(),
        })
    };
    view! {
        <Title text="Analistas" />
        <h1>"Analistas"</h1>
        {created}
        {loaded(analysts, move |list| view! {
                        <table class="table stacked" data-testid="analysts">
                            <thead><tr><th>"Analista"</th><th>"Nível"</th><th>"Módulos"</th><th>"Segmentos"</th><th>"Disponível"</th><th>"Acesso"</th><th></th></tr></thead>
                            <tbody>{list.iter().cloned().map(|a| view! { <AnalystRow analyst=a save /> }).collect_view()}</tbody>
                        </table>
                        <AwayCases analysts=list />
                    })}
        <section>
            <h2>"Novo analista"</h2>
            <ActionForm action=save attr:class="form" attr:data-testid="new-analyst-form">
                <input type="hidden" name="id" value="" />
                <label>"Nome" <input name="name" required /></label>
                <label>"E-mail" <input type="email" name="email" required /></label>
                <label>"Nível" <select name="level"><option value="1">"Nível 1"</option><option value="2">"Nível 2"</option></select></label>
                <label>"Módulos do ERP (separados por vírgula)" <input name="modules" placeholder="fiscal, financeiro" /></label>
                <label>"Segmentos de negócio (separados por vírgula)" <input name="segments" placeholder="Indústria, Varejo" /></label>
                <label>"Disponível" <select name="available"><option value="true">"Sim"</option><option value="false">"Não"</option></select></label>
                <button type="submit" class="button-primary">"Cadastrar analista"</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn AnalystRow(analyst: AnalystView, save: ServerAction<SaveAnalyst>) -> impl IntoView {
    let form_id = format!("analista-{}", analyst.id);
    // The row's fields sit in table cells: each is named for screen readers.
    let name = analyst.name.clone();
    let label = move |what: &str| format!("{what} de {name}");
    view! {
        <tr>
            <td class="card-title"><strong>{analyst.name.clone()}</strong><br /><span class="muted">{analyst.email.clone()}</span></td>
            <td data-label="Nível">
                <select name="level" form=form_id.clone() aria-label=label("Nível")>
                    <option value="1" selected=analyst.level == 1>"Nível 1"</option>
                    <option value="2" selected=analyst.level == 2>"Nível 2"</option>
                </select>
            </td>
            <td data-label="Módulos"><input name="modules" form=form_id.clone() value=analyst.modules.join(", ") aria-label=label("Módulos do ERP") /></td>
            <td data-label="Segmentos"><input name="segments" form=form_id.clone() value=analyst.segments.join(", ") aria-label=label("Segmentos de negócio") /></td>
            <td data-label="Disponível">
                <select name="available" form=form_id.clone() aria-label=label("Disponibilidade")>
                    <option value="true" selected=analyst.available>"Sim"</option>
                    <option value="false" selected=!analyst.available>"Não"</option>
                </select>
            </td>
            <td data-label="Acesso"><PersonAccess person_id=analyst.id.clone() active=analyst.active /></td>
            <td>
                <ActionForm action=save attr:id=form_id.clone()>
                    <input type="hidden" name="id" value=analyst.id.clone() />
                    <input type="hidden" name="name" value=analyst.name.clone() />
                    <input type="hidden" name="email" value=analyst.email.clone() />
                    <button type="submit" aria-label=label("Salvar alterações")>"Salvar"</button>
                </ActionForm>
            </td>
        </tr>
    }
}
