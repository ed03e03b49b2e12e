//! The landing page of a service area. Each area replaces this with its own pages as it is built;
//! until then it tells the visitor honestly how to get the service today.

use crate::{
    components::{area::Area, service_preparing::ServicePreparing},
    i18n::Msg,
    prefs_context,
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AreaPage(area: Area) -> impl IntoView {
    let locale = prefs_context().locale;
    view! {
        <Title text=locale.t(area.title())/>
        <h1>{locale.t(area.title())}</h1>
        <p class="lead">{locale.t(area.summary())}</p>
        <ServicePreparing/>
        <p><a class="button-link" href="/">{locale.t(Msg::BackHome)}</a></p>
    }
}
