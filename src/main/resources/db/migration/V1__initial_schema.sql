-- Docent schema, owned by Flyway. Hibernate only validates it.
-- Every row is reachable by collection_id so tenancy and ACL filters live in SQL.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE collection (
    id              uuid PRIMARY KEY,
    name            text        NOT NULL UNIQUE,
    description     text,
    embedding_model text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE document (
    id             uuid PRIMARY KEY,
    collection_id  uuid        NOT NULL REFERENCES collection (id) ON DELETE CASCADE,
    external_id    text        NOT NULL,
    title          text        NOT NULL,
    media_type     text,
    content_sha256 text        NOT NULL,
    version        integer     NOT NULL DEFAULT 1,
    status         text        NOT NULL,
    error_code     text,
    error_message  text,
    size_bytes     bigint      NOT NULL DEFAULT 0,
    metadata       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    acl_groups     text[]      NOT NULL DEFAULT '{}',
    page_starts    integer[]   NOT NULL DEFAULT '{}',
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT document_external_id_unique UNIQUE (collection_id, external_id)
);
CREATE INDEX document_collection_status_idx ON document (collection_id, status);

-- The extracted text of the current version, so citations can quote and highlight exact spans.
CREATE TABLE document_text (
    document_id uuid    PRIMARY KEY REFERENCES document (id) ON DELETE CASCADE,
    version     integer NOT NULL,
    text        text    NOT NULL
);

CREATE TABLE chunk (
    id            bigserial PRIMARY KEY,
    document_id   uuid         NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    collection_id uuid         NOT NULL REFERENCES collection (id) ON DELETE CASCADE,
    ordinal       integer      NOT NULL,
    text          text         NOT NULL,
    token_count   integer      NOT NULL,
    page_start    integer,
    page_end      integer,
    char_start    integer      NOT NULL,
    char_end      integer      NOT NULL,
    heading_path  text[]       NOT NULL DEFAULT '{}',
    embedding     vector(384)  NOT NULL,
    tsv           tsvector     GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
    CONSTRAINT chunk_ordinal_unique UNIQUE (document_id, ordinal)
);
CREATE INDEX chunk_collection_idx ON chunk (collection_id);
CREATE INDEX chunk_embedding_hnsw_idx ON chunk USING hnsw (embedding vector_cosine_ops);
CREATE INDEX chunk_tsv_gin_idx ON chunk USING gin (tsv);

CREATE TABLE ingestion_job (
    id            uuid PRIMARY KEY,
    collection_id uuid        NOT NULL REFERENCES collection (id) ON DELETE CASCADE,
    document_id   uuid        REFERENCES document (id) ON DELETE SET NULL,
    state         text        NOT NULL,
    file_name     text,
    error_code    text,
    error_message text,
    chunks_done   integer     NOT NULL DEFAULT 0,
    chunks_total  integer     NOT NULL DEFAULT 0,
    lease_owner   text,
    lease_until   timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ingestion_job_state_idx ON ingestion_job (state, created_at);
