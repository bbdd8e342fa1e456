-- Whether every vector of a collection is stored inline (V14), so that reading it exactly beats walking the shared
-- HNSW graph (VectorScan, docs/adr/0042). Collections that existed before V14 start false: their older rows hold
-- out-of-line vectors, which make an exact read slower than the walk, so they keep the HNSW read until every vector
-- has been written again (a re-embedding does, and sets the flag; docs/operations.md shows the in-place rewrite).
-- Collections created from now on start true.
ALTER TABLE collection ADD COLUMN vectors_inline boolean NOT NULL DEFAULT false;
ALTER TABLE collection ALTER COLUMN vectors_inline SET DEFAULT true;
