//! Staff accounts, sign-in, sessions and the audit trail: the service the staff pages, the
//! staff API and the command line share (the pages themselves are in `staff`).

pub mod password;
pub mod second_factor;

use crate::{
    crypto::{DataCipher, Place},
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

/// How far a session has come. Only a full session opens staff pages and the staff API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// The password was right; the second factor is awaited (on the sign-in page).
    Code,
    /// A second factor must be set up first (on the security page).
    Enrol,
    /// The password must be changed first: an admin reset it (on the security page).
    Password,
    Full,
}

impl Stage {
    pub fn key(self) -> &'static str {
        match self {
            Stage::Code => "code",
            Stage::Enrol => "enrol",
            Stage::Password => "password",
            Stage::Full => "full",
        }
    }

    /// Anything unknown is the least: the code step.
    pub fn parse(key: &str) -> Stage {
        match key {
            "full" => Stage::Full,
            "enrol" => Stage::Enrol,
            "password" => Stage::Password,
            _ => Stage::Code,
        }
    }
}

/// Which staff must sign in with a second factor (`BIANMIN_STAFF_SECOND_FACTOR`). Admins always.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SecondFactorPolicy {
    #[default]
    Admins,
    Everyone,
}

/// A signed-in session, as the gate needs it.
#[derive(Clone, Debug)]
pub struct Session {
    pub identity: StaffIdentity,
    pub account_id: i64,
    pub token_hash: Vec<u8>,
    pub stage: Stage,
}

/// Why a password change was refused; each names the field at fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordProblem {
    /// The current password typed is wrong.
    OldWrong,
    /// Too many wrong tries: locked until then.
    Locked(i64),
    /// The new password is too short, the user name, the old one, or not typed the same twice.
    NewWeak,
    NewDiffers,
    Busy,
}

/// Sign-in, sessions, throttling and auditing.
#[derive(Clone)]
pub struct Staff {
    store: Store,
    pub sessions: SessionPolicy,
    throttle: ThrottlePolicy,
    /// Keys the failure counters by account name or address, so no address is stored.
    cipher: DataCipher,
    /// Who must use a second factor.
    pub second_factor: SecondFactorPolicy,
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
            second_factor: SecondFactorPolicy::default(),
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
    ) -> Result<Result<(String, Stage), SignInError>, sqlx::Error> {
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
        let role = Role::parse(&account.role).unwrap_or(Role::Agent);
        let stage = self.next_stage(&account, role, false);
        // With a second factor to come, the attempt stays counted until its code is right:
        // knowing the password does not buy fresh tries at the code.
        if stage != Stage::Code {
            self.store.clear_failed_attempts(&keys).await?;
        }
        let token = new_token();
        let line = AuditEntry {
            actor: account.username.clone(),
            role: Some(account.role.clone()),
            address: address.to_string(),
            action: if stage == Stage::Code {
                "sign_in_password"
            } else {
                "sign_in"
            }
            .into(),
            record: None,
            detail: String::new(),
        };
        self.store
            .create_session(
                &token_hash(&token),
                account.id,
                &new_token(),
                now,
                stage.key(),
                &line,
            )
            .await?;
        Ok(Ok((token, stage)))
    }

    /// Where a session of this account goes next: the second factor (unless just given), a new
    /// password after an admin's reset, setting up a second factor where one is required, or in.
    fn next_stage(&self, account: &AccountRow, role: Role, factor_given: bool) -> Stage {
        let has_factor = account.totp_sealed.is_some();
        if has_factor && !factor_given {
            Stage::Code
        } else if account.must_change_password {
            Stage::Password
        } else if !has_factor && self.requires_second_factor(role) {
            Stage::Enrol
        } else {
            Stage::Full
        }
    }

    /// Whether this role must sign in with a second factor.
    pub fn requires_second_factor(&self, role: Role) -> bool {
        role == Role::Admin || self.second_factor == SecondFactorPolicy::Everyone
    }

    fn line(&self, who: &str, role: &str, address: &str, action: &str) -> AuditEntry {
        AuditEntry {
            actor: who.to_string(),
            role: Some(role.to_string()),
            address: address.to_string(),
            action: action.to_string(),
            record: None,
            detail: String::new(),
        }
    }

    /// The recovery code's keyed hash, bound to its account.
    fn recovery_hash(&self, account_id: i64, code: &str) -> Vec<u8> {
        self.cipher
            .lookup_hash(&format!("recovery:{account_id}:{code}"))
    }

    /// The second step of signing in: the authenticator app's code, or a recovery code. Counted
    /// like a password before it is judged, against the account and the address; each code is
    /// good once. Answers the session's next stage.
    pub async fn second_factor(
        &self,
        session: &Session,
        typed: &str,
        address: &str,
        now: i64,
    ) -> Result<Result<Stage, SignInError>, sqlx::Error> {
        let username = session.identity.username.as_str();
        let keys = [self.account_key(username), self.address_key(address)];
        let started = match self.store.count_attempt(&keys, now, &self.throttle).await? {
            Ok(started) => started,
            Err(until) => return Ok(Err(SignInError::Locked(until))),
        };
        let Some(account) = self.store.account_by_username(username).await? else {
            return Ok(Err(SignInError::Wrong));
        };
        let row = account.id.to_string();
        let secret = account
            .totp_sealed
            .as_deref()
            .and_then(|sealed| self.cipher.open(Place::second_factor(&row), sealed));
        let (given, how) = match (second_factor::normalise_recovery_code(typed), secret) {
            (Some(code), _) => (
                self.store
                    .use_recovery_code(account.id, &self.recovery_hash(account.id, &code))
                    .await?,
                "sign_in_recovery_code",
            ),
            (None, Some(secret)) => match second_factor::matching_step(&secret, typed, now) {
                Some(step) => (
                    self.store.use_second_factor_step(account.id, step).await?,
                    "sign_in",
                ),
                None => (false, "sign_in"),
            },
            (None, None) => (false, "sign_in"),
        };
        let role = session.identity.role;
        if !given {
            self.audit_anonymous(username, address, "sign_in_code_failed")
                .await?;
            return Ok(Err(started.map_or(SignInError::Wrong, SignInError::Locked)));
        }
        self.store.clear_failed_attempts(&keys).await?;
        let stage = self.next_stage(&account, role, true);
        let line = self.line(username, role.key(), address, how);
        self.store
            .set_session_stage(&session.token_hash, stage.key(), &line)
            .await?;
        Ok(Ok(stage))
    }

    /// The secret to set up in an authenticator app, as typed and as the QR code's address: the
    /// one already shown if it was not confirmed yet, else a new one.
    pub async fn enrolment(&self, session: &Session) -> Result<(String, String), sqlx::Error> {
        let username = &session.identity.username;
        let account = self.store.account_by_username(username).await?;
        let row = session.account_id.to_string();
        let pending = account
            .as_ref()
            .and_then(|a| a.totp_pending_sealed.as_deref())
            .and_then(|sealed| self.cipher.open(Place::pending_second_factor(&row), sealed));
        let secret = match pending {
            Some(secret) => secret,
            None => {
                let secret = second_factor::new_secret();
                self.store
                    .set_pending_second_factor(
                        session.account_id,
                        &self
                            .cipher
                            .seal(Place::pending_second_factor(&row), &secret),
                    )
                    .await?;
                secret
            }
        };
        Ok((
            second_factor::typed_secret(&secret),
            second_factor::app_address("Bianmin", username, &secret),
        ))
    }

    /// Confirms the shown secret with a code from the app: the second factor is on, and the new
    /// recovery codes (shown once) are returned. `None` when the code does not match.
    pub async fn confirm_enrolment(
        &self,
        session: &Session,
        typed: &str,
        address: &str,
        now: i64,
    ) -> Result<Option<Vec<String>>, sqlx::Error> {
        let Some(account) = self
            .store
            .account_by_username(&session.identity.username)
            .await?
        else {
            return Ok(None);
        };
        let Some(sealed) = account.totp_pending_sealed.clone() else {
            return Ok(None);
        };
        let row = account.id.to_string();
        let Some((secret, step)) = self
            .cipher
            .open(Place::pending_second_factor(&row), &sealed)
            .and_then(|secret| {
                second_factor::matching_step(&secret, typed, now).map(|step| (secret, step))
            })
        else {
            return Ok(None);
        };
        // Confirmed, it moves to its own column, and is sealed for it.
        let sealed = self.cipher.seal(Place::second_factor(&row), &secret);
        let codes = second_factor::new_recovery_codes();
        let hashes: Vec<Vec<u8>> = codes
            .iter()
            .map(|c| self.recovery_hash(account.id, c))
            .collect();
        let role = session.identity.role;
        let line = self.line(&account.username, role.key(), address, "second_factor_on");
        self.store
            .confirm_second_factor(account.id, &sealed, step, &hashes, &line)
            .await?;
        if session.stage != Stage::Full {
            let confirmed = AccountRow {
                totp_sealed: Some(sealed),
                ..account
            };
            let stage = self.next_stage(&confirmed, role, true);
            let line = self.line(&confirmed.username, role.key(), address, "sign_in");
            self.store
                .set_session_stage(&session.token_hash, stage.key(), &line)
                .await?;
        }
        Ok(Some(codes))
    }

    /// New recovery codes (the old ones stop working), shown once.
    pub async fn renew_recovery_codes(
        &self,
        session: &Session,
        address: &str,
    ) -> Result<Vec<String>, sqlx::Error> {
        let codes = second_factor::new_recovery_codes();
        let hashes: Vec<Vec<u8>> = codes
            .iter()
            .map(|c| self.recovery_hash(session.account_id, c))
            .collect();
        let who = &session.identity;
        let line = self.line(
            &who.username,
            who.role.key(),
            address,
            "recovery_codes_renewed",
        );
        self.store
            .renew_recovery_codes(session.account_id, &hashes, &line)
            .await?;
        Ok(codes)
    }

    /// Changes this staff member's own password: the current one is required (a wrong one
    /// counts towards the lock-out), the new one is checked and typed twice. Every other
    /// session of the account ends. Answers the session's next stage.
    pub async fn change_password(
        &self,
        session: &Session,
        (old, new, again): (&str, &str, &str),
        address: &str,
        now: i64,
    ) -> Result<Result<Stage, PasswordProblem>, sqlx::Error> {
        let username = session.identity.username.clone();
        if new != again {
            return Ok(Err(PasswordProblem::NewDiffers));
        }
        if password::check_new(&username, new).is_err() || new == old {
            return Ok(Err(PasswordProblem::NewWeak));
        }
        let waited = tokio::time::timeout(CHECK_WAIT, self.checking.clone().acquire_owned()).await;
        let Ok(Ok(_checking)) = waited else {
            return Ok(Err(PasswordProblem::Busy));
        };
        let keys = [self.account_key(&username), self.address_key(address)];
        let started = match self.store.count_attempt(&keys, now, &self.throttle).await? {
            Ok(started) => started,
            Err(until) => return Ok(Err(PasswordProblem::Locked(until))),
        };
        let Some(account) = self.store.account_by_username(&username).await? else {
            return Ok(Err(PasswordProblem::OldWrong));
        };
        let (stored, old, new) = (
            account.password_hash.clone(),
            old.to_string(),
            new.to_string(),
        );
        let hashed = tokio::task::spawn_blocking(move || {
            password::verify(&stored, &old).then(|| password::hash(&new))
        })
        .await
        .unwrap_or(None);
        let Some(hashed) = hashed else {
            self.audit_anonymous(&username, address, "password_change_failed")
                .await?;
            return Ok(Err(
                started.map_or(PasswordProblem::OldWrong, PasswordProblem::Locked)
            ));
        };
        self.store.clear_failed_attempts(&keys).await?;
        let role = session.identity.role;
        let changed = AccountRow {
            must_change_password: false,
            ..account
        };
        let stage = self.next_stage(&changed, role, true);
        let line = self.line(&username, role.key(), address, "password_changed");
        self.store
            .change_password(changed.id, &hashed, &session.token_hash, stage.key(), &line)
            .await?;
        Ok(Ok(stage))
    }

    /// An admin resets another account's sign-in: a one-time password, to be changed at the
    /// next sign-in, and the second factor set up again. Answers that password (shown once);
    /// `None` when there is no such account.
    pub async fn reset_sign_in(
        &self,
        admin: &StaffIdentity,
        account_id: i64,
        address: &str,
    ) -> Result<Option<String>, sqlx::Error> {
        use rand::Rng;
        const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
        let one_time: String = {
            let mut rng = rand::rng();
            (0..16)
                .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
                .collect()
        };
        let hashed = {
            let one_time = one_time.clone();
            tokio::task::spawn_blocking(move || password::hash(&one_time))
                .await
                .map_err(|e| sqlx::Error::Protocol(e.to_string()))?
        };
        let mut line = self.line(&admin.username, admin.role.key(), address, "account_reset");
        line.record = Some(account_id.to_string());
        Ok(self
            .store
            .reset_sign_in(account_id, &hashed, &line)
            .await?
            .then_some(one_time))
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
        let stage = match Stage::parse(&session.stage) {
            // Another session of this account set up the second factor meanwhile: this one,
            // opened with the password alone, must now give a code too (and may not replace it).
            Stage::Enrol if account.totp_sealed.is_some() => Stage::Code,
            stage => stage,
        };
        Ok(Some(Session {
            identity: identity(&account, role, session.csrf_token, (idle_deadline, now)),
            account_id: account.id,
            token_hash: hash,
            stage,
        }))
    }

    pub async fn sign_out(&self, session: &Session, address: &str) -> Result<(), sqlx::Error> {
        let line = self.line(
            &session.identity.username,
            session.identity.role.key(),
            address,
            "sign_out",
        );
        self.store.end_session(&session.token_hash, &line).await
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
/// registrar has one), with the audit line `line` (its record the new id, its detail the user
/// name and role). Used by `server staff add` and the accounts page.
pub async fn add_account(
    store: &Store,
    username: &str,
    display_name: &str,
    role: Role,
    office: Option<&str>,
    password: &str,
    line: &AuditEntry,
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
        .create_account(
            username,
            display_name,
            role.key(),
            office,
            &hash,
            &AuditEntry {
                action: "account_add".into(),
                detail: format!("{username} {}", role.key()),
                ..line.clone()
            },
        )
        .await?
        .ok_or(AccountProblem::UsernameTaken)
}
