-- Regions (cities and districts) the deployment serves, and which sample-data sets were loaded.
CREATE TABLE regions (
    id          TEXT PRIMARY KEY,
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    province_zh TEXT NOT NULL,
    province_en TEXT NOT NULL,
    is_sample   BOOLEAN NOT NULL DEFAULT FALSE,
    sort_order  BIGINT NOT NULL DEFAULT 0,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE seed_runs (
    name       TEXT PRIMARY KEY,
    applied_at BIGINT NOT NULL
);
