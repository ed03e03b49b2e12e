//! A print button for slips and results. Printing needs JavaScript, so the button is rendered
//! hidden and `public/page.js` shows it and makes it print; without JavaScript the browser's own
//! print command still works, and the print style sheet hides the page's controls either way.

use leptos::prelude::*;

#[component]
pub fn PrintButton(label: String) -> impl IntoView {
    view! {
        <button type="button" class="button button-secondary print-button" hidden data-print="">
            {label}
        </button>
    }
}

/// Prints the page, from inside an island (the pre-check's result).
pub fn print_page() {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}
