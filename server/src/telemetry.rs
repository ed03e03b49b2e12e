//! Structured logs. Request logs carry the method, the path without its query string, the status
//! and the time taken: never bodies, query strings or cookies, which may hold personal data.

use crate::config::{Config, LogFormat};
use std::io::IsTerminal;
use tracing_subscriber::{fmt, prelude::*, EnvFilter};

pub fn init(config: &Config) {
    let filter = EnvFilter::try_new(&config.log_filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let registry = tracing_subscriber::registry().with(filter);
    let result = match config.log_format {
        LogFormat::Json => registry
            .with(fmt::layer().json().flatten_event(true))
            .try_init(),
        LogFormat::Text => registry
            .with(
                fmt::layer()
                    .compact()
                    .with_ansi(std::io::stdout().is_terminal()),
            )
            .try_init(),
    };
    if result.is_err() {
        eprintln!("bianmin: logging was already set up");
    }
}
