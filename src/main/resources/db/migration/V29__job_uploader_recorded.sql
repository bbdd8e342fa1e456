-- A job made by an older version (or before V23) recorded no uploader groups, read as "nothing restricted the
-- uploader": its commit skipped the re-check against a document restricted while it waited. Jobs now say that they
-- recorded them; one that did not may only change documents with no groups (JobQueue.claim).
ALTER TABLE ingestion_job ADD COLUMN uploader_recorded boolean NOT NULL DEFAULT false;
