//! Plain form fields for server-rendered forms: the label, a hint, the problem beside the field
//! (also named in its description), and the value given kept; and reading a posted form's fields.

use crate::i18n::{Locale, Msg};
use leptos::prelude::*;

/// Form fields posted to the pre-check by a browser without JavaScript. The server's middleware
/// reads the body and hands them to the page in the request's extensions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SubmittedForm(pub Vec<(String, String)>);

/// The form fields posted with this request, if it was a post.
pub fn submitted_form() -> Option<Vec<(String, String)>> {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|p| p.extensions.get::<SubmittedForm>().cloned())
            .map(|f| f.0)
    }
    #[cfg(not(feature = "ssr"))]
    None
}

/// A posted field's value (the last one when repeated), or `""`.
pub fn form_field<'a>(form: &'a [(String, String)], name: &str) -> &'a str {
    form.iter()
        .rev()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or("")
}

/// The element id of a form field: `people[0].name` → `f-people-0-name`.
pub fn input_id(name: &str) -> String {
    let id: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("f-{}", id.trim_matches('-').replace("--", "-"))
}

#[component]
pub fn TextField(
    name: String,
    label: String,
    value: String,
    error: Option<Msg>,
    locale: Locale,
    #[prop(optional)] hint: Option<String>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] maxlength: Option<u32>,
    /// On a kiosk, the on-screen number pad types this field: `"id"` (digits and X) or
    /// `"digits"`.
    #[prop(optional)]
    numpad: Option<&'static str>,
) -> impl IntoView {
    let id = input_id(&name);
    let mut describedby = Vec::new();
    if hint.is_some() {
        describedby.push(format!("{id}-hint"));
    }
    if error.is_some() {
        describedby.push(format!("{id}-error"));
    }
    let describedby = (!describedby.is_empty()).then(|| describedby.join(" "));
    view! {
        <div class="field" class:field-invalid=error.is_some()>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{h}</p> })}
            {error.map(|m| view! {
                <p class="field-error" id=format!("{id}-error")>
                    <span class="visually-hidden">{locale.t(Msg::ErrorTitlePrefix)}</span>{locale.t(m)}
                </p>
            })}
            // For an ID number (it ends in a digit or X): the text keyboard, as a number pad has
            // no X; capitals; no spelling fixes.
            <input type="text" id=id name=name value=value class="input-medium"
                inputmode=inputmode autocomplete=autocomplete.unwrap_or("off")
                maxlength=maxlength.map(|m| m.to_string()) data-numpad=numpad
                autocapitalize=(numpad == Some("id")).then_some("characters")
                spellcheck=(numpad == Some("id")).then_some("false")
                aria-invalid=error.is_some().then_some("true") aria-describedby=describedby/>
        </div>
    }
}

/// Whose field a booking form's `people[i].…` is, named as the form's groups are: the first or
/// second person, or the applicant when the form has one.
fn person_of(field: &str, people: usize) -> Option<Msg> {
    let i = field.strip_prefix("people[")?.split(']').next()?;
    Some(match (people, i) {
        (1, _) => Msg::PersonApplicant,
        (_, "0") => Msg::PersonOne,
        _ => Msg::PersonTwo,
    })
}

/// The problems of a form sent back, each linking to its field and, on a form for people, naming
/// whose field it is. It takes the focus when the page opens (also without JavaScript), so a
/// screen reader starts there.
#[component]
pub fn ProblemSummary(
    problems: Vec<(String, Msg)>,
    locale: Locale,
    /// How many people the form is for (booking forms), to name them; 0 for other forms.
    #[prop(optional)]
    people: usize,
) -> impl IntoView {
    (!problems.is_empty()).then(|| {
        view! {
            <div class="error-summary" id="error-summary" role="alert" tabindex="-1" autofocus>
                <h2>{locale.t(Msg::ErrorSummaryHeading)}</h2>
                <ul>
                    {problems.into_iter().map(|(field, msg)| {
                        let text = match person_of(&field, people).filter(|_| people > 0) {
                            Some(person) => {
                                let colon = match locale {
                                    Locale::ZhCn => "：",
                                    Locale::En => ": ",
                                };
                                format!("{}{colon}{}", locale.t(person), locale.t(msg))
                            }
                            None => locale.t(msg).to_string(),
                        };
                        view! { <li><a href=format!("#{}", input_id(&field))>{text}</a></li> }
                    }).collect_view()}
                </ul>
            </div>
        }
    })
}
