//! The stylesheet and the script that hydrates a server-rendered page, under the names the
//! build gave them: `suporte.<hash>.js/.wasm/.css` when cargo-leptos hashed them
//! (`hash-files` in Cargo.toml; its `hash.txt` beside the server binary says which), plain
//! names otherwise (no `hash.txt`: `cargo test` and `cargo run` builds). Read once per
//! process; this module alone decides, so Leptos' own `hash_files` option stays off.
//!
//! Leptos' `HydrationScripts` also preloads the JS and the WASM from the `<head>`: even at
//! low priority those half-megabyte downloads share the first paint's bandwidth on a slow
//! phone. Here nothing is fetched until the page has loaded and the browser is idle; what a
//! person types meanwhile is kept by the shell's early script.

use leptos::prelude::*;
use std::sync::OnceLock;

#[derive(Clone, Debug, PartialEq, Eq)]
struct FrontFiles {
    js: String,
    wasm: String,
    css: String,
}

impl FrontFiles {
    /// The names for `output_name`, hashed as `hash_txt` (cargo-leptos' `js: …` lines) says.
    fn named(output_name: &str, hash_txt: Option<&str>) -> Self {
        let hash = |kind: &str| {
            hash_txt
                .into_iter()
                .flat_map(str::lines)
                .filter_map(|l| l.split_once(':'))
                .find(|(k, _)| k.trim() == kind)
                .map(|(_, h)| h.trim())
                .filter(|h| !h.is_empty())
        };
        let name = |kind: &str| match hash(kind) {
            Some(h) => format!("{output_name}.{h}.{kind}"),
            None => format!("{output_name}.{kind}"),
        };
        Self {
            js: name("js"),
            wasm: name("wasm"),
            css: name("css"),
        }
    }
}

fn front_files(options: &LeptosOptions) -> &'static FrontFiles {
    static FILES: OnceLock<FrontFiles> = OnceLock::new();
    FILES.get_or_init(|| {
        let hashes = std::env::current_exe().ok().and_then(|exe| {
            std::fs::read_to_string(exe.parent()?.join(options.hash_file.as_ref())).ok()
        });
        FrontFiles::named(&options.output_name, hashes.as_deref())
    })
}

/// The app's stylesheet.
#[component]
pub fn AppStylesheet(options: LeptosOptions) -> impl IntoView {
    let href = format!("/{}/{}", options.site_pkg_dir, front_files(&options).css);
    view! { <link id="leptos" rel="stylesheet" href=href /> }
}

/// Loads the JS and the WASM once the page has loaded and the browser is idle, then
/// hydrates (`hydrate`, exported by the WASM module).
#[component]
pub fn Hydration(options: LeptosOptions) -> impl IntoView {
    let files = front_files(&options);
    let pkg = &options.site_pkg_dir;
    let script = format!(
        "(function(){{var go=function(){{import('/{pkg}/{js}').then(function(m){{\
         return m.default({{module_or_path:'/{pkg}/{wasm}'}}).then(function(){{m.hydrate()}})}})}};\
         var idle=function(){{'requestIdleCallback' in window?requestIdleCallback(go,{{timeout:1500}}):setTimeout(go,50)}};\
         document.readyState==='complete'?idle():addEventListener('load',idle)}})()",
        js = files.js,
        wasm = files.wasm,
    );
    view! { <script type="module" nonce=leptos::nonce::use_nonce()>{script}</script> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_hash_file_or_stay_plain() {
        let hashed = FrontFiles::named(
            "suporte",
            Some("js: AAA\nwasm: BBB\ncss: CCC\nmanifest: DDD\n"),
        );
        assert_eq!(hashed.js, "suporte.AAA.js");
        assert_eq!(hashed.wasm, "suporte.BBB.wasm");
        assert_eq!(hashed.css, "suporte.CCC.css");
        let plain = FrontFiles::named("suporte", None);
        assert_eq!(
            (plain.js.as_str(), plain.wasm.as_str(), plain.css.as_str()),
            ("suporte.js", "suporte.wasm", "suporte.css")
        );
        assert_eq!(FrontFiles::named("suporte", Some("js:\n")).js, "suporte.js");
    }
}
