//! The whole application as one router: every URL declared once, by area (the app's public
//! pages, the booking forms, the staff pages, the JSON API, files and health checks), with
//! compression, caching, security headers and limits around them.

use crate::{
    backend, rest,
    state::AppState,
    web::{booking, calendar, client, errors, headers, health, page, precheck, prefs},
};
use anyhow::Context;
use app::{shell, App};
use axum::{
    body::Body,
    extract::Request,
    http::{header, HeaderValue},
    response::IntoResponse,
    routing::{get, post},
    Router,
};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, handle_server_fns_with_context, LeptosRoutes};
use std::{net::SocketAddr, path::PathBuf, time::Duration};
use tower::ServiceBuilder;
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::CompressionLayer,
    limit::RequestBodyLimitLayer,
    services::ServeDir,
    set_header::SetResponseHeaderLayer,
    timeout::TimeoutLayer,
    trace::{DefaultOnResponse, TraceLayer},
};

/// Largest request body accepted: forms and JSON here are small.
pub const BODY_LIMIT_BYTES: usize = 256 * 1024;

/// Leptos settings from the environment, with defaults that let `target/release/server` run from
/// the repository root without cargo-leptos: hashed file names are used when the build left
/// its `hash.txt` next to the binary.
pub fn leptos_options(listen: SocketAddr) -> anyhow::Result<LeptosOptions> {
    let mut options = leptos::config::get_configuration(None)
        .context("Leptos configuration")?
        .leptos_options;
    options.site_addr = listen;
    if std::env::var("LEPTOS_HASH_FILES").is_err() {
        let hash_file = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())));
        options.hash_files = hash_file.is_some_and(|path| path.exists());
    }
    if options.output_name.is_empty() {
        options.output_name = "bianmin".into();
    }
    Ok(options)
}

/// The whole application as one router.
pub fn router(state: AppState) -> Router {
    let state_for_layers = state.clone();
    let proxies = state.trusted_proxies.clone();
    let header_policy = headers::HeaderPolicy {
        tiles: state.map.as_ref().and_then(|m| m.origin()),
        hsts_seconds: state.hsts_seconds,
    };
    let options = state.leptos_options.clone();
    // Staff pages are declared in `staff::gate::router` (behind their role layers); the app's
    // route list declares the public pages.
    let routes: Vec<_> = generate_route_list(App)
        .into_iter()
        .filter(|route| !route.path().starts_with("/staff"))
        .collect();
    let backend = backend::build(
        &state.store,
        &state.policies,
        &state.desk,
        &state.directory,
        state.map.clone(),
    );
    let css_href = errors::stylesheet_href(&options);
    // Pages carry the style sheet inline (it is about 6 KB compressed): a phone on a slow network
    // paints the page without waiting for a second request.
    let inline_style = std::fs::read_to_string(
        PathBuf::from(options.site_root.as_ref()).join(css_href.trim_start_matches('/')),
    )
    .ok()
    .map(|css| app::InlineStyle(css.into()));
    if inline_style.is_none() {
        tracing::warn!(%css_href, "the style sheet is not in the site folder; pages link to it instead");
    }
    let context = {
        let backend = backend.clone();
        move || {
            provide_context(backend.clone());
            if let Some(style) = &inline_style {
                provide_context(style.clone());
            }
        }
    };
    let pages = page::Pages::new(context.clone(), options.clone());

    let pkg_dir = PathBuf::from(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let pkg_cache = if options.hash_files {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let pkg = ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static(pkg_cache),
        ))
        .service(
            ServeDir::new(pkg_dir)
                .precompressed_br()
                .precompressed_gzip(),
        );

    let routes = Router::new()
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .merge(booking::router())
        .merge(crate::staff::gate::router(&state))
        .route("/fn/{*name}", post(server_fn).get(server_fn))
        .route("/prefs", post(prefs::set_preferences))
        .route("/marriage/booking.ics", get(calendar::booking_ics))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .merge(rest::router())
        .nest_service(&format!("/{}", options.site_pkg_dir), pkg)
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(axum::Extension(pages))
        .layer(axum::Extension(backend))
        .with_state(state);
    // Posted forms of the pre-check and booking pages become page requests before routing
    // (pages answer GET).
    let gated = ServiceBuilder::new()
        .layer(axum::middleware::from_fn_with_state(
            state_for_layers.clone(),
            crate::staff::kiosk::kiosk_mode,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state_for_layers.clone(),
            booking::booking_pages,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state_for_layers.clone(),
            precheck::form_pages,
        ))
        .layer(axum::middleware::from_fn(training_clock))
        .service(routes);
    Router::new().fallback_service(gated).layer(
        ServiceBuilder::new()
            // First of all: who the client is, and forwarded headers only from trusted proxies.
            .layer(axum::middleware::from_fn_with_state(
                proxies,
                client::resolve_client,
            ))
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(headers::request_span)
                    .on_request(())
                    .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
            )
            // The security headers wrap the panic page too.
            .layer(axum::middleware::from_fn_with_state(
                header_policy,
                headers::security_and_cache_headers,
            ))
            .layer(CatchPanicLayer::custom(move |_| {
                errors::panic_page(&css_href)
            }))
            .layer(CompressionLayer::new().br(true).gzip(true))
            .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
            .layer(TimeoutLayer::with_status_code(
                http::StatusCode::REQUEST_TIMEOUT,
                Duration::from_secs(30),
            )),
    )
}

async fn server_fn(
    axum::Extension(backend): axum::Extension<app::api::backend::Backend>,
    request: Request<Body>,
) -> impl IntoResponse {
    handle_server_fns_with_context(move || provide_context(backend.clone()), request).await
}

/// On a training server, tells the pages the training clock's time so every page says so.
async fn training_clock(
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if crate::clock::on_training_clock() {
        request
            .extensions_mut()
            .insert(app::TrainingNow(crate::clock::now()));
    }
    next.run(request).await
}
