//! The stylesheet and the script that hydrates a server-rendered page, under the names the
//! build gave them: `suporte.<hash>.js/.wasm/.css` when cargo-leptos hashed them
//! (`hash-files` in Cargo.toml; its `hash.txt` beside the server binary says which), plain
//! names otherwise (no `hash.txt`: `cargo test` and `cargo run` builds). Read once per
//! process; this module alone decides, so Leptos' own `hash_files` option stays off.
//!
//! Leptos' `HydrationScripts` also preloads the JS and the WASM from the `<head>`: even at
//! low priority those downloads share the first paint's bandwidth on a slow phone. Here
//! nothing is fetched before the page has loaded. A signed-in person's pages (live queues,
//! countdowns) load the app as soon as the browser is idle. A visitor's Level 0 pages work
//! as plain HTML (links, the search form, sign-in), so the app (~330 KB) loads on the
//! first sign of intent to use it: a key pressed, or a form field focused (a tap on the
//! search box). Someone who only reads downloads no app code at all; what is typed while
//! it loads is kept by the shell's early script and taken up on hydration.

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

/// Loads the JS and the WASM, then hydrates (`hydrate`, exported by the WASM module): for
/// a signed-in person once the page has loaded and the browser is idle, for a visitor on
/// the first key pressed or form field focused. `window.__suporte_load()` starts it at
/// once (tools and browser tests).
#[component]
pub fn Hydration(options: LeptosOptions) -> impl IntoView {
    let files = front_files(&options);
    let script = hydration_script(&options.site_pkg_dir, files, signed_in());
    view! { <script type="module" nonce=leptos::nonce::use_nonce()>{script}</script> }
}

fn hydration_script(pkg: &str, files: &FrontFiles, eager: bool) -> String {
    let start = if eager {
        "var idle=function(){'requestIdleCallback' in window?requestIdleCallback(go,{timeout:1500}):setTimeout(go,50)};\
         document.readyState==='complete'?idle():addEventListener('load',idle)"
    } else {
        "var field=function(t){return t&&/^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName)};\
         var intent=function(e){if(e.type==='keydown'||field(e.target))go()};\
         addEventListener('keydown',intent,true);addEventListener('focusin',intent,true);\
         field(document.activeElement)&&go()"
    };
    format!(
        "(function(){{var started=false;var go=function(){{if(started)return;started=true;\
         import('/{pkg}/{js}').then(function(m){{\
         return m.default({{module_or_path:'/{pkg}/{wasm}'}}).then(function(){{m.hydrate()}})}})}};\
         window.__suporte_load=go;{start}}})()",
        js = files.js,
        wasm = files.wasm,
    )
}

/// Whether the page is rendered for a signed-in person (known only on the server; the
/// shell is never rendered in the browser).
fn signed_in() -> bool {
    super::served::served().is_some_and(|s| s.signed_in)
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

    #[test]
    fn a_visitor_loads_the_app_on_intent_and_a_signed_in_person_at_once() {
        let files = FrontFiles::named("suporte", None);
        let visitor = hydration_script("pkg", &files, false);
        assert!(visitor.contains("addEventListener('focusin'"));
        assert!(!visitor.contains("requestIdleCallback"));
        let member = hydration_script("pkg", &files, true);
        assert!(member.contains("requestIdleCallback"));
        assert!(!member.contains("focusin"));
        for script in [visitor, member] {
            assert!(script.contains("import('/pkg/suporte.js')"));
            assert!(script.contains("module_or_path:'/pkg/suporte.wasm'"));
            assert!(script.contains("window.__suporte_load=go"));
        }
    }
}
