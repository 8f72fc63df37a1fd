-- CmcmActors: PostgreSQL schema, part 14 -- shadow runs and their reports, shared by every host.
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

COMMIT;
