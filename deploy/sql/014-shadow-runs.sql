-- CmcmActors: PostgreSQL schema, part 14 -- shadow runs and their reports, shared by every host; claim columns for
-- lists and shadow runs; catalogue editions withdrawn before they are in force (the second transaction, at the end).
--
--   cmcm_shadow_run        one row per shadow run: what it runs (draft, period), its status (running, completed,
--                          cancelled, failed), its progress, the host running it (owner) and that host's last
--                          heartbeat. A run whose heartbeat is older than the lease is marked failed by any host
--                          (the host that ran it stopped), so a run is never left "running". cancel_requested is how
--                          another host asks the owner to stop. The totals of a finished run, per benefit and tier,
--                          are a small JSON text.
--   cmcm_shadow_run_claim  the report of a completed run, one row per claim judged (written with binary COPY in the
--                          transaction that completes the run), deleted with its run.
-- Only the newest finished runs are kept (the host deletes older ones when it starts a run).
--
-- Also, on cmcm_claim, what claim lists and shadow runs select by, written by the journal with each claim row:
--   received_on  the claim's own date of receipt (a postal claim entered today may have been received last month);
--                shadow runs select and order by it (index cmcm_claim_received_on_ix).
--   care_years   the distinct years of care of its lines (the lines held true, after corrections).
--   benefits     the distinct benefit codes of its lines.
-- The desk's claim lists filter a family's or a member's claims by these, by status and by a piece of the invoice
-- reference, walking cmcm_claim_family_received_ix or cmcm_claim_member_received_ix (one family's claims: no index
-- over the whole table is needed). Rows written before this file are filled from their JSON once (the UPDATE below
-- finds them through the small partial index cmcm_claim_unlisted_ix, so applying this file again costs nothing).
--
-- Idempotent: CREATE ... IF NOT EXISTS.

BEGIN;
SELECT pg_advisory_xact_lock(hashtext('cmcm-orleans-schema'));

CREATE TABLE IF NOT EXISTS cmcm_shadow_run
(
    service_id       text          NOT NULL,
    run_id           text          NOT NULL,
    draft_id         text          NOT NULL,
    edition          text          NOT NULL,
    period_from      date          NOT NULL,
    period_to        date          NOT NULL,
    status           text          NOT NULL,
    done             integer       NOT NULL DEFAULT 0,
    total            integer       NOT NULL DEFAULT 0,
    started_at       timestamptz   NOT NULL,
    started_by       text          NOT NULL,
    owner            text          NOT NULL,
    heartbeat_at     timestamptz   NOT NULL,
    cancel_requested boolean       NOT NULL DEFAULT false,
    finished_at      timestamptz   NULL,
    error            text          NULL,
    claims           integer       NULL,
    judged           integer       NULL,
    skipped          integer       NULL,
    changed          integer       NULL,
    paid_before      numeric(16,2) NULL,
    paid_after       numeric(16,2) NULL,
    totals           text          NULL,
    CONSTRAINT cmcm_shadow_run_pk PRIMARY KEY (service_id, run_id),
    CONSTRAINT cmcm_shadow_run_status_ck CHECK (status IN ('running', 'completed', 'cancelled', 'failed'))
);

CREATE INDEX IF NOT EXISTS cmcm_shadow_run_started_ix ON cmcm_shadow_run (service_id, started_at DESC, run_id);
CREATE INDEX IF NOT EXISTS cmcm_shadow_run_running_ix ON cmcm_shadow_run (service_id, heartbeat_at) WHERE status = 'running';

CREATE TABLE IF NOT EXISTS cmcm_shadow_run_claim
(
    service_id     text          NOT NULL,
    run_id         text          NOT NULL,
    seq            integer       NOT NULL,
    claim_id       text          NOT NULL,
    member_id      text          NOT NULL,
    family_id      text          NOT NULL,
    received_on    date          NOT NULL,
    editions       text          NOT NULL, -- JSON array: the editions the stored decision names
    outcome_before text          NOT NULL,
    outcome_after  text          NOT NULL,
    rc_before      numeric(14,2) NOT NULL,
    assist_before  numeric(14,2) NOT NULL,
    pp_before      numeric(14,2) NOT NULL,
    do_before      numeric(14,2) NOT NULL,
    rc_after       numeric(14,2) NOT NULL,
    assist_after   numeric(14,2) NOT NULL,
    pp_after       numeric(14,2) NOT NULL,
    do_after       numeric(14,2) NOT NULL,
    CONSTRAINT cmcm_shadow_run_claim_pk PRIMARY KEY (service_id, run_id, seq),
    CONSTRAINT cmcm_shadow_run_claim_run_fk FOREIGN KEY (service_id, run_id)
        REFERENCES cmcm_shadow_run (service_id, run_id) ON DELETE CASCADE
);

ALTER TABLE cmcm_claim ADD COLUMN IF NOT EXISTS received_on date NULL;
ALTER TABLE cmcm_claim ADD COLUMN IF NOT EXISTS care_years smallint[] NULL;
ALTER TABLE cmcm_claim ADD COLUMN IF NOT EXISTS benefits text[] NULL;
CREATE INDEX IF NOT EXISTS cmcm_claim_unlisted_ix ON cmcm_claim (service_id) WHERE received_on IS NULL;

UPDATE cmcm_claim c
SET received_on = (s.j #>> '{Record,Submission,ReceivedOn}')::date,
    care_years  = ARRAY(SELECT DISTINCT substr(l ->> 'DateOfCare', 1, 4)::smallint FROM jsonb_array_elements(s.lines) l ORDER BY 1),
    benefits    = ARRAY(SELECT DISTINCT l ->> 'BenefitCode' FROM jsonb_array_elements(s.lines) l ORDER BY 1)
FROM (SELECT service_id, claim_id, j,
             CASE WHEN jsonb_typeof(j #> '{Record,Lines}') = 'array' THEN j #> '{Record,Lines}' ELSE j #> '{Record,Submission,Lines}' END AS lines
      FROM (SELECT service_id, claim_id, body::jsonb AS j FROM cmcm_claim WHERE received_on IS NULL) u) s
WHERE c.received_on IS NULL AND c.service_id = s.service_id AND c.claim_id = s.claim_id;

CREATE INDEX IF NOT EXISTS cmcm_claim_received_on_ix ON cmcm_claim (service_id, received_on, family_id);

-- A row written without these columns (a tool writing cmcm_claim straight, an older host during a rolling update) gets
-- them from its JSON; the journal writes them itself, so the trigger's WHEN keeps the claim path from paying for it.
CREATE OR REPLACE FUNCTION cmcm_claim_listing_fill() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    j     jsonb := NEW.body::jsonb;
    lines jsonb;
BEGIN
    lines := CASE WHEN jsonb_typeof(j #> '{Record,Lines}') = 'array' THEN j #> '{Record,Lines}' ELSE j #> '{Record,Submission,Lines}' END;
    NEW.received_on := (j #>> '{Record,Submission,ReceivedOn}')::date;
    NEW.care_years := ARRAY(SELECT DISTINCT substr(l ->> 'DateOfCare', 1, 4)::smallint FROM jsonb_array_elements(lines) l ORDER BY 1);
    NEW.benefits := ARRAY(SELECT DISTINCT l ->> 'BenefitCode' FROM jsonb_array_elements(lines) l ORDER BY 1);
    RETURN NEW;
END;
$$;

DROP TRIGGER IF EXISTS cmcm_claim_listing_fill_tr ON cmcm_claim;
CREATE TRIGGER cmcm_claim_listing_fill_tr BEFORE INSERT OR UPDATE ON cmcm_claim
    FOR EACH ROW WHEN (NEW.received_on IS NULL) EXECUTE FUNCTION cmcm_claim_listing_fill();

COMMIT;

-- CmcmActors: the catalogue at go-live -- an edition published for a far-future date by mistake (9999-12-31, 2207 for
-- 2027) can be withdrawn while it is not yet in force. cmcm_catalogue_edition stays append-only but for that one change:
-- withdrawn_at, withdrawn_by and withdrawal_reason are set once, on an edition whose date is after today (Luxembourg),
-- and nothing else of the row changes (the trigger below). A withdrawn edition stays, for the record; its date and
-- name are free again (the unique indexes count only editions in use).

BEGIN;
SELECT pg_advisory_xact_lock(hashtext('cmcm-orleans-schema'));

ALTER TABLE cmcm_catalogue_edition ADD COLUMN IF NOT EXISTS withdrawn_at timestamptz NULL;
ALTER TABLE cmcm_catalogue_edition ADD COLUMN IF NOT EXISTS withdrawn_by text NULL;
ALTER TABLE cmcm_catalogue_edition ADD COLUMN IF NOT EXISTS withdrawal_reason text NULL;

ALTER TABLE cmcm_catalogue_edition DROP CONSTRAINT IF EXISTS cmcm_catalogue_edition_pk;
ALTER TABLE cmcm_catalogue_edition DROP CONSTRAINT IF EXISTS cmcm_catalogue_edition_name_uq;
CREATE UNIQUE INDEX IF NOT EXISTS cmcm_catalogue_edition_date_ux ON cmcm_catalogue_edition (service_id, effective_from) WHERE withdrawn_at IS NULL;
CREATE UNIQUE INDEX IF NOT EXISTS cmcm_catalogue_edition_name_ux ON cmcm_catalogue_edition (service_id, lower(edition)) WHERE withdrawn_at IS NULL;

CREATE OR REPLACE FUNCTION cmcm_catalogue_edition_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.withdrawn_at IS NULL AND NEW.withdrawn_at IS NOT NULL
       AND NEW.withdrawn_by IS NOT NULL AND NEW.withdrawal_reason IS NOT NULL
       AND OLD.effective_from > (now() AT TIME ZONE 'Europe/Luxembourg')::date
       AND (NEW.service_id, NEW.edition, NEW.effective_from, NEW.body, NEW.published_at, NEW.published_by, NEW.draft_id)
           IS NOT DISTINCT FROM (OLD.service_id, OLD.edition, OLD.effective_from, OLD.body, OLD.published_at, OLD.published_by, OLD.draft_id) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'a published catalogue edition is never changed, only superseded or withdrawn before it is in force (edition %)', OLD.edition;
END;
$$;

COMMIT;
