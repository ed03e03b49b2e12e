//! Bianmin (便民): the Leptos app. Compiled twice: into the server with feature `ssr`, and to
//! WebAssembly with feature `hydrate`, where only the interactive islands run.
#![recursion_limit = "256"]

pub mod api;
pub mod components;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod pages;
mod shell;

pub use shell::*;

/// The public hotline shown on every page (政务服务便民热线).
pub const HOTLINE: &str = "12345";

/// The browser entry point: wakes up the islands on a server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
    // Tells page.js the app is awake: an island it held back (read-aloud) may wake now.
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("data-awake", "");
    }
}
