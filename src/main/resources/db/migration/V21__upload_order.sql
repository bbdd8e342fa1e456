-- The order of uploads, so that of two versions of one external id the one uploaded later stays, whichever finishes
-- processing first (ADR 0002 amendment). Every new item takes the next number; an archive's entries take their
-- archive's, and a re-ingest takes that of the upload whose bytes it copies. A document records the number of the
-- upload its current version came from. Rows from before this migration have none, which counts as oldest.
CREATE SEQUENCE ingestion_upload_seq;
ALTER TABLE ingestion_item ADD COLUMN upload_seq bigint;
ALTER TABLE ingestion_item ALTER COLUMN upload_seq SET DEFAULT nextval('ingestion_upload_seq');
ALTER TABLE document ADD COLUMN source_seq bigint;
