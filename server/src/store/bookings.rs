//! Offices, slots and bookings. A booking takes its place with one conditional increment
//! (`booked < capacity`) inside the transaction that records it, so a slot never takes more
//! bookings than it has places, on SQLite (one writer) and on PostgreSQL (the row lock the
//! increment takes), under any number of concurrent requests. PostgreSQL's group commit
//! ([`super::pg_batch`]) holds the same row lock from its count's read to the commit.

use super::{
    in_write_tx, now_unix,
    staff::{audit_in, AuditEntry},
    with_reader, Store,
};
use app::domain::booking::{schedule::Slot, Service};

/// A registry office as stored.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct OfficeRow {
    pub id: String,
    pub region_id: String,
    pub name_zh: String,
    pub name_en: String,
    pub address_zh: String,
    pub address_en: String,
    pub latitude: f64,
    pub longitude: f64,
    pub phone: String,
    pub has_ceremony_hall: bool,
    pub is_sample: bool,
    pub schedule: String,
}

/// What a new booking takes and records. Personal data arrives sealed and hashed.
#[derive(Clone, Debug)]
pub struct Reservation {
    pub code: String,
    pub office_id: String,
    pub service: Service,
    pub slot: Slot,
    /// The ceremony slot to take a place in too, for a marriage with a ceremony.
    pub ceremony_slot: Option<Slot>,
    /// 1, or 2 for a divorce's second appointment (which names the first in `first_code`).
    pub stage: u8,
    pub first_code: Option<String>,
    pub idempotency_key: Option<String>,
    /// A keyed hash of what was asked (office, service, times, people): a key answers only the
    /// request it came with.
    pub fingerprint: Vec<u8>,
    pub people_sealed: Vec<u8>,
    /// The audit line of a booking made by an agent or an integrator (its record is the code),
    /// written in the booking's own transaction.
    pub audit: Option<super::staff::AuditEntry>,
    pub id_hashes: Vec<Vec<u8>>,
    /// Keyed hashes of the people's phone numbers, for the hotline's look-up by phone.
    pub phone_hashes: Vec<Vec<u8>>,
    /// Text messages to queue when the booking is made.
    pub messages: Vec<super::outbox::NewMessage>,
}

/// How a reservation ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reserved {
    Created {
        code: String,
    },
    /// The idempotency key was used, within its day, for a different request.
    KeyReused,
    /// The idempotency key was used before: the booking it made.
    Existing {
        code: String,
    },
    /// No place left in the slot.
    Full,
    /// No ceremony place left at this time (the slot itself had one).
    CeremonyFull,
    /// This person (by position) already holds an active booking of this kind.
    PersonHasBooking {
        position: usize,
    },
}

/// How moving a booking ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moved {
    Moved,
    Full,
    CeremonyFull,
    NotConfirmed,
}

/// The service key of ceremony places.
pub(super) const CEREMONY: &str = "ceremony";

/// A stored booking.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct BookingRow {
    pub code: String,
    pub office_id: String,
    pub service: String,
    pub starts_at: i64,
    pub status: String,
    pub ceremony: bool,
    pub people: Option<Vec<u8>>,
    pub stage: i64,
    pub first_code: Option<String>,
    /// For a divorce application: the day (YYYY-MM-DD) the office received it.
    pub received_on: Option<String>,
    /// For a received divorce application: its second appointment not cancelled, if booked.
    pub second_code: Option<String>,
}

pub const CONFIRMED: &str = "confirmed";
pub const CANCELLED: &str = "cancelled";
/// How long an idempotency key answers with its booking.
pub const IDEMPOTENCY_SECONDS: i64 = 24 * 3600;
pub const ATTENDED: &str = "attended";
/// The couple did not come: counts against the booking limits like a cancellation, only more.
pub const NO_SHOW: &str = "no_show";

/// `$first, $first+1, …`: `count` numbered placeholders.
fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(e) if e.is_unique_violation())
}

impl Store {
    /// Replaces offices and holiday years, all or none.
    pub async fn save_booking_data(
        &self,
        offices: &[OfficeRow],
        holiday_years: &[(i32, String)],
    ) -> Result<(), sqlx::Error> {
        let now = now_unix();
        in_write_tx!(self, |tx| {
            for office in offices {
                sqlx::query(
                    "INSERT INTO offices (id, region_id, name_zh, name_en, address_zh, address_en, latitude,
                       longitude, phone, has_ceremony_hall, is_sample, schedule, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                     ON CONFLICT (id) DO UPDATE SET region_id = excluded.region_id,
                       name_zh = excluded.name_zh, name_en = excluded.name_en,
                       address_zh = excluded.address_zh, address_en = excluded.address_en,
                       latitude = excluded.latitude, longitude = excluded.longitude,
                       phone = excluded.phone, has_ceremony_hall = excluded.has_ceremony_hall,
                       is_sample = excluded.is_sample, schedule = excluded.schedule,
                       updated_at = excluded.updated_at",
                )
                .bind(&office.id)
                .bind(&office.region_id)
                .bind(&office.name_zh)
                .bind(&office.name_en)
                .bind(&office.address_zh)
                .bind(&office.address_en)
                .bind(office.latitude)
                .bind(office.longitude)
                .bind(&office.phone)
                .bind(office.has_ceremony_hall)
                .bind(office.is_sample)
                .bind(&office.schedule)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            for (year, content) in holiday_years {
                sqlx::query(
                    "INSERT INTO holiday_years (year, content, loaded_at) VALUES ($1, $2, $3)
                     ON CONFLICT (year) DO UPDATE SET content = excluded.content,
                       loaded_at = excluded.loaded_at",
                )
                .bind(i64::from(*year))
                .bind(content)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
        });
        Ok(())
    }

    /// Adds or replaces one office.
    pub async fn save_office(&self, office: &OfficeRow) -> Result<(), sqlx::Error> {
        self.save_booking_data(std::slice::from_ref(office), &[])
            .await
    }

    /// Removes an office that has never been booked; false when it is unknown or has bookings.
    pub async fn delete_office(&self, id: &str) -> Result<bool, sqlx::Error> {
        let deleted = in_write_tx!(self, |tx| {
            sqlx::query(
                "DELETE FROM offices WHERE id = $1
                 AND NOT EXISTS (SELECT 1 FROM bookings WHERE office_id = $1)",
            )
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
        });
        Ok(deleted == 1)
    }

    /// Deletes personal data that no longer serves anyone: the people of bookings whose
    /// appointment was before `before` (Unix seconds) and old queued messages. The ID hash of a
    /// cancelled booking is kept for `keep_strikes_after` onwards (the no-show and cancellation
    /// limits look back that far); the anonymous counts stay. Returns (bookings, messages) cleared.
    pub async fn forget_personal_data(
        &self,
        before: i64,
        keep_strikes_after: i64,
    ) -> Result<(u64, u64), sqlx::Error> {
        let cleared = in_write_tx!(self, |tx| {
            let bookings = sqlx::query(
                "UPDATE bookings SET people = NULL WHERE starts_at < $1 AND people IS NOT NULL",
            )
            .bind(before)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            sqlx::query(
                "DELETE FROM booking_people WHERE booking_code IN (
                   SELECT code FROM bookings WHERE starts_at < $1
                     AND (status = $2 OR updated_at < $3))",
            )
            .bind(before)
            .bind(CONFIRMED)
            .bind(keep_strikes_after)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "DELETE FROM booking_phones WHERE booking_code IN (
                   SELECT code FROM bookings WHERE starts_at < $1)",
            )
            .bind(before)
            .execute(&mut *tx)
            .await?;
            let messages = sqlx::query("DELETE FROM outbox WHERE created_at < $1")
                .bind(before)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            (bookings, messages)
        });
        Ok(cleared)
    }

    /// The residents' own cancellations and the no-shows of these people (by ID hash) since
    /// `since` (Unix seconds); cancellations by an agent or by the office do not count:
    /// (which person, when, the booking's status), for the booking limits. One query for all.
    pub async fn strikes_since(
        &self,
        id_hashes: &[Vec<u8>],
        since: i64,
    ) -> Result<Vec<(usize, i64, String)>, sqlx::Error> {
        if id_hashes.is_empty() {
            return Ok(Vec::new());
        }
        // PostgreSQL soon runs a prepared statement on a generic plan made with the table
        // statistics of that moment; on a young database such plans scanned every booking on
        // each call (3.8-5.3 ms instead of 0.06 ms, in one bench run in three). So the look-up
        // is not kept prepared (planned with its values on each call), and the lateral look-up
        // with LIMIT starts from the people's ID hashes (an index), then each one's booking by
        // its key.
        let booking = match self {
            Store::Postgres(_) => {
                "CROSS JOIN LATERAL (SELECT updated_at, status, cancelled_by FROM bookings
                   WHERE code = p.booking_code LIMIT 1) b"
            }
            Store::Sqlite(_) => "JOIN bookings b ON b.code = p.booking_code",
        };
        let sql = format!(
            "SELECT p.id_hash, b.updated_at, b.status FROM booking_people p {booking}
             WHERE p.id_hash IN ({}) AND b.updated_at >= $3
               AND (b.status = $2 OR (b.status = $1 AND COALESCE(b.cancelled_by, 'resident') = 'resident'))",
            placeholders(4, id_hashes.len())
        );
        let rows: Vec<(Vec<u8>, i64, String)> = with_reader!(self, |pool| {
            let mut query = sqlx::query_as(&sql)
                .persistent(matches!(self, Store::Sqlite(_)))
                .bind(CANCELLED)
                .bind(NO_SHOW)
                .bind(since);
            for hash in id_hashes {
                query = query.bind(hash);
            }
            query.fetch_all(pool).await
        })?;
        Ok(rows
            .into_iter()
            .filter_map(|(hash, at, status)| {
                let person = id_hashes.iter().position(|h| *h == hash)?;
                Some((person, at, status))
            })
            .collect())
    }

    /// The stored holiday years, as JSON of each year's arrangement.
    pub async fn holiday_years(&self) -> Result<Vec<String>, sqlx::Error> {
        with_reader!(self, |pool| {
            sqlx::query_scalar("SELECT content FROM holiday_years ORDER BY year")
                .fetch_all(pool)
                .await
        })
    }

    pub async fn office(&self, id: &str) -> Result<Option<OfficeRow>, sqlx::Error> {
        with_reader!(self, |pool| {
            sqlx::query_as(
                "SELECT id, region_id, name_zh, name_en, address_zh, address_en, latitude, longitude,
                   phone, has_ceremony_hall, is_sample, schedule FROM offices WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await
        })
    }

    /// Every office, in the order regions are shown, then by id.
    pub async fn offices(&self) -> Result<Vec<OfficeRow>, sqlx::Error> {
        with_reader!(self, |pool| {
            sqlx::query_as(
                "SELECT o.id, o.region_id, o.name_zh, o.name_en, o.address_zh, o.address_en,
                   o.latitude, o.longitude, o.phone, o.has_ceremony_hall, o.is_sample, o.schedule
                 FROM offices o JOIN regions r ON r.id = o.region_id
                 ORDER BY r.sort_order, o.id",
            )
            .fetch_all(pool)
            .await
        })
    }

    /// Takes a place and records the booking, all or nothing. The booking joins the writer's next
    /// batch (see [`super::batch`], and on PostgreSQL [`super::pg_batch`]); on PostgreSQL one
    /// with a ceremony has its own transaction.
    pub async fn reserve(&self, r: &Reservation) -> Result<Reserved, sqlx::Error> {
        let recorded = match self {
            Store::Sqlite(s) => {
                // Cheap refusals first, on the read pool, so the writer's batches seldom meet a
                // booking the unique indexes refuse.
                if let Some(settled) = self.already_settled(r).await? {
                    return Ok(settled);
                }
                s.bookings.record(r.clone()).await
            }
            Store::Postgres(pg) => {
                // A retried key is answered without writing; a person who holds a booking is
                // refused by the unique index, and settled below.
                if let Some(settled) = self.settled_by_key(r).await? {
                    return Ok(settled);
                }
                if r.ceremony_slot.is_none() {
                    // With the bookings arriving at the same moment (see `pg_batch`).
                    pg.bookings.record(r.clone()).await
                } else {
                    // Two places, both or neither: a transaction of several statements.
                    let mut tx = pg.pool.begin().await?;
                    let recorded = record_in(&mut tx, r).await;
                    if recorded.is_ok() {
                        tx.commit().await?;
                    }
                    recorded
                }
            }
        };
        match recorded {
            Ok(Recorded::Done(reserved)) => Ok(reserved),
            // A twin request raced past the checks: the unique indexes decided.
            Ok(Recorded::Conflict) => self
                .already_settled(r)
                .await?
                .ok_or_else(|| sqlx::Error::Protocol("booking conflict without a holder".into())),
            Err(error) if is_unique_violation(&error) => {
                Ok(self.already_settled(r).await?.ok_or(error)?)
            }
            Err(error) => Err(error),
        }
    }

    /// The answer when the reservation needs no place: its key made a booking already, or one of
    /// its people holds an active booking of the kind.
    async fn already_settled(&self, r: &Reservation) -> Result<Option<Reserved>, sqlx::Error> {
        if let Some(settled) = self.settled_by_key(r).await? {
            return Ok(Some(settled));
        }
        let Some(position) = self.person_with_booking(r).await? else {
            return Ok(None);
        };
        // A twin request with the same key may have committed in between.
        Ok(Some(match self.settled_by_key(r).await? {
            Some(settled) => settled,
            None => Reserved::PersonHasBooking { position },
        }))
    }

    /// What the reservation's idempotency key answers: the booking it made for this same
    /// request, a refusal for another request, or nothing (no key, or its day is over: then the
    /// old booking lets go of it).
    async fn settled_by_key(&self, r: &Reservation) -> Result<Option<Reserved>, sqlx::Error> {
        let Some(key) = &r.idempotency_key else {
            return Ok(None);
        };
        let held: Option<(String, Option<Vec<u8>>, i64)> = with_reader!(self, |pool| {
            sqlx::query_as(
                "SELECT code, idempotency_fingerprint, created_at FROM bookings WHERE idempotency_key = $1",
            )
            .bind(key)
            .fetch_optional(pool)
            .await
        })?;
        let Some((code, fingerprint, created_at)) = held else {
            return Ok(None);
        };
        if created_at < now_unix() - IDEMPOTENCY_SECONDS {
            in_write_tx!(self, |tx| {
                sqlx::query("UPDATE bookings SET idempotency_key = NULL WHERE code = $1")
                    .bind(&code)
                    .execute(&mut *tx)
                    .await?;
            });
            return Ok(None);
        }
        Ok(Some(
            if fingerprint.as_deref() == Some(&r.fingerprint[..]) {
                Reserved::Existing { code }
            } else {
                Reserved::KeyReused
            },
        ))
    }

    /// Whether `key` made a booking within its day (a retry of a booking request).
    pub async fn idempotency_key_used(&self, key: &str, now: i64) -> Result<bool, sqlx::Error> {
        let created: Option<i64> = with_reader!(self, |pool| {
            sqlx::query_scalar("SELECT created_at FROM bookings WHERE idempotency_key = $1")
                .bind(key)
                .fetch_optional(pool)
                .await
        })?;
        Ok(created.is_some_and(|at| at >= now - IDEMPOTENCY_SECONDS))
    }

    /// The first of the reservation's people who holds an active booking of its kind.
    async fn person_with_booking(&self, r: &Reservation) -> Result<Option<usize>, sqlx::Error> {
        if r.id_hashes.is_empty() {
            return Ok(None);
        }
        let sql = format!(
            "SELECT id_hash FROM booking_people WHERE service = $1 AND active = $2 AND id_hash IN ({})",
            placeholders(3, r.id_hashes.len())
        );
        let found: Vec<Vec<u8>> = with_reader!(self, |pool| {
            let mut query = sqlx::query_scalar(&sql).bind(r.service.key()).bind(true);
            for hash in &r.id_hashes {
                query = query.bind(hash);
            }
            query.fetch_all(pool).await
        })?;
        Ok(r.id_hashes.iter().position(|h| found.contains(h)))
    }

    pub async fn booking(&self, code: &str) -> Result<Option<BookingRow>, sqlx::Error> {
        with_reader!(self, |pool| {
            sqlx::query_as(
                "SELECT b.code, b.office_id, b.service, b.starts_at, b.status, b.ceremony, b.people,
                   b.stage, b.first_code,
                   COALESCE(b.received_on,
                     (SELECT f.received_on FROM bookings f WHERE f.code = b.first_code)) AS received_on,
                   (SELECT s.code FROM bookings s WHERE s.first_code = b.code AND s.status <> $2
                    ORDER BY s.created_at DESC LIMIT 1) AS second_code
                 FROM bookings b WHERE b.code = $1",
            )
            .bind(code)
            .bind(CANCELLED)
            .fetch_optional(pool)
            .await
        })
    }

    /// Cancels a confirmed booking and gives its place back. False when it was not confirmed.
    /// A staff member's `line` goes to the audit trail in the same transaction.
    pub async fn cancel_booking(
        &self,
        code: &str,
        by: &str,
        line: Option<&AuditEntry>,
    ) -> Result<bool, sqlx::Error> {
        let now = now_unix();
        let cancelled = in_write_tx!(self, |tx| {
            let row: Option<(String, String, i64, bool)> = sqlx::query_as(
                "UPDATE bookings SET status = $1, updated_at = $2, cancelled_by = $5
                 WHERE code = $3 AND status = $4
                 RETURNING office_id, service, starts_at, ceremony",
            )
            .bind(CANCELLED)
            .bind(now)
            .bind(code)
            .bind(CONFIRMED)
            .bind(by)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((office, service, start, ceremony)) = &row {
                release(&mut tx, office, service, *start).await?;
                if *ceremony {
                    release(&mut tx, office, CEREMONY, *start).await?;
                }
                sqlx::query("UPDATE booking_people SET active = $1 WHERE booking_code = $2")
                    .bind(false)
                    .bind(code)
                    .execute(&mut *tx)
                    .await?;
                if let Some(line) = line {
                    audit_in(&mut tx, line, now).await?;
                }
            }
            row.is_some()
        });
        Ok(cancelled)
    }

    /// Moves a confirmed booking to another slot of its office and service (and its ceremony, if
    /// it has one, to `ceremony_slot`): the new places are taken before the old ones are given
    /// back, in one transaction. Nothing changes when a new place is missing or the booking is not
    /// confirmed.
    pub async fn reschedule_booking(
        &self,
        code: &str,
        slot: &Slot,
        ceremony_slot: Option<&Slot>,
        line: Option<&AuditEntry>,
    ) -> Result<Moved, sqlx::Error> {
        let now = now_unix();
        let start = slot.start.unix_seconds();
        // The booking's row is locked as it is read (PostgreSQL; SQLite's BEGIN IMMEDIATE
        // already serialises writers), so a concurrent move or cancellation waits and then sees
        // this one's result: the old place is given back once.
        let lock_slots = matches!(self, Store::Postgres(_));
        let read = match self {
            Store::Sqlite(_) => {
                "SELECT office_id, service, starts_at, ceremony FROM bookings
                 WHERE code = $1 AND status = $2"
            }
            Store::Postgres(_) => {
                "SELECT office_id, service, starts_at, ceremony FROM bookings
                 WHERE code = $1 AND status = $2 FOR UPDATE"
            }
        };
        let moved = in_write_tx!(self, |tx| {
            'tx: {
                let row: Option<(String, String, i64, bool)> = sqlx::query_as(read)
                    .bind(code)
                    .bind(CONFIRMED)
                    .fetch_optional(&mut *tx)
                    .await?;
                let Some((office, service, old_start, ceremony)) = row else {
                    break 'tx Moved::NotConfirmed;
                };
                if old_start == start {
                    break 'tx Moved::Moved;
                }
                if lock_slots {
                    // Both slots' rows in time order, service before ceremony: two couples
                    // swapping times at once then wait for each other instead of deadlocking.
                    let mut kinds = vec![(service.as_str(), start)];
                    if let (true, Some(c)) = (ceremony, ceremony_slot) {
                        kinds.push((CEREMONY, c.start.unix_seconds()));
                    }
                    for (kind, new_start) in kinds {
                        sqlx::query(
                            "SELECT starts_at FROM slots
                             WHERE office_id = $1 AND service = $2 AND starts_at IN ($3, $4)
                             ORDER BY starts_at FOR UPDATE",
                        )
                        .bind(&office)
                        .bind(kind)
                        .bind(old_start)
                        .bind(new_start)
                        .fetch_all(&mut *tx)
                        .await?;
                    }
                }
                if !take_place(&mut tx, &office, &service, slot).await? {
                    break 'tx Moved::Full;
                }
                if ceremony {
                    let taken = match ceremony_slot {
                        Some(c) => take_place(&mut tx, &office, CEREMONY, c).await?,
                        None => false,
                    };
                    if !taken {
                        // The new place just taken goes back: nothing moves.
                        release(&mut tx, &office, &service, start).await?;
                        break 'tx Moved::CeremonyFull;
                    }
                    release(&mut tx, &office, CEREMONY, old_start).await?;
                }
                release(&mut tx, &office, &service, old_start).await?;
                // Conditioned on what was read: should the row have changed all the same, the
                // error rolls the places back with it.
                let changed = sqlx::query(
                    "UPDATE bookings SET starts_at = $1, updated_at = $2
                     WHERE code = $3 AND status = $4 AND starts_at = $5",
                )
                .bind(start)
                .bind(now)
                .bind(code)
                .bind(CONFIRMED)
                .bind(old_start)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if changed != 1 {
                    return Err(sqlx::Error::RowNotFound);
                }
                if let Some(line) = line {
                    audit_in(&mut tx, line, now).await?;
                }
                Moved::Moved
            }
        });
        Ok(moved)
    }

    /// Records what happened at the office: the people came (`ATTENDED`) or did not (`NO_SHOW`),
    /// for a confirmed booking; or, with `received_on`, that a divorce application was received
    /// that day, which may also follow a check-in, but only once. Afterwards the booking no longer
    /// counts as the people's active booking. False when nothing changed. The staff member's
    /// `line` goes to the audit trail in the same transaction.
    pub async fn record_visit(
        &self,
        code: &str,
        status: &str,
        received_on: Option<&str>,
        line: &AuditEntry,
    ) -> Result<bool, sqlx::Error> {
        let now = now_unix();
        let changed = in_write_tx!(self, |tx| {
            let changed = sqlx::query(
                "UPDATE bookings SET status = $1, received_on = $2, updated_at = $3
                 WHERE code = $4 AND received_on IS NULL
                   AND (status = $5 OR ($2 IS NOT NULL AND status = $1))",
            )
            .bind(status)
            .bind(received_on)
            .bind(now)
            .bind(code)
            .bind(CONFIRMED)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if changed {
                sqlx::query("UPDATE booking_people SET active = $1 WHERE booking_code = $2")
                    .bind(false)
                    .bind(code)
                    .execute(&mut *tx)
                    .await?;
                audit_in(&mut tx, line, now).await?;
            }
            changed
        });
        Ok(changed)
    }

    /// Places booked per slot start (Unix seconds) of an office's service in `[from, to)`.
    pub async fn booked_counts(
        &self,
        office_id: &str,
        service: Service,
        from: i64,
        to: i64,
    ) -> Result<Vec<(i64, i64)>, sqlx::Error> {
        Ok(self
            .booked_counts_of(office_id, &[service], from, to)
            .await?
            .into_iter()
            .map(|(_, start, booked)| (start, booked))
            .collect())
    }

    /// Places booked per (service, slot start) of some of an office's services in `[from, to)`,
    /// in one query.
    pub async fn booked_counts_of(
        &self,
        office_id: &str,
        services: &[Service],
        from: i64,
        to: i64,
    ) -> Result<Vec<(String, i64, i64)>, sqlx::Error> {
        let sql = format!(
            "SELECT service, starts_at, booked FROM slots
             WHERE office_id = $1 AND starts_at >= $2 AND starts_at < $3 AND service IN ({})
             ORDER BY starts_at",
            placeholders(4, services.len())
        );
        with_reader!(lists: self, |pool| {
            let mut query = sqlx::query_as(&sql).bind(office_id).bind(from).bind(to);
            for service in services {
                query = query.bind(service.key());
            }
            query.fetch_all(pool).await
        })
    }

    /// How many confirmed bookings a slot holds (for checks and tests).
    pub async fn confirmed_bookings(
        &self,
        office_id: &str,
        service: Service,
        start: i64,
    ) -> Result<i64, sqlx::Error> {
        with_reader!(self, |pool| {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM bookings
                 WHERE office_id = $1 AND service = $2 AND starts_at = $3 AND status = $4",
            )
            .bind(office_id)
            .bind(service.key())
            .bind(start)
            .bind(CONFIRMED)
            .fetch_one(pool)
            .await
        })
    }
}

/// What recording a reservation inside a transaction came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Recorded {
    Done(Reserved),
    /// A unique index refused it (a twin with the same key, or a person already booked); what it
    /// wrote was undone. Settle it by reading what holds the key or the person.
    Conflict,
}

/// Takes the place(s) of a reservation and records it, inside `tx`. On SQLite, where a failed
/// statement leaves the transaction open, a unique-index refusal is undone here and answered as
/// [`Recorded::Conflict`], so a batch can go on; on PostgreSQL it is returned as the error.
pub(crate) async fn record_in<'c, DB>(
    tx: &mut sqlx::Transaction<'c, DB>,
    r: &Reservation,
) -> Result<Recorded, sqlx::Error>
where
    DB: sqlx::Database,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<String>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> &'q [u8]: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Vec<u8>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> bool: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'e> &'e mut <DB as sqlx::Database>::Connection: sqlx::Executor<'e, Database = DB>,
    for<'q> Option<&'q str>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    let undo_in_place = DB::NAME == "SQLite";
    let now = now_unix();
    let start = r.slot.start.unix_seconds();
    let service = r.service.key();
    if !take_place(tx, &r.office_id, service, &r.slot).await? {
        return Ok(Recorded::Done(Reserved::Full));
    }
    if let Some(ceremony) = &r.ceremony_slot {
        if !take_place(tx, &r.office_id, CEREMONY, ceremony).await? {
            release(tx, &r.office_id, service, start).await?;
            return Ok(Recorded::Done(Reserved::CeremonyFull));
        }
    }
    let booking = sqlx::query(
        "INSERT INTO bookings (code, office_id, service, starts_at, status, ceremony,
           idempotency_key, people, created_at, updated_at, stage, first_code, idempotency_fingerprint)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11, $12)",
    )
    .bind(r.code.clone())
    .bind(r.office_id.clone())
    .bind(service)
    .bind(start)
    .bind(CONFIRMED)
    .bind(r.ceremony_slot.is_some())
    .bind(r.idempotency_key.clone())
    .bind(r.people_sealed.clone())
    .bind(now)
    .bind(i64::from(r.stage))
    .bind(r.first_code.clone())
    .bind(r.fingerprint.clone())
    .execute(&mut **tx)
    .await;
    match booking {
        Err(error) if undo_in_place && is_unique_violation(&error) => {
            release(tx, &r.office_id, service, start).await?;
            if r.ceremony_slot.is_some() {
                release(tx, &r.office_id, CEREMONY, start).await?;
            }
            return Ok(Recorded::Conflict);
        }
        other => {
            other?;
        }
    }
    if !r.id_hashes.is_empty() {
        let sql = format!(
            "INSERT INTO booking_people (booking_code, position, service, id_hash, active) VALUES {}",
            (0..r.id_hashes.len())
                .map(|i| format!("($1, {i}, $2, ${}, $3)", i + 4))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut people = sqlx::query(&sql)
            .bind(r.code.clone())
            .bind(service)
            .bind(true);
        for hash in &r.id_hashes {
            people = people.bind(hash.clone());
        }
        match people.execute(&mut **tx).await {
            Err(error) if undo_in_place && is_unique_violation(&error) => {
                sqlx::query("DELETE FROM bookings WHERE code = $1")
                    .bind(r.code.clone())
                    .execute(&mut **tx)
                    .await?;
                release(tx, &r.office_id, service, start).await?;
                if r.ceremony_slot.is_some() {
                    release(tx, &r.office_id, CEREMONY, start).await?;
                }
                return Ok(Recorded::Conflict);
            }
            other => {
                other?;
            }
        }
    }
    let mut phone_hashes: Vec<&Vec<u8>> = r.phone_hashes.iter().collect();
    phone_hashes.sort();
    phone_hashes.dedup();
    if !phone_hashes.is_empty() {
        let sql = format!(
            "INSERT INTO booking_phones (booking_code, phone_hash) VALUES {}",
            (0..phone_hashes.len())
                .map(|i| format!("($1, ${})", i + 2))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut phones = sqlx::query(&sql).bind(r.code.clone());
        for hash in phone_hashes {
            phones = phones.bind(hash.clone());
        }
        phones.execute(&mut **tx).await?;
    }
    for message in &r.messages {
        super::outbox::queue_in(tx, message, now).await?;
    }
    if let Some(line) = &r.audit {
        let line = super::staff::AuditEntry {
            record: Some(r.code.clone()),
            ..line.clone()
        };
        super::staff::audit_in(tx, &line, now).await?;
    }
    Ok(Recorded::Done(Reserved::Created {
        code: r.code.clone(),
    }))
}

/// On PostgreSQL, a booking of one slot as one statement on its own: one round trip and one
/// commit. The place is taken by the same conditional increment as [`take_place`], and every
/// other row is inserted from the row that increment returned, so a full slot writes nothing; a
/// unique index that refuses any part (a person already booked, a twin key) fails the whole
/// statement, which [`Store::reserve`] then settles. Data-modifying parts of a statement all
/// run, and its foreign keys are checked at its end.
pub(super) async fn record_pg(
    pool: &sqlx::PgPool,
    r: &Reservation,
) -> Result<Recorded, sqlx::Error> {
    if r.slot.capacity == 0 {
        return Ok(Recorded::Done(Reserved::Full));
    }
    let now = now_unix();
    let mut phone_hashes = r.phone_hashes.clone();
    phone_hashes.sort();
    phone_hashes.dedup();
    let texts = &r.messages;
    let audit = r.audit.as_ref();
    let booked: i64 = sqlx::query_scalar(
        "WITH taken AS (
           INSERT INTO slots (office_id, service, starts_at, ends_at, capacity, booked)
           VALUES ($1, $2, $3, $4, $5, 1)
           ON CONFLICT (office_id, service, starts_at)
           DO UPDATE SET booked = slots.booked + 1 WHERE slots.booked < slots.capacity
           RETURNING booked
         ), booking AS (
           INSERT INTO bookings (code, office_id, service, starts_at, status, ceremony,
             idempotency_key, people, created_at, updated_at, stage, first_code, idempotency_fingerprint)
           SELECT $6, $1, $2, $3, $7, FALSE, $8, $9, $10, $10, $11, $12, $13 FROM taken
           RETURNING code
         ), people AS (
           INSERT INTO booking_people (booking_code, position, service, id_hash, active)
           SELECT booking.code, p.ord - 1, $2, p.hash, TRUE
           FROM booking, unnest($14::bytea[]) WITH ORDINALITY AS p(hash, ord)
         ), phones AS (
           INSERT INTO booking_phones (booking_code, phone_hash)
           SELECT booking.code, h.hash FROM booking, unnest($15::bytea[]) AS h(hash)
         ), texts AS (
           INSERT INTO outbox (phone_sealed, phone_masked, body, created_at, template, params_sealed,
             office_id, booking_code, status, next_attempt_at, seal_ref)
           SELECT m.phone_sealed, m.phone_masked, '', $10, m.template, m.params_sealed,
             m.office_id, m.booking_code, $16, $10, m.seal_ref
           FROM booking, unnest($17::bytea[], $18::text[], $19::text[], $20::bytea[], $21::text[],
             $22::text[], $23::text[]) WITH ORDINALITY
             AS m(phone_sealed, phone_masked, template, params_sealed, office_id, booking_code, seal_ref, ord)
           ORDER BY m.ord
         ), audit AS (
           INSERT INTO audit_log (at, actor, role, address, action, record, detail)
           SELECT $10, $24, $25, $26, $27, booking.code, $28 FROM booking WHERE $29
         )
         SELECT count(*) FROM booking",
    )
    .bind(&r.office_id)
    .bind(r.service.key())
    .bind(r.slot.start.unix_seconds())
    .bind(r.slot.end.unix_seconds())
    .bind(i64::from(r.slot.capacity))
    .bind(&r.code)
    .bind(CONFIRMED)
    .bind(&r.idempotency_key)
    .bind(&r.people_sealed)
    .bind(now)
    .bind(i64::from(r.stage))
    .bind(&r.first_code)
    .bind(&r.fingerprint)
    .bind(&r.id_hashes)
    .bind(&phone_hashes)
    .bind(super::outbox::DUE)
    .bind(texts.iter().map(|m| m.phone_sealed.clone()).collect::<Vec<_>>())
    .bind(texts.iter().map(|m| m.phone_masked.clone()).collect::<Vec<_>>())
    .bind(texts.iter().map(|m| m.template.clone()).collect::<Vec<_>>())
    .bind(texts.iter().map(|m| m.params_sealed.clone()).collect::<Vec<_>>())
    .bind(texts.iter().map(|m| m.office_id.clone()).collect::<Vec<_>>())
    .bind(texts.iter().map(|m| m.booking_code.clone()).collect::<Vec<_>>())
    .bind(texts.iter().map(|m| m.seal_ref.clone()).collect::<Vec<_>>())
    .bind(audit.map_or("", |a| a.actor.as_str()))
    .bind(audit.and_then(|a| a.role.as_deref()))
    .bind(audit.map(|a| super::staff::audit_network(&a.address)).unwrap_or_default())
    .bind(audit.map_or("", |a| a.action.as_str()))
    .bind(audit.map_or("", |a| a.detail.as_str()))
    .bind(audit.is_some())
    .fetch_one(pool)
    .await?;
    Ok(Recorded::Done(if booked == 0 {
        Reserved::Full
    } else {
        Reserved::Created {
            code: r.code.clone(),
        }
    }))
}

/// Takes one place of a slot, creating its row with the schedule's capacity on first use. False
/// when no place is left: the conditional increment is what keeps a slot from being oversold.
async fn take_place<'c, DB>(
    tx: &mut sqlx::Transaction<'c, DB>,
    office: &str,
    service: &str,
    slot: &Slot,
) -> Result<bool, sqlx::Error>
where
    DB: sqlx::Database,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'e> &'e mut <DB as sqlx::Database>::Connection: sqlx::Executor<'e, Database = DB>,
{
    if slot.capacity == 0 {
        return Ok(false);
    }
    // One statement: the first booking creates the slot's row holding one place; later ones
    // add a place only while one is left. No row back means the slot is full.
    let taken = sqlx::query(
        "INSERT INTO slots (office_id, service, starts_at, ends_at, capacity, booked)
         VALUES ($1, $2, $3, $4, $5, 1)
         ON CONFLICT (office_id, service, starts_at)
         DO UPDATE SET booked = slots.booked + 1 WHERE slots.booked < slots.capacity
         RETURNING booked",
    )
    .bind(office)
    .bind(service)
    .bind(slot.start.unix_seconds())
    .bind(slot.end.unix_seconds())
    .bind(i64::from(slot.capacity))
    .fetch_optional(&mut **tx)
    .await?;
    Ok(taken.is_some())
}

/// Gives one place of a slot back.
pub(super) async fn release<'c, DB>(
    tx: &mut sqlx::Transaction<'c, DB>,
    office: &str,
    service: &str,
    start: i64,
) -> Result<(), sqlx::Error>
where
    DB: sqlx::Database,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'e> &'e mut <DB as sqlx::Database>::Connection: sqlx::Executor<'e, Database = DB>,
{
    sqlx::query(
        "UPDATE slots SET booked = booked - 1
         WHERE office_id = $1 AND service = $2 AND starts_at = $3 AND booked > 0",
    )
    .bind(office)
    .bind(service)
    .bind(start)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
