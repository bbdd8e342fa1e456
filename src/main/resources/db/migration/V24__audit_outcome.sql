-- The HTTP status a request recorded by the API's filter ended with. That row is written before the request runs (so
-- an acknowledged action always has one) and its outcome after: a 4xx or 5xx means the action did not happen, NULL
-- that its outcome was never recorded (the replica stopped, or the database was unreachable then). Rows written by a
-- service inside the action's own transaction (collection.create, key.create, key.revoke) have no status: they exist
-- only if the action happened.
ALTER TABLE audit_event ADD COLUMN status integer;
