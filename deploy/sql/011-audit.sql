-- CmcmActors: PostgreSQL schema, part 11 -- the audit trail and the log of staff reads of health data.
--
--   cmcm_audit     one row per act that is not a claim (family commands, people, catalogue publications):
--                  who (token subject and role), when, what (action code and words), on which family, member
--                  and claim, and the request's trace id. Copied from the family's own outbox, written in the
--                  same state write as the change, by entry id: a copy made twice keeps one row. A claim's
--                  acts are not here: they stay in the claim's journal row (cmcm_claim), written in the same
--                  append as the claim, and the trail reader merges both.
--   cmcm_read_log  one row per read of a member's health data by staff (claim, decision, documents, history,
--                  caps, FHIR): who, when, which member, which route. Written in batches (at most one second
--                  late; what a crash can lose: docs/audit.md).
--
-- Ids compare byte by byte (COLLATE "C") so that pages cut in PostgreSQL and in memory agree.
--
-- Needs the schema version bumped in 005-schema-version.sql and SchemaVersion.Expected (left to the merge).
--
-- Idempotent: CREATE ... IF NOT EXISTS.

BEGIN;
SELECT pg_advisory_xact_lock(hashtext('cmcm-orleans-schema'));

CREATE TABLE IF NOT EXISTS cmcm_audit
(
    service_id  text        NOT NULL,
    entry_id    text        COLLATE "C" NOT NULL,
    at          timestamptz NOT NULL,
    family_id   text        NOT NULL,
    member_id   text        NULL,
    claim_id    text        NULL,
    subject     text        NULL,
    role        text        NULL,
    trace_id    text        NULL,
    action      text        NOT NULL,
    detail      text        NOT NULL,
    CONSTRAINT cmcm_audit_pk PRIMARY KEY (service_id, entry_id)
);

-- A family's and a member's trail, newest first, page by page.
CREATE INDEX IF NOT EXISTS cmcm_audit_family_ix ON cmcm_audit (service_id, family_id, at DESC, entry_id DESC);
CREATE INDEX IF NOT EXISTS cmcm_audit_member_ix ON cmcm_audit (service_id, member_id, at DESC, entry_id DESC) WHERE member_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS cmcm_read_log
(
    service_id  text        NOT NULL,
    read_id     text        COLLATE "C" NOT NULL,
    at          timestamptz NOT NULL,
    subject     text        NOT NULL,
    role        text        NOT NULL,
    member_id   text        NULL,
    family_id   text        NULL,
    route       text        NOT NULL,
    trace_id    text        NULL,
    CONSTRAINT cmcm_read_log_pk PRIMARY KEY (service_id, read_id)
);

-- The admin's lists: all reads, a member's, a staff user's, newest first.
CREATE INDEX IF NOT EXISTS cmcm_read_log_at_ix ON cmcm_read_log (service_id, at DESC, read_id DESC);
CREATE INDEX IF NOT EXISTS cmcm_read_log_member_ix ON cmcm_read_log (service_id, member_id, at DESC, read_id DESC) WHERE member_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS cmcm_read_log_subject_ix ON cmcm_read_log (service_id, subject, at DESC, read_id DESC);

COMMIT;
