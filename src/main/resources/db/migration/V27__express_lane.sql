-- Fairness between the jobs of one collection (JobQueue.claim): the first 10 documents of every job (seq <= 10) go
-- before the rest of any job, so a small upload does not wait behind the tail of a large one in the same collection.
-- The claim index leads with the lane, after the collection; it replaces V26's claim index.
--
-- Replicas of the previous version may be ingesting while this runs (a rolling upgrade). Dropping an index needs the
-- table's strongest lock; taking it only after building the new index (which holds a weaker one) deadlocked with
-- their commits, so it is taken first, and given up after 30 s rather than queueing every statement behind it.
SET LOCAL lock_timeout = '30s';
LOCK TABLE ingestion_item IN ACCESS EXCLUSIVE MODE;
CREATE INDEX ingestion_item_claim_lane_idx ON ingestion_item (collection_id, (seq > 10), created_at, seq)
    WHERE state IN ('queued', 'parsing', 'chunking', 'embedding', 'indexing');
DROP INDEX ingestion_item_claim_idx;
