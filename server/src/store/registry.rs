//! What the registry desk reads and changes: an office's bookings by day, and slots cut down
//! when a day is closed or its capacity lowered.

use super::{
    bookings::{release, CANCELLED, CEREMONY, CONFIRMED},
    in_write_tx, now_unix,
    staff::{audit_in, AuditEntry},
    with_reader, Store,
};

impl Store {
    /// Codes of an office's bookings with slots in `[from, to)` (Unix seconds), by time.
    pub async fn office_booking_codes(
        &self,
        office_id: &str,
        from: i64,
        to: i64,
    ) -> Result<Vec<String>, sqlx::Error> {
        with_reader!(self, |pool| sqlx::query_scalar(
            "SELECT code FROM bookings WHERE office_id = $1 AND starts_at >= $2 AND starts_at < $3
             ORDER BY starts_at, created_at, code",
        )
        .bind(office_id)
        .bind(from)
        .bind(to)
        .fetch_all(pool)
        .await)
    }

    /// Changes a day in one transaction: stores the office's new `schedule`, sets each of
    /// `slots` (service, start, end) to `capacity`, cancelling the most recently made confirmed
    /// bookings beyond it (their places given back), so no slot ever holds more than its places,
    /// and writes the audit `line` (its detail followed by ` cancelled=N`). Returns the cancelled
    /// codes.
    pub async fn change_day(
        &self,
        office_id: &str,
        schedule: &str,
        slots: &[(&str, i64, i64)],
        capacity: u32,
        line: &AuditEntry,
    ) -> Result<Vec<String>, sqlx::Error> {
        let now = now_unix();
        let cancelled = in_write_tx!(self, |tx| {
            sqlx::query("UPDATE offices SET schedule = $1, updated_at = $2 WHERE id = $3")
                .bind(schedule)
                .bind(now)
                .bind(office_id)
                .execute(&mut *tx)
                .await?;
            let mut cancelled = Vec::new();
            // Slots are held in the order every writer takes several (see `pg_batch`): by
            // service and time, ceremony places last (a booking takes its own place first).
            let mut slots = slots.to_vec();
            slots.sort_by_key(|&(service, start, _)| {
                (service == super::bookings::CEREMONY, service, start)
            });
            for &(service, start, end) in &slots {
                // Creating or touching the slot's row first holds it (a row lock on PostgreSQL)
                // while its bookings are counted.
                sqlx::query(
                "INSERT INTO slots (office_id, service, starts_at, ends_at, capacity, booked)
                 VALUES ($1, $2, $3, $4, $5, 0)
                 ON CONFLICT (office_id, service, starts_at) DO UPDATE SET capacity = slots.capacity",
            )
            .bind(office_id)
            .bind(service)
            .bind(start)
            .bind(end)
            .bind(i64::from(capacity))
            .execute(&mut *tx)
            .await?;
                let codes: Vec<(String, bool)> = sqlx::query_as(
                    "SELECT code, ceremony FROM bookings
                 WHERE office_id = $1 AND service = $2 AND starts_at = $3 AND status = $4
                 ORDER BY created_at DESC, code DESC",
                )
                .bind(office_id)
                .bind(service)
                .bind(start)
                .bind(CONFIRMED)
                .fetch_all(&mut *tx)
                .await?;
                let excess = codes.len().saturating_sub(capacity as usize);
                for (code, ceremony) in codes.into_iter().take(excess) {
                    sqlx::query(
                        "UPDATE bookings SET status = $1, updated_at = $2, cancelled_by = 'office'
                     WHERE code = $3",
                    )
                    .bind(CANCELLED)
                    .bind(now)
                    .bind(&code)
                    .execute(&mut *tx)
                    .await?;
                    sqlx::query("UPDATE booking_people SET active = $1 WHERE booking_code = $2")
                        .bind(false)
                        .bind(&code)
                        .execute(&mut *tx)
                        .await?;
                    release(&mut tx, office_id, service, start).await?;
                    if ceremony {
                        release(&mut tx, office_id, CEREMONY, start).await?;
                    }
                    cancelled.push(code);
                }
                sqlx::query(
                    "UPDATE slots SET capacity = CASE WHEN booked > $1 THEN booked ELSE $1 END
                 WHERE office_id = $2 AND service = $3 AND starts_at = $4",
                )
                .bind(i64::from(capacity))
                .bind(office_id)
                .bind(service)
                .bind(start)
                .execute(&mut *tx)
                .await?;
            }
            let line = AuditEntry {
                detail: format!("{} cancelled={}", line.detail, cancelled.len()),
                ..line.clone()
            };
            audit_in(&mut tx, &line, now).await?;
            cancelled
        });
        Ok(cancelled)
    }
}
