-- A conversation belongs to the principal who started it: nobody else reads or continues it.
ALTER TABLE conversation ADD COLUMN owner text;
