-- CmcmActors: PostgreSQL schema, part 12 -- the files members and staff send (photos and PDFs of invoices, the
-- statutory fund's statements, school certificates, proofs of household).
--
--   cmcm_document_content  one row per distinct content: its SHA-256 (hex) and the bytes as stored (photos
--                          re-encoded without their metadata). The same bytes sent twice are stored once.
--                          Stored out of line and not compressed (JPEG, PNG and PDF are compressed already).
--   cmcm_document          one row per file a member or a member's claim holds: whose (family, member, claim or
--                          none), what the sender says it is (type), the file name, content type and size, who sent
--                          it and when, and, once staff confirmed it, which required document it is and who
--                          confirmed it when. A member's or a claim's same content is one row (a retried upload).
--
-- Written by the host's PostgresDocumentStore: an upload is one transaction (every file or none), under an
-- advisory lock per owner so that the limit of files per claim holds under concurrent uploads.
-- Personal data: file names and contents are health data; nothing of them is logged.
--
-- 005-schema-version.sql and SchemaVersion.Expected need raising to include this file (not done here: the
-- coordinator numbers the files of the member-space work together).
--
-- Idempotent: CREATE ... IF NOT EXISTS.

BEGIN;
SELECT pg_advisory_xact_lock(hashtext('cmcm-orleans-schema'));

CREATE TABLE IF NOT EXISTS cmcm_document_content
(
    service_id  text        NOT NULL,
    sha256      text        NOT NULL,
    content     bytea       NOT NULL,
    size        bigint      NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cmcm_document_content_pk PRIMARY KEY (service_id, sha256)
);

ALTER TABLE cmcm_document_content ALTER COLUMN content SET STORAGE EXTERNAL;

CREATE TABLE IF NOT EXISTS cmcm_document
(
    service_id    text        NOT NULL,
    document_id   text        NOT NULL,
    sha256        text        NOT NULL,
    family_id     text        NOT NULL,
    member_id     text        NOT NULL,
    claim_id      text        NULL,
    type          text        NOT NULL,
    file_name     text        NOT NULL,
    content_type  text        NOT NULL,
    size          bigint      NOT NULL,
    sent_by       text        NOT NULL,
    sent_by_staff boolean     NOT NULL,
    sent_at       timestamptz NOT NULL,
    confirmed_as  text        NULL,
    confirmed_by  text        NULL,
    confirmed_at  timestamptz NULL,
    seq           bigint      GENERATED ALWAYS AS IDENTITY,
    CONSTRAINT cmcm_document_pk PRIMARY KEY (service_id, document_id),
    CONSTRAINT cmcm_document_content_fk FOREIGN KEY (service_id, sha256) REFERENCES cmcm_document_content (service_id, sha256)
);

CREATE UNIQUE INDEX IF NOT EXISTS cmcm_document_once ON cmcm_document (service_id, member_id, (coalesce(claim_id, '')), sha256);
CREATE INDEX IF NOT EXISTS cmcm_document_claim ON cmcm_document (service_id, claim_id, seq) WHERE claim_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS cmcm_document_member ON cmcm_document (service_id, member_id, seq) WHERE claim_id IS NULL;

COMMIT;
