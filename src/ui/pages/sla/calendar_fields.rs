//! The calendar part of the coordinator's SLA form: business hours per weekday, Carnaval
//! (ponto facultativo), the office's holidays with the São Paulo state holiday offered, and
//! whether open occurrences are re-timed on the edited calendar (by default only new ones
//! use it: each occurrence keeps the calendar it opened under).

use std::collections::HashMap;

use leptos::prelude::*;

use crate::domain::sla::calendar_spec::{DAY_LABELS, OfficeHours};

fn field(name: &str) -> String {
    format!("fields[{name}]")
}

#[component]
pub fn CalendarFields(fields: HashMap<String, String>, office: String) -> impl IntoView {
    let value = move |k: &str| fields.get(k).cloned().unwrap_or_default();
    let days = (0..7)
        .map(|day| {
            let name = OfficeHours::field(day);
            view! {
                <tr>
                    <th scope="row">{DAY_LABELS[day]}</th>
                    <td><input name=field(&name) value=value(&name) placeholder="fechado"
                        aria-label=format!("Horário de {} (ex.: 08:00-12:00, 13:30-18:00; vazio = fechado)", DAY_LABELS[day])
                        data-testid=format!("hours-{}", &name["horario_".len()..]) /></td>
                </tr>
            }
        })
        .collect_view();
    let suggestion = value("sugestao_feriados");
    view! {
        <fieldset data-testid="calendar-form">
            <legend>"Calendário de atendimento (escritório " {office} ")"</legend>
            <p class="muted">"Horário de Brasília. Intervalos HH:MM-HH:MM separados por vírgula; um dia vazio não tem atendimento. Os feriados nacionais já são considerados."</p>
            <table class="table" data-testid="office-hours">
                <thead><tr><th scope="col">"Dia"</th><th scope="col">"Horário"</th></tr></thead>
                <tbody>{days}</tbody>
            </table>
            <label class="checkbox">
                <input type="checkbox" name=field("carnaval") checked=value("carnaval") == "on" data-testid="carnival-off" />
                " Carnaval (ponto facultativo) sem atendimento"
            </label>
            <div data-testid="office-holidays">
                <label>"Feriados locais: um por linha, dd/mm/aaaa e o nome"
                    <textarea name=field("feriados") rows="5" data-testid="local-holidays" placeholder="20/01/2027 São Sebastião">{value("feriados")}</textarea>
                </label>
                {(!suggestion.is_empty()).then(|| view! {
                    <p class="muted" data-testid="holiday-suggestion">"Sugestão (feriado estadual de São Paulo): " <code>{suggestion}</code></p>
                })}
            </div>
            <label class="checkbox">
                <input type="checkbox" name=field("recalcular") data-testid="retime-open" />
                " Recalcular também os prazos das ocorrências abertas das empresas deste escritório com o novo calendário (cada uma registra a mudança)"
            </label>
            <p class="muted">"Sem essa opção, uma mudança de horário ou de feriados vale para as ocorrências abertas a partir de agora; as demais seguem o calendário em que foram abertas."</p>
        </fieldset>
    }
}
