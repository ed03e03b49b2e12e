-- The look-up key (the HMAC key that ID numbers and phones are found by), sealed under the
-- data key. Kept in the database so that every server of a deployment shares it and a data-key
-- rotation re-seals it instead of changing every look-up hash. One row.
CREATE TABLE key_state (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    lookup_sealed BLOB NOT NULL,
    rotated_at    INTEGER
);

-- A queued message's random reference: its sealed phone and parameters are bound to it.
ALTER TABLE outbox ADD COLUMN seal_ref TEXT;
