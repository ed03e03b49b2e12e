//! The notice on a service whose online pages are not built yet: how to get it today.

use crate::{i18n::Msg, prefs_context, HOTLINE};
use leptos::prelude::*;

#[component]
pub fn ServicePreparing() -> impl IntoView {
    let locale = prefs_context().locale;
    view! {
        <section class="notice" aria-labelledby="preparing-heading">
            <h2 id="preparing-heading">{locale.t(Msg::ServicePreparingHeading)}</h2>
            <p>{locale.t_with(Msg::ServicePreparingBody, &[("hotline", HOTLINE)])}</p>
            <a class="hotline-number" href=format!("tel:{HOTLINE}")>{HOTLINE}</a>
        </section>
    }
}
