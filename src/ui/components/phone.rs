//! The support phone number, loaded once per page by the layout and shown wherever the
//! channels are explained (footer, home, sign-in).

use crate::api::AppError;
use leptos::prelude::*;

use crate::api::content::{SupportInfo, site_info};

#[derive(Clone, Copy)]
struct Support(Resource<Result<SupportInfo, AppError>>);

/// Loads the support information for everything rendered below.
pub fn provide_support_info() {
    provide_context(Support(Resource::new(|| (), |_| site_info())));
}

/// The phone number as a `tel:` link.
#[component]
pub fn SupportPhone() -> impl IntoView {
    let Support(info) = expect_context::<Support>();
    view! {
        <Suspense fallback=|| "…">
            {move || Suspend::new(async move {
                info.await.ok().map(|i| {
                    let tel = format!("tel:{}", i.phone.replace(|c: char| !c.is_ascii_digit(), ""));
                    view! { <a href=tel>{i.phone}</a> }
                })
            })}
        </Suspense>
    }
}
