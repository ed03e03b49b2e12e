//! `make crash-test`: bookings survive the server being killed. Under booking load (16 clients
//! booking through the API with an integrator key, over every office's places), the release server is killed with SIGKILL
//! again and again (`BIANMIN_CRASH_KILLS`, 10 by default; loopback only), restarted each time.
//! Then every booking that was answered 201 must be in the database, the database must pass its
//! integrity check, and no slot may hold more or fewer bookings than it counts.
//!
//! SQLite by default (a fresh data directory); PostgreSQL when `BIANMIN_CRASH_DATABASE_URL`
//! names a database (only the server is killed, never the database).
//!
//! ```sh
//! cargo run --release -p server --example crash_test   # after the release build
//! ```

use anyhow::Context;
use app::domain::booking::id_number::check_character;
use server::{keys::Keys, store::Store};
use std::{
    process::{Child, Command, Stdio},
    sync::{
        atomic::{AtomicU32, Ordering},
        Arc, Mutex,
    },
    time::Duration,
};

const CLIENTS: usize = 16;

#[tokio::main]
async fn main() {
    if let Err(error) = run().await {
        eprintln!("crash test: {error:#}");
        std::process::exit(1);
    }
}

async fn run() -> anyhow::Result<()> {
    let kills: u32 = std::env::var("BIANMIN_CRASH_KILLS")
        .ok()
        .and_then(|k| k.parse().ok())
        .unwrap_or(10);
    let binary = std::env::var("BIANMIN_CRASH_SERVER")
        .unwrap_or_else(|_| "target/release/server".to_string());
    let dir = tempfile::tempdir()?;
    let port = free_port()?;
    let base = format!("http://127.0.0.1:{port}");
    let postgres = std::env::var("BIANMIN_CRASH_DATABASE_URL").ok();
    let database_url = postgres
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}/bianmin.sqlite3", dir.path().display()));
    // PostgreSQL needs the keys named; SQLite makes its own in the data directory.
    let keys = postgres.as_ref().map(|_| {
        (
            hex::encode(rand::random::<[u8; 32]>()),
            hex::encode(rand::random::<[u8; 32]>()),
        )
    });
    let start = || -> anyhow::Result<Child> {
        let mut command = Command::new(&binary);
        command
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("DATABASE_URL", &database_url)
            .env("BIANMIN_DATA_DIR", dir.path())
            .env("BIANMIN_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        if let Some((secret, data)) = &keys {
            command
                .env("BIANMIN_SECRET_KEY", secret)
                .env("BIANMIN_DATA_KEY", data);
        }
        Ok(command.spawn()?)
    };
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()?;

    // First start: the server makes the database and the sample offices.
    let mut server = start()?;
    wait_ready(&http, &base).await?;
    let store = Store::open(&database_url).await?;
    let keys = match &keys {
        Some((secret, data)) => Keys {
            secret: server::keys::SecretKey::from_hex("secret key", secret)?,
            data: server::keys::SecretKey::from_hex("data key", data)?,
        },
        None => Keys::load_or_generate(dir.path())?,
    };
    let cipher = store
        .data_cipher(&keys)
        .await?
        .context("the data key does not open the database")?;
    let (_, key) = server::integrators::issue(
        &store,
        &cipher,
        "crash test",
        &server::store::staff::AuditEntry::by_command("integrator_key_issue", "crash test"),
    )
    .await?;
    let slots = bookable_slots(&http, &base).await?;
    anyhow::ensure!(!slots.is_empty(), "no bookable slot");

    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let next_person = Arc::new(AtomicU32::new(0));
    for round in 0..=kills {
        if round > 0 {
            server = start()?;
            wait_ready(&http, &base).await?;
        }
        let clients: Vec<_> = (0..CLIENTS)
            .map(|_| {
                let (http, base, key) = (http.clone(), base.clone(), key.clone());
                let (slots, acknowledged, next) =
                    (slots.clone(), acknowledged.clone(), next_person.clone());
                tokio::spawn(async move {
                    // Books until the server stops answering.
                    loop {
                        let n = next.fetch_add(1, Ordering::Relaxed);
                        let (office, slot) = &slots[n as usize % slots.len()];
                        let body = serde_json::json!({
                            "office_id": office,
                            "service": "marriage",
                            "slot_start": slot,
                            "people": couple(n),
                        });
                        let sent = http
                            .post(format!("{base}/api/v1/bookings"))
                            .bearer_auth(&key)
                            .header("idempotency-key", format!("crash-{n}"))
                            .json(&body)
                            .send()
                            .await;
                        let Ok(reply) = sent else { break };
                        if reply.status() == reqwest::StatusCode::CREATED {
                            let Ok(booked) = reply.json::<serde_json::Value>().await else {
                                break;
                            };
                            if let Some(code) = booked["code"].as_str() {
                                acknowledged.lock().unwrap().push(code.to_string());
                            }
                        }
                    }
                })
            })
            .collect();
        if round < kills {
            // Killed at a moment under load, as a power cut or the OOM killer would.
            let pause = 400 + rand::random::<u64>() % 800;
            tokio::time::sleep(Duration::from_millis(pause)).await;
            server.kill()?;
            server.wait()?;
        } else {
            tokio::time::sleep(Duration::from_millis(800)).await;
            server.kill()?;
            server.wait()?;
        }
        for client in clients {
            let _ = client.await;
        }
    }

    // Every answered booking is there, and every slot counts exactly its bookings.
    let acknowledged = acknowledged.lock().unwrap().clone();
    let mut found = 0;
    for code in &acknowledged {
        if store
            .booking(code)
            .await?
            .is_some_and(|b| b.status == "confirmed")
        {
            found += 1;
        }
    }
    let lost = acknowledged.len() - found;
    let (integrity, mismatched) = match &store {
        Store::Sqlite(_) => {
            let pool = sqlx::SqlitePool::connect(&database_url).await?;
            let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
                .fetch_one(&pool)
                .await?;
            let mismatched: i64 = sqlx::query_scalar(MISMATCHED).fetch_one(&pool).await?;
            pool.close().await;
            (integrity, mismatched)
        }
        // PostgreSQL checks its own pages; the database is never killed here.
        Store::Postgres(pg) => (
            "not asked (PostgreSQL)".to_string(),
            sqlx::query_scalar(MISMATCHED).fetch_one(pg.pool()).await?,
        ),
    };
    println!(
        "killed {kills} times: acknowledged {}, found {found}, lost {lost}; integrity {integrity}; slots not matching their bookings {mismatched}",
        acknowledged.len()
    );
    store.close().await;
    anyhow::ensure!(lost == 0, "{lost} acknowledged bookings were lost");
    anyhow::ensure!(
        integrity == "ok" || postgres.is_some(),
        "the database failed its integrity check"
    );
    anyhow::ensure!(
        mismatched == 0,
        "{mismatched} slots do not match their bookings"
    );
    anyhow::ensure!(
        !acknowledged.is_empty(),
        "no booking was acknowledged at all"
    );
    Ok(())
}

/// Slots whose count differs from their confirmed bookings, or exceeds their capacity.
const MISMATCHED: &str = "SELECT COUNT(*) FROM slots s
     WHERE s.booked > s.capacity
        OR s.booked <> (SELECT COUNT(*) FROM bookings b
                        WHERE b.office_id = s.office_id AND b.service = s.service
                          AND b.starts_at = s.starts_at AND b.status = 'confirmed')";

/// A couple of made-up people with valid ID numbers, different for each `n`.
fn couple(n: u32) -> serde_json::Value {
    let id = |birth: &str, seq: u32| {
        let body = format!("5301{:02}{birth}{:03}", seq / 1000 % 100, seq % 1000);
        format!("{body}{}", check_character(&body).unwrap_or('0'))
    };
    let phone = |n: u32| format!("13{:09}", n);
    serde_json::json!([
        {"name": "王小明", "id_number": id("19900101", 2 * n), "phone": phone(2 * n)},
        {"name": "李小红", "id_number": id("19910202", 2 * n + 1), "phone": phone(2 * n + 1)},
    ])
}

/// Every office's bookable marriage slots (office, start), so the places last through the kills.
async fn bookable_slots(
    http: &reqwest::Client,
    base: &str,
) -> anyhow::Result<Vec<(String, String)>> {
    let offices: serde_json::Value = http
        .get(format!("{base}/api/v1/offices"))
        .send()
        .await?
        .json()
        .await?;
    let mut starts = Vec::new();
    for office in offices.as_array().into_iter().flatten() {
        let Some(office) = office["id"].as_str() else {
            continue;
        };
        let days: serde_json::Value = http
            .get(format!(
                "{base}/api/v1/offices/{office}/availability?service=marriage"
            ))
            .send()
            .await?
            .json()
            .await?;
        for day in days.as_array().into_iter().flatten() {
            let Some(date) = day["date"].as_str() else {
                continue;
            };
            let slots: serde_json::Value = http
                .get(format!(
                    "{base}/api/v1/offices/{office}/slots?service=marriage&date={date}"
                ))
                .send()
                .await?
                .json()
                .await?;
            for slot in slots.as_array().into_iter().flatten() {
                if let Some(start) = slot["start"].as_str() {
                    starts.push((office.to_string(), start.to_string()));
                }
            }
        }
    }
    Ok(starts)
}

async fn wait_ready(http: &reqwest::Client, base: &str) -> anyhow::Result<()> {
    for _ in 0..300 {
        if let Ok(reply) = http.get(format!("{base}/readyz")).send().await {
            if reply.status().is_success() {
                return Ok(());
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    anyhow::bail!("the server did not become ready")
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}
