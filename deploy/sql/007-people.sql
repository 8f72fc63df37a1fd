-- CmcmActors: PostgreSQL schema, part 7 -- the people the front desk searches (names, national number).
--
--   cmcm_person  one row per member: the family that last wrote him or her, names, the 13-digit national
--                number, birth date, whether on the roster, and search_name: "surname given names" folded
--                by the host (lower case, accents removed), so that a search ignores case and accents
--                without a collation or extension. Written by the family grain after each change of its
--                roster or people (an upsert per family); the desk's GET /api/search reads it.
--
-- Personal data: this table is the only place outside the family's own state that holds names and national
-- numbers; nothing else (logs, metrics, pushes) carries them.
--
-- Name search is "contains every word" (LIKE '%word%'): a trigram index serves it when the pg_trgm extension
-- can be installed (it is part of PostgreSQL's contrib, and needs the right to create extensions); without
-- it the search scans the table's rows of the service (280,000 rows: tens of milliseconds).
--
-- 005-schema-version.sql records 7 and SchemaVersion.Expected was 7 with this file (8 since 008-idempotency.sql).
--
-- Idempotent: CREATE ... IF NOT EXISTS.

BEGIN;
SELECT pg_advisory_xact_lock(hashtext('cmcm-orleans-schema'));

CREATE TABLE IF NOT EXISTS cmcm_person
(
    service_id      text        NOT NULL,
    member_id       text        NOT NULL,
    family_id       text        NOT NULL,
    surname         text        NULL,
    given_names     text        NULL,
    national_number text        NULL,
    birth_date      date        NOT NULL,
    on_roster       boolean     NOT NULL,
    search_name     text        NOT NULL,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cmcm_person_pk PRIMARY KEY (service_id, member_id)
);

CREATE INDEX IF NOT EXISTS cmcm_person_family ON cmcm_person (service_id, family_id);
CREATE INDEX IF NOT EXISTS cmcm_person_national_number ON cmcm_person (service_id, national_number) WHERE national_number IS NOT NULL;

DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_trgm is not available: name search reads the rows of cmcm_person without a trigram index';
END
$$;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        CREATE INDEX IF NOT EXISTS cmcm_person_search_name_trgm ON cmcm_person USING gin (search_name gin_trgm_ops);
    END IF;
END
$$;

COMMIT;
