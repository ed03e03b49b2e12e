//! The 404 page, in the site's style, with the 404 status on server-rendered responses.

use crate::{i18n::Msg, prefs_context};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let locale = prefs_context().locale;
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=locale.t(Msg::NotFoundHeading)/>
        <h1>{locale.t(Msg::NotFoundHeading)}</h1>
        <p class="lead">{locale.t(Msg::NotFoundBody)}</p>
        <p><a class="button-link" href="/">{locale.t(Msg::BackHome)}</a></p>
    }
}
