//! The text-size switch. Without JavaScript it is a form that sets a cookie and reloads; as an
//! island it changes the size at once, keeps the page as it is and remembers the choice.

use crate::domain::prefs::{preference_cookie, TextSize, TEXT_SIZE_COOKIE};
use leptos::prelude::*;

#[island]
pub fn TextSizeSwitch(
    large: bool,
    return_to: String,
    legend: String,
    standard_label: String,
    large_label: String,
    /// A pre-check screen's answers, carried back when the switch posts (see
    /// [`crate::components::precheck::answers_for_switches`]).
    carried: Vec<(String, String)>,
) -> impl IntoView {
    let (is_large, set_large) = signal(large);
    let (enhanced, set_enhanced) = signal(false);
    // Effects run only in the browser: this marks the switch as hydrated.
    Effect::new(move |_| set_enhanced.set(true));

    let choose = move |ev: leptos::ev::MouseEvent, size: TextSize| {
        ev.prevent_default();
        set_large.set(size == TextSize::Large);
        apply_text_size(size);
    };

    view! {
        <form
            class="switch"
            method="post"
            action="/prefs"
            data-enhanced=move || enhanced.get().then_some("true")
        >
            <input type="hidden" name="return_to" value=return_to/>
            {crate::components::precheck::carried_fields(&carried)}
            <fieldset>
                <legend>{legend}</legend>
                <button
                    type="submit"
                    name="text_size"
                    value="standard"
                    aria-pressed=move || (!is_large.get()).to_string()
                    on:click=move |ev| choose(ev, TextSize::Standard)
                >
                    {standard_label}
                </button>
                <button
                    type="submit"
                    name="text_size"
                    value="large"
                    class="size-large-sample"
                    aria-pressed=move || is_large.get().to_string()
                    on:click=move |ev| choose(ev, TextSize::Large)
                >
                    {large_label}
                </button>
            </fieldset>
        </form>
    }
}

/// Switches the page's text size class and stores the choice in the preference cookie.
fn apply_text_size(size: TextSize) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        if let Some(root) = document.document_element() {
            let classes = root.class_list();
            let (on, off) = match size {
                TextSize::Large => ("text-large", "text-standard"),
                TextSize::Standard => ("text-standard", "text-large"),
            };
            let _ = classes.remove_1(off);
            let _ = classes.add_1(on);
        }
        if let Ok(html) = document.dyn_into::<web_sys::HtmlDocument>() {
            let _ = html.set_cookie(&preference_cookie(TEXT_SIZE_COOKIE, size.as_str()));
        }
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (size, preference_cookie, TEXT_SIZE_COOKIE);
    }
}
