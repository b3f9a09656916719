-- rollback-orchestrator's own schema (rc.postgres.schema, default rollback_orchestrator).

-- One row per saga (alert-only decisions included, ended at once): the state the pure
-- SagaMachine needs for its next step, and the decision record that explains it.
CREATE TABLE sagas (
    id                     UUID        PRIMARY KEY,
    application            TEXT        NOT NULL,
    environment            TEXT        NOT NULL,
    status                 TEXT        NOT NULL,
    cause                  TEXT        NOT NULL,
    branch                 TEXT        NOT NULL,
    -- the Decision as JSON (branch, numbers, reasons), returned as `decision` by the API
    decision               TEXT        NOT NULL,
    from_version           TEXT,
    target_version         TEXT,
    deployment_id          UUID,
    deployment_active      BOOLEAN     NOT NULL,
    rollback_deployment_id UUID,
    step                   TEXT,
    attempt                INT         NOT NULL,
    -- the durable timer: observation end or step timeout; the scheduler acts once it has passed
    deadline               TIMESTAMPTZ,
    outcome                TEXT,
    failure_reason         TEXT,
    operator               TEXT,
    requested_by           TEXT,
    -- the event or request that started it (breach event id, manual request)
    trigger_id             TEXT,
    created_at             TIMESTAMPTZ NOT NULL,
    updated_at             TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at           TIMESTAMPTZ,
    -- optimistic lock: bumped by every transition, also part of the saga events' ids
    version                BIGINT      NOT NULL DEFAULT 0
);
-- One active saga per target, whatever races between instances, consumers and the API.
CREATE UNIQUE INDEX sagas_one_active_per_target ON sagas (application, environment)
    WHERE status IN ('RUNNING', 'WAITING_APPROVAL', 'OBSERVING');
CREATE INDEX sagas_due ON sagas (deadline)
    WHERE deadline IS NOT NULL AND status IN ('RUNNING', 'WAITING_APPROVAL', 'OBSERVING');
CREATE INDEX sagas_by_target ON sagas (application, environment, created_at DESC);
CREATE INDEX sagas_by_created ON sagas (created_at DESC, id);

-- The saga's step list: a row when a step starts, completed when it ends; joined breaches recorded.
CREATE TABLE saga_steps (
    id           BIGSERIAL   PRIMARY KEY,
    saga_id      UUID        NOT NULL REFERENCES sagas (id),
    name         TEXT        NOT NULL,
    attempt      INT         NOT NULL,
    status       TEXT        NOT NULL,
    started_at   TIMESTAMPTZ,
    completed_at TIMESTAMPTZ,
    command      TEXT,
    detail       TEXT
);
CREATE INDEX saga_steps_by_saga ON saga_steps (saga_id, id);

-- The latest deployment per target, from rc.deployments: the decision's deployment state.
CREATE TABLE target_deployments (
    application       TEXT        NOT NULL,
    environment       TEXT        NOT NULL,
    deployment_id     UUID        NOT NULL,
    -- deploy-service's number of the deployment within the target: older events never overwrite newer
    sequence          BIGINT      NOT NULL,
    version           TEXT        NOT NULL,
    previous_version  TEXT,
    strategy          TEXT        NOT NULL,
    status            TEXT        NOT NULL,
    new_percent       INT         NOT NULL,
    rollback_of       UUID,
    saga_id           UUID,
    started_at        TIMESTAMPTZ,
    finished_at       TIMESTAMPTZ,
    PRIMARY KEY (application, environment)
);

-- Last-good cache, from rc.deployments (DeploySucceeded) and rc.versions (CurrentVersionChanged):
-- the fallback when version-service cannot answer.
CREATE TABLE good_versions (
    application  TEXT        NOT NULL,
    environment  TEXT        NOT NULL,
    version      TEXT        NOT NULL,
    succeeded_at TIMESTAMPTZ NOT NULL,
    -- rolled back or failed since: never a rollback target
    bad          BOOLEAN     NOT NULL DEFAULT false,
    PRIMARY KEY (application, environment, version)
);

-- Per version: whether rolling back across it needs approval (from VersionCreated).
CREATE TABLE version_facts (
    application            TEXT    NOT NULL,
    version                TEXT    NOT NULL,
    -- registration order: the versions "between" a target and the breaching one
    seq                    BIGSERIAL,
    breaking               BOOLEAN NOT NULL,
    irreversible_migration BOOLEAN NOT NULL,
    PRIMARY KEY (application, version)
);

-- Webhook notifications, written with the saga state change they announce, sent by a separate
-- loop with retries so a slow or dead webhook never blocks a saga.
CREATE TABLE notifications (
    id              BIGSERIAL   PRIMARY KEY,
    -- saga id + event id: one notification per state change, even if a transition is replayed
    dedup_key       TEXT        NOT NULL UNIQUE,
    saga_id         UUID,
    environment     TEXT        NOT NULL,
    payload         TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    next_attempt_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    attempts        INT         NOT NULL DEFAULT 0,
    sent_at         TIMESTAMPTZ,
    given_up_at     TIMESTAMPTZ,
    last_error      TEXT
);
CREATE INDEX notifications_pending ON notifications (next_attempt_at) WHERE sent_at IS NULL AND given_up_at IS NULL;
