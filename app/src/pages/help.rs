//! How to use the site.

use crate::{i18n::Msg, prefs_context, HOTLINE};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HelpPage() -> impl IntoView {
    let locale = prefs_context().locale;
    view! {
        <Title text=locale.t(Msg::HelpHeading)/>
        <h1>{locale.t(Msg::HelpHeading)}</h1>
        <ul class="plain-list">
            <li>{locale.t(Msg::HelpTextSize)}</li>
            <li>{locale.t(Msg::HelpLanguage)}</li>
            <li>{locale.t(Msg::HelpNoAccount)}</li>
            <li>{locale.t_with(Msg::HelpHotline, &[("hotline", HOTLINE)])}</li>
        </ul>
    }
}
