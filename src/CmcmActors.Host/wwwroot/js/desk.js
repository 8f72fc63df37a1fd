// The front desk: sign in, find or enrol a family, submit a claim, see the decision at once, follow the desk's claims
// live and work through the claims waiting for a person.
import { h, replace, byId, show, formValues } from './dom.js';
import { get, post, useToken, onPushSequence, ApiError } from './api.js';
import { Session, renderSignIn } from './session.js';
import { connectLive, showLiveStatus } from './live.js';
import { renderClaim, statusPill } from './decision.js';
import { loadCatalogue } from './catalogue.js';
import { money, todayIso, time, statusLabel, departmentLabel, tierLabel, kindLabel, claimRank, isFinal } from './format.js';

const session = new Session('desk');
useToken(() => session.token);

const state = {
    family: null,
    catalogue: { edition: null, benefits: [], titles: new Map() },
    feed: new Map(),
    shownClaim: null,
    live: null,
};

const path = (...parts) => parts.map(encodeURIComponent).join('/');

function errorBox(error) {
    const lines = error instanceof ApiError ? error.fieldErrors : [];
    return h('div', { class: 'message error', role: 'alert' }, error.message, lines.length ? h('ul', {}, lines.map((l) => h('li', {}, l))) : null);
}

const okBox = (text) => h('div', { class: 'message ok' }, text);

// ---- sign-in ----

function start() {
    const staff = session.isValid && ['frontdesk', 'admin'].includes(session.role);
    show(byId('sign-in-area'), !staff);
    show(byId('app'), staff);
    show(byId('sign-out'), session.isValid);
    byId('who').textContent = session.isValid ? session.describe() : '';
    if (!staff) {
        if (session.isValid) session.clear();
        renderSignIn(byId('sign-in'), {
            session,
            roles: [['frontdesk', 'Front desk'], ['admin', 'Administrator']],
            memberFields: false,
            onSignedIn: start,
        });
        return;
    }

    loadCatalogue()
        .then((catalogue) => { state.catalogue = catalogue; refreshLinePickers(); })
        .catch((error) => replace(byId('claim-message'), errorBox(error)));
    loadQueue();
    state.live = connectLive({
        token: () => session.token,
        handlers: { claimStatusChanged: onClaimStatus, familyChanged: onFamilyChanged },
        join: (connection) => connection.invoke('JoinFrontDesk'),
        // The front desk hears every member's and family's stream whole: a gap in any re-reads what the page shows.
        resync,
        status: (s, detail) => showLiveStatus(byId('live-status'), s, detail),
    });
    onPushSequence((header) => state.live?.expect(header));
}

byId('sign-out').addEventListener('click', async () => {
    await state.live?.stop();
    session.clear();
    location.reload();
});

// After a reconnection: pushes may have been missed, so re-read what the page shows.
async function resync() {
    await loadQueue();
    if (state.family) await openFamily(state.family.familyId, true);
    if (state.shownClaim) await showClaim(state.shownClaim.memberId, state.shownClaim.invoiceReference);
}

// ---- family ----

byId('find-family').addEventListener('submit', (event) => {
    event.preventDefault();
    openFamily(formValues(event.target).familyId);
});

async function openFamily(familyId, quiet = false) {
    if (!quiet) replace(byId('family-message'));
    try {
        renderFamily(await get(`/api/families/${path(familyId)}`));
    } catch (error) {
        replace(byId('family-message'), errorBox(error.status === 404 ? new Error(`No family ${familyId}.`) : error));
    }
}

byId('enrol-received').value = todayIso();

byId('enrol-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const v = formValues(event.target);
    const body = {
        familyId: v.familyId,
        mainMemberId: v.mainMemberId,
        mainBirthDate: v.mainBirthDate,
        applicationReceived: v.applicationReceived,
        level: v.level,
        reason: v.reason,
        eligibility: {
            memberOfRecognisedMutual: v.memberOfRecognisedMutual,
            paysMutualityFamilyContribution: v.paysMutualityFamilyContribution,
            insurance: v.insurance,
            domicileCountry: v.domicileCountry || 'LU',
            domicileRegion: v.domicileRegion || null,
        },
    };
    if (v.insuredSince) {
        body.statutoryPeriods = [{ from: v.insuredSince, to: null, illnessUnderTreatmentAtEnd: false, otherLegalCoverAfterEnd: false }];
    }
    try {
        const family = await post('/api/families', body);
        byId('enrol').open = false;
        event.target.reset();
        byId('enrol-received').value = todayIso();
        renderFamily(family);
        replace(byId('family-message'), okBox(`Family ${family.familyId} enrolled. Record the first contribution to put the affiliation in effect.`));
    } catch (error) {
        replace(byId('family-message'), errorBox(error));
    }
});

function renderFamily(family) {
    state.family = family;
    const paymentForm = h('form', { id: 'payment-form', class: 'row' },
        h('div', {}, h('label', { for: 'payment-year' }, 'Year'), h('input', { id: 'payment-year', name: 'year', type: 'number', value: new Date().getFullYear(), required: true })),
        h('div', {}, h('label', { for: 'payment-amount' }, 'Amount (€)'), h('input', { id: 'payment-amount', name: 'amount', type: 'number', step: '0.01', min: '0', required: true })),
        h('div', {}, h('label', { for: 'payment-date' }, 'Paid on'), h('input', { id: 'payment-date', name: 'paidOn', type: 'date', value: todayIso(), required: true })),
        h('button', { type: 'submit', style: 'align-self: end' }, 'Record payment'));
    paymentForm.addEventListener('submit', async (event) => {
        event.preventDefault();
        const v = formValues(paymentForm);
        try {
            renderFamily(await post(`/api/families/${path(family.familyId)}/payments`, { year: Number(v.year), amount: Number(v.amount), paidOn: v.paidOn }));
            replace(byId('family-message'), okBox(`Contribution ${v.year} recorded.`));
        } catch (error) {
            replace(byId('family-message'), errorBox(error));
        }
    });

    replace(byId('family-view'),
        h('h3', { id: 'family-title' }, `Family ${family.familyId} · ${family.level ?? 'resigned'}`),
        h('p', {}, family.affiliationInEffect
            ? h('span', { class: 'pill s-approved' }, 'Affiliation in effect')
            : h('span', { class: 'pill s-pended' }, 'Not in effect until the first contribution is paid'),
            family.resignedOn ? ` Resigned from ${family.resignedOn}.` : ''),
        h('div', { class: 'table-wrap' }, h('table', {},
            h('thead', {}, h('tr', {}, h('th', {}, 'Member'), h('th', {}, 'Role'), h('th', {}, 'Born'), h('th', {}, 'Own start'))),
            h('tbody', {}, family.members.map((m) => h('tr', {},
                h('td', {}, m.memberId, m.leftOn ? ` (left ${m.leftOn})` : ''), h('td', {}, kindLabel(m.kind)), h('td', {}, m.birthDate), h('td', {}, m.ownStart ?? 'family dates')))))),
        h('div', { class: 'table-wrap' }, h('table', {},
            h('thead', {}, h('tr', {}, h('th', {}, 'Tier'), h('th', {}, 'From'), h('th', {}, 'Waiting'), h('th', {}, 'Covered from'))),
            h('tbody', {}, family.tiers.map((t) => h('tr', {},
                h('td', {}, tierLabel(t.tier)), h('td', {}, t.start, t.end ? ` to ${t.end}` : ''), h('td', {}, `${t.waitingMonths} month(s)`), h('td', {}, t.firstCoveredDate)))))),
        h('p', { class: 'hint' }, family.payments.length
            ? `Contributions paid: ${family.payments.map((p) => `${p.year} (${money(p.amount)} on ${p.paidOn})`).join(', ')}.`
            : 'No contribution recorded yet.'),
        paymentForm);

    const select = byId('claim-member');
    replace(select, family.members.filter((m) => !m.leftOn).map((m) => h('option', { value: m.memberId }, `${m.memberId} (${kindLabel(m.kind)})`)));
    show(byId('claim-needs-family'), false);
    show(byId('claim-form'), true);
    if (!byId('claim-lines').children.length) addLine();
    if (!byId('claim-invoice').value) byId('claim-invoice').value = newInvoiceReference();
}

// ---- claim form ----

const newInvoiceReference = () => `INV-${Date.now().toString(36).toUpperCase()}`;

byId('claim-received').value = todayIso();
byId('add-line').addEventListener('click', () => addLine());

function benefitOptions(selected) {
    const byTier = new Map();
    for (const benefit of state.catalogue.benefits) {
        if (!byTier.has(benefit.tier)) byTier.set(benefit.tier, []);
        byTier.get(benefit.tier).push(benefit);
    }
    return [h('option', { value: '' }, state.catalogue.benefits.length ? 'Choose a benefit…' : 'Loading the catalogue…'),
        [...byTier.entries()].map(([tier, benefits]) => h('optgroup', { label: tierLabel(tier) },
            benefits.map((b) => h('option', { value: b.code, selected: b.code === selected }, `${b.code} — ${b.title}`))))];
}

function refreshLinePickers() {
    for (const select of document.querySelectorAll('#claim-lines select[name="benefitCode"]')) {
        const value = select.value;
        replace(select, benefitOptions(value));
        select.value = value;
    }
}

const yesNo = (name, label) => h('div', {},
    h('label', {}, label),
    h('select', { name }, h('option', { value: '' }, 'Not known yet'), h('option', { value: 'true' }, 'Yes'), h('option', { value: 'false' }, 'No')));

function addLine() {
    const container = byId('claim-lines');
    const number = container.children.length + 1;
    const elementBox = h('div', {}, h('label', {}, 'Element or act (if any)'), h('input', { name: 'element', autocomplete: 'off' }));
    const benefit = h('select', { name: 'benefitCode', required: true, 'aria-label': `Benefit of line ${number}` }, benefitOptions(''));
    benefit.addEventListener('change', () => {
        const chosen = state.catalogue.benefits.find((b) => b.code === benefit.value);
        const elements = chosen?.elements ?? [];
        replace(elementBox, h('label', {}, 'Element or act (if any)'), elements.length
            ? h('select', { name: 'element' }, elements.map((e) => h('option', { value: e }, e)))
            : h('input', { name: 'element', autocomplete: 'off' }));
    });
    const remove = h('button', { type: 'button', class: 'secondary small' }, 'Remove');
    const editor = h('fieldset', { class: 'line-editor', 'data-line': number },
        h('h3', {}, h('span', { class: 'line-number' }, `Line ${number}`), remove),
        h('div', { class: 'fields' },
            h('div', { style: 'grid-column: 1 / -1' }, h('label', {}, 'Benefit'), benefit),
            h('div', {}, h('label', {}, 'Date of care'), h('input', { name: 'dateOfCare', type: 'date', value: todayIso(), required: true })),
            h('div', {}, h('label', {}, 'Invoiced (€)'), h('input', { name: 'invoiced', type: 'number', step: '0.01', required: true })),
            h('div', {}, h('label', {}, 'Paid by the statutory fund (€)'), h('input', { name: 'statutoryReimbursement', type: 'number', step: '0.01', value: '0', required: true })),
            h('div', {}, h('label', {}, 'Units (sessions, devices…)'), h('input', { name: 'units', type: 'number', min: '1', value: '1' })),
            elementBox),
        h('details', {},
            h('summary', {}, 'More details (abroad, confirmations, documents)'),
            h('div', { class: 'fields' },
                h('div', {}, h('label', {}, 'Country of care'), h('input', { name: 'countryOfCare', value: 'LU', maxlength: 2 })),
                h('div', {}, h('label', {}, 'Official tariff (€)'), h('input', { name: 'officialTariff', type: 'number', step: '0.01' })),
                yesNo('authorised', 'Authorised by the fund'),
                yesNo('serious', 'Serious surgery or treatment'),
                yesNo('programmeCompleted', 'Programme completed'),
                h('div', {}, h('label', {}, 'Circumstances (comma-separated)'), h('input', { name: 'circumstances', autocomplete: 'off' })),
                h('div', {}, h('label', {}, 'Documents supplied (comma-separated)'), h('input', { name: 'documents', autocomplete: 'off' })),
                h('div', {}, h('label', {}, 'Incident'), h('input', { name: 'incidentId', autocomplete: 'off' })),
                h('div', {}, h('label', {}, 'Trip'), h('input', { name: 'tripId', autocomplete: 'off' })))));
    remove.addEventListener('click', () => {
        editor.remove();
        [...container.children].forEach((child, i) => { child.querySelector('.line-number').textContent = `Line ${i + 1}`; });
    });
    container.append(editor);
}

const list = (text) => (text ? text.split(',').map((s) => s.trim()).filter(Boolean) : null);
const flag = (text) => (text === '' ? null : text === 'true');
const amount = (text) => (text === '' ? null : Number(text));

function lineBody(editor) {
    const value = (name) => editor.querySelector(`[name="${name}"]`)?.value.trim() ?? '';
    const line = {
        benefitCode: value('benefitCode'),
        dateOfCare: value('dateOfCare'),
        invoiced: amount(value('invoiced')),
        statutoryReimbursement: amount(value('statutoryReimbursement')) ?? 0,
        units: Number(value('units') || 1),
        countryOfCare: value('countryOfCare') || 'LU',
    };
    const optional = {
        element: value('element') || null,
        officialTariff: amount(value('officialTariff')),
        authorised: flag(value('authorised')),
        serious: flag(value('serious')),
        programmeCompleted: flag(value('programmeCompleted')),
        circumstances: list(value('circumstances')),
        documents: list(value('documents')),
        incidentId: value('incidentId') || null,
        tripId: value('tripId') || null,
    };
    for (const [name, v] of Object.entries(optional)) if (v !== null) line[name] = v;
    return line;
}

byId('claim-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const v = formValues(event.target);
    const body = {
        familyId: state.family.familyId,
        memberId: v.memberId,
        invoiceReference: v.invoiceReference,
        channel: v.channel,
        receivedOn: v.receivedOn,
        lines: [...byId('claim-lines').children].map(lineBody),
    };
    const button = byId('submit-claim');
    button.disabled = true;
    replace(byId('claim-message'));
    try {
        const claim = await post('/api/claims', body);
        showDecision(claim);
        remember(claimEvent(claim));
        replace(byId('claim-message'), okBox(`Claim ${claim.claimId}: ${statusLabel(claim.status)}, ${money(claim.totalPaid)}.`));
        byId('claim-invoice').value = newInvoiceReference();
        if (claim.status === 'pended') loadQueue();
    } catch (error) {
        replace(byId('claim-message'), errorBox(error));
    } finally {
        button.disabled = false;
    }
});

// ---- decision ----

function showDecision(claim) {
    state.shownClaim = claim;
    replace(byId('decision'), renderClaim(claim, state.catalogue.titles));
    byId('decision-card').scrollIntoView({ behavior: 'smooth', block: 'nearest' });
}

async function showClaim(memberId, invoiceReference) {
    try {
        showDecision(await get(`/api/claims/${path(memberId, invoiceReference)}`));
    } catch (error) {
        replace(byId('decision'), errorBox(error));
    }
}

// ---- live feed ----

const claimEvent = (claim) => ({
    claimId: claim.claimId, familyId: claim.familyId, memberId: claim.memberId, invoiceReference: claim.invoiceReference,
    status: claim.status, totalPaid: claim.totalPaid, summary: claim.explanation ?? '', version: claim.version, at: new Date().toISOString(),
});

// Keeps the newest state per claim: an event may arrive once per group the page joined, or after a re-read.
function remember(event) {
    const known = state.feed.get(event.claimId);
    if (known && claimRank(known.version, known.status) > claimRank(event.version, event.status)) return false;
    state.feed.set(event.claimId, event);
    renderFeed();
    return true;
}

function renderFeed() {
    const items = [...state.feed.values()].sort((a, b) => String(b.at).localeCompare(String(a.at))).slice(0, 50);
    replace(byId('feed'), items.length ? items.map((e) => h('li', { 'data-claim': e.claimId, 'data-status': e.status },
        h('div', { class: 'row' },
            statusPill(e.status),
            h('button', { type: 'button', class: 'link', onclick: () => showClaim(e.memberId, e.invoiceReference) }, e.claimId),
            isFinal(e.status) ? h('strong', {}, money(e.totalPaid)) : null),
        e.summary ? h('div', {}, e.summary) : null,
        h('div', { class: 'when' }, `Family ${e.familyId} · ${time(e.at)}`)))
        : h('li', { class: 'hint' }, 'No claims yet in this session.'));
}

function onClaimStatus(message) {
    if (!remember(message)) return;
    const shown = state.shownClaim;
    if (shown && shown.claimId === message.claimId && claimRank(message.version, message.status) > claimRank(shown.version, shown.status)) {
        showClaim(message.memberId, message.invoiceReference);
    }
    if (message.status === 'pended' || message.version > 1) loadQueue();
}

function onFamilyChanged(message) {
    if (state.family && state.family.familyId === message.familyId) openFamily(message.familyId, true);
}

// ---- queue of pended claims ----

async function loadQueue() {
    try {
        const queue = await get('/api/claims/pended');
        const items = Array.isArray(queue) ? queue : queue?.claims ?? [];
        byId('queue-count').textContent = String(items.length);
        replace(byId('queue-message'));
        replace(byId('queue'), items.length ? items.map(queueItem) : h('p', { class: 'hint' }, 'No claim is waiting for a person.'));
    } catch (error) {
        replace(byId('queue-message'), errorBox(error));
    }
}

function queueItem(item) {
    const panel = h('div', {});
    const base = `/api/claims/${path(item.memberId, item.invoiceReference)}`;
    const act = async (request) => {
        try {
            const claim = await request();
            showDecision(claim);
            remember(claimEvent(claim));
            await loadQueue();
        } catch (error) {
            replace(panel, errorBox(error));
        }
    };

    const approveForm = () => {
        const form = h('form', { class: 'approve' },
            h('p', { class: 'hint' }, 'Tick what you confirmed; the claim is then decided again with those facts.'),
            h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'authorised' }), 'Authorised by the statutory fund'),
            h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'serious' }), 'Serious surgery or treatment'),
            h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'programmeCompleted' }), 'Programme completed'),
            h('div', { class: 'fields' },
                h('div', {}, h('label', {}, 'Circumstances (comma-separated)'), h('input', { name: 'circumstances' })),
                h('div', {}, h('label', {}, 'Documents received (comma-separated)'), h('input', { name: 'documents' })),
                h('div', {}, h('label', {}, 'Official tariff (€)'), h('input', { name: 'officialTariff', type: 'number', step: '0.01' }))),
            h('button', { type: 'submit' }, 'Decide with these facts'));
        form.addEventListener('submit', (event) => {
            event.preventDefault();
            const v = formValues(form);
            const body = { refuse: false };
            if (v.authorised) body.authorised = true;
            if (v.serious) body.serious = true;
            if (v.programmeCompleted) body.programmeCompleted = true;
            if (list(v.circumstances)) body.circumstances = list(v.circumstances);
            if (list(v.documents)) body.documents = list(v.documents);
            if (amount(v.officialTariff) !== null) body.officialTariff = amount(v.officialTariff);
            act(() => post(`${base}/resolution`, body));
        });
        return form;
    };

    const refuseForm = () => {
        const form = h('form', { class: 'refuse' },
            h('label', {}, 'Reason, as the member will read it'),
            h('textarea', { name: 'reason', required: true, rows: 2 }),
            h('button', { type: 'submit', class: 'danger' }, 'Refuse the claim'));
        form.addEventListener('submit', (event) => {
            event.preventDefault();
            act(() => post(`${base}/resolution`, { refuse: true, reason: formValues(form).reason }));
        });
        return form;
    };

    const documentsForm = () => {
        const form = h('form', { class: 'documents' },
            h('label', {}, 'Documents received (comma-separated)'),
            h('input', { name: 'documents', required: true }),
            h('button', { type: 'submit' }, 'Add and decide again'));
        form.addEventListener('submit', (event) => {
            event.preventDefault();
            act(() => post(`${base}/documents`, { documents: list(formValues(form).documents) ?? [] }));
        });
        return form;
    };

    return h('div', { class: 'queue-item', 'data-claim': item.claimId },
        h('div', { class: 'row' }, h('strong', {}, item.claimId), h('span', { class: 'hint' }, `family ${item.familyId}`)),
        h('div', {}, item.need),
        h('div', { class: 'hint' },
            `${departmentLabel(item.department)} · ${item.channel === 'post' ? 'by post' : 'by app'} · received ${item.receivedOn} · expected within about ${item.expectedWeeks} week(s)`),
        h('div', { class: 'actions' },
            h('button', { type: 'button', class: 'secondary small', onclick: () => showClaim(item.memberId, item.invoiceReference) }, 'Open'),
            h('button', { type: 'button', class: 'small', onclick: () => replace(panel, approveForm()) }, 'Approve with confirmed facts'),
            h('button', { type: 'button', class: 'small danger', onclick: () => replace(panel, refuseForm()) }, 'Refuse'),
            h('button', { type: 'button', class: 'secondary small', onclick: () => replace(panel, documentsForm()) }, 'Add documents')),
        panel);
}

renderFeed();
start();
