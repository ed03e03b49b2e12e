//! The text-size switch: a form that sets a cookie and reloads. Where JavaScript runs,
//! `public/page.js` changes the size at once instead, keeps the page as it is and stores the
//! same cookie, which each button carries (`data-cookie`) so the script writes what the server
//! reads.

use crate::domain::prefs::{preference_cookie, TextSize, TEXT_SIZE_COOKIE};
use leptos::prelude::*;

#[component]
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
    let cookie = |size: TextSize| preference_cookie(TEXT_SIZE_COOKIE, size.as_str());
    view! {
        <form class="switch" method="post" action="/prefs" data-switch="text-size">
            <input type="hidden" name="return_to" value=return_to/>
            {crate::components::precheck::carried_fields(&carried)}
            <fieldset>
                <legend>{legend}</legend>
                <button
                    type="submit"
                    name="text_size"
                    value="standard"
                    aria-pressed=(!large).to_string()
                    data-cookie=cookie(TextSize::Standard)
                >
                    {standard_label}
                </button>
                <button
                    type="submit"
                    name="text_size"
                    value="large"
                    class="size-large-sample"
                    aria-pressed=large.to_string()
                    data-cookie=cookie(TextSize::Large)
                >
                    {large_label}
                </button>
            </fieldset>
        </form>
    }
}
