-- Authentication and authorization. API keys are stored as SHA-256 of the secret (keys are 256-bit random,
-- so a fast hash is sufficient; see docs/adr/0040-api-keys.md); only a short display prefix is kept in clear.
CREATE TABLE api_key (
    id           uuid PRIMARY KEY,
    secret_hash  text        NOT NULL UNIQUE,
    prefix       text        NOT NULL,
    owner        text        NOT NULL,
    scopes       text[]      NOT NULL DEFAULT '{}',
    groups       text[]      NOT NULL DEFAULT '{}',
    expires_at   timestamptz,
    revoked_at   timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    created_by   text
);

-- Who may do what in a collection. A principal is 'user:<name>' or 'group:<name>'.
CREATE TABLE collection_member (
    collection_id uuid        NOT NULL REFERENCES collection (id) ON DELETE CASCADE,
    principal     text        NOT NULL,
    role          text        NOT NULL CHECK (role IN ('reader', 'writer', 'admin')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (collection_id, principal)
);
CREATE INDEX collection_member_principal_idx ON collection_member (principal);

-- Who did what (ids and sizes, never content).
CREATE TABLE audit_event (
    id       bigserial PRIMARY KEY,
    at       timestamptz NOT NULL DEFAULT now(),
    actor    text        NOT NULL,
    action   text        NOT NULL,
    target   text,
    details  jsonb       NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_event_at_idx ON audit_event (at);

-- Document ACL checks run inside the retrieval SQL: 'acl_groups = {} OR acl_groups && caller_groups'.
CREATE INDEX document_acl_groups_idx ON document USING gin (acl_groups);
