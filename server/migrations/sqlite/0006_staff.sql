-- Staff accounts and their sessions, enrolled kiosks, phone look-ups for the hotline, and the
-- audit trail of every staff action.

CREATE TABLE staff_accounts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'registrar', 'agent')),
    -- The office a registrar works for; NULL for other roles.
    office_id     TEXT REFERENCES offices(id),
    -- Argon2id, PHC string format.
    password_hash TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

-- A signed-in browser. Only a hash of the cookie's random id is kept, so a copy of the database
-- cannot be used to sign in.
CREATE TABLE staff_sessions (
    token_hash   BLOB PRIMARY KEY NOT NULL,
    account_id   INTEGER NOT NULL REFERENCES staff_accounts(id),
    csrf_token   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);
CREATE INDEX staff_sessions_by_account ON staff_sessions (account_id);

-- A kiosk in a service hall. Staff create it with a one-time enrolment code (kept as a hash,
-- valid for a day); enrolling sets a long-lived device cookie whose hash is kept here.
CREATE TABLE kiosks (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    region_id     TEXT NOT NULL REFERENCES regions(id),
    latitude      DOUBLE PRECISION NOT NULL,
    longitude     DOUBLE PRECISION NOT NULL,
    enrol_hash    BLOB UNIQUE,
    enrol_expires INTEGER,
    device_hash   BLOB UNIQUE,
    enrolled_at   INTEGER,
    revoked_at    INTEGER,
    created_at    INTEGER NOT NULL
);

-- Phone numbers of a booking through the keyed hash, for the hotline's "find by phone".
CREATE TABLE booking_phones (
    booking_code TEXT NOT NULL REFERENCES bookings(code),
    phone_hash   BLOB NOT NULL,
    PRIMARY KEY (booking_code, phone_hash)
);
CREATE INDEX booking_phones_by_hash ON booking_phones (phone_hash);

-- Append only: who did what, when, from where, to which record. Never a full ID number.
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      INTEGER NOT NULL,
    actor   TEXT NOT NULL,
    role    TEXT,
    address TEXT NOT NULL,
    action  TEXT NOT NULL,
    record  TEXT,
    detail  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_time ON audit_log (at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit rows cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit rows cannot be deleted');
END;
