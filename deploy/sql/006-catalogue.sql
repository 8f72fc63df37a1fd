-- CmcmActors: PostgreSQL schema, part 6 -- reference data changed at run time: catalogue editions and processing times.
--
--   cmcm_catalogue_draft    draft editions uploaded by an admin (JSON validated on upload); published_from is set
--                           once, when the draft is published.
--   cmcm_catalogue_edition  editions published over the built-in ones, one per effective date. Rows are only ever
--                           added: an edition in force is never changed, only superseded by a later one (a trigger
--                           refuses UPDATE and DELETE).
--   cmcm_processing_time    one row per service: the expected weeks by department and channel (JSON), with a
--                           revision that only rises.
-- Only the catalogue registry grain writes editions and processing times; every silo holds a copy in memory, so the
-- claim path never reads these tables.
--
-- Also: an index over cmcm_claim by family and time received, for shadow runs over the stored claims of a period.
--
-- Idempotent: CREATE ... IF NOT EXISTS, CREATE OR REPLACE.

BEGIN;
SELECT pg_advisory_xact_lock(hashtext('cmcm-orleans-schema'));

CREATE TABLE IF NOT EXISTS cmcm_catalogue_draft
(
    service_id     text        NOT NULL,
    draft_id       text        NOT NULL,
    edition        text        NOT NULL,
    effective_from date        NOT NULL,
    benefit_count  integer     NOT NULL,
    body           text        NOT NULL,
    uploaded_at    timestamptz NOT NULL,
    uploaded_by    text        NOT NULL,
    published_from date        NULL,
    CONSTRAINT cmcm_catalogue_draft_pk PRIMARY KEY (service_id, draft_id)
);

CREATE TABLE IF NOT EXISTS cmcm_catalogue_edition
(
    service_id     text        NOT NULL,
    edition        text        NOT NULL,
    effective_from date        NOT NULL,
    body           text        NOT NULL,
    published_at   timestamptz NOT NULL,
    published_by   text        NOT NULL,
    draft_id       text        NOT NULL,
    CONSTRAINT cmcm_catalogue_edition_pk PRIMARY KEY (service_id, effective_from),
    CONSTRAINT cmcm_catalogue_edition_name_uq UNIQUE (service_id, edition)
);

CREATE OR REPLACE FUNCTION cmcm_catalogue_edition_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a published catalogue edition is never changed, only superseded (edition %)', OLD.edition;
END;
$$;

DROP TRIGGER IF EXISTS cmcm_catalogue_edition_immutable_tr ON cmcm_catalogue_edition;
CREATE TRIGGER cmcm_catalogue_edition_immutable_tr BEFORE UPDATE OR DELETE ON cmcm_catalogue_edition
    FOR EACH ROW EXECUTE FUNCTION cmcm_catalogue_edition_immutable();

CREATE TABLE IF NOT EXISTS cmcm_processing_time
(
    service_id  text        NOT NULL,
    revision    bigint      NOT NULL,
    body        text        NOT NULL,
    updated_at  timestamptz NOT NULL,
    updated_by  text        NOT NULL,
    CONSTRAINT cmcm_processing_time_pk PRIMARY KEY (service_id)
);

CREATE INDEX IF NOT EXISTS cmcm_claim_family_received_ix ON cmcm_claim (service_id, family_id, received_at, claim_id);

COMMIT;
