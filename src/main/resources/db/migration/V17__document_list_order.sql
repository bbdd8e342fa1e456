-- Document listings page through a collection in creation order (DocumentService.list: ORDER BY created_at, id
-- with OFFSET/LIMIT); this index serves that order without sorting every document of a large collection.
CREATE INDEX document_collection_created_idx ON document (collection_id, created_at, id);
