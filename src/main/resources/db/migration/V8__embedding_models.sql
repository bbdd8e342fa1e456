-- Embedding models per collection, and background re-embedding with an atomic swap (docs/adr/0006).
--
-- chunk.embedding holds vectors of any dimension; chunk.embedding_model names the model that made them (always the
-- collection's active model: the swap rewrites both in one transaction). The single HNSW index becomes one partial
-- expression index per supported dimension; a query uses the one whose cast and predicate it repeats, e.g.
--   WHERE vector_dims(c.embedding) = 384 ... ORDER BY c.embedding::vector(384) <=> ?
ALTER TABLE chunk ADD COLUMN embedding_model text;
UPDATE chunk c SET embedding_model = k.embedding_model FROM collection k WHERE k.id = c.collection_id;
ALTER TABLE chunk ALTER COLUMN embedding_model SET NOT NULL;

-- Writers that do not name the model (benchmarks, fixtures) get the collection's active one.
CREATE FUNCTION docent_chunk_embedding_model() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    IF NEW.embedding_model IS NULL THEN
        SELECT k.embedding_model INTO NEW.embedding_model FROM collection k WHERE k.id = NEW.collection_id;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER chunk_embedding_model BEFORE INSERT ON chunk
    FOR EACH ROW WHEN (NEW.embedding_model IS NULL) EXECUTE FUNCTION docent_chunk_embedding_model();

DROP INDEX chunk_embedding_hnsw_idx;
ALTER TABLE chunk ALTER COLUMN embedding TYPE vector;
CREATE INDEX chunk_embedding_384_hnsw_idx ON chunk USING hnsw ((embedding::vector(384)) vector_cosine_ops)
    WHERE vector_dims(embedding) = 384;
CREATE INDEX chunk_embedding_768_hnsw_idx ON chunk USING hnsw ((embedding::vector(768)) vector_cosine_ops)
    WHERE vector_dims(embedding) = 768;
CREATE INDEX chunk_embedding_1024_hnsw_idx ON chunk USING hnsw ((embedding::vector(1024)) vector_cosine_ops)
    WHERE vector_dims(embedding) = 1024;
CREATE INDEX chunk_embedding_1536_hnsw_idx ON chunk USING hnsw ((embedding::vector(1536)) vector_cosine_ops)
    WHERE vector_dims(embedding) = 1536;

-- Vectors of the model a collection is being re-embedded into, one per current chunk, until the swap copies them
-- into chunk.embedding. Chunks are never duplicated, so BM25 postings and statistics (V3) are untouched.
CREATE TABLE chunk_embedding_next (
    chunk_id      bigint PRIMARY KEY REFERENCES chunk (id) ON DELETE CASCADE,
    collection_id uuid   NOT NULL REFERENCES collection (id) ON DELETE CASCADE,
    model         text   NOT NULL,
    embedding     vector NOT NULL
);
CREATE INDEX chunk_embedding_next_collection_idx ON chunk_embedding_next (collection_id, model);

-- Queue items are documents (kind 'document') or a collection's re-embedding into target_model ('reembed').
ALTER TABLE ingestion_item ADD COLUMN kind text NOT NULL DEFAULT 'document';
ALTER TABLE ingestion_item ADD COLUMN target_model text;
CREATE UNIQUE INDEX ingestion_item_one_open_reembed_idx ON ingestion_item (collection_id)
    WHERE kind = 'reembed' AND state IN ('queued', 'parsing', 'chunking', 'embedding', 'indexing');
