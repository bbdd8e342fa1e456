-- What an upload says about its document beyond the bytes: ACL groups and the owner's metadata. NULL on a queue
-- item keeps the document's current value: a new version uploaded without the field, or a re-ingest on demand
-- (which used to copy the first upload's groups back over a later PUT .../acl).
ALTER TABLE ingestion_item ALTER COLUMN acl_groups DROP NOT NULL;
ALTER TABLE ingestion_item ALTER COLUMN acl_groups DROP DEFAULT;
ALTER TABLE ingestion_item ADD COLUMN metadata jsonb;

-- The metadata the document's owner gave it (at upload or with PUT .../metadata), kept apart from what the parser
-- extracted so that a new version keeps it. document.metadata holds both, the owner's keys winning; it is what
-- search filters match and what the API shows.
ALTER TABLE document ADD COLUMN owner_metadata jsonb NOT NULL DEFAULT '{}';
