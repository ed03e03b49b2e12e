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
    // Old figures are not refused (they may be all there is), but said.
    let today = crate::clock::now().date;
    for (name, text) in &files {
        if let Some(warning) = policy::parse_policy_file(name, text)
            .ok()
            .and_then(|p| p.staleness_warning(today))
        {
            eprintln!("warning: {name}: {warning}");
        }
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

/// `server directory check|load FILE` (`.csv` or `.json`): a facilities file, every row checked;
/// with `store`, saved whole or not at all. A file with any bad row lists each row, field and
/// problem and changes nothing.
pub async fn directory(config: &Config, store: bool, path: &str) -> anyhow::Result<()> {
    use crate::directory::service::{check_file, load_file, LoadError};
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
    let csv = path.to_ascii_lowercase().ends_with(".csv");
    let today = crate::clock::today();
    let db = crate::prepare_store(config).await?;
    let result = if store {
        load_file(&db, &text, csv, today).await
    } else {
        check_file(&db, &text, csv, today).await.map(|f| f.len())
    };
    db.close().await;
    match result {
        Ok(n) if store => println!("{path}: loaded {n} facilities"),
        Ok(n) => println!("{path}: ok ({n} facilities)"),
        Err(LoadError::Problems(problems)) => {
            for p in &problems {
                eprintln!("{path}: {p}");
            }
            anyhow::bail!("{path}: {} problem(s); nothing was loaded", problems.len());
        }
        Err(LoadError::Storage(e)) => return Err(e).context("nothing was loaded"),
    }
    Ok(())
}

/// `server directory export json|csv`: every stored facility, in the import format, to stdout.
pub async fn directory_export(config: &Config, format: &str) -> anyhow::Result<()> {
    let db = crate::prepare_store(config).await?;
    let text = crate::directory::service::export(&db, format == "csv").await;
    db.close().await;
    print!("{}", text?);
    Ok(())
}

/// The first line of standard input, without its line end.
fn read_line() -> anyhow::Result<String> {
    use std::io::BufRead;
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

/// A line typed at the terminal with its echo off (`stty -echo`), which is turned back on
/// whatever happens.
fn read_hidden_line() -> anyhow::Result<String> {
    let stty = |setting: &str| {
        std::process::Command::new("stty")
            .arg(setting)
            .stdin(std::process::Stdio::inherit())
            .status()
            .is_ok_and(|s| s.success())
    };
    if !stty("-echo") {
        anyhow::bail!("cannot hide the password as it is typed (stty); pipe it in instead");
    }
    let line = read_line();
    stty("echo");
    eprintln!();
    line
}

/// `server staff add USER ROLE [OFFICE]`: a staff account; the password is the first line of
/// standard input (there are no default passwords), typed twice and not shown at a terminal.
/// The first admin is made this way.
pub async fn staff_add(
    config: &Config,
    username: &str,
    role: &str,
    office: Option<&str>,
) -> anyhow::Result<()> {
    use app::domain::staff::role::Role;
    use std::io::IsTerminal;
    let role = Role::parse(role).context("the role is admin, registrar or agent")?;
    let password = if std::io::stdin().is_terminal() {
        // Typed at a terminal: not shown, and typed twice.
        eprint!("password for {username} (at least 12 characters; not shown as you type): ");
        let typed = read_hidden_line()?;
        eprint!("the same password again: ");
        if read_hidden_line()? != typed {
            anyhow::bail!("the two passwords differ; no account was added");
        }
        typed
    } else {
        read_line()?
    };
    let password = password.as_str();
    let store = crate::prepare_store(config).await?;
    let line = crate::store::staff::AuditEntry::by_command("account_add", "");
    let result =
        crate::accounts::add_account(&store, username, username, role, office, password, &line)
            .await;
    store.close().await;
    result?;
    println!("added {username} ({})", role.key());
    Ok(())
}

/// Re-seals every sealed value under a new data key, all or nothing. With generated keys the new
/// one is written to `secrets.toml`; with a configured key it is read from `BIANMIN_NEW_DATA_KEY`
/// and must then be set as `BIANMIN_DATA_KEY` on every server. Every server must be stopped
/// first: one still running would seal new values with the old key.
pub async fn keys_rotate(config: &Config) -> anyhow::Result<()> {
    use crate::keys::{Keys, SecretKey};
    let store = crate::prepare_store(config).await?;
    let old = crate::open_cipher(config, &store).await?;
    let new_keys = if config.data_key_in_file {
        let next = Keys {
            secret: config.keys.secret.clone(),
            data: SecretKey::generate(),
        };
        next.write_next(&config.data_dir)?;
        next
    } else {
        let typed = std::env::var("BIANMIN_NEW_DATA_KEY").context(
            "BIANMIN_DATA_KEY is set, so the new key must be given: set BIANMIN_NEW_DATA_KEY \
             (64 hex characters, e.g. from `openssl rand -hex 32`)",
        )?;
        let data = SecretKey::from_hex("BIANMIN_NEW_DATA_KEY", &typed)?;
        if data == config.keys.data {
            anyhow::bail!("BIANMIN_NEW_DATA_KEY is the data key in use; nothing was changed");
        }
        if data == config.keys.secret {
            anyhow::bail!("BIANMIN_NEW_DATA_KEY must differ from BIANMIN_SECRET_KEY");
        }
        Keys {
            secret: config.keys.secret.clone(),
            data,
        }
    };
    let line = crate::store::staff::AuditEntry::by_command("data_key_rotated", "");
    let result = store.rotate_data_key(&old, &new_keys, &line).await;
    store.close().await;
    let resealed = match result {
        Ok(resealed) => resealed,
        Err(error) => {
            if config.data_key_in_file {
                Keys::discard_next(&config.data_dir)?;
            }
            return Err(error).context("nothing was changed");
        }
    };
    println!(
        "re-sealed {} bookings, {} messages and {} second factors under the new data key",
        resealed.bookings, resealed.messages, resealed.second_factors
    );
    if config.data_key_in_file {
        Keys::adopt_next(&config.data_dir)?;
        println!(
            "{} now holds the new data key",
            config.data_dir.join("secrets.toml").display()
        );
    } else {
        println!(
            "set BIANMIN_DATA_KEY to the new key on every server before starting them: \
             the old key no longer opens this database"
        );
    }
    Ok(())
}
