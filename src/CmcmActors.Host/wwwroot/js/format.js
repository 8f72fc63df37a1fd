// How the pages write amounts, dates and the words of the API, in the page's language (js/i18n.js, wwwroot/i18n/*.json).
import { t, has } from './i18n.js';

export { money, date, time, dateTime } from './i18n.js';

export const todayIso = () => {
    const now = new Date();
    const pad = (n) => String(n).padStart(2, '0');
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
};

const word = (prefix, value) => (value === null || value === undefined ? '' : has(`${prefix}.${value}`) ? t(`${prefix}.${value}`) : String(value));

export const statusLabel = (status) => word('status', status);
export const outcomeLabel = (outcome) => word('outcome', outcome);
export const departmentLabel = (department) => word('department', department);
export const tierLabel = (tier) => word('tier', tier);
export const coverageLabel = (status) => word('coverage', status);
export const kindLabel = (kind) => word('kind', kind);
export const levelLabel = (level) => word('level', level);
export const channelLabel = (channel) => word('channel', channel);
export const documentLabel = (code) => word('document', code);
export const circumstanceLabel = (code) => word('circumstance', code);
export const needLabel = (code) => word('need', code);

/** A benefit's title in the page's language; the catalogue's own (English) title when no translation exists yet. */
export const benefitTitle = (code, titles) => (has(`benefit.${code}`) ? t(`benefit.${code}`) : titles?.get(code) ?? code);

/** A cap in words, from its definition in the catalogue: "€100.00 per calendar year per member". */
export function capWords(definition, money) {
    if (!definition) return null;
    const amount = definition.amount !== null && definition.amount !== undefined ? money(definition.amount) : null;
    const count = definition.maxCount ? t('cap.units', { n: definition.maxCount }) : null;
    const what = amount && count ? t('cap.both', { units: count, amount }) : amount ?? count ?? t('cap.unlimited');
    const parts = [what, t(`cap.period.${definition.period}`)];
    if (definition.period !== 'unit') parts.push(t(`cap.scope.${definition.scope}`));
    if (definition.perElement) parts.push(t('cap.perElement'));
    return parts.join(' ');
}

/** Orders a claim's states: a later decision (version) wins, and within one version received < adjudicating < decided. */
export function claimRank(version, status) {
    const step = status === 'received' ? 0 : status === 'adjudicating' ? 1 : 2;
    return Number(version ?? 0) * 10 + step;
}

export const isFinal = (status) => ['approved', 'partiallyApproved', 'refused', 'reversed'].includes(status);

/** Whether the server allows `action` on the claim for this user (its allowedActions: the claim's state and the user's role). */
export const allows = (claim, action) => (claim?.allowedActions ?? []).includes(action);

/** The person's name as a clerk reads it, or the member id when no name was entered. */
export const personName = (m) => (m?.surname ? `${m.givenNames ?? ''} ${m.surname}`.trim() : null);
