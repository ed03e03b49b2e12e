//! The sealed values at rest, all in one place: the people of bookings, queued messages' phones
//! and parameters, staff second-factor secrets, and the look-up key itself.
//!
//! A database's first start binds every value sealed before values carried their place (see
//! `crypto::Place`) and stores the look-up key; `server keys rotate` re-seals every value under
//! a new data key. Each is one transaction: all or nothing, on both stores.

use super::{
    in_write_tx,
    staff::{audit_in, AuditEntry},
    with_reader, Store,
};
use crate::{
    crypto::{self, DataCipher, Place},
    keys::Keys,
};

/// Why the sealed values could not be re-sealed.
#[derive(Debug)]
pub enum ResealError {
    Store(sqlx::Error),
    /// A value that does not open with the key given: the key is not this database's.
    Unreadable {
        table: &'static str,
        column: &'static str,
        row: String,
    },
}

impl From<sqlx::Error> for ResealError {
    fn from(error: sqlx::Error) -> ResealError {
        ResealError::Store(error)
    }
}

impl std::fmt::Display for ResealError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ResealError::Store(e) => write!(f, "database error: {e}"),
            ResealError::Unreadable { table, column, row } => write!(
                f,
                "{table}.{column} of row {row} does not open with this data key: it is not \
                 the key this database was sealed with"
            ),
        }
    }
}

impl std::error::Error for ResealError {}

/// A queued message's id, reference, sealed phone and sealed parameters.
type MessageSeals = (i64, Option<String>, Vec<u8>, Option<Vec<u8>>);
/// A staff account's id and its sealed confirmed and pending second-factor secrets.
type AccountSeals = (i64, Option<Vec<u8>>, Option<Vec<u8>>);

/// How many values were re-sealed, by kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Resealed {
    pub bookings: usize,
    pub messages: usize,
    pub second_factors: usize,
}

/// Opens a stored value for re-sealing: bound to its place, or (on a database's first start
/// only) from before values were bound.
struct Opener<'a> {
    cipher: &'a DataCipher,
    unbound_too: bool,
}

impl Opener<'_> {
    fn open(&self, at: Place<'_>, sealed: &[u8]) -> Result<Vec<u8>, ResealError> {
        self.cipher
            .open(at, sealed)
            .or_else(|| {
                self.unbound_too
                    .then(|| self.cipher.open_unbound(sealed))
                    .flatten()
            })
            .ok_or_else(|| ResealError::Unreadable {
                table: at.table,
                column: at.column,
                row: at.row.to_string(),
            })
    }
}

impl Store {
    /// The cipher of this database under `keys`: its stored look-up key opened with the data
    /// key. `None` when the data key is not the one the database was sealed with. On the first
    /// start of a database it stores the look-up key (derived from the data key, as before it was
    /// stored) and binds any value sealed before values carried their place.
    pub async fn data_cipher(&self, keys: &Keys) -> Result<Option<DataCipher>, ResealError> {
        if let Some(sealed) = self.stored_lookup_key().await? {
            return Ok(open_lookup_key(keys, &sealed));
        }
        let cipher = DataCipher::new(keys);
        let opener = Opener {
            cipher: &cipher,
            unbound_too: true,
        };
        match self.reseal(&opener, &cipher, None).await {
            Ok(_) => Ok(Some(cipher)),
            // Another server stored the key first: use what it stored.
            Err(ResealError::Store(sqlx::Error::Database(e))) if e.is_unique_violation() => {
                let sealed = self
                    .stored_lookup_key()
                    .await?
                    .ok_or_else(|| ResealError::Store(sqlx::Error::RowNotFound))?;
                Ok(open_lookup_key(keys, &sealed))
            }
            Err(e) => Err(e),
        }
    }

    /// Re-seals every sealed value, and the look-up key, from `old`'s data key to `new`'s, in one
    /// transaction. `old` must open every value. The look-up key, and so every look-up hash,
    /// stays as it is.
    pub async fn rotate_data_key(
        &self,
        old: &DataCipher,
        new_keys: &Keys,
        line: &AuditEntry,
    ) -> Result<Resealed, ResealError> {
        let new = DataCipher::with_lookup_key(new_keys, *old.lookup_key());
        let opener = Opener {
            cipher: old,
            unbound_too: false,
        };
        self.reseal(&opener, &new, Some(line)).await
    }

    async fn stored_lookup_key(&self) -> Result<Option<Vec<u8>>, sqlx::Error> {
        with_reader!(self, |pool| {
            sqlx::query_scalar::<_, Vec<u8>>("SELECT lookup_sealed FROM key_state WHERE id = 1")
                .fetch_optional(pool)
                .await
        })
    }

    /// Opens every sealed value with `opener` and seals it again with `new`, and stores the
    /// look-up key sealed with `new`, in one transaction: a rotation with its audit line, or
    /// (without one) the database's first store of the look-up key.
    async fn reseal(
        &self,
        opener: &Opener<'_>,
        new: &DataCipher,
        rotation: Option<&AuditEntry>,
    ) -> Result<Resealed, ResealError> {
        let first = rotation.is_none();
        let now = super::now_unix();
        let mut count = Resealed::default();
        let lookup_sealed = new.seal(Place::lookup_key(), new.lookup_key());
        in_write_tx!(self, |tx| {
            if first {
                // A second server starting at once fails here on the key (and rolls back).
                sqlx::query("INSERT INTO key_state (id, lookup_sealed) VALUES (1, $1)")
                    .bind(&lookup_sealed)
                    .execute(&mut *tx)
                    .await?;
            } else {
                let changed = sqlx::query(
                    "UPDATE key_state SET lookup_sealed = $1, rotated_at = $2 WHERE id = 1",
                )
                .bind(&lookup_sealed)
                .bind(now)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if changed != 1 {
                    return Err(ResealError::Store(sqlx::Error::RowNotFound));
                }
            }

            let bookings: Vec<(String, Vec<u8>)> =
                sqlx::query_as("SELECT code, people FROM bookings WHERE people IS NOT NULL")
                    .fetch_all(&mut *tx)
                    .await?;
            for (code, sealed) in bookings {
                let at = Place::booking_people(&code);
                let plain = opener.open(at, &sealed)?;
                sqlx::query("UPDATE bookings SET people = $1 WHERE code = $2")
                    .bind(new.seal(at, &plain))
                    .bind(&code)
                    .execute(&mut *tx)
                    .await?;
                count.bookings += 1;
            }

            let messages: Vec<MessageSeals> = sqlx::query_as(
                "SELECT id, seal_ref, phone_sealed, params_sealed FROM outbox ORDER BY id",
            )
            .fetch_all(&mut *tx)
            .await?;
            for (id, seal_ref, phone, params) in messages {
                let (phone, params) = match &seal_ref {
                    Some(r) => (
                        opener.open(Place::message_phone(r), &phone)?,
                        params
                            .map(|p| opener.open(Place::message_params(r), &p))
                            .transpose()?,
                    ),
                    // Sealed before messages had a reference: only ever unbound.
                    None => {
                        let row = id.to_string();
                        let unbound = |column: &'static str, sealed: &[u8]| {
                            opener
                                .unbound_too
                                .then(|| opener.cipher.open_unbound(sealed))
                                .flatten()
                                .ok_or_else(|| ResealError::Unreadable {
                                    table: "outbox",
                                    column,
                                    row: row.clone(),
                                })
                        };
                        (
                            unbound("phone_sealed", &phone)?,
                            params.map(|p| unbound("params_sealed", &p)).transpose()?,
                        )
                    }
                };
                let seal_ref = seal_ref.unwrap_or_else(new_seal_ref);
                sqlx::query(
                    "UPDATE outbox SET seal_ref = $1, phone_sealed = $2, params_sealed = $3
                     WHERE id = $4",
                )
                .bind(&seal_ref)
                .bind(new.seal(Place::message_phone(&seal_ref), &phone))
                .bind(
                    params
                        .as_deref()
                        .map(|p| new.seal(Place::message_params(&seal_ref), p)),
                )
                .bind(id)
                .execute(&mut *tx)
                .await?;
                count.messages += 1;
            }

            let accounts: Vec<AccountSeals> = sqlx::query_as(
                "SELECT id, totp_sealed, totp_pending_sealed FROM staff_accounts
                 WHERE totp_sealed IS NOT NULL OR totp_pending_sealed IS NOT NULL",
            )
            .fetch_all(&mut *tx)
            .await?;
            for (id, confirmed, pending) in accounts {
                let row = id.to_string();
                let reseal = |at: Place<'_>, sealed: Option<Vec<u8>>| {
                    sealed
                        .map(|s| opener.open(at, &s).map(|plain| new.seal(at, &plain)))
                        .transpose()
                };
                let confirmed = reseal(Place::second_factor(&row), confirmed)?;
                let pending = reseal(Place::pending_second_factor(&row), pending)?;
                sqlx::query(
                    "UPDATE staff_accounts SET totp_sealed = $1, totp_pending_sealed = $2
                     WHERE id = $3",
                )
                .bind(confirmed)
                .bind(pending)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                count.second_factors += 1;
            }
            if let Some(line) = rotation {
                let line = AuditEntry {
                    detail: format!(
                        "bookings={} messages={} second_factors={}",
                        count.bookings, count.messages, count.second_factors
                    ),
                    ..line.clone()
                };
                audit_in(&mut tx, &line, now).await?;
            }
        });
        Ok(count)
    }
}

fn open_lookup_key(keys: &Keys, sealed: &[u8]) -> Option<DataCipher> {
    // The look-up key is opened with the data key alone; the derived one only seals it.
    let opening = DataCipher::with_lookup_key(keys, crypto::first_lookup_key(&keys.data));
    let key: [u8; 32] = opening.open(Place::lookup_key(), sealed)?.try_into().ok()?;
    Some(DataCipher::with_lookup_key(keys, key))
}

/// A new message's random reference, that its sealed phone and parameters are bound to.
pub fn new_seal_ref() -> String {
    hex::encode(rand::random::<[u8; 16]>())
}
