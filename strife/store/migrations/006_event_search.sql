-- Version 6: what a page of events needs without joins.  Each canonical event keeps
-- its evidence spans and its words (strife.store.search); event_terms indexes the
-- words.  The Python hook strife.store.search.rebuild fills them for stored events.
ALTER TABLE events ADD COLUMN evidence STRUCT(field VARCHAR, article_id VARCHAR, start INTEGER,
    "end" INTEGER, text VARCHAR, confidence DOUBLE, note VARCHAR)[];
ALTER TABLE events ADD COLUMN search_text VARCHAR;
CREATE TABLE event_terms (
    term     VARCHAR NOT NULL,   -- a lower-case word of the event's notes or evidence
    event_id VARCHAR NOT NULL
);
CREATE INDEX event_terms_term ON event_terms (term);
-- How many events hold each word: a query decides from it whether a word is rare.
CREATE TABLE term_counts (term VARCHAR PRIMARY KEY, events INTEGER NOT NULL);
-- Actors, lower-cased: the names with their event counts (for substring matches) and
-- which events name them.
CREATE TABLE actor_names (name VARCHAR PRIMARY KEY, events INTEGER NOT NULL);
CREATE TABLE event_actors (
    actor    VARCHAR NOT NULL,   -- lower(actor1 / actor2 / assoc_actor_1 / assoc_actor_2)
    event_id VARCHAR NOT NULL
);
CREATE INDEX event_actors_actor ON event_actors (actor);
