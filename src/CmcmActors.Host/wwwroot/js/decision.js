// A claim and its decision, for a person: what is paid in all and per tier, and for each line which rule of which
// tier paid what, and how each cap bore on it (room before → after).
import { h } from './dom.js';
import { money, statusLabel, outcomeLabel, departmentLabel, tierLabel } from './format.js';

export function statusPill(status) {
    return h('span', { class: `pill s-${status}`, 'data-status': status }, statusLabel(status));
}

function capLine(cap) {
    const parts = [];
    if (cap.roomBefore !== null && cap.roomBefore !== undefined) {
        parts.push(h('span', { class: 'room' }, `${money(cap.roomBefore)} → ${money(cap.roomAfter)}`));
        if (cap.limit !== null && cap.limit !== undefined) parts.push(` left of ${money(cap.limit)}`);
    }
    if (cap.unitsRoomBefore !== null && cap.unitsRoomBefore !== undefined) {
        if (parts.length) parts.push('; ');
        parts.push(h('span', { class: 'room' }, `${cap.unitsRoomBefore} → ${cap.unitsRoomAfter}`));
        parts.push(cap.unitsLimit !== null && cap.unitsLimit !== undefined ? ` left of ${cap.unitsLimit}` : ' left');
    }
    if (!parts.length && cap.limit !== null && cap.limit !== undefined) parts.push(`at most ${money(cap.limit)}`);
    return h('div', { class: `cap${cap.limited ? ' limited' : ''}` },
        `Cap: ${cap.description} — `, parts, cap.limited ? ' (this cap reduced the payment)' : '');
}

function paymentBlock(payment, titles) {
    return h('div', { class: 'payment' },
        h('div', {}, h('strong', {}, tierLabel(payment.tier)), ` · ${payment.benefitCode} — ${payment.benefitTitle || titles.get(payment.benefitCode) || ''}`),
        h('div', { class: 'rule' }, `Rule gives ${money(payment.ruleAmount)}, pays `, h('strong', {}, money(payment.amount)), `. ${payment.explanation}`),
        (payment.caps ?? []).map(capLine));
}

function lineBlock(line, titles) {
    return h('div', { class: 'line-decision', 'data-line': line.lineNumber },
        h('div', { class: 'line-title' },
            h('strong', {}, `Line ${line.lineNumber}: ${line.benefitCode}`),
            h('span', {}, h('span', { class: `pill o-${line.outcome}` }, outcomeLabel(line.outcome)), ' ', h('strong', {}, money(line.paid)))),
        h('div', { class: 'hint' },
            `${titles.get(line.benefitCode) ?? ''} · care on ${line.dateOfCare} · invoiced ${money(line.invoiced)}, `
            + `statutory fund ${money(line.statutoryReimbursement)}, left to pay ${money(line.uncovered)}`),
        // The tiers' payments carry the explanation piece by piece; a line nothing paid explains itself.
        line.payments?.length ? null : h('p', {}, line.explanation),
        (line.payments ?? []).map((p) => paymentBlock(p, titles)),
        (line.notPaying ?? []).map((n) => h('div', { class: 'payment' },
            h('div', {}, h('strong', {}, tierLabel(n.tier)), ` · ${n.benefitCode}: pays nothing`),
            h('div', { class: 'rule' }, n.explanation, n.firstCoveredDate ? ` Covered from ${n.firstCoveredDate}.` : ''))),
        line.pending && h('div', { class: 'message notice' }, line.pending.explanation,
            line.pending.items?.length ? h('ul', {}, line.pending.items.map((i) => h('li', {}, i))) : null));
}

/** The whole claim. titles: benefit code → title, from the catalogue (may be empty). */
export function renderClaim(claim, titles = new Map()) {
    const tiers = Object.entries(claim.paidByTier ?? {}).filter(([, amount]) => amount > 0);
    return h('div', { class: 'claim', 'data-claim': claim.claimId },
        h('div', { class: 'decision-head' },
            statusPill(claim.status),
            h('span', { class: 'total', 'data-total': claim.totalPaid }, money(claim.totalPaid)),
            h('span', { class: 'hint' }, `Claim ${claim.claimId} · family ${claim.familyId} · ${claim.channel === 'post' ? 'by post' : 'by app'} · received ${claim.receivedOn}`)),
        tiers.length > 0 && h('div', { class: 'tiers' }, tiers.map(([tier, amount]) => h('span', {}, `${tier}: ${money(amount)}`))),
        claim.explanation && h('p', {}, claim.explanation),
        claim.pending && h('div', { class: 'message notice', 'data-pending': true },
            `Needs a person in the ${departmentLabel(claim.pending.department)}: expect about ${claim.pending.expectedWeeks} week(s). ${claim.pending.need}`),
        (claim.lines ?? []).map((line) => lineBlock(line, titles)));
}
