-- CmcmActors: PostgreSQL schema, part 2 -- Orleans grain state (AddAdoNetGrainStorage).
--
-- One row per (service, state name, grain key). The provider binds @GrainIdHash, @GrainTypeHash
-- (32-bit hashes), @ServiceId, @GrainIdN0, @GrainIdN1 (the 128 bits of a Guid key, or 0 and the
-- integer key), @GrainTypeString (the state name given to [PersistentState]/the storage call:
-- NOT the grain class), @GrainIdExtensionString (string key or key extension, may be NULL),
-- @GrainStateVersion (the ETag the grain holds, NULL for a first write) and @PayloadBinary.
--
-- Contract:
--   read   -> at most one row: PayloadBinary (NULL = default state), Version.
--   write  -> exactly one row, column NewGrainStateVersion: the new version on success, NULL when
--             the given version is not the stored one (the provider then raises
--             InconsistentStateException). Insert only when the given version is NULL and no row
--             exists; update only when the stored version equals the given one.
--   clear  -> same as a write of a NULL payload: the row stays (as a tombstone) and its version
--             still goes up, so a stale activation can never write over a cleared state.
-- The version starts at 1 and strictly increases for the life of the row (the row is never
-- deleted by the provider; DeleteStorageKey is deliberately not provided, so the provider refuses
-- DeleteStateOnClear = true instead of silently restarting versions at 1).
--
-- The lookup is the primary key: the two hashes lead (well spread, cheap to compare), then the full
-- natural key, so two grains whose hashes collide still get their own rows.
-- fillfactor 80 leaves room on each page for HOT updates (no indexed column changes on a write).
--
-- Idempotent: CREATE ... IF NOT EXISTS, CREATE OR REPLACE FUNCTION, INSERT ... ON CONFLICT DO UPDATE.

BEGIN;
SELECT pg_advisory_xact_lock(hashtext('cmcm-orleans-schema'));

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL,
    querytext text        NOT NULL,
    CONSTRAINT orleansquery_pk PRIMARY KEY (querykey)
);

CREATE TABLE IF NOT EXISTS orleans_grain_state
(
    grain_id_hash      integer      NOT NULL,
    grain_type_hash    integer      NOT NULL,
    service_id         text         NOT NULL,
    grain_id_n0        bigint       NOT NULL,
    grain_id_n1        bigint       NOT NULL,
    grain_type         text         NOT NULL,
    grain_id_extension text         NOT NULL DEFAULT '',  -- NULL from the provider is stored as ''
    payload_binary     bytea        NULL,                 -- NULL: cleared / default state
    version            integer      NOT NULL,
    modified_on        timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT orleans_grain_state_pk PRIMARY KEY
        (grain_id_hash, grain_type_hash, service_id, grain_id_n0, grain_id_n1, grain_type, grain_id_extension)
) WITH (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.05);

-- Conditional upsert used by both WriteToStorageKey and ClearStorageKey (payload NULL).
-- Returns the new version, or NULL when the caller's version is stale.
CREATE OR REPLACE FUNCTION orleans_grain_state_write(
    p_grain_id_hash      integer,
    p_grain_id_n0        bigint,
    p_grain_id_n1        bigint,
    p_grain_type_hash    integer,
    p_grain_type         text,
    p_grain_id_extension text,
    p_service_id         text,
    p_expected_version   integer,
    p_payload            bytea)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
DECLARE
    new_version integer;
BEGIN
    IF p_expected_version IS NULL THEN
        -- First write of this grain: only if nobody wrote it before (or concurrently).
        INSERT INTO orleans_grain_state AS s
               (grain_id_hash, grain_type_hash, service_id, grain_id_n0, grain_id_n1, grain_type,
                grain_id_extension, payload_binary, version, modified_on)
        VALUES (p_grain_id_hash, p_grain_type_hash, p_service_id, p_grain_id_n0, p_grain_id_n1, p_grain_type,
                coalesce(p_grain_id_extension, ''), p_payload, 1, now())
        ON CONFLICT ON CONSTRAINT orleans_grain_state_pk DO NOTHING
        RETURNING s.version INTO new_version;
    ELSE
        -- Later writes: only over the version the grain read or last wrote.
        UPDATE orleans_grain_state AS s
           SET payload_binary = p_payload,
               version        = s.version + 1,
               modified_on    = now()
         WHERE s.grain_id_hash      = p_grain_id_hash
           AND s.grain_type_hash    = p_grain_type_hash
           AND s.service_id         = p_service_id
           AND s.grain_id_n0        = p_grain_id_n0
           AND s.grain_id_n1        = p_grain_id_n1
           AND s.grain_type         = p_grain_type
           AND s.grain_id_extension = coalesce(p_grain_id_extension, '')
           AND s.version            = p_expected_version
        RETURNING s.version INTO new_version;
    END IF;
    RETURN new_version;  -- NULL: version conflict
END;
$fn$;

INSERT INTO orleansquery (querykey, querytext) VALUES

('ReadFromStorageKey', $q$
SELECT payload_binary AS "PayloadBinary", version AS "Version"
  FROM orleans_grain_state
 WHERE grain_id_hash      = @GrainIdHash
   AND grain_type_hash    = @GrainTypeHash
   AND service_id         = @ServiceId
   AND grain_id_n0        = @GrainIdN0
   AND grain_id_n1        = @GrainIdN1
   AND grain_type         = @GrainTypeString
   AND grain_id_extension = coalesce(@GrainIdExtensionString, '')
$q$),

('WriteToStorageKey', $q$
SELECT orleans_grain_state_write(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                                 @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary)
       AS "NewGrainStateVersion"
$q$),

('ClearStorageKey', $q$
SELECT orleans_grain_state_write(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                                 @GrainIdExtensionString, @ServiceId, @GrainStateVersion, NULL::bytea)
       AS "NewGrainStateVersion"
$q$)

ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

COMMIT;
