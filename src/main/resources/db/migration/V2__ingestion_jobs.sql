-- Durable ingestion queue (issue 4). Replaces the unused V1 ingestion_job table.
-- A job is what one upload request created; its items are the documents (or archives) to ingest. Items hold
-- the uploaded bytes so that every replica can process them, and are claimed one at a time with
-- FOR UPDATE SKIP LOCKED under a lease that the worker renews by heartbeats.
DROP TABLE ingestion_job;

CREATE TABLE ingestion_job (
    id            uuid PRIMARY KEY,
    collection_id uuid        NOT NULL REFERENCES collection (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ingestion_item (
    id             uuid PRIMARY KEY,
    job_id         uuid        NOT NULL REFERENCES ingestion_job (id) ON DELETE CASCADE,
    collection_id  uuid        NOT NULL REFERENCES collection (id) ON DELETE CASCADE,
    parent_id      uuid        REFERENCES ingestion_item (id) ON DELETE CASCADE,
    seq            integer     NOT NULL,
    file_name      text        NOT NULL,
    external_id    text        NOT NULL,
    archive_path   text,
    depth          integer     NOT NULL DEFAULT 0,
    acl_groups     text[]      NOT NULL DEFAULT '{}',
    force          boolean     NOT NULL DEFAULT false,
    content        bytea,
    size_bytes     bigint      NOT NULL DEFAULT 0,
    content_sha256 text        NOT NULL,
    -- queued, parsing, chunking, embedding, indexing (active); succeeded, failed, expanded (terminal)
    state          text        NOT NULL,
    outcome        text,
    error_code     text,
    error_message  text,
    document_id    uuid        REFERENCES document (id) ON DELETE SET NULL,
    chunks_done    integer     NOT NULL DEFAULT 0,
    chunks_total   integer,
    attempts       integer     NOT NULL DEFAULT 0,
    lease_owner    text,
    lease_until    timestamptz,
    not_before     timestamptz NOT NULL DEFAULT now(),
    created_at     timestamptz NOT NULL DEFAULT now(),
    started_at     timestamptz,
    finished_at    timestamptz
);
CREATE INDEX ingestion_item_open_idx ON ingestion_item (created_at, seq)
    WHERE state IN ('queued', 'parsing', 'chunking', 'embedding', 'indexing');
CREATE INDEX ingestion_item_job_idx ON ingestion_item (job_id, seq);
CREATE INDEX ingestion_item_document_idx ON ingestion_item (document_id);
CREATE INDEX ingestion_item_parent_idx ON ingestion_item (parent_id);
