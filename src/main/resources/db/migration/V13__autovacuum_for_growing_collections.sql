-- Statistics for a collection that was just ingested (docs/operations.md, "Statistics after large ingests").
--
-- chunk, chunk_term and document are shared by every collection. With the default scale factors, autovacuum
-- analyzes them only after 10% of their rows changed (and sets the visibility map only after 20% were inserted):
-- on a database holding 100k chunks (10M postings), a new 10k-chunk collection (600k postings) was queried with
-- statistics that had never seen it. Measured 2026-12-03: BM25 statements of the SciFact eval collection took
-- 5-18 s each (a plan for a collection estimated at 1 posting per lexeme); after a manual ANALYZE the eval's keyword
-- stage averaged 14 ms;
-- index-only scans of the impact index also visited the heap for every posting until a vacuum. With 2%, the
-- statistics follow any ingest of about 2,000 chunks per 100k present, at the cost of an ANALYZE (about 4 s of
-- one core at 10M postings) at most once per autovacuum round while ingestion runs.
ALTER TABLE chunk_term SET (autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
ALTER TABLE chunk SET (autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
ALTER TABLE document SET (autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_insert_scale_factor = 0.02);
