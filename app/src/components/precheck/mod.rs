//! The pre-check as one island. The server renders each screen from the answers a form posted
//! (so it works without JavaScript); once the island wakes, it handles the same forms in the
//! browser with the same transition, so the answers never leave the device.

pub mod compact;
mod fields;
mod result;
mod screens;
mod summary;

use crate::{
    domain::{
        date::Date,
        eligibility::{
            policy::{Policy, PolicyInForce},
            questions::{Step, Wizard},
        },
    },
    i18n::{Locale, Msg},
};
use fields::ErrorSummary;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub use screens::question_text;

/// Where the pre-check's form posts when the browser runs no JavaScript.
pub const PRECHECK_PATH: &str = "/eligibility/check";

/// A region the resident can choose, named in their language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionChoice {
    pub id: String,
    pub name: String,
}

/// Where residents of one street or township apply: its street office or township government
/// (乡镇人民政府 / 街道办事处) from the directory, in the resident's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyOffice {
    /// The directory's id, for the link to the place's page.
    pub id: String,
    pub region: String,
    /// The street or township it serves, as residents name it.
    pub street: String,
    pub name: String,
    pub address: String,
    /// Label and number.
    pub phones: Vec<(String, String)>,
    /// The weekly hours in words, a line each.
    pub hours: Vec<String>,
    pub is_sample: bool,
}

/// Everything the island needs besides the answers: the language, the regions with figures in
/// force today, every region's dated figures and today's date (a what-if may ask for another
/// day), the street offices where residents apply, the site's address for the take-away link,
/// and the site title.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrecheckSetup {
    pub locale: Locale,
    pub regions: Vec<RegionChoice>,
    pub policies: Vec<Policy>,
    pub today: Date,
    pub offices: Vec<ApplyOffice>,
    pub origin: String,
    pub site_title: String,
}

impl PrecheckSetup {
    /// A region's figures in force on `date`, when it has them then.
    pub fn in_force(&self, region: &str, date: Date) -> Option<PolicyInForce> {
        self.policies
            .iter()
            .find(|p| p.region == region)?
            .in_force(date)
            .ok()
    }

    /// The street offices of a region, by street.
    pub fn offices_of(&self, region: &str) -> Vec<&ApplyOffice> {
        self.offices.iter().filter(|o| o.region == region).collect()
    }

    pub fn region_ids(&self) -> Vec<&str> {
        self.regions.iter().map(|r| r.id.as_str()).collect()
    }

    /// A screen's part of the page title: the question, marked when the screen has problems.
    pub fn page_title(&self, w: &Wizard) -> String {
        let prefix = if w.errors.is_empty() {
            ""
        } else {
            self.locale.t(Msg::ErrorTitlePrefix)
        };
        format!("{prefix}{}", question_text(w.step, self.locale))
    }

    /// The whole page title for a screen, as the site writes titles.
    pub fn title(&self, w: &Wizard) -> String {
        format!("{} · {}", self.page_title(w), self.site_title)
    }
}

/// A pre-check screen opened at its own address (`?step=…`) with the answers the server kept
/// from the screens before (see the server's `web/precheck.rs`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PrecheckShown {
    pub answers: Vec<(String, String)>,
    pub step: String,
    pub returning: bool,
    /// The screen was sent back with problems: show them.
    pub checked: bool,
}

/// This request's [`PrecheckShown`], if any.
pub fn precheck_shown() -> Option<PrecheckShown> {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|p| p.extensions.get::<PrecheckShown>().cloned())
    }
    #[cfg(not(feature = "ssr"))]
    None
}

/// On a pre-check screen posted without JavaScript: the answers and the screen's own fields as
/// posted, for the display switches (language, text size, contrast) to carry. Their post comes
/// back to the pre-check with them (`307`), which shows the same screen again in the new
/// language or size, so no answer is lost. Empty on other pages and on a first visit.
pub fn answers_for_switches(path: &str) -> Vec<(String, String)> {
    if path != PRECHECK_PATH {
        return Vec::new();
    }
    crate::components::form::submitted_form()
        .unwrap_or_default()
        .into_iter()
        .filter(|(name, _)| {
            crate::domain::eligibility::questions::is_answer_field(name)
                || ["step", "go", "return"].contains(&name.as_str())
        })
        .collect()
}

/// Run before the pre-check page first paints: answers in the address's fragment (a shared
/// result) are reopened by the island once it wakes, so until then the page shows a note instead
/// of the first question (`html[data-resuming]`). Without the island after ten seconds, the
/// questions show again.
pub const RESUMING_SCRIPT: &str = "if(location.hash.length>1){var r=document.documentElement;\
r.setAttribute('data-resuming','');setTimeout(function(){r.removeAttribute('data-resuming')},10000)}";

/// Hidden fields for [`answers_for_switches`].
pub fn carried_fields(carried: &[(String, String)]) -> impl IntoView {
    carried
        .iter()
        .map(|(name, value)| {
            view! { <input type="hidden" name=name.clone() value=value.clone()/> }
        })
        .collect_view()
}

/// The address that reopens these answers: they travel in the fragment, which browsers never send.
fn share_link(w: &Wizard, origin: &str) -> String {
    #[cfg(feature = "hydrate")]
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_else(|| origin.to_string());
    format!("{origin}{PRECHECK_PATH}#{}", w.answers.encode())
}

#[island(lazy)]
pub fn Precheck(setup: PrecheckSetup, start: Wizard) -> impl IntoView {
    let locale = setup.locale;
    let (wizard, set_wizard) = signal(start);
    let (enhanced, set_enhanced) = signal(false);
    let setup = StoredValue::new(setup);

    // Effects run only in the browser: the island is awake.
    Effect::new(move |_| {
        set_enhanced.set(true);
        browser::wake(setup, wizard, set_wizard);
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        let Some(pairs) = browser::submitted_pairs(&ev) else {
            return;
        };
        ev.prevent_default();
        let before = wizard.get_untracked();
        let next = setup.with_value(|s| Wizard::submit(&pairs, &s.region_ids()));
        set_wizard.set(next.clone());
        setup.with_value(|s| browser::after_change(s, &before, &next));
    };

    // The screen follows the wizard only: waking the island changes no screen, so the question
    // painted by the server stays the page's largest paint instead of being drawn again once the
    // WebAssembly has arrived (only the print button reads `enhanced`).
    let screen = move || {
        let w = wizard.get();
        setup.with_value(|s| screen(&w, s, enhanced.into()))
    };
    view! {
        <form
            class="precheck"
            method="post"
            action=PRECHECK_PATH
            novalidate
            lang=locale.tag()
            on:submit=on_submit
            data-enhanced=move || enhanced.get().then_some("true")
        >
            {screen}
        </form>
    }
}

/// One screen: the problems, the progress, the question or page, the answers carried forward, and
/// the buttons.
fn screen(w: &Wizard, setup: &PrecheckSetup, enhanced: Signal<bool>) -> impl IntoView {
    let locale = setup.locale;
    let owned = w.step.fields();
    let carried = w
        .answers
        .0
        .iter()
        .filter(|(name, _)| !owned.contains(name))
        .map(|(name, value)| view! { <input type="hidden" name=name.clone() value=value.clone()/> })
        .collect_view();
    let progress = w.progress().map(|(n, total)| {
        let text = locale.t_with(
            Msg::QuestionProgress,
            &[("n", &n.to_string()), ("total", &total.to_string())],
        );
        view! {
            <div class="progress">
                <p id="progress-text">{text}</p>
                <progress max=total.to_string() value=n.to_string() aria-labelledby="progress-text"></progress>
            </div>
        }
    });
    let body = match w.step {
        Step::Check => summary::check_answers(&w.answers, setup),
        Step::Result => result::result(w, setup, Some(share_link(w, &setup.origin)), enhanced),
        _ => screens::question(w, setup),
    };
    let primary = match w.step {
        Step::Check => Some(Msg::SeeResult),
        Step::Result => None,
        _ => Some(Msg::Continue),
    };
    view! {
        <ErrorSummary w=w.clone() locale/>
        {progress}
        <input type="hidden" name="step" value=w.step.key()/>
        {w.returning.then(|| view! { <input type="hidden" name="return" value="check"/> })}
        {carried}
        {body}
        <div class="form-actions">
            {primary.map(|msg| view! {
                <button type="submit" name="go" value="next" class="button button-primary">{locale.t(msg)}</button>
            })}
            {(w.step != Step::Region).then(|| view! {
                <button type="submit" name="go" value="back" class="link-button back-button">{locale.t(Msg::Back)}</button>
            })}
            {(w.step == Step::Result).then(|| view! {
                <button type="submit" name="go" value="restart" class="button button-secondary">{locale.t(Msg::StartAgain)}</button>
            })}
        </div>
    }
}

/// What the island does in the browser. Without the `hydrate` feature these do nothing.
mod browser {
    use super::PrecheckSetup;
    use crate::domain::eligibility::questions::Wizard;
    use leptos::prelude::*;

    /// The fields of a submitted form and the button used, or `None` to let the browser post it.
    pub fn submitted_pairs(ev: &leptos::ev::SubmitEvent) -> Option<Vec<(String, String)>> {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let form: web_sys::HtmlFormElement = ev.target()?.dyn_into().ok()?;
            let data = web_sys::FormData::new_with_form(&form).ok()?;
            let mut pairs = Vec::new();
            for entry in js_sys::try_iter(&data).ok()??.flatten() {
                let entry: js_sys::Array = entry.unchecked_into();
                if let (Some(name), Some(value)) =
                    (entry.get(0).as_string(), entry.get(1).as_string())
                {
                    pairs.push((name, value));
                }
            }
            if let Some(button) = ev.submitter() {
                if let (Some(name), Some(value)) =
                    (button.get_attribute("name"), button.get_attribute("value"))
                {
                    pairs.push((name, value));
                }
            }
            Some(pairs)
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = ev;
            None
        }
    }

    /// On waking: reopens answers carried in the address's fragment (then removes them from the
    /// address, so they do not linger in history), and follows the browser's back button.
    pub fn wake(
        setup: StoredValue<PrecheckSetup>,
        wizard: ReadSignal<Wizard>,
        set_wizard: WriteSignal<Wizard>,
    ) {
        #[cfg(feature = "hydrate")]
        {
            use crate::domain::eligibility::questions::{Answers, Step};
            let resume = move || {
                let Some(window) = web_sys::window() else {
                    return;
                };
                let hash = window.location().hash().unwrap_or_default();
                if hash.len() > 1 {
                    let answers = Answers::decode(&hash[1..]);
                    let resumed = setup.with_value(|s| Wizard::resume(answers, &s.region_ids()));
                    set_wizard.set(resumed.clone());
                    setup.with_value(|s| focus_screen(s, &resumed));
                }
                if let Some(root) = window.document().and_then(|d| d.document_element()) {
                    let _ = root.remove_attribute("data-resuming");
                }
                let step = wizard.get_untracked().step.key();
                if let Ok(history) = window.history() {
                    let path = window.location().pathname().ok();
                    let _ = history.replace_state_with_url(
                        &wasm_bindgen::JsValue::from_str(&step),
                        "",
                        path.as_deref(),
                    );
                }
            };
            // A display switch (language, contrast) reloads the page: the screen and its answers
            // waited in this tab's session storage meanwhile (never sent; a kiosk's end of visit
            // clears it), and come back here.
            if let Some(storage) = window_storage() {
                if let Ok(Some(saved)) = storage.get_item(SWITCH_KEY) {
                    let _ = storage.remove_item(SWITCH_KEY);
                    let mut pairs: Vec<(String, String)> = form_urlencoded::parse(saved.as_bytes())
                        .into_owned()
                        .collect();
                    if let Some(step) = pairs
                        .iter()
                        .find(|(k, _)| k == "step")
                        .map(|(_, v)| v.clone())
                    {
                        pairs.push(("go".into(), step));
                    }
                    let restored = setup.with_value(|s| Wizard::submit(&pairs, &s.region_ids()));
                    set_wizard.set(restored.clone());
                    setup.with_value(|s| focus_screen(s, &restored));
                }
            }
            let stash = window_event_listener(leptos::ev::submit, move |ev| {
                use wasm_bindgen::JsCast;
                let Some(form) = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
                else {
                    return;
                };
                if !form.action().ends_with("/prefs") {
                    return;
                }
                let w = wizard.get_untracked();
                if w.answers.0.is_empty() {
                    return;
                }
                let mut saved = form_urlencoded::Serializer::new(String::new());
                saved.extend_pairs(w.answers.0.iter());
                saved.append_pair("step", &w.step.key());
                if let Some(storage) = window_storage() {
                    let _ = storage.set_item(SWITCH_KEY, &saved.finish());
                }
            });
            std::mem::forget(stash);
            resume();
            // A link pasted while the check is open changes only the fragment.
            std::mem::forget(window_event_listener(leptos::ev::hashchange, move |_| {
                resume()
            }));
            let handle = window_event_listener(leptos::ev::popstate, move |ev| {
                let Some(key) = ev.state().as_string() else {
                    return;
                };
                let Some(target) = Step::parse(&key) else {
                    return;
                };
                let current = wizard.get_untracked();
                let mut pairs: Vec<(String, String)> = current
                    .answers
                    .0
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                pairs.push(("step".into(), current.step.key()));
                pairs.push(("go".into(), target.key()));
                let next = setup.with_value(|s| Wizard::submit(&pairs, &s.region_ids()));
                set_wizard.set(next.clone());
                setup.with_value(|s| focus_screen(s, &next));
            });
            // The island lives as long as the page.
            std::mem::forget(handle);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (setup, wizard, set_wizard);
    }

    /// After a screen changes in the browser: a history entry, the page title, and focus on the
    /// problems or the new question (as a page load would do for screen readers).
    pub fn after_change(setup: &PrecheckSetup, before: &Wizard, next: &Wizard) {
        #[cfg(feature = "hydrate")]
        {
            if before.step != next.step {
                if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
                    let _ =
                        history.push_state(&wasm_bindgen::JsValue::from_str(&next.step.key()), "");
                }
            }
            focus_screen(setup, next);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (setup, before, next);
    }

    /// Where a screen waits while a display switch reloads the page.
    #[cfg(feature = "hydrate")]
    const SWITCH_KEY: &str = "bianmin_precheck_switch";

    #[cfg(feature = "hydrate")]
    fn window_storage() -> Option<web_sys::Storage> {
        web_sys::window()?.session_storage().ok()?
    }

    #[cfg(feature = "hydrate")]
    fn focus_screen(setup: &PrecheckSetup, next: &Wizard) {
        let title = setup.title(next);
        let target = if next.errors.is_empty() {
            "question"
        } else {
            "error-summary"
        };
        request_animation_frame(move || {
            use wasm_bindgen::JsCast;
            let Some(document) = web_sys::window().and_then(|w| w.document()) else {
                return;
            };
            document.set_title(&title);
            if let Some(element) = document
                .get_element_by_id(target)
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = element.focus();
                element.scroll_into_view();
            }
        });
    }
}
