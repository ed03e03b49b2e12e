//! Booking a time: service and office, then a day, then a time (plain links and GET forms), then
//! the people (a POST form with an idempotency key), then the slip. The server's handler makes
//! the booking and sends the visitor on to the slip ([`BookedPage`]); when the booking could not
//! be made it renders this page with the form and the reason. Pages only read.

use super::{encode, slip::BookingSlip, BOOK_PATH, MANAGE_PATH};
use crate::{
    api::booking::{booking_pass, desk, draft_form, new_idempotency_key, refused_form, Desk},
    components::form::form_field as field,
    components::{
        error_notice::ErrorNotice,
        form::{input_id, ProblemSummary, TextField},
    },
    domain::booking::{
        desk::{Alternative, BookingProblem, OfficeInfo},
        moment::Moment,
        words::{day, day_and_time, service_name, time},
        Service,
    },
    error::AppError,
    i18n::{Locale, Msg},
    prefs_context,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

const SERVICES: [Service; 3] = [Service::Marriage, Service::Divorce, Service::Reissue];

/// What the visitor has chosen so far (from the address) and what they posted.
#[derive(Clone, Debug, Default)]
struct Choice {
    service: Option<Service>,
    office: Option<String>,
    date: Option<crate::domain::date::Date>,
    slot: Option<Moment>,
}

#[component]
pub fn BookPage() -> impl IntoView {
    let locale = prefs_context().locale;
    let query = use_query_map().get_untracked();
    let refused = refused_form();
    // The form kept in this sitting: it comes back with its code field (`?step=code`), and
    // fills the details again when another time is picked (an offered alternative).
    let draft = draft_form().map(|d| d.form);
    let awaiting = draft
        .clone()
        .filter(|_| query.get("step").as_deref() == Some("code"));
    let posted = refused.as_ref().map(|r| r.form.clone()).or(awaiting);
    let source = |name: &str| {
        posted
            .as_deref()
            .map(|f| field(f, name).to_string())
            .filter(|v| !v.is_empty())
            .or_else(|| query.get(name))
    };
    let choice = Choice {
        service: source("service").and_then(|s| Service::parse(&s)),
        office: source("office"),
        date: source("date").and_then(|d| crate::domain::date::Date::parse(&d)),
        slot: source("slot").and_then(|s| Moment::parse(&s)),
    };
    let desk = desk();
    view! {
        <Title text=locale.t(Msg::BookStart)/>
        <h1>{locale.t(Msg::BookStart)}</h1>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match step(desk, choice, refused.map(|r| (r.form, r.problem)), draft, locale).await {
                    Ok(view) => view,
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

async fn step(
    desk: Desk,
    choice: Choice,
    refused: Option<(Vec<(String, String)>, BookingProblem)>,
    draft: Option<Vec<(String, String)>>,
    locale: Locale,
) -> Result<AnyView, AppError> {
    let offices = desk.offices().await?;
    let office = choice
        .office
        .as_ref()
        .and_then(|id| offices.iter().find(|o| &o.id == id).cloned());
    let (Some(service), Some(office)) = (choice.service, office) else {
        return Ok(choose_service_and_office(&offices, &choice, locale));
    };
    if !office.services.contains(&service) {
        return Ok(choose_service_and_office(&offices, &choice, locale));
    }
    if let Some((form, problem)) = refused {
        return not_booked(&desk, &offices, &office, service, &form, problem, locale).await;
    }
    if let Some(slot) = choice.slot {
        let ceremony = ceremony_places(&desk, &office, service, slot).await?;
        let values = draft.unwrap_or_default();
        let key = Some(field(&values, "key"))
            .filter(|k| !k.is_empty())
            .map(str::to_string)
            .unwrap_or_else(new_idempotency_key);
        return Ok(details(
            &office,
            service,
            (slot, ceremony),
            &values,
            &[],
            &key,
            locale,
        ));
    }
    if let Some(date) = choice.date {
        let slots = desk.slots(&office.id, service, date).await?;
        return Ok(choose_time(&office, service, date, &slots, locale));
    }
    let days = desk.availability(&office.id, service).await?;
    Ok(choose_day(&office, service, &days, locale))
}

/// Ceremony places left at the time of `slot`, when a ceremony can be added there.
async fn ceremony_places(
    desk: &Desk,
    office: &OfficeInfo,
    service: Service,
    slot: Moment,
) -> Result<Option<u32>, AppError> {
    if service != Service::Marriage || !office.ceremony_hall {
        return Ok(None);
    }
    Ok(desk
        .slots(&office.id, service, slot.date)
        .await?
        .iter()
        .find(|s| s.start == slot)
        .and_then(|s| s.ceremony_remaining))
}

fn chosen(office: &OfficeInfo, service: Service, locale: Locale) -> impl IntoView {
    view! {
        <p class="chosen">
            {format!("{} · {}", locale.t(service_name(service)), office.name(locale))}" "
            <a href=BOOK_PATH>{locale.t(Msg::ChangeChoice)}</a>
        </p>
    }
}

fn choose_service_and_office(offices: &[OfficeInfo], choice: &Choice, locale: Locale) -> AnyView {
    let radio = |name: &'static str, value: String, label: String, checked: bool, i: usize| {
        let id = format!("f-{name}-{i}");
        view! {
            <div class="choice">
                <input type="radio" id=id.clone() name=name value=value checked=checked required=true/>
                <label for=id>{label}</label>
            </div>
        }
    };
    view! {
        <form method="get" action=BOOK_PATH class="booking-form">
            <h2>{locale.t(Msg::ChooseServiceOffice)}</h2>
            <fieldset class="field">
                <legend>{locale.t(Msg::ServiceLabel)}</legend>
                <div class="choices">
                    {SERVICES.iter().enumerate().map(|(i, s)| radio("service", s.key().into(), locale.t(service_name(*s)).into(), choice.service == Some(*s), i)).collect_view()}
                </div>
            </fieldset>
            <fieldset class="field">
                <legend>{locale.t(Msg::OfficeLabel)}</legend>
                <div class="choices">
                    {offices.iter().enumerate().map(|(i, o)| radio("office", o.id.clone(), format!("{} — {}", o.name(locale), o.address(locale)), choice.office.as_deref() == Some(o.id.as_str()), i)).collect_view()}
                </div>
            </fieldset>
            <div class="form-actions">
                <button type="submit" class="button button-primary">{locale.t(Msg::Continue)}</button>
            </div>
        </form>
    }
    .into_any()
}

fn choose_day(
    office: &OfficeInfo,
    service: Service,
    days: &[crate::domain::booking::desk::DayAvailability],
    locale: Locale,
) -> AnyView {
    let base = format!(
        "{BOOK_PATH}?service={}&office={}",
        service.key(),
        encode(&office.id)
    );
    // Every day from the first bookable to the last: a full day says 约满 and a day without
    // appointments 休息, so nobody wonders where a day went.
    let all_days: Vec<(crate::domain::date::Date, Option<u32>)> = match (days.first(), days.last())
    {
        (Some(first), Some(last)) => (0..=first.date.days_until(last.date))
            .map(|n| {
                let date = first.date.add_days(n);
                (
                    date,
                    days.iter().find(|d| d.date == date).map(|d| d.remaining),
                )
            })
            .collect(),
        _ => Vec::new(),
    };
    let list = if days.is_empty() {
        view! { <p class="notice">{locale.t(Msg::NoDays)}</p> }.into_any()
    } else {
        view! {
            <ul class="day-list">
                {all_days.into_iter().map(|(date, remaining)| {
                    let href = format!("{base}&date={date}");
                    match remaining {
                        Some(n) if n > 0 => view! {
                            <li><a class="day-link" href=href>
                                <span class="day-name">{day(date, locale)}</span>
                                <span class="day-places">{locale.t_with(Msg::DayRemaining, &[("n", &n.to_string())])}</span>
                            </a></li>
                        }
                        .into_any(),
                        Some(_) => view! {
                            <li class="day-off day-full"><span class="day-name">{day(date, locale)}</span>
                                <span class="day-places">{locale.t(Msg::DayFull)}</span></li>
                        }
                        .into_any(),
                        None => view! {
                            <li class="day-off day-closed"><span class="day-name">{day(date, locale)}</span>
                                <span class="day-places">{locale.t(Msg::DayClosed)}</span></li>
                        }
                        .into_any(),
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        {chosen(office, service, locale)}
        <h2>{locale.t(Msg::ChooseDay)}</h2>
        <p class="hint">{locale.t(Msg::ChooseDayIntro)}</p>
        {list}
    }
    .into_any()
}

fn choose_time(
    office: &OfficeInfo,
    service: Service,
    date: crate::domain::date::Date,
    slots: &[crate::domain::booking::desk::SlotAvailability],
    locale: Locale,
) -> AnyView {
    let open: Vec<_> = slots.iter().filter(|s| s.remaining > 0).collect();
    let body = if open.is_empty() {
        view! { <p class="notice">{locale.t(Msg::NoSlots)}</p> }.into_any()
    } else {
        view! {
            <form method="get" action=BOOK_PATH class="booking-form">
                <input type="hidden" name="service" value=service.key()/>
                <input type="hidden" name="office" value=office.id.clone()/>
                <fieldset class="field">
                    <legend>{day(date, locale)}</legend>
                    <div class="choices slot-choices">
                        {slots.iter().enumerate().map(|(i, s)| {
                            let id = format!("f-slot-{i}");
                            let mut label = if s.remaining > 0 {
                                locale.t_with(Msg::SlotRemaining, &[("time", &time(s.start)), ("n", &s.remaining.to_string())])
                            } else {
                                locale.t_with(Msg::SlotFullLabel, &[("time", &time(s.start))])
                            };
                            if let Some(n) = s.ceremony_remaining.filter(|n| *n > 0 && s.remaining > 0) {
                                label = format!("{label} · {}", locale.t_with(Msg::CeremonyPossible, &[("n", &n.to_string())]));
                            }
                            view! {
                                <div class="choice" class:choice-disabled=s.remaining == 0>
                                    <input type="radio" id=id.clone() name="slot" value=s.start.to_string()
                                        disabled=s.remaining == 0 required=true/>
                                    <label for=id>{label}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
                <div class="form-actions">
                    <button type="submit" class="button button-primary">{locale.t(Msg::Continue)}</button>
                </div>
            </form>
        }
        .into_any()
    };
    view! {
        {chosen(office, service, locale)}
        <h2>{locale.t(Msg::ChooseTime)}</h2>
        {(service == Service::Marriage && office.ceremony_hall).then(|| view! { <p class="hint">{locale.t(Msg::CeremonyHint)}</p> })}
        {body}
        <p><a href=format!("{BOOK_PATH}?service={}&office={}", service.key(), encode(&office.id))>{locale.t(Msg::ChooseDay)}</a></p>
    }
    .into_any()
}

/// The people's details form, with problems beside their fields.
fn details(
    office: &OfficeInfo,
    service: Service,
    (slot, ceremony_places): (Moment, Option<u32>),
    values: &[(String, String)],
    problems: &[(String, Msg)],
    key: &str,
    locale: Locale,
) -> AnyView {
    let value = |name: &str| field(values, name).to_string();
    let error = |name: &str| problems.iter().find(|(f, _)| f == name).map(|(_, m)| *m);
    let people = service.people();
    let person = |i: usize| {
        let legend = match (people, i) {
            (1, _) => Msg::PersonApplicant,
            (_, 0) => Msg::PersonOne,
            _ => Msg::PersonTwo,
        };
        let name = format!("people[{i}].name");
        let id_number = format!("people[{i}].id_number");
        let phone = format!("people[{i}].phone");
        view! {
            <fieldset class="person">
                <legend>{locale.t(legend)}</legend>
                <TextField name=name.clone() label=locale.t(Msg::NameLabel).into() value=value(&name) error=error(&name) locale autocomplete="off" maxlength=30/>
                <TextField name=id_number.clone() label=locale.t(Msg::IdNumberLabel).into() value=value(&id_number) error=error(&id_number) locale maxlength=20 numpad="id"/>
                // The browser may fill in its own number for the first person, never the second's.
                <TextField name=phone.clone() label=locale.t(Msg::PhoneLabel).into() value=value(&phone) error=error(&phone) locale inputmode="tel" autocomplete=if i == 0 { "tel-national" } else { "off" } maxlength=16 numpad="digits"/>
            </fieldset>
        }
    };
    // A ceremony can be added where the hall has a place at this time; the server checks again.
    let ceremony_error = error("ceremony");
    let ceremony = (ceremony_places.is_some_and(|n| n > 0) || ceremony_error.is_some()).then(|| {
        let id = input_id("ceremony");
        view! {
            <div class="field" class:field-invalid=ceremony_error.is_some()>
                {ceremony_error.map(|m| view! {
                    <p class="field-error" id=format!("{id}-error")>
                        <span class="visually-hidden">{locale.t(Msg::ErrorTitlePrefix)}</span>{locale.t(m)}
                    </p>
                })}
                <div class="choice">
                    <input type="checkbox" id=id.clone() name="ceremony" value="yes"
                        checked=value("ceremony") == "yes"
                        aria-invalid=ceremony_error.is_some().then_some("true")
                        aria-describedby=ceremony_error.is_some().then(|| format!("{id}-error"))/>
                    <label for=id>{locale.t(Msg::CeremonyAdd)}</label>
                </div>
            </div>
        }
    });
    let summary: Vec<(String, Msg)> = problems.to_vec();
    view! {
        {chosen(office, service, locale)}
        <ProblemSummary problems=summary locale people=service.people()/>
        <h2>{locale.t(Msg::DetailsHeading)}</h2>
        <p class="chosen-time">{locale.t_with(Msg::YourChoice, &[("office", office.name(locale)), ("time", &day_and_time(slot, locale))])}</p>
        <p class="hint">{locale.t(Msg::DetailsIntro)}</p>
        <form method="post" action=BOOK_PATH class="booking-form" novalidate>
            <input type="hidden" name="service" value=service.key()/>
            <input type="hidden" name="office" value=office.id.clone()/>
            <input type="hidden" name="slot" value=slot.to_string()/>
            <input type="hidden" name="key" value=key.to_string()/>
            {(0..people).map(person).collect_view()}
            {ceremony}
            <h3>{locale.t(Msg::BringHeading)}</h3>
            <p>{locale.t(super::slip::documents(service))}</p>
            {verification_step(values, problems, locale, check_answers(office, service, slot, values, locale))}
        </form>
    }
    .into_any()
}

/// An ID number in groups as it is printed on the card's back: `130602 19950101 011X`.
pub fn grouped_id(id: &str) -> String {
    let id: String = id.chars().filter(|c| !c.is_whitespace()).collect();
    if id.len() != 18 || !id.is_ascii() {
        return id;
    }
    format!("{} {} {}", &id[..6], &id[6..14], &id[14..])
}

/// "Check before you confirm": what will be booked, as typed (the ID numbers grouped), shown
/// once the code is on its way. Anything wrong is changed in the fields above.
fn check_answers(
    office: &OfficeInfo,
    service: Service,
    slot: Moment,
    values: &[(String, String)],
    locale: Locale,
) -> AnyView {
    let people = (0..service.people()).map(|i| {
        let legend = match (service.people(), i) {
            (1, _) => Msg::PersonApplicant,
            (_, 0) => Msg::PersonOne,
            _ => Msg::PersonTwo,
        };
        let value = |name: &str| field(values, &format!("people[{i}].{name}")).to_string();
        view! {
            <dt>{locale.t(legend)}</dt>
            <dd>{value("name")}<br/>{grouped_id(&value("id_number"))}<br/>{value("phone")}</dd>
        }
    });
    view! {
        <section class="check-booking" aria-labelledby="check-booking-heading">
            <h3 id="check-booking-heading">{locale.t(Msg::CheckBookingHeading)}</h3>
            <dl class="slip-details">
                <dt>{locale.t(Msg::ServiceLabel)}</dt><dd>{locale.t(service_name(service))}</dd>
                <dt>{locale.t(Msg::BookingWhere)}</dt><dd>{office.name(locale).to_string()}</dd>
                <dt>{locale.t(Msg::BookingWhen)}</dt><dd>{day_and_time(slot, locale)}</dd>
                {(field(values, "ceremony") == "yes").then(|| view! {
                    <dt>{locale.t(Msg::ServiceCeremony)}</dt><dd>{locale.t(Msg::CeremonyBooked)}</dd>
                })}
                {people.collect_view()}
            </dl>
            <p class="hint">{locale.t(Msg::CheckBookingHint)}</p>
        </section>
    }
    .into_any()
}

/// The end of the details form: first a code to the contact phone, then the answers to check,
/// the code and the booking. Without JavaScript each is a plain submit button (`go=code`,
/// `go=book`).
fn verification_step(
    values: &[(String, String)],
    problems: &[(String, Msg)],
    locale: Locale,
    check: AnyView,
) -> AnyView {
    let verification = field(values, "verification").to_string();
    let verified = field(values, "verified") == "yes";
    let error = problems
        .iter()
        .find(|(f, _)| f == "verification_code")
        .map(|(_, m)| *m);
    if verified {
        return view! {
            {check}
            <p class="hint">{locale.t(Msg::VerifyPhoneDone)}</p>
            <div class="form-actions">
                <button type="submit" name="go" value="book" class="button button-primary">{locale.t(Msg::ConfirmBooking)}</button>
            </div>
        }
        .into_any();
    }
    if verification.is_empty() {
        return view! {
            <p class="hint">{locale.t(Msg::VerifyPhoneHint)}</p>
            <div class="form-actions">
                <button type="submit" name="go" value="code" class="button button-primary">{locale.t(Msg::VerifySend)}</button>
            </div>
        }
        .into_any();
    }
    let phone = crate::domain::booking::phone::Phone::parse(field(values, "people[0].phone"))
        .map(|p| p.masked())
        .unwrap_or_default();
    view! {
        {check}
        <input type="hidden" name="verification" value=verification/>
        <p class="notice" role="status">{locale.t_with(Msg::VerifyCodeSentTo, &[("phone", &phone)])}</p>
        <TextField name="verification_code".into() label=locale.t(Msg::VerifyCodeLabel).into() value=String::new() error locale inputmode="numeric" maxlength=6 numpad="digits" autocomplete="one-time-code"/>
        <div class="form-actions">
            <button type="submit" name="go" value="book" class="button button-primary">{locale.t(Msg::ConfirmBooking)}</button>
            <button type="submit" name="go" value="code" class="button button-secondary">{locale.t(Msg::VerifyResend)}</button>
        </div>
    }
    .into_any()
}

/// The page for a booking form that booked nothing: the form again with the problems at their
/// fields, or other times when this one cannot be had.
async fn not_booked(
    desk: &Desk,
    offices: &[OfficeInfo],
    office: &OfficeInfo,
    service: Service,
    form: &[(String, String)],
    problem: BookingProblem,
    locale: Locale,
) -> Result<AnyView, AppError> {
    let Some(slot) = Moment::parse(field(form, "slot")) else {
        return Ok(choose_service_and_office(
            offices,
            &Choice::default(),
            locale,
        ));
    };
    let problems: Vec<(String, Msg)> = match problem {
        BookingProblem::Invalid { fields } => {
            fields.into_iter().map(|f| (f.field, f.message)).collect()
        }
        BookingProblem::AlreadyBooked { position } => {
            vec![(format!("people[{position}].id_number"), Msg::AlreadyBooked)]
        }
        BookingProblem::Full { alternatives } => {
            return Ok(alternatives_view(
                offices,
                service,
                Msg::SlotFull,
                &alternatives,
                locale,
            ));
        }
        BookingProblem::Refused {
            refusal,
            alternatives,
        } => {
            return Ok(alternatives_view(
                offices,
                service,
                refusal.message(),
                &alternatives,
                locale,
            ));
        }
        BookingProblem::Limited => vec![("people[0].phone".to_string(), Msg::TooManyLookups)],
        BookingProblem::NotFound => return Err(AppError::NotFound),
    };
    let ceremony = ceremony_places(desk, office, service, slot).await?;
    Ok(details(
        office,
        service,
        (slot, ceremony),
        form,
        &problems,
        field(form, "key"),
        locale,
    ))
}

/// The slip of the booking just made (the server sends the visitor here after booking). Reloading
/// it books nothing; once the visit's pass is gone (a kiosk's "finish") it shows nothing of it.
#[component]
pub fn BookedPage() -> impl IntoView {
    let locale = prefs_context().locale;
    let pass = booking_pass();
    let desk = desk();
    view! {
        <Title text=locale.t(Msg::BookedHeading)/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match booked(desk, pass, locale).await {
                    Ok(view) => view,
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

async fn booked(
    desk: Desk,
    pass: Option<crate::api::booking::BookingPass>,
    locale: Locale,
) -> Result<AnyView, AppError> {
    let found = match &pass {
        Some(pass) => desk.opened(pass).await?.ok(),
        None => None,
    };
    let Some(booking) = found else {
        return Ok(view! {
            <h1>{locale.t(Msg::BookStart)}</h1>
            <p class="notice">{locale.t(Msg::BookedNothing)}</p>
            <p class="actions">
                <a class="button button-primary" href=BOOK_PATH>{locale.t(Msg::BookStart)}</a>
                <a class="button button-secondary" href=MANAGE_PATH>{locale.t(Msg::ManageLink)}</a>
            </p>
        }
        .into_any());
    };
    let offices = desk.offices().await?;
    let office = offices.into_iter().find(|o| o.id == booking.office_id);
    // Only what is true: a text waiting to go "will be sent"; the slip says which went.
    let due: Vec<&str> = booking
        .texts
        .iter()
        .filter(|t| t.status == crate::domain::booking::desk::TextStatus::Due)
        .map(|t| t.phone_masked.as_str())
        .collect();
    let will_send = (!due.is_empty()).then(|| due.join("、"));
    // What happened comes first: the page's heading is "booked".
    Ok(view! {
        <h1 class="booked-heading">{locale.t(Msg::BookedHeading)}</h1>
        {will_send.map(|phones| view! {
            <p class="notice" role="status">{locale.t_with(Msg::SmsWillSend, &[("phones", &phones)])}</p>
        })}
        <BookingSlip booking office locale/>
    }
    .into_any())
}

/// Why the time could not be booked, and free times to pick instead.
fn alternatives_view(
    offices: &[OfficeInfo],
    service: Service,
    why: Msg,
    alternatives: &[Alternative],
    locale: Locale,
) -> AnyView {
    view! {
        <div class="notice notice-error" role="alert"><p>{locale.t(why)}</p></div>
        <h2>{locale.t(Msg::AlternativesHeading)}</h2>
        <ul class="day-list">
            {alternatives.iter().map(|a| {
                let name = offices.iter().find(|o| o.id == a.office_id).map(|o| o.name(locale).to_string()).unwrap_or_default();
                let href = format!("{BOOK_PATH}?service={}&office={}&slot={}", service.key(), encode(&a.office_id), encode(&a.start.to_string()));
                view! {
                    <li><a class="day-link" href=href>
                        {locale.t_with(Msg::AlternativeAt, &[("office", &name), ("time", &day_and_time(a.start, locale)), ("n", &a.remaining.to_string())])}
                    </a></li>
                }
            }).collect_view()}
        </ul>
        <p><a href=BOOK_PATH>{locale.t(Msg::ChangeChoice)}</a></p>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::grouped_id;

    #[test]
    fn an_id_number_is_grouped_as_on_the_card() {
        assert_eq!(grouped_id("13060219950101011X"), "130602 19950101 011X");
        assert_eq!(grouped_id("1306 0219950101011X"), "130602 19950101 011X");
        assert_eq!(grouped_id("12345"), "12345", "anything else as typed");
    }
}
