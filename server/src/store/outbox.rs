//! Text messages: queued with the change that causes them, claimed by a sender task on any
//! server, and marked sent (with the provider's id) or failed after the last try.

use super::{in_write_tx, with_reader, Store};

/// A message to queue: a provider template and its parameters (sealed: they hold codes).
#[derive(Clone, Debug)]
pub struct NewMessage {
    /// The random reference its sealed phone and parameters are bound to.
    pub seal_ref: String,
    pub phone_sealed: Vec<u8>,
    pub phone_masked: String,
    pub template: String,
    pub params_sealed: Vec<u8>,
    pub office_id: Option<String>,
    pub booking_code: Option<String>,
}

/// A message claimed for sending.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ClaimedMessage {
    pub id: i64,
    pub seal_ref: Option<String>,
    pub phone_sealed: Vec<u8>,
    pub phone_masked: String,
    pub template: String,
    pub params_sealed: Option<Vec<u8>>,
    /// Tries so far, this one included.
    pub attempts: i64,
}

/// A message as the admin and desk pages list it (no text, no full number).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct MessageRow {
    pub id: i64,
    pub phone_masked: String,
    pub template: String,
    pub office_id: Option<String>,
    pub booking_code: Option<String>,
    pub status: String,
    pub attempts: i64,
    pub created_at: i64,
    pub sent_at: Option<i64>,
    pub last_error: Option<String>,
}

pub const DUE: &str = "due";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";

/// Queues `message` inside `tx` (with the change that causes it).
pub(crate) async fn queue_in<'c, DB>(
    tx: &mut sqlx::Transaction<'c, DB>,
    message: &NewMessage,
    now: i64,
) -> Result<(), sqlx::Error>
where
    DB: sqlx::Database,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<String>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Vec<u8>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'e> &'e mut <DB as sqlx::Database>::Connection: sqlx::Executor<'e, Database = DB>,
{
    sqlx::query(
        "INSERT INTO outbox (phone_sealed, phone_masked, body, created_at, template, params_sealed,
           office_id, booking_code, status, next_attempt_at, seal_ref)
         VALUES ($1, $2, '', $3, $4, $5, $6, $7, $8, $3, $9)",
    )
    .bind(message.phone_sealed.clone())
    .bind(message.phone_masked.as_str())
    .bind(now)
    .bind(message.template.as_str())
    .bind(message.params_sealed.clone())
    .bind(message.office_id.clone())
    .bind(message.booking_code.clone())
    .bind(DUE)
    .bind(message.seal_ref.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// Queues one message on its own.
    pub async fn queue(&self, message: &NewMessage) -> Result<(), sqlx::Error> {
        self.queue_all(std::slice::from_ref(message), None).await
    }

    /// Queues `messages` in one transaction, with the audit line of the staff member who sent
    /// them (its detail followed by ` texts=N`; the trail keeps no phone numbers).
    pub async fn queue_all(
        &self,
        messages: &[NewMessage],
        line: Option<&super::staff::AuditEntry>,
    ) -> Result<(), sqlx::Error> {
        let now = super::now_unix();
        in_write_tx!(self, |tx| {
            for message in messages {
                queue_in(&mut tx, message, now).await?;
            }
            if let Some(line) = line {
                let line = super::staff::AuditEntry {
                    detail: format!("{}texts={}", line.detail, messages.len()),
                    ..line.clone()
                };
                super::staff::audit_in(&mut tx, &line, now).await?;
            }
        });
        Ok(())
    }

    /// Whether any message is due (a read, so an idle sender does not take the writer).
    pub async fn has_due_messages(&self, now: i64) -> Result<bool, sqlx::Error> {
        let due: Option<i64> = with_reader!(self, |pool| {
            sqlx::query_scalar(
                "SELECT id FROM outbox WHERE status = $1 AND next_attempt_at <= $2
                   AND (claimed_until IS NULL OR claimed_until < $2) LIMIT 1",
            )
            .bind(DUE)
            .bind(now)
            .fetch_optional(pool)
            .await
        })?;
        Ok(due.is_some())
    }

    /// Claims up to `limit` due messages for `lease` seconds and counts the try. On PostgreSQL
    /// rows another server is claiming are skipped (`FOR UPDATE SKIP LOCKED`), so servers share
    /// the work and no message goes out twice; SQLite has one writer, which does the same.
    pub async fn claim_due_messages(
        &self,
        now: i64,
        lease: i64,
        limit: i64,
    ) -> Result<Vec<ClaimedMessage>, sqlx::Error> {
        let lock = match self {
            Store::Sqlite(_) => "",
            Store::Postgres(_) => "FOR UPDATE SKIP LOCKED",
        };
        let sql = format!(
            "UPDATE outbox SET claimed_until = $1, attempts = attempts + 1
             WHERE id IN (SELECT id FROM outbox
                          WHERE status = $2 AND next_attempt_at <= $3
                            AND (claimed_until IS NULL OR claimed_until < $3)
                          ORDER BY next_attempt_at, id LIMIT $4 {lock})
             RETURNING id, seal_ref, phone_sealed, phone_masked, template, params_sealed, attempts"
        );
        let claimed = in_write_tx!(self, |tx| {
            sqlx::query_as::<_, ClaimedMessage>(&sql)
                .bind(now + lease)
                .bind(DUE)
                .bind(now)
                .bind(limit)
                .fetch_all(&mut *tx)
                .await?
        });
        Ok(claimed)
    }

    /// The provider took these messages: (outbox id, the provider's id), in one transaction.
    pub async fn messages_sent(&self, sent: &[(i64, String)], now: i64) -> Result<(), sqlx::Error> {
        if sent.is_empty() {
            return Ok(());
        }
        if let Store::Postgres(pg) = self {
            let pool = &pg.pool;
            // One statement for the whole batch: one round trip, not one per message.
            sqlx::query(
                "UPDATE outbox SET status = $1, sent_at = $2, provider_id = s.provider_id,
                   claimed_until = NULL, last_error = NULL
                 FROM unnest($3::bigint[], $4::text[]) AS s(id, provider_id)
                 WHERE outbox.id = s.id",
            )
            .bind(SENT)
            .bind(now)
            .bind(sent.iter().map(|(id, _)| *id).collect::<Vec<_>>())
            .bind(sent.iter().map(|(_, p)| p.clone()).collect::<Vec<_>>())
            .execute(pool)
            .await?;
            return Ok(());
        }
        in_write_tx!(self, |tx| {
            for (id, provider_id) in sent {
                sqlx::query(
                    "UPDATE outbox SET status = $1, sent_at = $2, provider_id = $3,
                       claimed_until = NULL, last_error = NULL
                     WHERE id = $4",
                )
                .bind(SENT)
                .bind(now)
                .bind(provider_id)
                .bind(*id)
                .execute(&mut *tx)
                .await?;
            }
        });
        Ok(())
    }

    /// The try failed: again at `retry_at`, or (with `None`) never: the message is failed.
    pub async fn message_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<i64>,
    ) -> Result<(), sqlx::Error> {
        in_write_tx!(self, |tx| {
            sqlx::query(
                "UPDATE outbox SET status = $1, next_attempt_at = $2, last_error = $3,
                   claimed_until = NULL
                 WHERE id = $4",
            )
            .bind(if retry_at.is_some() { DUE } else { FAILED })
            .bind(retry_at.unwrap_or(0))
            .bind(error)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        });
        Ok(())
    }

    /// Messages by status (newest first), of one office or of all.
    pub async fn messages(
        &self,
        status: &str,
        office: Option<&str>,
        limit: i64,
    ) -> Result<Vec<MessageRow>, sqlx::Error> {
        with_reader!(self, |pool| {
            sqlx::query_as(
                "SELECT id, phone_masked, template, office_id, booking_code, status, attempts,
                   created_at, sent_at, last_error
                 FROM outbox WHERE status = $1 AND (CAST($2 AS TEXT) IS NULL OR office_id = $2)
                 ORDER BY id DESC LIMIT $3",
            )
            .bind(status)
            .bind(office)
            .bind(limit)
            .fetch_all(pool)
            .await
        })
    }

    /// A booking's messages, oldest first.
    pub async fn booking_messages(&self, code: &str) -> Result<Vec<MessageRow>, sqlx::Error> {
        with_reader!(self, |pool| {
            sqlx::query_as(
                "SELECT id, phone_masked, template, office_id, booking_code, status, attempts,
                   created_at, sent_at, last_error
                 FROM outbox WHERE booking_code = $1 ORDER BY id",
            )
            .bind(code)
            .fetch_all(pool)
            .await
        })
    }
}
