-- Accounts, one-time codes and sessions. Instants are timestamptz, written
-- in UTC at millisecond precision; ids are the 24-hex-digit strings of
-- domain/id.

CREATE TABLE users (
    id            char(24)    NOT NULL PRIMARY KEY,
    username      text        NOT NULL,
    email         text        NOT NULL,
    name          text        NOT NULL,
    bio           text,
    profile_image text        NOT NULL,
    password_hash text        NOT NULL,
    verified      boolean     NOT NULL DEFAULT false,
    role          text        NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    -- The store maps violations of these by name to ErrEmailTaken and
    -- ErrUsernameTaken: keep the names.
    CONSTRAINT users_email_key UNIQUE (email),
    CONSTRAINT users_username_key UNIQUE (username)
);

CREATE TABLE user_codes (
    user_id    char(24)    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    text        NOT NULL,
    hash       text        NOT NULL,
    target     text        NOT NULL DEFAULT '',
    expires_at timestamptz NOT NULL,
    attempts   integer     NOT NULL DEFAULT 0,
    resent_at  timestamptz,
    PRIMARY KEY (user_id, purpose)
);

CREATE TABLE sessions (
    id             char(24)    NOT NULL PRIMARY KEY,
    user_id        char(24)    NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    current_hash   text        NOT NULL,
    alternate_hash text        NOT NULL DEFAULT '',
    previous_hash  text        NOT NULL DEFAULT '',
    rotated_at     timestamptz,
    created_at     timestamptz NOT NULL,
    last_used_at   timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    revoked_at     timestamptz,
    user_agent     text        NOT NULL DEFAULT '',
    version        bigint      NOT NULL DEFAULT 0
);

-- Serves ListActive (newest first per user) and the per-user revocations.
CREATE INDEX sessions_user_created_idx ON sessions (user_id, created_at);
