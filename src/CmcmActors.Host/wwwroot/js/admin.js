// Catalogue management for admins: upload a draft edition, see what it changes, shadow-run it over stored claims,
// publish it from a future date (routes under /api/admin/catalogue).
import { ApiError, api, get, getPage, post, useToken } from './api.js';
import { byId, formValues, h, replace, show } from './dom.js';
import { Session, renderSignIn } from './session.js';
import { initLanguage } from './i18n.js';

const base = '/api/admin/catalogue';
const session = new Session('admin');
useToken(() => session.token);

let current = null;      // the draft shown
let running = null;      // the shadow run followed: { runId, timer }

const money = (n) => Number(n).toFixed(2);
const errorBox = (e) => h('div', { class: 'message error' },
    e.message, e instanceof ApiError && e.fieldErrors.length ? h('ul', {}, e.fieldErrors.map((f) => h('li', {}, f))) : null);

function signedIn() {
    const ok = session.isValid && session.role === 'admin';
    show(byId('app'), ok);
    show(byId('sign-in-area'), !ok);
    show(byId('sign-out'), session.isValid);
    byId('who').textContent = session.isValid ? session.describe() : '';
    if (!ok) {
        renderSignIn(byId('sign-in'), { session, roles: [['admin', 'Administrator']], memberFields: false, onSignedIn: signedIn });
        if (session.isValid) replace(byId('sign-in'), h('div', { class: 'message error' }, 'This page is for administrators; sign out and sign in as one.'));
        return;
    }
    refresh();
}

let withdrawing = null;  // the edition the withdrawal form is for

async function refresh() {
    try {
        const [editions, withdrawals] = await Promise.all([get('/api/catalogue/editions'), get(`${base}/withdrawals`)]);
        const today = new Date().toISOString().slice(0, 10);
        replace(byId('editions'), table(['Edition', 'In force from', 'Benefits', h('span', { class: 'visually-hidden' }, 'State or action')],
            editions.map((e) => [e.edition, e.effectiveFrom, String(e.benefitCount), e.inForce ? 'in force today'
                : e.effectiveFrom > today ? h('button', { type: 'button', class: 'small secondary', 'aria-label': `Withdraw edition ${e.edition}`, onclick: () => askWithdrawal(e.edition) }, 'Withdraw…') : ''])),
            withdrawals.length === 0 ? null : h('div', {}, h('h3', {}, 'Withdrawn before they were in force'),
                table(['Edition', 'Was to be in force from', 'Withdrawn', 'Reason'],
                    withdrawals.map((w) => [w.edition, w.effectiveFrom, `${w.withdrawnAt.slice(0, 16).replace('T', ' ')} by ${w.withdrawnBy}`, w.reason]))));
    } catch (e) {
        replace(byId('editions'), errorBox(e));
    }
    await loadDrafts(`${base}/drafts?limit=20`, false);
}

/** The drafts, 20 at a time (the server pages them); "More drafts" adds the next page. */
async function loadDrafts(url, append) {
    try {
        const page = await getPage(url);
        const rows = page.items.map((d) => h('tr', {},
            [d.draftId, d.edition, String(d.benefitCount), `${d.uploadedAt.slice(0, 16).replace('T', ' ')} by ${d.uploadedBy}`, d.publishedFrom ?? ''].map((x) => h('td', {}, x)),
            h('td', {}, h('button', { type: 'button', class: 'small secondary', 'aria-label': `Open draft ${d.draftId}`, onclick: () => open(d.draftId) }, 'Open'),
                d.publishedFrom ? null : h('button', { type: 'button', class: 'small secondary', 'aria-label': `Delete draft ${d.draftId}`, onclick: () => deleteDraft(d.draftId) }, 'Delete'))));
        const more = page.next ? h('button', { type: 'button', id: 'more-drafts', class: 'secondary small', onclick: () => loadDrafts(page.next, true) }, 'More drafts') : null;
        if (append && byId('drafts-body')) {
            byId('drafts-body').append(...rows);
            replace(byId('drafts-more'), more);
            return;
        }
        replace(byId('drafts'), rows.length === 0
            ? h('p', { class: 'hint' }, 'No draft yet.')
            : [h('table', { class: 'report' },
                h('thead', {}, h('tr', {}, ['Draft', 'Edition', 'Benefits', 'Uploaded', 'Published from', h('span', { class: 'visually-hidden' }, 'Actions')].map((x) => h('th', {}, x)))),
                h('tbody', { id: 'drafts-body' }, rows)),
               h('div', { id: 'drafts-more', class: 'row' }, more)]);
    } catch (e) {
        replace(byId('drafts'), errorBox(e));
    }
}

async function deleteDraft(draftId) {
    try {
        await api('DELETE', `${base}/drafts/${encodeURIComponent(draftId)}`);
        if (current === draftId) show(byId('draft-card'), false);
        replace(byId('upload-result'), h('div', { class: 'message ok' }, `Draft ${draftId} deleted.`));
        await refresh();
    } catch (e) {
        replace(byId('upload-result'), errorBox(e));
    }
}

function askWithdrawal(edition) {
    withdrawing = edition;
    byId('withdraw-edition').textContent = edition;
    byId('withdraw-reason').value = '';
    replace(byId('withdraw-result'));
    show(byId('withdraw-card'));
    byId('withdraw-reason').focus();
}

async function withdraw(event) {
    event.preventDefault();
    if (!withdrawing) return;
    try {
        const w = await post(`${base}/editions/${encodeURIComponent(withdrawing)}/withdrawal`, { reason: byId('withdraw-reason').value });
        replace(byId('withdraw-result'), h('div', { class: 'message ok' }, `Edition ${w.edition} withdrawn: no claim will be judged by it.`));
        withdrawing = null;
        await refresh();
    } catch (e) {
        replace(byId('withdraw-result'), errorBox(e));
    }
}

function table(headers, rows, amountColumns = []) {
    return h('table', { class: 'report' },
        h('thead', {}, h('tr', {}, headers.map((x, i) => h('th', { class: amountColumns.includes(i) ? 'amount' : null }, x)))),
        h('tbody', {}, rows.map((r) => h('tr', {}, r.map((cell, i) => h('td', { class: amountColumns.includes(i) ? 'amount' : null }, cell))))));
}

async function upload(event) {
    event.preventDefault();
    const file = byId('draft-file').files[0];
    if (!file) return;
    const result = byId('upload-result');
    try {
        const response = await fetch(`${base}/drafts`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: `Bearer ${session.token}` },
            body: await file.text(),
        });
        const data = await response.json();
        if (!response.ok) throw new ApiError(response.status, data);
        replace(result, h('div', { class: 'message ok' }, `Draft ${data.draftId} (edition ${data.edition}, ${data.benefitCount} benefits) is valid and stored.`));
        await refresh();
        await open(data.draftId);
    } catch (e) {
        replace(result, errorBox(e instanceof SyntaxError ? new ApiError(0, { title: 'The server did not answer with JSON.' }) : e));
    }
}

async function open(draftId) {
    current = draftId;
    show(byId('draft-card'));
    byId('draft-name').textContent = draftId;
    replace(byId('shadow-report'));
    replace(byId('shadow-status'));
    replace(byId('publish-result'));
    try {
        const diff = await get(`${base}/drafts/${encodeURIComponent(draftId)}/diff`);
        const list = (title, items) => items.length === 0 ? null : h('div', {}, h('h4', {}, title),
            h('ul', { class: 'changes' }, items.map((b) => h('li', {}, `${b.code} (${b.tier}): ${b.title}`))));
        replace(byId('diff'), diff.isEmpty ? h('p', { class: 'hint' }, `No difference from edition ${diff.from}.`) : [
            h('p', { class: 'hint' }, `Against edition ${diff.from}:`),
            list('Benefits added', diff.added),
            list('Benefits removed', diff.removed),
            diff.changed.length === 0 ? null : h('div', {}, h('h4', {}, 'Benefits changed'),
                diff.changed.map((c) => h('div', {}, h('strong', {}, `${c.code} (${c.tier})`),
                    h('ul', { class: 'changes' }, c.changes.map((f) => h('li', {}, `${f.field}: ${f.before ?? '(none)'} → ${f.after ?? '(none)'}`)))))),
        ]);
    } catch (e) {
        replace(byId('diff'), errorBox(e));
    }
}

async function startShadow(event) {
    event.preventDefault();
    const values = formValues(byId('shadow-form'));
    try {
        const run = await post(`${base}/shadow-runs`, { draftId: current, from: values.from, to: values.to });
        follow(run.runId);
    } catch (e) {
        replace(byId('shadow-status'), errorBox(e));
    }
}

function follow(runId) {
    if (running) clearTimeout(running.timer);
    running = { runId, timer: null };
    show(byId('shadow-cancel'));
    show(byId('shadow-progress'));
    replace(byId('shadow-report'));
    poll();
}

async function poll() {
    if (!running) return;
    try {
        const run = await get(`${base}/shadow-runs/${running.runId}`);
        const bar = byId('shadow-progress');
        bar.max = Math.max(run.total, 1);
        bar.value = run.done;
        replace(byId('shadow-status'), h('p', {}, `Shadow run ${run.runId}: ${run.status}, ${run.done} of ${run.total} claims.`));
        if (run.status === 'running') {
            running.timer = setTimeout(poll, 500);
            return;
        }
        show(byId('shadow-cancel'), false);
        show(bar, false);
        running = null;
        if (run.status === 'completed') await showReport(run);
        else if (run.error) replace(byId('shadow-status'), h('div', { class: 'message error' }, `The run failed: ${run.error}`));
    } catch (e) {
        replace(byId('shadow-status'), errorBox(e));
    }
}

async function cancelShadow() {
    if (!running) return;
    const runId = running.runId;
    clearTimeout(running.timer);
    running = null;
    try {
        const run = await api('DELETE', `${base}/shadow-runs/${runId}`);
        replace(byId('shadow-status'), h('p', {}, `Shadow run ${runId}: ${run.status}.`));
    } catch (e) {
        replace(byId('shadow-status'), errorBox(e));
    }
    show(byId('shadow-cancel'), false);
    show(byId('shadow-progress'), false);
}

async function showReport(run) {
    const report = await get(`${base}/shadow-runs/${run.runId}/report.json`);
    const s = run.summary;
    const signed = (n) => (n > 0 ? '+' : '') + money(n);
    const direction = (n) => (n > 0 ? 'up' : n < 0 ? 'down' : null);
    replace(byId('shadow-report'),
        h('p', {}, `${s.claims} claims received in the period, ${s.judged} judged, ${s.skipped} not judged (pended or reversed); `
            + `${s.claimsChanged} would change. Paid ${money(s.paidBefore)}, would have paid ${money(s.paidAfter)} (${signed(s.difference)}).`),
        h('div', { class: 'row' },
            h('button', { type: 'button', class: 'small secondary', onclick: () => download(run.runId, 'csv') }, 'Download CSV'),
            h('button', { type: 'button', class: 'small secondary', onclick: () => download(run.runId, 'json') }, 'Download JSON')),
        h('h4', {}, 'Totals per benefit and tier'),
        h('table', { class: 'report' },
            h('thead', {}, h('tr', {}, ['Benefit', 'Tier'].map((x) => h('th', {}, x)), ['Paid', 'Would pay', 'Difference'].map((x) => h('th', { class: 'amount' }, x)))),
            h('tbody', {}, report.totals.map((t) => h('tr', {}, h('td', {}, t.benefit), h('td', {}, t.tier),
                h('td', { class: 'amount' }, money(t.paidBefore)), h('td', { class: 'amount' }, money(t.paidAfter)),
                h('td', { class: `amount ${direction(t.difference) ?? ''}` }, signed(t.difference)))))),
        h('h4', {}, 'Claims that would change'),
        table(['Claim', 'Outcome', 'Would be', 'Paid', 'Would pay', 'Difference'],
            report.judged.filter((c) => c.outcomeBefore !== c.outcomeAfter || c.paidBefore !== c.paidAfter).slice(0, 200)
                .map((c) => [c.claimId, c.outcomeBefore, c.outcomeAfter, money(c.paidBefore), money(c.paidAfter), signed(c.paidAfter - c.paidBefore)]),
            [3, 4, 5]));
}

async function download(runId, kind) {
    try {
        const response = await fetch(`${base}/shadow-runs/${runId}/report.${kind}`, { headers: { Authorization: `Bearer ${session.token}` } });
        if (!response.ok) throw new ApiError(response.status, await response.json());
        const url = URL.createObjectURL(await response.blob());
        const link = h('a', { href: url, download: `shadow-${runId}.${kind}` });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (e) {
        replace(byId('shadow-status'), errorBox(e));
    }
}

async function publish(event) {
    event.preventDefault();
    const { effectiveFrom } = formValues(byId('publish-form'));
    try {
        const edition = await post(`${base}/drafts/${encodeURIComponent(current)}/publish`, { effectiveFrom });
        replace(byId('publish-result'), h('div', { class: 'message ok' }, `Edition ${edition.edition} is published, in force from ${edition.effectiveFrom}.`));
        await refresh();
    } catch (e) {
        replace(byId('publish-result'), errorBox(e));
    }
}

byId('upload-form').addEventListener('submit', upload);
byId('shadow-form').addEventListener('submit', startShadow);
byId('withdraw-form').addEventListener('submit', withdraw);
byId('shadow-cancel').addEventListener('click', cancelShadow);
byId('publish-form').addEventListener('submit', publish);
byId('sign-out').addEventListener('click', async () => {
    if (!(await session.signOut())) signedIn();
});
initLanguage().then(() => session.start()).then(signedIn);
