-- Scheduled deployments: created PENDING (they hold their target like any pending deployment) and
-- started at scheduled_at by whichever instance claims them first (FOR UPDATE SKIP LOCKED, with the
-- heartbeat as a lease: an instance that dies after claiming is replaced after the lease).
ALTER TABLE deployments ADD COLUMN scheduled_at TIMESTAMPTZ;
CREATE INDEX deployments_scheduled ON deployments (scheduled_at) WHERE status = 'PENDING' AND scheduled_at IS NOT NULL;
