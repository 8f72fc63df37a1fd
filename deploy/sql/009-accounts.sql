-- CmcmActors: PostgreSQL schema, part 9 -- members' bank accounts (four eyes) and partner providers.
--
--   cmcm_bank_account      one row per account ever asked for, never deleted: state 0 pending (waits for its second
--                          confirmation), 1 confirmed (in force from valid_from), 2 replaced (was in force from
--                          valid_from to valid_to), 3 refused. iban in electronic form. flagged_at is set when the bank
--                          rejected a payment to the account (flag_code: the ISO 20022 reason, e.g. AC04).
--                          Two partial unique indexes make the four-eyes steps atomic across hosts: at most one pending
--                          request and at most one account in force per member.
--   cmcm_partner_provider  hospitals and clinics paid directly (admin-managed); account_revision grows with each change
--                          of IBAN or BIC (a payment names PA-<provider>-<revision>).
--
-- 005-schema-version.sql and SchemaVersion.Expected must be bumped to 9 with this file.
--
-- Idempotent: CREATE ... IF NOT EXISTS.

BEGIN;
SELECT pg_advisory_xact_lock(hashtext('cmcm-orleans-schema'));

CREATE TABLE IF NOT EXISTS cmcm_bank_account
(
    service_id     text        NOT NULL,
    account_id     text        NOT NULL,
    family_id      text        NOT NULL,
    member_id      text        NOT NULL,
    iban           text        NOT NULL,
    bic            text        NULL,
    holder_name    text        NOT NULL,
    state          smallint    NOT NULL,
    requested_by   text        NOT NULL,
    requested_role smallint    NOT NULL,
    requested_at   timestamptz NOT NULL,
    decided_by     text        NULL,
    decided_at     timestamptz NULL,
    refusal_reason text        NULL,
    valid_from     timestamptz NULL,
    valid_to       timestamptz NULL,
    flag_code      text        NULL,
    flag_reason    text        NULL,
    flagged_at     timestamptz NULL,
    CONSTRAINT cmcm_bank_account_pk PRIMARY KEY (service_id, account_id),
    CONSTRAINT cmcm_bank_account_state CHECK (state BETWEEN 0 AND 3)
);

CREATE INDEX IF NOT EXISTS cmcm_bank_account_member ON cmcm_bank_account (service_id, member_id, requested_at);
CREATE UNIQUE INDEX IF NOT EXISTS cmcm_bank_account_one_pending ON cmcm_bank_account (service_id, member_id) WHERE state = 0;
CREATE UNIQUE INDEX IF NOT EXISTS cmcm_bank_account_one_in_force ON cmcm_bank_account (service_id, member_id) WHERE state = 1;
CREATE INDEX IF NOT EXISTS cmcm_bank_account_pending ON cmcm_bank_account (service_id, requested_at) WHERE state = 0;

CREATE TABLE IF NOT EXISTS cmcm_partner_provider
(
    service_id       text        NOT NULL,
    provider_id      text        NOT NULL,
    name             text        NOT NULL,
    country          text        NOT NULL,
    iban             text        NOT NULL,
    bic              text        NOT NULL,
    account_revision integer     NOT NULL,
    updated_by       text        NOT NULL,
    updated_at       timestamptz NOT NULL,
    flag_code        text        NULL,
    flag_reason      text        NULL,
    flagged_at       timestamptz NULL,
    CONSTRAINT cmcm_partner_provider_pk PRIMARY KEY (service_id, provider_id)
);

COMMIT;
