//! Form pieces for the question screens: each shows its problem beside it, names it in its
//! description, and keeps the value given, so a screen sent back with a problem loses nothing.
//! Values are set both as attributes (for the server's HTML) and as properties (for the island,
//! which reuses inputs between screens).

use crate::{
    domain::eligibility::questions::Wizard,
    i18n::{Locale, Msg},
};
use leptos::prelude::*;

/// The element id of a field: `m0.age` → `f-m0-age`.
pub fn field_id(name: &str) -> String {
    format!("f-{}", name.replace('.', "-"))
}

fn error_of(w: &Wizard, name: &str) -> Option<Msg> {
    w.errors.iter().find(|e| e.field == name).map(|e| e.message)
}

fn described_by(id: &str, hint: bool, error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{id}-hint"));
    }
    if error {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

fn error_line(id: &str, error: Option<Msg>, locale: Locale) -> impl IntoView {
    error.map(|msg| {
        view! {
            <p class="field-error" id=format!("{id}-error")>
                <span class="visually-hidden">{locale.t(Msg::ErrorTitlePrefix)}</span>
                {locale.t(msg)}
            </p>
        }
    })
}

/// A text box for a number: whole numbers or yuan.
#[component]
pub fn NumberField(
    w: Wizard,
    locale: Locale,
    name: String,
    label: String,
    #[prop(optional_no_strip)] hint: Option<String>,
    #[prop(optional)] decimal: bool,
    #[prop(optional)] short: bool,
) -> impl IntoView {
    let id = field_id(&name);
    let error = error_of(&w, &name);
    let value = w.answers.get(&name).unwrap_or_default().to_string();
    let describedby = described_by(&id, hint.is_some(), error.is_some());
    view! {
        <div class="field" class:field-invalid=error.is_some()>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{h}</p> })}
            {error_line(&id, error, locale)}
            <input
                type="text"
                id=id.clone()
                name=name
                class=if short { "input-short" } else { "input-medium" }
                inputmode=if decimal { "decimal" } else { "numeric" }
                autocomplete="off"
                aria-invalid=error.is_some().then_some("true")
                aria-describedby=describedby
                value=value.clone()
                prop:value=value
            />
        </div>
    }
}

/// A group of radio buttons or check boxes, with its question as the legend.
#[component]
pub fn Choices(
    w: Wizard,
    locale: Locale,
    name: String,
    legend: String,
    options: Vec<(String, String)>,
    #[prop(optional_no_strip)] hint: Option<String>,
    /// The legend is the screen's question (a heading) rather than a part of it.
    #[prop(optional)]
    question: bool,
    /// The question heading's id, when a page shows several questions ("question" otherwise).
    #[prop(optional)]
    heading_id: Option<String>,
) -> impl IntoView {
    let id = field_id(&name);
    let error = error_of(&w, &name);
    let chosen = w.answers.get(&name).map(str::to_string);
    let describedby = described_by(&id, hint.is_some(), error.is_some());
    let legend = if question {
        let heading_id = heading_id.unwrap_or_else(|| "question".into());
        view! { <legend class="question-legend"><h2 id=heading_id tabindex="-1">{legend}</h2></legend> }.into_any()
    } else {
        view! { <legend>{legend}</legend> }.into_any()
    };
    view! {
        <div class="field" class:field-invalid=error.is_some()>
            <fieldset id=id.clone() aria-describedby=describedby>
                {legend}
                {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{h}</p> })}
                {error_line(&id, error, locale)}
                <div class="choices">
                    {options.into_iter().enumerate().map(|(i, (value, label))| {
                        let option_id = format!("{id}-{i}");
                        let checked = chosen.as_deref() == Some(value.as_str());
                        view! {
                            <div class="choice">
                                <input
                                    type="radio"
                                    id=option_id.clone()
                                    name=name.clone()
                                    value=value
                                    checked=checked
                                    prop:checked=checked
                                />
                                <label for=option_id>{label}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// Check boxes, each its own yes/no field.
#[component]
pub fn Checkboxes(w: Wizard, legend: String, options: Vec<(String, String)>) -> impl IntoView {
    view! {
        <div class="field">
            <fieldset>
                <legend>{legend}</legend>
                <div class="choices">
                    {options.into_iter().map(|(name, label)| {
                        let id = field_id(&name);
                        let checked = w.answers.is(&name, "yes");
                        view! {
                            <div class="choice">
                                <input type="checkbox" id=id.clone() name=name value="yes"
                                    checked=checked prop:checked=checked/>
                                <label for=id>{label}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// A drop-down list.
#[component]
pub fn Select(
    w: Wizard,
    locale: Locale,
    name: String,
    label: String,
    options: Vec<(String, String)>,
    #[prop(optional_no_strip)] hint: Option<String>,
) -> impl IntoView {
    let id = field_id(&name);
    let error = error_of(&w, &name);
    let chosen = w.answers.get(&name).unwrap_or_default().to_string();
    let describedby = described_by(&id, hint.is_some(), error.is_some());
    view! {
        <div class="field" class:field-invalid=error.is_some()>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{h}</p> })}
            {error_line(&id, error, locale)}
            <select id=id.clone() name=name aria-invalid=error.is_some().then_some("true")
                aria-describedby=describedby prop:value=chosen.clone()>
                {options.into_iter().map(|(value, text)| {
                    let selected = value == chosen;
                    view! { <option value=value selected=selected>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// The problems of a screen sent back, each linking to its field. Shown first and focused.
#[component]
pub fn ErrorSummary(w: Wizard, locale: Locale) -> impl IntoView {
    (!w.errors.is_empty()).then(|| {
        view! {
            <div class="error-summary" id="error-summary" role="alert" tabindex="-1">
                <h2>{locale.t(Msg::ErrorSummaryHeading)}</h2>
                <ul>
                    {w.errors.iter().map(|e| view! {
                        <li><a href=format!("#{}", field_id(&e.field))>{locale.t(e.message)}</a></li>
                    }).collect_view()}
                </ul>
            </div>
        }
    })
}
