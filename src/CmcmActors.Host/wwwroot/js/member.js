// A member's page: claims with their status as it changes, what is left of each cap, and when each cover starts.
// Live pushes update a claim's status at once; the page then re-reads through the API, and re-reads everything after
// reconnecting, since pushes may be missed.
import { h, replace, byId, show } from './dom.js';
import { get, useToken, onPushSequence, ApiError } from './api.js';
import { Session, renderSignIn } from './session.js';
import { connectLive, showLiveStatus } from './live.js';
import { renderClaim, statusPill } from './decision.js';
import { loadCatalogue } from './catalogue.js';
import { money, dateTime, tierLabel, coverageLabel, departmentLabel, kindLabel, claimRank, isFinal } from './format.js';

const session = new Session('member');
useToken(() => session.token);

const state = {
    familyId: null,
    memberId: null,
    year: new Date().getFullYear(),
    claims: new Map(),
    caps: null,
    titles: new Map(),
    joined: new Set(),
    live: null,
};

const path = (...parts) => parts.map(encodeURIComponent).join('/');
const memberPath = () => `/api/families/${path(state.familyId)}/members/${path(state.memberId)}`;

const errorBox = (error) => h('div', { class: 'message error', role: 'alert' }, error.message,
    error instanceof ApiError && error.fieldErrors.length ? h('ul', {}, error.fieldErrors.map((l) => h('li', {}, l))) : null);

function start() {
    const member = session.isValid && session.role === 'member';
    show(byId('sign-in-area'), !member);
    show(byId('app'), member);
    show(byId('sign-out'), session.isValid);
    byId('who').textContent = session.isValid ? session.describe() : '';
    if (!member) {
        if (session.isValid) session.clear();
        renderSignIn(byId('sign-in'), { session, roles: [['member', 'Member']], memberFields: true, onSignedIn: start });
        return;
    }

    const claims = session.claims;
    state.familyId = claims.family_id;
    state.memberId = claims.member_id;
    const years = [state.year, state.year - 1];
    replace(byId('caps-year'), years.map((y) => h('option', { value: y }, String(y))));
    byId('caps-year').addEventListener('change', (event) => { state.year = Number(event.target.value); loadCaps(); });
    // Titles only make the page friendlier: without the catalogue it names benefits by their codes.
    loadCatalogue().then((c) => { state.titles = c.titles; renderCaps(); renderClaims(); }).catch(() => {});
    if (claims.main_affiliate === 'true') loadRoster();

    state.live = connectLive({
        token: () => session.token,
        handlers: { claimStatusChanged: onClaimStatus, capsChanged: onCapsChanged, familyChanged: onFamilyChanged, coverStarts: onCoverStarts, capsReset: onCapsReset },
        join: joinGroups,
        resync: loadAll,
        status: (s, detail) => showLiveStatus(byId('live-status'), s, detail),
        // The page joins member groups only: it hears its members' streams whole (a gap re-reads everything).
        follows: (stream) => stream.startsWith('member:'),
    });
    onPushSequence((header) => state.live?.expect(header));
}

byId('sign-out').addEventListener('click', async () => {
    await state.live?.stop();
    session.clear();
    location.reload();
});

async function joinGroups(connection) {
    state.joined.clear();
    await connection.invoke('JoinMember', state.familyId, state.memberId);
    state.joined.add(state.memberId);
}

async function loadRoster() {
    try {
        const family = await get(`/api/families/${path(state.familyId)}`);
        const picker = byId('member-picker');
        replace(picker, family.members.map((m) => h('option', { value: m.memberId, selected: m.memberId === state.memberId }, `${m.memberId} (${kindLabel(m.kind)})`)));
        picker.addEventListener('change', async () => {
            state.memberId = picker.value;
            if (!state.joined.has(state.memberId) && state.live) {
                await state.live.connection.invoke('JoinMember', state.familyId, state.memberId);
                state.joined.add(state.memberId);
            }
            await loadAll();
        });
        show(byId('member-picker-row'), family.members.length > 1);
    } catch (error) {
        replace(byId('claims-message'), errorBox(error));
    }
}

async function loadAll() {
    await Promise.all([loadClaims(), loadCaps(), loadWaiting()]);
}

// ---- claims ----

async function loadClaims() {
    try {
        const listed = await get(`${memberPath()}/claims`);
        const claims = Array.isArray(listed) ? listed : listed?.claims ?? [];
        state.claims = new Map(claims.map((c) => [c.claimId, c]));
        replace(byId('claims-message'));
        renderClaims();
    } catch (error) {
        replace(byId('claims-message'), errorBox(error));
    }
}

function expectedBy(claim) {
    const date = new Date(`${claim.receivedOn}T00:00:00`);
    date.setDate(date.getDate() + 7 * claim.pending.expectedWeeks);
    return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
}

function claimRow(claim) {
    const pending = claim.status === 'pended' && claim.pending;
    return h('div', { class: 'claim-row', 'data-claim': claim.claimId, 'data-status': claim.status },
        h('div', { class: 'top' },
            h('strong', {}, `Invoice ${claim.invoiceReference}`),
            h('span', {}, statusPill(claim.status), ' ', isFinal(claim.status) ? h('strong', {}, money(claim.totalPaid)) : null)),
        h('div', { class: 'hint' }, `${claim.receivedOn ? `Received ${claim.receivedOn}` : 'Just received'}`
            + `${claim.history?.length ? ` · last change ${dateTime(claim.history[claim.history.length - 1].at)}` : ''}`),
        pending && h('div', { class: 'message notice', 'data-expected-weeks': claim.pending.expectedWeeks },
            `A person in the ${departmentLabel(claim.pending.department)} looks at this claim: it usually takes about `
            + `${claim.pending.expectedWeeks} week(s), so expect an answer by ${expectedBy(claim)}. ${claim.pending.need}`),
        claim.lines?.length ? h('details', {}, h('summary', {}, 'How it was decided'), renderClaim(claim, state.titles)) : null);
}

function renderClaims() {
    const claims = [...state.claims.values()]
        .filter((c) => c.memberId === state.memberId)
        .sort((a, b) => String(b.history?.[0]?.at ?? b.receivedOn).localeCompare(String(a.history?.[0]?.at ?? a.receivedOn)));
    replace(byId('claims'), claims.length ? claims.map(claimRow) : h('p', { class: 'hint' }, 'No claims yet.'));
}

async function onClaimStatus(message) {
    const known = state.claims.get(message.claimId);
    if (known && claimRank(known.version, known.status) >= claimRank(message.version, message.status)) return;
    // Show the new status at once, then read the claim for the details.
    state.claims.set(message.claimId, {
        ...(known ?? {
            claimId: message.claimId, familyId: message.familyId, memberId: message.memberId, invoiceReference: message.invoiceReference,
            receivedOn: null, history: [{ status: message.status, at: message.at, note: message.summary }], lines: [],
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
    } catch (error) {
        replace(byId('claims-message'), errorBox(error));
    }
}

// ---- caps ----

async function loadCaps() {
    try {
        const listed = await get(`${memberPath()}/caps?year=${state.year}`);
        state.caps = Array.isArray(listed) ? listed : listed?.caps ?? [];
        renderCaps();
    } catch (error) {
        replace(byId('caps'), errorBox(error));
    }
}

// Caps something was paid against come first, as bars; the others fold away under one line.
function renderCaps() {
    if (state.caps === null) return;
    const caps = state.caps;
    const used = caps.filter((c) => c.used > 0 || c.unitsUsed > 0);
    const untouched = caps.filter((c) => !(c.used > 0 || c.unitsUsed > 0));
    replace(byId('caps'),
        caps.length === 0 ? h('p', { class: 'hint' }, 'No caps apply.') : null,
        used.length ? used.map(capRow) : caps.length ? h('p', { class: 'hint' }, `Nothing paid yet against a ${state.year} cap: every cap is whole.`) : null,
        untouched.length ? h('details', {}, h('summary', {}, `${untouched.length} other cap(s), nothing used yet`), untouched.map(capRow)) : null);
}

function capTitle(cap) {
    const titles = (cap.benefitCodes ?? []).map((code) => state.titles.get(code)).filter(Boolean);
    return titles.length ? [...new Set(titles)].join(' / ') : (cap.benefitCodes ?? []).join(', ') || cap.description;
}

function capRow(cap) {
    let share;
    let words;
    if (cap.limit !== null && cap.limit !== undefined) {
        share = cap.limit > 0 ? Math.min(1, cap.used / cap.limit) : 1;
        words = `${money(cap.remaining)} left of ${money(cap.limit)}`;
    } else {
        share = cap.unitsLimit ? Math.min(1, cap.unitsUsed / cap.unitsLimit) : 0;
        words = `${cap.unitsLimit - cap.unitsUsed} of ${cap.unitsLimit} left`;
    }
    return h('div', { class: 'cap-row', 'data-cap': cap.capId, 'data-key': cap.key, 'data-remaining': cap.remaining ?? '' },
        h('div', { class: 'cap-label' }, h('span', {}, capTitle(cap)), h('span', {}, words)),
        h('div', { class: `bar${share >= 1 ? ' full' : ''}`, role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': Math.round(share * 100), 'aria-label': capTitle(cap) },
            h('span', { style: `width: ${(share * 100).toFixed(1)}%` })),
        h('div', { class: 'hint' }, `${cap.description} · used ${money(cap.used)}${cap.benefitCodes?.length ? ` · ${cap.benefitCodes.join(', ')}` : ''}`));
}

function onCapsChanged(message) {
    if (message.memberId === state.memberId) loadCaps();
}

// ---- waiting periods ----

async function loadWaiting() {
    try {
        const member = await get(memberPath());
        replace(byId('waiting'),
            h('p', { class: 'hint' }, `On ${member.on}, for ${member.memberId} (${kindLabel(member.kind)}).`),
            h('table', {},
                h('thead', {}, h('tr', {}, h('th', {}, 'Cover'), h('th', {}, 'Status'), h('th', {}, 'Covered from'))),
                h('tbody', {}, member.waitingPeriods.map((w) => h('tr', { 'data-tier': w.tier, 'data-coverage': w.status },
                    h('td', {}, tierLabel(w.tier)),
                    h('td', {}, h('span', { class: `pill ${w.status === 'covered' ? 's-approved' : w.status === 'inWaitingPeriod' ? 's-pended' : 's-reversed'}` }, coverageLabel(w.status))),
                    h('td', {}, w.firstCoveredDate ?? (w.status === 'covered' ? 'now' : '–')))))));
    } catch (error) {
        replace(byId('waiting'), errorBox(error));
    }
}

function onFamilyChanged(message) {
    if (message.familyId === state.familyId) loadWaiting();
}

// ---- notices from the calendar ----

function notice(text) {
    byId('notices').prepend(h('div', { class: 'message notice', role: 'status' }, text));
}

function onCoverStarts(message) {
    notice(message.message);
    loadWaiting();
}

function onCapsReset(message) {
    notice(message.message);
    state.year = message.year;
    const select = byId('caps-year');
    replace(select, [message.year, message.year - 1].map((y) => h('option', { value: y }, String(y))));
    loadCaps();
}

start();
