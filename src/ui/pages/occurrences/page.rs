//! `/ocorrencias/{ano}/{numero}`: one occurrence, for the company's contacts (public view)
//! and for analysts (with their actions and internal notes) at the same URL.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::AppError;
use crate::api::calls::RequestCall;
use crate::api::development::HandToDevelopment;
use crate::api::estimates::{DecideEstimate, EstimateOccurrence};
use crate::api::forwarding::ForwardOccurrence;
use crate::api::knowledge::OccurrenceToFaq;
use crate::api::merge::MergeOccurrence;
use crate::api::occurrences::{ActOnOccurrence, ChangeCriticality, get_occurrence};
use crate::api::ownership::ReassignOccurrence;
use crate::api::versions::AwaitVersion;
use crate::domain::occurrences::{Action, OccurrenceView, message::Visibility};
use crate::domain::rule::Rule;
use crate::domain::sla::Criticality;
use crate::domain::time::format_date_time;
use crate::ui::components::countdown::SlaCountdown;
use crate::ui::components::errors::message;
use crate::ui::components::file_picker::{FilePicker, PickedFiles};
use crate::ui::components::loaded::loaded;
use crate::ui::typed::typed_or;

#[component]
pub fn OccurrencePage() -> impl IntoView {
    let params = use_params_map();
    let number = move || {
        params.with(|p| {
            format!(
                "{}/{}",
                p.get("ano").unwrap_or_default(),
                p.get("numero").unwrap_or_default()
            )
        })
    };
    let forms = PageActions::new();
    let PageActions { act, develop, .. } = forms;
    // What the person is typing lives here, above the part that re-renders on every
    // update: a live change arriving mid-sentence must not erase it.
    let typing = Typing {
        text: RwSignal::new(typed_or("[data-testid=reply-text]", String::new())),
        internal: RwSignal::new(false),
        simulation: RwSignal::new(typed_or("[data-testid=simulation-record]", String::new())),
        record: RwSignal::new(typed_or("[data-testid=handover-record]", String::new())),
        public_message: RwSignal::new(typed_or("[data-testid=handover-public]", String::new())),
        files: PickedFiles::new(),
        development: super::development::RecordTyping::new(),
    };
    Effect::new(move |_| {
        if let Some(Ok(_)) = act.value().get() {
            typing.text.set(String::new());
            typing.simulation.set(String::new());
            typing.record.set(String::new());
            typing.public_message.set(String::new());
            typing.files.clear();
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = develop.value().get() {
            typing.development.clear();
        }
    });
    let earlier = super::timeline::Earlier::new();
    // Reloads when anyone changes this occurrence (an analyst acts, the customer replies).
    let reads = crate::ui::live::Reads::new(Signal::derive(move || forms.pending()));
    let changes = crate::ui::live::occurrence_changes(Some(Signal::derive(number)), Some(reads));
    let occurrence = Resource::new(
        move || (number(), forms.versions(), changes.get()),
        move |(n, ..)| {
            reads.started();
            get_occurrence(n)
        },
    );
    view! {
        <Title text="Ocorrência" />
        {loaded(occurrence, move |o| view! { <OccurrenceDetail occurrence=o forms typing earlier /> })}
    }
}

/// The page's server actions: each finished one reloads the occurrence.
#[derive(Clone, Copy)]
struct PageActions {
    act: ServerAction<ActOnOccurrence>,
    criticality: ServerAction<ChangeCriticality>,
    reassign: ServerAction<ReassignOccurrence>,
    forward: ServerAction<ForwardOccurrence>,
    develop: ServerAction<HandToDevelopment>,
    estimate: ServerAction<EstimateOccurrence>,
    decide_estimate: ServerAction<DecideEstimate>,
    request_call: ServerAction<RequestCall>,
    merge: ServerAction<MergeOccurrence>,
    await_version: ServerAction<AwaitVersion>,
    to_faq: ServerAction<OccurrenceToFaq>,
}

impl PageActions {
    fn new() -> Self {
        Self {
            act: ServerAction::new(),
            criticality: ServerAction::new(),
            reassign: ServerAction::new(),
            forward: ServerAction::new(),
            develop: ServerAction::new(),
            estimate: ServerAction::new(),
            decide_estimate: ServerAction::new(),
            request_call: ServerAction::new(),
            merge: ServerAction::new(),
            await_version: ServerAction::new(),
            to_faq: ServerAction::new(),
        }
    }

    /// Whether any is in flight (its end reloads the page).
    fn pending(self) -> bool {
        [
            self.act.pending().get(),
            self.criticality.pending().get(),
            self.reassign.pending().get(),
            self.forward.pending().get(),
            self.develop.pending().get(),
            self.estimate.pending().get(),
            self.decide_estimate.pending().get(),
            self.request_call.pending().get(),
            self.merge.pending().get(),
            self.await_version.pending().get(),
            self.to_faq.pending().get(),
        ]
        .contains(&true)
    }

    /// How many of each have finished (tracked: a resource keyed on it reloads after each).
    fn versions(self) -> [usize; 11] {
        [
            self.act.version().get(),
            self.criticality.version().get(),
            self.reassign.version().get(),
            self.forward.version().get(),
            self.develop.version().get(),
            self.estimate.version().get(),
            self.decide_estimate.version().get(),
            self.request_call.version().get(),
            self.merge.version().get(),
            self.await_version.version().get(),
            self.to_faq.version().get(),
        ]
    }
}

/// The reply being typed, the internal-note switch, the simulation record, and a
/// hand-over's internal record and public message.
#[derive(Clone, Copy)]
struct Typing {
    text: RwSignal<String>,
    internal: RwSignal<bool>,
    simulation: RwSignal<String>,
    record: RwSignal<String>,
    public_message: RwSignal<String>,
    files: PickedFiles,
    development: super::development::RecordTyping,
}

#[component]
fn OccurrenceDetail(
    occurrence: OccurrenceView,
    forms: PageActions,
    typing: Typing,
    earlier: super::timeline::Earlier,
) -> impl IntoView {
    let PageActions {
        act,
        criticality,
        reassign,
        forward,
        develop,
        estimate,
        decide_estimate,
        request_call,
        merge,
        await_version,
        to_faq,
    } = forms;
    let live = crate::ui::components::live::is_live();
    let o = occurrence;
    let number = o.summary.number.path_part();
    let actions = o.actions.clone();
    let can = move |a: Action| actions.contains(&a);
    let analyst = can(Action::Note);
    let Typing {
        text,
        internal,
        simulation,
        record,
        public_message,
        files,
        development,
    } = typing;
    // Where the caller may only leave notes (N2 on a case not escalated to N2, the
    // coordinator), the box is a note box.
    let notes_only = analyst && !can(Action::Reply);
    let internal_now = move || notes_only || internal.get();
    let run = {
        let number = number.clone();
        move |action: &'static str, body: String, public_message: Option<String>| {
            // Files go with a reply or a note only.
            let attachments = matches!(action, "reply" | "note").then(|| files.ids());
            act.dispatch(ActOnOccurrence {
                number: number.clone(),
                action: action.into(),
                text: body,
                attachments,
                public_message,
            });
        }
    };
    let button = {
        let run = run.clone();
        let actions = o.actions.clone();
        move |action: Action,
              slug: &'static str,
              testid: &'static str,
              label: &'static str,
              uses_text: bool| {
            let run = run.clone();
            // A button that sends the box's text says who will read it; with "nota interna"
            // ticked, the ones that would show it to the customer are off.
            let visibility = uses_text.then(|| action.text_visibility().slug());
            let public = uses_text && action.text_visibility() == Visibility::Public;
            actions.contains(&action).then(|| view! {
                <button type="button" data-testid=testid data-visibility=visibility
                    title=move || crate::ui::components::live::waiting_title(live)().or((public && internal.get()).then_some("Desmarque \"Nota interna\" para enviar ao cliente."))
                    disabled=move || !live.get() || act.pending().get() || (public && internal.get()) on:click=move |_| {
                    let body = if uses_text { text.get_untracked() } else { String::new() };
                    run(slug, body, None);
                }>{label}</button>
            })
        }
    };
    let reassign_number = number.clone();
    let forward_number = number.clone();
    let development_number = number.clone();
    let estimate_number = number.clone();
    let request_call_number = number.clone();
    let merge_number = number.clone();
    let await_number = number.clone();
    let faq_number = number.clone();
    let can_decide = can(Action::ApproveEstimate);
    let estimate_card = o.estimate.clone().map(|e| {
        view! { <super::estimate::EstimateCard number=number.clone() estimate=e can_decide action=decide_estimate /> }
    });
    let reply_run = run.clone();
    let escalate_run = run.clone();
    let handover_run = run.clone();
    // Analysts come from their queue, customers from their list.
    let back = if analyst {
        ("/atendimento", "← Fila de atendimento")
    } else {
        ("/ocorrencias", "← Ocorrências")
    };
    view! {
        <p><a href=back.0>{back.1}</a></p>
        <header class="occurrence-head">
            <p class="muted" data-testid="occurrence-number">{o.summary.number.to_string()}</p>
            <h1>{o.summary.title.clone()}</h1>
            <p class="occurrence-facts">
                <span class=format!("state state-{}", o.summary.state.slug()) data-testid="occurrence-state" data-state=o.summary.state.slug()>
                    {o.summary.state.label()}
                </span>
                " · Criticidade " <strong data-testid="occurrence-criticality">{o.summary.criticality.label()}</strong>
                " · " {o.summary.module.label()} " · " {o.kind.label()}
                " · Responsável: " {o.summary.owner_name.clone().unwrap_or_else(|| "ainda ninguém".into())}
                {o.summary.directed_to.clone().map(|name| view! {
                    " · " <span data-testid="directed-to">"Direcionada a " {name}</span>
                })}
                " · Empresa: " {o.summary.company_name.clone()}
            </p>
            <p class="occurrence-sla">"Prazo (SLA): " <SlaCountdown clock=o.summary.sla.clone() /></p>
            {o.merged_into.map(|into| view! { <super::merge::MergedInto into /> })}
            {o.forwarded.clone().map(|f| view! {
                <p class="notice" data-testid="forwarded-to">
                    "Fora do escopo do suporte: encaminhada à área " <strong>{f.area}</strong>
                    " (" {f.category} "). Motivo: " {f.reason}
                    {f.area_email.map(|email| view! { " · E-mail da área: " <a href=format!("mailto:{email}")>{email.clone()}</a> })}
                    {(!analyst && o.summary.state == crate::domain::occurrences::State::Encaminhada).then_some(
                        " Você ainda pode escrever aqui: a área recebe uma cópia.")}
                </p>
            })}
            {estimate_card}
            {o.fix_version.clone().map(|fix| view! {
                <super::await_version::FixVersionNotice fix module=o.summary.module.slug() number=o.summary.number customer=!analyst />
            })}
            {o.closes_at.map(|at| view! {
                <p class="notice" data-testid="autoclose-date" data-at=at.to_rfc3339()>
                    "Resolvida. Sem resposta, será encerrada automaticamente em "
                    <strong>{format_date_time(at)}</strong>
                    " (5 dias úteis). Se o problema continua, responda aqui ou reabra."
                </p>
            })}
        </header>
        <section class="occurrence-description">
            <h2>"Descrição"</h2>
            <p class="pre">{o.description.clone()}</p>
            {(!o.steps.is_empty()).then(|| view! { <h3>"Passos para reproduzir"</h3><p class="pre">{o.steps.clone()}</p> })}
            <p class="muted" data-testid="opened-by">"Aberta por " {o.opened_by_name.clone()} " em " {format_date_time(o.summary.opened_at)} "."</p>
        </section>
        <super::knowledge::LinkedCards linked=o.linked.clone() />
        <super::timeline::Timeline number=number.clone() entries=o.timeline.clone() earlier_exist=o.earlier earlier />
        <section class="occurrence-actions">
            {move || act.value().get().and_then(|r| r.err()).map(|e| {
                // A rule that says the page was out of date: the page has just reloaded
                // (every finished action reloads it), so say what is shown now.
                let rule = match &e {
                    AppError::Rule(rule) => Some(rule.clone()),
                    _ => None,
                };
                let reloaded = rule.as_ref().is_some_and(Rule::page_is_stale);
                view! {
                    <p class="notice notice-error" role="alert" data-testid="action-error"
                        data-rule=rule.as_ref().map(Rule::code)>
                        {message(&e)}
                        {reloaded.then_some(" A página já mostra a situação atual.")}
                    </p>
                }
            })}
            {button(Action::Take, "take", "action-take", "Assumir", false)}
            {(can(Action::Reply) || analyst).then(|| view! {
                <label>
                    {move || match (analyst, internal_now()) {
                        (false, _) => "Mensagem",
                        (true, false) => "Mensagem ao cliente (pública)",
                        (true, true) => "Nota interna (só o suporte lê)",
                    }}
                    <textarea rows="5" data-testid="reply-text"
                        data-visibility=move || if internal_now() { "internal" } else { "public" } prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </label>
                {(analyst && !notes_only).then(|| view! {
                    <label class="checkbox">
                        <input type="checkbox" data-testid="reply-internal" prop:checked=move || internal.get()
                            on:change=move |ev| internal.set(event_target_checked(&ev)) />
                        " Nota interna (o cliente não vê)"
                    </label>
                })}
                {(analyst && !notes_only).then(|| view! { <super::knowledge::ArticlePicker text /> })}
                <FilePicker picked=files testid="reply-files" label="Anexos" />
                <button type="button" class="button-primary" data-testid="reply-submit"
                    data-visibility=move || if internal_now() { "internal" } else { "public" }
                    disabled=move || !live.get() || act.pending().get() || files.busy() on:click={
                    let run = reply_run.clone();
                    move |_| run(if notes_only || internal.get_untracked() { "note" } else { "reply" }, text.get_untracked(), None)
                }>{move || match (analyst, internal_now()) {
                    (false, _) => "Enviar",
                    (true, false) => "Enviar ao cliente",
                    (true, true) => "Salvar nota interna",
                }}</button>
            })}
            <div class="action-row">
                {button(Action::AskCustomer, "ask_customer", "action-ask-customer", "Enviar como pergunta ao cliente", true)}
                {button(Action::Resolve, "resolve", "action-resolve", "Enviar como solução (pública) e resolver", true)}
                {button(Action::Confirm, "confirm", "action-confirm", "Confirmar solução", false)}
                {button(Action::Reopen, "reopen", "action-reopen", "Reabrir (mensagem = motivo)", true)}
                {button(Action::Close, "close", "action-close", "Encerrar (a área já atendeu)", false)}
            </div>
            {can(Action::ChangeCriticality).then(|| {
                let current = o.summary.criticality;
                view! {
                    <details class="criticality">
                        <summary>"Mudar a criticidade"</summary>
                        <ActionForm action=criticality attr:class="form" attr:data-testid="criticality-form">
                            <input type="hidden" name="number" value=number.clone() />
                            <label>"Nova criticidade"
                                <select name="criticality" data-testid="criticality-select">
                                    {Criticality::ALL.into_iter().map(|c| view! {
                                        <option value=c.slug() selected=c == current>{c.label()}</option>
                                    }).collect_view()}
                                </select>
                            </label>
                            <label>"Motivo (o cliente lê)" <input name="reason" required maxlength="1000" data-testid="criticality-reason" /></label>
                            {move || criticality.value().get().and_then(|r| r.err()).map(|e| view! {
                                <p class="notice notice-error" role="alert">{message(&e)}</p>
                            })}
                            <button type="submit" data-testid="action-criticality" data-visibility="public">"Mudar"</button>
                        </ActionForm>
                    </details>
                }
            })}
            {can(Action::Escalate).then(|| view! {
                <details class="escalate">
                    <summary>"Escalar para o Nível 2"</summary>
                    <label>"Registro da simulação (interno): como reproduziu, em qual versão, os passos"
                        <textarea rows="5" data-testid="simulation-record" data-visibility="internal" prop:value=move || simulation.get()
                            on:input=move |ev| simulation.set(event_target_value(&ev))></textarea>
                    </label>
                    <button type="button" data-testid="action-escalate" data-visibility="internal" disabled=move || !live.get() || act.pending().get() on:click={
                        let run = escalate_run.clone();
                        move |_| run("escalate", simulation.get_untracked(), None)
                    }>"Escalar (registro interno)"</button>
                </details>
            })}
            {can(Action::AskCustomer).then(|| view! { <super::request_call::RequestCallForm number=request_call_number action=request_call /> })}
            {o.faq_draft.clone().map(|draft| view! { <super::knowledge::ToFaq number=faq_number draft action=to_faq /> })}
            {can(Action::AwaitVersion).then(|| view! { <super::await_version::AwaitVersionForm number=await_number action=await_version /> })}
            {can(Action::Merge).then(|| view! { <super::merge::MergeForm number=merge_number action=merge /> })}
            {can(Action::Reassign).then(|| view! { <super::reassign::Reassign number=reassign_number action=reassign /> })}
            {can(Action::Estimate).then(|| view! { <super::estimate::EstimateForm number=estimate_number action=estimate /> })}
            {can(Action::Forward).then(|| view! { <super::forward::Forward number=forward_number action=forward /> })}
            {can(Action::ReturnToN1).then(|| view! {
                <super::handover::HandOver run=handover_run.clone() record public=public_message
                    pending=Signal::derive(move || !live.get() || act.pending().get()) />
            })}
            {o.simulation.clone().filter(|_| can(Action::HandToDevelopment)).map(|prefill| view! {
                <super::development::ToDevelopment number=development_number prefill typing=development
                    action=develop pending=develop.pending().into() />
            })}
        </section>
    }
}
