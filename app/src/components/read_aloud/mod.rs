//! "Read this page aloud" in the header, with the browser's own speech synthesis. The button is
//! rendered hidden and shows where the browser can speak. On pages that load the WebAssembly
//! anyway (kiosks, staff pages, the pre-check) the island wakes with the page; elsewhere
//! `public/page.js` loads it on the first press (marked `data-start`, so reading starts at once),
//! from the module the button names. Every word it says comes from the page (the main content, in
//! the page's language), and both of its labels come from the server.
//!
//! Another part that needs the speaker (the kiosk's "are you still there?" prompt) first sends
//! [`SPEECH_STOP_EVENT`] on the document; reading then stops and the button returns to rest.

pub mod pieces;
#[cfg(feature = "hydrate")]
mod speaker;

use leptos::prelude::*;

/// The document event that stops any reading aloud.
pub const SPEECH_STOP_EVENT: &str = "bianmin:speech-stop";

/// The app's JavaScript module and WebAssembly, named on the button of a page that does not load
/// them itself, so that the first press can.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OnDemandModule {
    pub js: String,
    pub wasm: String,
}

#[island(lazy)]
pub fn ReadAloud(
    start_label: String,
    stop_label: String,
    module: Option<(String, String)>,
) -> impl IntoView {
    let (available, set_available) = signal(false);
    let (speaking, set_speaking) = signal(false);
    // Effects run only in the browser: the island is awake.
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if speaker::install(set_speaking) {
            set_available.set(true);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (set_available, set_speaking);
    });
    let on_click = move |_| {
        #[cfg(feature = "hydrate")]
        speaker::toggle();
    };
    let (js, wasm) = module.unzip();
    view! {
        <button type="button" id="read-aloud" class="read-aloud"
            hidden=move || !available.get()
            aria-pressed=move || available.get().then(|| speaking.get().to_string())
            data-module=js data-wasm=wasm
            on:click=on_click>
            {move || if speaking.get() { stop_label.clone() } else { start_label.clone() }}
        </button>
    }
}
