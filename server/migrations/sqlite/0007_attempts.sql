-- Failed sign-ins and kiosk enrolments, counted per account name and per address so that a
-- lock-out holds on every server of a deployment. Keys are keyed hashes, never the address.

CREATE TABLE failed_attempts (
    key_hash     BLOB PRIMARY KEY NOT NULL,
    -- Unix seconds of the failures still inside the window, comma-separated, oldest first.
    failures     TEXT NOT NULL DEFAULT '',
    locked_until INTEGER,
    updated_at   INTEGER NOT NULL
);

CREATE INDEX failed_attempts_updated ON failed_attempts (updated_at);
