// A claim and its decision, for a person, in the page's language: what the CMCM pays in all and per tier, what the
// member still pays, and for each line which rule of which tier paid what and how each cap bore on it. Sentences are
// built from the decision's reason codes and figures (wwwroot/i18n/*.json), not from the server's English text.
import { h } from './dom.js';
import { t } from './i18n.js';
import {
    money, date, dateTime, statusLabel, outcomeLabel, departmentLabel, tierLabel, channelLabel, benefitTitle, capWords,
    documentLabel, needLabel, circumstanceLabel,
} from './format.js';

export function statusPill(status) {
    return h('span', { class: `pill s-${status}`, 'data-status': status }, statusLabel(status));
}

function capLine(cap, catalogue) {
    const description = capWords(catalogue?.caps?.get(cap.capId), money) ?? cap.description;
    const parts = [];
    if (cap.roomBefore !== null && cap.roomBefore !== undefined) {
        parts.push(h('span', { class: 'room' }, `${money(cap.roomBefore)} → ${money(cap.roomAfter)}`));
        if (cap.limit !== null && cap.limit !== undefined) parts.push(` ${t('decision.leftOf', { limit: money(cap.limit) })}`);
    }
    if (cap.unitsRoomBefore !== null && cap.unitsRoomBefore !== undefined) {
        if (parts.length) parts.push('; ');
        parts.push(h('span', { class: 'room' }, `${cap.unitsRoomBefore} → ${cap.unitsRoomAfter}`));
        parts.push(` ${cap.unitsLimit !== null && cap.unitsLimit !== undefined ? t('decision.unitsLeftOf', { limit: cap.unitsLimit }) : t('decision.unitsLeft')}`);
    }
    if (!parts.length && cap.limit !== null && cap.limit !== undefined) parts.push(t('decision.atMost', { limit: money(cap.limit) }));
    return h('div', { class: `cap${cap.limited ? ' limited' : ''}` },
        `${t('decision.cap')}: ${description} — `, parts, cap.limited ? ` ${t('decision.capReduced')}` : '');
}

function paymentBlock(payment, catalogue) {
    return h('div', { class: 'payment' },
        h('div', {}, h('strong', {}, tierLabel(payment.tier)), ` · ${payment.benefitCode} — ${benefitTitle(payment.benefitCode, catalogue?.titles)}`),
        h('div', { class: 'rule' }, t('decision.ruleGives', { rule: money(payment.ruleAmount) }), ' ', h('strong', {}, t('decision.pays', { amount: money(payment.amount) }))),
        (payment.caps ?? []).map((c) => capLine(c, catalogue)));
}

/** The reason a tier or a line pays nothing, in words, with the first covered date when there is one. */
export function reasonWords(reason, { firstCoveredDate, items } = {}) {
    const key = `reason.${reason}`;
    return t(key, {
        date: firstCoveredDate ? date(firstCoveredDate) : '',
        items: (items ?? []).map(itemLabel).join(', '),
    });
}

function itemLabel(item) {
    const asDocument = documentLabel(item);
    if (asDocument !== item) return asDocument;
    const asNeed = needLabel(item);
    return asNeed !== item ? asNeed : circumstanceLabel(item);
}

function lineBlock(line, catalogue) {
    const firstCovered = (line.notPaying ?? []).map((n) => n.firstCoveredDate).find(Boolean);
    const refused = line.outcome === 'refused';
    const memberPays = Math.max(0, Number(line.uncovered) - Number(line.paid));
    return h('div', { class: `line-decision${refused ? ' refused' : ''}`, 'data-line': line.lineNumber },
        h('div', { class: 'line-title' },
            h('strong', {}, `${t('decision.line', { n: line.lineNumber })}: ${benefitTitle(line.benefitCode, catalogue?.titles)}`),
            h('span', {}, h('span', { class: `pill o-${line.outcome}`, 'data-outcome': line.outcome }, outcomeLabel(line.outcome)), ' ', h('strong', {}, money(line.paid)))),
        h('div', { class: 'hint' }, t('decision.lineFacts', {
            code: line.benefitCode, date: date(line.dateOfCare), invoiced: money(line.invoiced), statutory: money(line.statutoryReimbursement), uncovered: money(line.uncovered),
        })),
        h('div', { class: 'shares' },
            h('span', { class: 'share cmcm' }, t('decision.cmcmPays', { amount: money(line.paid) })),
            h('span', { class: 'share member', 'data-member-pays': memberPays.toFixed(2) }, t('decision.memberPays', { amount: money(memberPays) }))),
        line.payments?.length ? null : line.reason && h('p', { class: refused ? 'refusal' : '' }, reasonWords(line.reason, { firstCoveredDate: firstCovered, items: line.pending?.items })),
        (line.payments ?? []).map((p) => paymentBlock(p, catalogue)),
        (line.notPaying ?? []).map((n) => h('div', { class: 'payment not-paying' },
            h('div', {}, h('strong', {}, tierLabel(n.tier)), ` · ${n.benefitCode}: ${t('decision.paysNothing')}`),
            h('div', { class: 'rule' }, reasonWords(n.reason, { firstCoveredDate: n.firstCoveredDate })))),
        line.pending && h('div', { class: 'message notice' }, reasonWords(line.pending.reason, { items: line.pending.items })));
}

function totals(lines) {
    let uncovered = 0;
    let paid = 0;
    for (const line of lines ?? []) {
        uncovered += Number(line.uncovered ?? 0);
        paid += Number(line.paid ?? 0);
    }
    return { uncovered, memberPays: Math.max(0, Math.round((uncovered - paid) * 100) / 100) };
}

/** The whole claim. catalogue: the loaded catalogue (titles, cap definitions); may be empty. */
export function renderClaim(claim, catalogue) {
    const tiers = Object.entries(claim.paidByTier ?? {}).filter(([, amount]) => amount > 0);
    const { memberPays } = totals(claim.lines);
    const refused = claim.status === 'refused' || claim.status === 'reversed';
    return h('article', { class: `claim${refused ? ' refused' : ''}`, 'data-claim': claim.claimId, 'aria-label': t('decision.claimLabel', { id: claim.invoiceReference }) },
        h('div', { class: 'decision-head' },
            statusPill(claim.status),
            h('span', { class: 'total', 'data-total': claim.totalPaid }, money(claim.totalPaid)),
            h('span', { class: 'member-share', 'data-member-pays': memberPays.toFixed(2) }, t('decision.memberPays', { amount: money(memberPays) })),
            h('span', { class: 'hint' }, t('decision.meta', {
                invoice: claim.invoiceReference, member: claim.memberId, family: claim.familyId, channel: channelLabel(claim.channel), date: date(claim.receivedOn),
            }))),
        tiers.length > 0 && h('div', { class: 'tiers' }, tiers.map(([tier, amount]) => h('span', {}, `${tierLabel(tier)}: ${money(amount)}`))),
        claim.pending && h('div', { class: 'message notice', 'data-pending': true },
            t('decision.pending', { department: departmentLabel(claim.pending.department), weeks: claim.pending.expectedWeeks })),
        (claim.lines ?? []).map((line) => lineBlock(line, catalogue)),
        claim.history?.length ? h('details', { class: 'history' }, h('summary', {}, t('decision.history')),
            h('ul', {}, claim.history.map((e) => h('li', {}, `${dateTime(e.at)} · ${statusLabel(e.status)}${e.note ? ` · ${e.note}` : ''}`)))) : null);
}

/** An estimate (what a claim would pay now, nothing consumed). */
export function renderEstimate(estimate, catalogue) {
    const { memberPays } = totals(estimate.lines);
    return h('article', { class: 'claim estimate', 'data-estimate': true, 'aria-label': t('estimate.title') },
        h('div', { class: 'decision-head' },
            h('span', { class: `pill s-${outcomeStatus(estimate.outcome)}`, 'data-status': outcomeStatus(estimate.outcome) }, statusLabel(outcomeStatus(estimate.outcome))),
            h('span', { class: 'total', 'data-total': estimate.totalPaid }, money(estimate.totalPaid)),
            h('span', { class: 'member-share', 'data-member-pays': memberPays.toFixed(2) }, t('decision.memberPays', { amount: money(memberPays) })),
            h('span', { class: 'hint' }, t('estimate.nothingConsumed'))),
        (estimate.lines ?? []).map((line) => lineBlock(line, catalogue)));
}

const outcomeStatus = (outcome) => outcome ?? 'approved';
