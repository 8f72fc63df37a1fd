-- CmcmActors: PostgreSQL schema, part 8 -- the answers kept for Idempotency-Keys.
--
--   cmcm_idempotency  one row per key in use: scope_key is the SHA-256 (hex) of the caller, the matched endpoint
--                     (method, route pattern, route values) and the header's value, so it holds no personal data;
--                     caller_key the SHA-256 of the caller alone (the quota counts by it). status is NULL while the
--                     first request runs, then the answer (status, content type, Location, body) is kept until
--                     expires_at. The host deletes expired rows periodically (Cmcm:Idempotency:PurgeInterval), so
--                     the table holds at most a retention's worth of keys.
--
-- The quota (Cmcm:Idempotency:MaxKeysPerWindow) counts a caller's rows created in the current window: the index
-- cmcm_idempotency_caller serves that count.
--
-- Before this table every key was a grain with state "idempotency" in orleans_grain_state, never deleted: those rows
-- are deleted once, when this table is created.
--
-- 005-schema-version.sql records 8 and SchemaVersion.Expected is 8 with this file.
--
-- Idempotent: CREATE ... IF NOT EXISTS; the one-off delete runs only when the table is created.

BEGIN;
SELECT pg_advisory_xact_lock(hashtext('cmcm-orleans-schema'));

DO $$
BEGIN
    IF to_regclass('cmcm_idempotency') IS NULL AND to_regclass('orleans_grain_state') IS NOT NULL THEN
        DELETE FROM orleans_grain_state WHERE grain_type = 'idempotency';
    END IF;
END
$$;

CREATE TABLE IF NOT EXISTS cmcm_idempotency
(
    service_id   text        NOT NULL,
    scope_key    text        NOT NULL,
    caller_key   text        NOT NULL,
    request_hash text        NOT NULL,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    status       integer     NULL,
    content_type text        NULL,
    location     text        NULL,
    body         bytea       NULL,
    CONSTRAINT cmcm_idempotency_pk PRIMARY KEY (service_id, scope_key)
) WITH (autovacuum_vacuum_scale_factor = 0.05);

CREATE INDEX IF NOT EXISTS cmcm_idempotency_expires ON cmcm_idempotency (service_id, expires_at);
CREATE INDEX IF NOT EXISTS cmcm_idempotency_caller ON cmcm_idempotency (service_id, caller_key, created_at);

COMMIT;
