-- Regions (cities and districts) the deployment serves, and which sample-data sets were loaded.
CREATE TABLE regions (
    id          TEXT PRIMARY KEY NOT NULL,
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    province_zh TEXT NOT NULL,
    province_en TEXT NOT NULL,
    is_sample   BOOLEAN NOT NULL DEFAULT FALSE,
    sort_order  INTEGER NOT NULL DEFAULT 0,
    updated_at  INTEGER NOT NULL
);

CREATE TABLE seed_runs (
    name       TEXT PRIMARY KEY NOT NULL,
    applied_at INTEGER NOT NULL
);
