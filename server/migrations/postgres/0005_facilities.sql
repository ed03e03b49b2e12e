-- The directory of facilities: funeral homes, cemeteries, columbaria, volunteer and social-work
-- stations. Each row keeps the checked record as JSON (the import format) with the pinyin
-- initials of its Chinese name for searching; searches run on the server over these rows.

CREATE TABLE facilities (
    id         TEXT PRIMARY KEY NOT NULL,
    kind       TEXT NOT NULL,
    region_id  TEXT NOT NULL REFERENCES regions(id),
    content    TEXT NOT NULL,
    initials   TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX facilities_by_region ON facilities (region_id, kind);
