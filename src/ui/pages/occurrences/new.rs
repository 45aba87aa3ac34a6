//! `/ocorrencias/nova`: the customer opens an occurrence. While the title and the
//! description are typed, matching Level 0 items appear beside the form; "isto resolveu"
//! closes it (and is counted). What is typed is kept in the browser, so a reload or an
//! expired session loses nothing.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;
use std::time::Duration;

use crate::api::accounts::companies::my_company;
use crate::api::occurrences::{
    DeflectionSolved, DirectableAnalyst, OpenOccurrence, directable_analysts,
};
use crate::api::search::search_content;
use crate::domain::content::{ErpModule, content_path};
use crate::domain::occurrences::{OccurrenceForm, OccurrenceKind};
use crate::domain::sla::Criticality;
use crate::ui::components::errors::message;
use crate::ui::components::file_picker::{FilePicker, PickedFiles};
use crate::ui::components::loaded::loaded;
use crate::ui::pages::accounts::my_company::OccurrenceGate;
use crate::ui::typed::typed_before_hydration;

const DEBOUNCE: Duration = Duration::from_millis(400);

use super::draft;

/// The form's text fields as typed before hydration (`ui::typed`).
#[derive(Clone, Copy)]
struct TypedEarly {
    fields: StoredValue<[Option<String>; 3]>,
}

impl TypedEarly {
    fn read() -> Self {
        let typed = |id: &str| typed_before_hydration(&format!("[data-testid={id}]"));
        Self {
            fields: StoredValue::new([
                typed("occurrence-title"),
                typed("occurrence-description"),
                typed("occurrence-steps"),
            ]),
        }
    }

    fn apply(self, mut form: OccurrenceForm) -> OccurrenceForm {
        let [title, description, steps] = self.fields.get_value();
        form.title = title.unwrap_or(form.title);
        form.description = description.unwrap_or(form.description);
        form.steps = steps.unwrap_or(form.steps);
        form
    }
}

#[component]
pub fn NewOccurrencePage() -> impl IntoView {
    let company = Resource::new(|| (), |_| my_company());
    // Made here, not in the form: a component made inside `loaded` is made again each time
    // server rendering walks it, and so would its resource.
    let analysts = Resource::new(|| (), |_| directable_analysts());
    view! {
        <Title text="Nova ocorrência" />
        <h1>"Nova ocorrência"</h1>
        {loaded(company, move |c| {
            if c.missing_steps().is_empty() {
                view! { <OccurrenceFormView analysts /> }.into_any()
            } else {
                view! { <OccurrenceGate company=c /> }.into_any()
            }
        })}
    }
}

/// The form as a link pre-fills it (`?tipo=…&modulo=…&titulo=…&descricao=…`), if it does.
fn prefilled() -> Option<OccurrenceForm> {
    let query = leptos_router::hooks::use_query_map().get_untracked();
    let get = |k: &str| {
        query
            .get(k)
            .map(|v| v.chars().take(2000).collect::<String>())
    };
    let title = get("titulo")?;
    Some(OccurrenceForm {
        kind: get("tipo").unwrap_or_else(|| "duvida".into()),
        module: get("modulo").unwrap_or_default(),
        criticality: "baixa".into(),
        title,
        description: get("descricao").unwrap_or_default(),
        ..OccurrenceForm::default()
    })
}

#[component]
fn OccurrenceFormView(
    analysts: Resource<Result<Vec<DirectableAnalyst>, crate::api::AppError>>,
) -> impl IntoView {
    let live = crate::ui::components::live::is_live();
    let open = ServerAction::<OpenOccurrence>::new();
    let solved = ServerAction::<DeflectionSolved>::new();
    let navigate = use_navigate();
    let picked = PickedFiles::new();
    // Text typed before the app took over wins over the defaults and over the draft.
    let early = TypedEarly::read();
    // A link may pre-fill the form ("solicitar atualização" names the version): then
    // the draft is not read, since the link says what this occurrence is about.
    let prefill = prefilled();
    let from_link = prefill.is_some();
    let form = RwSignal::new(early.apply(prefill.unwrap_or(OccurrenceForm {
        kind: "duvida".into(),
        criticality: "media".into(),
        ..OccurrenceForm::default()
    })));
    // The draft is the signed-in person's own: read once the page runs in the browser (the
    // server has none) and the session is known.
    let session = crate::ui::session::use_session();
    let owner = move || session.user.get_untracked().flatten().map(|u| u.email);
    let draft_read = StoredValue::new(false);
    Effect::new(move |_| {
        let Some(me) = session.user.get().flatten().map(|u| u.email) else {
            return;
        };
        if draft_read.get_value() {
            return;
        }
        draft_read.set_value(true);
        let saved = draft::load(&me);
        if !from_link && saved != OccurrenceForm::default() {
            form.set(early.apply(saved));
        }
    });
    let edit = move |f: fn(&mut OccurrenceForm, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            form.update(|form| f(form, value));
            if let Some(me) = owner() {
                draft::save(&me, &form.get_untracked());
            }
        }
    };
    Effect::new(move |_| {
        if let Some(Ok(number)) = open.value().get() {
            if let Some(me) = owner() {
                draft::clear(&me);
            }
            navigate(&number.url(), Default::default());
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = solved.value().get()
            && let Some(me) = owner()
        {
            draft::clear(&me);
        }
    });

    // Deflection: search what is being typed, a moment after the typing stops.
    let typed = RwSignal::new(String::new());
    let timer = StoredValue::new(None::<leptos::prelude::TimeoutHandle>);
    Effect::new(move |_| {
        let f = form.get();
        let text: String = format!("{} {}", f.title, f.description)
            .split_whitespace()
            .take(12)
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(t) = timer.get_value() {
            t.clear();
        }
        timer.set_value(set_timeout_with_handle(move || typed.set(text), DEBOUNCE).ok());
    });
    let suggestions = Resource::new(
        move || typed.get(),
        |q| async move {
            if q.chars().count() < 4 {
                return Vec::new();
            }
            search_content(q, None, None)
                .await
                .map(|r| r.hits)
                .unwrap_or_default()
        },
    );

    let value = move |f: fn(&OccurrenceForm) -> String| move || form.with(f);
    let is = move |f: fn(&OccurrenceForm) -> String, v: &'static str| move || form.with(f) == v;
    let error = move || {
        open.value()
            .get()
            .and_then(|r| r.err())
            .map(|e| message(&e))
    };
    view! {
        <Show
            when=move || !matches!(solved.value().get(), Some(Ok(())))
            fallback=|| view! {
                <div class="notice" role="status" data-testid="deflection-thanks">
                    <p><strong>"Que bom que o autoatendimento resolveu!"</strong> " A ocorrência não foi aberta."</p>
                    <p><a href="/ocorrencias">"Voltar às ocorrências"</a></p>
                </div>
            }
        >
            <div class="occurrence-new">
                <ActionForm action=open attr:class="form" attr:data-testid="occurrence-form">
                    <label>"Módulo do ERP"
                        <select name="module" required data-testid="occurrence-module" on:change=edit(|f, v| f.module = v)>
                            <option value="" selected=is(|f| f.module.clone(), "")>"Escolha…"</option>
                            {ErpModule::ALL.into_iter().map(|m| view! {
                                <option value=m.slug() selected=is(|f| f.module.clone(), m.slug())>{m.label()}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <label>"Tipo"
                        <select name="kind" data-testid="occurrence-type" on:change=edit(|f, v| f.kind = v)>
                            {OccurrenceKind::ALL.into_iter().map(|k| view! {
                                <option value=k.slug() selected=is(|f| f.kind.clone(), k.slug())>{k.label()}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <label>"Criticidade"
                        <select name="criticality" data-testid="occurrence-criticality" on:change=edit(|f, v| f.criticality = v)>
                            {Criticality::ALL.into_iter().map(|c| view! {
                                <option value=c.slug() selected=is(|f| f.criticality.clone(), c.slug())>{c.label()}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <label>"Título"
                        <input name="title" required maxlength="200" data-testid="occurrence-title"
                            prop:value=value(|f| f.title.clone()) on:input=edit(|f, v| f.title = v) />
                    </label>
                    <label>"Descrição: o que você fez, o que esperava e o que aconteceu"
                        <textarea name="description" required rows="6" data-testid="occurrence-description"
                            prop:value=value(|f| f.description.clone()) on:input=edit(|f, v| f.description = v)></textarea>
                    </label>
                    <label>"Passos para reproduzir (obrigatório para erros)"
                        <textarea name="steps" rows="4" data-testid="occurrence-steps"
                            prop:value=value(|f| f.steps.clone()) on:input=edit(|f, v| f.steps = v)></textarea>
                    </label>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            let list = analysts.await.unwrap_or_default();
                            view! {
                                <label>"Direcionar a um analista (opcional)"
                                    <select name="analyst_id" data-testid="occurrence-analyst" on:change=edit(|f, v| f.analyst_id = v)>
                                        <option value="">"Primeiro analista livre"</option>
                                        {list.into_iter().map(|a| {
                                            let id = a.id.clone();
                                            view! {
                                                <option value=a.id.clone() selected=move || form.with(|f| f.analyst_id == id)>
                                                    {format!("{} (Nível {})", a.name, a.level)}
                                                </option>
                                            }
                                        }).collect_view()}
                                    </select>
                                </label>
                            }
                        })}
                    </Transition>
                    <FilePicker picked testid="occurrence-files" label="Anexos (telas, XML da nota, logs…)" />
                    <input type="hidden" name="attachments" prop:value=move || { picked.files.track(); picked.ids() } />
                    {move || error().map(|e| view! { <p class="notice notice-error" role="alert" data-testid="occurrence-error">{e}</p> })}
                    <button type="submit" class="button-primary" data-testid="occurrence-submit" disabled=move || open.pending().get() || picked.busy()>
                        "Abrir ocorrência"
                    </button>
                </ActionForm>
                <aside class="deflection" data-testid="deflection" aria-live="polite">
                    <h2>"Isto pode resolver agora"</h2>
                    <Transition fallback=|| ()>
                        {move || Suspend::new(async move {
                            let hits = suggestions.await;
                            if hits.is_empty() {
                                return view! { <p class="muted">"Enquanto você descreve, mostramos aqui o que o manual, o blog e as perguntas frequentes dizem a respeito."</p> }.into_any();
                            }
                            view! {
                                <ul class="content-list">
                                    {hits.into_iter().take(5).map(|h| {
                                        let (kind, slug) = (h.kind.slug().to_owned(), h.slug.clone());
                                        view! {
                                            <li data-testid="search-result" data-kind=h.kind.slug()>
                                                <a href=content_path(h.kind, &h.slug) target="_blank" data-testid="result-title">{h.title.clone()}</a>
                                                " "
                                                <button type="button" class="link-button" data-testid="deflection-solved" disabled=move || !live.get() title=crate::ui::components::live::waiting_title(live) on:click=move |_| {
                                                    solved.dispatch(DeflectionSolved { kind: kind.clone(), slug: slug.clone() });
                                                }>"Isto resolveu"</button>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        })}
                    </Transition>
                </aside>
            </div>
        </Show>
    }
}
