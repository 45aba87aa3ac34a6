//! What a person typed into a server-rendered field before the app took over.
//!
//! Hydration writes every `prop:value` from the app's state. Had a field's signal
//! started from the server's value, hydration would wipe what was typed while the app
//! loaded, and the keys still arriving would land in the emptied box. So a field the
//! page's early script saw the person type into (`__suporte_typed`) starts from the DOM;
//! hydration then writes back what is already there. After hydration (client-side
//! navigation) and on the server, fields start from the app's value.

/// What was typed into the field `selector` before hydration, if anything.
pub fn typed_before_hydration(selector: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let window = web_sys::window()?;
        let field = window.document()?.query_selector(selector).ok()??;
        let seen = js_sys::Reflect::get(&window, &"__suporte_typed".into()).ok()?;
        let seen = seen.dyn_ref::<js_sys::Function>()?;
        if !seen.call1(&window, &field).ok()?.is_truthy() {
            return None;
        }
        js_sys::Reflect::get(&field, &"value".into())
            .ok()?
            .as_string()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = selector;
        None
    }
}

/// `initial`, unless the person already typed into the field `selector` (see above).
pub fn typed_or(selector: &str, initial: String) -> String {
    typed_before_hydration(selector).unwrap_or(initial)
}
