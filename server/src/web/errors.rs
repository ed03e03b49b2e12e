//! The 500 page for a handler that panicked, in the site's style, in both languages.

use app::{
    error::new_reference,
    i18n::{Locale, Msg},
    HOTLINE,
};
use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use leptos::prelude::LeptosOptions;

/// The style sheet URL, hashed when the build hashed it.
pub fn stylesheet_href(options: &LeptosOptions) -> String {
    let mut name = options.output_name.to_string();
    if options.hash_files {
        let hashes = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|d| d.join(options.hash_file.as_ref())))
            .and_then(|path| std::fs::read_to_string(path).ok())
            .unwrap_or_default();
        if let Some(hash) = hashes.lines().find_map(|l| l.trim().strip_prefix("css:")) {
            name = format!("{name}.{}", hash.trim());
        }
    }
    format!("/{}/{name}.css", options.site_pkg_dir)
}

pub fn panic_page(css_href: &str) -> Response {
    let reference = new_reference();
    tracing::error!(%reference, "a request handler panicked");
    apology_page(css_href, &reference)
}

/// The apology for an internal error already logged under `reference`: a short page in both
/// languages with the reference to read to the hotline.
pub fn apology_page(css_href: &str, reference: &str) -> Response {
    let section = |locale: Locale| {
        format!(
            "<section lang=\"{lang}\"><h1>{heading}</h1><p>{body}</p><p class=\"reference\">{reference}</p></section>",
            lang = locale.tag(),
            heading = locale.t(Msg::ErrorHeading),
            body = locale.t_with(Msg::ErrorBody, &[("hotline", HOTLINE)]),
            reference = locale.t_with(Msg::ErrorReference, &[("reference", reference)]),
        )
    };
    let html = format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"{css_href}\"></head>\
         <body><main id=\"main\" class=\"error-page\">{zh}{en}<p><a class=\"button-link\" href=\"/\">{home}</a></p></main></body></html>",
        title = Locale::ZhCn.t(Msg::ErrorHeading),
        zh = section(Locale::ZhCn),
        en = section(Locale::En),
        home = Locale::ZhCn.t(Msg::BackHome),
    );
    let mut response = (StatusCode::INTERNAL_SERVER_ERROR, html).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_panic_page_apologises_in_both_languages_with_a_reference() {
        use http_body_util::BodyExt;
        let response = panic_page("/pkg/bianmin.css");
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(response.headers()[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let html = String::from_utf8(body.to_vec()).unwrap();
        assert!(html.contains("抱歉，出了点问题") && html.contains("Sorry, something went wrong"));
        assert!(
            html.contains(r#"href="/pkg/bianmin.css""#),
            "styled like the rest of the site"
        );
        let reference = html
            .split("参考编号：")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap();
        assert_eq!(reference.len(), 10);
        assert!(
            html.contains(&format!("Reference: {reference}")),
            "the same reference in both languages"
        );
    }
}
