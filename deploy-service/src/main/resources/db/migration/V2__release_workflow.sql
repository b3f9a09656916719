-- Release workflow: environment policies, hotfix marking, approval gates of waiting deployments.

-- One row per environment whose policy an admin has set; environments without a row use the
-- built-in defaults (rc.deploy.release.*). The policy body is JSON (validated by the API).
CREATE TABLE environment_policies (
    environment TEXT        PRIMARY KEY,
    policy      TEXT        NOT NULL,
    updated_by  TEXT        NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

ALTER TABLE deployments ADD COLUMN hotfix BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE deployments ADD COLUMN hotfix_reason TEXT;

-- A deployment that must be approved before it starts. While status = 'WAITING' it stays PENDING
-- (holding its target) and the stuck-deployment reaper leaves it alone; the expiry job cancels it
-- after expires_at.
CREATE TABLE approval_gates (
    deployment_id      UUID        PRIMARY KEY REFERENCES deployments (id) ON DELETE CASCADE,
    approvals_required INT         NOT NULL CHECK (approvals_required > 0),
    approver_role      TEXT        NOT NULL CHECK (approver_role IN ('deployer', 'admin')),
    reason             TEXT        NOT NULL,
    freeze_window      TEXT,
    status             TEXT        NOT NULL CHECK (status IN ('WAITING', 'APPROVED', 'REJECTED', 'EXPIRED', 'CANCELLED')),
    expires_at         TIMESTAMPTZ NOT NULL,
    decided_at         TIMESTAMPTZ
);
CREATE INDEX approval_gates_waiting ON approval_gates (expires_at) WHERE status = 'WAITING';

-- Every decision on a gate, one per person (approving twice does not count twice).
CREATE TABLE approval_votes (
    deployment_id UUID        NOT NULL REFERENCES approval_gates (deployment_id) ON DELETE CASCADE,
    voter         TEXT        NOT NULL,
    decision      TEXT        NOT NULL CHECK (decision IN ('APPROVED', 'REJECTED')),
    comment       TEXT,
    at            TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (deployment_id, voter)
);
