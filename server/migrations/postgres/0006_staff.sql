-- Staff accounts and their sessions, enrolled kiosks, phone look-ups for the hotline, and the
-- audit trail of every staff action.

CREATE TABLE staff_accounts (
    id            BIGSERIAL PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'registrar', 'agent')),
    -- The office a registrar works for; NULL for other roles.
    office_id     TEXT REFERENCES offices(id),
    -- Argon2id, PHC string format.
    password_hash TEXT NOT NULL,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);

-- A signed-in browser. Only a hash of the cookie's random id is kept, so a copy of the database
-- cannot be used to sign in.
CREATE TABLE staff_sessions (
    token_hash   BYTEA PRIMARY KEY NOT NULL,
    account_id   BIGINT NOT NULL REFERENCES staff_accounts(id),
    csrf_token   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
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
    enrol_hash    BYTEA UNIQUE,
    enrol_expires BIGINT,
    device_hash   BYTEA UNIQUE,
    enrolled_at   BIGINT,
    revoked_at    BIGINT,
    created_at    BIGINT NOT NULL
);

-- Phone numbers of a booking through the keyed hash, for the hotline's "find by phone".
CREATE TABLE booking_phones (
    booking_code TEXT NOT NULL REFERENCES bookings(code),
    phone_hash   BYTEA NOT NULL,
    PRIMARY KEY (booking_code, phone_hash)
);
CREATE INDEX booking_phones_by_hash ON booking_phones (phone_hash);

-- Append only: who did what, when, from where, to which record. Never a full ID number.
CREATE TABLE audit_log (
    id      BIGSERIAL PRIMARY KEY,
    at      BIGINT NOT NULL,
    actor   TEXT NOT NULL,
    role    TEXT,
    address TEXT NOT NULL,
    action  TEXT NOT NULL,
    record  TEXT,
    detail  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_time ON audit_log (at);

CREATE FUNCTION audit_log_refuse() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit rows cannot be changed or deleted';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse();

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse();
