// The finance page: a run's preview and its start, the runs and their payments, the run's SEPA file, the bank's pain.002
// import, the four-eyes queues (large payments, bank accounts) and the recovery list (routes in docs/api-routes.md).
import { ApiError, api, get, post, useToken } from './api.js';
import { byId, h, replace, show } from './dom.js';
import { Session, renderSignIn } from './session.js';
import { initLanguage, languageSwitch, t, translatePage } from './i18n.js';
import { date, dateTime, money } from './format.js';

const session = new Session('finance');
useToken(() => session.token);

let shownRun = null;     // the run whose payments are shown

const isFinance = () => session.isValid && ['finance', 'admin'].includes(session.role);
const word = (prefix, value) => t(`finance.${prefix}.${value}`);
const ok = (text) => h('div', { class: 'message ok' }, text);
const errorBox = (e) => h('div', { class: 'message error' },
    e.message, e instanceof ApiError && e.fieldErrors.length ? h('ul', {}, e.fieldErrors.map((f) => h('li', {}, f))) : null);

function table(id, headers, rows, amountColumns = []) {
    return h('table', { class: 'report', id },
        h('thead', {}, h('tr', {}, headers.map((x, i) => h('th', { scope: 'col', class: amountColumns.includes(i) ? 'amount' : null }, x)))),
        h('tbody', {}, rows.map((r) => h('tr', {}, r.map((cell, i) => h('td', { class: amountColumns.includes(i) ? 'amount' : null }, cell))))));
}

const hidden = (text) => h('span', { class: 'visually-hidden' }, text);

function begin() {
    const allowed = isFinance();
    show(byId('sign-in-area'), !allowed);
    show(byId('app'), allowed);
    show(byId('sign-out'), session.isValid);
    byId('who').textContent = session.isValid ? session.describe() : '';
    if (!allowed) {
        if (session.isValid) session.clear();
        renderSignIn(byId('sign-in'), {
            session,
            roles: [['finance', t('finance.role.finance')], ['admin', t('role.admin')]],
            memberFields: false,
            onSignedIn: begin,
        });
        return;
    }
    refreshAll();
}

function refreshAll() {
    loadPreview();
    loadRuns();
    loadAwaiting();
    loadAccounts();
    loadRecovery();
    if (shownRun) openRun(shownRun);
}

// ---- preview and start ----

async function loadPreview() {
    try {
        const p = await get('/api/payment-runs/preview');
        replace(byId('preview'),
            h('p', { id: 'preview-totals' }, t('finance.preview.totals', { transfers: p.transfers, total: money(p.total), held: p.held, awaiting: p.awaitingSecondConfirmation })),
            p.lines.length === 0 ? h('p', { class: 'hint' }, t('finance.preview.nothing')) : table('preview-table',
                [t('finance.holder'), t('finance.account'), t('finance.preview.owed'), t('finance.preview.recovered'), t('finance.preview.net'),
                    t('finance.preview.outcome'), t('finance.amount'), t('finance.preview.reason')],
                p.lines.map((l) => [`${l.holderName} (${l.holder})`, l.account ?? '–', money(l.owed), money(l.recovered), money(l.net),
                    word('outcome', l.outcome), money(l.amount), l.reason ?? '']),
                [2, 3, 4, 6]));
    } catch (e) {
        replace(byId('preview'), errorBox(e));
    }
}

async function startRun() {
    const button = byId('run-start');
    button.disabled = true;
    try {
        const detail = await post('/api/payment-runs', {});
        replace(byId('preview-status'), ok(t('finance.preview.started', { run: detail.run.runId, transfers: detail.transfers, total: money(detail.controlSum) })));
        shownRun = detail.run.runId;
        refreshAll();
    } catch (e) {
        replace(byId('preview-status'), errorBox(e));
    } finally {
        button.disabled = false;
    }
}

// ---- runs ----

async function loadRuns() {
    try {
        const runs = await get('/api/payment-runs');
        replace(byId('runs'), runs.length === 0 ? h('p', { class: 'hint' }, t('finance.runs.none')) : table('runs-table',
            [t('finance.runs.run'), t('finance.runs.cutOff'), t('finance.runs.started'), t('finance.status'), hidden(t('finance.actions'))],
            runs.map((r) => [r.runId, date(r.cutOff), t('finance.runs.startedBy', { at: dateTime(r.startedAt), by: r.startedBy }), word('runStatus', r.status),
                h('button', { type: 'button', class: 'small secondary', 'aria-label': t('finance.runs.openRun', { run: r.runId }), onclick: () => openRun(r.runId) },
                    t('finance.runs.open'))])));
    } catch (e) {
        replace(byId('runs'), errorBox(e));
    }
}

async function openRun(runId) {
    shownRun = runId;
    show(byId('run-card'));
    byId('run-title').textContent = t('finance.run.title', { run: runId });
    try {
        const d = await get(`/api/payment-runs/${encodeURIComponent(runId)}`);
        replace(byId('run-summary'),
            h('p', {}, t('finance.run.summary', { status: word('runStatus', d.run.status), transfers: d.transfers, total: money(d.controlSum) })),
            d.run.fileUrl ? h('p', {}, h('button', { type: 'button', id: 'run-file', class: 'small secondary', onclick: () => download(d.run.fileUrl, `${runId}.xml`) },
                t('finance.run.file'))) : h('p', { class: 'hint' }, t('finance.run.noFile')));
        replace(byId('run-payments'), paymentsTable('run-payments-table', d.payments, false));
    } catch (e) {
        replace(byId('run-summary'), errorBox(e));
        replace(byId('run-payments'));
    }
}

/** The file is read with the token (never a plain link), then saved under the run's name. */
async function download(path, name) {
    try {
        const response = await fetch(path, { headers: { Authorization: `Bearer ${session.token}` } });
        if (!response.ok) throw new ApiError(response.status, { title: t('finance.run.fileFailed', { status: response.status }) });
        const url = URL.createObjectURL(await response.blob());
        const link = h('a', { href: url, download: name });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (e) {
        replace(byId('run-summary'), errorBox(e));
    }
}

function paymentsTable(id, payments, decide) {
    if (payments.length === 0) return h('p', { class: 'hint' }, t(decide ? 'finance.confirm.none' : 'finance.run.noPayments'));
    return table(id,
        [t('finance.payment'), t('finance.holder'), t('finance.account'), t('finance.amount'), t('finance.payment.remittance'), t('finance.status'),
            decide ? hidden(t('finance.actions')) : t('finance.payment.detail')],
        payments.map((p) => [p.paymentId, `${p.holderName} (${p.holder})`, p.account, money(p.amount), p.remittance, word('paymentStatus', p.status),
            decide ? h('span', {},
                h('button', { type: 'button', class: 'small', 'aria-label': t('finance.confirm.confirmOne', { payment: p.paymentId }), onclick: () => decidePayment(p.paymentId, true) }, t('finance.confirm.confirm')),
                ' ',
                h('button', { type: 'button', class: 'small secondary', 'aria-label': t('finance.confirm.refuseOne', { payment: p.paymentId }), onclick: () => decidePayment(p.paymentId, false) }, t('finance.confirm.refuse')))
                : paymentDetail(p)]),
        [3]);
}

function paymentDetail(p) {
    if (p.status === 'paidOut') return t('finance.payment.paidOn', { date: date(p.paidOn) });
    if (p.status === 'returned') return t('finance.payment.returnedWhy', { code: p.returnCode ?? '', reason: p.returnReason ?? '' });
    return p.decidedBy ? t('finance.payment.decidedBy', { by: p.decidedBy }) : '';
}

async function importReturn(event) {
    event.preventDefault();
    const file = byId('returns-file').files[0];
    if (!file || !shownRun) return;
    try {
        const response = await fetch(`/api/payment-runs/${encodeURIComponent(shownRun)}/returns`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${session.token}`, 'Content-Type': 'application/xml', Accept: 'application/json' },
            body: await file.text(),
        });
        const data = await response.json().catch(() => null);
        if (!response.ok) throw new ApiError(response.status, data);
        replace(byId('returns-status'), ok(data.alreadyImported
            ? t('finance.returns.already', { message: data.messageId })
            : t('finance.returns.done', { message: data.messageId, paid: data.paidOut.length, returned: data.returned.length })));
        byId('returns-form').reset();
        refreshAll();
    } catch (e) {
        replace(byId('returns-status'), errorBox(e instanceof ApiError ? e : new ApiError(0, { title: t('finance.returns.failed') })));
    }
}

// ---- four eyes: large payments and bank accounts ----

async function loadAwaiting() {
    try {
        replace(byId('confirm'), paymentsTable('confirm-table', await get('/api/payments/awaiting-confirmation'), true));
    } catch (e) {
        replace(byId('confirm'), errorBox(e));
    }
}

async function decidePayment(paymentId, confirm) {
    try {
        const d = await post(`/api/payments/${encodeURIComponent(paymentId)}/${confirm ? 'confirmation' : 'refusal'}`);
        replace(byId('confirm-status'), ok(t(confirm ? 'finance.confirm.confirmed' : 'finance.confirm.refused', { payment: paymentId, status: word('runStatus', d.run.status) })));
        refreshAll();
    } catch (e) {
        replace(byId('confirm-status'), errorBox(e));
    }
}

async function loadAccounts() {
    try {
        const pending = await get('/api/bank-accounts/pending');
        replace(byId('accounts'), pending.length === 0 ? h('p', { class: 'hint' }, t('finance.accounts.none')) : table('accounts-table',
            [t('finance.accounts.member'), t('finance.accounts.iban'), t('finance.accounts.holderName'), t('finance.accounts.requested'), hidden(t('finance.actions'))],
            pending.map((a) => [`${a.memberId} (${a.familyId})`, [a.iban ?? a.ibanMasked, a.bic ? ` ${a.bic}` : ''].join(''), a.holderName,
                t('finance.runs.startedBy', { at: dateTime(a.requestedAt), by: a.requestedBy ?? '' }),
                a.canConfirm ? accountActions(a) : t('finance.accounts.yours')])));
    } catch (e) {
        replace(byId('accounts'), errorBox(e));
    }
}

function accountActions(a) {
    const reason = h('input', { type: 'text', maxlength: 500, 'aria-label': t('finance.accounts.reasonFor', { account: a.accountId }) });
    return h('span', { class: 'row' },
        h('button', { type: 'button', class: 'small', 'aria-label': t('finance.accounts.confirmOne', { account: a.accountId }), onclick: () => decideAccount(a.accountId, 'confirmation') }, t('finance.confirm.confirm')),
        reason,
        h('button', { type: 'button', class: 'small secondary', 'aria-label': t('finance.accounts.refuseOne', { account: a.accountId }), onclick: () => decideAccount(a.accountId, 'refusal', reason.value) }, t('finance.confirm.refuse')));
}

async function decideAccount(accountId, decision, reason) {
    try {
        await api('POST', `/api/bank-accounts/${encodeURIComponent(accountId)}/${decision}`, decision === 'refusal' ? { reason } : {});
        replace(byId('accounts-status'), ok(t(decision === 'confirmation' ? 'finance.accounts.confirmed' : 'finance.accounts.refused', { account: accountId })));
        loadAccounts();
    } catch (e) {
        replace(byId('accounts-status'), errorBox(e));
    }
}

// ---- recovery ----

async function loadRecovery() {
    try {
        const r = await get(`/api/recovery${byId('recovery-all').checked ? '?all=true' : ''}`);
        replace(byId('recovery'),
            h('p', {}, t('finance.recovery.summary', { total: money(r.total), days: r.overdueAfterDays })),
            r.receivables.length === 0 ? h('p', { class: 'hint' }, t('finance.recovery.none')) : table('recovery-table',
                [t('finance.recovery.payee'), t('finance.amount'), t('finance.recovery.since'), t('finance.recovery.days'), t('finance.recovery.claims')],
                r.receivables.map((x) => [x.payee, money(x.amount), date(x.openSince), String(x.daysOpen), x.claims.map((c) => c.claimId).join(', ')]),
                [1, 3]));
    } catch (e) {
        replace(byId('recovery'), errorBox(e));
    }
}

byId('run-start').addEventListener('click', startRun);
byId('preview-refresh').addEventListener('click', loadPreview);
byId('returns-form').addEventListener('submit', importReturn);
byId('recovery-all').addEventListener('change', loadRecovery);
byId('sign-out').addEventListener('click', async () => {
    if (!(await session.signOut())) location.reload();
});

async function start() {
    await initLanguage();
    await session.start();
    translatePage();
    languageSwitch(byId('language'), async () => {
        translatePage();
        begin();
    });
    begin();
}

start();
