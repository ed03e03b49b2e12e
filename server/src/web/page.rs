//! Rendering a page from a form handler: when a posted form changed nothing, its handler renders
//! the page that was posted, as its GET would, with what went wrong in the request's extensions.

use axum::{
    body::Body,
    extract::Request,
    http::{header, request::Parts, Method, StatusCode},
    response::{IntoResponse, Response},
};
use leptos::prelude::*;
use std::{future::Future, pin::Pin, sync::Arc};

type Render =
    dyn Fn(Request<Body>) -> Pin<Box<dyn Future<Output = Response<Body>> + Send>> + Send + Sync;

/// The app's pages, rendered whole (as the routes with `SsrMode::Async` are).
#[derive(Clone)]
pub struct Pages {
    render: Arc<Render>,
    css_href: Arc<str>,
}

impl Pages {
    pub fn new(
        context: impl Fn() + Clone + Send + Sync + 'static,
        options: LeptosOptions,
    ) -> Pages {
        let context = move || {
            provide_context(leptos_router::Method::Get);
            context();
        };
        let css_href = super::errors::stylesheet_href(&options).into();
        Pages {
            render: Arc::new(leptos_axum::render_app_async_with_context(
                context,
                move || app::shell(options.clone()),
            )),
            css_href,
        }
    }

    /// The apology for an internal error already logged under `reference`.
    pub fn apology(&self, reference: &str) -> Response {
        super::errors::apology_page(&self.css_href, reference)
    }

    /// The page for an internal error (already logged with its reference), or for a booking
    /// that is not there.
    pub fn error(&self, error: app::error::AppError) -> Response {
        match error {
            app::error::AppError::Internal { reference } => {
                super::errors::apology_page(&self.css_href, &reference)
            }
            _ => StatusCode::NOT_FOUND.into_response(),
        }
    }

    /// The page at the request's address with `status`; what the page needs to show (a refused
    /// form) travels in `parts.extensions`.
    pub async fn render(&self, mut parts: Parts, status: StatusCode) -> Response {
        parts.method = Method::GET;
        parts.headers.remove(header::CONTENT_TYPE);
        parts.headers.remove(header::CONTENT_LENGTH);
        let mut response = (self.render)(Request::from_parts(parts, Body::empty())).await;
        if response.status().is_success() {
            *response.status_mut() = status;
        }
        response
    }
}
