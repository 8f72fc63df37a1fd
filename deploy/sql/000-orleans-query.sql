-- CmcmActors: PostgreSQL schema, part 0 -- the query table read by the Orleans ADO.NET providers.
--
-- Every provider (clustering, persistence, reminders) runs
--     SELECT QueryKey, QueryText FROM OrleansQuery
-- once at start-up and then only executes the texts stored here. The identifier is unquoted in the
-- provider's C#, so PostgreSQL folds it to lower case: the table is orleansquery (querykey, querytext).
--
-- Idempotent: safe to apply any number of times, also concurrently (advisory lock).

BEGIN;
SELECT pg_advisory_xact_lock(hashtext('cmcm-orleans-schema'));

CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL,
    querytext text        NOT NULL,
    CONSTRAINT orleansquery_pk PRIMARY KEY (querykey)
);

COMMIT;
