//! Marriage registration booking: the offices, booking a time, the booking slip, and managing a
//! booking. Pages render on the server; every step is a plain link or form, so all of it works
//! without JavaScript.

pub mod book;
pub mod manage;
mod slip;

use crate::{
    api::booking::desk,
    components::{area::Area, error_notice::ErrorNotice},
    domain::booking::{desk::OfficeInfo, words::service_name},
    i18n::{Locale, Msg},
    prefs_context,
};
use leptos::prelude::*;
use leptos_meta::Title;

pub const BOOK_PATH: &str = "/marriage/book";
pub const MANAGE_PATH: &str = "/marriage/manage";
/// The slip of the booking just made.
pub const BOOKED_PATH: &str = "/marriage/booked";

#[component]
pub fn MarriagePage() -> impl IntoView {
    let locale = prefs_context().locale;
    let area = Area::Marriage;
    let desk = desk();
    view! {
        <Title text=locale.t(area.title())/>
        <h1>{locale.t(area.title())}</h1>
        <p class="lead">{locale.t(Msg::MarriageIntro)}</p>
        <p class="actions">
            <a class="button button-primary" href=BOOK_PATH>{locale.t(Msg::BookStart)}</a>
            <a class="button button-secondary" href=MANAGE_PATH>{locale.t(Msg::ManageLink)}</a>
        </p>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match desk.offices().await {
                    Ok(offices) => view! {
                        <section aria-labelledby="offices-heading">
                            <h2 id="offices-heading">{locale.t(Msg::OfficesHeading)}</h2>
                            <div class="office-list">
                                {offices.into_iter().map(|o| view! { <OfficeCard office=o locale/> }).collect_view()}
                            </div>
                        </section>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// An office: name, address, hours, phone, services and a map link.
#[component]
pub fn OfficeCard(office: OfficeInfo, locale: Locale) -> impl IntoView {
    let services = office
        .services
        .iter()
        .map(|s| locale.t(service_name(*s)))
        .collect::<Vec<_>>()
        .join(" · ");
    let tel = format!("tel:{}", office.phone.replace('-', ""));
    view! {
        <section class="office-card" aria-label=office.name(locale).to_string()>
            <h3>{office.name(locale).to_string()}</h3>
            {office.sample.then(|| view! { <p class="sample-note"><span class="sample-tag">{locale.t(Msg::SampleData)}</span>" "{locale.t(Msg::SampleOffice)}</p> })}
            <p>{office.address(locale).to_string()}</p>
            <p>{locale.t_with(Msg::OfficeHours, &[("hours", office.hours(locale))])}</p>
            <p>{locale.t_with(Msg::OfficeServices, &[("services", &services)])}</p>
            <p class="office-links">
                <a href=tel>{locale.t_with(Msg::OfficePhone, &[("phone", &office.phone)])}</a>
                <a href=office.map_link() rel="noopener">{locale.t(Msg::OfficeMap)}</a>
            </p>
        </section>
    }
}

/// A query value as a URL component.
pub fn encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}
