//! Enrolled kiosks in service halls: one visitor after another uses the same screen, so the next
//! one must find nothing of the last.
//!
//!  1. Idle prompt (`idle`): after `data-kiosk-idle` seconds without a touch or key, #kiosk-idle
//!     asks whether the visitor is still there and counts down `data-kiosk-grace` seconds; only
//!     its "continue" button keeps the visit, and at zero the visit is wiped.
//!  2. Wipe (here): every form is cleared, session and local storage emptied, speech stopped, and
//!     the #kiosk-finish form posted; the server drops the visit's cookies and shows the home
//!     page. Tapping "finish" does the same.
//!  3. History (`navigation`): links and GET forms replace the current history entry instead of
//!     adding one, and a page of an earlier visit (its data-visit differs from the bianmin_visit
//!     cookie) or one restored from the back/forward cache is not shown.
//!  4. No surprises (`navigation`): no context menu, dragging or text selection outside fields,
//!     and nothing leaves the site (phone links, map apps, new windows).
//!  5. Number pad (`numpad`): ID numbers and other digits are typed on an on-screen pad (cloned
//!     from #kiosk-numpad-template) instead of the system keyboard.
//!
//! Every word shown or spoken comes from the server's markup. Timers compare the clock with the
//! last activity rather than counting ticks, so throttled timers (and test clocks that jump
//! ahead) still end at the right moment.

mod dom;
mod idle;
mod navigation;
mod numpad;

use crate::components::read_aloud::SPEECH_STOP_EVENT;
use dom::{element, form_call, listen, now, Listen};
use gloo::timers::callback::Timeout;
use std::cell::{Cell, RefCell};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlFormElement, SpeechSynthesisUtterance};

/// What the kiosk keeps while a page is shown.
pub(crate) struct Kiosk {
    finish: Option<HtmlFormElement>,
    idle_ms: f64,
    grace_s: u32,
    /// The visitor's last touch, key, scroll or input.
    last_touch: Cell<f64>,
    /// The same, or the last moment the page was being read aloud.
    last_activity: Cell<f64>,
    idle_timer: RefCell<Option<Timeout>>,
    countdown_timer: RefCell<Option<Timeout>>,
    /// When the prompt appeared; `None` while it is hidden.
    prompt_shown_at: Cell<Option<f64>>,
    focus_before: RefCell<Option<Element>>,
    wiping: Cell<bool>,
    /// Kept referenced until spoken (Chrome may otherwise drop its events).
    utterance: RefCell<Option<SpeechSynthesisUtterance>>,
    pad: numpad::PadState,
}

thread_local! {
    static KIOSK: Cell<Option<&'static Kiosk>> = const { Cell::new(None) };
}

/// The kiosk of this page, once started.
pub(crate) fn kiosk() -> Option<&'static Kiosk> {
    KIOSK.with(Cell::get)
}

/// Starts the kiosk's behaviour on this page (once).
pub fn start() {
    if kiosk().is_some()
        || !gloo::utils::document_element()
            .class_list()
            .contains("kiosk")
    {
        return;
    }
    let body = gloo::utils::body();
    let positive = |name: &str, fallback: f64| {
        body.get_attribute(name)
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|n| n.is_finite() && *n > 0.0)
            .unwrap_or(fallback)
    };
    // Counted from the page's arrival, so a visit that is idle while this loads still ends on time.
    let arrived = gloo::utils::window()
        .performance()
        .map_or_else(now, |p| now() - p.now());
    let kiosk: &'static Kiosk = Box::leak(Box::new(Kiosk {
        finish: element("kiosk-finish").and_then(|e| e.dyn_into().ok()),
        idle_ms: positive("data-kiosk-idle", 60.0) * 1000.0,
        grace_s: positive("data-kiosk-grace", 30.0).round().max(1.0) as u32,
        last_touch: Cell::new(arrived),
        last_activity: Cell::new(arrived),
        idle_timer: RefCell::new(None),
        countdown_timer: RefCell::new(None),
        prompt_shown_at: Cell::new(None),
        focus_before: RefCell::new(None),
        wiping: Cell::new(false),
        utterance: RefCell::new(None),
        pad: numpad::PadState::default(),
    }));
    KIOSK.with(|k| k.set(Some(kiosk)));
    // A page of an earlier visit goes no further.
    if navigation::start(kiosk) {
        return;
    }
    idle::start(kiosk);
    numpad::start(kiosk);
    let document = gloo::utils::document();
    listen(&document, "submit", Listen::Bubble, move |event| {
        // "Finish" tapped (in the header or on the prompt): clear first, then let it post.
        let is_finish = kiosk.finish.as_ref().is_some_and(|f| {
            event
                .target()
                .is_some_and(|t| t.unchecked_ref::<Element>() == f.unchecked_ref::<Element>())
        });
        if is_finish {
            if !event.default_prevented() {
                kiosk.wipe();
            }
        } else {
            navigation::on_submit(event);
        }
    });
}

impl Kiosk {
    /// Stops whatever is being said; the read-aloud button resets itself on this event.
    fn stop_speech(&self) {
        if let Ok(event) = web_sys::Event::new(SPEECH_STOP_EVENT) {
            let _ = gloo::utils::document().dispatch_event(&event);
        }
        if let Some(synth) = dom::speech() {
            if synth.speaking() || synth.pending() {
                synth.cancel();
            }
        }
        self.utterance.replace(None);
    }

    fn say(&self, text: &str) {
        let Some(synth) = dom::speech() else { return };
        if text.is_empty() {
            return;
        }
        let Ok(utterance) = SpeechSynthesisUtterance::new_with_text(text) else {
            return;
        };
        utterance.set_lang(
            &gloo::utils::document_element()
                .get_attribute("lang")
                .unwrap_or_default(),
        );
        synth.speak(&utterance);
        self.utterance.replace(Some(utterance));
    }

    /// Clears what this page and the browser hold of the visit. Safe to call more than once.
    fn wipe(&self) {
        if self.wiping.replace(true) {
            return;
        }
        self.idle_timer.replace(None);
        self.countdown_timer.replace(None);
        numpad::close(self);
        self.clear_fields();
        // Storage may be unavailable (then there is nothing in it either); web-sys rather than
        // gloo's storage, which throws there, and the visit must still be posted as finished.
        if let Ok(Some(s)) = gloo::utils::window().session_storage() {
            let _ = s.clear();
        }
        if let Ok(Some(s)) = gloo::utils::window().local_storage() {
            let _ = s.clear();
        }
        self.stop_speech();
    }

    /// The countdown ran out: wipe, then post "finish" (the server clears the cookies and sends
    /// the kiosk home).
    fn end_visit(&self) {
        self.wipe();
        match &self.finish {
            Some(form) => form_call(form, "submit"),
            None => {
                let _ = gloo::utils::window().location().replace("/");
            }
        }
    }

    fn clear_fields(&self) {
        let document = gloo::utils::document();
        let forms = document.forms();
        for i in 0..forms.length() {
            let Some(form) = forms
                .item(i)
                .and_then(|f| f.dyn_into::<HtmlFormElement>().ok())
            else {
                continue;
            };
            if self.finish.as_ref() != Some(&form) {
                form_call(&form, "reset");
            }
        }
        // reset() brings back what the server wrote into the fields (the visitor's own answers),
        // so the defaults go as well.
        let Ok(fields) = document.query_selector_all("input, textarea, select") else {
            return;
        };
        for i in 0..fields.length() {
            let Some(node) = fields.item(i) else { continue };
            if let Some(area) = node.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                if self.in_finish(area.form()) {
                    continue;
                }
                area.set_value("");
                let _ = area.set_default_value("");
            } else if let Some(select) = node.dyn_ref::<web_sys::HtmlSelectElement>() {
                if self.in_finish(select.form()) {
                    continue;
                }
                let options = select.options();
                for o in 0..options.length() {
                    if let Some(option) = options
                        .item(o)
                        .and_then(|e| e.dyn_into::<web_sys::HtmlOptionElement>().ok())
                    {
                        option.set_default_selected(false);
                    }
                }
                select.set_selected_index(if select.multiple() { -1 } else { 0 });
            } else if let Some(input) = node.dyn_ref::<web_sys::HtmlInputElement>() {
                if self.in_finish(input.form()) {
                    continue;
                }
                match input.type_().as_str() {
                    "checkbox" | "radio" => {
                        input.set_checked(false);
                        input.set_default_checked(false);
                    }
                    "text" | "search" | "tel" | "number" | "email" | "url" | "password"
                    | "date" | "datetime-local" | "month" | "week" | "time" => {
                        input.set_value("");
                        input.set_default_value("");
                    }
                    "file" => input.set_value(""),
                    _ => {}
                }
            }
        }
    }

    fn in_finish(&self, form: Option<HtmlFormElement>) -> bool {
        form.is_some() && form == self.finish
    }

    fn prompt_showing(&self) -> bool {
        self.prompt_shown_at.get().is_some()
    }
}

/// The element as an `HtmlElement`, where it is one.
fn html(el: &Element) -> Option<&HtmlElement> {
    el.dyn_ref::<HtmlElement>()
}
