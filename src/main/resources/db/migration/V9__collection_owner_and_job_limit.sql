-- Collection names are unique per owner (the principal that created the collection), no longer globally: a global
-- UNIQUE answered 409 to a name another tenant had taken, disclosing that collection (docs/adr/0043).
ALTER TABLE collection ADD COLUMN owner text;

-- Existing collections: the creator recorded in the audit log, else the earliest user admin, else a per-row owner
-- that cannot collide with anything (such names never conflict again).
UPDATE collection k SET owner = coalesce(
    (SELECT e.actor FROM audit_event e
      WHERE e.action = 'collection.create' AND e.target = k.id::text ORDER BY e.at LIMIT 1),
    (SELECT m.principal FROM collection_member m
      WHERE m.collection_id = k.id AND m.role = 'admin' AND m.principal LIKE 'user:%'
      ORDER BY m.created_at, m.principal LIMIT 1),
    'legacy:' || k.id::text);

ALTER TABLE collection ALTER COLUMN owner SET NOT NULL;
ALTER TABLE collection DROP CONSTRAINT collection_name_key;
ALTER TABLE collection ADD CONSTRAINT collection_owner_name_unique UNIQUE (owner, name);

-- The job limit per collection (docent.ingest.max-concurrent-jobs-per-collection) counts a collection's unfinished
-- items when a job is created; this keeps that count proportional to the collection's own open work.
CREATE INDEX ingestion_item_open_collection_idx ON ingestion_item (collection_id, job_id)
    WHERE state IN ('queued', 'parsing', 'chunking', 'embedding', 'indexing');
