-- Accounts, one-time codes and sessions.
-- STRICT tables make SQLite enforce the column types, so an instant (INTEGER
-- Unix milliseconds, UTC) can never be stored as text that sorts differently.
-- Booleans are INTEGER 0/1; ids are the 24-hex-digit strings of domain/id.

CREATE TABLE users (
    id            TEXT    NOT NULL PRIMARY KEY,
    username      TEXT    NOT NULL,
    email         TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    bio           TEXT,
    profile_image TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    verified      INTEGER NOT NULL DEFAULT 0,
    role          TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
) STRICT;

-- SQLite reports unique violations as "users.email" / "users.username";
-- the store maps those column lists to ErrEmailTaken / ErrUsernameTaken.
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE UNIQUE INDEX users_username_key ON users (username);

CREATE TABLE user_codes (
    user_id    TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT    NOT NULL,
    hash       TEXT    NOT NULL,
    target     TEXT    NOT NULL DEFAULT '',
    expires_at INTEGER NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    resent_at  INTEGER,
    PRIMARY KEY (user_id, purpose)
) STRICT;

CREATE TABLE sessions (
    id             TEXT    NOT NULL PRIMARY KEY,
    user_id        TEXT    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    current_hash   TEXT    NOT NULL,
    alternate_hash TEXT    NOT NULL DEFAULT '',
    previous_hash  TEXT    NOT NULL DEFAULT '',
    rotated_at     INTEGER,
    created_at     INTEGER NOT NULL,
    last_used_at   INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL,
    revoked_at     INTEGER,
    user_agent     TEXT    NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Serves ListActive (newest first per user) and the per-user revocations.
CREATE INDEX sessions_user_created_idx ON sessions (user_id, created_at);
