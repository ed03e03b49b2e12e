//! The HTML document, the routes, and the per-request preferences and security policy.

use crate::{
    components::{footer::SiteFooter, header::SiteHeader},
    domain::prefs::Prefs,
    i18n::Msg,
    pages::{
        directory::{
            after_death::AfterDeathPage, place::PlacePage, FindPage, FuneralPage, VolunteerPage,
        },
        eligibility::EligibilityPage,
        help::HelpPage,
        home::HomePage,
        marriage::{
            book::{BookPage, BookedPage},
            manage::ManagePage,
            MarriagePage,
        },
        not_found::NotFoundPage,
        precheck::PrecheckPage,
        privacy::PrivacyPage,
        staff::{
            admin::{AccountsPage, AuditPage, KiosksPage},
            agent::{AgentPage, AgentPrecheckPage},
            desk::DeskPage,
            security::SecurityPage,
            EnrolPage, SignInPage, StaffHomePage,
        },
    },
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The visitor's preferences for this request (from cookies), or the defaults.
pub fn prefs_context() -> Prefs {
    use_context::<Prefs>().unwrap_or_default()
}

/// The whole HTML document, rendered on the server.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    use leptos::nonce::use_nonce;
    use leptos_meta::{HashedStylesheet, MetaTags};

    let mut prefs = use_context::<http::request::Parts>()
        .and_then(|parts| parts.headers.get(http::header::COOKIE).cloned())
        .and_then(|value| value.to_str().ok().map(Prefs::from_cookie_header))
        .unwrap_or_default();
    let kiosk = crate::api::staff::kiosk_device();
    // A kiosk starts every visit with large text.
    if kiosk.is_some() && !prefs.text_size_chosen {
        prefs.text_size = crate::domain::prefs::TextSize::Large;
    }
    provide_context(prefs);
    let staff = crate::api::staff::staff_identity();
    let html_class = match &kiosk {
        Some(_) => format!("{} kiosk", prefs.html_class()),
        None => prefs.html_class(),
    };
    let body_visit = kiosk.as_ref().map(|k| k.visit.clone());
    // Kiosks and staff pages run their behaviour as islands; elsewhere only the pages that
    // carry one load the WebAssembly, and read-aloud names it for its first press.
    let has_islands = kiosk.is_some()
        || staff.is_some()
        || use_context::<http::request::Parts>()
            .is_some_and(|parts| ISLAND_PAGES.contains(&parts.uri.path()));
    if !has_islands {
        let (js, wasm) = module_files(&options);
        provide_context(crate::components::read_aloud::OnDemandModule { js, wasm });
    }
    let resuming = use_context::<http::request::Parts>()
        .is_some_and(|parts| parts.uri.path() == crate::components::precheck::PRECHECK_PATH);
    let training = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<TrainingNow>().copied())
        .map(|t| t.0);
    // The server's middleware makes each response's script nonce and sets the matching
    // Content-Security-Policy header itself, so the page's inline scripts carry that nonce.
    if let Some(nonce) = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned())
    {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }

    view! {
        <!DOCTYPE html>
        <html lang=prefs.locale.tag() class=html_class>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <meta name="description" content=prefs.locale.t(Msg::HomeIntro)/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                {match use_context::<InlineStyle>() {
                    Some(style) => view! {
                        <style nonce=use_nonce() inner_html=style.0.to_string()></style>
                    }.into_any(),
                    None => view! { <HashedStylesheet options=options.clone() id="leptos"/> }.into_any(),
                }}
                {has_islands.then(|| view! {
                    <AutoReload options=options.clone()/>
                    {wake_islands(&options)}
                })}
                <MetaTags/>
                {resuming.then(|| view! {
                    <script nonce=use_nonce() inner_html=crate::components::precheck::RESUMING_SCRIPT></script>
                })}
                <script src="/page.js" defer></script>
            </head>
            <body
                data-visit=body_visit.clone()
                data-kiosk-idle=body_visit.as_ref().map(|_| "60")
                data-kiosk-grace=body_visit.as_ref().map(|_| "30")
            >
                {training.map(|now| view! {
                    <p class="training-banner" role="note">
                        {prefs.locale.t_with(Msg::TrainingServer, &[("now", &format!(
                            "{} {}", now.date, crate::domain::booking::words::time(now)
                        ))])}
                    </p>
                })}
                <App/>
                {kiosk.map(|_| crate::components::kiosk::kiosk_parts(prefs.locale))}
            </body>
        </html>
    }
}

/// The script that wakes the page's islands (`wake_islands.js`): leptos' `HydrationScripts` for
/// islands, less its preload links (which fetched the WebAssembly ahead of the page's own paint)
/// and its lazy islands' preloads (each island's chunk is fetched when it wakes).
#[cfg(feature = "ssr")]
fn wake_islands(options: &LeptosOptions) -> impl IntoView {
    use leptos::nonce::use_nonce;
    // As `HydrationScripts` does for islands: outside an island nothing is hydrated, so the
    // rest of the page carries no hydration markers.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let (js, wasm) = module_files(options);
    let script = format!("{}({js:?}, {wasm:?});", include_str!("wake_islands.js"));
    view! { <script type="module" nonce=use_nonce() inner_html=script></script> }
}

/// The app's JavaScript module and WebAssembly under the site root, with the hashes cargo-leptos
/// put in their names (as `HydrationScripts` finds them).
#[cfg(feature = "ssr")]
fn module_files(options: &LeptosOptions) -> (String, String) {
    static FILES: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();
    FILES
        .get_or_init(|| {
            let mut js = options.output_name.to_string();
            let mut wasm = js.clone();
            if options.hash_files {
                let hashes = std::env::current_exe()
                    .ok()
                    .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())))
                    .and_then(|path| std::fs::read_to_string(path).ok())
                    .unwrap_or_default();
                for (file, hash) in hashes.lines().filter_map(|l| l.trim().split_once(':')) {
                    match file {
                        "js" => js = format!("{js}.{}", hash.trim()),
                        "wasm" => wasm = format!("{wasm}.{}", hash.trim()),
                        _ => {}
                    }
                }
            } else if option_env!("LEPTOS_OUTPUT_NAME").is_none() {
                wasm.push_str("_bg");
            }
            let pkg = &options.site_pkg_dir;
            (format!("/{pkg}/{js}.js"), format!("/{pkg}/{wasm}.wasm"))
        })
        .clone()
}

/// The pages that carry an island for everyone, and so load the WebAssembly and its hydration
/// script; kiosks and signed-in staff load them on every page. Every other page ships neither
/// (its few enhancements are `public/page.js`).
pub const ISLAND_PAGES: &[&str] = &[crate::components::precheck::PRECHECK_PATH];

/// A training server's clock at this request (`BIANMIN_TRAINING_CLOCK`), put in the request's
/// extensions by the server so every page says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrainingNow(pub crate::domain::booking::moment::Moment);

/// The site's style sheet, put in every page (with the response's nonce) instead of linked.
/// The server reads it from the site folder at start; without it pages link to the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlineStyle(pub std::sync::Arc<str>);

/// A response's script nonce, put in the request's extensions by the server's middleware so the
/// page's inline scripts and the `Content-Security-Policy` header agree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CspNonce(pub String);

/// The policy text for HTML pages, given the response's script nonce and the map tiles' origin.
pub fn content_security_policy(nonce: &str, tiles: Option<&str>) -> String {
    let tiles = tiles.map(|t| format!(" {t}")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'nonce-{nonce}'; img-src 'self' data:{tiles}; font-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The app: header, routed main content, footer.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let locale = prefs_context().locale;
    let site = format!(
        "{} · {}",
        locale.t(Msg::SiteName),
        locale.t(Msg::SiteTagline)
    );

    view! {
        <Title formatter=move |page: String| {
            if page.is_empty() { site.clone() } else { format!("{page} · {site}") }
        }/>
        <a class="skip-link" href="#main">{locale.t(Msg::SkipToContent)}</a>
        <Router>
            <SiteHeader/>
            <main id="main" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/eligibility") view=EligibilityPage ssr=SsrMode::Async/>
                    <Route path=path!("/eligibility/check") view=PrecheckPage ssr=SsrMode::Async/>
                    <Route path=path!("/marriage") view=MarriagePage ssr=SsrMode::Async/>
                    <Route path=path!("/marriage/book") view=BookPage ssr=SsrMode::Async/>
                    <Route path=path!("/marriage/manage") view=ManagePage ssr=SsrMode::Async/>
                    <Route path=path!("/marriage/booked") view=BookedPage ssr=SsrMode::Async/>
                    <Route path=path!("/funeral") view=FuneralPage ssr=SsrMode::Async/>
                    <Route path=path!("/funeral/after-a-death") view=AfterDeathPage ssr=SsrMode::Async/>
                    <Route path=path!("/volunteer") view=VolunteerPage ssr=SsrMode::Async/>
                    <Route path=path!("/places") view=FindPage ssr=SsrMode::Async/>
                    <Route path=path!("/places/:id") view=PlacePage ssr=SsrMode::Async/>
                    <Route path=path!("/help") view=HelpPage ssr=SsrMode::Async/>
                    <Route path=path!("/privacy") view=PrivacyPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff") view=StaffHomePage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/sign-in") view=SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/desk") view=DeskPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/agent") view=AgentPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/agent/precheck") view=AgentPrecheckPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/accounts") view=AccountsPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/kiosks") view=KiosksPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/audit") view=AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/security") view=SecurityPage ssr=SsrMode::Async/>
                    <Route path=path!("/kiosk/enrol") view=EnrolPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <SiteFooter/>
        </Router>
    }
}
