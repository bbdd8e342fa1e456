-- The header row of the table a chunk continues (StructureAwareChunker): a table split across chunks keeps its
-- header with every part. It is embedded with the chunk (after the title and heading path) but is not part of the
-- chunk's text, so citations still index the document's extracted text. NULL for every other chunk and for chunks
-- written before V16 (those keep their vectors; re-ingesting the document adds the header).
ALTER TABLE chunk ADD COLUMN table_header text;
