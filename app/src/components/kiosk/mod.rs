//! The kiosk's own parts of every page: the "finish" form in the header, the "still there?"
//! prompt and the on-screen number pad's template. Their words come from here, in the visitor's
//! language; [`KioskFinish`] is the island that wakes the kiosk's behaviour (`runtime`) on
//! enrolled kiosks only, the one place its WebAssembly is loaded for.

#[cfg(feature = "hydrate")]
mod runtime;

use crate::{
    api::staff::FINISH_PATH,
    i18n::{Locale, Msg},
};
use leptos::prelude::*;

/// The header's "finish" form. Posting it ends the visit on the server (its cookies dropped, the
/// home page shown); awake, the island also wipes the page first, and runs the idle prompt, the
/// history rules and the number pad for the whole page.
#[island(lazy)]
pub fn KioskFinish(label: String) -> impl IntoView {
    let (enhanced, set_enhanced) = signal(false);
    // Effects run only in the browser: the island is awake.
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        runtime::start();
        set_enhanced.set(true);
    });
    view! {
        <form method="post" action=FINISH_PATH id="kiosk-finish" class="kiosk-finish"
            data-enhanced=move || enhanced.get().then_some("true")>
            <button type="submit">{label}</button>
        </form>
    }
}

pub fn kiosk_parts(locale: Locale) -> impl IntoView {
    let keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "X", "0"];
    view! {
        <div id="kiosk-idle" class="kiosk-idle" role="alertdialog" aria-modal="true"
            aria-labelledby="kiosk-idle-title" aria-describedby="kiosk-idle-text" hidden>
            <div class="kiosk-idle-box">
                <h2 id="kiosk-idle-title">{locale.t(Msg::KioskStillThere)}</h2>
                <p id="kiosk-idle-text">
                    {locale.t(Msg::KioskIdleBefore)}
                    <span class="kiosk-countdown">"30"</span>
                    {locale.t(Msg::KioskIdleAfter)}
                </p>
                <button type="button" id="kiosk-continue">{locale.t(Msg::KioskContinue)}</button>
                <button type="submit" form="kiosk-finish">{locale.t(Msg::KioskFinish)}</button>
            </div>
        </div>
        <template id="kiosk-numpad-template">
            <div class="numpad" role="group" aria-label=locale.t(Msg::NumpadLabel)>
                {keys.into_iter().map(|k| view! { <button type="button" data-key=k>{k}</button> }).collect_view()}
                <button type="button" data-key="back" aria-label=locale.t(Msg::NumpadBack)>"⌫"</button>
                <button type="button" data-key="done">{locale.t(Msg::NumpadDone)}</button>
            </div>
        </template>
    }
}
