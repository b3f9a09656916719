-- A running (or paused) deployment is leased by the instance whose runner works on it: the runner's
-- instance renews lease_until every heartbeat; once it has passed, a live instance claims the row
-- (one UPDATE ... FOR UPDATE SKIP LOCKED ... RETURNING, so one claimer wins) and resumes it from its
-- stored step. A row without a lease yet (just started, or started before this migration) is judged
-- by heartbeat_at.
ALTER TABLE deployments ADD COLUMN lease_owner TEXT;
ALTER TABLE deployments ADD COLUMN lease_until TIMESTAMPTZ;
CREATE INDEX deployments_lease ON deployments (lease_until) WHERE status IN ('RUNNING', 'PAUSED');
