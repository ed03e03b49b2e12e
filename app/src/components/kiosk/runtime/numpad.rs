//! The on-screen number pad: ID numbers, phones and codes are typed on keys cloned from
//! #kiosk-numpad-template under the field, instead of the system keyboard.

use super::{
    dom::{closest, listen, usable, Listen},
    Kiosk,
};
use gloo::events::EventListener;
use std::cell::{Cell, RefCell};
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement, HtmlInputElement, MouseEvent};

struct Pad {
    el: Element,
    input: HtmlInputElement,
    _keys: EventListener,
}

#[derive(Default)]
pub struct PadState {
    pad: RefCell<Option<Pad>>,
    /// A finger or button is down on the pad.
    pointer_on_pad: Cell<bool>,
    /// A finger or button is down anywhere.
    pointer_down: Cell<bool>,
    close_after_tap: Cell<bool>,
    /// Each field's own inputmode while the pad replaces its keyboard.
    inputmodes: RefCell<Vec<(HtmlInputElement, Option<String>)>>,
}

/// Focus without scrolling the page.
pub fn focus_quietly(el: &HtmlElement) {
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = el.focus_with_options(&options);
}

fn numpad_field(event: &Event) -> Option<HtmlInputElement> {
    closest(event, "input[data-numpad]")?.dyn_into().ok()
}

fn active() -> Option<Element> {
    gloo::utils::document().active_element()
}

/// Whether `el` is the pad's field or inside the pad.
fn on_pad(kiosk: &Kiosk, el: Option<&Element>) -> bool {
    let pad = kiosk.pad.pad.borrow();
    match (pad.as_ref(), el) {
        (Some(pad), Some(el)) => {
            el == pad.input.unchecked_ref::<Element>() || pad.el.contains(Some(el.as_ref()))
        }
        _ => false,
    }
}

pub fn start(kiosk: &'static Kiosk) {
    let document = gloo::utils::document();
    listen(&document, "input", Listen::Bubble, |event| {
        if let Some(input) = event
            .target()
            .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            .filter(|i| i.matches("input[data-numpad=\"id\"]").unwrap_or(false))
        {
            group_id_number(&input);
        }
    });
    listen(&document, "focusin", Listen::Bubble, move |event| {
        if let Some(input) = numpad_field(event) {
            open(kiosk, input);
        }
    });
    listen(&document, "focusout", Listen::Bubble, move |event| {
        if kiosk.pad.pad.borrow().is_none() {
            return;
        }
        let from = event.target().and_then(|t| t.dyn_into::<Element>().ok());
        if !on_pad(kiosk, from.as_ref()) {
            return;
        }
        let to = event
            .dyn_ref::<web_sys::FocusEvent>()
            .and_then(|e| e.related_target())
            .and_then(|t| t.dyn_into::<Element>().ok());
        if to.is_some() && on_pad(kiosk, to.as_ref()) {
            return;
        }
        // Some browsers drop focus to the page while a key is pressed; the key's click puts it
        // back.
        if to.is_none() && kiosk.pad.pointer_on_pad.get() {
            return;
        }
        // A tap elsewhere (say on "confirm" below the pad) moves focus as the finger goes down.
        // The pad closes once that tap has ended, so nothing moves under the finger and the tap
        // lands.
        if kiosk.pad.pointer_down.get() {
            kiosk.pad.close_after_tap.set(true);
            return;
        }
        close(kiosk);
    });
    listen(&document, "pointerdown", Listen::Capture, move |event| {
        kiosk.pad.pointer_down.set(true);
        // The system keyboard is told to stay away before a tap focuses a pad field.
        if let Some(input) = numpad_field(event).filter(|i| !i.disabled() && !i.read_only()) {
            hide_keyboard(kiosk, &input);
        }
    });
    for kind in ["pointerup", "pointercancel"] {
        listen(&document, kind, Listen::Capture, move |event| {
            kiosk.pad.pointer_down.set(false);
            if kiosk.pad.close_after_tap.replace(false) {
                // After the tap's click, which the browser sends in the same task as the pointer
                // going up.
                gloo::timers::callback::Timeout::new(0, move || {
                    if kiosk.pad.pad.borrow().is_some() && !on_pad(kiosk, active().as_ref()) {
                        close(kiosk);
                    }
                })
                .forget();
            }
            // When a key is let go and focus went nowhere, it goes back to the field; if the
            // press ended off the pad, the pad closes as on any other blur.
            if !kiosk.pad.pointer_on_pad.replace(false) || kiosk.pad.pad.borrow().is_none() {
                return;
            }
            if on_pad(kiosk, active().as_ref()) {
                return;
            }
            let released_on_pad = event.type_() == "pointerup"
                && super::dom::target_element(event)
                    .is_some_and(|t| on_pad(kiosk, Some(&t)) && !is_field_of_pad(kiosk, &t));
            if released_on_pad {
                let input = kiosk.pad.pad.borrow().as_ref().map(|p| p.input.clone());
                if let Some(input) = input {
                    focus_quietly(&input);
                }
            } else {
                close(kiosk);
            }
        });
    }
    // Pressing a key must not take focus (and the caret) away from the field.
    for kind in ["pointerdown", "mousedown"] {
        listen(&document, kind, Listen::Bubble, move |event| {
            if closest(event, ".numpad").is_none() {
                return;
            }
            if event.type_() == "pointerdown" {
                kiosk.pad.pointer_on_pad.set(true);
            }
            event.prevent_default();
        });
    }
    // A field that already has focus when this starts gets its pad too.
    if let Some(input) = active()
        .and_then(|a| a.dyn_into::<HtmlInputElement>().ok())
        .filter(|i| i.matches("[data-numpad]").unwrap_or(false))
    {
        open(kiosk, input);
    }
}

fn is_field_of_pad(kiosk: &Kiosk, el: &Element) -> bool {
    kiosk
        .pad
        .pad
        .borrow()
        .as_ref()
        .is_some_and(|p| el == p.input.unchecked_ref::<Element>())
}

fn hide_keyboard(kiosk: &Kiosk, input: &HtmlInputElement) {
    let mut modes = kiosk.pad.inputmodes.borrow_mut();
    if !modes.iter().any(|(i, _)| i == input) {
        modes.push((input.clone(), input.get_attribute("inputmode")));
    }
    let _ = input.set_attribute("inputmode", "none");
}

fn restore_keyboard(kiosk: &Kiosk, input: &HtmlInputElement) {
    let mut modes = kiosk.pad.inputmodes.borrow_mut();
    let Some(at) = modes.iter().position(|(i, _)| i == input) else {
        return;
    };
    let (_, before) = modes.remove(at);
    let _ = match before {
        None => input.remove_attribute("inputmode"),
        Some(mode) => input.set_attribute("inputmode", &mode),
    };
}

fn open(kiosk: &'static Kiosk, input: HtmlInputElement) {
    if kiosk.prompt_showing() || kiosk.wiping.get() || input.disabled() || input.read_only() {
        return;
    }
    if kiosk
        .pad
        .pad
        .borrow()
        .as_ref()
        .is_some_and(|p| p.input == input)
    {
        return;
    }
    close(kiosk);
    let source = super::dom::element("kiosk-numpad-template")
        .and_then(|t| t.dyn_into::<web_sys::HtmlTemplateElement>().ok())
        .and_then(|t| t.content().query_selector(".numpad").ok().flatten());
    let Some(source) = source else { return };
    let Some(el) = source
        .clone_node_with_deep(true)
        .ok()
        .and_then(|n| n.dyn_into::<Element>().ok())
    else {
        return;
    };
    let for_id = input.get_attribute("data-numpad").as_deref() == Some("id");
    if let Ok(keys) = el.query_selector_all("[data-key=\"X\"]") {
        for i in 0..keys.length() {
            if let Some(key) = keys.item(i).and_then(|k| k.dyn_into::<HtmlElement>().ok()) {
                key.set_hidden(!for_id);
            }
        }
    }
    hide_keyboard(kiosk, &input);
    let _ = input.after_with_node_1(&el);
    let field = input.clone();
    let keys = EventListener::new(&el, "click", move |event| {
        let Some(key) = closest(event, "button[data-key]") else {
            return;
        };
        // A click from Enter or Space has detail 0: the keyboard user stays on the pad.
        let from_keyboard = event
            .dyn_ref::<MouseEvent>()
            .is_some_and(|m| m.detail() == 0);
        press(
            kiosk,
            &field,
            &key.get_attribute("data-key").unwrap_or_default(),
            from_keyboard,
        );
    });
    keep_on_screen(&input, &el);
    kiosk.pad.pad.replace(Some(Pad {
        el,
        input,
        _keys: keys,
    }));
}

/// The field and the whole pad under it on screen: scrolled up just enough for the pad's last
/// row, never so far that the field itself leaves the top.
fn keep_on_screen(input: &HtmlInputElement, el: &Element) {
    let margin = 16.0;
    let window = gloo::utils::window();
    let height = window
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    let below = el.get_bounding_client_rect().bottom() + margin - height;
    let room = input.get_bounding_client_rect().top() - margin;
    let by = below.min(room);
    if by > 0.0 {
        let options = web_sys::ScrollToOptions::new();
        options.set_top(by);
        options.set_left(0.0);
        options.set_behavior(web_sys::ScrollBehavior::Instant);
        window.scroll_by_with_scroll_to_options(&options);
    }
}

pub fn close(kiosk: &Kiosk) {
    let Some(pad) = kiosk.pad.pad.take() else {
        return;
    };
    kiosk.pad.pointer_on_pad.set(false);
    pad.el.remove();
    restore_keyboard(kiosk, &pad.input);
    // Its key listener may be the one running now; it goes with the page.
    std::mem::forget(pad._keys);
}

/// An ID number reads in its parts as it is typed: 6 (where), 8 (born), 4 (sequence and check),
/// "110105 19491001 002X". The caret stays after the same character; the server ignores spaces.
fn group_id_number(input: &HtmlInputElement) {
    let raw: Vec<char> = input.value().chars().collect();
    let caret = selection(input).1;
    let before = raw[..caret.min(raw.len())]
        .iter()
        .filter(|c| !c.is_whitespace())
        .count();
    let plain: Vec<char> = raw
        .iter()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let grouped = [
        &plain[..plain.len().min(6)],
        plain.get(6..plain.len().min(14)).unwrap_or(&[]),
        plain.get(14..).unwrap_or(&[]),
    ]
    .iter()
    .filter(|p| !p.is_empty())
    .map(|p| p.iter().collect::<String>())
    .collect::<Vec<_>>()
    .join(" ");
    if grouped == raw.iter().collect::<String>() {
        return;
    }
    input.set_value(&grouped);
    let mut at = 0;
    let mut seen = 0;
    for c in grouped.chars() {
        if seen >= before {
            break;
        }
        if c != ' ' {
            seen += 1;
        }
        at += 1;
    }
    place_caret(input, at);
}

/// The selection as character offsets, start before end; the end of the value where the field
/// has no caret (type=number).
fn selection(input: &HtmlInputElement) -> (usize, usize) {
    let length = input.value().chars().count();
    match (input.selection_start(), input.selection_end()) {
        (Ok(Some(start)), Ok(Some(end))) => {
            let (a, b) = (start.min(end) as usize, start.max(end) as usize);
            (a.min(length), b.min(length))
        }
        _ => (length, length),
    }
}

fn place_caret(input: &HtmlInputElement, at: usize) {
    let _ = input.set_selection_range(at as u32, at as u32);
}

fn changed(input: &HtmlInputElement) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    if let Ok(event) = Event::new_with_event_init_dict("input", &init) {
        let _ = input.dispatch_event(&event);
    }
}

fn insert(input: &HtmlInputElement, text: &str) {
    let value: Vec<char> = input.value().chars().collect();
    let (start, end) = selection(input);
    let max = input.max_length();
    let added = text.chars().count();
    if max >= 0 && value.len() - (end - start) + added > max as usize {
        return;
    }
    let next: String = value[..start]
        .iter()
        .copied()
        .chain(text.chars())
        .chain(value[end..].iter().copied())
        .collect();
    input.set_value(&next);
    place_caret(input, start + added);
    changed(input);
}

fn erase(input: &HtmlInputElement) {
    let value: Vec<char> = input.value().chars().collect();
    let (mut start, end) = selection(input);
    if start == end {
        if start == 0 {
            return;
        }
        start -= 1;
    }
    let next: String = value[..start].iter().chain(value[end..].iter()).collect();
    input.set_value(&next);
    place_caret(input, start);
    changed(input);
}

const NOT_FIELDS: &[&str] = &["hidden", "submit", "button", "reset", "image"];

fn is_field(el: &Element) -> bool {
    match el.tag_name().to_ascii_lowercase().as_str() {
        "input" => !NOT_FIELDS.contains(&super::dom::string_of(el, "type").as_str()),
        "select" | "textarea" => true,
        _ => false,
    }
}

fn is_submit(el: &Element) -> bool {
    let kind = super::dom::string_of(el, "type");
    match el.tag_name().to_ascii_lowercase().as_str() {
        "button" => kind == "submit",
        "input" => kind == "submit" || kind == "image",
        _ => false,
    }
}

/// The next field of the form (or the page) after `input`, else the form's submit button.
fn next_stop(input: &HtmlInputElement) -> Option<HtmlElement> {
    let form = input.form();
    let scope: Vec<Element> = match &form {
        Some(form) => {
            let elements = form.elements();
            (0..elements.length())
                .filter_map(|i| elements.item(i))
                .collect()
        }
        None => {
            let list = gloo::utils::document()
                .query_selector_all("input, select, textarea, button")
                .ok()?;
            (0..list.length())
                .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
                .collect()
        }
    };
    let me = scope
        .iter()
        .position(|el| el == input.unchecked_ref::<Element>());
    let after = &scope[me.map_or(0, |i| i + 1)..];
    let found = after
        .iter()
        .find(|el| is_field(el) && usable(el))
        .or_else(|| {
            form.as_ref()?;
            after
                .iter()
                .find(|el| is_submit(el) && usable(el))
                .or_else(|| scope.iter().find(|el| is_submit(el) && usable(el)))
        })?;
    found.clone().dyn_into().ok()
}

fn press(kiosk: &Kiosk, input: &HtmlInputElement, key: &str, from_keyboard: bool) {
    if input.disabled() || input.read_only() {
        return;
    }
    if key == "done" {
        if let Some(next) = next_stop(input) {
            let _ = next.focus();
        }
        if kiosk
            .pad
            .pad
            .borrow()
            .as_ref()
            .is_some_and(|p| &p.input == input)
        {
            close(kiosk);
            if active().as_ref() == Some(input.unchecked_ref::<Element>()) {
                let _ = input.blur();
            }
        }
        return;
    }
    let is_id = input.get_attribute("data-numpad").as_deref() == Some("id");
    if key == "back" {
        erase(input);
    } else if (key.len() == 1 && key.chars().all(|c| c.is_ascii_digit())) || (key == "X" && is_id) {
        insert(input, key);
    }
    // A touch leaves the caret in the field (in case the tap did move focus to the key).
    if !from_keyboard && active().as_ref() != Some(input.unchecked_ref::<Element>()) {
        focus_quietly(input);
    }
}
