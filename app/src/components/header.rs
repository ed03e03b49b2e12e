//! The site header: name, language switch and text-size switch.

use crate::{
    components::text_size_switch::TextSizeSwitch,
    domain::prefs::TextSize,
    i18n::{Locale, Msg},
    prefs_context,
};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let prefs = prefs_context();
    let locale = prefs.locale;
    let location = use_location();
    let return_to = {
        let path = location.pathname.get_untracked();
        let query = location.search.get_untracked();
        if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        }
    };
    view! {
        <header class="site-header">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"便"</span>
                <span class="brand-text">
                    <span class="brand-name">{locale.t(Msg::SiteName)}</span>
                    <span class="brand-tagline">{locale.t(Msg::SiteTagline)}</span>
                </span>
            </a>
            <div class="settings" role="group" aria-label=locale.t(Msg::SettingsLabel)>
                <form class="switch" method="post" action="/prefs">
                    <input type="hidden" name="return_to" value=return_to.clone()/>
                    <fieldset>
                        <legend>{locale.t(Msg::LanguageLabel)}</legend>
                        {Locale::ALL.into_iter().map(|option| view! {
                            <button
                                type="submit"
                                name="lang"
                                value=option.tag()
                                lang=option.tag()
                                aria-pressed=(option == locale).to_string()
                            >
                                {option.native_name()}
                            </button>
                        }).collect_view()}
                    </fieldset>
                </form>
                <TextSizeSwitch
                    large=prefs.text_size == TextSize::Large
                    return_to=return_to
                    legend=locale.t(Msg::TextSizeLabel).to_string()
                    standard_label=locale.t(Msg::TextSizeStandard).to_string()
                    large_label=locale.t(Msg::TextSizeLarge).to_string()
                />
            </div>
        </header>
    }
}
