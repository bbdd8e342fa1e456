-- A turn keeps the answer's short answer (ADR 0024) as it was returned, like its citations: JSON
-- {text, marker, charStart, charEnd}, null when the answer had none (and for turns stored before this migration).
ALTER TABLE conversation_turn ADD COLUMN short_answer jsonb;
