//! A load generator on loopback: 64 clients, each on its own keep-alive connection, make verified
//! bookings spread over 100 slots as a resident's app would (`POST /api/v1/verifications`, the code
//! from the phone, then `POST /api/v1/bookings`), then read slot lists. The texts go through the
//! server's sender task to a fake provider (a webhook on loopback) that hands each code to its
//! client. Each booking comes from its own address behind a trusted proxy, as the public would.
//! Prints verified bookings per second with p50/p99 of the two requests together, messages per
//! second delivered to the provider, and slot-read latencies, on SQLite and (when
//! `BIANMIN_TEST_POSTGRES_URL` names a server) on PostgreSQL.
//!
//! Then the comparison that says how much of the database's pace Bianmin keeps: integrator
//! bookings (one request, one booking) against a raw ceiling (a bare axum + sqlx endpoint doing
//! one conditional `UPDATE` and one `INSERT`, on a pool like the store's) on the same database
//! in the same run, at 16 and 64 clients, with slot reads timed while the 64 clients book, and
//! the process's resident memory. Run: `make bench`.

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
    keys::Keys,
    proxies::TrustedProxies,
    sms::{SecretText, Sender, SmsSettings, Template},
    store::{bookings::OfficeRow, Store},
};
use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc, Mutex,
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
    client: &str,
) -> (u16, String, Duration) {
    exchange_with(stream, method, path, body, client, "").await
}

/// [`exchange`] with more header lines (`extra`, each ending in CRLF).
async fn exchange_with(
    stream: &mut BufReader<TcpStream>,
    method: &str,
    path: &str,
    body: &str,
    client: &str,
    extra: &str,
) -> (u16, String, Duration) {
    let start = Instant::now();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: {client}\r\n{extra}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
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

async fn run(name: &str, store: Store) -> Vec<(Load, Option<f64>)> {
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
    let cipher = DataCipher::new(&Keys::generate());
    let mut state = server::state::AppState::new(options, store.clone(), cipher.clone());
    state.trusted_proxies = Arc::new(TrustedProxies::parse("127.0.0.1").unwrap());
    // The provider: a webhook on loopback that hands each code to the phone it was sent to.
    let (codes, delivered, webhook) = fake_provider().await;
    let settings = SmsSettings::Webhook {
        endpoint: webhook,
        key_secret: SecretText("bench-secret".into()),
        sign_name: "便民".into(),
        templates: Template::ALL
            .iter()
            .map(|t| (t.key().to_string(), t.key().to_string()))
            .collect(),
    };
    let sender_dir = tempfile::tempdir().unwrap();
    let sender = Arc::new(Sender::new(&settings, sender_dir.path()));
    let sending = tokio::spawn(server::sms::worker::run(
        store.clone(),
        cipher.clone(),
        sender,
    ));
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
            let (next, slots, codes) = (next.clone(), slots.clone(), codes.clone());
            tokio::spawn(async move {
                let mut stream = BufReader::new(TcpStream::connect(address).await.unwrap());
                let mut times = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= BOOKINGS {
                        break;
                    }
                    let phone = format!("138{i:08}");
                    let client = format!("10.{}.{}.{}", i / 65_536 % 256, i / 256 % 256, i % 256);
                    let booking = serde_json::json!({
                        "office_id": OFFICE, "service": "marriage", "slot_start": slots[i % SLOTS],
                        "people": [
                            {"name": "王小明", "id_number": id_number(2 * i), "phone": phone},
                            {"name": "李小红", "id_number": id_number(2 * i + 1), "phone": "13900000002"}
                        ]
                    });
                    let ask = serde_json::json!({"purpose": "book", "booking": booking}).to_string();
                    let (status, text, asked) =
                        exchange(&mut stream, "POST", "/api/v1/verifications", &ask, &client).await;
                    assert_eq!(status, 202, "{text}");
                    let id = serde_json::from_str::<serde_json::Value>(&text).unwrap()
                        ["verification_id"]
                        .as_str()
                        .unwrap()
                        .to_string();
                    // The resident reads the text (not timed: it is the provider's delivery).
                    let code = loop {
                        if let Some(code) = codes.lock().unwrap().remove(&phone) {
                            break code;
                        }
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    };
                    let mut body = booking;
                    body["verification_id"] = serde_json::json!(id);
                    body["verification_code"] = serde_json::json!(code);
                    let (status, text, booked) = exchange(
                        &mut stream,
                        "POST",
                        "/api/v1/bookings",
                        &body.to_string(),
                        &client,
                    )
                    .await;
                    assert_eq!(status, 201, "{text}");
                    times.push(asked + booked);
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
                    let (status, _, took) =
                        exchange(&mut stream, "GET", &path, "", "10.255.0.1").await;
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
        "verified booking on {name}: {BOOKINGS} bookings (code request + booking) by {CLIENTS} clients over {SLOTS} slots in {elapsed:.2} s: {:.0} bookings/s, p50 {:.1} ms, p99 {:.1} ms of the two requests (goal on SQLite: >= 1,500/s, p99 <= 80 ms)",
        BOOKINGS as f64 / elapsed,
        percentile(&times, 0.5),
        percentile(&times, 0.99),
    );
    // Each booking queued a code and two confirmations: wait for the sender to deliver them all.
    let expected = BOOKINGS * 3;
    let deadline = Instant::now() + Duration::from_secs(120);
    while delivered.load(Ordering::Relaxed) < expected && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let sent = delivered.load(Ordering::Relaxed);
    let send_elapsed = started.elapsed().as_secs_f64();
    println!(
        "texts on {name}: {sent} of {expected} delivered to the fake provider in {send_elapsed:.2} s since the first booking: {:.0} messages/s (goal: >= 500/s)",
        sent as f64 / send_elapsed,
    );
    sending.abort();
    println!(
        "slot reads on {name}: {} reads by {CLIENTS} clients: p50 {:.1} ms, p99 {:.1} ms (target p99 <= 10 ms)",
        reads.len(),
        percentile(&reads, 0.5),
        percentile(&reads, 0.99),
    );

    // Bookings by integrators (a city's app with its key): one request per booking, comparable
    // with the raw ceiling. One key per client: a key's allowance is 6,000 a minute.
    let mut keys = Vec::new();
    for c in 0..CLIENTS {
        let line = server::store::staff::AuditEntry::by_command("integrator_key_issue", "bench");
        let (_, key) =
            server::integrators::issue(&store, &cipher, &format!("bench app {c}"), &line)
                .await
                .unwrap();
        keys.push(key);
    }
    let mut figures = Vec::new();
    for (round, clients) in LOADS.into_iter().enumerate() {
        // While the most clients book, slot lists are read as residents would read them.
        let reading = (clients == CLIENTS).then(|| read_while(address, day.to_string()));
        let load = integrator_load(address, &keys[..clients], &slots, (round + 1) * BOOKINGS).await;
        let reads = match reading {
            Some((stop, readers)) => {
                stop.store(true, Ordering::Relaxed);
                let mut reads = readers.await.unwrap();
                reads.sort();
                Some(reads)
            }
            None => None,
        };
        println!(
            "integrator booking on {name}: {BOOKINGS} bookings, one request each, by {clients} clients in {:.2} s: {:.0} bookings/s, p50 {:.1} ms, p99 {:.1} ms",
            load.seconds, load.rate, load.p50, load.p99,
        );
        if let Some(reads) = &reads {
            println!(
                "slot reads on {name} while {clients} clients book: {} reads: p50 {:.1} ms, p99 {:.1} ms (goal: p99 <= 10 ms)",
                reads.len(),
                percentile(reads, 0.5),
                percentile(reads, 0.99),
            );
        }
        figures.push((load, reads.map(|r| percentile(&r, 0.99))));
    }
    store.close().await;
    figures
}

/// The client counts the comparison runs at.
const LOADS: [usize; 2] = [16, CLIENTS];

/// Bookings per second and latencies of one load.
#[derive(Clone, Copy, Debug)]
struct Load {
    seconds: f64,
    rate: f64,
    p50: f64,
    p99: f64,
}

impl Load {
    fn of(mut times: Vec<Duration>, seconds: f64) -> Load {
        times.sort();
        Load {
            seconds,
            rate: times.len() as f64 / seconds,
            p50: percentile(&times, 0.5),
            p99: percentile(&times, 0.99),
        }
    }
}

/// [`BOOKINGS`] integrator bookings by one client per key, the people numbered from `first`.
async fn integrator_load(
    address: std::net::SocketAddr,
    keys: &[String],
    slots: &Arc<Vec<String>>,
    first: usize,
) -> Load {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let clients: Vec<_> = keys
        .iter()
        .cloned()
        .map(|key| {
            let (next, slots) = (next.clone(), slots.clone());
            tokio::spawn(async move {
                let mut stream = BufReader::new(TcpStream::connect(address).await.unwrap());
                let auth = format!("Authorization: Bearer {key}\r\n");
                let mut times = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= BOOKINGS {
                        break;
                    }
                    let k = first + i;
                    let body = serde_json::json!({
                        "office_id": OFFICE, "service": "marriage", "slot_start": slots[i % SLOTS],
                        "people": [
                            {"name": "王小明", "id_number": id_number(2 * k), "phone": format!("137{k:08}")},
                            {"name": "李小红", "id_number": id_number(2 * k + 1), "phone": "13900000002"}
                        ]
                    })
                    .to_string();
                    let client = format!("10.{}.{}.{}", k / 65_536 % 256, k / 256 % 256, k % 256);
                    let (status, text, took) =
                        exchange_with(&mut stream, "POST", "/api/v1/bookings", &body, &client, &auth)
                            .await;
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
    Load::of(times, started.elapsed().as_secs_f64())
}

/// Reads `day`'s slot list on [`READERS`] connections, one read after another on each, until
/// told to stop; answers every read's time.
fn read_while(
    address: std::net::SocketAddr,
    day: String,
) -> (
    Arc<std::sync::atomic::AtomicBool>,
    tokio::task::JoinHandle<Vec<Duration>>,
) {
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = stop.clone();
    let readers = tokio::spawn(async move {
        let path = format!("/api/v1/offices/{OFFICE}/slots?service=marriage&date={day}");
        let tasks: Vec<_> = (0..READERS)
            .map(|r| {
                let (flag, path) = (flag.clone(), path.clone());
                tokio::spawn(async move {
                    let mut stream = BufReader::new(TcpStream::connect(address).await.unwrap());
                    let client = format!("10.254.0.{}", r + 1);
                    let mut times = Vec::new();
                    while !flag.load(Ordering::Relaxed) {
                        let (status, _, took) =
                            exchange(&mut stream, "GET", &path, "", &client).await;
                        assert_eq!(status, 200);
                        times.push(took);
                        // A resident reads a list now and then, not in a loop.
                        tokio::time::sleep(Duration::from_millis(20)).await;
                    }
                    times
                })
            })
            .collect();
        let mut times = Vec::new();
        for t in tasks {
            times.extend(t.await.unwrap());
        }
        times
    });
    (stop, readers)
}

/// How many connections read slot lists while the bookings run.
const READERS: usize = 8;

/// The process's resident memory now and at its peak, in MB (from /proc; None elsewhere).
fn resident_mb() -> Option<(f64, f64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map(|kb| kb / 1024.0)
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// A raw ceiling's database.
#[derive(Clone)]
enum RawPool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

/// Runs `$body` with `$pool` bound to the raw ceiling's pool, whichever database it is.
macro_rules! on_raw {
    ($pool:expr, |$p:ident| $body:expr) => {
        match $pool {
            RawPool::Sqlite($p) => $body,
            RawPool::Postgres($p) => $body,
        }
    };
}

/// The raw ceiling: a bare axum endpoint that books with one conditional `UPDATE … WHERE booked <
/// capacity` and one `INSERT` in a transaction, on one writer connection for SQLite (WAL, at the
/// given `synchronous`) or a 16-connection pool for PostgreSQL, loaded like the integrator run
/// by `clients` clients, on fresh tables.
async fn raw_ceiling(name: &str, pool: &RawPool, clients: usize) -> Load {
    use axum::{extract::State, http::StatusCode, routing::post, Json, Router};
    for sql in [
        "DROP TABLE IF EXISTS raw_bookings",
        "DROP TABLE IF EXISTS raw_slots",
        "CREATE TABLE raw_slots (id BIGINT PRIMARY KEY, capacity BIGINT NOT NULL, booked BIGINT NOT NULL)",
        "CREATE TABLE raw_bookings (code TEXT PRIMARY KEY, slot_id BIGINT NOT NULL, people TEXT NOT NULL, created_at BIGINT NOT NULL)",
    ] {
        on_raw!(pool, |p| {
            sqlx::query(sql).execute(p).await.unwrap();
        });
    }
    for id in 0..SLOTS as i64 {
        on_raw!(pool, |p| {
            sqlx::query("INSERT INTO raw_slots (id, capacity, booked) VALUES ($1, 1000, 0)")
                .bind(id)
                .execute(p)
                .await
                .unwrap();
        });
    }
    async fn book(State(pool): State<RawPool>, Json(body): Json<serde_json::Value>) -> StatusCode {
        let slot = body["slot"].as_i64().unwrap_or_default();
        let code = body["code"].as_str().unwrap_or_default().to_string();
        let people = body["people"].to_string();
        on_raw!(&pool, |p| {
            let mut tx = p.begin().await.unwrap();
            let taken = sqlx::query(
                "UPDATE raw_slots SET booked = booked + 1 WHERE id = $1 AND booked < capacity",
            )
            .bind(slot)
            .execute(&mut *tx)
            .await
            .unwrap()
            .rows_affected();
            if taken != 1 {
                return StatusCode::CONFLICT;
            }
            sqlx::query(
                "INSERT INTO raw_bookings (code, slot_id, people, created_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(code)
            .bind(slot)
            .bind(people)
            .bind(1_i64)
            .execute(&mut *tx)
            .await
            .unwrap();
            tx.commit().await.unwrap();
        });
        StatusCode::CREATED
    }
    let app = Router::new()
        .route("/book", post(book))
        .with_state(pool.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let serving = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let next = next.clone();
            tokio::spawn(async move {
                let mut stream = BufReader::new(TcpStream::connect(address).await.unwrap());
                let mut times = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= BOOKINGS {
                        break;
                    }
                    let body = serde_json::json!({
                        "slot": i % SLOTS, "code": format!("R{i:07}"),
                        "people": [{"name": "王小明", "id_number": id_number(2 * i)}, {"name": "李小红", "id_number": id_number(2 * i + 1)}]
                    })
                    .to_string();
                    let (status, _, took) =
                        exchange(&mut stream, "POST", "/book", &body, "10.0.0.1").await;
                    assert_eq!(status, 201);
                    times.push(took);
                }
                times
            })
        })
        .collect();
    let mut times = Vec::new();
    for t in tasks {
        times.extend(t.await.unwrap());
    }
    let load = Load::of(times, started.elapsed().as_secs_f64());
    println!(
        "raw ceiling on {name}: {BOOKINGS} bookings, one request each, by {clients} clients in {:.2} s: {:.0} bookings/s, p50 {:.1} ms, p99 {:.1} ms",
        load.seconds, load.rate, load.p50, load.p99,
    );
    serving.abort();
    load
}

/// The raw ceiling on a fresh SQLite file with `synchronous` = `mode` (one writer connection),
/// at each of `loads`.
async fn sqlite_ceiling(
    mode: sqlx::sqlite::SqliteSynchronous,
    label: &str,
    loads: &[usize],
) -> Vec<Load> {
    let dir = tempfile::tempdir().unwrap();
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(dir.path().join("raw.sqlite3"))
        .create_if_missing(true)
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
        .synchronous(mode);
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .test_before_acquire(false)
        .connect_with(options)
        .await
        .unwrap();
    let pool = RawPool::Sqlite(pool);
    let mut figures = Vec::new();
    for &clients in loads {
        figures.push(raw_ceiling(&format!("SQLite, synchronous={label}"), &pool, clients).await);
    }
    on_raw!(&pool, |p| p.close().await);
    figures
}

/// Prints the comparison: raw and Bianmin at each load, the ratio, slot-read p99, and the goals.
fn compare(name: &str, raw: &[Load], bianmin: &[(Load, Option<f64>)], goal: &str) {
    println!("\n{name}: Bianmin against the raw ceiling in the same run ({goal})");
    println!(
        "  {:>7}  {:>12} {:>9}  {:>12} {:>9}  {:>6}  {:>13}",
        "clients", "raw/s", "raw p99", "Bianmin/s", "p99", "ratio", "read p99"
    );
    for ((clients, raw), (app, read)) in LOADS.iter().zip(raw).zip(bianmin) {
        println!(
            "  {:>7}  {:>12.0} {:>6.1} ms  {:>12.0} {:>6.1} ms  {:>5.2}x  {:>13}",
            clients,
            raw.rate,
            raw.p99,
            app.rate,
            app.p99,
            app.rate / raw.rate,
            read.map_or("-".to_string(), |r| format!("{r:.1} ms")),
        );
    }
    if let Some((now, peak)) = resident_mb() {
        println!("  process memory (server and load generator): {now:.0} MB resident, {peak:.0} MB at peak");
    }
}

/// A provider on loopback taking webhook posts: the codes by phone, and how many it took.
async fn fake_provider() -> (
    Arc<Mutex<HashMap<String, String>>>,
    Arc<AtomicUsize>,
    String,
) {
    use axum::{routing::post, Json, Router};
    let codes = Arc::new(Mutex::new(HashMap::new()));
    let taken = Arc::new(AtomicUsize::new(0));
    let app = Router::new().route(
        "/",
        post({
            let (codes, taken) = (codes.clone(), taken.clone());
            move |Json(body): Json<serde_json::Value>| async move {
                taken.fetch_add(1, Ordering::Relaxed);
                if body["template"] == "verification" {
                    let phone = body["phone"].as_str().unwrap_or_default().to_string();
                    let code = body["params"]["code"]
                        .as_str()
                        .unwrap_or_default()
                        .to_string();
                    codes.lock().unwrap().insert(phone, code);
                }
                Json(serde_json::json!({"id": "bench"}))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (codes, taken, format!("http://{address}/"))
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    // The ceilings first, in the same run: synchronous=NORMAL is what the store ran before an
    // acknowledged booking had to survive a power cut; FULL is what it runs now, and what
    // Bianmin is compared with.
    // BIANMIN_BENCH_STORES=postgres (or sqlite) runs one store only, when profiling one.
    let stores = std::env::var("BIANMIN_BENCH_STORES").unwrap_or_default();
    let wanted = |store: &str| stores.is_empty() || stores.split(',').any(|s| s == store);
    let sqlite = if wanted("sqlite") {
        sqlite_ceiling(
            sqlx::sqlite::SqliteSynchronous::Normal,
            "NORMAL",
            &[CLIENTS],
        )
        .await;
        let raw = sqlite_ceiling(sqlx::sqlite::SqliteSynchronous::Full, "FULL", &LOADS).await;
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("bench.sqlite3").display());
        let bianmin = run(
            "SQLite (synchronous=FULL)",
            Store::open(&url).await.unwrap(),
        )
        .await;
        Some((raw, bianmin))
    } else {
        None
    };

    let postgres = match std::env::var("BIANMIN_TEST_POSTGRES_URL")
        .ok()
        .filter(|url| !url.is_empty() && wanted("postgres"))
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
            // The same pool options as the store's.
            let raw = RawPool::Postgres(
                sqlx::postgres::PgPoolOptions::new()
                    .max_connections(16)
                    .test_before_acquire(false)
                    .connect(&url)
                    .await
                    .unwrap(),
            );
            let mut raw_loads = Vec::new();
            for clients in LOADS {
                raw_loads.push(raw_ceiling("PostgreSQL", &raw, clients).await);
            }
            on_raw!(&raw, |p| p.close().await);
            let bianmin = run("PostgreSQL", Store::open(&url).await.unwrap()).await;
            sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .execute(&admin)
                .await
                .unwrap();
            Some((raw_loads, bianmin))
        }
        None => {
            println!(
                "booking on PostgreSQL: skipped (set BIANMIN_TEST_POSTGRES_URL, as `make bench` does)"
            );
            None
        }
    };
    if let Some((raw, bianmin)) = sqlite {
        compare(
            "SQLite (synchronous=FULL)",
            &raw,
            &bianmin,
            "goal at 64 clients: ratio >= 0.8, p99 <= 40 ms, read p99 <= 10 ms",
        );
    }
    if let Some((raw, bianmin)) = postgres {
        compare(
            "PostgreSQL",
            &raw,
            &bianmin,
            "goal at 64 clients: >= 3,000/s and ratio >= 0.8, p99 <= 50 ms, read p99 <= 10 ms",
        );
    }
}
