//! The registry desk: one office's day by slot, check-in by typing or scanning the booking code
//! (scanners type like keyboards and press Enter), no-shows, received divorce applications,
//! closing a day or changing its capacity, and a chart of places booked against capacity.

use self::DeskData as Data;
use super::{csrf_input, error_for, outcome_view, with_page, StaffBar, StaffPage};
use crate::{
    api::staff::{ChartDay, DeskSlot, Outcome, StaffIdentity, DESK_PATH},
    domain::booking::{
        desk::{BookingStatus, BookingView},
        words::{day, service_name, time},
        Service,
    },
    domain::{booking::desk::OfficeInfo, date::Date, FieldError},
    i18n::{Locale, Msg},
};
use leptos::prelude::*;
use leptos_meta::Title;

/// The registry desk for one office and one day.
#[derive(Clone, Debug, PartialEq)]
pub struct DeskData {
    pub office: OfficeInfo,
    pub date: Date,
    pub today: Date,
    pub slots: Vec<DeskSlot>,
    pub chart: Vec<ChartDay>,
    pub outcome: Option<Outcome>,
    pub errors: Vec<FieldError>,
    /// This office's texts that could not be sent.
    pub failed_texts: Vec<crate::domain::booking::desk::FailedText>,
}

#[component]
pub fn DeskPage() -> impl IntoView {
    with_page(|page, who, locale| match page {
        StaffPage::Desk(data) => desk_view(*data, who, locale),
        _ => ().into_any(),
    })
}

pub fn status_name(status: BookingStatus) -> Msg {
    match status {
        BookingStatus::Confirmed => Msg::StatusConfirmed,
        BookingStatus::Cancelled => Msg::StatusCancelled,
        BookingStatus::Attended => Msg::StatusAttended,
        BookingStatus::NoShow => Msg::StatusNoShow,
    }
}

fn desk_view(data: Data, who: StaffIdentity, locale: Locale) -> AnyView {
    let office = match locale {
        Locale::ZhCn => data.office.name_zh.clone(),
        Locale::En => data.office.name_en.clone(),
    };
    let code_error = error_for(&data.errors, "code");
    let date_text = data.date.to_string();
    let is_today = data.date == data.today;
    let max = data
        .chart
        .iter()
        .map(|d| d.capacity.max(d.booked))
        .max()
        .unwrap_or(1)
        .max(1);
    let services: Vec<Service> = data
        .office
        .services
        .iter()
        .copied()
        .filter(|s| *s != Service::Ceremony)
        .collect();
    view! {
        <Title text=locale.t(Msg::StaffDeskHeading)/>
        <StaffBar who=who.clone() return_to=DESK_PATH/>
        <h1>{locale.t(Msg::StaffDeskHeading)}</h1>
        <p class="lead">{office}" · "{day(data.date, locale)}</p>
        {outcome_view(data.outcome.clone())}
        {super::failed_texts_view(&data.failed_texts, locale)}

        <section aria-labelledby="check-in-heading" class="staff-section">
            <h2 id="check-in-heading">{locale.t(Msg::StaffCheckInHeading)}</h2>
            <form method="post" action=DESK_PATH class="staff-form inline-fields">
                {csrf_input(&who)}
                <input type="hidden" name="date" value=date_text.clone()/>
                <div class="field" class:field-invalid=code_error.is_some()>
                    <label for="f-code">{locale.t(Msg::BookingCodeLabel)}</label>
                    <p class="hint" id="f-code-hint">{locale.t(Msg::StaffScanHint)}</p>
                    {code_error.map(|m| view! { <p class="field-error" id="f-code-error">{locale.t(m)}</p> })}
                    <input type="text" id="f-code" name="code" autocomplete="off" autofocus=is_today
                        autocapitalize="characters" spellcheck="false" maxlength="12"
                        aria-describedby=if code_error.is_some() { "f-code-hint f-code-error" } else { "f-code-hint" }
                        aria-invalid=code_error.is_some().then_some("true")/>
                </div>
                <button type="submit" name="go" value="check_in" class="button">{locale.t(Msg::StaffCheckIn)}</button>
            </form>
        </section>

        <section aria-labelledby="day-heading" class="staff-section">
            <h2 id="day-heading">{locale.t(Msg::StaffDayHeading)}</h2>
            <form method="get" action=DESK_PATH class="inline-fields">
                <div class="field">
                    <label for="f-date">{locale.t(Msg::StaffDate)}</label>
                    <input type="date" id="f-date" name="date" value=date_text.clone()/>
                </div>
                <button type="submit" class="button-secondary">{locale.t(Msg::StaffShowDay)}</button>
            </form>
            {if data.slots.is_empty() {
                view! { <p class="notice">{locale.t(Msg::StaffNoSlots)}</p> }.into_any()
            } else {
                view! {
                    <table class="staff-table">
                        <caption class="visually-hidden">{locale.t(Msg::StaffDayHeading)}</caption>
                        <thead><tr>
                            <th scope="col">{locale.t(Msg::StaffTime)}</th>
                            <th scope="col">{locale.t(Msg::StaffService)}</th>
                            <th scope="col">{locale.t(Msg::StaffPlaces)}</th>
                            <th scope="col">{locale.t(Msg::StaffBookings)}</th>
                        </tr></thead>
                        <tbody>
                            {data.slots.into_iter().map(|slot| {
                                let booked = slot.slot.capacity.saturating_sub(slot.slot.remaining);
                                view! {
                                    <tr>
                                        <th scope="row">{time(slot.slot.start)}</th>
                                        <td>{locale.t(service_name(slot.service))}</td>
                                        <td>{format!("{booked} / {}", slot.slot.capacity)}</td>
                                        <td>
                                            <ul class="desk-bookings">
                                                {slot.bookings.into_iter().map(|b| booking_line(b, &who, &date_text, locale)).collect_view()}
                                            </ul>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>

        <section aria-labelledby="change-heading" class="staff-section">
            <h2 id="change-heading">{locale.t(Msg::StaffChangeDayHeading)}</h2>
            <p class="hint">{locale.t(Msg::StaffChangeDayHint)}</p>
            <form method="post" action=DESK_PATH class="staff-form">
                {csrf_input(&who)}
                <input type="hidden" name="go" value="change_day"/>
                <div class="field" class:field-invalid=error_for(&data.errors, "date").is_some()>
                    <label for="f-change-date">{locale.t(Msg::StaffDate)}</label>
                    {error_for(&data.errors, "date").map(|m| view! { <p class="field-error">{locale.t(m)}</p> })}
                    <input type="date" id="f-change-date" name="date" value=date_text.clone() required/>
                </div>
                <div class="field">
                    <label for="f-service">{locale.t(Msg::StaffService)}</label>
                    <select id="f-service" name="service">
                        <option value="all">{locale.t(Msg::StaffAllServices)}</option>
                        {services.into_iter().map(|s| view! { <option value=s.key()>{locale.t(service_name(s))}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field" class:field-invalid=error_for(&data.errors, "capacity").is_some()>
                    <label for="f-capacity">{locale.t(Msg::StaffCapacity)}</label>
                    <p class="hint">{locale.t(Msg::StaffCapacityHint)}</p>
                    {error_for(&data.errors, "capacity").map(|m| view! { <p class="field-error">{locale.t(m)}</p> })}
                    <input type="text" inputmode="numeric" id="f-capacity" name="capacity" class="input-short" required/>
                </div>
                <div class="field checkbox-field" class:field-invalid=error_for(&data.errors, "confirm").is_some()>
                    {error_for(&data.errors, "confirm").map(|m| view! { <p class="field-error">{locale.t(m)}</p> })}
                    <input type="checkbox" id="f-confirm" name="confirm" value="yes"/>
                    <label for="f-confirm">{locale.t(Msg::StaffChangeDayConfirm)}</label>
                </div>
                <button type="submit" class="button">{locale.t(Msg::StaffChangeDay)}</button>
            </form>
        </section>

        <section aria-labelledby="chart-heading" class="staff-section">
            <h2 id="chart-heading">{locale.t(Msg::StaffChartHeading)}</h2>
            <table class="staff-table chart">
                <thead><tr>
                    <th scope="col">{locale.t(Msg::StaffDate)}</th>
                    <th scope="col">{locale.t(Msg::StaffBookedOfCapacity)}</th>
                </tr></thead>
                <tbody>
                    {data.chart.into_iter().map(|d| {
                        let width = |n: u32| format!("chart-bar w{}", (n * 20 / max).min(20));
                        view! {
                            <tr>
                                <th scope="row">{day(d.date, locale)}</th>
                                <td>
                                    <span class="chart-bars" aria-hidden="true">
                                        <span class=width(d.capacity)></span>
                                        <span class=format!("{} booked", width(d.booked))></span>
                                    </span>
                                    {format!("{} / {}", d.booked, d.capacity)}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
    .into_any()
}

fn booking_line(b: BookingView, who: &StaffIdentity, date: &str, locale: Locale) -> impl IntoView {
    let names = b
        .people
        .iter()
        .map(|p| format!("{} ({})", p.name_masked, p.id_masked))
        .collect::<Vec<_>>()
        .join("、");
    let confirmed = b.status == BookingStatus::Confirmed;
    let may_receive = b.service == Service::Divorce
        && b.stage == 1
        && b.divorce_window.is_none()
        && matches!(b.status, BookingStatus::Confirmed | BookingStatus::Attended);
    let code = b.code.clone();
    view! {
        <li class="desk-booking">
            <span class="booking-code">{b.code.clone()}</span>" "
            <span>{names}</span>" "
            <span class="status">{locale.t(status_name(b.status))}</span>
            {b.ceremony.then(|| view! { " " <span class="tag">{locale.t(Msg::CeremonyBooked)}</span> })}
            <form method="post" action=DESK_PATH class="inline-form">
                {csrf_input(who)}
                <input type="hidden" name="date" value=date.to_string()/>
                <input type="hidden" name="code" value=code/>
                {confirmed.then(|| view! {
                    <button type="submit" name="go" value="check_in" class="button-secondary">{locale.t(Msg::StaffCheckIn)}</button>
                    <button type="submit" name="go" value="no_show" class="button-secondary">{locale.t(Msg::StaffNoShow)}</button>
                })}
                {may_receive.then(|| view! {
                    <button type="submit" name="go" value="received" class="button-secondary">{locale.t(Msg::StaffReceive)}</button>
                })}
            </form>
        </li>
    }
}
