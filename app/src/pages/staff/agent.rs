//! The hotline agent's one screen per call, keyboard first: find a booking by code, phone or ID
//! number and see it masked; cancel, reschedule or text a summary for the caller; book on the
//! caller's behalf (their agreement recorded); read a facility's details out. Access keys jump
//! to each part and are listed on screen.

use self::{AgentData as Data, AgentPrecheckData as PrecheckData};
use super::{csrf_input, error_for, outcome_view, with_page, StaffBar, StaffPage};
use crate::domain::{
    booking::desk::{BookingView, OfficeInfo},
    FieldError,
};
use crate::{
    api::staff::{Outcome, StaffIdentity, AGENT_PATH, AGENT_PRECHECK_PATH},
    components::{
        error_notice::ErrorNotice,
        precheck::compact::{compact_form, CompactCheck},
    },
    domain::booking::{
        desk::BookingStatus,
        moment::Moment,
        words::{day_and_time, service_name},
        Service,
    },
    i18n::{Locale, Msg},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// A booking as the hotline sees it: masked, with its office's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundBooking {
    pub booking: BookingView,
    pub office_name: String,
}

/// A facility's short text to read to a caller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadOut {
    pub id: String,
    pub name: String,
    pub text: String,
}

/// The hotline agent's one screen per call.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AgentData {
    pub by: String,
    pub value: String,
    /// What the look-up searched, in words with the phone or ID masked (empty before one).
    pub searched: String,
    pub found: Vec<FoundBooking>,
    /// Free times at the selected booking's office, for rescheduling.
    pub free_times: Vec<(Moment, u32)>,
    pub offices: Vec<OfficeInfo>,
    /// Free times for booking on a caller's behalf (after an office and service are chosen).
    pub book_times: Vec<(Moment, u32)>,
    pub book_office: String,
    pub book_service: String,
    pub q: String,
    pub readouts: Vec<ReadOut>,
    pub outcome: Option<Outcome>,
    pub errors: Vec<FieldError>,
    /// The booking form as posted, kept while the code sent to the caller's phone is awaited.
    pub book_form: Vec<(String, String)>,
    /// The code's verification id, once one was sent.
    pub verification: String,
}

/// The agent's one-page pre-check: the fields posted (nothing is kept).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AgentPrecheckData {
    pub form: Vec<(String, String)>,
}

#[component]
pub fn AgentPage() -> impl IntoView {
    with_page(|page, who, locale| match page {
        StaffPage::Agent(data) => agent_view(*data, who, locale),
        _ => ().into_any(),
    })
}

#[component]
pub fn AgentPrecheckPage() -> impl IntoView {
    with_page(|page, who, locale| match page {
        StaffPage::AgentPrecheck(data) => precheck_view(data, who, locale),
        _ => ().into_any(),
    })
}

/// The pre-check on one page for a caller, with the result's text to read out.
fn precheck_view(data: PrecheckData, who: StaffIdentity, locale: Locale) -> AnyView {
    let origin = crate::pages::precheck::request_origin();
    let bar = who.clone();
    view! {
        <Title text=locale.t(Msg::StaffPrecheckPageHeading)/>
        <StaffBar who=bar return_to=AGENT_PRECHECK_PATH/>
        <h1>{locale.t(Msg::StaffPrecheckPageHeading)}</h1>
        <p><a href=AGENT_PATH>{locale.t(Msg::StaffAgentHeading)}</a></p>
        <p class="hint">{locale.t(Msg::StaffPrecheckIntro)}</p>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match crate::pages::precheck::precheck_setup(locale, origin).await {
                    Ok(setup) => {
                        let check = CompactCheck::submit(&data.form, &setup.region_ids());
                        let hidden = csrf_input(&who).into_any();
                        compact_form(&check, &setup, AGENT_PRECHECK_PATH, hidden)
                    }
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

fn time_options(times: &[(Moment, u32)], chosen: &str, locale: Locale) -> impl IntoView {
    let chosen = chosen.to_string();
    times
        .iter()
        .map(move |(start, left)| {
            let label = locale.t_with(
                Msg::StaffTimeOption,
                &[
                    ("time", &day_and_time(*start, locale)),
                    ("n", &left.to_string()),
                ],
            );
            let value = start.to_string();
            let selected = value == chosen;
            view! { <option value=value selected=selected>{label}</option> }
        })
        .collect_view()
}

fn agent_view(data: Data, who: StaffIdentity, locale: Locale) -> AnyView {
    let value_error = error_for(&data.errors, "value");
    // A fresh page (nothing found or done yet) starts at the search field: the agent types at once.
    let opening = data.searched.is_empty() && data.outcome.is_none();
    let bys = [
        ("code", Msg::StaffByCode),
        ("phone", Msg::StaffByPhone),
        ("id", Msg::StaffById),
    ];
    let by = if data.by.is_empty() {
        "code".to_string()
    } else {
        data.by.clone()
    };
    let free_times = data.free_times.clone();
    let service = Service::parse(&data.book_service);
    let people_count = if service == Some(Service::Reissue) {
        1
    } else {
        2
    };
    let kept = |name: &str| crate::components::form::form_field(&data.book_form, name).to_string();
    let key = Some(kept("idempotency_key"))
        .filter(|k| !k.is_empty())
        .unwrap_or_else(crate::api::booking::new_idempotency_key);
    let code_error = error_for(&data.errors, "verification_code");
    let code_step = if data.verification.is_empty() {
        view! {
            <p class="hint">{locale.t(Msg::StaffCodeHint)}</p>
            <button type="submit" name="go" value="book_code" class="button">{locale.t(Msg::StaffSendCode)}</button>
        }
        .into_any()
    } else {
        let phone = crate::domain::booking::phone::Phone::parse(&kept("people[0].phone"))
            .map(|p| p.masked())
            .unwrap_or_default();
        view! {
            <input type="hidden" name="verification" value=data.verification.clone()/>
            <p class="notice" role="status">{locale.t_with(Msg::StaffCodeSent, &[("phone", &phone)])}</p>
            <div class="field" class:field-invalid=code_error.is_some()>
                <label for="f-verification-code">{locale.t(Msg::StaffCodeRead)}</label>
                {code_error.map(|m| view! { <p class="field-error">{locale.t(m)}</p> })}
                <input type="text" id="f-verification-code" name="verification_code" inputmode="numeric"
                    maxlength="6" autocomplete="off" aria-invalid=code_error.is_some().then_some("true")/>
            </div>
            <button type="submit" name="go" value="book" class="button">{locale.t(Msg::StaffBookForCaller)}</button>
            " "
            <button type="submit" name="go" value="book_code" class="button-secondary">{locale.t(Msg::VerifyResend)}</button>
        }
        .into_any()
    };
    view! {
        <Title text=locale.t(Msg::StaffAgentHeading)/>
        <StaffBar who=who.clone() return_to=AGENT_PATH/>
        <h1>{locale.t(Msg::StaffAgentHeading)}</h1>
        <section class="shortcuts" aria-labelledby="shortcuts-heading">
            <h2 id="shortcuts-heading" class="visually-hidden">{locale.t(Msg::StaffShortcutsHeading)}</h2>
            <p>{locale.t(Msg::StaffShortcuts)}</p>
        </section>
        {outcome_view(data.outcome.clone())}

        <section aria-labelledby="find-heading" class="staff-section">
            <h2 id="find-heading">{locale.t(Msg::StaffFindHeading)}</h2>
            // Posted, so a phone or ID number never sits in an address, the history or a log.
            <form method="post" action=AGENT_PATH class="staff-form inline-fields">
                {csrf_input(&who)}
                <input type="hidden" name="go" value="find"/>
                <fieldset class="choice-row">
                    <legend>{locale.t(Msg::StaffFindBy)}</legend>
                    {bys.into_iter().map(|(value, label)| view! {
                        <label class="choice">
                            <input type="radio" name="by" value=value checked=by == value/>
                            {locale.t(label)}
                        </label>
                    }).collect_view()}
                </fieldset>
                <div class="field" class:field-invalid=value_error.is_some()>
                    <label for="f-value">{locale.t(Msg::StaffFindValue)}</label>
                    {value_error.map(|m| view! { <p class="field-error" id="f-value-error">{locale.t(m)}</p> })}
                    <input type="text" id="f-value" name="value" value=data.value.clone() accesskey="f"
                        autocomplete="off" spellcheck="false" autofocus=opening
                        aria-invalid=value_error.is_some().then_some("true")
                        aria-describedby=value_error.is_some().then_some("f-value-error")/>
                </div>
                <button type="submit" class="button">{locale.t(Msg::StaffFind)}</button>
            </form>
            {(!data.searched.is_empty()).then(|| view! {
                <p class="searched" id="searched" role="status" tabindex="-1" autofocus>{data.searched.clone()}</p>
            })}
            <ul class="found-bookings">
                {data.found.into_iter().map(|f| {
                    let rules = data.offices.iter().find(|o| o.id == f.booking.office_id).map(|o| o.rules.clone());
                    found_view(f, &who, &free_times, rules, locale)
                }).collect_view()}
            </ul>
        </section>

        <section aria-labelledby="book-heading" class="staff-section">
            <h2 id="book-heading">{locale.t(Msg::StaffBookHeading)}</h2>
            <form method="get" action=AGENT_PATH class="staff-form inline-fields">
                <div class="field">
                    <label for="f-office">{locale.t(Msg::OfficeLabel)}</label>
                    <select id="f-office" name="office" accesskey="b">
                        {data.offices.iter().map(|o| {
                            let name = match locale { Locale::ZhCn => o.name_zh.clone(), Locale::En => o.name_en.clone() };
                            view! { <option value=o.id.clone() selected=o.id == data.book_office>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-service">{locale.t(Msg::StaffService)}</label>
                    <select id="f-service" name="service">
                        {[Service::Marriage, Service::Divorce, Service::Reissue].into_iter().map(|s| view! {
                            <option value=s.key() selected=service == Some(s)>{locale.t(service_name(s))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button-secondary">{locale.t(Msg::StaffShowTimes)}</button>
            </form>
            {(!data.book_times.is_empty()).then(|| view! {
                <form method="post" action=AGENT_PATH class="staff-form" id="book-form">
                    {csrf_input(&who)}
                    <input type="hidden" name="office" value=data.book_office.clone()/>
                    <input type="hidden" name="service" value=data.book_service.clone()/>
                    <input type="hidden" name="idempotency_key" value=key/>
                    <div class="field">
                        <label for="f-book-time">{locale.t(Msg::StaffTime)}</label>
                        {error_for(&data.errors, "slot_start").map(|m| view! { <p class="field-error">{locale.t(m)}</p> })}
                        <select id="f-book-time" name="slot_start">{time_options(&data.book_times, &kept("slot_start"), locale)}</select>
                    </div>
                    {(0..people_count).map(|i| {
                        let field = |name: &str| format!("people[{i}].{name}");
                        let heading = locale.t_with(Msg::PersonHeading, &[("n", &(i + 1).to_string())]);
                        view! {
                            <fieldset>
                                <legend>{heading}</legend>
                                {[("name", Msg::NameLabel, "text"), ("id_number", Msg::IdNumberLabel, "text"), ("phone", Msg::PhoneLabel, "tel")].into_iter().map(|(name, label, kind)| {
                                    let f = field(name);
                                    let id = crate::components::form::input_id(&f);
                                    let error = error_for(&data.errors, &f);
                                    view! {
                                        <div class="field" class:field-invalid=error.is_some()>
                                            <label for=id.clone()>{locale.t(label)}</label>
                                            {error.map(|m| view! { <p class="field-error">{locale.t(m)}</p> })}
                                            <input type=kind id=id value=kept(&f) name=f autocomplete="off" aria-invalid=error.is_some().then_some("true")/>
                                        </div>
                                    }
                                }).collect_view()}
                            </fieldset>
                        }
                    }).collect_view()}
                    <div class="field checkbox-field" class:field-invalid=error_for(&data.errors, "consent").is_some()>
                        {error_for(&data.errors, "consent").map(|m| view! { <p class="field-error" id="f-consent-error">{locale.t(m)}</p> })}
                        <input type="checkbox" id="f-consent" name="consent" value="yes" checked=kept("consent") == "yes"/>
                        <label for="f-consent">{locale.t(Msg::StaffCallerAgreed)}</label>
                    </div>
                    {code_step}
                </form>
            })}
        </section>

        <section aria-labelledby="precheck-heading" class="staff-section">
            <h2 id="precheck-heading">{locale.t(Msg::StaffPrecheckHeading)}</h2>
            <p><a href=AGENT_PRECHECK_PATH accesskey="e" class="button-secondary">{locale.t(Msg::StaffPrecheckOpen)}</a></p>
        </section>

        <section aria-labelledby="readout-heading" class="staff-section">
            <h2 id="readout-heading">{locale.t(Msg::StaffReadOutHeading)}</h2>
            <form method="get" action=AGENT_PATH class="staff-form inline-fields">
                <div class="field">
                    <label for="f-q">{locale.t(Msg::StaffReadOutSearch)}</label>
                    <input type="search" id="f-q" name="q" value=data.q.clone() accesskey="d" autocomplete="off"/>
                </div>
                <button type="submit" class="button-secondary">{locale.t(Msg::StaffFind)}</button>
            </form>
            {(!data.q.is_empty() && data.readouts.is_empty()).then(|| view! { <p class="notice">{locale.t(Msg::NothingFound)}</p> })}
            <ul class="readouts">
                {data.readouts.into_iter().map(|r| view! {
                    <li><h3>{r.name}</h3><p class="readout">{r.text}</p></li>
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

/// Why an agent cancels for a caller (recorded in the audit trail; no free text, so no one's
/// details end up there).
pub const CANCEL_REASONS: [(&str, Msg); 4] = [
    ("caller_asked", Msg::StaffCancelReasonAsked),
    ("cannot_attend", Msg::StaffCancelReasonCannotAttend),
    ("booked_twice", Msg::StaffCancelReasonTwice),
    ("other", Msg::StaffCancelReasonOther),
];

fn found_view(
    found: FoundBooking,
    who: &StaffIdentity,
    free_times: &[(Moment, u32)],
    rules: Option<crate::domain::booking::rules::BookingRules>,
    locale: Locale,
) -> impl IntoView {
    let b = found.booking;
    let people = b
        .people
        .iter()
        .map(|p| format!("{} · {} · {}", p.name_masked, p.id_masked, p.phone_masked))
        .collect::<Vec<_>>();
    let confirmed = b.status == BookingStatus::Confirmed;
    let limit = rules
        .map(|r| {
            locale.t_with(
                Msg::CancelLimitText,
                &[
                    ("days", &r.lookback_days.to_string()),
                    ("cancels", &r.cancel_limit.to_string()),
                    ("no_shows", &r.no_show_limit.to_string()),
                    ("block", &r.block_days.to_string()),
                ],
            )
        })
        .unwrap_or_default();
    let code = b.code.clone();
    view! {
        <li class="found-booking">
            <h3><span class="booking-code">{b.code.clone()}</span>" · "{locale.t(super::desk::status_name(b.status))}</h3>
            <dl class="facts">
                <dt>{locale.t(Msg::StaffService)}</dt><dd>{locale.t(service_name(b.service))}</dd>
                <dt>{locale.t(Msg::OfficeLabel)}</dt><dd>{found.office_name}</dd>
                <dt>{locale.t(Msg::StaffTime)}</dt><dd>{day_and_time(b.slot_start, locale)}</dd>
                <dt>{locale.t(Msg::StaffPeople)}</dt>
                <dd><ul>{people.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul></dd>
            </dl>
            {confirmed.then(|| view! {
                <form method="post" action=AGENT_PATH class="inline-form">
                    {csrf_input(who)}
                    <input type="hidden" name="code" value=code.clone()/>
                    <button type="submit" name="go" value="summary" class="button-secondary">{locale.t(Msg::StaffSendSummary)}</button>
                </form>
                // Cancelling cannot be undone: a reason, the agent's word that the caller heard
                // the limit, and a warning button of its own.
                <form method="post" action=AGENT_PATH class="staff-form cancel-form">
                    {csrf_input(who)}
                    <input type="hidden" name="code" value=code.clone()/>
                    <div class="field">
                        <label for=format!("f-reason-{code}")>{locale.t(Msg::StaffCancelReason)}</label>
                        <select id=format!("f-reason-{code}") name="reason">
                            {CANCEL_REASONS.iter().map(|(key, msg)| view! { <option value=*key>{locale.t(*msg)}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="choice">
                        <input type="checkbox" id=format!("f-confirmed-{code}") name="confirmed" value="yes"/>
                        <label for=format!("f-confirmed-{code}")>{locale.t(Msg::StaffCancelToldCaller)}" "{limit.clone()}</label>
                    </div>
                    <button type="submit" name="go" value="cancel" class="button button-warning">{locale.t(Msg::StaffCancelForCaller)}</button>
                </form>
                {(!free_times.is_empty()).then(|| view! {
                    <form method="post" action=AGENT_PATH class="staff-form inline-fields">
                        {csrf_input(who)}
                        <input type="hidden" name="code" value=code.clone()/>
                        <div class="field">
                            <label for=format!("f-move-{code}")>{locale.t(Msg::StaffNewTime)}</label>
                            <select id=format!("f-move-{code}") name="slot_start">{time_options(free_times, "", locale)}</select>
                        </div>
                        <button type="submit" name="go" value="reschedule" class="button">{locale.t(Msg::StaffReschedule)}</button>
                    </form>
                })}
            })}
        </li>
    }
}
