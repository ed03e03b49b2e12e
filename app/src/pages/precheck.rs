//! The question-by-question pre-check. Without JavaScript each screen posts, and the server keeps
//! the answers (sealed, for half an hour) and sends the browser to the next screen's own address,
//! which renders here; with JavaScript the island does the same in the browser.

use crate::components::form::submitted_form;
use crate::{
    api::{directory::directory, eligibility::policies_dated, regions::list_regions},
    components::{
        error_notice::ErrorNotice,
        precheck::{ApplyOffice, Precheck, PrecheckSetup, RegionChoice},
    },
    domain::directory::{facility::Kind, search::MAX_LIMIT, words::hours_lines},
    domain::eligibility::questions::{Answers, Step, Wizard},
    i18n::Msg,
    prefs_context,
};
use leptos::prelude::*;
use leptos_meta::Title;

/// The submitted form of this request, and the site's address as the browser sees it.
fn request_form_and_origin() -> (Option<Vec<(String, String)>>, String) {
    (submitted_form(), request_origin())
}

/// The site's address as the browser sees it (behind a proxy, from its forwarded headers), for
/// links that leave the page: QR codes and shared links.
pub fn request_origin() -> String {
    #[cfg(feature = "ssr")]
    {
        let parts = use_context::<http::request::Parts>();
        let header = |name: &str| {
            parts
                .as_ref()
                .and_then(|p| p.headers.get(name))
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let scheme = header("x-forwarded-proto").unwrap_or_else(|| "http".into());
        let host = header("x-forwarded-host")
            .or_else(|| header("host"))
            .unwrap_or_else(|| "localhost".into());
        format!("{scheme}://{host}")
    }
    #[cfg(not(feature = "ssr"))]
    String::new()
}

/// What the pre-check needs besides the answers: the regions with figures in force today, every
/// region's dated figures (without their documents' names), the street offices where residents
/// apply, the site's address and title.
pub async fn precheck_setup(
    locale: crate::i18n::Locale,
    origin: String,
) -> Result<PrecheckSetup, crate::error::AppError> {
    let directory = directory();
    let (today, policies) = policies_dated().await?;
    let regions = list_regions()
        .await?
        .iter()
        .filter(|r| {
            policies
                .iter()
                .any(|p| p.region == r.id && p.in_force(today).is_ok())
        })
        .map(|r| RegionChoice {
            id: r.id.clone(),
            name: r.name(locale).to_string(),
        })
        .collect();
    // The island needs the figures, not their documents' names.
    let policies = policies
        .into_iter()
        .map(|mut policy| {
            for value in policy.values.values_mut().flatten() {
                value.source.document.clear();
                value.source.seed = None;
            }
            policy
        })
        .collect();
    // Every street office, a page of results at a time.
    let mut hits = Vec::new();
    loop {
        let page = directory
            .find(vec![
                ("kind".into(), Kind::StreetOffice.key().into()),
                ("limit".into(), MAX_LIMIT.to_string()),
                ("offset".into(), hits.len().to_string()),
            ])
            .await?
            .unwrap_or_default();
        let done = page.hits.is_empty() || hits.len() + page.hits.len() >= page.total;
        hits.extend(page.hits);
        if done {
            break;
        }
    }
    let mut offices: Vec<ApplyOffice> = hits
        .into_iter()
        .map(|hit| {
            let f = hit.facility;
            ApplyOffice {
                street: f.street(locale).to_string(),
                name: f.name(locale).to_string(),
                address: f.address(locale).to_string(),
                phones: f
                    .phones
                    .iter()
                    .map(|p| (p.label(locale).to_string(), p.number.clone()))
                    .collect(),
                hours: hours_lines(&f.hours, locale),
                is_sample: f.is_sample,
                region: f.region,
                id: f.id,
            }
        })
        .collect();
    offices.sort_by(|a, b| (&a.region, &a.street).cmp(&(&b.region, &b.street)));
    let site_title = format!(
        "{} · {}",
        locale.t(Msg::SiteName),
        locale.t(Msg::SiteTagline)
    );
    Ok(PrecheckSetup {
        locale,
        regions,
        policies,
        today,
        offices,
        origin,
        site_title,
    })
}

#[component]
pub fn PrecheckPage() -> impl IntoView {
    let locale = prefs_context().locale;
    let (form, origin) = request_form_and_origin();
    let shown = crate::components::precheck::precheck_shown();
    view! {
        <h1>{locale.t(Msg::PrecheckTitle)}</h1>
        // Shown instead of the first question while answers in the address's fragment are
        // reopened (see `RESUMING_SCRIPT`), so the page does not jump from a question to the result.
        <p class="precheck-resuming" role="status">{locale.t(Msg::PrecheckResuming)}</p>
        // Server-only data, awaited in place (see the home page for why not a Resource).
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match precheck_setup(locale, origin).await {
                    Ok(setup) => {
                        let regions = setup.region_ids();
                        let start = match (form, shown) {
                            (Some(pairs), _) => Wizard::submit(&pairs, &regions),
                            (None, Some(shown)) => Wizard::shown(
                                Answers::from_pairs(shown.answers.iter().map(|(k, v)| (k.as_str(), v.as_str()))),
                                Step::parse(&shown.step),
                                shown.returning,
                                shown.checked,
                                &regions,
                            ),
                            (None, None) => Wizard::start(),
                        };
                        let title = setup.page_title(&start);
                        view! {
                            <Title text=title/>
                            // The texts the island shows, in the page's language (the
                            // WebAssembly does not carry them).
                            {crate::i18n::browser_texts(locale)}
                            <Precheck setup start/>
                        }
                        .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
