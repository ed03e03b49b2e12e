//! Staff pages: shortly before an idle session ends (two minutes by the session policy), a
//! warning with "stay signed in" appears. Staying posts the same form the button posts without
//! JavaScript, in the background, so work in progress on the page is kept. When the session has
//! ended, the page goes to sign-in. Counted from the page's arrival, so a browser clock that
//! differs from the server's does not matter.

use leptos::prelude::*;

#[island(lazy)]
pub fn SessionWarning(
    text: String,
    stay: String,
    csrf: String,
    return_to: String,
    /// Seconds from this page's request to the idle end.
    seconds_left: i64,
    /// Seconds a session lasts without activity, and how long before its end the warning shows.
    idle_seconds: i64,
    warn_seconds: i64,
) -> impl IntoView {
    let (shown, set_shown) = signal(false);
    let (enhanced, set_enhanced) = signal(false);
    let button = NodeRef::<leptos::html::Button>::new();
    // Effects run only in the browser: the island is awake.
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        timer::start(timer::Setup {
            seconds_left,
            idle_seconds,
            warn_seconds,
            set_shown,
            button,
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = (seconds_left, idle_seconds, warn_seconds, button, set_shown);
        set_enhanced.set(true);
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        timer::stay(event);
        #[cfg(not(feature = "hydrate"))]
        let _ = event;
    };
    view! {
        <div id="session-warning" class="notice session-warning" role="alertdialog"
            aria-labelledby="session-warning-text" hidden=move || !shown.get()>
            <p id="session-warning-text">{text}</p>
            <button type="submit" form="stay-form-warning" node_ref=button>{stay}</button>
            <form method="post" action="/staff/stay" id="stay-form-warning" on:submit=on_submit
                data-enhanced=move || enhanced.get().then_some("true")>
                <input type="hidden" name="csrf" value=csrf/>
                <input type="hidden" name="return_to" value=return_to/>
            </form>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod timer {
    use gloo::timers::callback::Timeout;
    use leptos::prelude::{Get, NodeRef, Set, WriteSignal};
    use std::cell::{Cell, RefCell};
    use wasm_bindgen::JsCast;

    pub struct Setup {
        pub seconds_left: i64,
        pub idle_seconds: i64,
        pub warn_seconds: i64,
        pub set_shown: WriteSignal<bool>,
        pub button: NodeRef<leptos::html::Button>,
    }

    struct Session {
        setup: Setup,
        /// When the session ends, by the browser's clock.
        ends: Cell<f64>,
        shown: Cell<bool>,
        timer: RefCell<Option<Timeout>>,
    }

    thread_local! {
        static SESSION: Cell<Option<&'static Session>> = const { Cell::new(None) };
    }

    pub fn start(setup: Setup) {
        if SESSION.with(Cell::get).is_some() {
            return;
        }
        let ends = js_sys::Date::now() + setup.seconds_left as f64 * 1000.0;
        let session: &'static Session = Box::leak(Box::new(Session {
            setup,
            ends: Cell::new(ends),
            shown: Cell::new(false),
            timer: RefCell::new(None),
        }));
        SESSION.with(|s| s.set(Some(session)));
        schedule(session);
    }

    fn schedule(session: &'static Session) {
        let left = session.ends.get() - js_sys::Date::now();
        let warn = session.setup.warn_seconds as f64 * 1000.0;
        if left <= 0.0 {
            let location = gloo::utils::window().location();
            let here = format!(
                "{}{}",
                location.pathname().unwrap_or_default(),
                location.search().unwrap_or_default()
            );
            let next = String::from(js_sys::encode_uri_component(&here));
            let _ = location.set_href(&format!("/staff/sign-in?next={next}"));
            return;
        }
        let wait = if left <= warn {
            if !session.shown.replace(true) {
                session.setup.set_shown.set(true);
                // Once the warning is on screen (the signal shows it in a moment), its button
                // takes the focus, so Enter or Space stays.
                let button = session.setup.button;
                Timeout::new(0, move || {
                    if let Some(button) = button.get() {
                        let _ = button.focus();
                    }
                })
                .forget();
            }
            left.min(1000.0)
        } else {
            (left - warn).min(30_000.0)
        };
        let timer = Timeout::new(wait as u32, move || schedule(session));
        session.timer.replace(Some(timer));
    }

    /// "Stay signed in": the form is posted in the background; where that fails, it is posted
    /// as a page after all.
    pub fn stay(event: leptos::ev::SubmitEvent) {
        let Some(session) = SESSION.with(Cell::get) else {
            return;
        };
        let Some(form) = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
        else {
            return;
        };
        event.prevent_default();
        leptos::task::spawn_local(async move {
            if posted(&form).await {
                session
                    .ends
                    .set(js_sys::Date::now() + session.setup.idle_seconds as f64 * 1000.0);
                session.shown.set(false);
                session.setup.set_shown.set(false);
                schedule(session);
            } else {
                let _ = form.submit();
            }
        });
    }

    async fn posted(form: &web_sys::HtmlFormElement) -> bool {
        let Ok(data) = web_sys::FormData::new_with_form(form) else {
            return false;
        };
        let Ok(body) = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data) else {
            return false;
        };
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_body(&body);
        init.set_credentials(web_sys::RequestCredentials::SameOrigin);
        init.set_redirect(web_sys::RequestRedirect::Manual);
        let fetched = gloo::utils::window().fetch_with_str_and_init(&form.action(), &init);
        match wasm_bindgen_futures::JsFuture::from(fetched).await {
            Ok(response) => response
                .dyn_into::<web_sys::Response>()
                .is_ok_and(|r| r.type_() == web_sys::ResponseType::Opaqueredirect || r.ok()),
            Err(_) => false,
        }
    }
}
