-- A document's ACL groups and owner metadata set through PUT .../acl and PUT .../metadata take the next upload
-- number (ingestion_upload_seq, V21) when they are set. An upload made before such a change (a smaller upload_seq)
-- that commits after it keeps the change: the groups or metadata stated last win, not those of the version that
-- happened to finish last (an admin's narrowed ACL had been undone by a new version queued before it). NULL: never
-- set that way.
ALTER TABLE document ADD COLUMN acl_seq bigint, ADD COLUMN metadata_seq bigint;
