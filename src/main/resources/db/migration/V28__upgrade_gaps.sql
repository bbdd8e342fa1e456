-- What an upgrade from an older version, or its replicas still running beside this one, left undone.

-- 1. Items queued before V21 had no upload number: two versions of one document both counted as 0, and the one that
--    finished last won. Open ones are numbered in upload order (archive entries take their archive's number).
WITH open_items AS (
    SELECT id, row_number() OVER (ORDER BY created_at, seq, id) AS n
    FROM ingestion_item
    WHERE upload_seq IS NULL AND parent_id IS NULL
      AND state IN ('queued', 'parsing', 'chunking', 'embedding', 'indexing')
), base AS (
    SELECT nextval('ingestion_upload_seq') AS b
)
UPDATE ingestion_item i SET upload_seq = base.b + o.n FROM open_items o, base WHERE i.id = o.id;
UPDATE ingestion_item c SET upload_seq = p.upload_seq
FROM ingestion_item p
WHERE c.parent_id = p.id AND c.upload_seq IS NULL AND p.upload_seq IS NOT NULL
  AND c.state IN ('queued', 'parsing', 'chunking', 'embedding', 'indexing');
SELECT setval('ingestion_upload_seq', greatest((SELECT max(upload_seq) FROM ingestion_item), 1));

-- 2. Tombstones were written by the application (V25), so a document deleted by a replica of an older version left
--    none, and its hidden citations came back. The database writes them now, for every deleted document of a live
--    collection (an empty array for a public one): a cited document that is gone and has no tombstone was deleted
--    before this migration, and its groups are unknown (DocumentService.hidden treats it as restricted).
CREATE FUNCTION document_tombstone_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status <> 'failed'
       AND EXISTS (SELECT 1 FROM collection WHERE id = OLD.collection_id AND deleted_at IS NULL) THEN
        INSERT INTO document_tombstone (document_id, collection_id, acl_groups)
        VALUES (OLD.id, OLD.collection_id, coalesce(OLD.acl_groups, '{}'))
        ON CONFLICT (document_id) DO UPDATE SET acl_groups = EXCLUDED.acl_groups, deleted_at = now();
    END IF;
    RETURN OLD;
END;
$$;
CREATE TRIGGER document_tombstone AFTER DELETE ON document
    FOR EACH ROW EXECUTE FUNCTION document_tombstone_on_delete();
