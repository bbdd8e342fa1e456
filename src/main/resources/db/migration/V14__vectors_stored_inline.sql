-- Keep vectors inside the heap row (docs/adr/0042). pgvector's type defaults to EXTERNAL storage, so a chunk row
-- over the TOAST threshold (about 2 kB: a 384-dim vector is 1.5 kB, plus the text and its tsvector) had its vector
-- moved out of line first, and every read of a vector outside the HNSW index (an exact scan of a small collection,
-- the distance of each hit) cost a TOAST index probe and fetch. MAIN moves the text and the tsvector out first and
-- keeps the vector inline unless nothing else fits. Measured on 9,648 SciFact chunks (bge-small, 384 dims): an exact
-- top 50 read 29,473 buffers and took 24.9 ms stored EXTERNAL, 2,415 buffers and 6.5 ms stored MAIN.
-- Only rows written from now on are affected (new documents, new versions, re-embedding); older rows keep their
-- out-of-line vectors, which stay correct, until they are rewritten.
ALTER TABLE chunk ALTER COLUMN embedding SET STORAGE MAIN;
