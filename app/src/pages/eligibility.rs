//! The eligibility pre-check's landing page: what the check asks and keeps (nothing), the way in,
//! the programs it covers and the figures in force today in each region, with their sources.

use crate::{
    api::{eligibility::policies_today, regions::list_regions},
    components::{area::Area, error_notice::ErrorNotice, precheck::PRECHECK_PATH},
    domain::{
        eligibility::{
            evaluate::Program,
            evaluate::Value,
            explain::format_value,
            policy::{DatedValue, Param, PolicyInForce},
        },
        region::Region,
    },
    i18n::{Locale, Msg},
    prefs_context,
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn EligibilityPage() -> impl IntoView {
    let locale = prefs_context().locale;
    let area = Area::Eligibility;
    view! {
        <Title text=locale.t(area.title())/>
        <h1>{locale.t(area.title())}</h1>
        <p class="lead">{locale.t(area.summary())}</p>
        <p>{locale.t(Msg::PrecheckBefore)}</p>
        <p><a class="button button-primary button-start" href=PRECHECK_PATH>{locale.t(Msg::StartPrecheck)}</a></p>
        <section aria-labelledby="programs-heading">
            <h2 id="programs-heading">{locale.t(Msg::ProgramsHeading)}</h2>
            <ul class="plain-list">
                {Program::ALL.into_iter().map(|p| view! { <li>{locale.t(p.name())}</li> }).collect_view()}
            </ul>
        </section>
        // Server-only data, awaited in place (see the home page for why not a Resource).
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match (policies_today().await, list_regions().await) {
                    (Ok(policies), Ok(regions)) => view! { <Figures policies regions locale/> }.into_any(),
                    (Err(error), _) | (_, Err(error)) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Figures(policies: Vec<PolicyInForce>, regions: Vec<Region>, locale: Locale) -> impl IntoView {
    let date = policies
        .first()
        .map(|p| p.date.to_string())
        .unwrap_or_default();
    view! {
        <section aria-labelledby="figures-heading">
            <h2 id="figures-heading">{locale.t_with(Msg::FiguresHeading, &[("date", &date)])}</h2>
            <p>{locale.t(Msg::FiguresIntro)}</p>
            <div class="figures">
                // In the order regions are shown; a region without figures for today is left out.
                {regions.iter().filter_map(|region| {
                    let policy = policies.iter().find(|p| p.region == region.id)?;
                    let name = region.name(locale).to_string();
                    let yuan_row = |label: Msg, param: Param| {
                        policy.values.get(&param).cloned().map(|dated| {
                            let text = locale.t_with(Msg::PerPersonMonth, &[("amount", &format_value(Value::Yuan(dated.value)))]);
                            view! { <FigureRow label=locale.t(label) text dated locale/> }
                        })
                    };
                    let tekun = policy.values.get(&Param::TekunMultiplier).cloned().map(|dated| {
                        let text = locale.t_with(Msg::TimesDibao, &[("multiplier", &format_value(Value::Ratio(dated.value)))]);
                        view! { <FigureRow label=locale.t(Msg::FigureTekun) text dated locale/> }
                    });
                    Some(view! {
                        <section class="figure-card" aria-label=name.clone()>
                            <h3>{name.clone()}</h3>
                            <dl>
                                {yuan_row(Msg::FigureDibaoUrban, Param::DibaoStandardUrban)}
                                {yuan_row(Msg::FigureDibaoRural, Param::DibaoStandardRural)}
                                {tekun}
                                {yuan_row(Msg::FigureOrphanScattered, Param::OrphanScatteredMonthly)}
                                {yuan_row(Msg::FigureOrphanInstitution, Param::OrphanInstitutionMonthly)}
                            </dl>
                        </section>
                    })
                }).collect_view()}
            </div>
        </section>
    }
}

/// One figure: its name, value, and either its source document or a sample mark.
#[component]
fn FigureRow(
    label: &'static str,
    text: String,
    dated: DatedValue,
    locale: Locale,
) -> impl IntoView {
    let note = if dated.source.sample {
        view! { <span class="sample-tag">{locale.t(Msg::SampleData)}</span> }.into_any()
    } else {
        view! {
            <span class="figure-source">
                {locale.t(Msg::FigureSource)}<span lang="zh-CN">{dated.source.document}</span>
            </span>
        }
        .into_any()
    };
    view! {
        <dt>{label}</dt>
        <dd><span class="figure-value">{text}</span>" "{note}</dd>
    }
}
