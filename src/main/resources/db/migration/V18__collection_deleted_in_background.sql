-- Deleting a collection marks it deleted in the request and removes its rows in the background
-- (CollectionPurger, docs/operations.md "Deleting a collection"): a cascading delete of a large collection held its
-- rows locked for about 0.25 ms per chunk inside the request (half a minute per 100k chunks).
-- A marked collection is gone for the API at once (404, not listed, its name free for a new collection); the purger
-- of any replica deletes its chunks and documents in short batches and the collection row last.
ALTER TABLE collection ADD COLUMN deleted_at timestamptz;

ALTER TABLE collection DROP CONSTRAINT collection_owner_name_unique;
CREATE UNIQUE INDEX collection_owner_name_live ON collection (owner, name) WHERE deleted_at IS NULL;

CREATE INDEX collection_deleted_idx ON collection (deleted_at) WHERE deleted_at IS NOT NULL;
