//! `/coordenacao/encaminhamentos`: the coordinator edits where out-of-scope demands go —
//! the areas (name and e-mail) and the manual's categories, each with its area. Saved all
//! at once; any problem keeps everything. A forward already made keeps its names.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::forwarding::{SaveForwardingSettings, forwarding_settings};
use crate::domain::occurrences::forwarding::{BLANK_ROWS, slug_of};
use crate::ui::components::errors::message;
use crate::ui::components::loaded::loaded;

fn field(name: &str) -> String {
    format!("fields[{name}]")
}

/// How many rows of `prefix` the form has (existing ones, then blank ones to add).
fn rows(fields: &HashMap<String, String>, prefix: &str) -> usize {
    (0..100)
        .take_while(|i| fields.contains_key(&format!("{prefix}_{i}_nome")))
        .count()
        + BLANK_ROWS
}

#[component]
pub fn ForwardingSettingsPage() -> impl IntoView {
    let save = ServerAction::<SaveForwardingSettings>::new();
    let settings = Resource::new(move || save.version().get(), |_| forwarding_settings());
    view! {
        <Title text="Encaminhamentos" />
        <h1>"Encaminhamentos a outras áreas"</h1>
        <p class="muted">"Demandas fora do escopo do suporte (manual do S.O.E.): a categoria escolhida pelo analista indica a área, que recebe uma cópia por e-mail. Para remover uma linha, apague o nome."</p>
        {loaded(settings, move |f| view! { <SettingsForm fields=f save /> })}
    }
}

#[component]
fn SettingsForm(
    fields: HashMap<String, String>,
    save: ServerAction<SaveForwardingSettings>,
) -> impl IntoView {
    let value = |k: String| fields.get(&k).cloned().unwrap_or_default();
    let areas: Vec<(String, String)> = (0..rows(&fields, "area"))
        .map(|i| {
            (
                value(format!("area_{i}_nome")),
                value(format!("area_{i}_email")),
            )
        })
        .collect();
    let area_rows = areas
        .iter()
        .enumerate()
        .map(|(i, (name, email))| {
            view! {
                <tr>
                    <td><input name=field(&format!("area_{i}_nome")) value=name.clone() maxlength="80"
                        aria-label=format!("Área {}: nome", i + 1) data-testid=format!("area-{i}-name") /></td>
                    <td><input type="email" name=field(&format!("area_{i}_email")) value=email.clone() maxlength="200"
                        aria-label=format!("Área {}: e-mail", i + 1) data-testid=format!("area-{i}-email") /></td>
                </tr>
            }
        })
        .collect_view();
    let category_rows = (0..rows(&fields, "categoria"))
        .map(|i| {
            let chosen = value(format!("categoria_{i}_area"));
            view! {
                <tr>
                    <td><input name=field(&format!("categoria_{i}_nome")) value=value(format!("categoria_{i}_nome")) maxlength="120"
                        aria-label=format!("Categoria {}: nome", i + 1) data-testid=format!("category-{i}-name") /></td>
                    <td><select name=field(&format!("categoria_{i}_area")) aria-label=format!("Categoria {}: área", i + 1)
                        data-testid=format!("category-{i}-area")>
                        <option value="">"—"</option>
                        {areas.iter().filter(|(name, _)| !name.is_empty()).map(|(name, _)| {
                            let slug = slug_of(name);
                            view! { <option value=slug.clone() selected=slug == chosen>{name.clone()}</option> }
                        }).collect_view()}
                    </select></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ActionForm action=save attr:class="form" attr:data-testid="forwarding-settings-form">
            <fieldset>
                <legend>"Áreas"</legend>
                <table class="table">
                    <thead><tr><th scope="col">"Área"</th><th scope="col">"E-mail (recebe a cópia)"</th></tr></thead>
                    <tbody>{area_rows}</tbody>
                </table>
                <p class="muted">"Uma área nova pode ser escolhida nas categorias depois de salvar."</p>
            </fieldset>
            <fieldset>
                <legend>"Categorias fora do escopo"</legend>
                <table class="table">
                    <thead><tr><th scope="col">"Categoria"</th><th scope="col">"Área"</th></tr></thead>
                    <tbody>{category_rows}</tbody>
                </table>
                <p class="muted">"Administração de banco de dados fica fora do escopo; um pedido de alteração de dados na base do cliente (FAQ 9) é analisado pelo suporte e executado pelo Desenvolvimento, podendo haver custo."</p>
            </fieldset>
            {move || save.value().get().map(|r| match r {
                Ok(()) => view! { <p class="notice" role="status" data-testid="action-ok">"Encaminhamentos salvos."</p> }.into_any(),
                Err(e) => view! { <p class="notice notice-error pre-line" role="alert" data-testid="action-error">{message(&e)}</p> }.into_any(),
            })}
            <button type="submit" class="button-primary" data-testid="save-forwarding">"Salvar"</button>
        </ActionForm>
    }
}
