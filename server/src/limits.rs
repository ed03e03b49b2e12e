//! Limits every server of a deployment shares: hits per key in fixed windows, counted in the
//! database before the answer (so parallel requests, on any server, cannot slip past a check
//! made before the count). Keys are keyed hashes, never an address, phone or ID number.

use crate::{crypto::DataCipher, store::Store};

/// At most `max` hits per `window` seconds per key.
#[derive(Clone, Copy, Debug)]
pub struct Limit {
    pub bucket: &'static str,
    pub max: i64,
    pub window: i64,
}

const MINUTE: i64 = 60;
const DAY: i64 = 86_400;

/// Opening a booking: tries per booking code, and per client address (IPv6 by /64).
pub const LOOKUP_PER_CODE: Limit = Limit {
    bucket: "lookup-code",
    max: 10,
    window: 15 * MINUTE,
};
pub const LOOKUP_PER_ADDRESS: Limit = Limit {
    bucket: "lookup-address",
    max: 30,
    window: 15 * MINUTE,
};
/// Codes sent, per phone, per ID number and per client address, per day.
pub const CODES_PER_PHONE: Limit = Limit {
    bucket: "code-phone",
    max: 8,
    window: DAY,
};
pub const CODES_PER_ID: Limit = Limit {
    bucket: "code-id",
    max: 8,
    window: DAY,
};
pub const CODES_PER_ADDRESS: Limit = Limit {
    bucket: "code-address",
    max: 40,
    window: DAY,
};
/// Lost booking codes texted again, per phone per day (each a text to that phone).
pub const RECOVERIES_PER_PHONE: Limit = Limit {
    bucket: "recover-phone",
    max: 3,
    window: DAY,
};
/// An enrolled kiosk serves a hall of strangers: it counts as one client with a larger allowance.
pub const CODES_PER_KIOSK: Limit = Limit {
    bucket: "code-kiosk",
    max: 600,
    window: DAY,
};
/// Code checks per client address (a code has its own five tries on top).
pub const CODE_CHECKS_PER_ADDRESS: Limit = Limit {
    bucket: "code-check-address",
    max: 60,
    window: 15 * MINUTE,
};

/// Over the limit: try again after this many seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OverLimit {
    pub retry_after: i64,
}

/// One counter row: a key's hits in one window of a limit.
#[derive(Clone, Debug)]
pub struct Counter {
    pub bucket: &'static str,
    pub key_hash: Vec<u8>,
    pub window_start: i64,
    pub expires_at: i64,
}

impl Counter {
    /// Whether `hits` (this one included) are within `limit`.
    pub fn judge(&self, limit: Limit, hits: i64, now: i64) -> Result<(), OverLimit> {
        if hits > limit.max {
            Err(OverLimit {
                retry_after: self.expires_at - now,
            })
        } else {
            Ok(())
        }
    }
}

/// The shared counters.
#[derive(Clone)]
pub struct Limiter {
    store: Store,
    cipher: DataCipher,
}

impl Limiter {
    pub fn new(store: Store, cipher: DataCipher) -> Limiter {
        Limiter { store, cipher }
    }

    /// The counter row a hit of `key` against `limit` at `now` (Unix seconds) goes to.
    pub fn counter(&self, limit: Limit, key: &str, now: i64) -> Counter {
        let window_start = now - now.rem_euclid(limit.window);
        Counter {
            bucket: limit.bucket,
            key_hash: self.cipher.lookup_hash(&format!("{}\n{key}", limit.bucket)),
            window_start,
            expires_at: window_start + limit.window,
        }
    }

    /// Counts a hit of `key` against `limit` at `now` (Unix seconds), then answers whether it
    /// was within the limit.
    pub async fn hit(
        &self,
        limit: Limit,
        key: &str,
        now: i64,
    ) -> Result<Result<(), OverLimit>, sqlx::Error> {
        let counter = self.counter(limit, key, now);
        let hits = self
            .store
            .count_hit(
                counter.bucket,
                &counter.key_hash,
                counter.window_start,
                counter.expires_at,
            )
            .await?;
        Ok(counter.judge(limit, hits, now))
    }

    /// Counts a hit against each (limit, key), in one transaction; over if any is over (all
    /// are counted).
    pub async fn hit_all(
        &self,
        hits: &[(Limit, &str)],
        now: i64,
    ) -> Result<Result<(), OverLimit>, sqlx::Error> {
        let rows: Vec<(&str, Vec<u8>, i64, i64)> = hits
            .iter()
            .map(|(limit, key)| {
                let window_start = now - now.rem_euclid(limit.window);
                (
                    limit.bucket,
                    self.cipher.lookup_hash(&format!("{}\n{key}", limit.bucket)),
                    window_start,
                    window_start + limit.window,
                )
            })
            .collect();
        let counts = self.store.count_hits(&rows).await?;
        let worst = hits
            .iter()
            .zip(&rows)
            .zip(&counts)
            .filter(|(((limit, _), _), hits)| **hits > limit.max)
            .map(|((_, (_, _, _, expires)), _)| expires - now)
            .max();
        Ok(worst.map_or(Ok(()), |retry_after| Err(OverLimit { retry_after })))
    }
}
