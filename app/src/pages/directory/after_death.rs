//! What to do after a death (身后事办理指引), step by step, and a "what would be free" calculator
//! at the chosen funeral home. The calculator is a GET form: it works without JavaScript and keeps
//! nothing.

use super::FIND_PATH;
use crate::domain::directory::words::{distance, group_name, unit_name, yuan};
use crate::{
    api::directory::directory,
    components::{error_notice::ErrorNotice, precheck::PRECHECK_PATH},
    domain::directory::{
        facility::Kind,
        prices::{estimate, Deceased},
        search::FacilityHit,
    },
    i18n::{Locale, Msg},
    prefs_context,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

pub const GUIDE_PATH: &str = "/funeral/after-a-death";

/// The steps, in order: (title, what to do, where and what to bring).
const STEPS: [(Msg, Msg); 8] = [
    (Msg::StepCertificateTitle, Msg::StepCertificateText),
    (Msg::StepCallTitle, Msg::StepCallText),
    (Msg::StepTransportTitle, Msg::StepTransportText),
    (Msg::StepFarewellTitle, Msg::StepFarewellText),
    (Msg::StepHukouTitle, Msg::StepHukouText),
    (Msg::StepBenefitsTitle, Msg::StepBenefitsText),
    (Msg::StepBurialTitle, Msg::StepBurialText),
    (Msg::StepAwardTitle, Msg::StepAwardText),
];

#[component]
pub fn AfterDeathPage() -> impl IntoView {
    let locale = prefs_context().locale;
    let query = use_query_map().get_untracked();
    let home = query.get("home").unwrap_or_default();
    let resident = query.get("resident").unwrap_or_default();
    let group = query.get("group").unwrap_or_default();
    let directory = directory();
    view! {
        <Title text=locale.t(Msg::AfterDeathHeading)/>
        <h1>{locale.t(Msg::AfterDeathHeading)}</h1>
        <p class="lead">{locale.t(Msg::AfterDeathIntro)}</p>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                // On an enrolled kiosk the funeral homes come nearest first.
                let kiosk = crate::api::staff::kiosk_device();
                let mut query = vec![("kind".into(), Kind::FuneralHome.key().into()), ("limit".into(), "100".into())];
                if let Some(k) = &kiosk {
                    query.push(("near".into(), format!("{:.5},{:.5}", k.latitude, k.longitude)));
                }
                match directory.find(query).await {
                    Ok(Ok(found)) => view! {
                        {steps(&found.hits, kiosk.is_some(), locale)}
                        <p><a class="button button-secondary" href=format!("{FIND_PATH}?kind=funeral_home")>{locale.t(Msg::FindFuneralHomes)}</a></p>
                        <section id="calculator" aria-labelledby="calculator-heading">
                            <h2 id="calculator-heading">{locale.t(Msg::WhatWouldBeFree)}</h2>
                            <p>{locale.t(Msg::CalculatorIntro)}</p>
                            {calculator(found.hits, &home, &resident, &group, locale)}
                        </section>
                    }
                    .into_any(),
                    Ok(Err(_)) => ().into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The steps; the one that says to call the funeral home gives the numbers to call (on a kiosk
/// the three nearest, elsewhere every region's, as the directory lists them).
fn steps(homes: &[FacilityHit], on_kiosk: bool, locale: Locale) -> AnyView {
    let lines: Vec<&FacilityHit> = homes
        .iter()
        .filter(|h| h.facility.phone_24h.is_some())
        .take(if on_kiosk { 3 } else { 12 })
        .collect();
    let numbers = (!lines.is_empty()).then(|| {
        view! {
            <p>{locale.t(if on_kiosk { Msg::LinesNearKiosk } else { Msg::LinesAll })}</p>
            <ul class="line-list">
                {lines.into_iter().map(|hit| {
                    let f = &hit.facility;
                    let number = f.phone_24h.clone().unwrap_or_default();
                    let tel = format!("tel:{}", number.replace('-', ""));
                    view! {
                        <li>
                            <a href=format!("{FIND_PATH}/{}", crate::pages::marriage::encode(&f.id))>{f.name(locale).to_string()}</a>
                            {hit.distance_m.map(|m| format!(" · {}", locale.t_with(Msg::DistanceAway, &[("distance", &distance(m, locale))])))}
                            " "
                            <a href=tel class="phone-link">{locale.t_with(Msg::Line24h, &[("phone", &number)])}</a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    });
    let mut numbers = Some(numbers);
    view! {
        <ol class="guide-steps">
            {STEPS.iter().map(|(title, text)| {
                let extra = (*title == Msg::StepCallTitle).then(|| numbers.take().flatten());
                view! {
                    <li id=(*title == Msg::StepCallTitle).then_some("step-call")>
                        <h2>{locale.t(*title)}</h2>
                        <p>{locale.t(*text)}</p>
                        {extra}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}

fn calculator(
    homes: Vec<FacilityHit>,
    home: &str,
    resident: &str,
    group: &str,
    locale: Locale,
) -> AnyView {
    let radio = |name: &'static str, value: &'static str, label: Msg, chosen: &str| {
        let id = format!("f-{name}-{value}");
        view! {
            <div class="choice">
                <input type="radio" id=id.clone() name=name value=value checked=chosen == value required=true/>
                <label for=id>{locale.t(label)}</label>
            </div>
        }
    };
    let chosen = homes.iter().find(|h| h.facility.id == home).cloned();
    let result = chosen.filter(|_| !resident.is_empty()).map(|hit| {
        let deceased = Deceased {
            resident_of_region: resident == "yes",
            dibao: group == "dibao",
            tekun: group == "tekun",
            low_income: group == "low_income",
            orphan: false,
        };
        let prices = &hit.facility.prices;
        let estimate = estimate(prices, &deceased, None);
        view! {
            <div class="calculator-result" role="status">
                <h3>{locale.t_with(Msg::CalculatorAt, &[("place", hit.facility.name(locale))])}</h3>
                <table class="price-table">
                    <thead><tr>
                        <th scope="col">{locale.t(Msg::PriceItem)}</th>
                        <th scope="col">{locale.t(Msg::PriceNormal)}</th>
                        <th scope="col">{locale.t(Msg::PriceToPay)}</th>
                    </tr></thead>
                    <tbody>
                        {estimate.lines.iter().map(|line| {
                            let item = &prices[line.index];
                            let name = if locale == Locale::ZhCn { item.name_zh.clone() } else { item.name_en.clone() };
                            let why = line.benefit.map(|g| format!(" ({})", locale.t(group_name(g)))).unwrap_or_default();
                            let unit = locale.t(unit_name(item.unit));
                            view! {
                                <tr>
                                    <th scope="row">{name}</th>
                                    <td>{format!("{} {unit}", yuan(line.normal_fen))}</td>
                                    <td>{format!("{} {unit}{why}", yuan(line.pay_fen))}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <p class="calculator-total">{locale.t_with(Msg::CalculatorTotal, &[
                    ("normal", &yuan(estimate.normal_fen)),
                    ("pay", &yuan(estimate.pay_fen)),
                    ("saved", &yuan(estimate.saved_fen)),
                ])}</p>
                <p class="hint">{locale.t(Msg::CalculatorNote)}</p>
            </div>
        }
    });
    // The answer first, right under the calculator's heading where the form lands; the form
    // follows to change it.
    view! {
        {result}
        <form method="get" action=format!("{GUIDE_PATH}#calculator") class="booking-form">
            <div class="field">
                <label for="f-home">{locale.t(Msg::CalculatorHome)}</label>
                <select id="f-home" name="home" class="input-medium" required=true>
                    {homes.iter().map(|h| {
                        let selected = h.facility.id == home;
                        view! { <option value=h.facility.id.clone() selected=selected>{h.facility.name(locale).to_string()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <fieldset class="field">
                <legend>{locale.t(Msg::CalculatorResident)}</legend>
                <div class="choices">
                    {radio("resident", "yes", Msg::Yes, resident)}
                    {radio("resident", "no", Msg::No, resident)}
                </div>
            </fieldset>
            <fieldset class="field">
                <legend>{locale.t(Msg::CalculatorGroup)}</legend>
                <p class="hint">
                    {locale.t(Msg::CalculatorGroupHintBefore)}
                    <a href=PRECHECK_PATH>{locale.t(Msg::CalculatorGroupHintLink)}</a>
                    {locale.t(Msg::CalculatorGroupHintAfter)}
                </p>
                <div class="choices">
                    {radio("group", "dibao", Msg::GroupDibao, group)}
                    {radio("group", "tekun", Msg::GroupTekun, group)}
                    {radio("group", "low_income", Msg::GroupLowIncome, group)}
                    {radio("group", "none", Msg::GroupNone, group)}
                </div>
            </fieldset>
            <div class="form-actions">
                <button type="submit" class="button button-primary">{locale.t(Msg::CalculatorButton)}</button>
            </div>
        </form>
    }
    .into_any()
}
