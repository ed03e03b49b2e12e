//! Opening a booking with its code and a code sent to its phone, then cancelling or moving it.
//! The booking code is posted once; the server's handler sends a code to the booking's phones
//! and keeps the booking (awaiting that code, then open) for this visitor in a sealed cookie (the
//! booking pass), so no secret appears in addresses or history.
//! Changes are posted to the handler, which answers with a redirect to this page (`?done=`), and
//! choosing a new day or time is a plain GET (`?step=move&date=`). Pages only read.

use super::{slip::BookingSlip, MANAGE_PATH};
use crate::{
    api::booking::{booking_pass, desk, new_idempotency_key, refused_form, BookingPass, Desk},
    components::form::form_field,
    components::{
        error_notice::ErrorNotice,
        form::{ProblemSummary, TextField},
    },
    domain::{
        booking::{
            desk::{
                BookingProblem, BookingStatus, BookingView, DayAvailability, OfficeInfo,
                SlotAvailability,
            },
            words::{day, time},
            Service,
        },
        date::Date,
    },
    error::AppError,
    i18n::{Locale, Msg},
    prefs_context,
};
use leptos::prelude::*;
use leptos_meta::Title;

fn field(form: &[(String, String)], name: &str) -> String {
    form_field(form, name).trim().to_string()
}

#[component]
pub fn ManagePage() -> impl IntoView {
    let locale = prefs_context().locale;
    let query = leptos_router::hooks::use_query_map().get_untracked();
    // A booking slip's QR code opens this page with its code filled in.
    let scanned = query
        .get("code")
        .and_then(|c| crate::domain::booking::code::normalise_code(&c))
        .unwrap_or_default();
    let asked = Asked {
        step: query.get("step").unwrap_or_default(),
        done: query.get("done").unwrap_or_default(),
        date: query.get("date").and_then(|d| Date::parse(&d)),
        scanned,
    };
    let pass = booking_pass();
    let refused = refused_form();
    let desk = desk();
    view! {
        <Title text=locale.t(Msg::ManageHeading)/>
        <h1>{locale.t(Msg::ManageHeading)}</h1>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match step(desk, asked, pass, refused, locale).await {
                    Ok(view) => view,
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn find_form(code: &str, problem: Option<Msg>, locale: Locale) -> AnyView {
    let problems = problem
        .map(|m| vec![("code".to_string(), m)])
        .unwrap_or_default();
    view! {
        <ProblemSummary problems locale/>
        <p>{locale.t(Msg::ManageIntro)}</p>
        <form method="post" action=MANAGE_PATH class="booking-form" novalidate>
            <TextField name="code".into() label=locale.t(Msg::CodeLabel).into() value=code.to_string() error=problem locale maxlength=12/>
            <div class="form-actions">
                <button type="submit" name="go" value="send" class="button button-primary">{locale.t(Msg::VerifySend)}</button>
            </div>
        </form>
        <p><a href=format!("{MANAGE_PATH}?step=recover")>{locale.t(Msg::RecoverLink)}</a></p>
    }
    .into_any()
}

/// A lost code, asked for by the phone it was booked with.
fn recover_form(phone: &str, problem: Option<Msg>, locale: Locale) -> AnyView {
    let problems = problem
        .map(|m| vec![("phone".to_string(), m)])
        .unwrap_or_default();
    view! {
        <ProblemSummary problems locale/>
        <h2>{locale.t(Msg::RecoverHeading)}</h2>
        <form method="post" action=MANAGE_PATH class="booking-form" novalidate>
            <TextField name="phone".into() label=locale.t(Msg::PhoneLabel).into() value=phone.to_string() error=problem locale
                hint=locale.t(Msg::RecoverHint).to_string() inputmode="tel" autocomplete="tel-national" maxlength=16 numpad="digits"/>
            <div class="form-actions">
                <button type="submit" name="go" value="recover" class="button button-primary">{locale.t(Msg::RecoverButton)}</button>
            </div>
        </form>
        <p><a href=MANAGE_PATH>{locale.t(Msg::Back)}</a></p>
    }
    .into_any()
}

/// The code sent to the booking's phones, awaited.
fn code_form(problem: Option<Msg>, locale: Locale) -> AnyView {
    let problems = problem
        .map(|m| vec![("verification_code".to_string(), m)])
        .unwrap_or_default();
    view! {
        <ProblemSummary problems locale/>
        <p class="notice" role="status">{locale.t(Msg::ManageCodeSent)}</p>
        <form method="post" action=MANAGE_PATH class="booking-form" novalidate>
            <TextField name="verification_code".into() label=locale.t(Msg::VerifyCodeLabel).into() value=String::new() error=problem locale inputmode="numeric" maxlength=6 numpad="digits" autocomplete="one-time-code"/>
            <div class="form-actions">
                <button type="submit" name="go" value="open" class="button button-primary">{locale.t(Msg::ManageVerifyButton)}</button>
                <button type="submit" name="go" value="send" class="button button-secondary">{locale.t(Msg::VerifyResend)}</button>
            </div>
        </form>
    }
    .into_any()
}

/// What the address asks this page to show.
struct Asked {
    /// `booking`, or `move` / `second` while choosing a new time.
    step: String,
    /// The change just made: `cancel`, `move` or `second`.
    done: String,
    date: Option<Date>,
    /// The code from a slip's QR code.
    scanned: String,
}

/// Which new time the visitor is choosing: a move, or a divorce's second appointment.
#[derive(Clone, Copy, PartialEq, Eq)]
enum NewTime {
    Move,
    SecondStage,
}

impl NewTime {
    /// The address's `step` while choosing, and the posted `go` that takes the time.
    fn steps(self) -> (&'static str, &'static str) {
        match self {
            NewTime::Move => ("move", "move"),
            NewTime::SecondStage => ("second", "second"),
        }
    }

    fn heading(self) -> Msg {
        match self {
            NewTime::Move => Msg::MoveChooseTime,
            NewTime::SecondStage => Msg::SecondStageHeading,
        }
    }

    fn action(self) -> Msg {
        match self {
            NewTime::Move => Msg::MoveBooking,
            NewTime::SecondStage => Msg::SecondStageBook,
        }
    }
}

fn booking_view(
    booking: BookingView,
    office: Option<OfficeInfo>,
    notice: Option<(Msg, bool)>,
    locale: Locale,
) -> AnyView {
    let class = |primary: bool| {
        if primary {
            "button button-primary"
        } else {
            "button button-secondary"
        }
    };
    // Choosing a new time only reads: a GET form; cancelling changes the booking: a POST.
    let choose = move |step: &'static str, label: Msg, primary: bool| {
        view! {
            <form method="get" action=MANAGE_PATH>
                <button type="submit" name="step" value=step class=class(primary)>
                    {locale.t(label)}
                </button>
            </form>
        }
    };
    let second_stage = (booking.service == Service::Divorce
        && booking.stage == 1
        && booking.divorce_window.is_some()
        && booking.second_code.is_none())
    .then(|| choose("second", Msg::SecondStageBook, true));
    // Cancelling asks first (the next page), as a warning, away from "choose another time".
    let changes = (booking.status == BookingStatus::Confirmed).then(|| {
        view! {
            {choose("move", Msg::MoveBooking, false)}
            <form method="get" action=MANAGE_PATH class="cancel-form">
                <button type="submit" name="step" value="cancel" class="button button-warning">
                    {locale.t(Msg::CancelBooking)}
                </button>
            </form>
        }
    });
    view! {
        {notice.map(|(m, good)| if good {
            view! { <p class="notice notice-success" role="status">{locale.t(m)}</p> }.into_any()
        } else {
            view! { <div class="notice notice-error" role="alert"><p>{locale.t(m)}</p></div> }.into_any()
        })}
        <BookingSlip booking office locale/>
        <div class="form-actions">{second_stage}{changes}</div>
    }
    .into_any()
}

/// "Cancel this booking?": what it is, that it cannot be undone, the office's limit on
/// cancellations, and the two answers (the warning one posts).
fn confirm_cancel(booking: &BookingView, office: Option<&OfficeInfo>, locale: Locale) -> AnyView {
    let when = crate::domain::booking::words::day_and_time(booking.slot_start, locale);
    let limit = office.map(|o| {
        let r = &o.rules;
        locale.t_with(
            Msg::CancelLimitText,
            &[
                ("days", &r.lookback_days.to_string()),
                ("cancels", &r.cancel_limit.to_string()),
                ("no_shows", &r.no_show_limit.to_string()),
                ("block", &r.block_days.to_string()),
            ],
        )
    });
    let place = office
        .map(|o| o.name(locale).to_string())
        .unwrap_or_default();
    view! {
        <h2 id="cancel-heading" tabindex="-1">{locale.t(Msg::CancelConfirmHeading)}</h2>
        <p class="chosen-time">{format!("{} · {place} · {when}", booking.code)}</p>
        <div class="notice notice-error">
            <p>{locale.t(Msg::CancelConfirmText)}</p>
            {limit.map(|text| view! { <p class="cancel-limit">{text}</p> })}
        </div>
        <form method="post" action=MANAGE_PATH class="form-actions">
            <input type="hidden" name="confirmed" value="yes"/>
            <button type="submit" name="go" value="cancel" class="button button-warning">
                {locale.t(Msg::CancelConfirm)}
            </button>
            <a class="button button-secondary" href=format!("{MANAGE_PATH}?step=booking")>{locale.t(Msg::CancelKeep)}</a>
        </form>
    }
    .into_any()
}

async fn step(
    desk: Desk,
    asked: Asked,
    pass: Option<BookingPass>,
    refused: Option<crate::api::booking::RefusedForm>,
    locale: Locale,
) -> Result<AnyView, AppError> {
    // A code request or a code that did not open the booking: its form again, with why.
    if let Some(refused) = refused.as_ref() {
        match field(&refused.form, "go").as_str() {
            "send" if pass.as_ref().is_none_or(BookingPass::is_open) => {
                let code = field(&refused.form, "code");
                return Ok(find_form(
                    &code,
                    Some(refused.problem.message_for_code()),
                    locale,
                ));
            }
            "send" | "open" => {
                return Ok(code_form(Some(refused.problem.message_for_code()), locale));
            }
            "recover" => {
                let problem = match &refused.problem {
                    BookingProblem::Limited => Msg::RecoverLimited,
                    other => other.message_for_code(),
                };
                let phone = field(&refused.form, "phone");
                return Ok(recover_form(&phone, Some(problem), locale));
            }
            _ => {}
        }
    }
    if asked.step == "recover" {
        return Ok(recover_form("", None, locale));
    }
    if asked.done == "recover" {
        return Ok(view! {
            <p class="notice" role="status">{locale.t(Msg::RecoverQueued)}</p>
            {find_form(&asked.scanned, None, locale)}
        }
        .into_any());
    }
    if pass.as_ref().is_some_and(|p| !p.is_open()) {
        return Ok(code_form(None, locale));
    }
    let opened = refused.is_some() || !asked.step.is_empty() || !asked.done.is_empty();
    let Some(pass) = pass.filter(|_| opened) else {
        return Ok(find_form(&asked.scanned, None, locale));
    };
    let booking = match desk.opened(&pass).await? {
        Ok(booking) => booking,
        Err(_) => return Ok(find_form(&asked.scanned, None, locale)),
    };
    let offices = desk.offices().await?;
    let office = offices.iter().find(|o| o.id == booking.office_id).cloned();
    if let Some(refused) = refused {
        let notice = Some((refused.problem.message(), false));
        return Ok(booking_view(booking, office, notice, locale));
    }
    let notice = match asked.done.as_str() {
        "cancel" => Some((Msg::CancelDone, true)),
        "move" => Some((Msg::MoveDone, true)),
        "second" => Some((Msg::SecondStageDone, true)),
        _ => None,
    };
    let mode = match asked.step.as_str() {
        "cancel" if booking.status == BookingStatus::Confirmed => {
            return Ok(confirm_cancel(&booking, office.as_ref(), locale));
        }
        "move" if booking.status == BookingStatus::Confirmed => NewTime::Move,
        "second" => NewTime::SecondStage,
        _ => return Ok(booking_view(booking, office, notice, locale)),
    };
    // Days with places; a second appointment only inside its window.
    let window = booking
        .divorce_window
        .filter(|_| mode == NewTime::SecondStage);
    let days: Vec<_> = desk
        .availability(&booking.office_id, booking.service)
        .await?
        .into_iter()
        .filter(|d| window.is_none_or(|w| w.contains(d.date)))
        .collect();
    let chosen_day = asked.date.filter(|d| days.iter().any(|a| a.date == *d));
    let slots = match chosen_day {
        Some(date) => {
            desk.slots(&booking.office_id, booking.service, date)
                .await?
        }
        None => Vec::new(),
    };
    Ok(choose_new_time(
        &booking,
        mode,
        (&days, chosen_day, &slots),
        locale,
    ))
}

/// Days, then times, for a move or a second appointment.
fn choose_new_time(
    booking: &BookingView,
    mode: NewTime,
    (days, chosen_day, slots): (&[DayAvailability], Option<Date>, &[SlotAvailability]),
    locale: Locale,
) -> AnyView {
    let (day_step, time_step) = mode.steps();
    let none_left = if mode == NewTime::SecondStage {
        Msg::SecondStageNotYet
    } else {
        Msg::NoDays
    };
    let window = booking
        .divorce_window
        .filter(|_| mode == NewTime::SecondStage)
        .map(|w| {
            view! {
                <p class="notice">{locale.t_with(Msg::DivorceWindowText, &[
                    ("received", &day(w.received, locale)),
                    ("ends", &day(w.cooling_off_ends, locale)),
                    ("first", &day(w.first_day, locale)),
                    ("last", &day(w.last_day, locale)),
                ])}</p>
            }
        });
    let day_form = if days.is_empty() {
        view! { <p class="notice">{locale.t(none_left)}</p> }.into_any()
    } else {
        view! {
            <form method="get" action=MANAGE_PATH class="booking-form">
                <input type="hidden" name="step" value=day_step/>
                <fieldset class="field">
                    <legend>{locale.t(Msg::ChooseDay)}</legend>
                    <div class="day-buttons">
                        {days.iter().map(|d| view! {
                            <button type="submit" name="date" value=d.date.to_string() class="button button-secondary"
                                aria-pressed=(Some(d.date) == chosen_day).to_string()>
                                {day(d.date, locale)}
                            </button>
                        }).collect_view()}
                    </div>
                </fieldset>
            </form>
        }
        .into_any()
    };
    view! {
        <h2>{locale.t(mode.heading())}</h2>
        {window}
        {day_form}
        {chosen_day.map(|date| view! {
            <form method="post" action=MANAGE_PATH class="booking-form">
                <input type="hidden" name="key" value=new_idempotency_key()/>
                <fieldset class="field">
                    <legend>{day(date, locale)}</legend>
                    <div class="choices slot-choices">
                        {slots.iter().enumerate().filter(|(_, s)| s.remaining > 0 && s.start != booking.slot_start).map(|(i, s)| {
                            let id = format!("f-new-slot-{i}");
                            view! {
                                <div class="choice">
                                    <input type="radio" id=id.clone() name="slot" value=s.start.to_string() required=true/>
                                    <label for=id>{locale.t_with(Msg::SlotRemaining, &[("time", &time(s.start)), ("n", &s.remaining.to_string())])}</label>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
                <div class="form-actions">
                    <button type="submit" name="go" value=time_step class="button button-primary">{locale.t(mode.action())}</button>
                </div>
            </form>
        })}
    }
    .into_any()
}
