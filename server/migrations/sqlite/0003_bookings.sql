-- Marriage registry offices, their bookable places and the bookings made.

CREATE TABLE offices (
    id                TEXT PRIMARY KEY NOT NULL,
    region_id         TEXT NOT NULL REFERENCES regions(id),
    name_zh           TEXT NOT NULL,
    name_en           TEXT NOT NULL,
    address_zh        TEXT NOT NULL,
    address_en        TEXT NOT NULL,
    latitude          DOUBLE PRECISION NOT NULL,
    longitude         DOUBLE PRECISION NOT NULL,
    phone             TEXT NOT NULL,
    has_ceremony_hall INTEGER NOT NULL,
    is_sample         INTEGER NOT NULL,
    -- The office's schedule, date changes and booking rules, as checked JSON.
    schedule          TEXT NOT NULL,
    updated_at        INTEGER NOT NULL
);

-- A slot's row appears when it is first booked, with the capacity its schedule gives; the
-- conditional increment of booked is what keeps a slot from ever taking more than its places.
CREATE TABLE slots (
    office_id  TEXT NOT NULL REFERENCES offices(id),
    service    TEXT NOT NULL,
    starts_at  INTEGER NOT NULL,
    ends_at    INTEGER NOT NULL,
    capacity   INTEGER NOT NULL,
    booked     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (office_id, service, starts_at),
    CHECK (booked >= 0 AND booked <= capacity)
);

CREATE TABLE bookings (
    code            TEXT PRIMARY KEY NOT NULL,
    office_id       TEXT NOT NULL REFERENCES offices(id),
    service         TEXT NOT NULL,
    starts_at       INTEGER NOT NULL,
    status          TEXT NOT NULL,
    ceremony        INTEGER NOT NULL DEFAULT 0,
    idempotency_key TEXT UNIQUE,
    -- Names, ID numbers and phones, encrypted (AES-256-GCM); NULL once deleted after the visit.
    people          BLOB,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX bookings_by_slot ON bookings (office_id, service, starts_at);

-- One row per person, for "one active booking of a kind per ID number" and look-ups by ID
-- number through a keyed hash (HMAC-SHA256), never the number itself.
CREATE TABLE booking_people (
    booking_code TEXT NOT NULL REFERENCES bookings(code),
    position     INTEGER NOT NULL,
    service      TEXT NOT NULL,
    id_hash      BLOB NOT NULL,
    active       INTEGER NOT NULL,
    PRIMARY KEY (booking_code, position)
);
CREATE UNIQUE INDEX one_active_booking_per_person ON booking_people (id_hash, service) WHERE active = 1;
CREATE INDEX booking_people_by_id ON booking_people (id_hash);

-- Published holiday arrangements (public holidays and 调休 working days), one row per year.
CREATE TABLE holiday_years (
    year      INTEGER PRIMARY KEY NOT NULL,
    content   TEXT NOT NULL,
    loaded_at INTEGER NOT NULL
);

-- Messages waiting for the SMS gateway. The phone number is sealed like other personal data.
CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    phone_sealed BLOB NOT NULL,
    phone_masked TEXT NOT NULL,
    body         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    sent_at      INTEGER
);
