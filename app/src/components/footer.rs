//! The site footer: help, privacy and the guidance disclaimer.

use crate::{i18n::Msg, prefs_context};
use leptos::prelude::*;

#[component]
pub fn SiteFooter() -> impl IntoView {
    let locale = prefs_context().locale;
    view! {
        <footer class="site-footer">
            <nav aria-label=locale.t(Msg::FooterNavLabel)>
                <a href="/">{locale.t(Msg::FooterHome)}</a>
                <a href="/help">{locale.t(Msg::FooterHelp)}</a>
                <a href="/privacy">{locale.t(Msg::FooterPrivacy)}</a>
            </nav>
            <p>{locale.t(Msg::FooterNote)}</p>
        </footer>
    }
}
