// Bank accounts at the desk, with four eyes: where each member's payments go (the IBAN masked in the summary, whole in
// the history for staff), each account's state (confirmed, waiting for a second confirmation, rejected by the bank), a
// form to ask for a new account, and the buttons to confirm or refuse a request that someone else asked for. The rules
// are the server's: a request of one's own shows no confirm button because the server says canConfirm=false.
import { h, replace } from './dom.js';
import { get, post } from './api.js';
import { t, date } from './i18n.js';
import { field, clearErrors, showApiError, errorText } from './fields.js';

const path = (...parts) => parts.map(encodeURIComponent).join('/');
const accountsPath = (familyId, memberId) => `/api/families/${path(familyId)}/members/${path(memberId)}/bank-accounts`;
const states = { pending: 's-pended', confirmed: 's-approved', replaced: 's-received', refused: 's-refused' };

/** The state of an account in words, with the bank's rejection when there is one. */
export function accountState(account) {
    if (account.flaggedAt) {
        return h('span', { class: 'pill s-refused', 'data-account-state': 'flagged' },
            t('accounts.flagged', { code: account.flagCode ?? '', reason: account.flagReason ?? '' }));
    }
    return h('span', { class: `pill ${states[account.state] ?? ''}`, 'data-account-state': account.state }, t(`accounts.state.${account.state}`));
}

/** Where the member's payments go today, or why they wait. */
function payeeLine(payments) {
    if (payments.holdReason) return h('p', { class: 'hint', 'data-payee': 'held' }, t('accounts.held', { reason: payments.holdReason }));
    return h('p', { 'data-payee': payments.toMainAffiliate ? 'main' : 'own' },
        payments.toMainAffiliate ? t('accounts.toMain', { iban: payments.ibanMasked }) : t('accounts.toOwn', { iban: payments.ibanMasked }));
}

/** Confirm and refuse buttons for a request someone else asked for; a hint for one's own. */
export function decisionControls(account, onDecided) {
    if (account.state !== 'pending') return null;
    if (!account.canConfirm) return h('p', { class: 'hint' }, t('accounts.ownRequest'));
    const message = h('div', { role: 'status' });
    const confirm = h('button', {
        type: 'button', class: 'small', 'data-confirm-account': account.accountId,
        'aria-label': t('accounts.confirmNamed', { iban: account.ibanMasked }),
    }, t('accounts.confirm'));
    confirm.addEventListener('click', async () => {
        try {
            await post(`/api/bank-accounts/${path(account.accountId)}/confirmation`);
            await onDecided(t('accounts.confirmed', { iban: account.ibanMasked }));
        } catch (error) {
            replace(message, h('div', { class: 'message error', role: 'alert' }, errorText(error)));
        }
    });
    const reason = h('input', { name: 'reason', 'data-path': 'reason', autocomplete: 'off', maxlength: 500, required: true });
    const refuse = h('form', { class: 'refuse-account', novalidate: true, 'data-refuse-account': account.accountId },
        h('div', { class: 'fields' }, field(t('accounts.refusalReason'), reason)),
        h('div', { class: 'row' }, h('button', { type: 'submit', class: 'danger small' }, t('accounts.refuse'))));
    refuse.addEventListener('submit', async (event) => {
        event.preventDefault();
        clearErrors(refuse);
        try {
            await post(`/api/bank-accounts/${path(account.accountId)}/refusal`, { reason: reason.value.trim() });
            await onDecided(t('accounts.refused', { iban: account.ibanMasked }));
        } catch (error) {
            showApiError(refuse, error);
        }
    });
    return h('div', { class: 'actions' }, confirm,
        h('details', { class: 'action' }, h('summary', {}, t('accounts.refuseOpen')), refuse), message);
}

function accountItem(account, onDecided) {
    return h('li', { class: 'account', 'data-account': account.accountId },
        h('div', { class: 'row' }, h('strong', {}, account.iban ?? account.ibanMasked), accountState(account)),
        h('div', { class: 'hint' }, t('accounts.meta', {
            holder: account.holderName,
            bic: account.bic ?? '–',
            asked: date(account.requestedAt.slice(0, 10)),
            by: account.requestedBy ?? '–',
        }), account.validFrom
            ? ` · ${t('accounts.valid', { from: date(account.validFrom.slice(0, 10)), to: account.validTo ? date(account.validTo.slice(0, 10)) : '…' })}`
            : '',
        account.refusalReason ? ` · ${t('accounts.refusedBecause', { reason: account.refusalReason })}` : ''),
        decisionControls(account, onDecided));
}

/** The request form: a member of the family, the IBAN as typed, an optional BIC, the holder's name. */
function requestForm(family, members, labelOf, onRequested) {
    const select = h('select', { name: 'memberId', 'data-path': 'memberId' }, members.map((m) => h('option', { value: m.memberId }, labelOf(m))));
    const iban = h('input', { name: 'iban', 'data-path': 'iban', autocomplete: 'off', maxlength: 64, required: true, spellcheck: 'false' });
    const bic = h('input', { name: 'bic', 'data-path': 'bic', autocomplete: 'off', maxlength: 16, spellcheck: 'false' });
    const holder = h('input', { name: 'holderName', 'data-path': 'holderName', autocomplete: 'off', maxlength: 70, required: true });
    const form = h('form', { id: 'account-request-form', novalidate: true },
        h('div', { class: 'fields' },
            field(t('claims.member'), select),
            field(t('accounts.iban'), iban, { hint: t('accounts.ibanHint') }),
            field(t('accounts.bic'), bic),
            field(t('accounts.holder'), holder)),
        h('div', { class: 'row' }, h('button', { type: 'submit' }, t('accounts.request'))));
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        clearErrors(form);
        try {
            const created = await post(accountsPath(family.familyId, select.value),
                { iban: iban.value, bic: bic.value.trim() || null, holderName: holder.value });
            iban.value = '';
            bic.value = '';
            await onRequested(created.note ? `${t('accounts.requested', { iban: created.ibanMasked })} ${created.note}` : t('accounts.requested', { iban: created.ibanMasked }));
        } catch (error) {
            showApiError(form, error);
        }
    });
    return h('details', { id: 'account-request', class: 'action' }, h('summary', {}, t('accounts.requestOpen')), form);
}

/**
 * Fills the container with the family's accounts: one block per member on the roster (where his payments
 * go and his accounts, newest first), then the request form. onChanged runs after a request, a
 * confirmation or a refusal (the desk re-renders and reloads its queue).
 */
export async function renderAccounts(container, message, family, labelOf, onChanged) {
    const members = family.members.filter((m) => !m.leftOn);
    let views;
    try {
        views = await Promise.all(members.map((m) => get(accountsPath(family.familyId, m.memberId))));
    } catch (error) {
        replace(message, h('div', { class: 'message error', role: 'alert' }, errorText(error)));
        return;
    }
    const done = async (text) => {
        await onChanged();
        replace(message, h('div', { class: 'message ok' }, text));
    };
    replace(container,
        h('ul', { class: 'plain', id: 'accounts' }, members.map((m, i) => h('li', { 'data-member-accounts': m.memberId },
            h('h3', {}, labelOf(m)),
            payeeLine(views[i].payments),
            views[i].accounts.length
                ? h('ul', { class: 'plain' }, views[i].accounts.map((a) => accountItem(a, done)))
                : h('p', { class: 'hint' }, t('accounts.none'))))),
        requestForm(family, members, labelOf, done));
}

/** The four-eyes queue: requests of every family waiting for their second confirmation. */
export async function renderAccountQueue(container, count, message, onDecided) {
    try {
        const pending = await get('/api/bank-accounts/pending');
        count.textContent = String(pending.length);
        replace(message);
        const done = async (text) => {
            await onDecided();
            replace(message, h('div', { class: 'message ok' }, text));
        };
        replace(container, pending.length
            ? h('ul', { class: 'plain' }, pending.map((a) => h('li', { class: 'queue-item', 'data-account': a.accountId },
                h('div', { class: 'row' }, h('strong', {}, a.iban ?? a.ibanMasked), accountState(a)),
                h('div', { class: 'hint' }, t('accounts.queueMeta', { member: a.memberId, family: a.familyId, holder: a.holderName, by: a.requestedBy ?? '–', asked: date(a.requestedAt.slice(0, 10)) })),
                decisionControls(a, done))))
            : h('p', { class: 'hint' }, t('accounts.queueEmpty')));
    } catch (error) {
        replace(message, h('div', { class: 'message error', role: 'alert' }, errorText(error)));
    }
}
