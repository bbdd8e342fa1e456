-- Ties in the impact order are broken by chunk id (docs/adr/0014-bm25-impact-ordered-postings.md).
--
-- Every keyword ranking orders equal scores by chunk id, but the bounded read took each lexeme's best postings by
-- impact alone. Postings of equal impact (same term frequency, same chunk length: common for a frequent lexeme)
-- then came in plan order: heap order when the planner sorts (a small or freshly analysed collection), index order
-- otherwise. A bound that cut inside such a tie group kept whichever chunks came first, so the bounded ranking
-- could differ from the exhaustive one among equal scores and between plans. The read now orders by impact, then
-- chunk id, and this index has that order, so large collections still read it with no sort.
CREATE INDEX chunk_term_impact_chunk_idx
    ON chunk_term (collection_id, lexeme, docent_bm25_impact(tf, chunk_length) DESC, chunk_id)
    INCLUDE (tf, chunk_length);
DROP INDEX chunk_term_impact_idx;
ALTER INDEX chunk_term_impact_chunk_idx RENAME TO chunk_term_impact_idx;
