//! Finding a booking with its code and an ID ending, then cancelling or moving it. Every step is
//! a POST form carrying the code and ending, so they never appear in addresses or history.

use super::{slip::BookingSlip, MANAGE_PATH};
use crate::{
    api::booking::{desk, Desk},
    components::{
        error_notice::ErrorNotice,
        form::{ProblemSummary, TextField},
    },
    domain::booking::{
        desk::{BookingProblem, BookingView},
        moment::Moment,
        words::{day, time},
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
    let desk = desk();
    view! {
        <Title text=locale.t(Msg::ManageHeading)/>
        <h1>{locale.t(Msg::ManageHeading)}</h1>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match step(desk, form, locale).await {
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
            <TextField name="id_last4".into() label=locale.t(Msg::Last4Label).into() value=last4.to_string() error=None locale maxlength=4/>
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

fn booking_view(booking: BookingView, last4: &str, notice: Option<Msg>, locale: Locale) -> AnyView {
    let code = booking.code.clone();
    let actions = (booking.status == "confirmed").then(|| {
        view! {
            <div class="form-actions">
                <form method="post" action=MANAGE_PATH>
                    {carried(&code, last4)}
                    <button type="submit" name="go" value="move-day" class="button button-secondary">{locale.t(Msg::MoveBooking)}</button>
                </form>
                <form method="post" action=MANAGE_PATH>
                    {carried(&code, last4)}
                    <button type="submit" name="go" value="cancel" class="button button-secondary">{locale.t(Msg::CancelBooking)}</button>
                </form>
            </div>
        }
    });
    view! {
        {notice.map(|m| view! { <p class="notice notice-success" role="status">{locale.t(m)}</p> })}
        <BookingSlip booking office=None locale id_last4=last4.to_string()/>
        {actions}
    }
    .into_any()
}

async fn step(
    desk: Desk,
    form: Vec<(String, String)>,
    locale: Locale,
) -> Result<AnyView, AppError> {
    let go = field(&form, "go");
    let code = field(&form, "code");
    let last4 = field(&form, "id_last4").to_ascii_uppercase();
    if go.is_empty() {
        return Ok(find_form("", "", None, locale));
    }
    let outcome = match go.as_str() {
        "cancel" => desk.cancel(&code, &last4).await?,
        "move" => match Moment::parse(&field(&form, "slot")) {
            Some(start) => desk.reschedule(&code, &last4, start).await?,
            None => desk.find(&code, &last4).await?,
        },
        _ => desk.find(&code, &last4).await?,
    };
    let booking = match outcome {
        Ok(booking) => booking,
        Err(BookingProblem::NotFound) => {
            return Ok(find_form(&code, &last4, Some(Msg::BookingNotFound), locale))
        }
        Err(BookingProblem::Refused { refusal, .. }) => {
            let booking = desk.find(&code, &last4).await?;
            return Ok(match booking {
                Ok(b) => booking_view(b, &last4, Some(refusal.message()), locale),
                Err(_) => find_form(&code, &last4, Some(Msg::BookingNotFound), locale),
            });
        }
        Err(BookingProblem::Full { .. })
        | Err(BookingProblem::Invalid { .. })
        | Err(BookingProblem::AlreadyBooked { .. }) => {
            let booking = desk.find(&code, &last4).await?;
            return Ok(match booking {
                Ok(b) => booking_view(b, &last4, Some(Msg::SlotFull), locale),
                Err(_) => find_form(&code, &last4, Some(Msg::BookingNotFound), locale),
            });
        }
    };
    Ok(match go.as_str() {
        "cancel" => booking_view(booking, &last4, Some(Msg::CancelDone), locale),
        "move" => booking_view(booking, &last4, Some(Msg::MoveDone), locale),
        "move-day" => {
            let days = desk
                .availability(&booking.office_id, booking.service)
                .await?;
            let chosen_day = crate::domain::date::Date::parse(&field(&form, "date"));
            let slots = match chosen_day {
                Some(date) => {
                    desk.slots(&booking.office_id, booking.service, date)
                        .await?
                }
                None => Vec::new(),
            };
            view! {
                <h2>{locale.t(Msg::MoveChooseTime)}</h2>
                <form method="post" action=MANAGE_PATH class="booking-form">
                    {carried(&booking.code, &last4)}
                    <input type="hidden" name="go" value="move-day"/>
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
                {chosen_day.map(|date| view! {
                    <form method="post" action=MANAGE_PATH class="booking-form">
                        {carried(&booking.code, &last4)}
                        <fieldset class="field">
                            <legend>{day(date, locale)}</legend>
                            <div class="choices slot-choices">
                                {slots.iter().enumerate().filter(|(_, s)| s.remaining > 0 && s.start != booking.slot_start).map(|(i, s)| {
                                    let id = format!("f-move-slot-{i}");
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
                            <button type="submit" name="go" value="move" class="button button-primary">{locale.t(Msg::MoveBooking)}</button>
                        </div>
                    </form>
                })}
            }
            .into_any()
        }
        _ => booking_view(booking, &last4, None, locale),
    })
}
