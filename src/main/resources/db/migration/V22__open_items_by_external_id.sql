-- Open uploads of one external id are looked up on every upload (is an identical upload a no-op?) and every commit
-- (ADR 0002 amendment, V21); without this index each lookup read every open item of the collection, thousands during
-- a bulk upload.
CREATE INDEX ingestion_item_open_external_idx ON ingestion_item (collection_id, external_id)
    WHERE state IN ('queued', 'parsing', 'chunking', 'embedding', 'indexing');
