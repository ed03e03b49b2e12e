//! Trusted integrators: a city's own app platform, which has verified the resident itself, books
//! through the API with a key (`Authorization: Bearer bmk_…`) instead of a code sent to a phone.
//! Keys are issued and revoked by an admin and shown once; only a keyed hash of the secret is
//! kept. A key may only book, at most [`BOOKINGS_PER_MINUTE`] a minute, and each booking it makes
//! is audited under its name.

use crate::{crypto::DataCipher, limits::Limit, store::Store};

/// The allowance of one key.
pub const BOOKINGS_PER_MINUTE: i64 = 6_000;
pub const PER_KEY: Limit = Limit {
    bucket: "integrator-key",
    max: BOOKINGS_PER_MINUTE,
    window: 60,
};

const PREFIX: &str = "bmk_";

/// An integrator a request's key names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Integrator {
    pub id: String,
    pub name: String,
}

fn secret_hash(cipher: &DataCipher, secret: &str) -> Vec<u8> {
    cipher.lookup_hash(&format!("integrator key\n{secret}"))
}

/// Issues a key for `name`, with the audit line `line` (its record the new id): answers its id
/// and the key, to be shown once.
pub async fn issue(
    store: &Store,
    cipher: &DataCipher,
    name: &str,
    line: &crate::store::staff::AuditEntry,
) -> Result<(String, String), sqlx::Error> {
    let id = hex::encode(rand::random::<[u8; 6]>());
    let secret = hex::encode(rand::random::<[u8; 24]>());
    let line = crate::store::staff::AuditEntry {
        record: Some(id.clone()),
        ..line.clone()
    };
    store
        .create_integrator_key(&id, name, &secret_hash(cipher, &secret), &line.actor, &line)
        .await?;
    Ok((id.clone(), format!("{PREFIX}{id}_{secret}")))
}

/// The integrator of `token` (an `Authorization` header's value), when the key is known and not
/// revoked, with this request counted against the key's allowance [`PER_KEY`] at `now` (Unix
/// seconds): over it, the `Err`. A token that names no valid key counts nothing.
pub async fn authenticate(
    store: &Store,
    cipher: &DataCipher,
    limiter: &crate::limits::Limiter,
    token: &str,
    now: i64,
) -> Result<Option<(Integrator, Result<(), crate::limits::OverLimit>)>, sqlx::Error> {
    let token = token.trim();
    let Some(rest) = token
        .strip_prefix("Bearer ")
        .unwrap_or(token)
        .trim()
        .strip_prefix(PREFIX)
    else {
        return Ok(None);
    };
    let Some((id, secret)) = rest.split_once('_') else {
        return Ok(None);
    };
    if id.len() != 12 || secret.len() != 48 {
        return Ok(None);
    }
    let counter = limiter.counter(PER_KEY, id, now);
    let found = store
        .integrator_key_counted(
            id,
            &secret_hash(cipher, secret),
            (
                counter.bucket,
                &counter.key_hash,
                counter.window_start,
                counter.expires_at,
            ),
        )
        .await?;
    Ok(found.map(|(id, name, hits)| (Integrator { id, name }, counter.judge(PER_KEY, hits, now))))
}
