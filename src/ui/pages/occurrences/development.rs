//! "Encaminhar ao Desenvolvimento": the manual's simulation record (ERP version,
//! database/environment, steps, expected and obtained result, files), pre-filled from what
//! support already knows and required in full; internal. An optional public message tells
//! the customer. Every missing part is named at once, in pt-BR, by the server (no browser
//! `required` bubbles: they speak the browser's language, one field at a time). A plain
//! form post (works before the app is live); what is typed lives above the page's live
//! re-renders, so an update arriving mid-sentence erases nothing.

use leptos::prelude::*;

use crate::api::development::HandToDevelopment;
use crate::domain::occurrences::simulation::SimulationFields;
use crate::ui::components::errors::message;
use crate::ui::components::file_picker::{FilePicker, PickedFiles};
use crate::ui::typed::typed_before_hydration;

/// What the analyst typed into the record (`None`: still the pre-filled value).
#[derive(Clone, Copy)]
pub struct RecordTyping {
    erp_version: RwSignal<Option<String>>,
    environment: RwSignal<Option<String>>,
    steps: RwSignal<Option<String>>,
    expected: RwSignal<Option<String>>,
    obtained: RwSignal<Option<String>>,
    public_message: RwSignal<Option<String>>,
    files: PickedFiles,
}

fn typed(testid: &str) -> RwSignal<Option<String>> {
    RwSignal::new(typed_before_hydration(&format!("[data-testid={testid}]")))
}

impl RecordTyping {
    pub fn new() -> Self {
        Self {
            erp_version: typed("simulation-erp-version"),
            environment: typed("simulation-environment"),
            steps: typed("simulation-steps"),
            expected: typed("simulation-expected"),
            obtained: typed("simulation-obtained"),
            public_message: typed("development-public"),
            files: PickedFiles::new(),
        }
    }

    /// After a hand-over: back to the (new) pre-filled values.
    pub fn clear(&self) {
        for field in [
            self.erp_version,
            self.environment,
            self.steps,
            self.expected,
            self.obtained,
            self.public_message,
        ] {
            field.set(None);
        }
        self.files.clear();
    }
}

impl Default for RecordTyping {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn ToDevelopment(
    number: String,
    prefill: SimulationFields,
    typing: RecordTyping,
    action: ServerAction<HandToDevelopment>,
    /// Not live yet, or running.
    pending: Signal<bool>,
) -> impl IntoView {
    // A field shows what was typed, else what support already knew.
    let field = move |name: &'static str,
                      testid: &'static str,
                      label: &'static str,
                      typed: RwSignal<Option<String>>,
                      prefilled: String,
                      rows: Option<u8>| {
        let value = move || typed.get().unwrap_or_else(|| prefilled.clone());
        let input = move |ev| typed.set(Some(event_target_value(&ev)));
        let name = format!("record[{name}]");
        match rows {
            Some(rows) => view! {
                <label>{label}
                    <textarea name=name rows=rows aria-required="true" data-testid=testid data-visibility="internal"
                        prop:value=value on:input=input></textarea>
                </label>
            }
            .into_any(),
            None => view! {
                <label>{label}
                    <input name=name aria-required="true" data-testid=testid data-visibility="internal"
                        prop:value=value on:input=input />
                </label>
            }
            .into_any(),
        }
    };
    let p = prefill;
    let files = typing.files;
    view! {
        <details class="to-development" data-testid="to-development">
            <summary>"Encaminhar ao Desenvolvimento"</summary>
            <ActionForm action attr:class="form" attr:data-testid="development-form">
                <input type="hidden" name="number" value=number />
                <fieldset data-testid="simulation-record" data-visibility="internal">
                    <legend>"Registro da simulação (interno: só o suporte e o Desenvolvimento leem)"</legend>
                    {field("erp_version", "simulation-erp-version", "Versão do ERP em que reproduziu (ex.: 2026.49)", typing.erp_version, p.erp_version, None)}
                    {field("environment", "simulation-environment", "Banco de dados / ambiente", typing.environment, p.environment, None)}
                    {field("steps", "simulation-steps", "Passos da simulação", typing.steps, p.steps, Some(5))}
                    {field("expected", "simulation-expected", "Resultado esperado", typing.expected, p.expected, Some(3))}
                    {field("obtained", "simulation-obtained", "Resultado obtido", typing.obtained, p.obtained, Some(3))}
                    <FilePicker picked=files testid="simulation-files" label="Anexos do registro (XML, telas, logs — internos)" />
                    <input type="hidden" name="attachments" prop:value=move || { files.files.track(); files.ids() } />
                </fieldset>
                <label>"Mensagem ao cliente (pública, opcional)"
                    <textarea name="public_message" rows="3" data-testid="development-public" data-visibility="public"
                        prop:value=move || typing.public_message.get().unwrap_or_default()
                        on:input=move |ev| typing.public_message.set(Some(event_target_value(&ev)))></textarea>
                </label>
                {move || action.value().get().and_then(|r| r.err()).map(|e| view! {
                    <p class="notice notice-error pre-line" role="alert" data-testid="development-error">{message(&e)}</p>
                })}
                <button type="submit" data-testid="action-to-development" data-visibility="internal"
                    disabled=move || pending.get() || files.busy()>"Encaminhar ao Desenvolvimento (registro interno)"</button>
            </ActionForm>
        </details>
    }
}
