-- The groups that restricted the caller who made a job (NULL: nothing restricted it, e.g. an admin). An upload is
-- checked against the ACL of the document it replaces when it is made, and again when it commits, because the
-- document's ACL may have been narrowed while the upload waited in the queue (docs/security.md).
ALTER TABLE ingestion_job ADD COLUMN uploader_groups text[];
