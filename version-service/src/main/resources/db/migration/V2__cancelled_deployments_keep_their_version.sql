-- A cancelled canary that a rollback replaces never reached the upgrade log; keeping the version it
-- deployed (and that it was cancelled) lets the rollback record it as rolled_back and mark it bad.
ALTER TABLE deployment_requests ADD COLUMN version TEXT;
ALTER TABLE deployment_requests ADD COLUMN cancelled_at TIMESTAMPTZ;
