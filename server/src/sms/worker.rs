//! The sender task: on every server, claims due messages from the outbox, sends them, and records
//! the provider's id, or the error and when to try again; after the last try the message is
//! failed, and shows on the admin page and its office's desk page.

use super::{Outgoing, SendError, Sender, Template};
use crate::{
    crypto::{DataCipher, Place},
    store::Store,
};
use app::domain::booking::phone::Phone;
use std::{sync::Arc, time::Duration};

/// Tries before a message is failed, and the wait after each failed try (seconds).
pub const MAX_ATTEMPTS: i64 = 5;
const BACKOFF: [i64; 4] = [10, 60, 300, 1800];
/// A claim lasts longer than a provider request may take; a server that dies mid-send gives its
/// messages back when the claim runs out.
const LEASE_SECONDS: i64 = 60;
const BATCH: i64 = 200;
/// How often an idle server looks for due messages.
const IDLE_POLL: Duration = Duration::from_millis(250);

/// When to try again after the `attempts`-th try failed (`None`: never, the message is failed).
pub fn retry_at(attempts: i64, now: i64, error: &SendError) -> Option<i64> {
    match error {
        SendError::Refused(_) => None,
        SendError::Retry(_) if attempts >= MAX_ATTEMPTS => None,
        SendError::Retry(_) => {
            let index = usize::try_from(attempts - 1)
                .unwrap_or(0)
                .min(BACKOFF.len() - 1);
            Some(now + BACKOFF[index])
        }
    }
}

/// Claims and sends one batch of the messages due at `now` (Unix seconds); answers how many
/// were claimed.
pub async fn send_due(
    store: &Store,
    cipher: &DataCipher,
    sender: &Arc<Sender>,
    now: i64,
) -> Result<usize, sqlx::Error> {
    if !store.has_due_messages(now).await? {
        return Ok(0);
    }
    let claimed = store.claim_due_messages(now, LEASE_SECONDS, BATCH).await?;
    let count = claimed.len();
    let mut sending = tokio::task::JoinSet::new();
    for row in claimed {
        let seal_ref = row.seal_ref.as_deref().unwrap_or_default();
        let phone = cipher
            .open(Place::message_phone(seal_ref), &row.phone_sealed)
            .and_then(|p| String::from_utf8(p).ok())
            .and_then(|p| Phone::parse(&p));
        let params: Option<Vec<(String, String)>> = row
            .params_sealed
            .as_deref()
            .and_then(|p| cipher.open(Place::message_params(seal_ref), p))
            .and_then(|p| serde_json::from_slice(&p).ok());
        let (Some(phone), Some(template), Some(params)) =
            (phone, Template::parse(&row.template), params)
        else {
            store
                .message_failed(row.id, "the message cannot be read", None)
                .await?;
            continue;
        };
        let message = Outgoing {
            id: row.id,
            phone,
            template,
            params,
        };
        let sender = sender.clone();
        let attempts = row.attempts;
        sending.spawn(async move { (message.id, attempts, sender.send(&message).await) });
    }
    let mut sent = Vec::new();
    while let Some(done) = sending.join_next().await {
        let Ok((id, attempts, result)) = done else {
            continue;
        };
        let now = now.max(crate::clock::real_unix_seconds());
        match result {
            Ok(provider_id) => sent.push((id, provider_id)),
            Err(error) => {
                let retry = retry_at(attempts, now, &error);
                tracing::warn!(
                    message = id,
                    attempts,
                    reason = error.reason(),
                    retry = retry.is_some(),
                    "text message not sent"
                );
                store.message_failed(id, error.reason(), retry).await?
            }
        }
    }
    let now = now.max(crate::clock::real_unix_seconds());
    store.messages_sent(&sent, now).await?;
    Ok(count)
}

/// Wakes this server's sender: a message was just queued here (other servers find it on their
/// next look, a quarter of a second at most).
pub fn wake() {
    WAKE.notify_one();
}

static WAKE: tokio::sync::Notify = tokio::sync::Notify::const_new();

/// Runs the sender until the process ends.
pub async fn run(store: Store, cipher: DataCipher, sender: Arc<Sender>) {
    loop {
        let now = crate::clock::real_unix_seconds();
        match send_due(&store, &cipher, &sender, now).await {
            Ok(n) if n as i64 == BATCH => continue,
            Ok(_) => {
                tokio::select! {
                    _ = WAKE.notified() => {}
                    _ = tokio::time::sleep(IDLE_POLL) => {}
                }
            }
            Err(error) => {
                tracing::error!(%error, "the text message sender could not reach the database");
                tokio::time::sleep(Duration::from_secs(5)).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_tries_wait_longer_each_time_and_refusals_end_at_once() {
        let retry = SendError::Retry("timed out".into());
        assert_eq!(retry_at(1, 1000, &retry), Some(1010));
        assert_eq!(retry_at(2, 1000, &retry), Some(1060));
        assert_eq!(retry_at(4, 1000, &retry), Some(2800));
        assert_eq!(retry_at(MAX_ATTEMPTS, 1000, &retry), None);
        assert_eq!(
            retry_at(
                1,
                1000,
                &SendError::Refused("isv.MOBILE_NUMBER_ILLEGAL".into())
            ),
            None
        );
    }
}
