-- version-service: which version runs where. Schema version_service (rc.postgres.schema).

-- Applications and the environments they run in (default development, staging, production).
CREATE TABLE applications (
    name          TEXT        PRIMARY KEY,
    description   TEXT,
    owner         TEXT,
    environments  TEXT[]      NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by    TEXT        NOT NULL
);

-- One row per version. major/minor/patch/pre_release are the parsed semver, kept so ordering by
-- precedence never re-parses; precedence_key (the version without build metadata) is unique per
-- application because build metadata does not make a new version.
CREATE TABLE versions (
    application             TEXT        NOT NULL REFERENCES applications (name),
    version                 TEXT        NOT NULL,
    precedence_key          TEXT        NOT NULL,
    major                   BIGINT      NOT NULL,
    minor                   BIGINT      NOT NULL,
    patch                   BIGINT      NOT NULL,
    pre_release             TEXT,
    name                    TEXT,
    release_date            DATE,
    git_tag                 TEXT,
    commit_sha              TEXT,
    commit_time             TIMESTAMPTZ,
    image                   TEXT,
    -- as declared by the caller; the effective flag also counts removed endpoints and breaking changes
    breaking                BOOLEAN     NOT NULL DEFAULT FALSE,
    released_at             TIMESTAMPTZ,
    created_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_by              TEXT        NOT NULL,
    PRIMARY KEY (application, version),
    UNIQUE (application, precedence_key)
);

CREATE TABLE feature_changes (
    id            BIGSERIAL   PRIMARY KEY,
    application   TEXT        NOT NULL,
    version       TEXT        NOT NULL,
    change_type   TEXT        NOT NULL CHECK (change_type IN ('feature', 'fix', 'improvement', 'security')),
    module        TEXT,
    title         TEXT        NOT NULL,
    priority      TEXT        NOT NULL CHECK (priority IN ('low', 'medium', 'high', 'critical')),
    impact        TEXT        NOT NULL CHECK (impact IN ('minor', 'major', 'breaking')),
    test_status   TEXT,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    FOREIGN KEY (application, version) REFERENCES versions (application, version)
);
CREATE INDEX feature_changes_by_version ON feature_changes (application, version);

-- Database migrations a version brings; an irreversible one makes rolling back across it unsafe.
CREATE TABLE migrations (
    application   TEXT        NOT NULL,
    version       TEXT        NOT NULL,
    migration_id  TEXT        NOT NULL,
    store         TEXT        NOT NULL,
    description   TEXT,
    reversible    BOOLEAN     NOT NULL,
    down_script   TEXT,
    position      INT         NOT NULL,
    PRIMARY KEY (application, version, migration_id),
    FOREIGN KEY (application, version) REFERENCES versions (application, version)
);

CREATE TABLE dependency_changes (
    application   TEXT        NOT NULL,
    version       TEXT        NOT NULL,
    name          TEXT        NOT NULL,
    from_version  TEXT,
    to_version    TEXT,
    reason        TEXT,
    impact        TEXT,
    position      INT         NOT NULL,
    PRIMARY KEY (application, version, name),
    FOREIGN KEY (application, version) REFERENCES versions (application, version)
);

CREATE TABLE api_changes (
    application   TEXT        NOT NULL,
    version       TEXT        NOT NULL,
    endpoint      TEXT        NOT NULL,
    kind          TEXT        NOT NULL CHECK (kind IN ('added', 'changed', 'deprecated', 'removed')),
    note          TEXT,
    position      INT         NOT NULL,
    PRIMARY KEY (application, version, endpoint, kind),
    FOREIGN KEY (application, version) REFERENCES versions (application, version)
);

-- Compatibility matrix: per version, the range of each dependency it works with.
CREATE TABLE compatibility_ranges (
    application   TEXT        NOT NULL,
    version       TEXT        NOT NULL,
    dependency    TEXT        NOT NULL,
    range_spec    TEXT        NOT NULL,
    PRIMARY KEY (application, version, dependency),
    FOREIGN KEY (application, version) REFERENCES versions (application, version)
);

-- Per target: the declared current version with the deployment sequence that set it (an event of an
-- older deployment never overwrites it), and the last observed version (drift = they differ).
CREATE TABLE environment_state (
    application           TEXT        NOT NULL,
    environment           TEXT        NOT NULL,
    current_version       TEXT,
    current_sequence      BIGINT,
    current_deployment_id TEXT,
    current_since         TIMESTAMPTZ,
    observed_version      TEXT,
    observed_by           TEXT,
    observed_sequence     BIGINT,
    observed_at           TIMESTAMPTZ,
    -- the (declared, observed) pair a DriftDetected was last raised for, so it is raised once per drift
    drift_reported        TEXT,
    PRIMARY KEY (application, environment)
);

-- The upgrade log: every deployment outcome and every manual change, per target.
CREATE TABLE upgrade_log (
    id                BIGSERIAL   PRIMARY KEY,
    application       TEXT        NOT NULL,
    environment       TEXT        NOT NULL,
    from_version      TEXT,
    to_version        TEXT        NOT NULL,
    status            TEXT        NOT NULL CHECK (status IN ('success', 'failed', 'rolled_back')),
    kind              TEXT        NOT NULL CHECK (kind IN ('deployment', 'rollback', 'manual')),
    at                TIMESTAMPTZ NOT NULL,
    duration_ms       BIGINT,
    operator          TEXT,
    error             TEXT,
    reason            TEXT,
    deployment_id     TEXT,
    sequence          BIGINT,
    rollback_of       TEXT,
    rolled_back_at    TIMESTAMPTZ,
    rolled_back_by    TEXT,
    recorded_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- one outcome per deployment, whatever the number of deliveries of its event
CREATE UNIQUE INDEX upgrade_log_one_per_deployment ON upgrade_log (deployment_id) WHERE deployment_id IS NOT NULL;
CREATE INDEX upgrade_log_by_target ON upgrade_log (application, environment, at DESC);

-- Who asked for a deployment (DeployRequested), so the upgrade log can name the operator.
CREATE TABLE deployment_requests (
    deployment_id TEXT        PRIMARY KEY,
    application   TEXT        NOT NULL,
    environment   TEXT        NOT NULL,
    requested_by  TEXT,
    rollback_of   TEXT,
    sequence      BIGINT
);

-- Versions marked bad in an environment (rolled back there): never a "last good version" there.
CREATE TABLE bad_versions (
    application   TEXT        NOT NULL,
    environment   TEXT        NOT NULL,
    version       TEXT        NOT NULL,
    reason        TEXT        NOT NULL,
    marked_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (application, environment, version)
);
