-- The postings trigger computed each chunk's length once per (chunk, lexeme) row, re-reading the whole tsvector
-- for every lexeme: quadratic in the chunk's lexemes (5.6 s for SciFact's 9,739 chunks against 0.3 s computed
-- once per chunk). Same rows, same statistics; only the evaluation order changes.
CREATE OR REPLACE FUNCTION docent_chunk_terms_insert() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO chunk_term (collection_id, lexeme, chunk_id, tf, chunk_length)
    SELECT n.collection_id, t.lexeme, n.id, coalesce(array_length(t.positions, 1), 1), n.len
    FROM (SELECT x.collection_id, x.id, x.tsv, docent_tsv_length(x.tsv) AS len FROM new_chunks x OFFSET 0) n,
         unnest(n.tsv) t;

    INSERT INTO collection_term_stats AS s (collection_id, shard, chunk_count, total_length)
    SELECT n.collection_id, (pg_backend_pid() % 16)::smallint, count(*), sum(docent_tsv_length(n.tsv))
    FROM new_chunks n
    GROUP BY n.collection_id
    ORDER BY n.collection_id
    ON CONFLICT (collection_id, shard) DO UPDATE
        SET chunk_count = s.chunk_count + excluded.chunk_count,
            total_length = s.total_length + excluded.total_length;
    RETURN NULL;
END
$$;
