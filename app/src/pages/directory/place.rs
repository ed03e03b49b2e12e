//! One place: opening hours in words and whether it is open now, phones, how to get there,
//! services, accessibility, and for funeral facilities the price list with free items marked.

use super::{ContactLinks, FIND_PATH};
use crate::domain::directory::words::{
    group_name, hours_lines, kind_name, status_words, tag_name, unit_name, yuan,
};
use crate::{
    api::directory::directory,
    components::error_notice::ErrorNotice,
    domain::directory::{
        facility::{Facility, Kind},
        prices::PriceItem,
    },
    i18n::{Locale, Msg},
    pages::not_found::NotFoundPage,
    prefs_context,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PlacePage() -> impl IntoView {
    let locale = prefs_context().locale;
    let id = use_params_map()
        .get_untracked()
        .get("id")
        .unwrap_or_default();
    let directory = directory();
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match directory.facility(&id).await {
                    Ok(Some((facility, status))) => place_view(facility, status, locale),
                    Ok(None) => view! { <NotFoundPage/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn place_view(
    facility: Facility,
    status: crate::domain::directory::hours::OpenStatus,
    locale: Locale,
) -> AnyView {
    let name = facility.name(locale).to_string();
    let hours = hours_lines(&facility.hours, locale);
    let tags = facility
        .tags
        .iter()
        .map(|t| locale.t(tag_name(*t)).to_string())
        .collect::<Vec<_>>();
    let access = [
        (
            facility.accessibility.step_free_entrance,
            Msg::FilterStepFree,
        ),
        (facility.accessibility.accessible_toilet, Msg::FilterToilet),
        (
            facility.accessibility.accessible_parking,
            Msg::AccessibleParking,
        ),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .map(|(_, m)| locale.t(m).to_string())
    .collect::<Vec<_>>();
    let prices = (!facility.prices.is_empty()).then(|| price_table(&facility.prices, locale));
    let calculator = (facility.kind == Kind::FuneralHome).then(|| {
        let href = format!("{}?home={}#calculator", super::after_death::GUIDE_PATH, facility.id);
        view! { <p><a class="button button-secondary" href=href>{locale.t(Msg::WhatWouldBeFree)}</a></p> }
    });
    let checked = locale.t_with(
        Msg::LastChecked,
        &[
            ("date", &facility.last_checked.to_string()),
            ("source", &facility.source),
        ],
    );
    view! {
        <Title text=name.clone()/>
        <p><a href=FIND_PATH>{locale.t(Msg::BackToList)}</a></p>
        <h1>{name}</h1>
        <p class="place-kind">{locale.t(kind_name(facility.kind))}</p>
        {facility.is_sample.then(|| view! { <p class="sample-note"><span class="sample-tag">{locale.t(Msg::SampleData)}</span>" "{locale.t(Msg::SamplePlace)}</p> })}
        <p class="place-status" class:place-open=status.is_open()>{status_words(status, locale)}</p>
        {facility.note(locale).map(|n| view! { <p>{n.to_string()}</p> })}
        <dl class="slip-details place-details">
            <dt>{locale.t(Msg::PlaceAddress)}</dt><dd>{facility.address(locale).to_string()}</dd>
            {facility.directions(locale).map(|d| view! { <dt>{locale.t(Msg::PlaceDirections)}</dt><dd>{d.to_string()}</dd> })}
            <dt>{locale.t(Msg::PlaceHours)}</dt>
            <dd><ul class="plain">{hours.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul></dd>
            <dt>{locale.t(Msg::PlacePhones)}</dt>
            <dd><ul class="plain">
                {facility.phone_24h.clone().map(|n| view! { <li>{locale.t_with(Msg::Phone24h, &[("phone", &n)])}</li> })}
                {facility.phones.iter().map(|p| view! { <li>{format!("{}: {}", p.label(locale), p.number)}</li> }).collect_view()}
            </ul></dd>
            {(!tags.is_empty()).then(|| view! { <dt>{locale.t(Msg::PlaceServices)}</dt><dd>{tags.join(" · ")}</dd> })}
            {(!access.is_empty()).then(|| view! { <dt>{locale.t(Msg::PlaceAccess)}</dt><dd>{access.join(" · ")}</dd> })}
        </dl>
        <ContactLinks facility=facility.clone() locale/>
        {prices}
        {calculator}
        <p class="hint">{checked}</p>
    }
    .into_any()
}

fn price_table(prices: &[PriceItem], locale: Locale) -> AnyView {
    view! {
        <section aria-labelledby="prices-heading">
            <h2 id="prices-heading">{locale.t(Msg::PricesHeading)}</h2>
            <table class="price-table">
                <thead><tr>
                    <th scope="col">{locale.t(Msg::PriceItem)}</th>
                    <th scope="col">{locale.t(Msg::PriceAmount)}</th>
                    <th scope="col">{locale.t(Msg::PriceFree)}</th>
                </tr></thead>
                <tbody>
                    {prices.iter().map(|p| {
                        let amount = match p.price_max_fen {
                            Some(max) => format!("{}–{}", yuan(p.price_fen), yuan(max)),
                            None => yuan(p.price_fen),
                        };
                        let unit = locale.t(unit_name(p.unit));
                        let mut free: Vec<String> = p.free_for.iter().map(|g| locale.t(group_name(*g)).to_string()).collect();
                        free.extend(p.reduced_for.iter().map(|r| locale.t_with(Msg::ReducedFor, &[("group", locale.t(group_name(r.group))), ("price", &yuan(r.price_fen))])));
                        view! {
                            <tr class:price-basic=p.basic>
                                <th scope="row">
                                    {if locale == Locale::ZhCn { p.name_zh.clone() } else { p.name_en.clone() }}
                                    {p.basic.then(|| view! { " " <span class="basic-tag">{locale.t(Msg::BasicService)}</span> })}
                                </th>
                                <td>{format!("{amount} {unit}")}</td>
                                <td>{if free.is_empty() { "—".to_string() } else { free.join("；") }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <p class="hint">{locale.t(Msg::PricesNote)}</p>
        </section>
    }
    .into_any()
}
