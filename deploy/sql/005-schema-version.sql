-- CmcmActors: PostgreSQL schema, part 5 -- the version of the schema applied to this database.
--
--   cmcm_schema_version  one row: the number of the newest deploy/sql file applied. A host knows the
--                        version it needs (SchemaVersion.Expected in the host) and /health/ready is
--                        unhealthy while the database holds an older one (the schema step has not run).
--
-- The version only rises: applying the files of an older release (a host rolled back while a newer one
-- already migrated) keeps the newer number, since every file is additive.
-- When a file is added, raise the number below to its number and SchemaVersion.Expected with it.
--
-- Idempotent: safe to apply any number of times, also concurrently (advisory lock).

BEGIN;
SELECT pg_advisory_xact_lock(hashtext('cmcm-orleans-schema'));

CREATE TABLE IF NOT EXISTS cmcm_schema_version
(
    singleton  boolean     NOT NULL DEFAULT true,
    version    integer     NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cmcm_schema_version_pk PRIMARY KEY (singleton),
    CONSTRAINT cmcm_schema_version_single_row CHECK (singleton)
);

INSERT INTO cmcm_schema_version (singleton, version) VALUES (true, 15)
ON CONFLICT (singleton) DO UPDATE
    SET version = EXCLUDED.version, applied_at = now()
    WHERE cmcm_schema_version.version < EXCLUDED.version;

COMMIT;
