// A member's page: claims with their status as it changes, what is left of each cap, when each cover starts, and an
// estimate for planned care. It reads everything through the API first, then listens for pushes; when the live
// connection cannot be made it says so and keeps the page current by reading again every POLL_MS.
import { h, replace, byId, show } from './dom.js';
import { get, getPage, useToken, onPushSequence } from './api.js';
import { Session, renderSignIn } from './session.js';
import { connectLive, showLiveStatus } from './live.js';
import { renderClaim, statusPill } from './decision.js';
import { loadCatalogue, emptyCatalogue } from './catalogue.js';
import { initLanguage, translatePage, languageSwitch, t } from './i18n.js';
import { money, date, dateTime, tierLabel, coverageLabel, departmentLabel, kindLabel, claimRank, isFinal, benefitTitle, personName } from './format.js';
import { errorText } from './fields.js';
import { lineEditors } from './lines.js';
import { wireEstimateForm } from './estimate.js';
import { sendClaimForm, sentAnswer } from './send-claim.js';
import { sendProofForm } from './send-proof.js';
import { initMemberSpace, claimExtras, renderMemberSpace, loadNotices, renderNotices } from './member-space.js';

const POLL_MS = 15_000;
/** Claims read at a time, newest first; older ones on request. */
const claimsPageSize = 100;
const session = new Session('member');
useToken(() => session.token);

const state = {
    familyId: null,
    memberId: null,
    year: new Date().getFullYear(),
    claims: new Map(),
    // Each claim's payment state (due, in a run, paid on a date to ****1234, returned), read beside the claims.
    payments: new Map(),
    olderClaims: null,
    caps: null,
    member: null,
    roster: null,
    catalogue: emptyCatalogue(),
    joined: new Set(),
    live: null,
    liveState: 'offline',
    poll: null,
    errors: {},
    /** The claim sent from this page, its files and whether they went: its answer follows the claim live. */
    sent: null,
};

const path = (...parts) => parts.map(encodeURIComponent).join('/');
const memberPath = () => `/api/families/${path(state.familyId)}/members/${path(state.memberId)}`;
const errorBox = (error, key) => h('div', { class: 'message error', role: 'alert', 'data-error': key }, t(`member.readFailed.${key}`), ' ', errorText(error));

async function start() {
    await initLanguage();
    await session.start();
    translatePage();
    estimateLines.clear();
    languageSwitch(byId('language'), rerender);
    begin();
}

async function rerender() {
    translatePage();
    estimateLines.clear();
    if (!isMember()) {
        begin();
        return;
    }
    byId('who').textContent = session.describe();
    liveStatus(state.liveState);
    buildYears();
    renderRoster();
    renderClaims();
    renderCaps();
    renderWaiting();
    sendForm.refresh();
    proofForm.refresh();
    renderSent();
    renderMemberSpace();
    renderNotices();
}

const isMember = () => session.isValid && session.role === 'member';

function begin() {
    const member = isMember();
    show(byId('sign-in-area'), !member);
    show(byId('app'), member);
    show(byId('sign-out'), session.isValid);
    byId('who').textContent = session.isValid ? session.describe() : '';
    if (!member) {
        if (session.isValid) session.clear();
        renderSignIn(byId('sign-in'), { session, roles: [['member', t('role.member')]], memberFields: true, onSignedIn: begin });
        return;
    }
    if (state.live) return;

    const claims = session.claims;
    state.familyId = claims.family_id;
    state.memberId = claims.member_id;
    initMemberSpace({ token: () => session.token, familyId: () => state.familyId, memberId: () => state.memberId, ownMemberId: () => claims.member_id });
    renderMemberSpace();
    loadNotices();
    buildYears();
    byId('caps-year').addEventListener('change', (event) => { state.year = Number(event.target.value); loadCaps(); });
    loadCatalogue().then((c) => { state.catalogue = c; estimateLines.refresh(() => state.catalogue); renderCaps(); renderClaims(); sendForm.refresh(); }).catch(() => {});
    if (claims.main_affiliate === 'true') loadRoster();

    // The API first: the page shows the member's data whether or not the live connection can be made.
    proofForm.refresh();
    loadAll().then(() => {
        state.live = connectLive({
            token: () => session.token,
            handlers: { claimStatusChanged: onClaimStatus, capsChanged: onCapsChanged, familyChanged: onFamilyChanged, coverStarts: onCoverStarts, capsReset: onCapsReset },
            join: joinGroups,
            resync: loadAll,
            status: liveStatus,
            // The page joins member groups only: it hears its members' streams whole (a gap re-reads everything).
            follows: (stream) => stream.startsWith('member:'),
        });
    });
    onPushSequence((header) => state.live?.expect(header));
}

function buildYears() {
    replace(byId('caps-year'), [state.year, state.year - 1].map((y) => h('option', { value: y, selected: y === state.year }, String(y))));
}

byId('sign-out').addEventListener('click', async () => {
    await state.live?.stop();
    if (!(await session.signOut())) location.reload();
});

/** The pill, and when the page cannot listen: a notice that says so, and a read every POLL_MS until it can again. */
function liveStatus(s, detail) {
    state.liveState = s;
    showLiveStatus(byId('live-status'), s, detail);
    byId('live-status').textContent = t(`live.${s}`);
    // The notice once the connection failed; the interval reads whenever the page is not live (between two attempts
    // to connect too, so that retrying every few seconds never postpones them).
    const down = s === 'offline' || s === 'reconnecting';
    if (down || s === 'live') {
        replace(byId('live-notice'), down ? h('div', { class: 'message notice', 'data-live-down': true }, t('member.liveDown', { seconds: POLL_MS / 1000 })) : null);
    }
    if (s !== 'live' && !state.poll) state.poll = setInterval(loadAll, POLL_MS);
    if (s === 'live' && state.poll) {
        clearInterval(state.poll);
        state.poll = null;
    }
}

async function joinGroups(connection) {
    state.joined.clear();
    await connection.invoke('JoinMember', state.familyId, state.memberId);
    state.joined.add(state.memberId);
}

async function loadRoster() {
    try {
        state.roster = await get(`/api/families/${path(state.familyId)}`);
        renderRoster();
        sendForm.refresh();
        proofForm.refresh();
    } catch (error) {
        replace(byId('claims-message'), errorBox(error, 'family'));
    }
}

function renderRoster() {
    if (!state.roster) return;
    const picker = byId('member-picker');
    replace(picker, state.roster.members.map((m) => h('option', { value: m.memberId, selected: m.memberId === state.memberId }, `${personName(m) ?? m.memberId} (${kindLabel(m.kind)})`)));
    picker.onchange = async () => {
        state.memberId = picker.value;
        if (!state.joined.has(state.memberId) && state.live && state.liveState === 'live') {
            try {
                await state.live.connection.invoke('JoinMember', state.familyId, state.memberId);
                state.joined.add(state.memberId);
            } catch {
                // Not listening to this member: the interval reads keep the page current.
            }
        }
        await loadAll();
    };
    show(byId('member-picker-row'), state.roster.members.length > 1);
}

async function loadAll() {
    await Promise.all([loadClaims(), loadCaps(), loadWaiting()]);
}

// ---- claims ----

async function loadClaims() {
    try {
        // The newest first, a page at a time: a member with a long history sees his recent claims and asks for older ones.
        const page = await getPage(`${memberPath()}/claims?limit=${claimsPageSize}&order=newest`);
        state.claims = new Map(page.items.map((c) => [c.claimId, c]));
        state.olderClaims = page.next;
        state.errors.claims = null;
        replace(byId('claims-message'));
        renderClaims();
        loadPayments();
    } catch (error) {
        state.errors.claims = error;
        replace(byId('claims-message'), errorBox(error, 'claims'));
        if (!state.claims.size) replace(byId('claims'));
    }
}

async function loadOlderClaims() {
    if (!state.olderClaims) return;
    try {
        const page = await getPage(state.olderClaims);
        for (const claim of page.items) if (!state.claims.has(claim.claimId)) state.claims.set(claim.claimId, claim);
        state.olderClaims = page.next;
        replace(byId('claims-message'));
        renderClaims();
    } catch (error) {
        replace(byId('claims-message'), errorBox(error, 'claims'));
    }
}

function expectedBy(claim) {
    const d = new Date(`${claim.receivedOn}T00:00:00`);
    d.setDate(d.getDate() + 7 * claim.pending.expectedWeeks);
    const pad = (n) => String(n).padStart(2, '0');
    return date(`${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`);
}

function careDates(claim) {
    const dates = [...new Set((claim.lines ?? []).map((l) => l.dateOfCare))].sort();
    if (!dates.length) return '–';
    return dates.length === 1 ? date(dates[0]) : `${date(dates[0])} – ${date(dates[dates.length - 1])}`;
}

const treated = (claim) => [...new Set((claim.lines ?? []).map((l) => benefitTitle(l.benefitCode, state.catalogue.titles)))].join(', ') || '–';
const invoiced = (claim) => (claim.lines ?? []).reduce((sum, l) => sum + Number(l.invoiced ?? 0), 0);

async function loadPayments() {
    try {
        const payments = await get(`${memberPath()}/payments`);
        state.payments = new Map(payments.claims.map((p) => [p.claimId, p]));
        renderClaims();
    } catch {
        // The payment line is extra to the claim: without it the page still shows what was decided and paid.
    }
}

function paymentFact(claim) {
    const payment = state.payments.get(claim.claimId);
    if (!payment || payment.state === 'none') return null;
    const text = payment.state === 'paidOut' ? t('payments.paidOut', { date: date(payment.paidOn), account: payment.account })
        : payment.state === 'returned' ? t('payments.returned', { reason: payment.returnReason ?? '' })
        : payment.state === 'owing' ? t('payments.owing', { amount: money(payment.amount) })
        : t(`payments.${payment.state}`);
    return h('div', { 'data-payment': payment.state }, h('dt', {}, t('payments.state')), h('dd', {}, text));
}

function claimRow(claim) {
    const pending = claim.status === 'pended' && claim.pending;
    return h('li', { class: 'claim-row', 'data-claim': claim.claimId, 'data-status': claim.status },
        h('div', { class: 'top' },
            h('strong', {}, treated(claim)),
            h('span', {}, statusPill(claim.status))),
        h('dl', { class: 'facts' },
            h('div', {}, h('dt', {}, t('member.careOn')), h('dd', {}, careDates(claim))),
            h('div', {}, h('dt', {}, t('member.invoiced')), h('dd', {}, claim.lines?.length ? money(invoiced(claim)) : '–')),
            h('div', {}, h('dt', {}, t('member.paid')), h('dd', { 'data-paid': claim.totalPaid }, isFinal(claim.status) ? money(claim.totalPaid) : '–')),
            paymentFact(claim),
            h('div', {}, h('dt', {}, t('member.invoice')), h('dd', {}, claim.invoiceReference))),
        pending && h('div', { class: 'message notice', 'data-expected-weeks': claim.pending.expectedWeeks },
            t('member.pending', { department: departmentLabel(claim.pending.department), weeks: claim.pending.expectedWeeks, date: expectedBy(claim) })),
        claim.lines?.length ? h('details', {}, h('summary', {}, t('member.howDecided')), renderClaim(claim, state.catalogue)) : null,
        claimExtras(claim));
}

function renderClaims() {
    const claims = [...state.claims.values()]
        .filter((c) => c.memberId === state.memberId)
        .sort((a, b) => String(b.history?.[0]?.at ?? b.receivedOn).localeCompare(String(a.history?.[0]?.at ?? a.receivedOn)));
    if (state.errors.claims && !claims.length) return;
    renderSent();
    replace(byId('claims'),
        claims.length ? h('ul', { class: 'plain' }, claims.map(claimRow)) : h('p', { class: 'hint' }, t('member.noClaims')),
        state.olderClaims ? h('button', { type: 'button', class: 'secondary', id: 'older-claims', onclick: loadOlderClaims }, t('member.olderClaims')) : null);
}

async function onClaimStatus(message) {
    const known = state.claims.get(message.claimId);
    if (known && claimRank(known.version, known.status) >= claimRank(message.version, message.status)) return;
    state.claims.set(message.claimId, {
        ...(known ?? {
            claimId: message.claimId, familyId: message.familyId, memberId: message.memberId, invoiceReference: message.invoiceReference,
            receivedOn: null, history: [{ status: message.status, at: message.at }], lines: [],
        }),
        status: message.status, totalPaid: message.totalPaid, version: message.version, pending: null,
    });
    renderClaims();
    if (message.status === 'received' || message.status === 'adjudicating') return;
    try {
        const claim = await get(`/api/claims/${path(message.memberId, message.invoiceReference)}`);
        const current = state.claims.get(claim.claimId);
        if (!current || claimRank(claim.version, claim.status) >= claimRank(current.version, current.status)) {
            state.claims.set(claim.claimId, claim);
            renderClaims();
        }
        // A decision changes what is owed on the claim: its payment line is read again with it.
        loadPayments();
    } catch (error) {
        replace(byId('claims-message'), errorBox(error, 'claims'));
    }
}

// ---- caps ----

async function loadCaps() {
    try {
        state.caps = await get(`${memberPath()}/caps?year=${state.year}`) ?? [];
        state.errors.caps = null;
        renderCaps();
    } catch (error) {
        state.errors.caps = error;
        replace(byId('caps'), errorBox(error, 'caps'));
    }
}

function renderCaps() {
    if (state.caps === null || state.errors.caps) return;
    const caps = state.caps;
    const used = caps.filter((c) => c.used > 0 || c.unitsUsed > 0);
    const untouched = caps.filter((c) => !(c.used > 0 || c.unitsUsed > 0));
    replace(byId('caps'),
        caps.length === 0 ? h('p', { class: 'hint' }, t('caps.none')) : null,
        used.length ? used.map(capRow) : caps.length ? h('p', { class: 'hint' }, t('caps.whole', { year: state.year })) : null,
        untouched.length ? h('details', {}, h('summary', {}, t('caps.others', { n: untouched.length })), untouched.map(capRow)) : null);
}

function capTitle(cap) {
    const titles = (cap.benefitCodes ?? []).map((code) => benefitTitle(code, state.catalogue.titles)).filter(Boolean);
    return titles.length ? [...new Set(titles)].join(' / ') : cap.description;
}

function capRow(cap) {
    let share;
    let words;
    if (cap.limit !== null && cap.limit !== undefined) {
        share = cap.limit > 0 ? Math.min(1, cap.used / cap.limit) : 1;
        words = t('caps.leftOf', { left: money(cap.remaining), limit: money(cap.limit) });
    } else {
        share = cap.unitsLimit ? Math.min(1, cap.unitsUsed / cap.unitsLimit) : 0;
        words = t('caps.unitsLeft', { left: cap.unitsLimit - cap.unitsUsed, limit: cap.unitsLimit });
    }
    const percent = Math.round(share * 100);
    return h('div', { class: 'cap-row', 'data-cap': cap.capId, 'data-key': cap.key, 'data-remaining': cap.remaining ?? '' },
        h('div', { class: 'cap-label' }, h('span', {}, capTitle(cap)), h('span', {}, words)),
        h('div', { class: `bar${share >= 1 ? ' full' : ''}`, role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': percent, 'aria-label': capTitle(cap) },
            h('span', { class: `fill p${Math.min(100, Math.ceil(percent / 5) * 5)}` })),
        h('div', { class: 'hint' }, t('caps.used', { used: money(cap.used) })));
}

function onCapsChanged(message) {
    if (message.memberId === state.memberId) loadCaps();
}

// ---- waiting periods ----

async function loadWaiting() {
    try {
        state.member = await get(memberPath());
        state.errors.waiting = null;
        renderWaiting();
    } catch (error) {
        state.errors.waiting = error;
        replace(byId('waiting'), errorBox(error, error.status === 404 ? 'notOnRoster' : 'waiting'));
    }
}

function renderWaiting() {
    const member = state.member;
    if (!member || state.errors.waiting) return;
    replace(byId('waiting'),
        h('p', { class: 'hint' }, t('waiting.on', { date: date(member.on), member: member.memberId, kind: kindLabel(member.kind) })),
        h('div', { class: 'table-wrap' }, h('table', {},
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('waiting.cover')), h('th', { scope: 'col' }, t('waiting.status')), h('th', { scope: 'col' }, t('waiting.from')))),
            h('tbody', {}, member.waitingPeriods.map((w) => h('tr', { 'data-tier': w.tier, 'data-coverage': w.status },
                h('td', {}, tierLabel(w.tier)),
                h('td', {}, h('span', { class: `pill ${w.status === 'covered' ? 's-approved' : w.status === 'inWaitingPeriod' ? 's-pended' : 's-reversed'}` }, coverageLabel(w.status))),
                h('td', {}, w.firstCoveredDate ? date(w.firstCoveredDate) : (w.status === 'covered' ? t('waiting.now') : '–'))))))));
}

function onFamilyChanged(message) {
    if (message.familyId === state.familyId) loadWaiting();
}

// ---- notices from the calendar ----

function notice(text) {
    byId('notices').prepend(h('div', { class: 'message notice' }, text));
}

function onCoverStarts(message) {
    notice(t('notice.coverStarts', { tier: tierLabel(message.tier), date: date(message.firstCoveredDate) }));
    loadWaiting();
}

function onCapsReset(message) {
    notice(t('notice.capsReset', { year: message.year }));
    state.year = message.year;
    buildYears();
    loadCaps();
}

// ---- a claim sent from the phone ----

const sendForm = sendClaimForm(byId('send-form'), {
    who: () => ({ familyId: state.familyId, memberId: session.claims.member_id, mainAffiliate: session.claims.main_affiliate === 'true', roster: state.roster }),
    catalogue: () => state.catalogue,
    onSent: (claim, files, filesError) => {
        state.sent = { claimId: claim.claimId, files, filesError };
        if (!state.claims.has(claim.claimId) || claimRank(claim.version, claim.status) > claimRank(state.claims.get(claim.claimId).version, state.claims.get(claim.claimId).status)) {
            state.claims.set(claim.claimId, claim);
        }
        if (claim.memberId !== state.memberId) {
            byId('member-picker').value = claim.memberId;
            byId('member-picker').dispatchEvent(new Event('change'));
        }
        renderClaims();
        byId('send-result').focus?.();
    },
});

const proofForm = sendProofForm(byId('proof-form'), byId('proof-list'), {
    who: () => ({ familyId: state.familyId, memberId: session.claims.member_id, mainAffiliate: session.claims.main_affiliate === 'true', roster: state.roster }),
});

/** The sent claim's answer, as the claim stands now (pushes update state.claims). */
function renderSent() {
    const sent = state.sent && state.claims.get(state.sent.claimId);
    replace(byId('send-result'), sent ? sentAnswer(sent, state.sent.files, state.sent.filesError) : null);
}

// ---- estimate of planned care ----

const estimateLines = lineEditors(byId('estimate-lines'), { catalogue: () => state.catalogue, staff: false });
byId('estimate-add-line').addEventListener('click', () => estimateLines.add().querySelector('select')?.focus());
wireEstimateForm(estimateLines, () => ({ familyId: state.familyId, memberId: state.memberId }), () => state.catalogue);

start();
