-- API keys for bots. Only the SHA-256 of a key is stored; the key itself is shown once at creation.
CREATE TABLE api_key (
    id          UUID PRIMARY KEY,
    name        TEXT        NOT NULL,
    role        TEXT        NOT NULL CHECK (role IN ('viewer', 'deployer', 'admin')),
    key_hash    CHAR(64)    NOT NULL UNIQUE,
    key_prefix  TEXT        NOT NULL,
    created_by  TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ,
    revoked_by  TEXT
);

-- a name identifies one live key; a revoked key's name may be reused
CREATE UNIQUE INDEX api_key_live_name ON api_key (name) WHERE revoked_at IS NULL;
