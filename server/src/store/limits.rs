//! Counters for the limits every server shares, and the codes sent to phones.

use super::{in_write_tx, with_reader, Store};

/// A stored verification: what a code was sent for and how it is checked.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct VerificationRow {
    pub purpose: String,
    pub subject: String,
    pub phone_hash: Vec<u8>,
    pub code_hash: Vec<u8>,
    pub tries: i64,
    /// Whether this try used the code up (it was the right one).
    pub used: bool,
}

/// Counts one hit in a window and answers the window's hits, this one included.
pub(super) const COUNT_HIT: &str =
    "INSERT INTO rate_counts (bucket, key_hash, window_start, hits, expires_at)
     VALUES ($1, $2, $3, 1, $4)
     ON CONFLICT (bucket, key_hash, window_start)
     DO UPDATE SET hits = rate_counts.hits + 1
     RETURNING hits";

/// PostgreSQL's commit of a counted hit does not wait for the log to reach the disk: set for
/// the statement's own transaction only (`set_config(…, true)`), joined to the count so that it
/// runs. A hit is a counter, not a record: should PostgreSQL or its machine crash (or, with
/// synchronous replication, a standby take over), the hits of its last fraction of a second may
/// be lost and a limit counts from a little lower. Bookings, codes, a code's own tries and
/// sign-in lock-outs are committed as ever. It spares each request a wait for the disk. Only
/// for a statement on its own: inside a transaction it would relax the whole transaction.
pub(super) const RELAXED_COMMIT: &str =
    "relaxed AS (SELECT set_config('synchronous_commit', 'off', true) AS setting)";

impl Store {
    /// Counts one hit of `key_hash` in `bucket`'s window starting at `window_start`, and answers
    /// the hits so far in that window, this one included. One statement, so parallel requests on
    /// any number of servers each get their own count.
    pub async fn count_hit(
        &self,
        bucket: &str,
        key_hash: &[u8],
        window_start: i64,
        expires_at: i64,
    ) -> Result<i64, sqlx::Error> {
        match self {
            // Through the writer's queue: hits counted at the same moment share one commit with
            // each other and with the bookings waiting (see `batch`).
            Store::Sqlite(s) => {
                s.bookings
                    .count_hit(super::batch::Hit {
                        bucket: bucket.to_string(),
                        key_hash: key_hash.to_vec(),
                        window_start,
                        expires_at,
                    })
                    .await
            }
            // One statement on its own: one round trip, its own commit.
            Store::Postgres(pg) => {
                let pool = &pg.pool;
                let sql = format!(
                    "WITH hit AS ({COUNT_HIT}), {RELAXED_COMMIT} SELECT hit.hits FROM hit, relaxed"
                );
                sqlx::query_scalar::<_, i64>(&sql)
                    .bind(bucket)
                    .bind(key_hash)
                    .bind(window_start)
                    .bind(expires_at)
                    .fetch_one(pool)
                    .await
            }
        }
    }

    /// Counts one hit of each (bucket, key hash, window start, expiry) in one transaction;
    /// answers the hits so far of each, in order.
    pub async fn count_hits(
        &self,
        hits: &[(&str, Vec<u8>, i64, i64)],
    ) -> Result<Vec<i64>, sqlx::Error> {
        let counts = in_write_tx!(self, |tx| {
            let mut counts = Vec::with_capacity(hits.len());
            for (bucket, key_hash, window_start, expires_at) in hits {
                counts.push(
                    sqlx::query_scalar::<_, i64>(COUNT_HIT)
                        .bind(*bucket)
                        .bind(key_hash)
                        .bind(*window_start)
                        .bind(*expires_at)
                        .fetch_one(&mut *tx)
                        .await?,
                );
            }
            counts
        });
        Ok(counts)
    }

    /// Deletes counters and verifications whose time is over; answers how many rows went.
    pub async fn forget_expired_limits(&self, now: i64) -> Result<u64, sqlx::Error> {
        let deleted = in_write_tx!(self, |tx| {
            let counts = sqlx::query("DELETE FROM rate_counts WHERE expires_at < $1")
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            // Kept a day past expiry: the time of the last code per phone paces new ones.
            let codes = sqlx::query("DELETE FROM verifications WHERE expires_at < $1")
                .bind(now - 86_400)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            counts + codes
        });
        Ok(deleted)
    }

    /// When the last code for `purpose` went to this phone (Unix seconds), if any.
    pub async fn last_verification_at(
        &self,
        purpose: &str,
        phone_hash: &[u8],
    ) -> Result<Option<i64>, sqlx::Error> {
        with_reader!(self, |pool| {
            sqlx::query_scalar(
                "SELECT MAX(created_at) FROM verifications WHERE phone_hash = $1 AND purpose = $2",
            )
            .bind(phone_hash)
            .bind(purpose)
            .fetch_one(pool)
            .await
        })
    }

    /// Records a verification and queues its message, together.
    #[allow(clippy::too_many_arguments)]
    pub async fn create_verification(
        &self,
        id: &str,
        purpose: &str,
        subject: &str,
        phone_hash: &[u8],
        code_hash: &[u8],
        now: i64,
        expires_at: i64,
        messages: &[super::outbox::NewMessage],
    ) -> Result<(), sqlx::Error> {
        in_write_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO verifications (id, purpose, subject, phone_hash, code_hash, created_at, expires_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(purpose)
            .bind(subject)
            .bind(phone_hash)
            .bind(code_hash)
            .bind(now)
            .bind(expires_at)
            .execute(&mut *tx)
            .await?;
            for message in messages {
                super::outbox::queue_in(&mut tx, message, now).await?;
            }
        });
        Ok(())
    }

    /// Counts a try of the verification `id` and, in the same statement, uses it up when
    /// `code_hash`, `purpose`, `subject` and (when given) `phone_hash` are its own. Answers the
    /// row when the verification was still usable (unused, unexpired, tries left: `max_tries`
    /// counted with this one); its `used` says whether this try was the right one.
    #[allow(clippy::too_many_arguments)]
    pub async fn try_verification(
        &self,
        id: &str,
        now: i64,
        max_tries: i64,
        code_hash: &[u8],
        purpose: &str,
        subject: &str,
        phone_hash: Option<&[u8]>,
    ) -> Result<Option<VerificationRow>, sqlx::Error> {
        let phone = if phone_hash.is_some() {
            "AND phone_hash = $7"
        } else {
            "AND $7 = $7"
        };
        let sql = format!(
            "UPDATE verifications SET tries = tries + 1,
               used_at = CASE WHEN code_hash = $4 AND purpose = $5 AND subject = $6 {phone}
                              THEN $2 ELSE NULL END
             WHERE id = $1 AND used_at IS NULL AND expires_at > $2 AND tries < $3
             RETURNING purpose, subject, phone_hash, code_hash, tries, used_at IS NOT NULL AS used"
        );
        let row = in_write_tx!(self, |tx| {
            sqlx::query_as::<_, VerificationRow>(&sql)
                .bind(id)
                .bind(now)
                .bind(max_tries)
                .bind(code_hash)
                .bind(purpose)
                .bind(subject)
                .bind(phone_hash.unwrap_or(code_hash))
                .fetch_optional(&mut *tx)
                .await?
        });
        Ok(row)
    }
}
