-- Shared runtime tables, created in every PostgreSQL-backed service's own schema by
-- io.releasecontrol.runtime.schema.RuntimeSchemaMigration (history table rc_runtime_schema_history).

-- Transactional outbox: a state change and the events it causes commit together; the relay
-- publishes rows in id order and marks them published.
CREATE TABLE rc_outbox (
    id            BIGSERIAL PRIMARY KEY,
    event_id      TEXT        NOT NULL UNIQUE,
    topic         TEXT        NOT NULL,
    record_key    TEXT        NOT NULL,
    event_type    TEXT        NOT NULL,
    payload       TEXT        NOT NULL,
    traceparent   TEXT,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at  TIMESTAMPTZ,
    attempts      INT         NOT NULL DEFAULT 0,
    last_error    TEXT
);
CREATE INDEX rc_outbox_pending ON rc_outbox (id) WHERE published_at IS NULL;

-- Idempotent consumers: one row per (consumer, event id) processed, written in the same
-- transaction as the consumer's state change, so a redelivered event is acted on once.
CREATE TABLE rc_processed_events (
    consumer      TEXT        NOT NULL,
    event_id      TEXT        NOT NULL,
    event_type    TEXT        NOT NULL,
    topic         TEXT,
    kafka_partition INT,
    kafka_offset  BIGINT,
    processed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
