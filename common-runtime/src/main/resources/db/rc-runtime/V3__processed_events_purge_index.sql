-- The inbox purge (ProcessedEventsPurge) deletes rows older than rc.inbox.horizon in small batches;
-- each batch finds its rows through this index instead of scanning the table.
--
-- A plain CREATE INDEX: it holds off inserts into rc_processed_events (consumers wait) while it is
-- built: 2.2 s for 3 million rows on the 2-core test machine. CONCURRENTLY cannot run inside Flyway's migration
-- transaction and deadlocks with a second instance waiting on Flyway's lock; if the table is very
-- large, create the index by hand first with
--   CREATE INDEX CONCURRENTLY rc_processed_events_processed_at ON <schema>.rc_processed_events (processed_at);
-- and this migration then leaves it as it is.
CREATE INDEX IF NOT EXISTS rc_processed_events_processed_at ON rc_processed_events (processed_at);
