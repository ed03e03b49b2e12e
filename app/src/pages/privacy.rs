//! What personal data the site handles and how.

use crate::{i18n::Msg, prefs_context};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let locale = prefs_context().locale;
    view! {
        <Title text=locale.t(Msg::PrivacyHeading)/>
        <h1>{locale.t(Msg::PrivacyHeading)}</h1>
        <ul class="plain-list">
            <li>{locale.t(Msg::PrivacyCollect)}</li>
            <li>{locale.t(Msg::PrivacyPrecheck)}</li>
            <li>{locale.t(Msg::PrivacyStorage)}</li>
            <li>{locale.t(Msg::PrivacyCookies)}</li>
        </ul>
    }
}
