//! Early fetches of a lazy page's WASM chunks. `cargo leptos build --split` cuts a lazy
//! route's code into chunks (often dozens, shared code cut finely) that the split loader
//! fetches only once the main WASM runs and the route asks for them. When the server
//! renders such a page it already knows which chunks the browser will need, so the response
//! names them in `Link: <…>; rel=preload` headers (headers, not `<link>` tags: nothing in
//! the document changes, so hydration cannot be disturbed) and they download alongside the
//! main WASM.

/// The chunk files (`chunk_21.<hash>.wasm`, …) of lazy route `route` (its type name, e.g.
/// `AccountPageRoute`) in the split manifest, whose keys are `__<snake_case>_view_<n>`.
pub fn chunks_of(manifest: &serde_json::Value, route: &str) -> Vec<String> {
    let prefix = format!("__{}_view_", snake_case(route));
    let Some(entries) = manifest.as_object() else {
        return Vec::new();
    };
    entries
        .iter()
        .find(|(key, _)| key.starts_with(&prefix))
        .and_then(|(_, chunks)| chunks.as_array())
        .into_iter()
        .flatten()
        .filter_map(|c| c.as_str())
        .map(|c| format!("{c}.wasm"))
        .collect()
}

fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 8);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Adds the preload headers for `route` to the page being rendered (server only; the
/// manifest is read once per process from the site's package directory).
#[cfg(feature = "ssr")]
pub fn preload(route: &str) {
    use axum::http::{HeaderValue, header::LINK};
    use leptos::config::LeptosOptions;
    use leptos::prelude::use_context;
    use std::sync::OnceLock;

    static MANIFEST: OnceLock<Option<(String, serde_json::Value)>> = OnceLock::new();
    let (Some(served), Some(response)) = (
        super::served::served(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let Some((pkg, manifest)) = MANIFEST.get_or_init(|| read_manifest(&served.site)) else {
        return;
    };
    for chunk in chunks_of(manifest, route) {
        let link = format!("</{pkg}/{chunk}>; rel=preload; as=fetch; crossorigin");
        if let Ok(value) = HeaderValue::from_str(&link) {
            response.append_header(LINK, value);
        }
    }

    fn read_manifest(options: &LeptosOptions) -> Option<(String, serde_json::Value)> {
        let pkg = options.site_pkg_dir.to_string();
        let dir = std::path::Path::new(options.site_root.as_ref()).join(&pkg);
        let file = std::fs::read_dir(dir).ok()?.flatten().find(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with("__wasm_split_manifest") && name.ends_with(".json")
        })?;
        let manifest = serde_json::from_slice(&std::fs::read(file.path()).ok()?).ok()?;
        Some((pkg, manifest))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_route_finds_its_chunks_by_its_snake_case_name() {
        let manifest = serde_json::json!({
            "__account_page_route_view_4359": ["chunk_21.AAA", "chunk_22.BBB"],
            "__attendance_page_route_view_4359": ["chunk_22.BBB"],
        });
        assert_eq!(
            chunks_of(&manifest, "AccountPageRoute"),
            ["chunk_21.AAA.wasm", "chunk_22.BBB.wasm"]
        );
        assert_eq!(
            chunks_of(&manifest, "AttendancePageRoute"),
            ["chunk_22.BBB.wasm"]
        );
        assert!(chunks_of(&manifest, "AuditPageRoute").is_empty());
        assert!(chunks_of(&serde_json::json!([]), "AccountPageRoute").is_empty());
    }
}
