-- Strife store, version 1: articles, sentences, event reports, evidence, canonical events.
CREATE TABLE articles (
    id             VARCHAR PRIMARY KEY,   -- content hash of the text
    origin         VARCHAR,               -- file path or URI it was read from
    url            VARCHAR,
    title          VARCHAR,
    source         VARCHAR,               -- outlet
    published      DATE,
    published_from VARCHAR,
    lang           VARCHAR,
    dateline       VARCHAR,
    body_start     INTEGER,
    text           VARCHAR NOT NULL,
    story_id       VARCHAR,               -- near-duplicate (syndication) group, set by linking
    warnings       VARCHAR[],
    ingested_at    TIMESTAMP DEFAULT current_timestamp
);

CREATE TABLE sentences (
    article_id VARCHAR NOT NULL,
    idx        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       VARCHAR NOT NULL,
    PRIMARY KEY (article_id, idx)
);

-- One row per event as coded from one article ("a report of an event").
CREATE TABLE reports (
    report_id          VARCHAR PRIMARY KEY,
    article_id         VARCHAR NOT NULL,
    sentence_index     INTEGER,
    trigger_start      INTEGER,
    trigger_end        INTEGER,
    trigger            VARCHAR,
    event_date         DATE,
    date_end           DATE,
    year               INTEGER,
    time_precision     INTEGER,
    disorder_type      VARCHAR,
    event_type         VARCHAR,
    sub_event_type     VARCHAR,
    actor1             VARCHAR,
    assoc_actor_1      VARCHAR,
    inter1             INTEGER,
    actor2             VARCHAR,
    assoc_actor_2      VARCHAR,
    inter2             INTEGER,
    interaction        INTEGER,
    civilian_targeting VARCHAR,
    iso                INTEGER,
    region             VARCHAR,
    country            VARCHAR,
    admin1             VARCHAR,
    admin2             VARCHAR,
    admin3             VARCHAR,
    location           VARCHAR,
    latitude           DOUBLE,
    longitude          DOUBLE,
    geo_precision      INTEGER,
    geonameid          BIGINT,
    source             VARCHAR,
    source_scale       VARCHAR,
    notes              VARCHAR,
    fatalities         INTEGER,
    tags               VARCHAR,
    plover_type        VARCHAR,
    plover_mode        VARCHAR,
    plover_context     VARCHAR,
    reported_by        VARCHAR,
    confidence         DOUBLE,
    event_id           VARCHAR              -- the canonical event this report belongs to
);

CREATE TABLE evidence (
    report_id  VARCHAR NOT NULL,
    field      VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       VARCHAR NOT NULL,
    confidence DOUBLE,
    note       VARCHAR
);

-- Canonical events: one row per real-world event, fields chosen from its reports
-- by the linking rule (strife.linking.merge).  Same ACLED columns as reports.
CREATE TABLE events (
    event_id_cnty      VARCHAR PRIMARY KEY,
    event_date         DATE,
    date_end           DATE,
    year               INTEGER,
    time_precision     INTEGER,
    disorder_type      VARCHAR,
    event_type         VARCHAR,
    sub_event_type     VARCHAR,
    actor1             VARCHAR,
    assoc_actor_1      VARCHAR,
    inter1             INTEGER,
    actor2             VARCHAR,
    assoc_actor_2      VARCHAR,
    inter2             INTEGER,
    interaction        INTEGER,
    civilian_targeting VARCHAR,
    iso                INTEGER,
    region             VARCHAR,
    country            VARCHAR,
    admin1             VARCHAR,
    admin2             VARCHAR,
    admin3             VARCHAR,
    location           VARCHAR,
    latitude           DOUBLE,
    longitude          DOUBLE,
    geo_precision      INTEGER,
    geonameid          BIGINT,
    source             VARCHAR,
    source_scale       VARCHAR,
    notes              VARCHAR,
    fatalities         INTEGER,
    tags               VARCHAR,
    timestamp          BIGINT,
    plover_type        VARCHAR,
    plover_mode        VARCHAR,
    plover_context     VARCHAR,
    reported_by        VARCHAR,
    confidence         DOUBLE,
    source_count       INTEGER,             -- independent outlets (wire reprints count once)
    report_count       INTEGER
);

CREATE INDEX reports_article ON reports (article_id);
CREATE INDEX reports_event ON reports (event_id);
CREATE INDEX evidence_report ON evidence (report_id);
CREATE INDEX events_date ON events (event_date);
CREATE INDEX events_country ON events (country);
