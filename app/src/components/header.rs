//! The site header: name, language switch and text-size switch.

use crate::{
    components::{
        kiosk::KioskFinish,
        read_aloud::{OnDemandModule, ReadAloud},
        text_size_switch::TextSizeSwitch,
    },
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
    let kiosk = crate::api::staff::kiosk_device();
    let staff = location.pathname.get_untracked().starts_with("/staff");
    let return_to = {
        let path = location.pathname.get_untracked();
        let query = location.search.get_untracked();
        if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        }
    };
    // On a pre-check screen posted without JavaScript, the switches carry its answers back.
    let carried =
        crate::components::precheck::answers_for_switches(&location.pathname.get_untracked());
    let carried_fields = || crate::components::precheck::carried_fields(&carried);
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
                    {carried_fields()}
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
                // On phones the display switches fold behind one control (the language stays one
                // tap away); on wider screens they stand open, except on staff pages, where they
                // stay folded out of the keyboard's way.
                <details class="display-settings" class:display-folded=staff>
                    <summary>{locale.t(Msg::DisplaySettings)}</summary>
                    <div class="display-panel">
                        <TextSizeSwitch
                            large=prefs.text_size == TextSize::Large
                            return_to=return_to.clone()
                            legend=locale.t(Msg::TextSizeLabel).to_string()
                            standard_label=locale.t(Msg::TextSizeStandard).to_string()
                            large_label=locale.t(Msg::TextSizeLarge).to_string()
                            carried=carried.clone()
                        />
                        <form class="switch" method="post" action="/prefs">
                            <input type="hidden" name="return_to" value=return_to.clone()/>
                            {carried_fields()}
                            <fieldset>
                                <legend>{locale.t(Msg::ContrastLabel)}</legend>
                                <button type="submit" name="contrast" value="standard"
                                    aria-pressed=(!prefs.high_contrast).to_string()>
                                    {locale.t(Msg::ContrastStandard)}
                                </button>
                                <button type="submit" name="contrast" value="high" class="contrast-high-sample"
                                    aria-pressed=prefs.high_contrast.to_string()>
                                    {locale.t(Msg::ContrastHigh)}
                                </button>
                            </fieldset>
                        </form>
                        <ReadAloud
                            start_label=locale.t(Msg::ReadAloud).to_string()
                            stop_label=locale.t(Msg::ReadAloudStop).to_string()
                            module={use_context::<OnDemandModule>().map(|m| (m.js, m.wasm))}
                        />
                    </div>
                </details>
            </div>
            {kiosk.map(|_| view! {
                <KioskFinish label=locale.t(Msg::KioskFinish).to_string()/>
            })}
        </header>
    }
}
