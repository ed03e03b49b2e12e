//! The booking slip: code, QR code, time, place, people (masked), papers to bring, calendar file.

use super::MANAGE_PATH;
use crate::components::print_button::PrintButton;
use crate::{
    domain::{
        booking::{
            desk::{BookingView, OfficeInfo},
            words::{day, day_and_time, service_name},
            Service,
        },
        qr::qr_path,
    },
    i18n::{Locale, Msg},
};
use leptos::prelude::*;

pub fn documents(service: Service) -> Msg {
    match service {
        Service::Divorce => Msg::DocsDivorce,
        Service::Reissue => Msg::DocsReissue,
        Service::Marriage | Service::Ceremony => Msg::DocsMarriage,
    }
}

#[component]
pub fn BookingSlip(booking: BookingView, office: Option<OfficeInfo>, locale: Locale) -> AnyView {
    // The slip's link on the visitor's own phone opens "manage" with the code filled in; the
    // registry's scanner reads the code out of the same link.
    let link = format!(
        "{}{MANAGE_PATH}?code={}",
        crate::pages::precheck::request_origin(),
        booking.code
    );
    let link_text = link.clone();
    let qr = qr_path(&link).map(|(width, path)| {
        let size = width + 8;
        view! {
            <svg class="qr qr-small" viewBox=format!("-4 -4 {size} {size}") role="img"
                aria-label=locale.t(Msg::BookingQrLabel) shape-rendering="crispEdges">
                <rect x="-4" y="-4" width=size.to_string() height=size.to_string() fill="#fff"></rect>
                <path d=path fill="#000"></path>
            </svg>
        }
    });
    let status = booking.status.message();
    let service_label = if booking.stage == 2 {
        Msg::SecondStageLabel
    } else {
        service_name(booking.service)
    };
    let linked = match (&booking.first_code, &booking.second_code) {
        (Some(first), _) => Some(locale.t_with(Msg::FirstStageCode, &[("code", first)])),
        (None, Some(second)) => Some(locale.t_with(Msg::SecondStageCode, &[("code", second)])),
        (None, None) => None,
    };
    let window = booking.divorce_window.map(|w| {
        locale.t_with(
            Msg::DivorceWindowText,
            &[
                ("received", &day(w.received, locale)),
                ("ends", &day(w.cooling_off_ends, locale)),
                ("first", &day(w.first_day, locale)),
                ("last", &day(w.last_day, locale)),
            ],
        )
    });
    let place = office.as_ref().map(|o| {
        view! {
            <dd>
                {o.name(locale).to_string()}<br/>{o.address(locale).to_string()}<br/>
                <a href=o.map_link() rel="noopener">{locale.t(Msg::OfficeMap)}</a>
            </dd>
        }
    });
    // The calendar file is the open booking's (the visitor's pass); no secret in the address.
    let ics = "/marriage/booking.ics";
    let texts = (!booking.texts.is_empty()).then(|| {
        view! {
            <dt>{locale.t(Msg::MessagesHeading)}</dt>
            <dd>
                <ul class="plain slip-texts">
                    {booking.texts.iter().map(|t| view! {
                        <li>{format!("{} · {}", t.phone_masked, locale.t(t.status.message()))}</li>
                    }).collect_view()}
                </ul>
            </dd>
        }
    });
    // A cancelled booking says so first, and offers nothing to show at the desk or keep.
    if booking.status == crate::domain::booking::desk::BookingStatus::Cancelled {
        return view! {
            <section class="slip slip-cancelled" aria-labelledby="slip-cancelled">
                <h2 id="slip-cancelled" class="slip-status">{locale.t(Msg::SlipCancelled)}</h2>
                <p>{locale.t(Msg::SlipCancelledText)}</p>
                <dl class="slip-details">
                    <dt>{locale.t(Msg::BookingCode)}</dt><dd id="slip-code">{booking.code.clone()}</dd>
                    <dt>{locale.t(Msg::ServiceLabel)}</dt><dd>{locale.t(service_label)}</dd>
                    <dt>{locale.t(Msg::BookingWhen)}</dt><dd class="slip-time">{day_and_time(booking.slot_start, locale)}</dd>
                    <dt>{locale.t(Msg::BookingWhere)}</dt>{place}
                    {texts}
                </dl>
                <p class="office-links"><a href=super::BOOK_PATH>{locale.t(Msg::BookStart)}</a></p>
            </section>
        }
        .into_any();
    }
    view! {
        <section class="slip" aria-labelledby="slip-code">
            <p class="slip-code-label">{locale.t(Msg::BookingCode)}</p>
            <p class="slip-code" id="slip-code">{booking.code.clone()}</p>
            {qr}
            <p class="hint slip-qr-note">{locale.t(Msg::BookingQrNote)}</p>
            <p class="slip-link">{locale.t(Msg::BookingLinkLabel)}" "<span class="slip-link-url">{link_text}</span></p>
            <p class="hint">{locale.t(Msg::BookingCodeNote)}</p>
            <dl class="slip-details">
                <dt>{locale.t(Msg::BookingStatus)}</dt><dd class="slip-status">{locale.t(status)}</dd>
                <dt>{locale.t(Msg::ServiceLabel)}</dt><dd>{locale.t(service_label)}</dd>
                <dt>{locale.t(Msg::BookingWhen)}</dt><dd class="slip-time">{day_and_time(booking.slot_start, locale)}</dd>
                {booking.ceremony.then(|| view! {
                    <dt>{locale.t(Msg::ServiceCeremony)}</dt><dd>{locale.t(Msg::CeremonyBooked)}</dd>
                })}
                <dt>{locale.t(Msg::BookingWhere)}</dt>{place}
                <dt>{locale.t(Msg::BookingWho)}</dt>
                <dd>
                    <ul class="plain">
                        {booking.people.iter().map(|p| view! {
                            <li>{format!("{} · {} · {}", p.name_masked, p.id_masked, p.phone_masked)}</li>
                        }).collect_view()}
                    </ul>
                </dd>
                {texts}
            </dl>
            {linked.map(|text| view! { <p class="slip-linked">{text}</p> })}
            {window.map(|text| view! { <p class="notice slip-window">{text}</p> })}
            <h2 class="slip-bring">{locale.t(Msg::BringHeading)}</h2>
            <p>{locale.t(documents(booking.service))}</p>
            <p class="office-links">
                <PrintButton label=locale.t(Msg::Print).to_string()/>
                <a href=ics>{locale.t(Msg::AddToCalendar)}</a>
                <a href=MANAGE_PATH>{locale.t(Msg::ManageLink)}</a>
            </p>
        </section>
    }
    .into_any()
}
