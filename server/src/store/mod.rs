//! Persistence: the embedded SQLite file by default, PostgreSQL when `DATABASE_URL` says so.
//!
//! SQLite runs in WAL mode with foreign keys on and a busy timeout. All writes go through one
//! writer connection and start with `BEGIN IMMEDIATE`, so a writer never meets "database is
//! locked" halfway through a transaction; reads use a separate pool and never wait for writes.

pub mod batch;
pub mod bookings;
pub mod facilities;
pub mod integrators;
pub mod limits;
pub mod outbox;
pub mod pg_batch;
pub mod policy_files;
pub mod regions;
pub mod registry;
pub mod sealed;
pub mod staff;

use sqlx::{
    postgres::{PgPool, PgPoolOptions},
    sqlite::{
        SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
    },
};
use std::{str::FromStr, time::Duration};

/// How long a connection waits on a lock held by another process before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);
/// PostgreSQL connections for slot and day lists, per server (see [`PgStore::lists`]).
const LIST_CONNECTIONS: u32 = 4;

/// The SQLite pools: many readers, one writer.
#[derive(Clone, Debug)]
pub struct SqliteStore {
    pub(crate) reader: SqlitePool,
    pub(crate) writer: SqlitePool,
    /// New bookings, recorded in groups by one writer task.
    pub(crate) bookings: batch::BookingWriter,
}

/// The PostgreSQL pools, and this server's writer task that records new bookings in groups.
#[derive(Clone, Debug)]
pub struct PgStore {
    pub(crate) pool: PgPool,
    /// A few connections of their own for the slot and day lists residents look at, so a rush of
    /// bookings (whose checks and limits hold the main pool's connections) never queues someone
    /// who is only looking. Opened when first used.
    pub(crate) lists: PgPool,
    pub(crate) bookings: pg_batch::PgBookingWriter,
}

impl PgStore {
    /// The connection pool, for tests and tools that reach the database directly.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

/// A handle on the database, cheap to clone.
#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(SqliteStore),
    Postgres(PgStore),
}

/// Runs `$body` with `$pool` bound to the read pool of whichever database the store uses.
/// `with_reader!(lists: store, …)` reads the slot and day lists residents look at: on PostgreSQL
/// from their own connections ([`PgStore::lists`]); SQLite's readers are already apart from its
/// writer.
macro_rules! with_reader {
    (lists: $store:expr, |$pool:ident| $body:expr) => {
        $crate::store::with_reader!(@on lists, $store, |$pool| $body)
    };
    ($store:expr, |$pool:ident| $body:expr) => {
        $crate::store::with_reader!(@on pool, $store, |$pool| $body)
    };
    (@on $pg:ident, $store:expr, |$pool:ident| $body:expr) => {
        match $store {
            $crate::store::Store::Sqlite(s) => {
                let $pool = &s.reader;
                $body
            }
            $crate::store::Store::Postgres(p) => {
                let $pool = &p.$pg;
                $body
            }
        }
    };
}

/// Runs `$body` inside a write transaction bound to `$tx` (`BEGIN IMMEDIATE` on SQLite) and
/// commits it; an early return with `?` rolls it back.
macro_rules! in_write_tx {
    ($store:expr, |$tx:ident| $body:expr) => {
        match $store {
            $crate::store::Store::Sqlite(s) => {
                let mut $tx = s.writer.begin_with("BEGIN IMMEDIATE").await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
            $crate::store::Store::Postgres(p) => {
                let mut $tx = p.pool.begin().await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
        }
    };
}

pub(crate) use {in_write_tx, with_reader};

impl Store {
    /// Opens the database named by `url`, creating an SQLite file (and its folder) if missing.
    pub async fn open(url: &str) -> Result<Store, sqlx::Error> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            // No ping before each use: it was one round trip in five of a booking's. A connection
            // the database dropped (a restart) fails the one query that meets it, before anything
            // is acknowledged, and is replaced.
            // Plans are left to PostgreSQL (`plan_cache_mode = auto`). A prepared statement
            // soon runs on a generic plan made with the statistics of that moment, so the hot
            // look-ups are written to have one sensible plan whatever those are (the strikes
            // look-up, which is also planned afresh on each call: `Store::strikes_since`).
            let pool = PgPoolOptions::new()
                .max_connections(16)
                .test_before_acquire(false)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .connect(url)
                .await?;
            let lists = PgPoolOptions::new()
                .max_connections(LIST_CONNECTIONS)
                .test_before_acquire(false)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .connect_lazy_with(pool.connect_options().as_ref().clone());
            let bookings = pg_batch::PgBookingWriter::start(pool.clone());
            return Ok(Store::Postgres(PgStore {
                pool,
                lists,
                bookings,
            }));
        }
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // Every commit reaches the disk before it is acknowledged: a booking answered 201
            // survives a power cut. Group commit (`batch`) shares one sync among a batch.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        if let Some(parent) = options.get_filename().parent() {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent).map_err(sqlx::Error::Io)?;
            }
        }
        // A local file needs no liveness check before each use; skipping it saves a round trip
        // to the connection's worker thread per query.
        let writer = SqlitePoolOptions::new()
            .test_before_acquire(false)
            .max_connections(1)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options.clone())
            .await?;
        // Each SQLite connection runs on its own thread; on a small machine a few readers keep
        // slot reads quicker under load than many (8 readers: p99 11-14 ms; 4: 9-11 ms).
        let reader = SqlitePoolOptions::new()
            .test_before_acquire(false)
            .max_connections(4)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options.read_only(true))
            .await?;
        let bookings = batch::BookingWriter::start(writer.clone());
        Ok(Store::Sqlite(SqliteStore {
            reader,
            writer,
            bookings,
        }))
    }

    /// Applies the migrations this build carries.
    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self {
            Store::Sqlite(s) => sqlx::migrate!("./migrations/sqlite").run(&s.writer).await,
            Store::Postgres(p) => sqlx::migrate!("./migrations/postgres").run(&p.pool).await,
        }
    }

    /// Whether this store can record bookings: its writer tasks are running.
    pub fn writer_running(&self) -> bool {
        match self {
            Store::Sqlite(s) => s.bookings.is_running(),
            Store::Postgres(p) => p.bookings.is_running(),
        }
    }

    /// Checks that the database answers.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        with_reader!(self, |pool| sqlx::query("SELECT 1")
            .execute(pool)
            .await
            .map(|_| ()))
    }

    /// Closes every connection; later calls fail.
    pub async fn close(&self) {
        match self {
            Store::Sqlite(s) => {
                s.reader.close().await;
                s.writer.close().await;
            }
            Store::Postgres(p) => {
                p.lists.close().await;
                p.pool.close().await;
            }
        }
    }

    /// "sqlite" or "postgres", for logs.
    pub fn backend_name(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "sqlite",
            Store::Postgres(_) => "postgres",
        }
    }
}

/// Seconds since the Unix epoch, for `updated_at` columns.
pub(crate) fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

/// Whether SQLite enforces foreign keys on the store's write connection (false for PostgreSQL,
/// which always does and has no such switch).
pub async fn sqlite_foreign_keys_enabled(store: &Store) -> Result<bool, sqlx::Error> {
    match store {
        Store::Sqlite(s) => {
            let (on,): (i64,) = sqlx::query_as("PRAGMA foreign_keys")
                .fetch_one(&s.writer)
                .await?;
            Ok(on == 1)
        }
        Store::Postgres(_) => Ok(false),
    }
}
