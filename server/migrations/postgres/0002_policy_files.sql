-- Region policy files loaded by staff; they take precedence over the files shipped with the server.
CREATE TABLE policy_files (
    region    TEXT PRIMARY KEY,
    file_name TEXT NOT NULL,
    content   TEXT NOT NULL,
    loaded_at BIGINT NOT NULL
);
