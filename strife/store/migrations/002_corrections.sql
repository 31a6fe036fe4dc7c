-- Version 2: audit trail of manual corrections (never overwrites the coded value).
CREATE TABLE corrections (
    id          VARCHAR PRIMARY KEY,
    event_id    VARCHAR NOT NULL,
    field       VARCHAR NOT NULL,
    old_value   VARCHAR,
    new_value   VARCHAR,
    author      VARCHAR NOT NULL,
    reason      VARCHAR,
    created_at  TIMESTAMP DEFAULT current_timestamp
);
CREATE INDEX corrections_event ON corrections (event_id);
