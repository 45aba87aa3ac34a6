//! Choosing files for a message: each file is sent as soon as it is picked (`POST
//! /anexos`), checked by the server, and listed with a button to drop it; a refused file
//! gets its own message (naming it and the rule) and everything else typed is kept. The
//! message then carries the ids of what was accepted.

use leptos::prelude::*;

use crate::domain::attachment::{ACCEPT, AttachmentView, FileRefusal, MAX_FILES_PER_MESSAGE};

/// The files of one message being written.
#[derive(Clone, Copy)]
pub struct PickedFiles {
    pub files: RwSignal<Vec<AttachmentView>>,
    /// Messages about refused files.
    pub errors: RwSignal<Vec<String>>,
    /// Files still travelling to the server.
    pub sending: RwSignal<usize>,
}

impl PickedFiles {
    pub fn new() -> Self {
        Self {
            files: RwSignal::new(Vec::new()),
            errors: RwSignal::new(Vec::new()),
            sending: RwSignal::new(0),
        }
    }

    /// Comma-separated ids, as the server functions take them.
    pub fn ids(&self) -> String {
        self.files.with_untracked(|f| {
            f.iter()
                .map(|a| a.id.as_str())
                .collect::<Vec<_>>()
                .join(",")
        })
    }

    pub fn clear(&self) {
        self.files.set(Vec::new());
        self.errors.set(Vec::new());
    }

    pub fn busy(&self) -> bool {
        self.sending.get() > 0
    }
}

impl Default for PickedFiles {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn FilePicker(picked: PickedFiles, testid: &'static str, label: &'static str) -> impl IntoView {
    let PickedFiles {
        files,
        errors,
        sending,
    } = picked;
    let on_change = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        browser::send_selected(&ev, picked);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <div class="file-picker">
            <label>{label}
                <input type="file" multiple accept=ACCEPT data-testid=testid on:change=on_change />
            </label>
            <p class="muted small">{format!("Até {MAX_FILES_PER_MESSAGE} arquivos de até 10 MB: png, jpg, gif, webp, pdf, xml, txt, log, csv ou zip.")}</p>
            {move || (sending.get() > 0).then(|| view! { <p class="muted" role="status">"Enviando arquivos…"</p> })}
            <ul class="picked-files" data-testid="picked-files">
                {move || files.get().into_iter().map(|f| {
                    let id = f.id.clone();
                    view! {
                        <li data-testid="picked-file">
                            {f.name.clone()} " (" {f.size_text()} ") "
                            <button type="button" class="link-button" on:click=move |_| {
                                files.update(|all| all.retain(|a| a.id != id));
                            }>"remover"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || errors.get().into_iter().map(|e| view! {
                <p class="notice notice-error" role="alert" data-testid="file-error">{e}</p>
            }).collect_view()}
        </div>
    }
}

/// The refusal for one more file past the per-message limit.
pub fn too_many() -> String {
    FileRefusal::TooMany.to_string()
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    use super::PickedFiles;
    use crate::api::AppError;
    use crate::domain::attachment::{
        AttachmentView, FileRefusal, MAX_FILE_BYTES, MAX_FILES_PER_MESSAGE,
    };

    pub fn send_selected(ev: &leptos::ev::Event, picked: PickedFiles) {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(list) = input.files() else { return };
        let chosen: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        // Picking the same file again must fire `change` again.
        input.set_value("");
        picked.errors.set(Vec::new());
        for file in chosen {
            let name = file.name();
            let taken = picked.files.with_untracked(Vec::len) + picked.sending.get_untracked();
            if taken >= MAX_FILES_PER_MESSAGE {
                picked.errors.update(|e| e.push(super::too_many()));
                break;
            }
            // Checked here too, so a 50 MB video is not sent only to be refused.
            if file.size() > MAX_FILE_BYTES as f64 {
                let refusal = FileRefusal::TooLarge { name };
                picked.errors.update(|e| e.push(refusal.to_string()));
                continue;
            }
            picked.sending.update(|n| *n += 1);
            leptos::task::spawn_local(async move {
                match upload(&file).await {
                    Ok(view) => picked.files.update(|f| f.push(view)),
                    Err(message) => picked.errors.update(|e| e.push(message)),
                }
                picked.sending.update(|n| *n -= 1);
            });
        }
    }

    async fn upload(file: &web_sys::File) -> Result<AttachmentView, String> {
        let unreachable = || AppError::Unreachable.to_string();
        let url = format!(
            "/anexos?nome={}",
            String::from(js_sys::encode_uri_component(&file.name()))
        );
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_body(file);
        init.set_credentials(web_sys::RequestCredentials::SameOrigin);
        let window = web_sys::window().ok_or_else(unreachable)?;
        let response: web_sys::Response =
            JsFuture::from(window.fetch_with_str_and_init(&url, &init))
                .await
                .map_err(|_| unreachable())?
                .dyn_into()
                .map_err(|_| unreachable())?;
        let text = JsFuture::from(response.text().map_err(|_| unreachable())?)
            .await
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        if response.ok() {
            serde_json::from_str(&text).map_err(|_| unreachable())
        } else {
            Err(serde_json::from_str::<AppError>(&text)
                .map(|e| e.to_string())
                .unwrap_or_else(|_| {
                    format!(
                        "\"{}\" não pôde ser enviado (HTTP {}).",
                        file.name(),
                        response.status()
                    )
                }))
        }
    }
}
