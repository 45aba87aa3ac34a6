//! Data-change requests (FAQ 9) on the occurrence page: the estimate both sides read, the
//! customer's approve / refuse, and support's form to send one. Plain form posts: they work
//! before the app is live.

use leptos::prelude::*;

use crate::api::estimates::{DecideEstimate, EstimateOccurrence};
use crate::domain::occurrences::estimate::{Decision, EstimateView, hours_text, money_text};
use crate::domain::time::format_date_time;
use crate::ui::components::errors::message;

/// The estimate and where the decision stands; the customer decides here while pending.
#[component]
pub fn EstimateCard(
    number: String,
    estimate: EstimateView,
    /// The caller is the customer and the decision is theirs now.
    can_decide: bool,
    action: ServerAction<DecideEstimate>,
) -> impl IntoView {
    let e = estimate;
    let decided = e.decided_by_name.clone().zip(e.decided_at).map(|(who, at)| {
        view! { <p data-testid="estimate-decided">{format!("{} por {who} em {}.", capitalized(e.decision.label()), format_date_time(at))}</p> }
    });
    let refusal = e
        .reason
        .clone()
        .map(|r| view! { <p>"Motivo da recusa: " {r}</p> });
    let number_refuse = number.clone();
    view! {
        <section class="notice estimate" data-testid="estimate" data-decision=format!("{:?}", e.decision).to_lowercase()>
            <h2>"Orçamento da alteração de dados"</h2>
            <p>
                <strong data-testid="estimate-hours-shown">{hours_text(e.hundredths_of_hour)} " h"</strong>
                " · " <strong data-testid="estimate-cost-shown">{money_text(e.cost_cents)}</strong>
                " · enviado por " {e.by_name.clone()} " em " {format_date_time(e.at)}
            </p>
            <p class="pre">{e.description.clone()}</p>
            <p>"Situação: " <strong>{e.decision.label()}</strong>
                {(e.decision == Decision::Pendente).then_some(" (o prazo de SLA fica pausado até a sua decisão)")}</p>
            {decided}
            {refusal}
            {can_decide.then(|| view! {
                <div class="action-row">
                    <ActionForm action attr:class="inline-form">
                        <input type="hidden" name="number" value=number />
                        <input type="hidden" name="decision" value="aprovar" />
                        <button type="submit" class="button-primary" data-testid="estimate-approve">"Aprovar o orçamento"</button>
                    </ActionForm>
                    <details>
                        <summary>"Recusar o orçamento"</summary>
                        <ActionForm action attr:class="form">
                            <input type="hidden" name="number" value=number_refuse />
                            <input type="hidden" name="decision" value="recusar" />
                            <label>"Motivo da recusa (a ocorrência será encerrada)"
                                <textarea name="reason" rows="3" maxlength="10000" data-testid="estimate-refuse-reason" data-visibility="public"></textarea>
                            </label>
                            <button type="submit" data-testid="estimate-refuse" data-visibility="public">"Recusar e encerrar"</button>
                        </ActionForm>
                    </details>
                </div>
            })}
            {move || action.value().get().and_then(|r| r.err()).map(|e| view! {
                <p class="notice notice-error pre-line" role="alert" data-testid="estimate-error">{message(&e)}</p>
            })}
        </section>
    }
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Support's form: hours and reais (typed the Brazilian way) and what the change covers.
#[component]
pub fn EstimateForm(number: String, action: ServerAction<EstimateOccurrence>) -> impl IntoView {
    view! {
        <details class="estimate-form">
            <summary>"Orçamento de alteração de dados (FAQ 9)"</summary>
            <ActionForm action attr:class="form" attr:data-testid="estimate-form">
                <input type="hidden" name="number" value=number />
                <p class="muted">"Para pedidos de alteração de dados na base do cliente: o Desenvolvimento executa depois da aprovação do cliente. Administração de banco de dados não é alteração de dados: encaminhe à Infraestrutura."</p>
                <label>"Horas estimadas"
                    <input name="hours" inputmode="decimal" placeholder="12,5" class="hours" data-testid="estimate-hours" />
                </label>
                <label>"Valor (R$)"
                    <input name="cost" inputmode="decimal" placeholder="1.500,00" class="hours" data-testid="estimate-cost" />
                </label>
                <label>"O que a alteração cobre (público: o cliente lê e recebe por e-mail)"
                    <textarea name="description" rows="4" maxlength="10000" data-testid="estimate-description" data-visibility="public"></textarea>
                </label>
                {move || action.value().get().and_then(|r| r.err()).map(|e| view! {
                    <p class="notice notice-error pre-line" role="alert" data-testid="estimate-form-error">{message(&e)}</p>
                })}
                <button type="submit" data-testid="action-estimate" data-visibility="public">"Enviar o orçamento ao cliente"</button>
            </ActionForm>
        </details>
    }
}
