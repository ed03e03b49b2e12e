//! The apology shown when something fails on the server: a short message and a reference number.

use crate::{error::AppError, i18n::Msg, prefs_context, HOTLINE};
use leptos::prelude::*;

/// Shows an error in place and sets the HTTP status of a server-rendered page to match.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let locale = prefs_context().locale;
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(error.status_code());
    }
    let reference = match &error {
        AppError::Internal { reference } if !reference.is_empty() => Some(reference.clone()),
        _ => None,
    };
    view! {
        <section class="notice notice-error" role="alert">
            <h2>{locale.t(Msg::ErrorHeading)}</h2>
            <p>{locale.t_with(Msg::ErrorBody, &[("hotline", HOTLINE)])}</p>
            {reference.map(|r| view! {
                <p class="reference">{locale.t_with(Msg::ErrorReference, &[("reference", &r)])}</p>
            })}
        </section>
    }
}
