//! History and leaving: links and GET forms replace the history entry; a page of an earlier
//! visit, or one from the back/forward cache, is not shown; nothing leaves the site or opens a
//! window; no context menu, dragging or selecting outside fields.

use super::dom::{closest, flag_of, form_property, listen, string_of, target_element, Listen};
use wasm_bindgen::JsCast;
use web_sys::{Event, HtmlElement, HtmlFormElement, MouseEvent, PageTransitionEvent, Url};

const VISIT_COOKIE: &str = "bianmin_visit";
const SAME_WINDOW: &[&str] = &["", "_self", "_top", "_parent"];

fn resolve(raw: &str) -> Option<Url> {
    let base = gloo::utils::document().base_uri().ok().flatten()?;
    Url::new_with_base(raw, &base).ok()
}

fn same_origin(url: &Url) -> bool {
    let protocol = url.protocol();
    (protocol == "http:" || protocol == "https:")
        && gloo::utils::window().location().origin().ok() == Some(url.origin())
}

fn replace(href: &str) {
    let _ = gloo::utils::window().location().replace(href);
}

/// Listens; answers true if this page belongs to an earlier visit and is being left.
pub fn start(kiosk: &'static super::Kiosk) -> bool {
    let _ = kiosk;
    let document = gloo::utils::document();
    let window = gloo::utils::window();
    if stale_visit() {
        replace("/");
        return true;
    }
    listen(&window, "pageshow", Listen::Bubble, |event| {
        if stale_visit() {
            replace("/");
            return;
        }
        // Restored from the back/forward cache with its fields and scripts as they were: load
        // it afresh (without the fragment, which would only scroll).
        if event
            .dyn_ref::<PageTransitionEvent>()
            .is_some_and(|e| e.persisted())
        {
            if let Ok(url) = Url::new(&gloo::utils::window().location().href().unwrap_or_default())
            {
                url.set_hash("");
                replace(&url.href());
            }
        }
    });
    listen(&document, "click", Listen::Bubble, on_click);
    // Middle clicks on links open tabs.
    listen(&document, "auxclick", Listen::Bubble, |event| {
        if closest(event, "a[href]").is_some() {
            event.prevent_default();
        }
    });
    for kind in ["contextmenu", "dragstart", "selectstart"] {
        listen(&document, kind, Listen::Bubble, |event| {
            let in_field = target_element(event)
                .and_then(|el| el.closest("input, textarea").ok().flatten())
                .is_some();
            if !in_field {
                event.prevent_default();
            }
        });
    }
    false
}

/// A page of an earlier visit (reached with Back, or from a cache): its `data-visit` is not the
/// visit cookie. The home page holds nothing of a visit, and going there again would loop if its
/// own copy were stale.
fn stale_visit() -> bool {
    let visit = gloo::utils::body().get_attribute("data-visit");
    let path = gloo::utils::window()
        .location()
        .pathname()
        .unwrap_or_default();
    visit.is_some_and(|v| !v.is_empty() && cookie(VISIT_COOKIE).as_deref() != Some(v.as_str()))
        && path != "/"
}

fn cookie(name: &str) -> Option<String> {
    let all = gloo::utils::document()
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()?
        .cookie()
        .ok()?;
    all.split(';').find_map(|part| {
        let (key, value) = part.split_once('=')?;
        // Over HTTPS the server sends it as __Host-<name>.
        let key = key.trim();
        if key.strip_prefix("__Host-").unwrap_or(key) != name {
            return None;
        }
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(value);
        Some(
            js_sys::decode_uri_component(value)
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_else(|| value.to_string()),
        )
    })
}

fn on_click(event: &Event) {
    if event.default_prevented() {
        return;
    }
    let Some(link) = closest(event, "a[href]") else {
        return;
    };
    let url = resolve(&link.get_attribute("href").unwrap_or_default());
    let target = link
        .get_attribute("target")
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    // Nothing leaves the site or opens a window: phone links, map apps, other hosts.
    let Some(url) = url.filter(|u| same_origin(u) && SAME_WINDOW.contains(&target.as_str())) else {
        event.prevent_default();
        return;
    };
    // A modified or middle click would open a tab or window.
    if let Some(mouse) = event.dyn_ref::<MouseEvent>() {
        if mouse.button() != 0
            || mouse.ctrl_key()
            || mouse.meta_key()
            || mouse.shift_key()
            || mouse.alt_key()
        {
            event.prevent_default();
            return;
        }
    }
    // A download leaves the page where it is and adds no history entry.
    if link.has_attribute("download") {
        return;
    }
    event.prevent_default();
    replace(&url.href());
}

/// A form sent: off-site or to another window it goes nowhere; a GET form replaces the entry.
pub fn on_submit(event: &Event) {
    let Some(form) = event
        .target()
        .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
    else {
        return;
    };
    if event.default_prevented() {
        return;
    }
    let submitter = event
        .dyn_ref::<web_sys::SubmitEvent>()
        .and_then(|e| e.submitter());
    let chosen = |attr: &str, property: &str, own: &str| match &submitter {
        Some(s) if s.has_attribute(attr) => string_of(s, property),
        _ => form_property(&form, own),
    };
    let method = chosen("formmethod", "formMethod", "method").to_ascii_lowercase();
    let target = chosen("formtarget", "formTarget", "target")
        .trim()
        .to_ascii_lowercase();
    let action = resolve(&chosen("formaction", "formAction", "action"));
    let Some(action) = action.filter(|a| same_origin(a) && SAME_WINDOW.contains(&target.as_str()))
    else {
        event.prevent_default();
        return;
    };
    if method != "get" {
        return;
    }
    event.prevent_default();
    action.set_search(&query(&form, submitter.as_ref()));
    replace(&action.href());
}

/// The query string a GET form would send, with the button that sent it.
fn query(form: &HtmlFormElement, submitter: Option<&HtmlElement>) -> String {
    let params = web_sys::UrlSearchParams::new().ok();
    let Some(params) = params else {
        return String::new();
    };
    let Ok(data) = web_sys::FormData::new_with_form(form) else {
        return String::new();
    };
    let mut names_values: Vec<(String, String)> = Vec::new();
    if let Ok(Some(entries)) = js_sys::try_iter(&data) {
        for entry in entries.flatten() {
            let pair = js_sys::Array::from(&entry);
            let name = pair.get(0).as_string().unwrap_or_default();
            let value = pair.get(1);
            // A file field sends its file's name.
            let value = value
                .as_string()
                .unwrap_or_else(|| string_of(&value, "name"));
            names_values.push((name, value));
        }
    }
    if let Some(button) = submitter {
        let name = string_of(button, "name");
        let value = string_of(button, "value");
        let kind = string_of(button, "type");
        if !name.is_empty() && kind == "submit" && !flag_of(button, "disabled") {
            names_values.push((name, value));
        }
    }
    for (name, value) in &names_values {
        params.append(name, value);
    }
    String::from(params.to_string())
}
