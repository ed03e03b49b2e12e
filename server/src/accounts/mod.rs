//! Staff accounts, sign-in, sessions and the audit trail: the service the staff pages, the
//! staff API and the command line share (the pages themselves are in `staff`).

pub mod password;

use crate::{
    crypto::DataCipher,
    store::{
        staff::{AccountRow, AuditEntry},
        Store,
    },
};
use app::{
    api::staff::StaffIdentity,
    domain::staff::{
        role::Role,
        session::{SessionPolicy, SessionState},
        throttle::ThrottlePolicy,
    },
};
use sha2::{Digest, Sha256};

/// The cookie holding a staff session's random id.
pub const SESSION_COOKIE: &str = "bianmin_staff";
/// The cookie holding the CSRF token of the sign-in form (before there is a session).
pub const SIGN_IN_CSRF_COOKIE: &str = "bianmin_signin";

/// How long a sign-in waits for a free password check before it is answered "busy".
const CHECK_WAIT: std::time::Duration = std::time::Duration::from_secs(3);

/// A random 256-bit token, hex.
pub fn new_token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The stored form of a token: its SHA-256, so the database alone cannot sign anyone in.
pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Compares secrets in time independent of where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Why a sign-in failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInError {
    /// Wrong user name or password (never says which).
    Wrong,
    /// Too many failures: locked until this moment (Unix seconds).
    Locked(i64),
    /// Every password check is busy: try again in a moment (nothing was counted).
    Busy,
}

/// A signed-in session, as the gate needs it.
#[derive(Clone, Debug)]
pub struct Session {
    pub identity: StaffIdentity,
    pub account_id: i64,
    pub token_hash: Vec<u8>,
}

/// Sign-in, sessions, throttling and auditing.
#[derive(Clone)]
pub struct Staff {
    store: Store,
    pub sessions: SessionPolicy,
    throttle: ThrottlePolicy,
    /// Keys the failure counters by account name or address, so no address is stored.
    cipher: DataCipher,
    /// Password checks at once: one per core. Each Argon2id check holds about 19 MiB, so a
    /// flood of sign-ins waits its turn (a waiting sign-in holds next to nothing) and, after
    /// [`CHECK_WAIT`], is answered "busy" instead of filling memory.
    checking: std::sync::Arc<tokio::sync::Semaphore>,
}

impl Staff {
    pub fn new(store: Store, cipher: DataCipher) -> Staff {
        Staff {
            store,
            sessions: SessionPolicy::default(),
            throttle: ThrottlePolicy::default(),
            cipher,
            checking: std::sync::Arc::new(tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(2, |n| n.get()),
            )),
        }
    }

    /// The failure counter's key for an account name.
    fn account_key(&self, username: &str) -> Vec<u8> {
        self.cipher
            .lookup_hash(&format!("attempt:account:{username}"))
    }

    /// The failure counter's key for an address, shared by sign-in and kiosk enrolment: wrong
    /// passwords and wrong enrolment codes from one address count together.
    fn address_key(&self, address: &str) -> Vec<u8> {
        self.cipher
            .lookup_hash(&format!("attempt:address:{address}"))
    }

    /// Counts an enrolment attempt from this address before its code is checked: `Err(until)`
    /// while enrolment from it is locked, else `Ok(started)` with the end of a lock this
    /// attempt started (its code is still checked). A right code forgets the count.
    pub async fn count_enrolment(
        &self,
        address: &str,
        now: i64,
    ) -> Result<Result<Option<i64>, i64>, sqlx::Error> {
        let from = self.address_key(address);
        self.store.count_attempt(&[from], now, &self.throttle).await
    }

    /// A kiosk enrolled from this address: its attempts are forgotten.
    pub async fn enrolled(&self, address: &str) -> Result<(), sqlx::Error> {
        self.store
            .clear_failed_attempts(&[self.address_key(address)])
            .await
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Checks the password and, when it matches an active account, opens a session: returns
    /// the cookie's token. Failures count per account name and per address; five within 15
    /// minutes lock either for 15 minutes. Every attempt is audited.
    pub async fn sign_in(
        &self,
        username: &str,
        password: &str,
        address: &str,
        now: i64,
    ) -> Result<Result<String, SignInError>, sqlx::Error> {
        let username = username.trim();
        let keys = [self.account_key(username), self.address_key(address)];
        // A check slot first, so a busy answer counts nothing; then the attempt is counted
        // before the password is judged, so parallel guesses cannot pass the limit.
        let waited = tokio::time::timeout(CHECK_WAIT, self.checking.clone().acquire_owned()).await;
        let Ok(Ok(_checking)) = waited else {
            return Ok(Err(SignInError::Busy));
        };
        let started = match self.store.count_attempt(&keys, now, &self.throttle).await? {
            Ok(started) => started,
            Err(until) => {
                self.audit_anonymous(username, address, "sign_in_locked")
                    .await?;
                return Ok(Err(SignInError::Locked(until)));
            }
        };
        let account = self.store.account_by_username(username).await?;
        let stored = account
            .as_ref()
            .map(|a| a.password_hash.as_str())
            .unwrap_or(password::decoy());
        let matches = {
            let stored = stored.to_string();
            let password = password.to_string();
            tokio::task::spawn_blocking(move || password::verify(&stored, &password))
                .await
                .unwrap_or(false)
        };
        let account = account.filter(|a| matches && a.active);
        let Some(account) = account else {
            self.audit_anonymous(username, address, "sign_in_failed")
                .await?;
            return Ok(Err(started.map_or(SignInError::Wrong, SignInError::Locked)));
        };
        self.store.clear_failed_attempts(&keys).await?;
        let token = new_token();
        self.store
            .create_session(&token_hash(&token), account.id, &new_token(), now)
            .await?;
        self.store
            .append_audit(&AuditEntry {
                actor: account.username.clone(),
                role: Some(account.role.clone()),
                address: address.to_string(),
                action: "sign_in".into(),
                record: None,
                detail: String::new(),
            })
            .await?;
        Ok(Ok(token))
    }

    async fn audit_anonymous(
        &self,
        username: &str,
        address: &str,
        action: &str,
    ) -> Result<(), sqlx::Error> {
        // The typed name is kept short and as text: it may be anything.
        let actor: String = username.chars().take(64).collect();
        self.store
            .append_audit(&AuditEntry {
                actor,
                role: None,
                address: address.to_string(),
                action: action.into(),
                record: None,
                detail: String::new(),
            })
            .await
    }

    /// The live session of this cookie token, refreshed; `None` when it is unknown, ended, or
    /// its account was turned off (an ended session is deleted).
    pub async fn session(&self, token: &str, now: i64) -> Result<Option<Session>, sqlx::Error> {
        let hash = token_hash(token);
        let Some((session, account)) = self.store.session(&hash).await? else {
            return Ok(None);
        };
        let state = self
            .sessions
            .state(session.created_at, session.last_seen_at, now);
        let (SessionState::Active { .. }, true) = (state, account.active) else {
            self.store.delete_session(&hash).await?;
            return Ok(None);
        };
        let Some(role) = Role::parse(&account.role) else {
            return Ok(None);
        };
        // Activity moves the idle end; a request within the same minute need not write.
        if now - session.last_seen_at >= 30 {
            self.store.touch_session(&hash, now).await?;
        }
        let idle_deadline = match self.sessions.state(session.created_at, now, now) {
            SessionState::Active { ends_at, .. } => ends_at,
            SessionState::Expired => now,
        };
        Ok(Some(Session {
            identity: identity(&account, role, session.csrf_token, (idle_deadline, now)),
            account_id: account.id,
            token_hash: hash,
        }))
    }

    pub async fn sign_out(&self, session: &Session, address: &str) -> Result<(), sqlx::Error> {
        self.store.delete_session(&session.token_hash).await?;
        self.audit(&session.identity, address, "sign_out", None, "")
            .await
    }

    /// Appends a staff action to the audit trail.
    pub async fn audit(
        &self,
        who: &StaffIdentity,
        address: &str,
        action: &str,
        record: Option<&str>,
        detail: &str,
    ) -> Result<(), sqlx::Error> {
        self.store
            .append_audit(&AuditEntry {
                actor: who.username.clone(),
                role: Some(who.role.key().to_string()),
                address: address.to_string(),
                action: action.to_string(),
                record: record.map(str::to_string),
                detail: detail.to_string(),
            })
            .await
    }
}

/// A signed-in account as the pages see it; `(idle_deadline, now)` in Unix seconds.
fn identity(
    account: &AccountRow,
    role: Role,
    csrf: String,
    (idle_deadline, now): (i64, i64),
) -> StaffIdentity {
    StaffIdentity {
        username: account.username.clone(),
        display_name: account.display_name.clone(),
        role,
        office_id: account.office_id.clone(),
        csrf,
        idle_deadline,
        idle_seconds_left: (idle_deadline - now).max(0),
    }
}

/// Why an account could not be added; each names the field at fault.
#[derive(Debug, thiserror::Error)]
pub enum AccountProblem {
    #[error("a user name is 1 to 64 letters, digits, dots, dashes or underscores")]
    BadUsername,
    #[error("the user name is taken")]
    UsernameTaken,
    #[error("the password needs at least 12 characters and cannot be the user name")]
    WeakPassword,
    #[error("a registrar needs a known office, and only registrars have one")]
    Office,
    #[error(transparent)]
    Storage(#[from] sqlx::Error),
}

impl AccountProblem {
    /// The form field at fault and its message (`None` for a storage failure).
    pub fn field(&self) -> Option<(&'static str, app::i18n::Msg)> {
        use app::i18n::Msg;
        match self {
            AccountProblem::BadUsername | AccountProblem::UsernameTaken => {
                Some(("username", Msg::StaffUsernameInvalid))
            }
            AccountProblem::WeakPassword => Some(("password", Msg::StaffPasswordWeak)),
            AccountProblem::Office => Some(("office", Msg::StaffOfficeNeeded)),
            AccountProblem::Storage(_) => None,
        }
    }
}

/// Adds a staff account after checking the user name, the password and the office (only a
/// registrar has one). Used by `server staff add` and the accounts page.
pub async fn add_account(
    store: &Store,
    username: &str,
    display_name: &str,
    role: Role,
    office: Option<&str>,
    password: &str,
) -> Result<i64, AccountProblem> {
    let username = username.trim();
    let valid = !username.is_empty()
        && username.len() <= 64
        && username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if !valid {
        return Err(AccountProblem::BadUsername);
    }
    if password::check_new(username, password).is_err() {
        return Err(AccountProblem::WeakPassword);
    }
    let office_known = match office {
        Some(id) => store.office(id).await?.is_some(),
        None => false,
    };
    if (role == Role::Registrar) != office_known {
        return Err(AccountProblem::Office);
    }
    let hash = password::hash(password);
    store
        .create_account(username, display_name, role.key(), office, &hash)
        .await?
        .ok_or(AccountProblem::UsernameTaken)
}
