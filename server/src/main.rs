//! The `server` binary: serves Bianmin, or runs a staff command.
//!
//! ```text
//! server                          serve (the default)
//! server policy check FILE...     check region policy files, change nothing
//! server policy load FILE...      check and store them; all or none
//! server booking check FILE...    check registry office and holiday files, change nothing
//! server booking load FILE...     check and store them; all or none
//! server directory check FILE      check a facilities file (.csv or .json), change nothing
//! server directory load FILE       check and store it; every row or none
//! server directory export json|csv write every facility in the import format
//! server staff add USER ROLE [OFFICE] add a staff account (admin, registrar with its office,
//!                                   or agent); the password is read from standard input
//! server keys rotate              re-seal all personal data under a new data key (servers
//!                                   stopped): generated into secrets.toml, or BIANMIN_NEW_DATA_KEY
//! ```

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match server::config::Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("bianmin: configuration error: {error:#}");
            return ExitCode::from(2);
        }
    };
    server::telemetry::init(&config);
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] | ["serve"] => server::serve(config).await,
        ["policy", action @ ("check" | "load"), files @ ..] if !files.is_empty() => {
            server::commands::policy(&config, action == &"load", files).await
        }
        ["booking", action @ ("check" | "load"), files @ ..] if !files.is_empty() => {
            server::commands::booking(&config, action == &"load", files).await
        }
        ["directory", action @ ("check" | "load"), file] => {
            server::commands::directory(&config, action == &"load", file).await
        }
        ["directory", "export", format @ ("json" | "csv")] => {
            server::commands::directory_export(&config, format).await
        }
        ["staff", "add", user, role, office @ ..] if office.len() <= 1 => {
            server::commands::staff_add(&config, user, role, office.first().copied()).await
        }
        ["keys", "rotate"] => server::commands::keys_rotate(&config).await,
        _ => {
            eprintln!(
                "usage: server [serve] | server policy check|load FILE... | server booking check|load FILE... | server directory check|load FILE | server directory export json|csv | server staff add USER admin|registrar|agent [OFFICE] | server keys rotate"
            );
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("bianmin: {error:#}");
            ExitCode::FAILURE
        }
    }
}
