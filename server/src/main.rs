//! The `server` binary: reads the configuration and serves Bianmin.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let config = match server::config::Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("bianmin: configuration error: {error:#}");
            return ExitCode::from(2);
        }
    };
    server::telemetry::init(&config);
    match server::serve(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(
                error = format!("{error:#}"),
                "bianmin stopped with an error"
            );
            ExitCode::FAILURE
        }
    }
}
