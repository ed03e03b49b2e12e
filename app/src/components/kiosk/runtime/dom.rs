//! Small helpers over the DOM for the kiosk's behaviour.

use gloo::events::{EventListener, EventListenerOptions, EventListenerPhase};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Event, EventTarget, HtmlFormElement, SpeechSynthesis};

/// The browser clock, in milliseconds (a test clock where one is installed).
pub fn now() -> f64 {
    js_sys::Date::now()
}

pub fn element(id: &str) -> Option<Element> {
    gloo::utils::document().get_element_by_id(id)
}

/// How a listener listens: in the capture or bubble phase; passive ones cannot prevent defaults.
#[derive(Clone, Copy)]
pub enum Listen {
    Bubble,
    Capture,
    PassiveCapture,
}

/// Listens for the life of the page.
pub fn listen(
    target: &EventTarget,
    kind: &'static str,
    how: Listen,
    f: impl FnMut(&Event) + 'static,
) {
    let (phase, passive) = match how {
        Listen::Bubble => (EventListenerPhase::Bubble, false),
        Listen::Capture => (EventListenerPhase::Capture, false),
        Listen::PassiveCapture => (EventListenerPhase::Capture, true),
    };
    EventListener::new_with_options(target, kind, EventListenerOptions { phase, passive }, f)
        .forget();
}

/// The event's target as an element (a text node's parent for text).
pub fn target_element(event: &Event) -> Option<Element> {
    let target = event.target()?;
    match target.dyn_into::<Element>() {
        Ok(el) => Some(el),
        Err(other) => other.dyn_into::<web_sys::Node>().ok()?.parent_element(),
    }
}

/// The nearest element matching `selector` from the event's target up.
pub fn closest(event: &Event, selector: &str) -> Option<Element> {
    target_element(event)?.closest(selector).ok().flatten()
}

/// `HTMLFormElement.prototype`, read through: a field named "action", "method", "reset" or
/// "submit" would shadow the form's own property or method.
fn form_prototype() -> Option<JsValue> {
    let class = js_sys::Reflect::get(&gloo::utils::window(), &"HTMLFormElement".into()).ok()?;
    js_sys::Reflect::get(&class, &"prototype".into()).ok()
}

/// A form property (action, method, target) as the form itself has it.
pub fn form_property(form: &HtmlFormElement, name: &str) -> String {
    form_prototype()
        .and_then(|proto| {
            js_sys::Reflect::get_own_property_descriptor(
                proto.unchecked_ref::<js_sys::Object>(),
                &name.into(),
            )
            .ok()
        })
        .and_then(|descriptor| js_sys::Reflect::get(&descriptor, &"get".into()).ok())
        .and_then(|getter| getter.dyn_into::<js_sys::Function>().ok())
        .and_then(|getter| getter.call0(form).ok())
        .and_then(|value| value.as_string())
        .unwrap_or_default()
}

/// Calls the form's own `reset` or `submit`.
pub fn form_call(form: &HtmlFormElement, name: &str) {
    if let Some(method) = form_prototype()
        .and_then(|proto| js_sys::Reflect::get(&proto, &name.into()).ok())
        .and_then(|m| m.dyn_into::<js_sys::Function>().ok())
    {
        let _ = method.call0(form);
    }
}

/// A string property of a JavaScript object ("" when absent).
pub fn string_of(object: &JsValue, name: &str) -> String {
    js_sys::Reflect::get(object, &name.into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// A true property of a JavaScript object.
pub fn flag_of(object: &JsValue, name: &str) -> bool {
    js_sys::Reflect::get(object, &name.into()).is_ok_and(|v| v.is_truthy())
}

/// The browser's speech synthesis, where it can speak.
pub fn speech() -> Option<SpeechSynthesis> {
    let window = gloo::utils::window();
    let has = |name: &str| js_sys::Reflect::has(&window, &name.into()).unwrap_or(false);
    if !has("speechSynthesis") || !has("SpeechSynthesisUtterance") {
        return None;
    }
    window.speech_synthesis().ok()
}

/// The text of the element with this id, its white space squeezed.
pub fn text_of(id: &str) -> String {
    element(id)
        .and_then(|e| e.text_content())
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// Whether the element can take focus now: enabled, laid out, and not inert.
pub fn usable(el: &Element) -> bool {
    !flag_of(el, "disabled")
        && el.get_client_rects().length() > 0
        && el.closest("[inert]").ok().flatten().is_none()
}
