//! The one way pages show server data: a loading line, then the data or the error.

use crate::api::AppError;
use leptos::prelude::*;
use leptos::server::codee::string::JsonSerdeCodec;
use serde::{Serialize, de::DeserializeOwned};

use super::errors::ErrorNotice;

/// Renders `resource` with `render` once loaded (keeping the previous content while it
/// reloads), or the server's message when it failed.
pub fn loaded<T, V>(
    resource: Resource<Result<T, AppError>, JsonSerdeCodec>,
    render: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=|| view! { <p class="muted">"Carregando…"</p> }>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(value) => render(value).into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}
