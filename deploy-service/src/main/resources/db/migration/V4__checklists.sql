-- Pre- and post-deployment checklists: each deployment gets a copy of its environment's checklist
-- (policy.checklist) when it is created, so a later policy change does not move a waiting one.
-- A PENDING deployment with a PRE item not done (OPEN: nobody confirmed it; FAILED: its automatic
-- check failed) does not start; the scheduler, the reaper and the runner all read this table.
CREATE TABLE checklist_items (
    deployment_id UUID        NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
    item_id       TEXT        NOT NULL,
    phase         TEXT        NOT NULL CHECK (phase IN ('PRE', 'POST')),
    position      INT         NOT NULL,
    title         TEXT        NOT NULL,
    auto_check    TEXT,
    status        TEXT        NOT NULL CHECK (status IN ('OPEN', 'PASSED', 'FAILED', 'CONFIRMED')),
    detail        TEXT,
    confirmed_by  TEXT,
    comment       TEXT,
    at            TIMESTAMPTZ,
    PRIMARY KEY (deployment_id, item_id)
);
CREATE INDEX checklist_items_not_done ON checklist_items (deployment_id)
    WHERE phase = 'PRE' AND status IN ('OPEN', 'FAILED');
