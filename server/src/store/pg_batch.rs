//! Group commit of new bookings on PostgreSQL. A booking of one slot as a statement of its own
//! ([`record_pg`]) costs the database a plan's start-up over seven tables, a round trip and a
//! commit, and under load that was most of its time. So, as on SQLite ([`super::batch`]), new
//! bookings queue for one writer task per server, which takes everything waiting (up to
//! [`MAX_BATCH`]) and records it in one transaction of two statements:
//!
//! 1. the batch's slots are locked (`FOR UPDATE`), in key order (office, service, start, compared
//!    byte by byte): every writer that holds several slots takes them in this order (a day's
//!    change too, ceremony places last), so none waits on another in a circle. When some rows
//!    are missing (a slot's first bookings), nothing is held yet: the transaction starts again
//!    and makes and locks every row in one upsert, in the same order;
//! 2. places go to the bookings in the order they arrived, while a slot's row has places left,
//!    and one statement writes the slots' new counts and every placed booking's rows.
//!
//! A slot's row stays locked from the read of its count to the commit, so no server can sell
//! its places in between: capacity is as exact as with the single conditional increment.
//! If a batch fails before its commit (a unique index refusing a person already booked or a twin
//! key, a deadlock broken, a connection the database dropped), it is rolled back and its
//! bookings are recorded each on its own, as before, a few at a time, so one booking cannot sink
//! the rest and refusals are settled as ever. A failed commit, whose outcome is unknown (a retry
//! could book twice), and a pool with no connection to give are every caller's answer. A batch
//! of one goes straight to the single statement: one round trip, as before.

use super::bookings::{record_pg, Recorded, Reservation, Reserved, CONFIRMED};
use sqlx::PgPool;
use std::collections::HashMap;
use tokio::sync::{mpsc, oneshot};

/// The most bookings recorded in one transaction.
pub const MAX_BATCH: usize = 64;
/// How many bookings may wait for a writer before callers wait to queue.
const QUEUE: usize = 4096;

struct Job {
    reservation: Box<Reservation>,
    done: oneshot::Sender<Result<Recorded, sqlx::Error>>,
}

/// The queue to the writer task.
#[derive(Clone, Debug)]
pub struct PgBookingWriter {
    jobs: mpsc::Sender<Job>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Job(..)")
    }
}

impl PgBookingWriter {
    /// Starts the writer task on `pool`. One writer per server made the largest batches and the
    /// most bookings a second (measured against two, four and eight in `make bench`); servers
    /// sharing the database each have their own.
    pub fn start(pool: PgPool) -> PgBookingWriter {
        let (jobs, queue) = mpsc::channel(QUEUE);
        tokio::spawn(run(pool, queue));
        PgBookingWriter { jobs }
    }

    /// Whether the writer task still takes bookings (readiness reports it).
    pub fn is_running(&self) -> bool {
        !self.jobs.is_closed()
    }

    /// Records one reservation of one slot, in whatever batch it joins.
    pub async fn record(&self, reservation: Reservation) -> Result<Recorded, sqlx::Error> {
        let (done, answer) = oneshot::channel();
        self.jobs
            .send(Job {
                reservation: Box::new(reservation),
                done,
            })
            .await
            .map_err(|_| sqlx::Error::PoolClosed)?;
        answer.await.map_err(|_| sqlx::Error::PoolClosed)?
    }
}

/// The writer: takes what waits, writes it, and again.
async fn run(pool: PgPool, mut queue: mpsc::Receiver<Job>) {
    loop {
        let mut jobs = Vec::with_capacity(MAX_BATCH);
        if queue.recv_many(&mut jobs, MAX_BATCH).await == 0 {
            return;
        }
        // Each batch runs as a task of its own: should one panic, its transaction is rolled
        // back, its callers get an error (their answer is dropped), and the writer goes on.
        if let Err(error) = tokio::spawn(write(pool.clone(), jobs)).await {
            tracing::error!(%error, "a booking batch ended abnormally; its bookings were not recorded");
        }
    }
}

/// Records a batch in one transaction, or, if that fails before its commit, each booking on its
/// own, a few at a time.
async fn write(pool: PgPool, jobs: Vec<Job>) {
    if jobs.len() > 1 {
        let batch: Vec<&Reservation> = jobs.iter().map(|j| &*j.reservation).collect();
        match record_batch(&pool, &batch).await {
            Ok(outcomes) => {
                for (job, outcome) in jobs.into_iter().zip(outcomes) {
                    // A caller that gave up waiting no longer needs the answer.
                    let _ = job.done.send(Ok(outcome));
                }
                return;
            }
            // A person already booked or a twin key: expected, and settled one by one.
            Err(Failed::Retry(sqlx::Error::Database(e))) if e.is_unique_violation() => {}
            // Nothing was committed (a deadlock broken, a connection the database dropped, a
            // foreign key): each booking is tried on its own, so one cannot sink the rest.
            Err(Failed::Retry(error)) => {
                tracing::warn!(%error, jobs = jobs.len(), "booking batch failed; recording one by one");
            }
            // A failed commit (its outcome unknown: a retry could book twice) or no connection
            // to be had: every caller's answer.
            Err(Failed::Answer(error)) => {
                tracing::error!(%error, jobs = jobs.len(), "booking batch failed");
                let error = error.to_string();
                for job in jobs {
                    let _ = job.done.send(Err(sqlx::Error::Protocol(format!(
                        "the booking batch failed: {error}"
                    ))));
                }
                return;
            }
        }
    }
    // A few at a time: the pool's other connections keep serving reads and limits.
    let few = std::sync::Arc::new(tokio::sync::Semaphore::new(RETRIES_AT_ONCE));
    let mut each = tokio::task::JoinSet::new();
    for job in jobs {
        let (pool, few) = (pool.clone(), few.clone());
        each.spawn(async move {
            let _turn = few.acquire().await;
            let outcome = record_pg(&pool, &job.reservation).await;
            let _ = job.done.send(outcome);
        });
    }
    while each.join_next().await.is_some() {}
}

/// How many bookings of a failed batch are recorded at once.
const RETRIES_AT_ONCE: usize = 4;

/// How a batch failed: before its commit (nothing was written: try each booking on its own), or
/// so that each caller must be told (a failed commit, no connection to be had).
enum Failed {
    Retry(sqlx::Error),
    Answer(sqlx::Error),
}

impl From<sqlx::Error> for Failed {
    fn from(error: sqlx::Error) -> Failed {
        match error {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => Failed::Answer(error),
            error => Failed::Retry(error),
        }
    }
}

/// A slot's key: office, service, start.
type SlotKey = (String, &'static str, i64);

fn slot_key(r: &Reservation) -> SlotKey {
    (
        r.office_id.clone(),
        r.service.key(),
        r.slot.start.unix_seconds(),
    )
}

/// The order every writer holds slots in: office, service and start, text compared byte by
/// byte (as Rust compares strings), whatever the database's collation.
const SLOT_ORDER: &str = r#"s.office_id COLLATE "C", s.service COLLATE "C", s.starts_at"#;

/// Locks the existing rows of `keys`' slots in [`SLOT_ORDER`]; answers each one's capacity and
/// places taken.
async fn lock_slots(
    tx: &mut sqlx::PgConnection,
    keys: &[SlotKey],
) -> Result<HashMap<SlotKey, (i64, i64)>, sqlx::Error> {
    let rows: Vec<(String, String, i64, i64, i64)> = sqlx::query_as(&format!(
        "SELECT s.office_id, s.service, s.starts_at, s.capacity, s.booked
         FROM slots s
         JOIN unnest($1::text[], $2::text[], $3::bigint[]) AS k(office_id, service, starts_at)
           ON s.office_id = k.office_id AND s.service = k.service AND s.starts_at = k.starts_at
         ORDER BY {SLOT_ORDER}
         FOR UPDATE OF s"
    ))
    .bind(keys.iter().map(|k| k.0.as_str()).collect::<Vec<_>>())
    .bind(keys.iter().map(|k| k.1).collect::<Vec<_>>())
    .bind(keys.iter().map(|k| k.2).collect::<Vec<_>>())
    .fetch_all(&mut *tx)
    .await?;
    Ok(held_of(keys, rows))
}

/// Makes the rows of `keys`' slots where missing and locks them all, in [`SLOT_ORDER`], in one
/// statement (a row another server is making meanwhile is waited for, then locked).
async fn make_and_lock_slots(
    tx: &mut sqlx::PgConnection,
    keys: &[SlotKey],
    batch: &[&Reservation],
) -> Result<HashMap<SlotKey, (i64, i64)>, sqlx::Error> {
    // Each key's times and places, from a booking of it that has places.
    let first: Vec<&Reservation> = keys
        .iter()
        .filter_map(|k| {
            batch
                .iter()
                .copied()
                .find(|r| r.slot.capacity > 0 && slot_key(r) == *k)
        })
        .collect();
    let rows: Vec<(String, String, i64, i64, i64)> = sqlx::query_as(&format!(
        "INSERT INTO slots (office_id, service, starts_at, ends_at, capacity, booked)
         SELECT s.office_id, s.service, s.starts_at, s.ends_at, s.capacity, 0
         FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[])
           AS s(office_id, service, starts_at, ends_at, capacity)
         ORDER BY {SLOT_ORDER}
         ON CONFLICT (office_id, service, starts_at) DO UPDATE SET booked = slots.booked
         RETURNING office_id, service, starts_at, capacity, booked"
    ))
    .bind(
        first
            .iter()
            .map(|r| r.office_id.as_str())
            .collect::<Vec<_>>(),
    )
    .bind(first.iter().map(|r| r.service.key()).collect::<Vec<_>>())
    .bind(
        first
            .iter()
            .map(|r| r.slot.start.unix_seconds())
            .collect::<Vec<_>>(),
    )
    .bind(
        first
            .iter()
            .map(|r| r.slot.end.unix_seconds())
            .collect::<Vec<_>>(),
    )
    .bind(
        first
            .iter()
            .map(|r| i64::from(r.slot.capacity))
            .collect::<Vec<_>>(),
    )
    .fetch_all(&mut *tx)
    .await?;
    Ok(held_of(keys, rows))
}

/// Each slot's (capacity, places taken) by its key, from the rows read.
fn held_of(
    keys: &[SlotKey],
    rows: Vec<(String, String, i64, i64, i64)>,
) -> HashMap<SlotKey, (i64, i64)> {
    let mut held = HashMap::with_capacity(rows.len());
    for (office, service, start, capacity, booked) in rows {
        if let Some(key) = keys
            .iter()
            .find(|k| k.0 == office && k.1 == service && k.2 == start)
        {
            held.insert(key.clone(), (capacity, booked));
        }
    }
    held
}

/// Places the batch's bookings and records those that got one, in one transaction; answers
/// each booking's outcome in the batch's order. Whatever fails before the commit is rolled back.
async fn record_batch(pool: &PgPool, batch: &[&Reservation]) -> Result<Vec<Recorded>, Failed> {
    let mut keys: Vec<SlotKey> = batch
        .iter()
        .filter(|r| r.slot.capacity > 0)
        .map(|r| slot_key(r))
        .collect();
    keys.sort();
    keys.dedup();
    let mut tx = pool.begin().await?;
    let outcomes = match place_and_write(&mut tx, &keys, batch, false).await {
        Ok(Some(outcomes)) => outcomes,
        Ok(None) => {
            // The first bookings of some slots: let go of what is held, and make and lock
            // every slot of the batch in one upsert.
            tx.rollback().await?;
            tx = pool.begin().await?;
            match place_and_write(&mut tx, &keys, batch, true).await {
                Ok(Some(outcomes)) => outcomes,
                Ok(None) => {
                    let _ = tx.rollback().await;
                    return Err(Failed::Retry(sqlx::Error::Protocol(
                        "a slot's row was not made while booking".into(),
                    )));
                }
                Err(error) => {
                    let _ = tx.rollback().await;
                    return Err(error.into());
                }
            }
        }
        Err(error) => {
            let _ = tx.rollback().await;
            return Err(error.into());
        }
    };
    tx.commit().await.map_err(|error| {
        Failed::Answer(sqlx::Error::Protocol(format!(
            "the commit of a booking batch failed, its outcome unknown: {error}"
        )))
    })?;
    Ok(outcomes)
}

/// Inside the batch's transaction: locks its slots (making missing rows when `make`), places
/// the bookings in arrival order while a slot has places left, and writes those placed. None
/// when some slot rows are missing and `make` is false.
async fn place_and_write(
    tx: &mut sqlx::PgConnection,
    keys: &[SlotKey],
    batch: &[&Reservation],
    make: bool,
) -> Result<Option<Vec<Recorded>>, sqlx::Error> {
    let mut held = if make {
        make_and_lock_slots(tx, keys, batch).await?
    } else {
        lock_slots(tx, keys).await?
    };
    if held.len() < keys.len() {
        return Ok(None);
    }
    let mut outcomes = Vec::with_capacity(batch.len());
    let mut placed = Vec::with_capacity(batch.len());
    for r in batch {
        let place = held
            .get_mut(&slot_key(r))
            .filter(|(capacity, booked)| r.slot.capacity > 0 && booked < capacity);
        outcomes.push(Recorded::Done(match place {
            Some((_, booked)) => {
                *booked += 1;
                placed.push(*r);
                Reserved::Created {
                    code: r.code.clone(),
                }
            }
            None => Reserved::Full,
        }));
    }
    if !placed.is_empty() {
        write_placed(tx, &held, &placed).await?;
    }
    Ok(Some(outcomes))
}

/// One statement: the slots' new counts, and the placed bookings with their people, phones,
/// texts and audit lines (foreign keys are checked at the statement's end).
async fn write_placed(
    tx: &mut sqlx::PgConnection,
    held: &HashMap<SlotKey, (i64, i64)>,
    placed: &[&Reservation],
) -> Result<(), sqlx::Error> {
    let now = super::now_unix();
    let mut counts: Vec<(&SlotKey, i64)> = held.iter().map(|(k, (_, b))| (k, *b)).collect();
    counts.sort();
    let mut people = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut phones = (Vec::new(), Vec::new());
    let mut audits = (
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
    );
    for r in placed {
        for (position, hash) in r.id_hashes.iter().enumerate() {
            people.0.push(r.code.as_str());
            people.1.push(position as i64);
            people.2.push(r.service.key());
            people.3.push(hash.as_slice());
        }
        let mut hashes: Vec<&Vec<u8>> = r.phone_hashes.iter().collect();
        hashes.sort();
        hashes.dedup();
        for hash in hashes {
            phones.0.push(r.code.as_str());
            phones.1.push(hash.as_slice());
        }
        if let Some(a) = &r.audit {
            audits.0.push(a.actor.as_str());
            audits.1.push(a.role.as_deref());
            audits.2.push(super::staff::audit_network(&a.address));
            audits.3.push(a.action.as_str());
            audits.4.push(r.code.as_str());
            audits.5.push(a.detail.as_str());
        }
    }
    let texts: Vec<&super::outbox::NewMessage> = placed.iter().flat_map(|r| &r.messages).collect();
    sqlx::query(
        "WITH counts AS (
           UPDATE slots s SET booked = c.booked
           FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[])
             AS c(office_id, service, starts_at, booked)
           WHERE s.office_id = c.office_id AND s.service = c.service AND s.starts_at = c.starts_at
             AND s.booked <> c.booked
         ), booking AS (
           INSERT INTO bookings (code, office_id, service, starts_at, status, ceremony,
             idempotency_key, people, created_at, updated_at, stage, first_code, idempotency_fingerprint)
           SELECT b.code, b.office_id, b.service, b.starts_at, $5, FALSE, b.idempotency_key, b.people,
             $6, $6, b.stage, b.first_code, b.fingerprint
           FROM unnest($7::text[], $8::text[], $9::text[], $10::bigint[], $11::text[], $12::bytea[],
             $13::bigint[], $14::text[], $15::bytea[])
             AS b(code, office_id, service, starts_at, idempotency_key, people, stage, first_code, fingerprint)
         ), people AS (
           INSERT INTO booking_people (booking_code, position, service, id_hash, active)
           SELECT p.code, p.position, p.service, p.hash, TRUE
           FROM unnest($16::text[], $17::bigint[], $18::text[], $19::bytea[])
             AS p(code, position, service, hash)
         ), phones AS (
           INSERT INTO booking_phones (booking_code, phone_hash)
           SELECT h.code, h.hash FROM unnest($20::text[], $21::bytea[]) AS h(code, hash)
         ), texts AS (
           INSERT INTO outbox (phone_sealed, phone_masked, body, created_at, template, params_sealed,
             office_id, booking_code, status, next_attempt_at, seal_ref)
           SELECT m.phone_sealed, m.phone_masked, '', $6, m.template, m.params_sealed,
             m.office_id, m.booking_code, $22, $6, m.seal_ref
           FROM unnest($23::bytea[], $24::text[], $25::text[], $26::bytea[], $27::text[],
             $28::text[], $29::text[]) WITH ORDINALITY
             AS m(phone_sealed, phone_masked, template, params_sealed, office_id, booking_code, seal_ref, ord)
           ORDER BY m.ord
         )
         INSERT INTO audit_log (at, actor, role, address, action, record, detail)
         SELECT $6, a.actor, a.role, a.address, a.action, a.record, a.detail
         FROM unnest($30::text[], $31::text[], $32::text[], $33::text[], $34::text[], $35::text[])
           WITH ORDINALITY AS a(actor, role, address, action, record, detail, ord)
         ORDER BY a.ord",
    )
    .bind(counts.iter().map(|(k, _)| k.0.as_str()).collect::<Vec<_>>())
    .bind(counts.iter().map(|(k, _)| k.1).collect::<Vec<_>>())
    .bind(counts.iter().map(|(k, _)| k.2).collect::<Vec<_>>())
    .bind(counts.iter().map(|(_, booked)| *booked).collect::<Vec<_>>())
    .bind(CONFIRMED)
    .bind(now)
    .bind(placed.iter().map(|r| r.code.as_str()).collect::<Vec<_>>())
    .bind(placed.iter().map(|r| r.office_id.as_str()).collect::<Vec<_>>())
    .bind(placed.iter().map(|r| r.service.key()).collect::<Vec<_>>())
    .bind(placed.iter().map(|r| r.slot.start.unix_seconds()).collect::<Vec<_>>())
    .bind(placed.iter().map(|r| r.idempotency_key.as_deref()).collect::<Vec<_>>())
    .bind(placed.iter().map(|r| r.people_sealed.as_slice()).collect::<Vec<_>>())
    .bind(placed.iter().map(|r| i64::from(r.stage)).collect::<Vec<_>>())
    .bind(placed.iter().map(|r| r.first_code.as_deref()).collect::<Vec<_>>())
    .bind(placed.iter().map(|r| r.fingerprint.as_slice()).collect::<Vec<_>>())
    .bind(people.0)
    .bind(people.1)
    .bind(people.2)
    .bind(people.3)
    .bind(phones.0)
    .bind(phones.1)
    .bind(super::outbox::DUE)
    .bind(texts.iter().map(|m| m.phone_sealed.as_slice()).collect::<Vec<_>>())
    .bind(texts.iter().map(|m| m.phone_masked.as_str()).collect::<Vec<_>>())
    .bind(texts.iter().map(|m| m.template.as_str()).collect::<Vec<_>>())
    .bind(texts.iter().map(|m| m.params_sealed.as_slice()).collect::<Vec<_>>())
    .bind(texts.iter().map(|m| m.office_id.as_deref()).collect::<Vec<_>>())
    .bind(texts.iter().map(|m| m.booking_code.as_deref()).collect::<Vec<_>>())
    .bind(texts.iter().map(|m| m.seal_ref.as_str()).collect::<Vec<_>>())
    .bind(audits.0)
    .bind(audits.1)
    .bind(audits.2)
    .bind(audits.3)
    .bind(audits.4)
    .bind(audits.5)
    .execute(&mut *tx)
    .await?;
    Ok(())
}
