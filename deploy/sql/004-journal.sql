-- CmcmActors: PostgreSQL schema, part 4 -- the members' journal (the claim path's own storage).
--
-- A member's batch writes only what it changed: its head row (version, family, statutory cover,
-- counters: a few hundred bytes), one row per accumulator it moved, one row per claim it decided or
-- changed. Nothing is proportional to the member's history. One silo commits the batches of many
-- members in one transaction (group commit).
--
--   cmcm_member       one row per member; version strictly increases, a write names the version it
--                     read (optimistic check: a second activation can never write over the first).
--   cmcm_accumulator  one row per member-scoped running total (key = AccumulatorKey text);
--                     a total back to zero deletes its row.
--   cmcm_claim        one row per claim, keyed by claim id (member/invoice): the exactly-once record.
--                     status is the ClaimStatus number (5 = pended); the front desk's queue of pended
--                     claims is a query over this table, so it can never drift from the claims.
--
-- Upgrade from the previous layout (member state as one JSON row in orleans_grain_state, older claims
-- in member-archive rows): nothing to run here. A member without a cmcm_member row reads its old state
-- when it activates, appends it to these tables and clears the old row (MemberGrain, LegacyMemberState).
--
-- Rows hold JSON as text, not jsonb: nothing queries inside them, and parsing ~2 KB of jsonb for every claim
-- cost PostgreSQL more CPU than the host spent deciding the claim (measured with ../shared/bench/compare.sh).
--
-- Idempotent: CREATE ... IF NOT EXISTS.

BEGIN;
SELECT pg_advisory_xact_lock(hashtext('cmcm-orleans-schema'));

CREATE TABLE IF NOT EXISTS cmcm_member
(
    service_id  text        NOT NULL,
    member_id   text        NOT NULL,
    version     bigint      NOT NULL,
    family_id   text        NULL,
    head        text        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cmcm_member_pk PRIMARY KEY (service_id, member_id)
) WITH (fillfactor = 80);

CREATE TABLE IF NOT EXISTS cmcm_accumulator
(
    service_id  text   NOT NULL,
    member_id   text   NOT NULL,
    key         text   NOT NULL,
    total       text   NOT NULL,
    CONSTRAINT cmcm_accumulator_pk PRIMARY KEY (service_id, member_id, key)
) WITH (fillfactor = 80);

CREATE TABLE IF NOT EXISTS cmcm_claim
(
    service_id  text        NOT NULL,
    claim_id    text        NOT NULL,
    member_id   text        NOT NULL,
    family_id   text        NOT NULL,
    status      smallint    NOT NULL,
    version     bigint      NOT NULL,
    received_at timestamptz NOT NULL,
    changed_at  timestamptz NOT NULL,
    body        text        NOT NULL,
    CONSTRAINT cmcm_claim_pk PRIMARY KEY (service_id, claim_id)
);

-- A member's claims page by page in the order received; the queue of pended claims page by page, oldest first.
CREATE INDEX IF NOT EXISTS cmcm_claim_member_received_ix ON cmcm_claim (service_id, member_id, received_at, claim_id);
CREATE INDEX IF NOT EXISTS cmcm_claim_pended_ix ON cmcm_claim (service_id, changed_at, claim_id) WHERE status = 5;

COMMIT;
