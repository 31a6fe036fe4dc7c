-- Version 10: what `strife watch` keeps so that a restart resumes where it stopped, and
-- the alert rules it fires.  A source is a feed URL or a folder; an item is a feed entry
-- (its link, else its text's id) or a file version (path, mtime, size).  An item is
-- recorded only after its article is stored, so a crash loses at most the item in flight
-- and re-reading it is a no-op (articles are keyed by their text).
CREATE TABLE watch_sources (
    source_id     VARCHAR PRIMARY KEY,  -- the URL or folder as given
    kind          VARCHAR NOT NULL,     -- feed | folder
    etag          VARCHAR,
    last_modified VARCHAR,
    last_attempt  TIMESTAMP,
    last_success  TIMESTAMP,
    last_error    VARCHAR,
    last_error_at TIMESTAMP,
    failures      INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE watch_items (
    source_id  VARCHAR NOT NULL,
    item_key   VARCHAR NOT NULL,
    article_id VARCHAR,
    events     INTEGER NOT NULL DEFAULT 0,
    seen_at    TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (source_id, item_key)
);
-- A rule is a saved event filter (the JSON of strife.store.queries.EventFilter fields)
-- and where its alerts go besides the store's own Atom feed.
CREATE TABLE alert_rules (
    name       VARCHAR PRIMARY KEY,
    filter     VARCHAR NOT NULL,
    jsonl      VARCHAR,
    webhook    VARCHAR,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
-- One row per (rule, event, state of the event): an event fires again only when what a
-- reader sees of it changed (strife.watch.alerts.fingerprint).
CREATE TABLE alert_log (
    rule        VARCHAR NOT NULL,
    event_id    VARCHAR NOT NULL,
    fingerprint VARCHAR NOT NULL,
    fired_at    TIMESTAMP NOT NULL DEFAULT current_timestamp,
    title       VARCHAR NOT NULL,
    summary     VARCHAR,
    delivered   BOOLEAN NOT NULL DEFAULT false,  -- webhook delivered (or none to deliver)
    PRIMARY KEY (rule, event_id, fingerprint)
);
