-- Fairness between the jobs of one collection (JobQueue.claim): the first 10 documents of every job (seq <= 10) go
-- before the rest of any job, so a small upload does not wait behind the tail of a large one in the same collection.
-- The claim index leads with the lane, after the collection; it replaces V26's claim index.
CREATE INDEX ingestion_item_claim_lane_idx ON ingestion_item (collection_id, (seq > 10), created_at, seq)
    WHERE state IN ('queued', 'parsing', 'chunking', 'embedding', 'indexing');
DROP INDEX ingestion_item_claim_idx;
