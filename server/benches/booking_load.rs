//! A load generator on loopback: 64 clients, each on its own keep-alive connection, book places
//! spread over 100 slots through `POST /api/v1/bookings`, then read slot lists. Prints bookings per
//! second and p50/p99 latencies, on SQLite and (when `BIANMIN_TEST_POSTGRES_URL` names a server)
//! on PostgreSQL. Run: `make bench`.

use app::domain::{
    booking::{
        id_number::check_character,
        moment::Moment,
        office::OfficeSchedule,
        rules::BookingRules,
        schedule::{Session, WeeklyTemplate},
        Service,
    },
    date::Date,
};
use server::{
    crypto::DataCipher,
    keys::SecretKey,
    store::{bookings::OfficeRow, Store},
};
use std::{
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};
use tokio::{
    io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader},
    net::TcpStream,
};

const CLIENTS: usize = 64;
const SLOTS: usize = 100;
const BOOKINGS: usize = 6_400;
const READS_PER_CLIENT: usize = 50;
const OFFICE: &str = "bench-office";

fn now() -> Moment {
    Moment::from_unix_seconds(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64,
    )
}

/// A distinct valid ID number for person `k`.
fn id_number(k: usize) -> String {
    let birth = Date::parse("1960-01-01")
        .unwrap()
        .add_days((k / 800) as i64);
    let body = format!(
        "130602{:04}{:02}{:02}{:03}",
        birth.year(),
        birth.month(),
        birth.day(),
        k % 800 + 100
    );
    format!("{body}{}", check_character(&body).unwrap())
}

/// One HTTP/1.1 exchange on a kept-alive connection: (status, body, time taken).
async fn exchange(
    stream: &mut BufReader<TcpStream>,
    method: &str,
    path: &str,
    body: &str,
) -> (u16, String, Duration) {
    let start = Instant::now();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream
        .get_mut()
        .write_all(request.as_bytes())
        .await
        .unwrap();
    let mut status_line = String::new();
    stream.read_line(&mut status_line).await.unwrap();
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .unwrap_or("0")
        .parse()
        .unwrap_or(0);
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        stream.read_line(&mut line).await.unwrap();
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).await.unwrap();
    (
        status,
        String::from_utf8_lossy(&body).into_owned(),
        start.elapsed(),
    )
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

async fn run(name: &str, store: Store) {
    store.migrate().await.unwrap();
    store.load_sample_data().await.unwrap();
    let schedule = OfficeSchedule {
        services: vec![Service::Marriage],
        hours_zh: "全天".into(),
        hours_en: "All day".into(),
        templates: vec![WeeklyTemplate {
            service: Service::Marriage,
            weekdays: (1..=7).collect(),
            sessions: vec![Session {
                start: 0,
                end: 24 * 60,
            }],
            slot_minutes: 30,
            capacity: 1000,
        }],
        changes: Vec::new(),
        rules: BookingRules {
            open_days_ahead: 60,
            cutoff_days_before: 1,
            cutoff_minute: 0,
            ..BookingRules::default()
        },
    };
    store
        .save_office(&OfficeRow {
            id: OFFICE.into(),
            region_id: "baoding".into(),
            name_zh: "压测登记处".into(),
            name_en: "Load-test office".into(),
            address_zh: "-".into(),
            address_en: "-".into(),
            latitude: 38.9,
            longitude: 115.5,
            phone: "-".into(),
            has_ceremony_hall: false,
            is_sample: true,
            schedule: serde_json::to_string(&schedule).unwrap(),
        })
        .await
        .unwrap();
    let options = server::http::leptos_options("127.0.0.1:0".parse().unwrap()).unwrap();
    let state = server::state::AppState::new(
        options,
        store.clone(),
        DataCipher::new(&SecretKey::generate()),
    );
    let slots: Vec<String> = {
        let mut found = Vec::new();
        let mut date = now().date.add_days(2);
        while found.len() < SLOTS {
            for slot in state
                .desk
                .slots(OFFICE, Service::Marriage, date, now())
                .await
                .unwrap()
            {
                if found.len() < SLOTS {
                    found.push(slot.start.to_string());
                }
            }
            date = date.add_days(1);
        }
        found
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = server::http::router(state);
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
        .unwrap()
    });

    let next = Arc::new(AtomicUsize::new(0));
    let slots = Arc::new(slots);
    let started = Instant::now();
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (next, slots) = (next.clone(), slots.clone());
            tokio::spawn(async move {
                let mut stream = BufReader::new(TcpStream::connect(address).await.unwrap());
                let mut times = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= BOOKINGS {
                        break;
                    }
                    let body = serde_json::json!({
                        "office_id": OFFICE, "service": "marriage", "slot_start": slots[i % SLOTS],
                        "people": [
                            {"name": "王小明", "id_number": id_number(2 * i), "phone": "13800000001"},
                            {"name": "李小红", "id_number": id_number(2 * i + 1), "phone": "13900000002"}
                        ]
                    })
                    .to_string();
                    let (status, text, took) = exchange(&mut stream, "POST", "/api/v1/bookings", &body).await;
                    assert_eq!(status, 201, "{text}");
                    times.push(took);
                }
                times
            })
        })
        .collect();
    let mut times = Vec::new();
    for c in clients {
        times.extend(c.await.unwrap());
    }
    let elapsed = started.elapsed().as_secs_f64();
    times.sort();
    let day = &slots[0][..10];
    let readers: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let path = format!("/api/v1/offices/{OFFICE}/slots?service=marriage&date={day}");
            tokio::spawn(async move {
                let mut stream = BufReader::new(TcpStream::connect(address).await.unwrap());
                let mut times = Vec::new();
                for _ in 0..READS_PER_CLIENT {
                    let (status, _, took) = exchange(&mut stream, "GET", &path, "").await;
                    assert_eq!(status, 200);
                    times.push(took);
                }
                times
            })
        })
        .collect();
    let mut reads = Vec::new();
    for r in readers {
        reads.extend(r.await.unwrap());
    }
    reads.sort();
    println!(
        "booking on {name}: {BOOKINGS} bookings by {CLIENTS} clients over {SLOTS} slots in {elapsed:.2} s: {:.0} bookings/s, p50 {:.1} ms, p99 {:.1} ms (targets on SQLite: >= 2,000/s, p99 <= 50 ms)",
        BOOKINGS as f64 / elapsed,
        percentile(&times, 0.5),
        percentile(&times, 0.99),
    );
    println!(
        "slot reads on {name}: {} reads by {CLIENTS} clients: p50 {:.1} ms, p99 {:.1} ms (target p99 <= 10 ms)",
        reads.len(),
        percentile(&reads, 0.5),
        percentile(&reads, 0.99),
    );
    store.close().await;
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bench.sqlite3").display());
    run("SQLite", Store::open(&url).await.unwrap()).await;

    match std::env::var("BIANMIN_TEST_POSTGRES_URL")
        .ok()
        .filter(|url| !url.is_empty())
    {
        Some(admin_url) => {
            let name = format!("bianmin_test_bench_{}", std::process::id());
            let admin = sqlx::PgPool::connect(&admin_url).await.unwrap();
            sqlx::query(&format!("CREATE DATABASE \"{name}\""))
                .execute(&admin)
                .await
                .unwrap();
            let url = match admin_url.rsplit_once('/') {
                Some((base, _)) => format!("{base}/{name}"),
                None => admin_url.clone(),
            };
            run("PostgreSQL", Store::open(&url).await.unwrap()).await;
            sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .execute(&admin)
                .await
                .unwrap();
        }
        None => println!(
            "booking on PostgreSQL: skipped (set BIANMIN_TEST_POSTGRES_URL, as `make bench` does)"
        ),
    }
}
