//! Six-digit codes sent to a phone, so that a booking counts only from someone holding the phone
//! they gave, and a booking opens only for someone holding a phone it names. A code lasts five
//! minutes, is good for one use and five tries, and is kept only as a keyed hash; a new one goes
//! to the same phone after a minute at the earliest; codes per phone, ID number and client per
//! day are limited on every server alike.

use crate::{
    crypto::{DataCipher, Place},
    limits::{self, Limiter, OverLimit},
    sms::Template,
    store::{outbox::NewMessage, Store},
};
use app::{domain::booking::phone::Phone, i18n::Msg};
use rand::Rng;

pub const CODE_SECONDS: i64 = 5 * 60;
pub const MAX_TRIES: i64 = 5;
pub const RESEND_SECONDS: i64 = 60;

/// What a code is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Making a booking with this contact phone (subject: the service).
    Book,
    /// Opening the booking whose code is the subject.
    Manage,
}

impl Purpose {
    fn key(self) -> &'static str {
        match self {
            Purpose::Book => "book",
            Purpose::Manage => "manage",
        }
    }
}

/// Why no code was sent, or a code was not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeProblem {
    TooSoon {
        seconds: i64,
    },
    DailyLimit,
    /// Too many checks from this client: wait.
    TooMany {
        seconds: i64,
    },
    Wrong,
    Expired,
}

impl CodeProblem {
    pub fn message(self) -> Msg {
        match self {
            CodeProblem::TooSoon { .. } => Msg::VerifyTooSoon,
            CodeProblem::DailyLimit => Msg::VerifyDailyLimit,
            CodeProblem::TooMany { .. } => Msg::TooManyLookups,
            CodeProblem::Wrong => Msg::VerifyCodeWrong,
            CodeProblem::Expired => Msg::VerifyCodeExpired,
        }
    }
}

/// Who asks, for the per-client limits: an address key (IPv6 by /64), an enrolled kiosk
/// (`kiosk:`) or a hotline agent (`staff:`), the last two serving many people each.
pub fn client_limit(client: &str) -> limits::Limit {
    if client.starts_with("kiosk:") || client.starts_with("staff:") {
        limits::CODES_PER_KIOSK
    } else {
        limits::CODES_PER_ADDRESS
    }
}

/// Sends and checks codes.
#[derive(Clone)]
pub struct Verifier {
    store: Store,
    cipher: DataCipher,
    limiter: Limiter,
}

impl Verifier {
    pub fn new(store: Store, cipher: DataCipher) -> Verifier {
        Verifier {
            limiter: Limiter::new(store.clone(), cipher.clone()),
            store,
            cipher,
        }
    }

    pub fn limiter(&self) -> &Limiter {
        &self.limiter
    }

    fn code_hash(&self, id: &str, code: &str) -> Vec<u8> {
        self.cipher
            .lookup_hash(&format!("verification\n{id}\n{code}"))
    }

    /// Sends a new code for `purpose` and `subject` to `phones` (the first one's hash is
    /// recorded), counted against the limits of those phones, of `id_numbers` and of `client`.
    /// Answers the verification's id.
    #[allow(clippy::too_many_arguments)]
    pub async fn send(
        &self,
        purpose: Purpose,
        subject: &str,
        phones: &[Phone],
        id_numbers: &[&str],
        client: &str,
        office_id: Option<&str>,
        now: i64,
    ) -> Result<Result<String, CodeProblem>, sqlx::Error> {
        let Some(first) = phones.first() else {
            return Ok(Err(CodeProblem::Expired));
        };
        let phone_hash = self.cipher.lookup_hash(first.as_str());
        if let Some(last) = self
            .store
            .last_verification_at(purpose.key(), &phone_hash)
            .await?
        {
            if now - last < RESEND_SECONDS {
                return Ok(Err(CodeProblem::TooSoon {
                    seconds: RESEND_SECONDS - (now - last),
                }));
            }
        }
        let mut hits: Vec<(limits::Limit, &str)> = phones
            .iter()
            .map(|p| (limits::CODES_PER_PHONE, p.as_str()))
            .collect();
        hits.extend(id_numbers.iter().map(|id| (limits::CODES_PER_ID, *id)));
        hits.push((client_limit(client), client));
        if self.limiter.hit_all(&hits, now).await?.is_err() {
            return Ok(Err(CodeProblem::DailyLimit));
        }
        let code = format!("{:06}", rand::rng().random_range(0..1_000_000u32));
        let id = hex::encode(rand::random::<[u8; 16]>());
        let params = serde_json::to_vec(&[("code", code.as_str())]).expect("params serialize");
        let messages: Vec<NewMessage> = phones
            .iter()
            .map(|phone| {
                let seal_ref = crate::store::sealed::new_seal_ref();
                NewMessage {
                    phone_sealed: self
                        .cipher
                        .seal(Place::message_phone(&seal_ref), phone.as_str().as_bytes()),
                    phone_masked: phone.masked(),
                    template: Template::Verification.key().into(),
                    params_sealed: self.cipher.seal(Place::message_params(&seal_ref), &params),
                    office_id: office_id.map(str::to_string),
                    booking_code: (purpose == Purpose::Manage).then(|| subject.to_string()),
                    seal_ref,
                }
            })
            .collect();
        self.store
            .create_verification(
                &id,
                purpose.key(),
                subject,
                &phone_hash,
                &self.code_hash(&id, &code),
                now,
                now + CODE_SECONDS,
                &messages,
            )
            .await?;
        tracing::info!(
            purpose = purpose.key(),
            phones = phones.len(),
            "verification code queued"
        );
        Ok(Ok(id))
    }

    /// Checks `code` for the verification `id`, which must be for `purpose` and `subject` (and,
    /// when given, sent to `phone`). The try is counted before anything is compared; a right
    /// code is used up.
    #[allow(clippy::too_many_arguments)]
    pub async fn check(
        &self,
        id: &str,
        code: &str,
        purpose: Purpose,
        subject: &str,
        phone: Option<&Phone>,
        client: &str,
        now: i64,
    ) -> Result<Result<(), CodeProblem>, sqlx::Error> {
        if let Err(OverLimit { retry_after }) = self
            .limiter
            .hit(limits::CODE_CHECKS_PER_ADDRESS, client, now)
            .await?
        {
            return Ok(Err(CodeProblem::TooMany {
                seconds: retry_after,
            }));
        }
        let id = id.trim();
        if id.is_empty() || id.len() > 64 {
            return Ok(Err(CodeProblem::Expired));
        }
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        let phone_hash = phone.map(|p| self.cipher.lookup_hash(p.as_str()));
        let Some(row) = self
            .store
            .try_verification(
                id,
                now,
                MAX_TRIES,
                &self.code_hash(id, &code),
                purpose.key(),
                subject,
                phone_hash.as_deref(),
            )
            .await?
        else {
            return Ok(Err(CodeProblem::Expired));
        };
        if row.used {
            return Ok(Ok(()));
        }
        let same_phone = phone_hash.is_none_or(|h| h == row.phone_hash);
        if row.purpose != purpose.key() || row.subject != subject || !same_phone {
            return Ok(Err(CodeProblem::Expired));
        }
        Ok(Err(if row.tries >= MAX_TRIES {
            CodeProblem::Expired
        } else {
            CodeProblem::Wrong
        }))
    }
}
