-- Version 5: MinHash signatures of article bodies, so incremental ingest can find
-- syndicated copies (same wire story) among stored articles.
ALTER TABLE articles ADD COLUMN minhash UBIGINT[];
CREATE INDEX articles_published ON articles (published);
