-- A stand-in for a service's state: the test listener records one row per event it acts on.
CREATE TABLE test_effects (
    id         BIGSERIAL PRIMARY KEY,
    event_id   TEXT NOT NULL,
    note       TEXT NOT NULL
);
CREATE TABLE test_state (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL
);
