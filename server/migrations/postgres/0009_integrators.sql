-- Trusted integrators: a city's own app platform that verified the resident itself books through
-- the API with a key instead of a code. Issued and revoked by an admin, shown once; only a keyed
-- hash of the secret is kept.
CREATE TABLE integrator_keys (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    secret_hash BYTEA NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);
