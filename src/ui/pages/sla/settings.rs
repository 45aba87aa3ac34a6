//! `/coordenacao/sla/regras`: the coordinator edits the SLA rules — targets per plan ×
//! criticality, what pauses the clock, what counts as the first response, the warning
//! share, the directed analyst's wait, the calendar (hours, Carnaval, local holidays) and penalties. Saved all at once; any problem keeps everything.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::sla::{SaveSlaSettings, sla_settings};
use crate::domain::sla::{Criticality, SlaPlan, policy::SlaPolicy};
use crate::ui::components::errors::message;
use crate::ui::components::loaded::loaded;

fn field(name: &str) -> String {
    format!("fields[{name}]")
}

#[component]
pub fn SlaSettingsPage() -> impl IntoView {
    let save = ServerAction::<SaveSlaSettings>::new();
    let settings = Resource::new(move || save.version().get(), |_| sla_settings());
    view! {
        <Title text="Regras de SLA" />
        <h1>"Regras de SLA"</h1>
        <p><a href="/coordenacao/sla">"← Relatório de SLA"</a></p>
        {loaded(settings, move |f| view! { <SettingsForm fields=f save /> })}
    }
}

#[component]
fn SettingsForm(
    fields: HashMap<String, String>,
    save: ServerAction<SaveSlaSettings>,
) -> impl IntoView {
    let calendar_fields = fields.clone();
    let value = move |k: &str| fields.get(k).cloned().unwrap_or_default();
    let number = |name: String, label: String, v: String| {
        view! {
            <input type="number" min="1" max="2000" step="1" required class="hours"
                name=field(&name) value=v aria-label=label data-testid=name />
        }
    };
    let rows = Criticality::ALL
        .into_iter()
        .map(|c| {
            let cells = SlaPlan::ALL
                .into_iter()
                .rev()
                .map(|p| {
                    let first = SlaPolicy::target_field(p, c, false);
                    let solution = SlaPolicy::target_field(p, c, true);
                    view! {
                        <td>{number(first.clone(), format!("{} · {} · 1ª resposta (h úteis)", p.label(), c.label()), value(&first))}
                            " / "
                            {number(solution.clone(), format!("{} · {} · solução (h úteis)", p.label(), c.label()), value(&solution))}</td>
                    }
                })
                .collect_view();
            view! { <tr><th scope="row">{c.label()}</th>{cells}</tr> }
        })
        .collect_view();
    let penalties = SlaPlan::ALL
        .into_iter()
        .rev()
        .map(|p| {
            let multa = format!("{}_multa", p.slug());
            let teto = format!("{}_teto", p.slug());
            view! {
                <tr>
                    <th scope="row">{p.label()}</th>
                    <td><input class="hours" inputmode="decimal" name=field(&multa) value=value(&multa) data-testid=multa.clone() aria-label=format!("{}: multa por prazo estourado (%)", p.label()) /> " %"</td>
                    <td><input class="hours" inputmode="decimal" name=field(&teto) value=value(&teto) data-testid=teto.clone() aria-label=format!("{}: teto mensal (%)", p.label()) /> " %"</td>
                </tr>
            }
        })
        .collect_view();
    let first_rule = value("primeira_resposta");
    view! {
        <ActionForm action=save attr:class="form" attr:data-testid="sla-settings-form">
            <fieldset>
                <legend>"Prazos (horas úteis: 1ª resposta / solução)"</legend>
                <table class="table">
                    <thead><tr><th scope="col">"Criticidade"</th>
                        {SlaPlan::ALL.into_iter().rev().map(|p| view! { <th scope="col">{p.label()}</th> }).collect_view()}
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                <p class="muted">"Ao salvar, as ocorrências abertas passam a contar pelos novos prazos, e a linha do tempo de cada uma registra a mudança."</p>
            </fieldset>
            <fieldset>
                <legend>"Relógio"</legend>
                <label class="checkbox">
                    <input type="checkbox" name=field("pausa_versao") checked=value("pausa_versao") == "on" data-testid="pause-version" />
                    " \"Aguardando versão\" pausa o prazo"
                </label>
                <label>"A 1ª resposta é"
                    <select name=field("primeira_resposta") data-testid="first-response-rule">
                        <option value="resposta" selected=first_rule == "resposta">"a primeira resposta pública do analista"</option>
                        <option value="assumir" selected=first_rule == "assumir">"a resposta pública ou o momento em que é assumida (o que vier antes)"</option>
                    </select>
                </label>
                <label>"Avisar quando o prazo usado chegar a (%)"
                    <input type="number" min="50" max="99" class="hours" name=field("aviso") value=value("aviso") data-testid="warning-percent" />
                </label>
                <label>"Ocorrência direcionada: só o analista escolhido pode assumi-la durante (minutos úteis; depois, ou se ele estiver indisponível, vai para a fila)"
                    <input type="number" min="5" max="6000" step="1" class="hours" name=field("espera_direcionada") value=value("espera_direcionada") data-testid="directed-wait" />
                </label>
            </fieldset>
            <super::calendar_fields::CalendarFields fields=calendar_fields office=crate::domain::sla::calendar_spec::OFFICE.to_owned() />
            <p class="muted">"Empresas atendidas por outro escritório seguem o calendário dele: " <a href="/coordenacao/escritorios">"Escritórios"</a> "."</p>
            <fieldset>
                <legend>"Multas (sobre a mensalidade)"</legend>
                <p class="muted">"Por prazo de solução estourado; um prazo de 1ª resposta estourado conta metade. O teto limita o total do mês."</p>
                <table class="table">
                    <thead><tr><th scope="col">"Plano"</th><th scope="col">"Por prazo estourado"</th><th scope="col">"Teto mensal"</th></tr></thead>
                    <tbody>{penalties}</tbody>
                </table>
            </fieldset>
            {move || save.value().get().map(|r| match r {
                Ok(()) => view! { <p class="notice" role="status" data-testid="action-ok">"Regras de SLA salvas."</p> }.into_any(),
                Err(e) => view! { <p class="notice notice-error pre-line" role="alert" data-testid="action-error">{message(&e)}</p> }.into_any(),
            })}
            <button type="submit" class="button-primary" data-testid="save-sla-settings">"Salvar regras"</button>
        </ActionForm>
    }
}
