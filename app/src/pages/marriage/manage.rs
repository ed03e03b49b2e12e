//! Finding a booking with its code and an ID ending, then cancelling or moving it. Every step is
//! a POST form carrying the code and ending, so they never appear in addresses or history.

use super::{slip::BookingSlip, MANAGE_PATH};
use crate::{
    api::booking::{desk, new_idempotency_key, Desk},
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
            moment::Moment,
            words::{day, time},
            Service,
        },
        date::Date,
    },
    error::AppError,
    i18n::{Locale, Msg},
    pages::precheck::{form_field, submitted_form},
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
    let form = submitted_form().unwrap_or_default();
    // A booking slip's QR code opens this page with its code filled in.
    let scanned = leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("code"))
        .and_then(|c| crate::domain::booking::code::normalise_code(&c))
        .unwrap_or_default();
    let desk = desk();
    view! {
        <Title text=locale.t(Msg::ManageHeading)/>
        <h1>{locale.t(Msg::ManageHeading)}</h1>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match step(desk, form, scanned, locale).await {
                    Ok(view) => view,
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn find_form(code: &str, last4: &str, problem: Option<Msg>, locale: Locale) -> AnyView {
    let problems = problem
        .map(|m| vec![("code".to_string(), m)])
        .unwrap_or_default();
    view! {
        <ProblemSummary problems locale/>
        <p>{locale.t(Msg::ManageIntro)}</p>
        <form method="post" action=MANAGE_PATH class="booking-form" novalidate>
            <input type="hidden" name="go" value="find"/>
            <TextField name="code".into() label=locale.t(Msg::CodeLabel).into() value=code.to_string() error=problem locale maxlength=12/>
            <TextField name="id_last4".into() label=locale.t(Msg::Last4Label).into() value=last4.to_string() error=None locale maxlength=4 numpad="id"/>
            <div class="form-actions">
                <button type="submit" class="button button-primary">{locale.t(Msg::FindBooking)}</button>
            </div>
        </form>
    }
    .into_any()
}

/// The hidden fields that carry the booking between steps.
fn carried(code: &str, last4: &str) -> impl IntoView {
    view! {
        <input type="hidden" name="code" value=code.to_string()/>
        <input type="hidden" name="id_last4" value=last4.to_string()/>
    }
}

/// Which new time the visitor is choosing: a move, or a divorce's second appointment.
#[derive(Clone, Copy, PartialEq, Eq)]
enum NewTime {
    Move,
    SecondStage,
}

impl NewTime {
    /// The form's `go` values: choosing the day, then taking the time.
    fn steps(self) -> (&'static str, &'static str) {
        match self {
            NewTime::Move => ("move-day", "move"),
            NewTime::SecondStage => ("second-day", "second"),
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
    last4: &str,
    notice: Option<(Msg, bool)>,
    locale: Locale,
) -> AnyView {
    let code = booking.code.clone();
    let button = |go: &'static str, label: Msg, primary: bool| {
        view! {
            <form method="post" action=MANAGE_PATH>
                {carried(&code, last4)}
                <button type="submit" name="go" value=go
                    class=if primary { "button button-primary" } else { "button button-secondary" }>
                    {locale.t(label)}
                </button>
            </form>
        }
    };
    let second_stage = (booking.service == Service::Divorce
        && booking.stage == 1
        && booking.divorce_window.is_some()
        && booking.second_code.is_none())
    .then(|| button("second-day", Msg::SecondStageBook, true));
    let changes = (booking.status == BookingStatus::Confirmed).then(|| {
        view! {
            {button("move-day", Msg::MoveBooking, false)}
            {button("cancel", Msg::CancelBooking, false)}
        }
    });
    view! {
        {notice.map(|(m, good)| if good {
            view! { <p class="notice notice-success" role="status">{locale.t(m)}</p> }.into_any()
        } else {
            view! { <div class="notice notice-error" role="alert"><p>{locale.t(m)}</p></div> }.into_any()
        })}
        <BookingSlip booking office locale id_last4=last4.to_string()/>
        <div class="form-actions">{second_stage}{changes}</div>
    }
    .into_any()
}

/// The message for a problem met while changing a booking.
pub fn problem_message(problem: &BookingProblem) -> Msg {
    match problem {
        BookingProblem::Refused { refusal, .. } => refusal.message(),
        BookingProblem::Invalid { fields } => {
            fields.first().map(|f| f.message).unwrap_or(Msg::SlotFull)
        }
        BookingProblem::AlreadyBooked { .. } => Msg::AlreadyBooked,
        BookingProblem::Full { .. } | BookingProblem::NotFound => Msg::SlotFull,
    }
}

async fn step(
    desk: Desk,
    form: Vec<(String, String)>,
    scanned: String,
    locale: Locale,
) -> Result<AnyView, AppError> {
    let go = field(&form, "go");
    let code = field(&form, "code");
    let last4 = field(&form, "id_last4").to_ascii_uppercase();
    if go.is_empty() {
        return Ok(find_form(&scanned, "", None, locale));
    }
    let slot = Moment::parse(&field(&form, "slot"));
    let outcome = match (go.as_str(), slot) {
        ("cancel", _) => desk.cancel(&code, &last4).await?,
        ("move", Some(start)) => desk.reschedule(&code, &last4, start).await?,
        ("second", Some(start)) => {
            desk.book_second_stage(&code, &last4, start, &field(&form, "key"))
                .await?
        }
        _ => desk.find(&code, &last4).await?,
    };
    let offices = desk.offices().await?;
    let office_of = |b: &BookingView| offices.iter().find(|o| o.id == b.office_id).cloned();
    let booking = match outcome {
        Ok(booking) => booking,
        Err(BookingProblem::NotFound) => {
            return Ok(find_form(&code, &last4, Some(Msg::BookingNotFound), locale))
        }
        Err(problem) => {
            return Ok(match desk.find(&code, &last4).await? {
                Ok(b) => {
                    let office = office_of(&b);
                    booking_view(
                        b,
                        office,
                        &last4,
                        Some((problem_message(&problem), false)),
                        locale,
                    )
                }
                Err(_) => find_form(&code, &last4, Some(Msg::BookingNotFound), locale),
            });
        }
    };
    let office = office_of(&booking);
    let notice = match (go.as_str(), slot) {
        ("cancel", _) => Some((Msg::CancelDone, true)),
        ("move", Some(_)) => Some((Msg::MoveDone, true)),
        ("second", Some(_)) => Some((Msg::SecondStageDone, true)),
        _ => None,
    };
    let mode = match go.as_str() {
        "move-day" | "move" if slot.is_none() => NewTime::Move,
        "second-day" | "second" if slot.is_none() => NewTime::SecondStage,
        _ => return Ok(booking_view(booking, office, &last4, notice, locale)),
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
    let chosen_day = Date::parse(&field(&form, "date"));
    let slots = match chosen_day {
        Some(date) => {
            desk.slots(&booking.office_id, booking.service, date)
                .await?
        }
        None => Vec::new(),
    };
    Ok(choose_new_time(
        &booking,
        &last4,
        mode,
        (&days, chosen_day, &slots),
        locale,
    ))
}

/// Days, then times, for a move or a second appointment.
fn choose_new_time(
    booking: &BookingView,
    last4: &str,
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
            <form method="post" action=MANAGE_PATH class="booking-form">
                {carried(&booking.code, last4)}
                <input type="hidden" name="go" value=day_step/>
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
                {carried(&booking.code, last4)}
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
