-- Facing the public: limits shared by every server, codes sent to phones, messages that are
-- really sent, idempotency keys bound to their request, and who cancelled a booking.

-- Hits per key in fixed windows, counted before the answer. Keys are keyed hashes (of an
-- address, a phone, an ID number or a booking code), never the value itself.
CREATE TABLE rate_counts (
    bucket       TEXT NOT NULL,
    key_hash     BYTEA NOT NULL,
    window_start BIGINT NOT NULL,
    hits         BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    PRIMARY KEY (bucket, key_hash, window_start)
);
CREATE INDEX rate_counts_expiry ON rate_counts (expires_at);

-- A six-digit code sent to a phone: to book ('book', for the contact phone) or to open a booking
-- ('manage', subject = the booking code). Only a keyed hash of the code is kept; a code is good
-- for a few minutes, a few tries and one use.
CREATE TABLE verifications (
    id         TEXT PRIMARY KEY NOT NULL,
    purpose    TEXT NOT NULL,
    subject    TEXT NOT NULL,
    phone_hash BYTEA NOT NULL,
    code_hash  BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    tries      BIGINT NOT NULL DEFAULT 0,
    used_at    BIGINT
);
CREATE INDEX verifications_by_phone ON verifications (phone_hash, created_at);
CREATE INDEX verifications_expiry ON verifications (expires_at);

-- A message is a provider template and its parameters (sealed: they hold codes). The sender
-- task claims due messages, sends them and records what the provider said.
ALTER TABLE outbox ADD COLUMN template TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN params_sealed BYTEA;
ALTER TABLE outbox ADD COLUMN office_id TEXT;
ALTER TABLE outbox ADD COLUMN booking_code TEXT;
ALTER TABLE outbox ADD COLUMN status TEXT NOT NULL DEFAULT 'due';
ALTER TABLE outbox ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN claimed_until BIGINT;
ALTER TABLE outbox ADD COLUMN provider_id TEXT;
ALTER TABLE outbox ADD COLUMN last_error TEXT;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at, id);
-- Messages queued before there was a sender were never sent: say so.
UPDATE outbox SET status = 'failed', last_error = 'queued before this server sent messages'
 WHERE sent_at IS NULL;
CREATE INDEX outbox_by_booking ON outbox (booking_code);

-- An idempotency key answers only the request it came with (a keyed hash of office, slot,
-- service and people), for 24 hours.
ALTER TABLE bookings ADD COLUMN idempotency_fingerprint BYTEA;
-- 'resident', 'agent' or 'office' (a closed day); only residents' own cancellations count
-- against them. Bookings cancelled before this column existed count as the resident's.
ALTER TABLE bookings ADD COLUMN cancelled_by TEXT;
