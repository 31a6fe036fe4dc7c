-- Version 13: the folded hash of each report's trigger sentence, so linking can count in
-- how many stories a sentence occurs and keep boilerplate from driving merges
-- (strife.linking.events.sentence_key; backfilled from `sentences` by a hook).
ALTER TABLE reports ADD COLUMN sentence_key VARCHAR;
CREATE INDEX reports_sentence_key ON reports (sentence_key);
