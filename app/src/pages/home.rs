//! The home page: four large entries, the hotline, and the regions served.

use crate::{
    api::regions::list_regions,
    components::{area::Area, error_notice::ErrorNotice},
    i18n::Msg,
    prefs_context, HOTLINE,
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let locale = prefs_context().locale;
    view! {
        <Title text=""/>
        <section class="intro">
            <h1>{locale.t(Msg::HomeHeading)}</h1>
            <p class="lead">{locale.t(Msg::HomeIntro)}</p>
        </section>
        <nav class="areas" aria-label=locale.t(Msg::MainNavLabel)>
            <ul>
                {Area::ALL.into_iter().map(|area| view! {
                    <li>
                        <a class="area-card" href=area.href()>
                            {area.icon()}
                            <span class="area-title">{locale.t(area.title())}</span>
                            <span class="area-summary">{locale.t(area.summary())}</span>
                        </a>
                    </li>
                }).collect_view()}
            </ul>
        </nav>
        <section class="hotline" aria-labelledby="hotline-heading">
            <h2 id="hotline-heading">{locale.t(Msg::HotlineHeading)}</h2>
            <a class="hotline-number" href=format!("tel:{HOTLINE}")>
                <span class="visually-hidden">{locale.t_with(Msg::HotlineCall, &[("hotline", "")])}</span>
                {HOTLINE}
            </a>
            <p>{locale.t(Msg::HotlineNote)}</p>
        </section>
        <section class="regions" aria-labelledby="regions-heading">
            <h2 id="regions-heading">{locale.t(Msg::RegionsHeading)}</h2>
            // Pages render on the server only (islands), so the data is awaited in place: no
            // Resource to track or to serialise into the page. (Resources read under Suspense
            // can stall an SSR response now and then: leptos-rs/leptos #4578, #4851.)
            <Suspense fallback=|| ()>
                {Suspend::new(async move {
                    match list_regions().await {
                        Ok(list) => view! {
                            <ul class="region-list">
                                {list.into_iter().map(|region| {
                                    let sample = region.is_sample.then(|| view! {
                                        <span class="sample-tag">{locale.t(Msg::SampleData)}</span>
                                    });
                                    view! {
                                        <li>
                                            <span class="region-name">{region.name(locale).to_string()}</span>
                                            " "
                                            <span class="region-province">{region.province(locale).to_string()}</span>
                                            {sample}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
