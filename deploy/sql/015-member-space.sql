-- CmcmActors: PostgreSQL schema, part 15 -- the member's space: feedback after care and e-mail notice choices.
--
--   cmcm_feedback         one row per claim: the member's score (1 to 5) and optional text after care, the claim's
--                         benefit codes and when it was given. The primary key is what lets one feedback per claim
--                         through when several arrive at once (INSERT ... ON CONFLICT DO NOTHING). The staff report
--                         reads a range of given_at (index cmcm_feedback_given).
--   cmcm_notice_choice    one row per member who asked for e-mail notices: the address and the language. Deleted
--                         when the member stops them. Personal data: the address is never logged.
--
-- Statements and tax certificates are not stored: they are made from the claims when asked for.
--
-- 005-schema-version.sql and SchemaVersion.Expected must be raised to include this file (not done on this branch).
--
-- Idempotent: CREATE ... IF NOT EXISTS.

BEGIN;
SELECT pg_advisory_xact_lock(hashtext('cmcm-orleans-schema'));

CREATE TABLE IF NOT EXISTS cmcm_feedback
(
    service_id    text        NOT NULL,
    claim_id      text        NOT NULL,
    family_id     text        NOT NULL,
    member_id     text        NOT NULL,
    score         smallint    NOT NULL CHECK (score BETWEEN 1 AND 5),
    text          text        NULL CHECK (text IS NULL OR length(text) <= 1000),
    benefit_codes text[]      NOT NULL,
    given_at      timestamptz NOT NULL,
    CONSTRAINT cmcm_feedback_pk PRIMARY KEY (service_id, claim_id)
);

CREATE INDEX IF NOT EXISTS cmcm_feedback_given ON cmcm_feedback (service_id, given_at);

CREATE TABLE IF NOT EXISTS cmcm_notice_choice
(
    service_id text        NOT NULL,
    member_id  text        NOT NULL,
    family_id  text        NOT NULL,
    email      text        NOT NULL,
    language   text        NOT NULL CHECK (language IN ('fr', 'de', 'en')),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cmcm_notice_choice_pk PRIMARY KEY (service_id, member_id)
);

COMMIT;
