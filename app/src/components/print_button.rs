//! A print button for slips and results. Printing needs JavaScript, so the button stays hidden
//! until the island has hydrated; without it the browser's own print command still works, and
//! the print style sheet hides the page's controls either way.

use leptos::prelude::*;

#[island]
pub fn PrintButton(label: String) -> impl IntoView {
    let (enhanced, set_enhanced) = signal(false);
    // Effects run only in the browser: the button shows once it can work.
    Effect::new(move |_| set_enhanced.set(true));
    view! {
        <button type="button" class="button button-secondary print-button"
            hidden=move || !enhanced.get()
            on:click=|_| print_page()>
            {label}
        </button>
    }
}

pub fn print_page() {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.print();
    }
}
