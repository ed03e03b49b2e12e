//! Staff accounts, their sessions, enrolled kiosks and the append-only audit trail, as stored.

use super::{in_write_tx, now_unix, with_reader, Store};
use app::domain::staff::throttle::{Attempts, ThrottlePolicy};

/// A staff account as stored.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AccountRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub office_id: Option<String>,
    pub password_hash: String,
    pub active: bool,
    /// The confirmed second factor's secret, sealed.
    pub totp_sealed: Option<Vec<u8>>,
    /// A secret shown for enrolment and not yet confirmed, sealed.
    pub totp_pending_sealed: Option<Vec<u8>>,
    pub must_change_password: bool,
}

/// A signed-in browser: its account and when it signed in and was last seen.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SessionRow {
    pub account_id: i64,
    pub csrf_token: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    /// `code`, `enrol`, `password` or `full` (see the migration).
    pub stage: String,
}

#[derive(sqlx::FromRow)]
struct SessionOfAccount {
    #[sqlx(flatten)]
    session: SessionRow,
    #[sqlx(flatten)]
    account: AccountRow,
}

/// A kiosk as stored.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct KioskRow {
    pub id: String,
    pub name: String,
    pub region_id: String,
    pub latitude: f64,
    pub longitude: f64,
    pub enrolled_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub enrol_expires: Option<i64>,
}

/// One line of the audit trail.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub actor: String,
    pub role: Option<String>,
    pub address: String,
    pub action: String,
    pub record: Option<String>,
    pub detail: String,
}

/// A line to append to the audit trail.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditEntry {
    pub actor: String,
    pub role: Option<String>,
    pub address: String,
    pub action: String,
    pub record: Option<String>,
    pub detail: String,
}

impl AuditEntry {
    /// A line for a change made by a `server` command on the server itself.
    pub fn by_command(action: &str, detail: &str) -> AuditEntry {
        AuditEntry {
            actor: "server-command".into(),
            role: None,
            address: "local".into(),
            action: action.into(),
            record: None,
            detail: detail.into(),
        }
    }
}

/// Which audit lines to read: all filters optional, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub record: Option<String>,
    /// Unix seconds, inclusive.
    pub from: Option<i64>,
    /// Unix seconds, exclusive.
    pub to: Option<i64>,
    pub limit: i64,
}

const ACCOUNT_COLUMNS: &str =
    "id, username, display_name, role, office_id, password_hash, active, \
     totp_sealed, totp_pending_sealed, must_change_password";
const KIOSK_COLUMNS: &str =
    "id, name, region_id, latitude, longitude, enrolled_at, revoked_at, enrol_expires";

impl Store {
    /// Adds an account, with its audit line (its record the new account's id); `None` when the
    /// user name is taken.
    pub async fn create_account(
        &self,
        username: &str,
        display_name: &str,
        role: &str,
        office_id: Option<&str>,
        password_hash: &str,
        line: &AuditEntry,
    ) -> Result<Option<i64>, sqlx::Error> {
        let now = now_unix();
        let created = in_write_tx!(self, |tx| {
            let id: Option<i64> = sqlx::query_scalar(
                "INSERT INTO staff_accounts
                   (username, display_name, role, office_id, password_hash, active, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
                 ON CONFLICT (username) DO NOTHING
                 RETURNING id",
            )
            .bind(username)
            .bind(display_name)
            .bind(role)
            .bind(office_id)
            .bind(password_hash)
            .bind(true)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(id) = id {
                let line = AuditEntry {
                    record: Some(id.to_string()),
                    ..line.clone()
                };
                audit_in(&mut tx, &line, now).await?;
            }
            id
        });
        Ok(created)
    }

    pub async fn account_by_username(
        &self,
        username: &str,
    ) -> Result<Option<AccountRow>, sqlx::Error> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM staff_accounts WHERE username = $1");
        with_reader!(self, |pool| sqlx::query_as(&sql)
            .bind(username)
            .fetch_optional(pool)
            .await)
    }

    /// Every account, by user name.
    pub async fn accounts(&self) -> Result<Vec<AccountRow>, sqlx::Error> {
        let sql = format!("SELECT {ACCOUNT_COLUMNS} FROM staff_accounts ORDER BY username");
        with_reader!(self, |pool| sqlx::query_as(&sql).fetch_all(pool).await)
    }

    /// Turns an account on or off, with its audit line; turning it off also ends its sessions.
    /// False when there is no such account.
    pub async fn set_account_active(
        &self,
        id: i64,
        active: bool,
        line: &AuditEntry,
    ) -> Result<bool, sqlx::Error> {
        let now = now_unix();
        let changed = in_write_tx!(self, |tx| {
            let changed =
                sqlx::query("UPDATE staff_accounts SET active = $1, updated_at = $2 WHERE id = $3")
                    .bind(active)
                    .bind(now)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected()
                    == 1;
            if changed {
                audit_in(&mut tx, line, now).await?;
            }
            if !active {
                sqlx::query("DELETE FROM staff_sessions WHERE account_id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            changed
        });
        Ok(changed)
    }

    /// Opens a session at `stage`, with its audit line in the same transaction.
    pub async fn create_session(
        &self,
        token_hash: &[u8],
        account_id: i64,
        csrf_token: &str,
        now: i64,
        stage: &str,
        line: &AuditEntry,
    ) -> Result<(), sqlx::Error> {
        in_write_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO staff_sessions
                   (token_hash, account_id, csrf_token, created_at, last_seen_at, stage)
                 VALUES ($1, $2, $3, $4, $4, $5)",
            )
            .bind(token_hash)
            .bind(account_id)
            .bind(csrf_token)
            .bind(now)
            .bind(stage)
            .execute(&mut *tx)
            .await?;
            audit_in(&mut tx, line, now).await?;
        });
        Ok(())
    }

    /// Moves a session on to `stage`, with its audit line.
    pub async fn set_session_stage(
        &self,
        token_hash: &[u8],
        stage: &str,
        line: &AuditEntry,
    ) -> Result<(), sqlx::Error> {
        let now = now_unix();
        in_write_tx!(self, |tx| {
            sqlx::query("UPDATE staff_sessions SET stage = $1 WHERE token_hash = $2")
                .bind(stage)
                .bind(token_hash)
                .execute(&mut *tx)
                .await?;
            audit_in(&mut tx, line, now).await?;
        });
        Ok(())
    }

    /// Keeps a secret shown for enrolment until its first code confirms it.
    pub async fn set_pending_second_factor(
        &self,
        account_id: i64,
        sealed: &[u8],
    ) -> Result<(), sqlx::Error> {
        in_write_tx!(self, |tx| {
            sqlx::query("UPDATE staff_accounts SET totp_pending_sealed = $1 WHERE id = $2")
                .bind(sealed)
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
        });
        Ok(())
    }

    /// Uses the code of `step` for this account: false when that step (or a later one) was
    /// used already, so a code overheard or replayed opens nothing.
    pub async fn use_second_factor_step(
        &self,
        account_id: i64,
        step: i64,
    ) -> Result<bool, sqlx::Error> {
        let used = in_write_tx!(self, |tx| {
            sqlx::query(
                "UPDATE staff_accounts SET totp_last_step = $1
                 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
            )
            .bind(step)
            .bind(account_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1
        });
        Ok(used)
    }

    /// Confirms the pending secret as the account's second factor (its code of `step` used),
    /// replacing the recovery codes, with the audit line, in one transaction.
    pub async fn confirm_second_factor(
        &self,
        account_id: i64,
        sealed: &[u8],
        step: i64,
        recovery_hashes: &[Vec<u8>],
        line: &AuditEntry,
    ) -> Result<(), sqlx::Error> {
        let now = now_unix();
        in_write_tx!(self, |tx| {
            sqlx::query(
                "UPDATE staff_accounts SET totp_sealed = $1, totp_pending_sealed = NULL,
                   totp_last_step = $2, updated_at = $3 WHERE id = $4",
            )
            .bind(sealed)
            .bind(step)
            .bind(now)
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
            replace_recovery_codes(&mut tx, account_id, recovery_hashes).await?;
            audit_in(&mut tx, line, now).await?;
        });
        Ok(())
    }

    /// New recovery codes for an account (the old ones stop working), with the audit line.
    pub async fn renew_recovery_codes(
        &self,
        account_id: i64,
        recovery_hashes: &[Vec<u8>],
        line: &AuditEntry,
    ) -> Result<(), sqlx::Error> {
        let now = now_unix();
        in_write_tx!(self, |tx| {
            replace_recovery_codes(&mut tx, account_id, recovery_hashes).await?;
            audit_in(&mut tx, line, now).await?;
        });
        Ok(())
    }

    /// Uses a recovery code: false when it is not this account's or was used before.
    pub async fn use_recovery_code(
        &self,
        account_id: i64,
        code_hash: &[u8],
    ) -> Result<bool, sqlx::Error> {
        let now = now_unix();
        let used = in_write_tx!(self, |tx| {
            sqlx::query(
                "UPDATE staff_recovery_codes SET used_at = $1
                 WHERE account_id = $2 AND code_hash = $3 AND used_at IS NULL",
            )
            .bind(now)
            .bind(account_id)
            .bind(code_hash)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1
        });
        Ok(used)
    }

    /// Recovery codes not yet used.
    pub async fn recovery_codes_left(&self, account_id: i64) -> Result<i64, sqlx::Error> {
        with_reader!(self, |pool| sqlx::query_scalar(
            "SELECT COUNT(*) FROM staff_recovery_codes WHERE account_id = $1 AND used_at IS NULL"
        )
        .bind(account_id)
        .fetch_one(pool)
        .await)
    }

    /// A staff member's own new password: every other session of the account ends, this one
    /// (`keep`) is full from now on, and the audit line is written with it.
    pub async fn change_password(
        &self,
        account_id: i64,
        password_hash: &str,
        keep: &[u8],
        stage: &str,
        line: &AuditEntry,
    ) -> Result<(), sqlx::Error> {
        let now = now_unix();
        in_write_tx!(self, |tx| {
            sqlx::query(
                "UPDATE staff_accounts SET password_hash = $1, must_change_password = $2,
                   updated_at = $3 WHERE id = $4",
            )
            .bind(password_hash)
            .bind(false)
            .bind(now)
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM staff_sessions WHERE account_id = $1 AND token_hash <> $2")
                .bind(account_id)
                .bind(keep)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE staff_sessions SET stage = $1 WHERE token_hash = $2")
                .bind(stage)
                .bind(keep)
                .execute(&mut *tx)
                .await?;
            audit_in(&mut tx, line, now).await?;
        });
        Ok(())
    }

    /// An admin's reset of another account's sign-in: a one-time password that must be changed
    /// at the next sign-in, the second factor and recovery codes gone (set up again then), every
    /// session ended, with the audit line. False when there is no such account.
    pub async fn reset_sign_in(
        &self,
        account_id: i64,
        password_hash: &str,
        line: &AuditEntry,
    ) -> Result<bool, sqlx::Error> {
        let now = now_unix();
        let changed = in_write_tx!(self, |tx| {
            let changed = sqlx::query(
                "UPDATE staff_accounts SET password_hash = $1, must_change_password = $2,
                   totp_sealed = NULL, totp_pending_sealed = NULL, updated_at = $3
                 WHERE id = $4",
            )
            .bind(password_hash)
            .bind(true)
            .bind(now)
            .bind(account_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
                == 1;
            if changed {
                replace_recovery_codes(&mut tx, account_id, &[]).await?;
                sqlx::query("DELETE FROM staff_sessions WHERE account_id = $1")
                    .bind(account_id)
                    .execute(&mut *tx)
                    .await?;
                audit_in(&mut tx, line, now).await?;
            }
            changed
        });
        Ok(changed)
    }

    /// A session and its account, when both exist (one query).
    pub async fn session(
        &self,
        token_hash: &[u8],
    ) -> Result<Option<(SessionRow, AccountRow)>, sqlx::Error> {
        // Every staff request asks this, so the query text is built once.
        static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
            let account = ACCOUNT_COLUMNS
                .split(", ")
                .map(|c| format!("a.{c}"))
                .collect::<Vec<_>>()
                .join(", ");
            format!(
                "SELECT s.account_id, s.csrf_token, s.created_at, s.last_seen_at, s.stage, {account}
                 FROM staff_sessions s JOIN staff_accounts a ON a.id = s.account_id
                 WHERE s.token_hash = $1"
            )
        });
        let row: Option<SessionOfAccount> =
            with_reader!(self, |pool| sqlx::query_as(SQL.as_str())
                .bind(token_hash)
                .fetch_optional(pool)
                .await)?;
        Ok(row.map(|r| (r.session, r.account)))
    }

    pub async fn touch_session(&self, token_hash: &[u8], now: i64) -> Result<(), sqlx::Error> {
        in_write_tx!(self, |tx| {
            sqlx::query("UPDATE staff_sessions SET last_seen_at = $1 WHERE token_hash = $2")
                .bind(now)
                .bind(token_hash)
                .execute(&mut *tx)
                .await?;
        });
        Ok(())
    }

    pub async fn delete_session(&self, token_hash: &[u8]) -> Result<(), sqlx::Error> {
        in_write_tx!(self, |tx| {
            sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1")
                .bind(token_hash)
                .execute(&mut *tx)
                .await?;
        });
        Ok(())
    }

    /// Ends a session as its staff member asked (signing out), with the audit line.
    pub async fn end_session(
        &self,
        token_hash: &[u8],
        line: &AuditEntry,
    ) -> Result<(), sqlx::Error> {
        let now = now_unix();
        in_write_tx!(self, |tx| {
            let ended = sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1")
                .bind(token_hash)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if ended == 1 {
                audit_in(&mut tx, line, now).await?;
            }
        });
        Ok(())
    }

    /// Deletes sessions idle since `idle_before` or started before `started_before`.
    pub async fn delete_stale_sessions(
        &self,
        idle_before: i64,
        started_before: i64,
    ) -> Result<u64, sqlx::Error> {
        let deleted = in_write_tx!(self, |tx| {
            sqlx::query("DELETE FROM staff_sessions WHERE last_seen_at < $1 OR created_at < $2")
                .bind(idle_before)
                .bind(started_before)
                .execute(&mut *tx)
                .await?
                .rows_affected()
        });
        Ok(deleted)
    }

    /// Appends a line to the audit trail.
    pub async fn append_audit(&self, entry: &AuditEntry) -> Result<(), sqlx::Error> {
        let now = now_unix();
        in_write_tx!(self, |tx| {
            audit_in(&mut tx, entry, now).await?;
        });
        Ok(())
    }

    /// Audit lines matching the filter, newest first.
    pub async fn audit(&self, filter: &AuditFilter) -> Result<Vec<AuditRow>, sqlx::Error> {
        with_reader!(self, |pool| {
            sqlx::query_as(
                "SELECT id, at, actor, role, address, action, record, detail FROM audit_log
                 WHERE ($1 IS NULL OR actor = $1) AND ($2 IS NULL OR action = $2)
                   AND ($3 IS NULL OR record = $3)
                   AND at >= $4 AND at < $5
                 ORDER BY id DESC LIMIT $6",
            )
            .bind(&filter.actor)
            .bind(&filter.action)
            .bind(&filter.record)
            .bind(filter.from.unwrap_or(0))
            .bind(filter.to.unwrap_or(i64::MAX))
            .bind(filter.limit)
            .fetch_all(pool)
            .await
        })
    }

    /// Adds a kiosk waiting for enrolment with the hash of its one-time code.
    #[allow(clippy::too_many_arguments)]
    pub async fn create_kiosk(
        &self,
        id: &str,
        name: &str,
        region_id: &str,
        latitude: f64,
        longitude: f64,
        enrol_hash: &[u8],
        enrol_expires: i64,
        line: &AuditEntry,
    ) -> Result<(), sqlx::Error> {
        let now = now_unix();
        in_write_tx!(self, |tx| {
            sqlx::query(
                "INSERT INTO kiosks (id, name, region_id, latitude, longitude, enrol_hash,
                   enrol_expires, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id)
            .bind(name)
            .bind(region_id)
            .bind(latitude)
            .bind(longitude)
            .bind(enrol_hash)
            .bind(enrol_expires)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            audit_in(&mut tx, line, now).await?;
        });
        Ok(())
    }

    /// Uses a one-time code: the kiosk it was made for takes the device hash, and the code stops
    /// working. `None` when the code is unknown, used or expired.
    ///
    /// The audit line `kiosk_enrolled` (from `address`) is written in the same transaction: an
    /// enrolment stands only with its line.
    pub async fn enrol_kiosk(
        &self,
        enrol_hash: &[u8],
        device_hash: &[u8],
        now: i64,
        address: &str,
    ) -> Result<Option<KioskRow>, sqlx::Error> {
        let sql = format!(
            "UPDATE kiosks SET device_hash = $1, enrolled_at = $2, enrol_hash = NULL,
               enrol_expires = NULL
             WHERE enrol_hash = $3 AND enrol_expires > $2 AND revoked_at IS NULL
             RETURNING {KIOSK_COLUMNS}"
        );
        let row = in_write_tx!(self, |tx| {
            let row: Option<KioskRow> = sqlx::query_as(&sql)
                .bind(device_hash)
                .bind(now)
                .bind(enrol_hash)
                .fetch_optional(&mut *tx)
                .await?;
            if let Some(kiosk) = &row {
                let entry = AuditEntry {
                    actor: format!("kiosk:{}", kiosk.id),
                    role: None,
                    address: address.to_string(),
                    action: "kiosk_enrolled".into(),
                    record: Some(kiosk.id.clone()),
                    detail: kiosk.name.clone(),
                };
                audit_in(&mut tx, &entry, now).await?;
            }
            row
        });
        Ok(row)
    }

    /// The enrolled, not revoked kiosk holding this device hash.
    pub async fn kiosk_by_device(
        &self,
        device_hash: &[u8],
    ) -> Result<Option<KioskRow>, sqlx::Error> {
        let sql = format!(
            "SELECT {KIOSK_COLUMNS} FROM kiosks WHERE device_hash = $1 AND revoked_at IS NULL"
        );
        with_reader!(self, |pool| sqlx::query_as(&sql)
            .bind(device_hash)
            .fetch_optional(pool)
            .await)
    }

    pub async fn kiosks(&self) -> Result<Vec<KioskRow>, sqlx::Error> {
        let sql = format!("SELECT {KIOSK_COLUMNS} FROM kiosks ORDER BY name, id");
        with_reader!(self, |pool| sqlx::query_as(&sql).fetch_all(pool).await)
    }

    /// Stops a kiosk, with the audit line: its device cookie no longer works. False when it was
    /// already revoked.
    pub async fn revoke_kiosk(&self, id: &str, line: &AuditEntry) -> Result<bool, sqlx::Error> {
        let now = now_unix();
        let changed = in_write_tx!(self, |tx| {
            let changed = sqlx::query(
                "UPDATE kiosks SET revoked_at = $1, device_hash = NULL, enrol_hash = NULL
                 WHERE id = $2 AND revoked_at IS NULL",
            )
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed == 1 {
                audit_in(&mut tx, line, now).await?;
            }
            changed
        });
        Ok(changed == 1)
    }

    /// Codes of bookings holding this keyed phone hash, newest slot first.
    pub async fn bookings_by_phone(&self, phone_hash: &[u8]) -> Result<Vec<String>, sqlx::Error> {
        with_reader!(self, |pool| sqlx::query_scalar(
            "SELECT b.code FROM booking_phones p JOIN bookings b ON b.code = p.booking_code
             WHERE p.phone_hash = $1 ORDER BY b.starts_at DESC LIMIT 20",
        )
        .bind(phone_hash)
        .fetch_all(pool)
        .await)
    }

    /// Codes of bookings holding this keyed ID-number hash, newest slot first.
    pub async fn bookings_by_id_hash(&self, id_hash: &[u8]) -> Result<Vec<String>, sqlx::Error> {
        with_reader!(self, |pool| sqlx::query_scalar(
            "SELECT b.code FROM booking_people p JOIN bookings b ON b.code = p.booking_code
             WHERE p.id_hash = $1 ORDER BY b.starts_at DESC LIMIT 20",
        )
        .bind(id_hash)
        .fetch_all(pool)
        .await)
    }
}

/// Failed sign-ins and enrolments per keyed account name or address, shared by every server.
impl Store {
    /// Counts an attempt against each key before it is judged, in one transaction, so parallel
    /// attempts cannot pass the limit: `Err(until)` when a key is already locked (nothing is
    /// counted), else `Ok(started)` with the end of a lock this attempt started. The caller
    /// forgets the count when the attempt succeeds. Rows with nothing left to count are deleted
    /// on the way.
    pub async fn count_attempt(
        &self,
        keys: &[Vec<u8>],
        now: i64,
        policy: &ThrottlePolicy,
    ) -> Result<Result<Option<i64>, i64>, sqlx::Error> {
        // PostgreSQL locks the rows against a concurrent attempt; SQLite's BEGIN IMMEDIATE
        // already serialises writers.
        let select = match self {
            Store::Sqlite(_) => {
                "SELECT failures, locked_until FROM failed_attempts WHERE key_hash = $1"
            }
            Store::Postgres(_) => {
                "SELECT failures, locked_until FROM failed_attempts WHERE key_hash = $1 FOR UPDATE"
            }
        };
        let forget_before = now - policy.window_seconds.max(policy.lock_seconds);
        let counted = in_write_tx!(self, |tx| {
            sqlx::query(
                "DELETE FROM failed_attempts WHERE updated_at < $1
                 AND (locked_until IS NULL OR locked_until < $2)",
            )
            .bind(forget_before)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            let mut attempts = Vec::with_capacity(keys.len());
            let mut locked = None;
            for key in keys {
                sqlx::query(
                    "INSERT INTO failed_attempts (key_hash, failures, updated_at) VALUES ($1, '', $2)
                     ON CONFLICT (key_hash) DO NOTHING",
                )
                .bind(key)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                let (failures, locked_until): (String, Option<i64>) =
                    sqlx::query_as(select).bind(key).fetch_one(&mut *tx).await?;
                let stored = Attempts::from_stored(
                    failures.split(',').filter_map(|t| t.parse().ok()).collect(),
                    locked_until,
                );
                if let Err(until) = stored.check(now) {
                    locked = locked.max(Some(until));
                }
                attempts.push(stored);
            }
            if let Some(until) = locked {
                Err(until)
            } else {
                let mut started = None;
                for (key, attempts) in keys.iter().zip(attempts.iter_mut()) {
                    if let Some(until) = attempts.fail(now, policy) {
                        started = started.max(Some(until));
                    }
                    let failures = attempts
                        .failures()
                        .iter()
                        .map(i64::to_string)
                        .collect::<Vec<_>>()
                        .join(",");
                    sqlx::query(
                        "UPDATE failed_attempts SET failures = $1, locked_until = $2, updated_at = $3
                         WHERE key_hash = $4",
                    )
                    .bind(failures)
                    .bind(attempts.locked_until())
                    .bind(now)
                    .bind(key)
                    .execute(&mut *tx)
                    .await?;
                }
                Ok(started)
            }
        });
        Ok(counted)
    }

    /// A success forgets these keys' failures.
    pub async fn clear_failed_attempts(&self, keys: &[Vec<u8>]) -> Result<(), sqlx::Error> {
        in_write_tx!(self, |tx| {
            for key in keys {
                sqlx::query("DELETE FROM failed_attempts WHERE key_hash = $1")
                    .bind(key)
                    .execute(&mut *tx)
                    .await?;
            }
        });
        Ok(())
    }
}

/// Where a request came from, as the audit trail keeps it: only the network (IPv4 /24, IPv6
/// /48), enough to tell an office from a stranger, not one person's device. Anything that is not
/// an address (`local`, `unknown`) is kept as it is.
pub fn audit_network(address: &str) -> String {
    use std::net::IpAddr;
    match address.parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => {
            let [a, b, c, _] = v4.octets();
            format!("{a}.{b}.{c}.0/24")
        }
        Ok(IpAddr::V6(v6)) => ipnet::Ipv6Net::new(v6, 48)
            .map(|net| net.trunc().to_string())
            .unwrap_or_else(|_| "unknown".into()),
        Err(_) => address.to_string(),
    }
}

/// Writes an audit line inside a change's own transaction, so the change stands only with it.
pub(super) async fn audit_in<'c, DB>(
    tx: &mut sqlx::Transaction<'c, DB>,
    entry: &AuditEntry,
    at: i64,
) -> Result<(), sqlx::Error>
where
    DB: sqlx::Database,
    for<'q> &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> Option<&'q str>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'e> &'e mut <DB as sqlx::Database>::Connection: sqlx::Executor<'e, Database = DB>,
{
    let network = audit_network(&entry.address);
    sqlx::query(
        "INSERT INTO audit_log (at, actor, role, address, action, record, detail)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(at)
    .bind(entry.actor.as_str())
    .bind(entry.role.as_deref())
    .bind(network.as_str())
    .bind(entry.action.as_str())
    .bind(entry.record.as_deref())
    .bind(entry.detail.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Replaces an account's recovery codes with these hashes.
async fn replace_recovery_codes<'c, DB>(
    tx: &mut sqlx::Transaction<'c, DB>,
    account_id: i64,
    hashes: &[Vec<u8>],
) -> Result<(), sqlx::Error>
where
    DB: sqlx::Database,
    for<'q> i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> &'q [u8]: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'e> &'e mut <DB as sqlx::Database>::Connection: sqlx::Executor<'e, Database = DB>,
{
    sqlx::query("DELETE FROM staff_recovery_codes WHERE account_id = $1")
        .bind(account_id)
        .execute(&mut **tx)
        .await?;
    for hash in hashes {
        sqlx::query("INSERT INTO staff_recovery_codes (account_id, code_hash) VALUES ($1, $2)")
            .bind(account_id)
            .bind(hash.as_slice())
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::audit_network;

    #[test]
    fn the_audit_trail_keeps_only_the_network() {
        assert_eq!(audit_network("203.0.113.77"), "203.0.113.0/24");
        assert_eq!(audit_network("2001:db8:1234:5678::9"), "2001:db8:1234::/48");
        assert_eq!(audit_network("local"), "local");
    }
}
