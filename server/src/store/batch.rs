//! Group commit of new bookings on SQLite. SQLite has one writer, and a transaction per booking
//! spent most of its time beginning, committing and writing the same pages to the log again. So
//! new bookings queue for one writer task, which records everything waiting (up to
//! [`MAX_BATCH`]) in one transaction.
//!
//! Each booking in a batch still takes its place with the conditional increment, in order, so a
//! slot is never oversold. A booking that meets a unique index (a twin with the same idempotency
//! key, or a person already holding a booking) has what it wrote so far undone inside the same
//! transaction and is settled afterwards, as a single booking would be. If the batch as a whole
//! fails, its bookings are retried one transaction each, so one bad booking cannot sink the rest.
//!
//! The shared limits' hits ([`super::limits`]) are counted by the same writer, in the same
//! batches: every request counts before it is answered, and a count of its own transaction
//! would cost a commit for each request, the very cost a batch shares.

use super::bookings::{record_in, Recorded, Reservation};
use sqlx::SqlitePool;
use tokio::sync::{mpsc, oneshot};

/// The most bookings and hits recorded in one transaction.
pub const MAX_BATCH: usize = 64;
/// How many jobs may wait for the writer before callers wait to queue.
const QUEUE: usize = 4096;

/// One hit of a shared limit: its bucket, the keyed hash of what it counts, and its window.
#[derive(Clone, Debug)]
pub struct Hit {
    pub bucket: String,
    pub key_hash: Vec<u8>,
    pub window_start: i64,
    pub expires_at: i64,
}

enum Work {
    Book(Box<Reservation>),
    Count(Hit),
}

enum Outcome {
    Recorded(Recorded),
    Hits(i64),
}

struct Job {
    work: Work,
    done: oneshot::Sender<Result<Outcome, sqlx::Error>>,
}

/// The queue to the writer task.
#[derive(Clone, Debug)]
pub struct BookingWriter {
    jobs: mpsc::Sender<Job>,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Job(..)")
    }
}

impl BookingWriter {
    /// Starts the writer task on `writer` (the store's single write connection).
    pub fn start(writer: SqlitePool) -> BookingWriter {
        let (jobs, queue) = mpsc::channel(QUEUE);
        tokio::spawn(run(writer, queue));
        BookingWriter { jobs }
    }

    /// Whether the writer task still takes bookings (readiness reports it).
    pub fn is_running(&self) -> bool {
        !self.jobs.is_closed()
    }

    /// Records one reservation, in whatever batch it joins.
    pub async fn record(&self, reservation: Reservation) -> Result<Recorded, sqlx::Error> {
        match self.run(Work::Book(Box::new(reservation))).await? {
            Outcome::Recorded(recorded) => Ok(recorded),
            Outcome::Hits(_) => Err(sqlx::Error::Protocol("a booking answered as a hit".into())),
        }
    }

    /// Counts one hit, in whatever batch it joins; answers the window's hits, this one included.
    pub async fn count_hit(&self, hit: Hit) -> Result<i64, sqlx::Error> {
        match self.run(Work::Count(hit)).await? {
            Outcome::Hits(hits) => Ok(hits),
            Outcome::Recorded(_) => {
                Err(sqlx::Error::Protocol("a hit answered as a booking".into()))
            }
        }
    }

    async fn run(&self, work: Work) -> Result<Outcome, sqlx::Error> {
        let (done, answer) = oneshot::channel();
        self.jobs
            .send(Job { work, done })
            .await
            .map_err(|_| sqlx::Error::PoolClosed)?;
        answer.await.map_err(|_| sqlx::Error::PoolClosed)?
    }
}

async fn run(writer: SqlitePool, mut queue: mpsc::Receiver<Job>) {
    let mut jobs = Vec::with_capacity(MAX_BATCH);
    while queue.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        let batch = std::mem::replace(&mut jobs, Vec::with_capacity(MAX_BATCH));
        // Each batch runs as a task of its own: should one panic, its transaction is rolled
        // back, its callers get an error (their answer is dropped), and the writer goes on.
        if let Err(error) = tokio::spawn(write(writer.clone(), batch)).await {
            tracing::error!(%error, "a booking batch ended abnormally; its bookings were not recorded");
        }
    }
}

/// Records a batch in one transaction, or, if that fails, each booking in its own.
async fn write(writer: SqlitePool, mut jobs: Vec<Job>) {
    match record_batch(&writer, &jobs).await {
        Ok(outcomes) => {
            for (job, outcome) in jobs.drain(..).zip(outcomes) {
                // A caller that gave up waiting no longer needs the answer.
                let _ = job.done.send(Ok(outcome));
            }
        }
        Err(error) => {
            tracing::warn!(%error, jobs = jobs.len(), "booking batch failed; recording one by one");
            for job in jobs.drain(..) {
                let outcome = record_batch(&writer, std::slice::from_ref(&job))
                    .await
                    .map(|mut o| o.remove(0));
                let _ = job.done.send(outcome);
            }
        }
    }
}

async fn record_batch(writer: &SqlitePool, jobs: &[Job]) -> Result<Vec<Outcome>, sqlx::Error> {
    let mut tx = writer.begin_with("BEGIN IMMEDIATE").await?;
    let mut outcomes = Vec::with_capacity(jobs.len());
    for job in jobs {
        outcomes.push(match &job.work {
            Work::Book(reservation) => Outcome::Recorded(record_in(&mut tx, reservation).await?),
            Work::Count(hit) => Outcome::Hits(
                sqlx::query_scalar::<_, i64>(super::limits::COUNT_HIT)
                    .bind(&hit.bucket)
                    .bind(&hit.key_hash)
                    .bind(hit.window_start)
                    .bind(hit.expires_at)
                    .fetch_one(&mut *tx)
                    .await?,
            ),
        });
    }
    tx.commit().await?;
    Ok(outcomes)
}
