// The front desk: sign in, search people, open a family (roster, tiers, payments, its claims), enrol, change the
// family, submit a claim, estimate one, and work a claim through its life (documents, resolution, refusal, reversal,
// correction); the desk's live feed and the queue of claims waiting for a person. FR/DE/EN (js/i18n.js).
import { h, replace, byId, show } from './dom.js';
import { get, getPage, post, put, useToken, onPushSequence } from './api.js';
import { Session, renderSignIn } from './session.js';
import { connectLive, showLiveStatus } from './live.js';
import { renderClaim, statusPill } from './decision.js';
import { claimFiles, memberFiles } from './desk-files.js';
import { loadCatalogue, emptyCatalogue, requiredDocuments, circumstances } from './catalogue.js';
import { initLanguage, translatePage, languageSwitch, t } from './i18n.js';
import {
    money, date, time, todayIso, statusLabel, departmentLabel, tierLabel, kindLabel, levelLabel, channelLabel, claimRank, isFinal, allows,
    documentLabel, circumstanceLabel, personName,
} from './format.js';
import { field, uid, clearErrors, markError, summarise, readAmount, readNationalNumber, showApiError, errorText } from './fields.js';
import { lineEditors } from './lines.js';
import { wireEstimateForm } from './estimate.js';
import { renderAccounts, renderAccountQueue } from './accounts.js';
import { showAudit } from './audit.js';

const session = new Session('desk');
useToken(() => session.token);

const state = {
    family: null,
    catalogue: emptyCatalogue(),
    feed: new Map(),
    shownClaim: null,
    live: null,
    claims: [],
    claimsView: newClaimsView(),
    search: { q: '', results: [], next: null },
};

const pageSize = 10;
const path = (...parts) => parts.map(encodeURIComponent).join('/');
const errorBox = (error) => h('div', { class: 'message error', role: 'alert' }, errorText(error));
const okBox = (text) => h('div', { class: 'message ok' }, text);
const levels = ['RC+PP+DO', 'RC+PP', 'RC'];
const levelOptions = (selected) => levels.map((l) => h('option', { value: l, selected: l === selected }, levelLabel(l)));

// ---- sign-in and language ----

function liveStatus(s, detail) {
    showLiveStatus(byId('live-status'), s, detail);
    byId('live-status').textContent = t(`live.${s}`);
}

async function start() {
    await initLanguage();
    await session.start();
    translatePage();
    claimLines.clear();
    estimateLines.clear();
    languageSwitch(byId('language'), rerender);
    begin();
}

/** After a language change: every label again, and what is on screen re-rendered in the new words. */
async function rerender() {
    translatePage();
    // The line editors are built in the page's language: typed lines are cleared with it.
    claimLines.clear();
    estimateLines.clear();
    if (!isStaff()) {
        begin();
        return;
    }
    buildStaticForms();
    if (state.family) renderFamily(state.family);
    renderClaims();
    renderSearch();
    renderFeed();
    if (state.shownClaim) showDecision(state.shownClaim, false);
    loadQueue();
    liveStatus(byId('live-status').dataset.state);
    byId('who').textContent = session.isValid ? session.describe() : '';
}

const isStaff = () => session.isValid && ['frontdesk', 'admin'].includes(session.role);

function begin() {
    const staff = isStaff();
    show(byId('sign-in-area'), !staff);
    show(byId('app'), staff);
    show(byId('sign-out'), session.isValid);
    byId('who').textContent = session.isValid ? session.describe() : '';
    if (!staff) {
        if (session.isValid) session.clear();
        renderSignIn(byId('sign-in'), {
            session,
            roles: [['frontdesk', t('role.frontdesk')], ['admin', t('role.admin')]],
            memberFields: false,
            onSignedIn: begin,
        });
        return;
    }
    if (state.live) return;
    buildStaticForms();
    loadCatalogue()
        .then((catalogue) => {
            state.catalogue = catalogue;
            claimLines.refresh(() => state.catalogue);
            estimateLines.refresh(() => state.catalogue);
        })
        .catch((error) => replace(byId('claim-message'), errorBox(error)));
    loadQueue();
    loadAccountQueue();
    state.live = connectLive({
        token: () => session.token,
        handlers: { claimStatusChanged: onClaimStatus, familyChanged: onFamilyChanged },
        join: (connection) => connection.invoke('JoinFrontDesk'),
        // The front desk hears every member's and family's stream whole: a gap in any re-reads what the page shows.
        resync,
        status: liveStatus,
    });
    onPushSequence((header) => state.live?.expect(header));
}

byId('sign-out').addEventListener('click', async () => {
    await state.live?.stop();
    if (!(await session.signOut())) location.reload();
});

async function resync() {
    await loadQueue();
    await loadAccountQueue();
    if (state.family) await openFamily(state.family.familyId, true);
    if (state.shownClaim) await showClaim(state.shownClaim.memberId, state.shownClaim.invoiceReference, false);
}

// ---- search ----

byId('search-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    clearErrors(form);
    const q = byId('search-q').value.trim();
    if (!q) {
        markError(byId('search-q'), t('error.server.required'));
        summarise(form, [t('search.typeSomething')]);
        return;
    }
    state.search = { q, results: [], next: `/api/search?q=${encodeURIComponent(q)}&limit=20` };
    await searchMore(form);
});

async function searchMore(form = byId('search-form')) {
    try {
        const page = await getPage(state.search.next);
        state.search.results.push(...page.items);
        state.search.next = page.next;
        // An id of a family entered before names were kept: open it directly.
        if (!state.search.results.length && /^[A-Za-z0-9._-]{1,64}$/.test(state.search.q)) {
            const family = await get(`/api/families/${path(state.search.q)}`).catch(() => null);
            if (family) {
                renderSearch();
                renderFamily(family);
                return;
            }
        }
        renderSearch();
    } catch (error) {
        showApiError(form, error);
    }
}

function renderSearch() {
    const { q, results, next } = state.search;
    if (!q) {
        replace(byId('search-results'));
        return;
    }
    replace(byId('search-results'),
        h('p', { class: 'hint', role: 'status' }, results.length ? t('search.found', { n: results.length }) : t('search.none', { q })),
        results.length ? h('div', { class: 'table-wrap' }, h('table', {},
            h('caption', { class: 'visually-hidden' }, t('search.resultsCaption')),
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('person.name')), h('th', { scope: 'col' }, t('person.nationalNumber')),
                h('th', { scope: 'col' }, t('person.born')), h('th', { scope: 'col' }, t('family.family')), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('common.actions'))))),
            h('tbody', {}, results.map((p) => h('tr', { 'data-member': p.memberId },
                h('td', {}, personName(p) ?? p.memberId, h('div', { class: 'hint' }, p.memberId, p.onRoster ? '' : ` · ${t('person.left')}`)),
                h('td', {}, p.nationalNumber ?? '–'),
                h('td', {}, date(p.birthDate)),
                h('td', {}, p.familyId),
                h('td', {}, h('button', { type: 'button', class: 'small', 'aria-label': t('search.openFamilyOf', { name: personName(p) ?? p.memberId }), onclick: () => openFamily(p.familyId) }, t('search.open')))))))) : null,
        next ? h('button', { type: 'button', class: 'secondary small', onclick: () => searchMore() }, t('common.more')) : null);
}

// ---- family ----

async function openFamily(familyId, quiet = false) {
    if (!quiet) {
        replace(byId('family-message'));
        clearContext(familyId);
    }
    try {
        renderFamily(await get(`/api/families/${path(familyId)}`));
        await loadClaims();
    } catch (error) {
        replace(byId('family-message'), errorBox(error.status === 404 ? new Error(t('family.notFound', { id: familyId })) : error));
    }
}

/** A new family on screen: nothing of the previous one stays (messages, decision, estimate, its claims). */
function clearContext(familyId) {
    if (state.family?.familyId === familyId) return;
    claimLines.clear();
    estimateLines.clear();
    byId('claim-invoice').value = '';
    replace(byId('claim-message'));
    replace(byId('estimate-result'));
    replace(byId('estimate-message'));
    if (state.shownClaim && state.shownClaim.familyId !== familyId) {
        state.shownClaim = null;
        replace(byId('decision'), h('p', { class: 'hint' }, t('decision.placeholder')));
        replace(byId('decision-actions'));
    }
    state.claims = [];
    state.claimsView = newClaimsView();
}

function memberLabel(m) {
    const name = personName(m);
    return name ? `${name} (${m.memberId})` : m.memberId;
}

function renderFamily(family) {
    state.family = family;
    const active = family.members.filter((m) => !m.leftOn);
    replace(byId('family-view'),
        h('h3', { id: 'family-title', 'data-family': family.familyId }, t('family.title', { id: family.familyId, level: family.level ? levelLabel(family.level) : t('family.resigned') })),
        h('p', {}, family.affiliationInEffect
            ? h('span', { class: 'pill s-approved' }, t('family.inEffect'))
            : h('span', { class: 'pill s-pended' }, t('family.notInEffect')),
            family.resignedOn ? ` ${t('family.resignedOn', { date: date(family.resignedOn) })}` : ''),
        h('div', { class: 'table-wrap' }, h('table', { id: 'roster' },
            h('caption', {}, t('family.roster')),
            h('thead', {}, h('tr', {}, ['person.name', 'person.nationalNumber', 'family.role', 'person.born', 'family.ownStart'].map((k) => h('th', { scope: 'col' }, t(k))))),
            h('tbody', {}, family.members.map((m) => h('tr', { 'data-member': m.memberId },
                h('td', {}, personName(m) ?? '–', h('div', { class: 'hint' }, m.memberId, m.leftOn ? ` · ${t('family.leftOn', { date: date(m.leftOn) })}` : '')),
                h('td', {}, m.nationalNumber ?? '–'),
                h('td', {}, kindLabel(m.kind)),
                h('td', {}, date(m.birthDate)),
                h('td', {}, m.ownStart ? date(m.ownStart) : t('family.familyDates'))))))),
        h('div', { class: 'table-wrap' }, h('table', { id: 'tiers' },
            h('caption', {}, t('family.tiers')),
            h('thead', {}, h('tr', {}, ['family.tier', 'family.from', 'family.waiting', 'family.coveredFrom'].map((k) => h('th', { scope: 'col' }, t(k))))),
            h('tbody', {}, family.tiers.map((x) => h('tr', { 'data-tier': x.tier },
                h('td', {}, tierLabel(x.tier)), h('td', {}, date(x.start), x.end ? ` – ${date(x.end)}` : ''),
                h('td', {}, t('family.months', { n: x.waitingMonths })), h('td', { 'data-first-covered': x.firstCoveredDate }, date(x.firstCoveredDate))))))),
        h('div', { class: 'table-wrap' }, h('table', { id: 'payments' },
            h('caption', {}, t('family.payments')),
            family.payments.length
                ? [h('thead', {}, h('tr', {}, ['family.year', 'family.amount', 'family.paidOn'].map((k) => h('th', { scope: 'col' }, t(k))))),
                    h('tbody', {}, family.payments.map((p) => h('tr', {}, h('td', {}, String(p.year)), h('td', { class: 'num' }, money(p.amount)), h('td', {}, date(p.paidOn)))))]
                : h('tbody', {}, h('tr', {}, h('td', {}, t('family.noPayment')))))),
        h('div', { id: 'member-files' }),
        h('div', { class: 'actions-list' },
            paymentForm(family),
            coAffiliateForm(family),
            personForm(family),
            removalForm(family),
            levelForm(family),
            family.level ? resignForm(family) : readmitForm(family)));

    replace(byId('claim-member'), active.map((m) => h('option', { value: m.memberId }, memberLabel(m))));
    replace(byId('estimate-member'), active.map((m) => h('option', { value: m.memberId }, memberLabel(m))));
    show(byId('claim-needs-family'), false);
    show(byId('claim-form'), true);
    show(byId('estimate-needs-family'), false);
    show(byId('estimate-form'), true);
    show(byId('claims-card'), true);
    if (!byId('claim-invoice').value) byId('claim-invoice').value = newInvoiceReference();
    showAudit(family);
    renderClaims();
    showAccounts(family);
}

/** The family's bank accounts (js/accounts.js); after a change, they and the four-eyes queue are read again. */
function showAccounts(family) {
    show(byId('accounts-card'), true);
    replace(byId('accounts-message'));
    return renderAccounts(byId('accounts-view'), byId('accounts-message'), family, memberLabel, async () => {
        await showAccounts(state.family);
        await loadAccountQueue();
    });
}

function loadAccountQueue() {
    return renderAccountQueue(byId('account-queue'), byId('account-queue-count'), byId('account-queue-message'), async () => {
        await loadAccountQueue();
        if (state.family) await showAccounts(state.family);
    });
    memberFiles(byId('member-files'), family);
}

/** A family command in a folding panel: its form, and the family re-rendered with a message when it succeeds. */
function action(id, title, fields, submitText, send, { danger = false } = {}) {
    const form = h('form', { id: `${id}-form`, novalidate: true }, h('div', { class: 'fields' }, fields),
        h('div', { class: 'row' }, h('button', { type: 'submit', class: danger ? 'danger' : '' }, submitText)));
    form.addEventListener('submit', async (event) => {
        event.preventDefault();
        clearErrors(form);
        try {
            const result = await send(form);
            if (result === undefined) {
                summarise(form, [...form.querySelectorAll('[aria-invalid="true"]')].map((c) => `${c.labels?.[0]?.textContent}: ${document.getElementById(`${c.id}-error`)?.textContent}`));
                return;
            }
            renderFamily(result.family);
            replace(byId('family-message'), okBox(result.message));
            byId('family-message').focus();
        } catch (error) {
            showApiError(form, error);
        }
    });
    return h('details', { id, class: 'action' }, h('summary', {}, title), form);
}

const input = (name, attributes = {}) => h('input', { name, 'data-path': name, autocomplete: 'off', ...attributes });
const dateInput = (name, value = todayIso()) => input(name, { type: 'date', value, required: true });
const amountInput = (name) => input(name, { type: 'text', inputmode: 'decimal', required: true });
const value = (form, name) => form.querySelector(`[name="${name}"]`).value.trim();
const control = (form, name) => form.querySelector(`[name="${name}"]`);
const familyPath = (family, ...rest) => `/api/families/${path(family.familyId, ...rest)}`;

function paymentForm(family) {
    return action('payment', t('family.recordPayment'), [
        field(t('family.year'), input('year', { type: 'number', min: 1900, max: 2100, value: new Date().getFullYear(), required: true, id: 'payment-year' })),
        field(t('family.amount'), h('input', { name: 'amount', 'data-path': 'amount', type: 'text', inputmode: 'decimal', autocomplete: 'off', id: 'payment-amount', required: true }), { hint: t('line.amountHint') }),
        field(t('family.paidOn'), dateInput('paidOn')),
    ], t('family.recordPayment'), async (form) => {
        const amount = readAmount(control(form, 'amount'));
        if (amount === undefined) return undefined;
        const year = Number(value(form, 'year'));
        return { family: await post(familyPath(family, 'payments'), { year, amount, paidOn: value(form, 'paidOn') }), message: t('family.paymentRecorded', { year, amount: money(amount) }) };
    });
}

const kinds = ['child', 'spouseOrPartner', 'householdRelative', 'fosterChild'];

/** Names and national number; pathPrefix is where the API names them ("person." in a co-affiliate's body, "" in a correction). */
function personFields(pathPrefix) {
    return [
        field(t('person.surname'), input('surname', { required: true, 'data-path': `${pathPrefix}surname` })),
        field(t('person.givenNames'), input('givenNames', { required: true, 'data-path': `${pathPrefix}givenNames` })),
        field(t('person.nationalNumber'), input('nationalNumber', { inputmode: 'numeric', maxlength: 16, 'data-path': `${pathPrefix}nationalNumber` }), { hint: t('person.nationalNumberHint') }),
    ];
}

/** The person of a form, or undefined after marking wrong fields. Names are required at the desk. */
function readPerson(form, birthDate) {
    let ok = true;
    for (const name of ['surname', 'givenNames']) {
        if (!value(form, name)) {
            markError(control(form, name), t('error.server.required'));
            ok = false;
        }
    }
    const nationalNumber = readNationalNumber(control(form, 'nationalNumber'), birthDate);
    if (nationalNumber === undefined || !ok) return undefined;
    return { surname: value(form, 'surname'), givenNames: value(form, 'givenNames'), nationalNumber };
}

function coAffiliateForm(family) {
    const form = action('co-affiliate', t('family.addCoAffiliate'), [
        field(t('family.memberId'), input('memberId', { required: true })),
        field(t('family.kind'), h('select', { name: 'kind', 'data-path': 'kind' }, kinds.map((k) => h('option', { value: k }, kindLabel(k))))),
        field(t('person.birthDate'), input('birthDate', { type: 'date', required: true })),
        ...personFields('person.'),
        field(t('family.addedOn'), dateInput('addedOn')),
        field(t('family.bornOrAdoptedOn'), input('bornOrAdoptedOn', { type: 'date' }), { hint: t('family.newbornHint') }),
        field(t('family.insuredSince'), input('insuredSince', { type: 'date' })),
        field(t('family.coInsured'), h('select', { name: 'coInsured' }, h('option', { value: 'true' }, t('common.yes')), h('option', { value: 'false' }, t('common.no')))),
    ], t('family.addCoAffiliate'), async (form) => {
        const birthDate = value(form, 'birthDate');
        const person = readPerson(form, birthDate);
        if (person === undefined) return undefined;
        const body = {
            memberId: value(form, 'memberId'), kind: value(form, 'kind'), birthDate, coInsuredWithMainAffiliate: value(form, 'coInsured') === 'true',
            addedOn: value(form, 'addedOn'), person,
        };
        if (value(form, 'bornOrAdoptedOn')) body.bornOrAdoptedOn = value(form, 'bornOrAdoptedOn');
        if (value(form, 'insuredSince')) body.statutoryPeriods = [{ from: value(form, 'insuredSince') }];
        return { family: await post(familyPath(family, 'members'), body), message: t('family.coAffiliateAdded', { name: `${person.givenNames} ${person.surname}` }) };
    });
    return form;
}

function memberSelect(members, name = 'memberId') {
    return h('select', { name, 'data-path': name }, members.map((m) => h('option', { value: m.memberId }, memberLabel(m))));
}

function personForm(family) {
    const details = action('person', t('family.editPerson'), [
        field(t('family.member'), memberSelect(family.members)),
        ...personFields(''),
    ], t('common.save'), async (form) => {
        const memberId = value(form, 'memberId');
        const member = family.members.find((m) => m.memberId === memberId);
        const person = readPerson(form, member?.birthDate);
        if (person === undefined) return undefined;
        return { family: await put(familyPath(family, 'members', memberId, 'person'), person), message: t('family.personSaved', { name: `${person.givenNames} ${person.surname}` }) };
    });
    const form = details.querySelector('form');
    const fill = () => {
        const member = family.members.find((m) => m.memberId === value(form, 'memberId'));
        control(form, 'surname').value = member?.surname ?? '';
        control(form, 'givenNames').value = member?.givenNames ?? '';
        control(form, 'nationalNumber').value = member?.nationalNumber ?? '';
    };
    control(form, 'memberId').addEventListener('change', fill);
    fill();
    return details;
}

function removalForm(family) {
    const coAffiliates = family.members.filter((m) => m.kind !== 'mainAffiliate' && !m.leftOn);
    if (!coAffiliates.length) return null;
    return action('removal', t('family.removeMember'), [
        field(t('family.member'), memberSelect(coAffiliates)),
        field(t('family.effective'), dateInput('effective')),
    ], t('family.removeMember'), async (form) => {
        const memberId = value(form, 'memberId');
        return { family: await post(familyPath(family, 'members', memberId, 'removal'), { effective: value(form, 'effective') }), message: t('family.memberRemoved', { id: memberId }) };
    }, { danger: true });
}

function levelForm(family) {
    if (!family.level) return null;
    return action('level', t('family.changeLevel'), [
        field(t('family.level'), h('select', { name: 'level', 'data-path': 'level' }, levelOptions(family.level))),
        field(t('family.requestReceived'), dateInput('requestReceived')),
    ], t('family.changeLevel'), async (form) => ({
        family: await post(familyPath(family, 'level'), { level: value(form, 'level'), requestReceived: value(form, 'requestReceived') }),
        message: t('family.levelChanged', { level: levelLabel(value(form, 'level')) }),
    }));
}

function resignForm(family) {
    return action('resign', t('family.resign'), [field(t('family.effective'), dateInput('effective'))], t('family.resign'), async (form) => ({
        family: await post(familyPath(family, 'resignation'), { effective: value(form, 'effective') }), message: t('family.resigned'),
    }), { danger: true });
}

function readmitForm(family) {
    return action('readmit', t('family.readmit'), [
        field(t('family.level'), h('select', { name: 'level', 'data-path': 'level' }, levelOptions('RC+PP+DO'))),
        field(t('family.applicationReceived'), dateInput('applicationReceived')),
    ], t('family.readmit'), async (form) => ({
        family: await post(familyPath(family, 'readmission'), { level: value(form, 'level'), applicationReceived: value(form, 'applicationReceived') }),
        message: t('family.readmitted'),
    }));
}

// ---- enrolment ----

function buildStaticForms() {
    const form = byId('enrol-form');
    replace(form,
        h('div', { class: 'fields' },
            field(t('enrol.familyId'), input('familyId', { id: 'enrol-family', required: true })),
            field(t('enrol.memberId'), input('mainMemberId', { id: 'enrol-member', required: true })),
            field(t('person.surname'), input('surname', { id: 'enrol-surname', required: true, 'data-path': 'mainPerson.surname' })),
            field(t('person.givenNames'), input('givenNames', { id: 'enrol-given', required: true, 'data-path': 'mainPerson.givenNames' })),
            field(t('person.birthDate'), input('mainBirthDate', { id: 'enrol-birth', type: 'date', required: true })),
            field(t('person.nationalNumber'), input('nationalNumber', { id: 'enrol-nin', inputmode: 'numeric', maxlength: 16, 'data-path': 'mainPerson.nationalNumber' }), { hint: t('person.nationalNumberHint') }),
            field(t('enrol.applicationReceived'), input('applicationReceived', { id: 'enrol-received', type: 'date', value: todayIso(), required: true })),
            field(t('family.level'), h('select', { name: 'level', id: 'enrol-level', 'data-path': 'level' }, levelOptions('RC+PP+DO'))),
            field(t('enrol.reason'), h('select', { name: 'reason', id: 'enrol-reason', 'data-path': 'reason' },
                ['firstTime', 'readmission', 'formerCoAffiliate', 'afterDivorceOrEndOfPartnership'].map((r) => h('option', { value: r }, t(`enrol.reason.${r}`))))),
            field(t('enrol.insurance'), h('select', { name: 'insurance', id: 'enrol-insurance', 'data-path': 'eligibility.insurance' },
                ['luxembourgFund', 'euInstitutions', 'neighbouringCountryScheme', 'none'].map((r) => h('option', { value: r }, t(`enrol.insurance.${r}`))))),
            field(t('family.insuredSince'), input('insuredSince', { id: 'enrol-insured-since', type: 'date' })),
            field(t('enrol.country'), input('domicileCountry', { id: 'enrol-country', value: 'LU', maxlength: 2, 'data-path': 'eligibility.domicileCountry' })),
            field(t('enrol.region'), input('domicileRegion', { id: 'enrol-region', 'data-path': 'eligibility.domicileRegion' }))),
        checkbox('memberOfRecognisedMutual', t('enrol.recognisedMutual'), true),
        checkbox('paysMutualityFamilyContribution', t('enrol.paysMutuality'), false),
        h('div', { class: 'row' }, h('button', { type: 'submit', id: 'enrol-submit' }, t('enrol.submit'))));
    byId('claim-received').value ||= todayIso();
}

const checkbox = (name, text, checked) => {
    const box = h('input', { type: 'checkbox', name, id: uid('check'), checked });
    return h('label', { class: 'check', for: box.id }, box, text);
};

byId('enrol-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    clearErrors(form);
    const v = (name) => value(form, name);
    const person = readPerson(form, v('mainBirthDate'));
    if (person === undefined) {
        summarise(form, [...form.querySelectorAll('[aria-invalid="true"]')].map((c) => `${c.labels?.[0]?.textContent}: ${document.getElementById(`${c.id}-error`)?.textContent}`));
        return;
    }
    const body = {
        familyId: v('familyId'), mainMemberId: v('mainMemberId'), mainBirthDate: v('mainBirthDate') || null, applicationReceived: v('applicationReceived'),
        level: v('level'), reason: v('reason'), mainPerson: person,
        eligibility: {
            memberOfRecognisedMutual: control(form, 'memberOfRecognisedMutual').checked,
            paysMutualityFamilyContribution: control(form, 'paysMutualityFamilyContribution').checked,
            insurance: v('insurance'), domicileCountry: v('domicileCountry') || 'LU', domicileRegion: v('domicileRegion') || null,
        },
    };
    if (v('insuredSince')) body.statutoryPeriods = [{ from: v('insuredSince') }];
    try {
        const family = await post('/api/families', body);
        byId('enrol').open = false;
        buildStaticForms();
        clearContext(family.familyId);
        renderFamily(family);
        await loadClaims();
        replace(byId('family-message'), okBox(t('enrol.done', { id: family.familyId })));
    } catch (error) {
        showApiError(form, error);
    }
});

// ---- the family's claims ----
// Filtered and paged by the server (GET /api/families/{id}/claims?member=&status=&year=&benefit=&reference=), newest
// first, a page at a time: exact for any length of history. view.urls holds the link of each page seen, for "previous".

function newClaimsView() {
    return { member: '', status: '', year: '', benefit: '', reference: '', page: 0, urls: [], next: null };
}

function claimsUrl(familyId) {
    const view = state.claimsView;
    const query = new URLSearchParams({ limit: String(pageSize), order: 'newest' });
    for (const key of ['member', 'status', 'year', 'benefit', 'reference']) if (view[key]) query.set(key, view[key]);
    return `/api/families/${path(familyId)}/claims?${query}`;
}

/** The first page again (a new family, or other filters). */
async function loadClaims() {
    if (!state.family) return;
    const view = state.claimsView;
    view.page = 0;
    view.urls = [claimsUrl(state.family.familyId)];
    await loadClaimsPage();
}

async function loadClaimsPage() {
    const familyId = state.family?.familyId;
    const view = state.claimsView;
    try {
        const page = await getPage(view.urls[view.page]);
        if (state.family?.familyId !== familyId) return;
        state.claims = page.items;
        view.next = page.next;
        replace(byId('claims-message'));
        renderClaims();
    } catch (error) {
        replace(byId('claims-message'), errorBox(error));
    }
}

const claimDate = (c) => c.lines?.[0]?.dateOfCare ?? c.receivedOn;

/** Whether one claim that just moved belongs on the first page under the filters (the server filters every list). */
function matchesView(c) {
    const view = state.claimsView;
    const lines = c.lines ?? [];
    return (!view.member || c.memberId === view.member)
        && (!view.status || view.status.split(',').includes(c.status))
        && (!view.year || lines.some((l) => String(l.dateOfCare).startsWith(view.year)))
        && (!view.benefit || lines.some((l) => l.benefitCode === view.benefit))
        && (!view.reference || String(c.invoiceReference).toLowerCase().includes(view.reference.toLowerCase()));
}

function renderClaims() {
    if (!state.family) return;
    const view = state.claimsView;
    const thisYear = Number(todayIso().slice(0, 4));
    const years = Array.from({ length: 10 }, (_, i) => String(thisYear - i));
    const shown = state.claims;
    const filtered = view.member || view.status || view.year || view.benefit || view.reference;
    const names = new Map(state.family.members.map((m) => [m.memberId, personName(m) ?? m.memberId]));

    const filter = (id, label, key, options) => {
        const select = h('select', { id, name: key }, h('option', { value: '' }, t('claims.all')),
            options.map(([v, text]) => h('option', { value: v, selected: v === view[key] }, text)));
        select.addEventListener('change', async () => {
            view[key] = select.value;
            await loadClaims();
            byId(id)?.focus();
        });
        return field(label, select);
    };

    const reference = h('input', { id: 'claims-reference', name: 'reference', type: 'search', maxlength: '64', value: view.reference, autocomplete: 'off' });
    const referenceForm = h('form', { class: 'row', role: 'search', 'aria-label': t('everyHost.claims.referenceSearch') },
        field(t('everyHost.claims.reference'), reference),
        h('button', { type: 'submit', class: 'secondary small' }, t('everyHost.claims.find')));
    referenceForm.addEventListener('submit', async (event) => {
        event.preventDefault();
        view.reference = reference.value.trim();
        await loadClaims();
        byId('claims-reference')?.focus();
    });

    replace(byId('claims'),
        h('div', { class: 'fields filters' },
            filter('claims-member', t('claims.member'), 'member', state.family.members.map((m) => [m.memberId, names.get(m.memberId)])),
            filter('claims-status', t('claims.status'), 'status', ['approved', 'partiallyApproved', 'pended', 'refused', 'reversed'].map((s) => [s, statusLabel(s)])),
            filter('claims-year', t('everyHost.claims.careYear'), 'year', years.map((y) => [y, y])),
            filter('claims-benefit', t('everyHost.claims.benefit'), 'benefit', state.catalogue.benefits.map((b) => [b.code, `${b.code} ${b.title ?? ''}`.trim()]))),
        referenceForm,
        shown.length
            ? h('div', { class: 'table-wrap' }, h('table', { id: 'claims-table' },
                h('caption', { class: 'visually-hidden' }, t('claims.caption')),
                h('thead', {}, h('tr', {}, ['claims.received', 'claims.care', 'claims.invoice', 'claims.member', 'claims.status', 'claims.paid'].map((k) => h('th', { scope: 'col', class: k === 'claims.paid' ? 'num' : '' }, t(k))),
                    h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('common.actions'))))),
                h('tbody', {}, shown.map((c) => h('tr', { 'data-claim': c.claimId, 'data-status': c.status },
                    h('td', {}, date(c.receivedOn)), h('td', {}, date(claimDate(c))), h('td', {}, c.invoiceReference), h('td', {}, names.get(c.memberId) ?? c.memberId),
                    h('td', {}, statusPill(c.status)), h('td', { class: 'num' }, money(c.totalPaid)),
                    h('td', {}, h('button', { type: 'button', class: 'small secondary', 'aria-label': t('claims.openNamed', { invoice: c.invoiceReference }), onclick: () => showClaim(c.memberId, c.invoiceReference) }, t('search.open'))))))))
            : h('p', { class: 'hint' }, filtered ? t('claims.noneMatch') : t('claims.none')),
        view.page > 0 || view.next ? h('nav', { class: 'row pager', 'aria-label': t('claims.pages') },
            h('button', { type: 'button', class: 'secondary small', disabled: view.page === 0, onclick: () => { view.page--; loadClaimsPage(); } }, t('common.previous')),
            h('span', { 'aria-live': 'polite' }, t('everyHost.claims.page', { page: view.page + 1 })),
            h('button', { type: 'button', class: 'secondary small', disabled: !view.next, onclick: () => { view.urls[view.page + 1] = view.next; view.page++; loadClaimsPage(); } }, t('common.next'))) : null);
}

// ---- new claim and estimate ----

const newInvoiceReference = () => `INV-${Date.now().toString(36).toUpperCase()}`;
const claimLines = lineEditors(byId('claim-lines'), { catalogue: () => state.catalogue, staff: true });
const estimateLines = lineEditors(byId('estimate-lines'), { catalogue: () => state.catalogue, staff: true });
byId('claim-received').value = todayIso();
byId('add-line').addEventListener('click', () => claimLines.add().querySelector('select')?.focus());
byId('estimate-add-line').addEventListener('click', () => estimateLines.add().querySelector('select')?.focus());

byId('claim-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    clearErrors(form);
    replace(byId('claim-message'));
    const lines = claimLines.read();
    if (!lines) {
        summarise(form, [t('error.linesWrong')]);
        return;
    }
    const body = {
        familyId: state.family.familyId, memberId: value(form, 'memberId'), invoiceReference: value(form, 'invoiceReference'),
        channel: value(form, 'channel'), receivedOn: value(form, 'receivedOn'), lines,
    };
    const button = byId('submit-claim');
    button.disabled = true;
    try {
        const claim = await post('/api/claims', body);
        showDecision(claim);
        remember(claimEvent(claim));
        replace(byId('claim-message'), okBox(t('claim.submitted', { invoice: claim.invoiceReference, status: statusLabel(claim.status), amount: money(claim.totalPaid) })));
        byId('claim-invoice').value = newInvoiceReference();
        if (claim.status === 'pended') loadQueue();
        loadClaims();
    } catch (error) {
        showApiError(form, error);
    } finally {
        button.disabled = false;
    }
});

wireEstimateForm(estimateLines, (form) => ({ familyId: state.family.familyId, memberId: value(form, 'memberId') }), () => state.catalogue);

// ---- decision and the claim's actions ----

function showDecision(claim, scroll = true) {
    state.shownClaim = claim;
    replace(byId('decision'), renderClaim(claim, state.catalogue));
    replace(byId('decision-files'), claimFiles(claim, { catalogue: state.catalogue, onConfirmed: (done) => { showDecision(done, false); loadQueue(); } }));
    replace(byId('decision-actions'), claimActions(claim));
    show(byId('print-decision'), true);
    if (scroll) byId('decision-card').scrollIntoView({ behavior: 'smooth', block: 'nearest' });
}

async function showClaim(memberId, invoiceReference, scroll = true) {
    try {
        showDecision(await get(`/api/claims/${path(memberId, invoiceReference)}`), scroll);
    } catch (error) {
        replace(byId('decision'), errorBox(error));
    }
}

byId('print-decision').addEventListener('click', () => window.print());
window.addEventListener('beforeprint', () => { for (const d of document.querySelectorAll('#decision details')) d.open = true; });

function claimActions(claim) {
    const base = `/api/claims/${path(claim.memberId, claim.invoiceReference)}`;
    const after = async (done) => {
        showDecision(done);
        remember(claimEvent(done));
        await Promise.all([loadQueue(), loadClaims()]);
        byId('decision').focus();
    };
    const panel = (id, title, form) => h('details', { id, class: 'action' }, h('summary', {}, title), form);
    const codes = [...new Set((claim.lines ?? []).map((l) => l.benefitCode))];
    const missing = [...new Set((claim.lines ?? []).flatMap((l) => (l.pending?.reason === 'missingDocuments' ? l.pending.items : [])))];
    const documents = [...new Set(codes.flatMap((c) => requiredDocuments(state.catalogue, c)).concat(missing))].filter((d) => !(claim.documents ?? []).includes(d));
    const reasons = [...new Set(codes.flatMap((c) => circumstances(state.catalogue, c)))];
    const ticks = (name, values, label) => h('fieldset', { class: 'choices' }, h('legend', {}, label), values.map((v) => {
        const box = h('input', { type: 'checkbox', name, value: v, id: uid(name) });
        return h('label', { class: 'check', for: box.id }, box, name === 'documents' ? documentLabel(v) : circumstanceLabel(v));
    }));
    const ticked = (form, name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((b) => b.value);
    const submit = (form, send) => form.addEventListener('submit', async (event) => {
        event.preventDefault();
        clearErrors(form);
        try {
            const result = await send();
            if (result) await after(result);
        } catch (error) {
            showApiError(form, error);
        }
    });
    const reasonField = (id) => field(t('action.reason'), h('textarea', { name: 'reason', 'data-path': 'reason', rows: 2, id, required: true }));

    // The server says what may be done to the claim now (its state and this clerk's role): the page does not re-decide it.
    const items = [];
    if (allows(claim, 'addDocuments') && documents.length) {
        const form = h('form', { class: 'documents', novalidate: true }, ticks('documents', documents, t('action.documentsReceived')),
            h('button', { type: 'submit' }, t('action.addDocuments')));
        submit(form, () => {
            const picked = ticked(form, 'documents');
            if (!picked.length) {
                summarise(form, [t('action.pickDocument')]);
                return null;
            }
            return post(`${base}/documents`, { documents: picked });
        });
        items.push(panel('act-documents', t('action.addDocuments'), form));
    }
    if (allows(claim, 'resolve')) {
        const confirm = (name, text) => {
            const box = h('input', { type: 'checkbox', name, id: uid(name) });
            return h('label', { class: 'check', for: box.id }, box, text);
        };
        const tariff = h('input', { name: 'officialTariff', 'data-path': 'officialTariff', type: 'text', inputmode: 'decimal', autocomplete: 'off' });
        const resolve = h('form', { class: 'resolve', novalidate: true },
            h('p', { class: 'hint' }, t('action.resolveHint')),
            confirm('authorised', t('line.authorised')), confirm('serious', t('line.serious')), confirm('programmeCompleted', t('line.programmeCompleted')),
            confirm('amountsReviewed', t('action.amountsReviewed')),
            reasons.length ? ticks('circumstances', reasons, t('line.circumstances')) : null,
            documents.length ? ticks('documents', documents, t('action.documentsReceived')) : null,
            h('div', { class: 'fields' }, field(t('line.officialTariff'), tariff)),
            h('button', { type: 'submit' }, t('action.resolve')));
        submit(resolve, () => {
            const body = { refuse: false };
            for (const name of ['authorised', 'serious', 'programmeCompleted', 'amountsReviewed']) if (control(resolve, name).checked) body[name] = true;
            if (ticked(resolve, 'circumstances').length) body.circumstances = ticked(resolve, 'circumstances');
            if (ticked(resolve, 'documents').length) body.documents = ticked(resolve, 'documents');
            const amount = readAmount(tariff, { required: false });
            if (amount === undefined) return null;
            if (amount !== null) body.officialTariff = amount;
            return post(`${base}/resolution`, body);
        });
        items.push(panel('act-resolve', t('action.resolve'), resolve));
        const refuse = h('form', { class: 'refuse', novalidate: true }, reasonField(uid('refuse-reason')), h('button', { type: 'submit', class: 'danger' }, t('action.refuse')));
        submit(refuse, () => {
            if (!value(refuse, 'reason')) {
                markError(control(refuse, 'reason'), t('error.server.required'));
                summarise(refuse, [t('action.reasonNeeded')]);
                return null;
            }
            return post(`${base}/resolution`, { refuse: true, reason: value(refuse, 'reason') });
        });
        items.push(panel('act-refuse', t('action.refuse'), refuse));
    }
    if (allows(claim, 'reverse')) {
        const preview = h('div', { class: 'preview', 'aria-live': 'polite' });
        const reverse = h('form', { class: 'reverse', novalidate: true }, reasonField(uid('reverse-reason')), preview,
            h('div', { class: 'row' },
                h('button', { type: 'button', class: 'secondary', onclick: async () => {
                    try {
                        replace(preview, cascadePreview(await get(`${base}/reversal-preview`)));
                    } catch (error) {
                        showApiError(reverse, error);
                    }
                } }, t('action.preview')),
                h('button', { type: 'submit', class: 'danger' }, t('action.reverse'))));
        submit(reverse, () => {
            if (!value(reverse, 'reason')) {
                markError(control(reverse, 'reason'), t('error.server.required'));
                summarise(reverse, [t('action.reasonNeeded')]);
                return null;
            }
            return post(`${base}/reversal`, { reason: value(reverse, 'reason') });
        });
        items.push(panel('act-reverse', t('action.reverse'), reverse));
    }
    if (allows(claim, 'correct')) {
        const container = h('div', { class: 'correction-lines' });
        const editors = lineEditors(container, { catalogue: () => state.catalogue, staff: true, prefix: 'lines' });
        // From the lines as submitted (every field: element, units, country, facts, documents), amounts as the clerk types them.
        const typed = (euros) => (euros === null || euros === undefined ? '' : money(euros).replace(/[^\d,.]/g, ''));
        for (const line of claim.submittedLines ?? []) {
            editors.add({ ...line, invoiced: typed(line.invoiced), statutoryReimbursement: typed(line.statutoryReimbursement), officialTariff: typed(line.officialTariff) });
        }
        const preview = h('div', { class: 'preview', 'aria-live': 'polite' });
        const correct = h('form', { class: 'correct', novalidate: true }, container, reasonField(uid('correct-reason')), preview,
            h('div', { class: 'row' },
                h('button', { type: 'button', class: 'secondary', onclick: async () => {
                    clearErrors(correct);
                    const lines = editors.read();
                    if (!lines) return;
                    try {
                        replace(preview, cascadePreview(await post(`${base}/correction-preview`, { reason: value(correct, 'reason') || '-', lines })));
                    } catch (error) {
                        showApiError(correct, error);
                    }
                } }, t('action.preview')),
                h('button', { type: 'submit' }, t('action.correct'))));
        submit(correct, () => {
            const lines = editors.read();
            if (!lines) {
                summarise(correct, [t('error.linesWrong')]);
                return null;
            }
            if (!value(correct, 'reason')) {
                markError(control(correct, 'reason'), t('error.server.required'));
                summarise(correct, [t('action.reasonNeeded')]);
                return null;
            }
            return post(`${base}/correction`, { reason: value(correct, 'reason'), lines });
        });
        items.push(panel('act-correct', t('action.correct'), correct));
    }
    return items;
}

function cascadePreview(p) {
    return h('div', { class: 'message notice', 'data-preview': true },
        h('p', {}, t('action.previewPaid', { before: money(p.paidBefore), after: money(p.paidAfter) })),
        p.redecided?.length
            ? h('ul', {}, p.redecided.map((r) => h('li', {}, t('action.previewRedecided', { claim: r.claimId, before: money(r.paidBefore), after: money(r.paidAfter), topUp: money(r.topUp) }))))
            : h('p', {}, t('action.previewNone')));
}

// ---- live feed ----

const claimEvent = (claim) => ({
    claimId: claim.claimId, familyId: claim.familyId, memberId: claim.memberId, invoiceReference: claim.invoiceReference,
    status: claim.status, totalPaid: claim.totalPaid, version: claim.version, at: new Date().toISOString(),
});

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
        h('div', { class: 'when' }, `${t('family.family')} ${e.familyId} · ${time(e.at)}`)))
        : h('li', { class: 'hint' }, t('feed.empty')));
}

function onClaimStatus(message) {
    if (!remember(message)) return;
    const shown = state.shownClaim;
    if (shown && shown.claimId === message.claimId && claimRank(message.version, message.status) > claimRank(shown.version, shown.status)) {
        showClaim(message.memberId, message.invoiceReference, false);
    }
    if (message.status === 'pended' || message.version > 1) loadQueue();
    if (state.family?.familyId === message.familyId && message.status !== 'received' && message.status !== 'adjudicating') refreshClaim(message);
}

/** One claim of the open family moved: read that claim alone and put it in the page shown (not the whole list again). */
async function refreshClaim(message) {
    const familyId = state.family?.familyId;
    try {
        const claim = await get(`/api/claims/${path(message.memberId, message.invoiceReference)}`);
        if (!claim || state.family?.familyId !== familyId || claim.familyId !== familyId) return;
        const at = state.claims.findIndex((c) => c.claimId === claim.claimId);
        if (at >= 0 && claimRank(state.claims[at].version, state.claims[at].status) > claimRank(claim.version, claim.status)) return;
        if (at >= 0) {
            if (matchesView(claim)) state.claims[at] = claim;
            else state.claims.splice(at, 1);
        } else if (state.claimsView.page === 0 && matchesView(claim)) {
            // Newest first: a claim new to the list goes on top of the first page.
            state.claims.unshift(claim);
            if (state.claims.length > pageSize) {
                state.claims.length = pageSize;
                // The page overflowed onto a next page the list did not have: read the first page again for its link.
                if (!state.claimsView.next) {
                    await loadClaimsPage();
                    return;
                }
            }
        } else {
            return;
        }
        renderClaims();
    } catch (error) {
        replace(byId('claims-message'), errorBox(error));
    }
}

function onFamilyChanged(message) {
    if (state.family && state.family.familyId === message.familyId) openFamily(message.familyId, true);
}

// ---- queue of pended claims ----

async function loadQueue() {
    try {
        const page = await getPage('/api/claims/pended');
        const items = page.items;
        // The first page only: past it the count says "100+" rather than a number that is not the queue's.
        byId('queue-count').textContent = page.next ? `${items.length}+` : String(items.length);
        replace(byId('queue-message'));
        replace(byId('queue'), items.length ? h('ul', { class: 'plain' }, items.map(queueItem)) : h('p', { class: 'hint' }, t('queue.empty')));
    } catch (error) {
        replace(byId('queue-message'), errorBox(error));
    }
}

function queueItem(item) {
    return h('li', { class: 'queue-item', 'data-claim': item.claimId },
        h('div', { class: 'row' }, h('strong', {}, item.invoiceReference), h('span', { class: 'hint' }, `${item.memberId} · ${t('family.family')} ${item.familyId}`)),
        h('div', { class: 'hint' }, t('queue.meta', { department: departmentLabel(item.department), channel: channelLabel(item.channel), date: date(item.receivedOn), weeks: item.expectedWeeks })),
        h('div', { class: 'actions' },
            h('button', { type: 'button', class: 'secondary small', 'aria-label': t('queue.openNamed', { invoice: item.invoiceReference }), onclick: () => showClaim(item.memberId, item.invoiceReference) }, t('search.open')),
            h('button', { type: 'button', class: 'secondary small', 'aria-label': t('queue.familyNamed', { id: item.familyId }), onclick: () => openFamily(item.familyId) }, t('queue.openFamily'))));
}

renderFeed();
start();
