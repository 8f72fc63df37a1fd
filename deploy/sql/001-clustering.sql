-- CmcmActors: PostgreSQL schema, part 1 -- Orleans membership (UseAdoNetClustering).
--
-- Two tables:
--   orleans_membership_version  one row per cluster (DeploymentId = ClusterOptions.ClusterId); its
--                               integer version is the table's ETag and goes up by one on every
--                               membership change (insert or update of a silo row).
--   orleans_membership          one row per silo incarnation (address, port, generation).
-- Time columns are timestamptz: the provider passes UTC DateTime values and Npgsql 6+ maps those
-- to timestamptz only (a timestamp-without-time-zone column would reject or shift them).
--
-- Parameters the provider binds (names are fixed by its C#): @DeploymentId, @Address, @Port,
-- @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime,
-- @SuspectTimes, @Version. Result columns it reads by name: Version, Address, Port, Generation,
-- SiloName, HostName, Status, ProxyPort, SuspectTimes, StartTime, IAmAliveTime.
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

CREATE TABLE IF NOT EXISTS orleans_membership_version
(
    deployment_id varchar(150) NOT NULL,
    version       integer      NOT NULL DEFAULT 0,
    changed_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT orleans_membership_version_pk PRIMARY KEY (deployment_id)
);

CREATE TABLE IF NOT EXISTS orleans_membership
(
    deployment_id   varchar(150) NOT NULL,
    address         varchar(45)  NOT NULL,
    port            integer      NOT NULL,
    generation      integer      NOT NULL,
    silo_name       text         NOT NULL,
    host_name       text         NOT NULL,
    status          integer      NOT NULL,
    proxy_port      integer      NULL,
    suspect_times   text         NULL,
    start_time      timestamptz  NOT NULL,
    i_am_alive_time timestamptz  NOT NULL,
    CONSTRAINT orleans_membership_pk PRIMARY KEY (deployment_id, address, port, generation)
);

INSERT INTO orleansquery (querykey, querytext) VALUES

-- Creates the version row of a cluster if it is missing. Returns one boolean: inserted or not.
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO orleans_membership_version (deployment_id, version, changed_at)
    VALUES (@DeploymentId, 0, now())
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1
)
SELECT count(*) > 0 AS "Inserted" FROM created
$q$),

-- Adds a silo row, but only while the table version is still the one the silo read (@Version)
-- and the silo is not there yet; the version goes up by one in the same statement. The version
-- row's lock serialises concurrent membership changes. Returns one boolean.
('InsertMembershipKey', $q$
WITH bumped AS (
    UPDATE orleans_membership_version
       SET version = version + 1, changed_at = now()
     WHERE deployment_id = @DeploymentId
       AND version = @Version
       AND NOT EXISTS (SELECT 1 FROM orleans_membership m
                        WHERE m.deployment_id = @DeploymentId AND m.address = @Address
                          AND m.port = @Port AND m.generation = @Generation)
    RETURNING deployment_id
), added AS (
    INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name,
                                    status, proxy_port, suspect_times, start_time, i_am_alive_time)
    SELECT b.deployment_id, @Address, @Port, @Generation, coalesce(@SiloName, ''), coalesce(@HostName, ''),
           @Status, @ProxyPort, NULL, @StartTime, @IAmAliveTime
      FROM bumped b
    ON CONFLICT (deployment_id, address, port, generation) DO NOTHING
    RETURNING 1
)
SELECT count(*) > 0 AS "Inserted" FROM added
$q$),

-- Changes a silo row (status, suspicions, heartbeat) under the same version check. Returns one boolean.
('UpdateMembershipKey', $q$
WITH bumped AS (
    UPDATE orleans_membership_version
       SET version = version + 1, changed_at = now()
     WHERE deployment_id = @DeploymentId
       AND version = @Version
       AND EXISTS (SELECT 1 FROM orleans_membership m
                    WHERE m.deployment_id = @DeploymentId AND m.address = @Address
                      AND m.port = @Port AND m.generation = @Generation)
    RETURNING deployment_id
), changed AS (
    UPDATE orleans_membership m
       SET status = @Status, suspect_times = @SuspectTimes, i_am_alive_time = @IAmAliveTime
      FROM bumped b
     WHERE m.deployment_id = b.deployment_id AND m.address = @Address
       AND m.port = @Port AND m.generation = @Generation
    RETURNING 1
)
SELECT count(*) > 0 AS "Updated" FROM changed
$q$),

-- Heartbeat: no version change (other silos must not see a conflict for a heartbeat).
('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_membership
   SET i_am_alive_time = @IAmAliveTime
 WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$q$),

-- One silo's row plus the table version. Always yields the version row (LEFT JOIN): the provider
-- takes the table version from the first row even when the silo is absent.
('MembershipReadRowKey', $q$
SELECT v.version          AS "Version",
       m.address          AS "Address",
       m.port             AS "Port",
       m.generation       AS "Generation",
       m.silo_name        AS "SiloName",
       m.host_name        AS "HostName",
       m.status           AS "Status",
       m.proxy_port       AS "ProxyPort",
       m.suspect_times    AS "SuspectTimes",
       m.start_time       AS "StartTime",
       m.i_am_alive_time  AS "IAmAliveTime"
  FROM orleans_membership_version v
  LEFT JOIN orleans_membership m
         ON m.deployment_id = v.deployment_id
        AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
 WHERE v.deployment_id = @DeploymentId
$q$),

-- Every silo row of the cluster plus the table version (same shape as above).
('MembershipReadAllKey', $q$
SELECT v.version          AS "Version",
       m.address          AS "Address",
       m.port             AS "Port",
       m.generation       AS "Generation",
       m.silo_name        AS "SiloName",
       m.host_name        AS "HostName",
       m.status           AS "Status",
       m.proxy_port       AS "ProxyPort",
       m.suspect_times    AS "SuspectTimes",
       m.start_time       AS "StartTime",
       m.i_am_alive_time  AS "IAmAliveTime"
  FROM orleans_membership_version v
  LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
 WHERE v.deployment_id = @DeploymentId
$q$),

-- Gateways for clients: silos in @Status (Active = 3) with a gateway port.
('GatewaysQueryKey', $q$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
  FROM orleans_membership
 WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0
$q$),

-- Drops a whole cluster's membership (rows and version).
('DeleteMembershipTableEntriesKey', $q$
WITH silos AS (
    DELETE FROM orleans_membership WHERE deployment_id = @DeploymentId
)
DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId
$q$),

-- Required by the 10.x provider (it refuses to start without it). @IAmAliveTime is the cutoff
-- (now - DefunctSiloExpiration). Only silos declared Dead (status 6) whose start and last
-- heartbeat both precede the cutoff are removed; live or suspected rows are never touched.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_membership
 WHERE deployment_id = @DeploymentId
   AND status = 6
   AND i_am_alive_time < @IAmAliveTime
   AND start_time < @IAmAliveTime
$q$)

ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;

COMMIT;
