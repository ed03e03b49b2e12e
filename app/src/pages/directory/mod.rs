//! Finding places: funeral homes, cemeteries and columbaria, volunteer and social-work stations,
//! registry offices. Every page renders on the server and every filter is a GET form, so the list
//! works without JavaScript on any phone or kiosk.

pub mod after_death;
pub mod place;

use crate::domain::directory::words::{
    distance, eco_name, kind_name, navigation_links, status_words, tag_name,
};
use crate::{
    api::directory::{directory, Directory, MapSettings},
    components::{error_notice::ErrorNotice, form::ProblemSummary},
    domain::{
        directory::{
            facility::{Facility, Kind, Tag},
            geo::wgs84_to_gcj02,
            prices::EcoBurial,
            search::{FacilityHit, StreetPlace},
        },
        region::Region,
    },
    error::AppError,
    i18n::{Locale, Msg},
    pages::marriage::encode,
    prefs_context,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

pub const FIND_PATH: &str = "/places";

/// The filters a visitor can set, as query-string names.
const FILTERS: [&str; 13] = [
    "kind",
    "region",
    "q",
    "tag",
    "eco",
    "max_yuan",
    "open_now",
    "step_free_entrance",
    "accessible_toilet",
    "from",
    "near",
    "offset",
    "everywhere",
];

/// Where a search lands: the results' heading, not the top of the page again. It can take the
/// focus (`tabindex=-1`), so browsers focus it when they scroll to it, with or without JavaScript
/// (a target that cannot take the focus would clear it instead).
const RESULTS_ANCHOR: &str = "results-heading";

#[component]
pub fn FindPage() -> impl IntoView {
    let locale = prefs_context().locale;
    let query = use_query_map().get_untracked();
    let given: Vec<(String, String)> = FILTERS
        .iter()
        .filter_map(|name| {
            query
                .get(name)
                .filter(|v| !v.trim().is_empty())
                .map(|v| (name.to_string(), v.trim().to_string()))
        })
        .collect();
    let directory = directory();
    view! {
        <Title text=locale.t(Msg::FindHeading)/>
        <h1>{locale.t(Msg::FindHeading)}</h1>
        <p class="lead">{locale.t(Msg::FindIntro)}</p>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let regions = crate::api::regions::list_regions().await;
                match find_view(directory, regions, given, locale).await {
                    Ok(view) => view,
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn value<'a>(given: &'a [(String, String)], name: &str) -> &'a str {
    given
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

async fn find_view(
    directory: Directory,
    regions: Result<Vec<Region>, AppError>,
    given: Vec<(String, String)>,
    locale: Locale,
) -> Result<AnyView, AppError> {
    let regions = regions?;
    let places = directory.places().await?;
    // "Where I am" is a street picked from the list: search from the middle of it.
    let from = places
        .iter()
        .find(|p| p.key() == value(&given, "from"))
        .cloned();
    // A street picked from the list wins over the phone's position.
    let mut pairs: Vec<(String, String)> = given
        .iter()
        .filter(|(k, _)| k != "from" && k != "everywhere" && !(k == "near" && from.is_some()))
        .cloned()
        .collect();
    // Once a street is chosen, places thousands of kilometres away are noise: the street's
    // region only, unless a region was chosen or every region asked for.
    let only_region = from
        .as_ref()
        .filter(|_| value(&given, "region").is_empty() && value(&given, "everywhere") != "true")
        .and_then(|p| regions.iter().find(|r| r.id == p.region))
        .cloned();
    if let Some(region) = &only_region {
        pairs.push(("region".into(), region.id.clone()));
    }
    let near_me = from.is_none() && !value(&given, "near").is_empty();
    if let Some(place) = &from {
        pairs.push((
            "near".into(),
            format!("{:.5},{:.5}", place.location.lat, place.location.lng),
        ));
    }
    // On an enrolled kiosk, nearest means nearest to the kiosk unless a street was picked.
    let kiosk = crate::api::staff::kiosk_device().filter(|_| from.is_none() && !near_me);
    if let Some(kiosk) = &kiosk {
        pairs.push((
            "near".into(),
            format!("{:.5},{:.5}", kiosk.latitude, kiosk.longitude),
        ));
    }
    let map_settings = directory.map();
    let answer = directory.find(pairs).await?;
    let problems: Vec<(String, Msg)> = match &answer {
        Err(fields) => fields
            .iter()
            .map(|f| (f.field.clone(), f.message))
            .collect(),
        Ok(_) => Vec::new(),
    };
    let form = filter_form(&given, &regions, &places, &problems, locale);
    let summary = filters_summary(&given, &regions, from.as_ref(), locale);
    let results = match answer {
        Ok(found) => {
            let offset: usize = value(&given, "offset").parse().unwrap_or(0);
            let shown = found.hits.len();
            let page_link = |offset: usize| {
                let mut query: Vec<String> = given
                    .iter()
                    .filter(|(k, _)| k != "offset")
                    .map(|(k, v)| format!("{k}={}", encode(v)))
                    .collect();
                query.push(format!("offset={offset}"));
                format!("{FIND_PATH}?{}#{RESULTS_ANCHOR}", query.join("&"))
            };
            let map = map_settings
                .filter(|_| !found.hits.is_empty())
                .map(|settings| map_panel(&settings, &found.hits, locale));
            let previous = (offset > 0).then(|| page_link(offset.saturating_sub(20)));
            let next = (offset + shown < found.total).then(|| page_link(offset + shown));
            view! {
                <div class="find-layout">
                <section aria-labelledby=RESULTS_ANCHOR class="results">
                    <h2 id=RESULTS_ANCHOR tabindex="-1">{locale.t_with(Msg::FoundCount, &[("n", &found.total.to_string())])}</h2>
                    {summary}
                    {only_region.map(|region| {
                        let mut query: Vec<String> = given
                            .iter()
                            .filter(|(k, _)| k != "offset")
                            .map(|(k, v)| format!("{k}={}", encode(v)))
                            .collect();
                        query.push("everywhere=true".into());
                        let href = format!("{FIND_PATH}?{}#{RESULTS_ANCHOR}", query.join("&"));
                        view! {
                            <p class="hint">
                                {locale.t_with(Msg::OnlyRegion, &[("region", region.name(locale))])}" "
                                <a href=href>{locale.t(Msg::ShowEverywhere)}</a>
                            </p>
                        }
                    })}
                    {from.map(|p| view! { <p class="hint">{locale.t_with(Msg::SortedFrom, &[("place", &place_name(&p, locale))])}</p> })}
                    {near_me.then(|| view! { <p class="hint">{locale.t(Msg::SortedFromYou)}</p> })}
                    {kiosk.map(|k| view! { <p class="hint">{locale.t_with(Msg::SortedFromKiosk, &[("kiosk", &k.name)])}</p> })}
                    {found.hits.is_empty().then(|| view! { <p class="notice">{locale.t(Msg::NothingFound)}</p> })}
                    <ul class="place-list">
                        {found.hits.into_iter().map(|hit| view! { <li><PlaceCard hit locale/></li> }).collect_view()}
                    </ul>
                    <nav class="pager" aria-label=locale.t(Msg::PagerLabel)>
                        {previous.map(|href| view! { <a href=href>{locale.t(Msg::PagePrevious)}</a> })}
                        {next.map(|href| view! { <a href=href>{locale.t(Msg::PageNext)}</a> })}
                    </nav>
                </section>
                {map}
                </div>
            }
            .into_any()
        }
        Err(_) => ().into_any(),
    };
    Ok(view! { {form} {results} }.into_any())
}

/// A point the map script places a marker at.
#[derive(serde::Serialize)]
struct MapPoint<'a> {
    id: &'a str,
    name: &'a str,
    lat: f64,
    lng: f64,
    href: String,
}

/// The map beside the list: hidden until the map script (Leaflet, served with the app) shows it,
/// so without JavaScript the list stands alone. Markers use the tiles' coordinates (GCJ-02 for
/// Chinese providers).
fn map_panel(settings: &MapSettings, hits: &[FacilityHit], locale: Locale) -> AnyView {
    let points: Vec<MapPoint> = hits
        .iter()
        .map(|h| {
            let f = &h.facility;
            let (lat, lng) = if settings.gcj02 {
                wgs84_to_gcj02(f.latitude, f.longitude)
            } else {
                (f.latitude, f.longitude)
            };
            MapPoint {
                id: &f.id,
                name: f.name(locale),
                lat,
                lng,
                href: format!("{FIND_PATH}/{}", encode(&f.id)),
            }
        })
        .collect();
    let json = serde_json::to_string(&points).unwrap_or_else(|_| "[]".into());
    view! {
        <section class="map-panel" aria-label=locale.t(Msg::MapLabel)>
            <div id="place-map" class="place-map" hidden=true
                data-tiles=settings.tiles.clone()
                data-attribution=settings.attribution.clone()
                data-unavailable=locale.t(Msg::MapUnavailable)
                data-places=json>
                <div class="map-canvas"></div>
                <p id="place-map-status" class="map-status" role="status"></p>
            </div>
        </section>
        // map.js fetches Leaflet (its script and style sheet) once the page has painted.
        <script src="/map.js" defer=true></script>
    }
    .into_any()
}

/// The search in one line above its results ("查找条件：殡仪馆 · 保定市 · 现在开放"), with a link up
/// to the filters to change it.
fn filters_summary(
    given: &[(String, String)],
    regions: &[Region],
    from: Option<&StreetPlace>,
    locale: Locale,
) -> AnyView {
    let mut parts: Vec<String> = Vec::new();
    if let Some(kind) = Kind::ALL.iter().find(|k| k.key() == value(given, "kind")) {
        parts.push(locale.t(kind_name(*kind)).into());
    }
    if let Some(region) = regions.iter().find(|r| r.id == value(given, "region")) {
        parts.push(region.name(locale).into());
    }
    if let Some(place) = from {
        parts.push(place_name(place, locale));
    }
    if !value(given, "q").is_empty() {
        parts.push(format!("“{}”", value(given, "q")));
    }
    if let Some(tag) = Tag::ALL.iter().find(|t| t.key() == value(given, "tag")) {
        parts.push(locale.t(tag_name(*tag)).into());
    }
    if let Some(eco) = EcoBurial::ALL
        .iter()
        .find(|e| e.key() == value(given, "eco"))
    {
        parts.push(locale.t(eco_name(*eco)).into());
    }
    if !value(given, "max_yuan").is_empty() {
        parts.push(format!("≤ ¥{}", value(given, "max_yuan")));
    }
    for (name, label) in [
        ("open_now", Msg::FilterOpenNow),
        ("step_free_entrance", Msg::FilterStepFree),
        ("accessible_toilet", Msg::FilterToilet),
    ] {
        if value(given, name) == "true" {
            parts.push(locale.t(label).into());
        }
    }
    let text = if parts.is_empty() {
        locale.t(Msg::FiltersNone).to_string()
    } else {
        parts.join(" · ")
    };
    view! {
        <p class="filters-summary">
            <span>{locale.t(Msg::FiltersNow)}{text}</span>" "
            <a href="#f-kind">{locale.t(Msg::ChangeFilters)}</a>
        </p>
    }
    .into_any()
}

/// "Where I am": the streets grouped by region and district, so a long list reads like an address.
fn from_select(
    given: &[(String, String)],
    regions: &[Region],
    places: &[StreetPlace],
    locale: Locale,
) -> AnyView {
    let chosen = value(given, "from").to_string();
    let mut groups: Vec<(String, Vec<&StreetPlace>)> = Vec::new();
    for place in places {
        let region = regions
            .iter()
            .find(|r| r.id == place.region)
            .map(|r| r.name(locale).to_string())
            .unwrap_or_default();
        let district = match (locale, &place.district_en) {
            (Locale::En, Some(en)) => en.clone(),
            _ => place.district_zh.clone(),
        };
        let label = if district.is_empty() || district == region {
            region
        } else {
            format!("{region} · {district}")
        };
        match groups.iter_mut().find(|(l, _)| *l == label) {
            Some((_, members)) => members.push(place),
            None => groups.push((label, vec![place])),
        }
    }
    view! {
        <div class="field">
            <label for="f-from">{locale.t(Msg::FilterFrom)}</label>
            <select id="f-from" name="from" class="input-medium">
                <option value="">{locale.t(Msg::AnyChoice)}</option>
                {groups.into_iter().map(|(label, members)| view! {
                    <optgroup label=label>
                        {members.into_iter().map(|p| {
                            let key = p.key();
                            let selected = key == chosen;
                            let street = match (locale, &p.street_en) {
                                (Locale::En, Some(en)) => en.clone(),
                                _ => p.street_zh.clone(),
                            };
                            view! { <option value=key selected=selected>{street}</option> }
                        }).collect_view()}
                    </optgroup>
                }).collect_view()}
            </select>
        </div>
    }
    .into_any()
}

fn place_name(place: &StreetPlace, locale: Locale) -> String {
    match (locale, &place.street_en) {
        (Locale::En, Some(en)) => en.clone(),
        _ => format!("{} {}", place.district_zh, place.street_zh),
    }
}

fn filter_form(
    given: &[(String, String)],
    regions: &[Region],
    places: &[StreetPlace],
    problems: &[(String, Msg)],
    locale: Locale,
) -> AnyView {
    let error = |name: &str| problems.iter().find(|(f, _)| f == name).map(|(_, m)| *m);
    let select = |name: &'static str, label: Msg, options: Vec<(String, String)>| {
        let id = format!("f-{name}");
        let chosen = value(given, name).to_string();
        let problem = error(name);
        view! {
            <div class="field" class:field-invalid=problem.is_some()>
                <label for=id.clone()>{locale.t(label)}</label>
                {problem.map(|m| view! { <p class="field-error" id=format!("{id}-error")>{locale.t(m)}</p> })}
                <select id=id.clone() name=name class="input-medium"
                    aria-describedby=problem.map(|_| format!("{id}-error"))>
                    <option value="">{locale.t(Msg::AnyChoice)}</option>
                    {options.into_iter().map(|(v, text)| {
                        let selected = v == chosen;
                        view! { <option value=v selected=selected>{text}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    };
    let text = |name: &'static str, label: Msg, inputmode: &'static str| {
        let id = format!("f-{name}");
        let problem = error(name);
        view! {
            <div class="field" class:field-invalid=problem.is_some()>
                <label for=id.clone()>{locale.t(label)}</label>
                {problem.map(|m| view! { <p class="field-error" id=format!("{id}-error")>{locale.t(m)}</p> })}
                <input type="text" id=id.clone() name=name value=value(given, name).to_string() class="input-medium"
                    inputmode=inputmode autocomplete="off"
                    aria-invalid=problem.is_some().then_some("true")
                    aria-describedby=problem.map(|_| format!("{id}-error"))/>
            </div>
        }
    };
    let check = |name: &'static str, label: Msg| {
        let id = format!("f-{name}");
        view! {
            <div class="choice">
                <input type="checkbox" id=id.clone() name=name value="true" checked=value(given, name) == "true"/>
                <label for=id>{locale.t(label)}</label>
            </div>
        }
    };
    let kinds = Kind::ALL
        .iter()
        .map(|k| (k.key().to_string(), locale.t(kind_name(*k)).to_string()))
        .collect();
    let region_options = regions
        .iter()
        .map(|r| (r.id.clone(), r.name(locale).to_string()))
        .collect();
    let tags = Tag::ALL
        .iter()
        .map(|t| (t.key().to_string(), locale.t(tag_name(*t)).to_string()))
        .collect();
    let ecos = EcoBurial::ALL
        .iter()
        .map(|e| (e.key().to_string(), locale.t(eco_name(*e)).to_string()))
        .collect();
    view! {
        <ProblemSummary problems=problems.to_vec() locale/>
        <form method="get" action=format!("{FIND_PATH}#{RESULTS_ANCHOR}") class="filter-form" role="search">
            <div class="filter-grid">
                {select("kind", Msg::FilterKind, kinds)}
                {select("region", Msg::FilterRegion, region_options)}
                {from_select(given, regions, places, locale)}
                {text("q", Msg::FilterText, "text")}
                {select("tag", Msg::FilterTag, tags)}
                {select("eco", Msg::FilterEco, ecos)}
                {text("max_yuan", Msg::FilterMaxYuan, "decimal")}
            </div>
            <fieldset class="field">
                <legend>{locale.t(Msg::FilterMore)}</legend>
                <div class="choices">
                    {check("open_now", Msg::FilterOpenNow)}
                    {check("step_free_entrance", Msg::FilterStepFree)}
                    {check("accessible_toilet", Msg::FilterToilet)}
                </div>
            </fieldset>
            <input type="hidden" name="near" value=value(given, "near").to_string()/>
            <div class="form-actions">
                <button type="submit" class="button button-primary">{locale.t(Msg::FindButton)}</button>
                // Shown by the script only where the browser can tell where the phone is; the
                // position is asked for only when this is tapped.
                <button type="button" id="near-me" class="button button-secondary" hidden=true
                    data-failed=locale.t(Msg::NearMeFailed)>
                    {locale.t(Msg::NearMe)}
                </button>
                <a class="button button-secondary" href=FIND_PATH>{locale.t(Msg::ClearFilters)}</a>
            </div>
            <p id="near-me-status" class="field-error" role="status"></p>
        </form>
        <script src="/near-me.js" defer=true></script>
    }
    .into_any()
}

/// One place in a list: name, kind, open now, distance, address, phone and navigation.
#[component]
pub fn PlaceCard(hit: FacilityHit, locale: Locale) -> impl IntoView {
    let FacilityHit {
        facility,
        distance_m,
        status,
    } = hit;
    let href = format!("{FIND_PATH}/{}", encode(&facility.id));
    let heading = format!("place-{}", facility.id);
    let labelled_by = heading.clone();
    let name = facility.name(locale).to_string();
    let address = facility.address(locale).to_string();
    let kind = locale.t(kind_name(facility.kind));
    let sample = facility.is_sample;
    view! {
        <article class="place-card" aria-labelledby=labelled_by>
            <h3 id=heading><a href=href>{name}</a></h3>
            <p class="place-kind">
                {kind}
                {sample.then(|| view! { " " <span class="sample-tag">{locale.t(Msg::SampleData)}</span> })}
            </p>
            <p class="place-status" class:place-open=status.is_open()>{status_words(status, locale)}</p>
            {distance_m.map(|m| {
                let text = if m < 50.0 {
                    locale.t(Msg::DistanceHere).to_string()
                } else {
                    locale.t_with(Msg::DistanceAway, &[("distance", &distance(m, locale))])
                };
                view! { <p class="place-distance">{text}</p> }
            })}
            <p>{address}</p>
            <ContactLinks facility locale/>
        </article>
    }
}

/// Phone calls and navigation in the map apps people use.
#[component]
pub fn ContactLinks(facility: Facility, locale: Locale) -> impl IntoView {
    let phone = facility
        .phone_24h
        .clone()
        .or_else(|| facility.phones.first().map(|p| p.number.clone()));
    view! {
        <p class="office-links">
            {phone.map(|number| {
                let tel = format!("tel:{}", number.replace('-', ""));
                view! { <a href=tel>{locale.t_with(Msg::CallPlace, &[("phone", &number)])}</a> }
            })}
            {navigation_links(&facility.name_zh, facility.latitude, facility.longitude)
                .into_iter()
                .map(|(label, href)| view! { <a href=href rel="noopener">{locale.t(label)}</a> })
                .collect_view()}
        </p>
    }
}

/// Funeral and cemetery services: what to do after a death, and finding places.
#[component]
pub fn FuneralPage() -> impl IntoView {
    let locale = prefs_context().locale;
    let area = crate::components::area::Area::Funeral;
    view! {
        <Title text=locale.t(area.title())/>
        <h1>{locale.t(area.title())}</h1>
        <p class="lead">{locale.t(area.summary())}</p>
        <p class="actions">
            <a class="button button-primary" href=after_death::GUIDE_PATH>{locale.t(Msg::AfterDeathHeading)}</a>
            <a class="button button-secondary" href=format!("{FIND_PATH}?kind=funeral_home")>{locale.t(Msg::FindFuneralHomes)}</a>
        </p>
        <ul class="link-list">
            <li><a href=format!("{FIND_PATH}?kind=public_cemetery")>{locale.t(Msg::FuneralFind)}</a></li>
            <li><a href=format!("{FIND_PATH}?tag=eco_burial")>{locale.t(Msg::FuneralEco)}</a></li>
            <li><a href=format!("{}#calculator", after_death::GUIDE_PATH)>{locale.t(Msg::WhatWouldBeFree)}</a></li>
        </ul>
    }
}

/// Volunteer and social-work stations.
#[component]
pub fn VolunteerPage() -> impl IntoView {
    let locale = prefs_context().locale;
    let area = crate::components::area::Area::Volunteer;
    view! {
        <Title text=locale.t(area.title())/>
        <h1>{locale.t(area.title())}</h1>
        <p class="lead">{locale.t(Msg::VolunteerIntro)}</p>
        <p class="actions">
            <a class="button button-primary" href=format!("{FIND_PATH}?kind=volunteer_station&open_now=true")>{locale.t(Msg::VolunteerFind)}</a>
            <a class="button button-secondary" href=format!("{FIND_PATH}?kind=social_work_station")>{locale.t(Msg::SocialWorkFind)}</a>
        </p>
    }
}
