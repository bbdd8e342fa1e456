-- The ACL groups a restricted document had when it was deleted. Conversations keep the citations they returned, and a
-- citation of a document an ACL change hid from a caller stays hidden from that caller: deleting the document
-- afterwards must not bring its quotes back (docs/security.md). Rows go with their collection.
CREATE TABLE document_tombstone (
    document_id   uuid        PRIMARY KEY,
    collection_id uuid        NOT NULL REFERENCES collection (id) ON DELETE CASCADE,
    acl_groups    text[]      NOT NULL,
    deleted_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX document_tombstone_collection_idx ON document_tombstone (collection_id);
