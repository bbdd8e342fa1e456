-- Conversations (issue 5): each turn keeps the citations exactly as they were returned; never recomputed.
CREATE TABLE conversation (
    id            uuid PRIMARY KEY,
    collection_id uuid        NOT NULL REFERENCES collection (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversation_collection_idx ON conversation (collection_id);

CREATE TABLE conversation_turn (
    id                  bigserial PRIMARY KEY,
    conversation_id     uuid        NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
    ordinal             integer     NOT NULL,
    question            text        NOT NULL,
    standalone_question text        NOT NULL,
    answer              text        NOT NULL,
    grounded            boolean     NOT NULL,
    answerer            text        NOT NULL,
    citations           jsonb       NOT NULL DEFAULT '[]'::jsonb,
    created_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT conversation_turn_ordinal_unique UNIQUE (conversation_id, ordinal)
);
