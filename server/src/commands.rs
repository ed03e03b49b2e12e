//! Staff commands run from the shell.

use crate::{booking::files, config::Config, policy};
use anyhow::Context;

/// `server policy check|load FILE...`: checks every file; with `store`, saves them all or none.
pub async fn policy(config: &Config, store: bool, paths: &[&str]) -> anyhow::Result<()> {
    let mut files = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
        files.push((path.to_string(), text));
    }
    if !store {
        let mut problems = Vec::new();
        for (name, text) in &files {
            match policy::parse_policy_file(name, text) {
                Ok(p) => println!("{name}: ok ({})", p.region),
                Err(e) => problems.extend(e.problems),
            }
        }
        anyhow::ensure!(problems.is_empty(), "{}", problems.join("\n"));
        return Ok(());
    }
    let store = crate::prepare_store(config).await?;
    let regions = policy::load_policy_files(&store, &files)
        .await
        .context("nothing was loaded")?;
    store.close().await;
    println!("loaded: {}", regions.join(", "));
    Ok(())
}

/// `server booking check|load FILE...`: registry office and holiday files, checked whole; with
/// `store`, saved all or none (offices must belong to regions the deployment serves).
pub async fn booking(config: &Config, store: bool, paths: &[&str]) -> anyhow::Result<()> {
    let mut loaded = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
        loaded.push((path.to_string(), text));
    }
    if !store {
        let mut problems = Vec::new();
        for (name, text) in &loaded {
            match files::parse_booking_file(name, text) {
                Ok(files::BookingFile::Offices(o)) => println!("{name}: ok ({} offices)", o.len()),
                Ok(files::BookingFile::Holidays(y)) => println!("{name}: ok ({} years)", y.len()),
                Err(e) => problems.extend(e.problems),
            }
        }
        anyhow::ensure!(problems.is_empty(), "{}", problems.join("\n"));
        return Ok(());
    }
    let store = crate::prepare_store(config).await?;
    let result = files::load_booking_files(&store, &loaded).await;
    store.close().await;
    let what = result.context("nothing was loaded")?;
    println!("loaded: {}", what.join(", "));
    Ok(())
}
