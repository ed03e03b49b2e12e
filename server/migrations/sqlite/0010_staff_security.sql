-- The staff second factor and password changes.
-- totp_sealed: the authenticator app's secret, sealed with the data key, once confirmed;
-- totp_pending_sealed: a secret shown for enrolment and not yet confirmed;
-- totp_last_step: the last 30-second step whose code was used, so no code is used twice;
-- must_change_password: set by an admin's reset, cleared when the staff member changes it.
ALTER TABLE staff_accounts ADD COLUMN totp_sealed BLOB;
ALTER TABLE staff_accounts ADD COLUMN totp_pending_sealed BLOB;
ALTER TABLE staff_accounts ADD COLUMN totp_last_step INTEGER;
ALTER TABLE staff_accounts ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;

-- One-time recovery codes, as keyed hashes.
CREATE TABLE staff_recovery_codes (
    account_id INTEGER NOT NULL REFERENCES staff_accounts(id),
    code_hash  BLOB NOT NULL,
    used_at    INTEGER,
    PRIMARY KEY (account_id, code_hash)
);

-- How far a session has come: 'code' (the password was right; the second factor is awaited),
-- 'enrol' (a second factor must be set up first), 'password' (the password must be changed
-- first) or 'full'. Only a full session opens staff pages.
ALTER TABLE staff_sessions ADD COLUMN stage TEXT NOT NULL DEFAULT 'full';
