-- deploy-service schema: deployments, their log lines, maintenance mode, command idempotency keys.

-- One row per target: hands out the per-target deployment sequence (1, 2, 3, ...). The row lock
-- taken by the increment also serialises concurrent creates for one target.
CREATE TABLE deploy_targets (
    application   TEXT   NOT NULL,
    environment   TEXT   NOT NULL,
    last_sequence BIGINT NOT NULL,
    PRIMARY KEY (application, environment)
);

CREATE TABLE deployments (
    id               UUID        PRIMARY KEY,
    application      TEXT        NOT NULL,
    environment      TEXT        NOT NULL,
    version          TEXT        NOT NULL,
    previous_version TEXT,
    strategy         TEXT        NOT NULL CHECK (strategy IN ('rolling', 'blue-green', 'canary')),
    executor         TEXT        NOT NULL,
    status           TEXT        NOT NULL CHECK (status IN ('PENDING', 'RUNNING', 'PAUSED', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    progress         INT         NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    current_step     TEXT,
    step_index       INT         NOT NULL DEFAULT 0,
    canary_steps     TEXT,
    canary_pause     TEXT,
    routing          TEXT,
    new_colour       TEXT,
    stable_percent   INT         NOT NULL DEFAULT 100,
    new_percent      INT         NOT NULL DEFAULT 0,
    promoted         BOOLEAN     NOT NULL DEFAULT false,
    requested_by     TEXT        NOT NULL,
    rollback_of      UUID,
    saga_id          UUID,
    request_id       TEXT        UNIQUE,
    sequence         BIGINT      NOT NULL,
    skip_build       BOOLEAN     NOT NULL DEFAULT false,
    skip_migration   BOOLEAN     NOT NULL DEFAULT false,
    description      TEXT,
    branch           TEXT,
    commit_sha       TEXT,
    revert_migrations TEXT,
    failure_reason   TEXT,
    exit_code        INT,
    log_sequence     BIGINT      NOT NULL DEFAULT 0,
    created_at       TIMESTAMPTZ NOT NULL,
    started_at       TIMESTAMPTZ,
    completed_at     TIMESTAMPTZ,
    heartbeat_at     TIMESTAMPTZ NOT NULL,
    CHECK (stable_percent + new_percent = 100),
    UNIQUE (application, environment, sequence)
);

-- At most one active deployment per target, enforced here and not in memory: a concurrent second
-- insert waits for the first to commit, then fails on this index (answered with 409).
CREATE UNIQUE INDEX deployments_one_active_per_target ON deployments (application, environment)
    WHERE status IN ('PENDING', 'RUNNING', 'PAUSED');
CREATE INDEX deployments_history ON deployments (created_at DESC);
CREATE INDEX deployments_target_history ON deployments (application, environment, created_at DESC);

-- Every log line of every deployment, gap-free per deployment (sequence from deployments.log_sequence).
CREATE TABLE deploy_logs (
    deployment_id UUID        NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
    sequence      BIGINT      NOT NULL,
    stream        TEXT        NOT NULL CHECK (stream IN ('stdout', 'stderr', 'system')),
    line          TEXT        NOT NULL,
    at            TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (deployment_id, sequence)
);
CREATE INDEX deploy_logs_at ON deploy_logs (at);

-- Maintenance mode per environment ('*' = every application of it) or per application.
CREATE TABLE maintenance_modes (
    environment TEXT        NOT NULL,
    application TEXT        NOT NULL,
    enabled     BOOLEAN     NOT NULL,
    reason      TEXT,
    changed_by  TEXT        NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (environment, application)
);

-- Natural idempotency keys of commands (requestId): a re-sent command with a new event id is
-- still executed once.
CREATE TABLE command_requests (
    request_id    TEXT        PRIMARY KEY,
    command_type  TEXT        NOT NULL,
    deployment_id UUID,
    received_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
