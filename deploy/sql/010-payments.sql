-- CmcmActors: PostgreSQL schema, part 10 -- what is owed, payment runs, their SEPA files and the bank's returns.
--
--   cmcm_payable         one row per claim version that changed what a claim pays (signed cents), written by the
--                        members' journal in the same transaction as the claim (004-journal.sql): what is owed can
--                        never drift from the decisions. payment_id is null while the amount is due; a run assigns
--                        each row to at most one payment (UPDATE ... WHERE payment_id IS NULL). A payment the bank
--                        returned (or a second officer refused) sets its rows back to null, with the reason kept.
--   cmcm_payment_run     one row per cut-off date (the run id is derived from it): a run started twice, or by two
--                        hosts at once, is one run. lease_* say which host processes it now; a host that died leaves
--                        the lease to expire and the run is taken up again where it stopped.
--   cmcm_payment         one row per holder in a run (unique): the transfer, the account it went to, its state.
--   cmcm_payment_file    the run's pain.001 file, byte for byte as written.
--   cmcm_payment_return  each imported pain.002 report (by its message id): importing one twice changes nothing.
--
-- Idempotent: CREATE ... IF NOT EXISTS.

BEGIN;
SELECT pg_advisory_xact_lock(hashtext('cmcm-orleans-schema'));

CREATE TABLE IF NOT EXISTS cmcm_payable
(
    service_id     text        NOT NULL,
    claim_id       text        NOT NULL,
    claim_version  bigint      NOT NULL,
    member_id      text        NOT NULL,
    family_id      text        NOT NULL,
    payee          text        NOT NULL,
    amount_cents   bigint      NOT NULL,
    at             timestamptz NOT NULL,
    payment_id     text        NULL,
    returned_from  text        NULL,
    return_reason  text        NULL,
    CONSTRAINT cmcm_payable_pk PRIMARY KEY (service_id, claim_id, claim_version)
) WITH (fillfactor = 80);

-- What is due, payee by payee (runs, recovery); what a payment holds; a member's claims' payment states.
CREATE INDEX IF NOT EXISTS cmcm_payable_due_ix ON cmcm_payable (service_id, payee) WHERE payment_id IS NULL;
CREATE INDEX IF NOT EXISTS cmcm_payable_payment_ix ON cmcm_payable (service_id, payment_id) WHERE payment_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS cmcm_payable_member_ix ON cmcm_payable (service_id, member_id);

CREATE TABLE IF NOT EXISTS cmcm_payment_run
(
    service_id   text        NOT NULL,
    run_id       text        NOT NULL,
    cut_off      date        NOT NULL,
    started_by   text        NOT NULL,
    started_at   timestamptz NOT NULL,
    status       smallint    NOT NULL,
    lease_owner  text        NULL,
    lease_until  timestamptz NULL,
    changed_at   timestamptz NOT NULL,
    CONSTRAINT cmcm_payment_run_pk PRIMARY KEY (service_id, run_id),
    CONSTRAINT cmcm_payment_run_cut_off_uq UNIQUE (service_id, cut_off)
);

CREATE TABLE IF NOT EXISTS cmcm_payment
(
    service_id     text        NOT NULL,
    payment_id     text        NOT NULL,
    run_id         text        NOT NULL,
    holder         text        NOT NULL,
    holder_name    text        NOT NULL,
    account_id     text        NOT NULL,
    iban           text        NOT NULL,
    bic            text        NULL,
    amount_cents   bigint      NOT NULL CHECK (amount_cents > 0),
    payables       integer     NOT NULL,
    remittance     text        NOT NULL,
    status         smallint    NOT NULL,
    decided_by     text        NULL,
    paid_on        date        NULL,
    return_code    text        NULL,
    return_reason  text        NULL,
    created_at     timestamptz NOT NULL,
    changed_at     timestamptz NOT NULL,
    CONSTRAINT cmcm_payment_pk PRIMARY KEY (service_id, payment_id),
    CONSTRAINT cmcm_payment_holder_uq UNIQUE (service_id, run_id, holder)
);

CREATE INDEX IF NOT EXISTS cmcm_payment_run_ix ON cmcm_payment (service_id, run_id, payment_id);

CREATE TABLE IF NOT EXISTS cmcm_payment_file
(
    service_id  text        NOT NULL,
    run_id      text        NOT NULL,
    content     bytea       NOT NULL,
    stored_at   timestamptz NOT NULL,
    CONSTRAINT cmcm_payment_file_pk PRIMARY KEY (service_id, run_id)
);

CREATE TABLE IF NOT EXISTS cmcm_payment_return
(
    service_id    text        NOT NULL,
    message_id    text        NOT NULL,
    run_id        text        NOT NULL,
    imported_by   text        NOT NULL,
    imported_at   timestamptz NOT NULL,
    transactions  integer     NOT NULL,
    CONSTRAINT cmcm_payment_return_pk PRIMARY KEY (service_id, message_id)
);

COMMIT;
