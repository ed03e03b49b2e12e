//! Staff commands run from the shell.

use crate::{config::Config, policy};
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
