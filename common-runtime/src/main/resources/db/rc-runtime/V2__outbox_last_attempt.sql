-- Relay failures are recorded on the row (OutboxRelay): attempts and last_error exist since V1;
-- when the relay last tried the row was missing. Nullable without a default: adding it rewrites
-- nothing, so old instances still running during an upgrade are not held up.
ALTER TABLE rc_outbox ADD COLUMN last_attempt_at TIMESTAMPTZ;
