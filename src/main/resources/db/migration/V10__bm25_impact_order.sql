-- Bounded keyword retrieval on large collections (docs/adr/0014-bm25-impact-ordered-postings.md).
--
-- A query reads, for each of its lexemes, at most docent.retrieve.keyword.postings-per-term postings in order of
-- their BM25 term weight (high term frequency in a short chunk first) instead of every posting, so a query made
-- of common words no longer costs work proportional to their document frequency. The order key is the BM25
-- term-frequency component with the default k1 = 0.9, b = 0.4 and a reference chunk length of 100 lexemes: it
-- only decides which postings are read first (every candidate is then scored exactly with the collection's live
-- statistics and the configured k1 and b), so it has to be immutable, not exact.
CREATE FUNCTION docent_bm25_impact(tf integer, chunk_length integer) RETURNS float8
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN tf::float8 / (tf + 0.9 * (0.6 + 0.4 * chunk_length / 100.0));

CREATE INDEX chunk_term_impact_idx ON chunk_term (collection_id, lexeme, docent_bm25_impact(tf, chunk_length) DESC)
    INCLUDE (chunk_id, tf, chunk_length);
