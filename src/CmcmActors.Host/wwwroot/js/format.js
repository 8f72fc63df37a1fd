// How the pages write amounts, dates and the words of the API.

const euro = new Intl.NumberFormat('en-IE', { style: 'currency', currency: 'EUR' });

export const money = (amount) => (amount === null || amount === undefined ? '–' : euro.format(amount));

export const todayIso = () => {
    const now = new Date();
    const pad = (n) => String(n).padStart(2, '0');
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
};

export const time = (iso) => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export const dateTime = (iso) => new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

const statusWords = {
    received: 'Received',
    adjudicating: 'Being assessed',
    approved: 'Approved',
    partiallyApproved: 'Partly approved',
    refused: 'Refused',
    pended: 'Waiting for a person',
    reversed: 'Reversed',
};

export const statusLabel = (status) => statusWords[status] ?? status;

const outcomeWords = { paid: 'Paid', partiallyPaid: 'Paid, reduced by a cap', refused: 'Not paid', pended: 'Waiting for a person' };

export const outcomeLabel = (outcome) => outcomeWords[outcome] ?? outcome;

const departmentWords = {
    national: 'National department',
    foreign: 'Foreign department',
    dentalLuxembourg: 'Dental department (Luxembourg)',
    dentalAbroad: 'Dental department (abroad)',
};

export const departmentLabel = (department) => departmentWords[department] ?? department;

const tierWords = {
    RC: 'Base cover (RC)',
    ASSIST: 'Assistance (ASSIST)',
    PP: 'Prestaplus (PP)',
    DO: 'Dental & optical (DO)',
};

export const tierLabel = (tier) => tierWords[tier] ?? tier;

const coverageWords = { covered: 'Covered', inWaitingPeriod: 'Waiting period', notHeld: 'Not subscribed' };

export const coverageLabel = (status) => coverageWords[status] ?? status;

const kindWords = {
    mainAffiliate: 'Main affiliate',
    spouseOrPartner: 'Spouse or partner',
    householdRelative: 'Household relative',
    child: 'Child',
    fosterChild: 'Foster child',
};

export const kindLabel = (kind) => kindWords[kind] ?? kind;

/** Orders a claim's states: a later decision (version) wins, and within one version received < adjudicating < decided. */
export function claimRank(version, status) {
    const step = status === 'received' ? 0 : status === 'adjudicating' ? 1 : 2;
    return Number(version ?? 0) * 10 + step;
}

export const isFinal = (status) => ['approved', 'partiallyApproved', 'refused', 'reversed'].includes(status);
