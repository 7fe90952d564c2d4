-- StreamGate platform schema (issue 3). Later migrations only add.

CREATE TABLE events (
    id                  uuid        PRIMARY KEY,
    title               text        NOT NULL,
    description         text        NOT NULL DEFAULT '',
    starts_at           timestamptz NOT NULL,
    ends_at             timestamptz NOT NULL,
    access_window_hours integer     NOT NULL DEFAULT 48 CHECK (access_window_hours BETWEEN 1 AND 720),
    poster_url          text,
    profile             text        NOT NULL DEFAULT 'copy' CHECK (profile IN ('copy', 'abr')),
    -- scheduled | live | reconnecting | ended ; "archived" is the archived flag below, which wins
    status              text        NOT NULL DEFAULT 'scheduled'
                                    CHECK (status IN ('scheduled', 'live', 'reconnecting', 'ended')),
    stream_failed       boolean     NOT NULL DEFAULT false,
    last_state_at       timestamptz,
    stream_key          text        NOT NULL UNIQUE,
    archived            boolean     NOT NULL DEFAULT false,
    archived_at         timestamptz,
    -- the publisher currently connected according to on_publish / on_publish_done
    publisher_client_id text,
    publisher_addr      text,
    publisher_since     timestamptz,
    vod_state           text        CHECK (vod_state IN ('processing', 'ready', 'failed')),
    vod_progress        integer,
    demo                boolean     NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX events_starts_at ON events (starts_at DESC);

CREATE TABLE access_codes (
    id          uuid        PRIMARY KEY,
    event_id    uuid        NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    code        text        NOT NULL UNIQUE,          -- normalised: 12 Crockford base32 characters
    label       text,
    expires_at  timestamptz,                          -- explicit expiry; NULL follows the event
    revoked_at  timestamptz,
    redeemed_at timestamptz,
    created_at  timestamptz NOT NULL
);
CREATE INDEX access_codes_event ON access_codes (event_id, created_at, id);

CREATE TABLE viewer_sessions (
    id                uuid        PRIMARY KEY,
    code_id           uuid        NOT NULL REFERENCES access_codes (id) ON DELETE CASCADE,
    event_id          uuid        NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    device_id         text,
    client_addr       text,
    user_agent        text,
    started_at        timestamptz NOT NULL,
    last_heartbeat_at timestamptz NOT NULL,
    ended_at          timestamptz,
    end_reason        text,                           -- released | taken_over | kicked | code_revoked
    revoked_at        timestamptz
);
-- One active session per code: the database enforces the single-device rule.
CREATE UNIQUE INDEX viewer_sessions_one_active ON viewer_sessions (code_id) WHERE ended_at IS NULL;
CREATE INDEX viewer_sessions_event_active ON viewer_sessions (event_id) WHERE ended_at IS NULL;

-- The revocation feed (DESIGN §3.5). Writers take pg_advisory_xact_lock(73120501) before inserting, so ids
-- become visible in order and a reader's cursor never skips a concurrently committed change.
CREATE TABLE revocation_changes (
    id        bigserial   PRIMARY KEY,
    kind      text        NOT NULL CHECK (kind IN ('code', 'session', 'event')),
    target_id uuid        NOT NULL,
    revoked   boolean     NOT NULL,
    at        timestamptz NOT NULL
);

CREATE TABLE publishes (
    id          bigserial   PRIMARY KEY,
    event_id    uuid        NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    client_id   text,
    addr        text,
    started_at  timestamptz NOT NULL,
    ended_at    timestamptz
);
CREATE INDEX publishes_event ON publishes (event_id, started_at DESC);

CREATE TABLE audit_log (
    id          bigserial   PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor       text        NOT NULL,
    action      text        NOT NULL,
    target      text,
    details     text,
    client_addr text
);
CREATE INDEX audit_log_at ON audit_log (at DESC);

CREATE TABLE admin_sessions (
    token_hash   text        PRIMARY KEY,            -- SHA-256 of the cookie value; the value itself is never stored
    csrf_token   text        NOT NULL,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    client_addr  text,
    user_agent   text,
    revoked_at   timestamptz
);

-- Fixed-window counters shared by every platform instance (rate limits, login failures).
CREATE TABLE rate_limits (
    bucket       text        PRIMARY KEY,
    window_start timestamptz NOT NULL,
    hits         integer     NOT NULL
);

CREATE TABLE login_failures (
    client_addr  text        PRIMARY KEY,
    failures     integer     NOT NULL,
    last_failure timestamptz NOT NULL,
    locked_until timestamptz
);
