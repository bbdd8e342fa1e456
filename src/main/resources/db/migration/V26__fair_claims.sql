-- Claims are fair between collections (JobQueue.claim): the worker takes the oldest claimable item of the collection
-- with the fewest documents in work. These two partial indexes keep that a handful of index probes per claim (0.14 ms
-- against 3.7 ms for the oldest-item query they replace, with 5,000 queued items; docs/ingestion-benchmarks.md).
CREATE INDEX ingestion_item_claim_idx ON ingestion_item (collection_id, created_at, seq)
    WHERE state IN ('queued', 'parsing', 'chunking', 'embedding', 'indexing');
CREATE INDEX ingestion_item_working_idx ON ingestion_item (collection_id)
    WHERE state IN ('parsing', 'chunking', 'embedding', 'indexing');
