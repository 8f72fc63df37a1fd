-- CmcmActors: PostgreSQL schema, part 3 -- Orleans reminders (UseAdoNetReminderService).
--
-- One row per (service, grain, reminder name). The provider binds @ServiceId, @GrainId (the
-- GrainId's string form), @ReminderName, @StartTime (UTC), @Period (milliseconds; an int or a
-- bigint), @GrainHash (the grain's uniform hash as a signed 32-bit int), @BeginHash/@EndHash (a
-- ring range, also signed) and @Version (the reminder's ETag). Result columns it reads by name:
-- GrainId, ReminderName, StartTime, Period, Version.
--
-- Ring ranges are half-open (BeginHash, EndHash]. The provider picks ReadRangeRows1Key when
-- BeginHash < EndHash as signed ints (a plain interval) and ReadRangeRows2Key otherwise (the range
-- wraps past the end of the signed ring; BeginHash = EndHash means the whole ring).
--
-- Idempotent: CREATE ... IF NOT EXISTS and INSERT ... ON CONFLICT DO UPDATE.

BEGIN;
SELECT pg_advisory_xact_lock(hashtext('cmcm-orleans-schema'));

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL,
    querytext text        NOT NULL,
    CONSTRAINT orleansquery_pk PRIMARY KEY (querykey)
);

CREATE TABLE IF NOT EXISTS orleans_reminder
(
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,
    period        bigint      NOT NULL,   -- milliseconds
    grain_hash    integer     NOT NULL,
    version       integer     NOT NULL,
    CONSTRAINT orleans_reminder_pk PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX IF NOT EXISTS orleans_reminder_service_hash_ix ON orleans_reminder (service_id, grain_hash);

INSERT INTO orleansquery (querykey, querytext) VALUES

-- Insert or replace; every upsert yields a new version (the reminder's ETag).
('UpsertReminderRowKey', $q$
INSERT INTO orleans_reminder AS r (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
   SET start_time = EXCLUDED.start_time,
       period     = EXCLUDED.period,
       grain_hash = EXCLUDED.grain_hash,
       version    = r.version + 1
RETURNING r.version AS "Version"
$q$),

('ReadReminderRowsKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period AS "Period", version AS "Version"
  FROM orleans_reminder
 WHERE service_id = @ServiceId AND grain_id = @GrainId
$q$),

('ReadReminderRowKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period AS "Period", version AS "Version"
  FROM orleans_reminder
 WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
$q$),

('ReadRangeRows1Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period AS "Period", version AS "Version"
  FROM orleans_reminder
 WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash
$q$),

('ReadRangeRows2Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period AS "Period", version AS "Version"
  FROM orleans_reminder
 WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)
$q$),

-- Deletes only the version the caller holds. Returns one boolean: deleted or not.
('DeleteReminderRowKey', $q$
WITH removed AS (
    DELETE FROM orleans_reminder
     WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
       AND version = @Version
    RETURNING 1
)
SELECT count(*) > 0 AS "Deleted" FROM removed
$q$),

('DeleteReminderRowsKey', $q$
DELETE FROM orleans_reminder WHERE service_id = @ServiceId
$q$)

ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

COMMIT;
