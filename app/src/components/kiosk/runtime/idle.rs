//! The idle prompt: after a minute without a touch, "are you still there?" with a countdown;
//! only its "continue" keeps the visit.

use super::{
    dom::{closest, element, flag_of, listen, now, target_element, text_of, usable, Listen},
    html, numpad, Kiosk,
};
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

/// Reading the page aloud counts as use, but not for ever: a speaker that never reports its end
/// must not keep a visit open.
const LISTEN_LIMIT_MS: f64 = 10.0 * 60.0 * 1000.0;

fn prompt() -> Option<HtmlElement> {
    element("kiosk-idle").and_then(|e| e.dyn_into().ok())
}

fn continue_button() -> Option<HtmlElement> {
    element("kiosk-continue").and_then(|e| e.dyn_into().ok())
}

pub fn start(kiosk: &'static Kiosk) {
    let document = gloo::utils::document();
    for kind in ["pointerdown", "keydown", "touchstart", "input", "wheel"] {
        listen(&document, kind, Listen::PassiveCapture, move |_| {
            // While the prompt shows, touches elsewhere on it do not count: only "continue"
            // keeps the visit.
            if !kiosk.prompt_showing() && !kiosk.wiping.get() {
                kiosk.last_touch.set(now());
                kiosk.last_activity.set(now());
            }
        });
    }
    if let (Some(prompt), Some(button)) = (prompt(), continue_button()) {
        listen(&button, "click", Listen::Bubble, move |_| {
            continue_visit(kiosk)
        });
        // Touching the prompt's backdrop or text neither dismisses it nor takes focus from it.
        for kind in ["pointerdown", "mousedown"] {
            listen(&prompt, kind, Listen::Bubble, |event| {
                if closest(event, "button").is_none() {
                    event.prevent_default();
                }
            });
        }
        // A modal: focus stays on the prompt's two buttons.
        let trap = prompt.clone();
        listen(&document, "focusin", Listen::Bubble, move |event| {
            let inside = target_element(event).is_some_and(|t| trap.contains(Some(t.as_ref())));
            if kiosk.prompt_showing() && !inside {
                let _ = button.focus();
            }
        });
        let scope = prompt.clone();
        listen(&prompt, "keydown", Listen::Bubble, move |event| {
            let Some(key) = event.dyn_ref::<KeyboardEvent>() else {
                return;
            };
            if key.key() != "Tab" {
                return;
            }
            let Ok(list) = scope.query_selector_all("button, [href], input, select, textarea")
            else {
                return;
            };
            let items: Vec<Element> = (0..list.length())
                .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
                .filter(|el| !flag_of(el, "disabled") && usable(el))
                .collect();
            let (Some(first), Some(last)) = (items.first(), items.last()) else {
                return;
            };
            let active = gloo::utils::document().active_element();
            let to = if key.shift_key() && active.as_ref() == Some(first) {
                last
            } else if !key.shift_key() && active.as_ref() == Some(last) {
                first
            } else {
                return;
            };
            event.prevent_default();
            if let Some(to) = html(to) {
                let _ = to.focus();
            }
        });
    }
    schedule(kiosk, None);
}

fn reading_aloud() -> bool {
    let pressed = element("read-aloud")
        .and_then(|b| b.get_attribute("aria-pressed"))
        .is_some_and(|p| p == "true");
    pressed && super::dom::speech().is_some_and(|s| s.speaking())
}

fn schedule(kiosk: &'static Kiosk, delay: Option<f64>) {
    let due = delay.unwrap_or_else(|| kiosk.last_activity.get() + kiosk.idle_ms - now());
    let timer = Timeout::new(due.max(0.0) as u32, move || check(kiosk));
    kiosk.idle_timer.replace(Some(timer));
}

fn check(kiosk: &'static Kiosk) {
    if kiosk.prompt_showing() || kiosk.wiping.get() {
        return;
    }
    let now = now();
    if reading_aloud() && now - kiosk.last_touch.get() < LISTEN_LIMIT_MS {
        kiosk.last_activity.set(now);
        schedule(kiosk, Some(5000.0));
        return;
    }
    if now - kiosk.last_activity.get() < kiosk.idle_ms {
        schedule(kiosk, None);
        return;
    }
    show_prompt(kiosk);
}

fn set_countdown(seconds: u32) {
    if let Some(count) = prompt().and_then(|p| p.query_selector(".kiosk-countdown").ok().flatten())
    {
        count.set_text_content(Some(&seconds.to_string()));
    }
}

fn show_prompt(kiosk: &'static Kiosk) {
    let (Some(prompt), Some(button)) = (prompt(), continue_button()) else {
        // Without the prompt's markup there is no one to ask: the visit simply ends.
        kiosk.end_visit();
        return;
    };
    kiosk.prompt_shown_at.set(Some(now()));
    kiosk
        .focus_before
        .replace(gloo::utils::document().active_element());
    set_countdown(kiosk.grace_s);
    prompt.set_hidden(false);
    let _ = button.focus();
    kiosk.stop_speech();
    let words = [text_of("kiosk-idle-title"), text_of("kiosk-idle-text")]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    kiosk.say(&words);
    tick(kiosk);
}

fn tick(kiosk: &'static Kiosk) {
    let Some(shown) = kiosk.prompt_shown_at.get() else {
        return;
    };
    if kiosk.wiping.get() {
        return;
    }
    let elapsed = (now() - shown).max(0.0);
    let left = i64::from(kiosk.grace_s) - (elapsed / 1000.0).floor() as i64;
    if left <= 0 {
        set_countdown(0);
        kiosk.end_visit();
        return;
    }
    set_countdown(left as u32);
    // Next whole second since the prompt appeared.
    let wait = 1000.0 - (elapsed % 1000.0);
    let timer = Timeout::new(wait as u32, move || tick(kiosk));
    kiosk.countdown_timer.replace(Some(timer));
}

fn continue_visit(kiosk: &'static Kiosk) {
    if !kiosk.prompt_showing() || kiosk.wiping.get() {
        return;
    }
    kiosk.prompt_shown_at.set(None);
    kiosk.countdown_timer.replace(None);
    if let Some(prompt) = prompt() {
        prompt.set_hidden(true);
    }
    kiosk.stop_speech();
    kiosk.last_touch.set(now());
    kiosk.last_activity.set(now());
    schedule(kiosk, None);
    if let Some(back) = kiosk.focus_before.take() {
        let body = gloo::utils::document().body().map(Element::from);
        if Some(&back) != body.as_ref() && back.is_connected() {
            if let Some(back) = html(&back) {
                numpad::focus_quietly(back);
            }
        }
    }
}
