-- Keyword retrieval with a real BM25 whose statistics live in PostgreSQL (see docs/adr/0010-bm25-in-postgres.md).
--
-- chunk_term is an inverted index: one row per (collection, lexeme, chunk) with the term frequency and the
-- chunk length, so a query reads only the postings of its own lexemes (index-only scans of the primary key).
-- Document frequency is counted from those postings at query time: there is no shared df row to update, so
-- concurrent ingestion never contends on hot rows and cannot deadlock on them.
-- Collection totals (chunk count, summed length) are sharded counters: a statement updates the shard of its
-- backend only, so concurrent ingestion sessions mostly touch different rows; a query sums the shards.
-- Both are maintained by statement-level triggers with transition tables (one aggregate write per statement).

-- Number of lexeme occurrences in a tsvector (what BM25 calls the document length).
CREATE FUNCTION docent_tsv_length(v tsvector) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN (SELECT coalesce(sum(coalesce(array_length(t.positions, 1), 1)), 0)::integer FROM unnest(v) t);

CREATE TABLE chunk_term (
    collection_id uuid    NOT NULL REFERENCES collection (id) ON DELETE CASCADE,
    lexeme        text    NOT NULL,
    chunk_id      bigint  NOT NULL,
    tf            integer NOT NULL,
    chunk_length  integer NOT NULL,
    CONSTRAINT chunk_term_pk PRIMARY KEY (collection_id, lexeme, chunk_id) INCLUDE (tf, chunk_length)
);

CREATE TABLE collection_term_stats (
    collection_id uuid     NOT NULL REFERENCES collection (id) ON DELETE CASCADE,
    shard         smallint NOT NULL,
    chunk_count   bigint   NOT NULL DEFAULT 0,
    total_length  bigint   NOT NULL DEFAULT 0,
    CONSTRAINT collection_term_stats_pk PRIMARY KEY (collection_id, shard)
);

CREATE FUNCTION docent_chunk_terms_insert() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO chunk_term (collection_id, lexeme, chunk_id, tf, chunk_length)
    SELECT n.collection_id, t.lexeme, n.id, coalesce(array_length(t.positions, 1), 1), docent_tsv_length(n.tsv)
    FROM new_chunks n, unnest(n.tsv) t;

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

CREATE FUNCTION docent_chunk_terms_delete() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    DELETE FROM chunk_term t
    USING (SELECT o.collection_id, o.id, x.lexeme FROM old_chunks o, unnest(o.tsv) x) d
    WHERE t.collection_id = d.collection_id AND t.lexeme = d.lexeme AND t.chunk_id = d.id;

    -- Plain UPDATE (never insert): when the whole collection is being deleted its rows may be gone already.
    UPDATE collection_term_stats s
    SET chunk_count = s.chunk_count - d.chunks, total_length = s.total_length - d.total
    FROM (SELECT o.collection_id, count(*) AS chunks, sum(docent_tsv_length(o.tsv)) AS total
          FROM old_chunks o GROUP BY o.collection_id) d
    WHERE s.collection_id = d.collection_id
      AND s.shard = (SELECT min(x.shard) FROM collection_term_stats x WHERE x.collection_id = d.collection_id);
    RETURN NULL;
END
$$;

CREATE TRIGGER chunk_terms_insert AFTER INSERT ON chunk
    REFERENCING NEW TABLE AS new_chunks FOR EACH STATEMENT EXECUTE FUNCTION docent_chunk_terms_insert();
CREATE TRIGGER chunk_terms_delete AFTER DELETE ON chunk
    REFERENCING OLD TABLE AS old_chunks FOR EACH STATEMENT EXECUTE FUNCTION docent_chunk_terms_delete();

-- Backfill what V1/V2 stored before this migration.
INSERT INTO chunk_term (collection_id, lexeme, chunk_id, tf, chunk_length)
SELECT c.collection_id, t.lexeme, c.id, coalesce(array_length(t.positions, 1), 1), docent_tsv_length(c.tsv)
FROM chunk c, unnest(c.tsv) t;
INSERT INTO collection_term_stats (collection_id, shard, chunk_count, total_length)
SELECT c.collection_id, 0, count(*), sum(docent_tsv_length(c.tsv)) FROM chunk c GROUP BY c.collection_id;

-- Document filters (media type, metadata containment, dates) evaluated in the same statement as the scan.
CREATE INDEX document_metadata_gin_idx ON document USING gin (metadata jsonb_path_ops);
CREATE INDEX document_collection_updated_idx ON document (collection_id, updated_at);
