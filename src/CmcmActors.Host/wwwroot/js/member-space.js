// The member's own space on the member page: the statement of a decided claim and the yearly tax certificate (PDFs in
// the page's language), feedback after care on a decided claim, and the choice of e-mail notices. member.js calls
// claimExtras(claim) for each claim row and renderMemberSpace() when it (re)draws.
import { h, replace, byId } from './dom.js';
import { api, ApiError } from './api.js';
import { t, currentLanguage } from './i18n.js';
import { errorText } from './fields.js';

const decided = (status) => ['approved', 'partiallyApproved', 'refused'].includes(status);
const path = (...parts) => parts.map(encodeURIComponent).join('/');

let context = { token: () => null, familyId: null, memberId: () => null };
/** Feedback read or given on this page, by claim id: the feedback, or false when none was given. */
const feedback = new Map();

export function initMemberSpace(options) {
    context = options;
}

/** Fetches a PDF with the member's token and hands it to the browser as a download. */
async function download(url, fileName, status) {
    replace(status);
    try {
        const response = await fetch(url, { headers: { Authorization: `Bearer ${context.token()}`, Accept: 'application/pdf' } });
        if (!response.ok) {
            const problem = await response.json().catch(() => null);
            throw new ApiError(response.status, problem);
        }
        const blob = await response.blob();
        const link = h('a', { href: URL.createObjectURL(blob), download: fileName, class: 'hidden' });
        document.body.append(link);
        link.click();
        setTimeout(() => { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    } catch (error) {
        replace(status, h('div', { class: 'message error', role: 'alert' }, t('statement.failed'), ' ', errorText(error)));
    }
}

/** What a claim row offers once the claim is decided: its statement, and feedback (the form, or what was given). */
export function claimExtras(claim) {
    if (!decided(claim.status)) return null;
    const status = h('div', { 'data-statement-status': claim.claimId });
    const lang = currentLanguage();
    const statement = h('button', {
        type: 'button', class: 'secondary small', 'data-statement': claim.claimId,
        'aria-label': t('statement.downloadLabel', { invoice: claim.invoiceReference }),
        onclick: () => download(`/api/claims/${path(claim.memberId, claim.invoiceReference)}/statement?lang=${lang}`, `${claim.invoiceReference}-${lang}.pdf`, status),
    }, t('statement.download'));
    const box = h('div', { class: 'feedback', 'data-feedback': claim.claimId });
    showFeedback(claim, box);
    return h('div', { class: 'member-space' }, h('div', { class: 'row' }, statement), status, box);
}

/** Feedback already given shows as such; otherwise the form, which asks the server only when the member opens it. */
function showFeedback(claim, box) {
    const given = feedback.get(claim.claimId);
    replace(box, given ? givenLine(given, 'feedback.given') : feedbackForm(claim, box));
}

const givenLine = (given, key) => h('p', { class: 'hint', 'data-feedback-given': given.score }, t(key, { score: given.score }));

function feedbackForm(claim, box) {
    const id = (name) => `fb-${name}-${claim.claimId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    const message = h('div', { role: 'status' });
    const score = h('select', { id: id('score'), name: 'score', class: 'auto' },
        h('option', { value: '' }, t('feedback.choose')),
        [5, 4, 3, 2, 1].map((n) => h('option', { value: n }, t(`feedback.score.${n}`))));
    const text = h('textarea', { id: id('text'), name: 'text', maxlength: 1000, rows: 2 });
    const form = h('form', {
        novalidate: true,
        onsubmit: async (event) => {
            event.preventDefault();
            if (!score.value) {
                score.setAttribute('aria-invalid', 'true');
                replace(message, h('div', { class: 'message error', role: 'alert' }, t('feedback.scoreRequired')));
                return;
            }
            try {
                const given = await api('POST', `/api/claims/${path(claim.memberId, claim.invoiceReference)}/feedback`, { score: Number(score.value), text: text.value || null });
                feedback.set(claim.claimId, given);
                replace(box, givenLine(given, 'feedback.thanks'));
            } catch (error) {
                replace(message, h('div', { class: 'message error', role: 'alert' }, t('feedback.failed'), ' ', errorText(error)));
            }
        },
    },
    h('fieldset', {},
        h('legend', {}, t('feedback.legend')),
        h('label', { for: id('score') }, t('feedback.scoreLabel')), score,
        h('label', { for: id('text') }, t('feedback.textLabel')), text,
        h('div', { class: 'row' }, h('button', { type: 'submit', class: 'small' }, t('feedback.send')))),
    message);
    const details = h('details', {}, h('summary', {}, t('feedback.summary')), form);
    details.addEventListener('toggle', async () => {
        if (!details.open || feedback.has(claim.claimId)) return;
        try {
            const given = await api('GET', `/api/claims/${path(claim.memberId, claim.invoiceReference)}/feedback`);
            feedback.set(claim.claimId, given);
            replace(box, givenLine(given, 'feedback.given'));
        } catch (error) {
            if (error.status === 404) feedback.set(claim.claimId, false);
        }
    });
    return details;
}

/** The "My documents" card: the tax certificate of a year. */
export function renderMemberSpace() {
    const card = byId('documents');
    if (!card) return;
    const thisYear = new Date().getFullYear();
    const year = h('select', { id: 'tax-year', class: 'auto' }, [thisYear - 1, thisYear, thisYear - 2].map((y) => h('option', { value: y }, String(y))));
    const status = h('div', { id: 'tax-status' });
    const button = h('button', {
        type: 'button', class: 'secondary', id: 'tax-download',
        onclick: () => {
            const lang = currentLanguage();
            const memberId = context.memberId();
            download(`/api/families/${path(context.familyId())}/members/${path(memberId)}/tax-certificate?year=${year.value}&lang=${lang}`,
                `tax-certificate-${year.value}-${memberId}-${lang}.pdf`, status);
        },
    }, t('statement.taxDownloadButton'));
    replace(card,
        h('p', { class: 'hint' }, t('statement.taxHint')),
        h('div', { class: 'row' }, h('label', { for: 'tax-year' }, t('statement.taxYear')), year, button),
        status);
}

/** The "E-mail notices" card: the signed-in member's own choice (address and language), to save or stop. */
let notices = null;

export async function loadNotices() {
    const own = context.ownMemberId();
    try {
        notices = await api('GET', `/api/families/${path(context.familyId())}/members/${path(own)}/notices`);
    } catch (error) {
        notices = error.status === 404 ? false : null;
    }
    renderNotices();
}

export function renderNotices(message) {
    const card = byId('notices-choice');
    if (!card) return;
    const email = h('input', { id: 'notice-email', type: 'email', autocomplete: 'email', value: notices ? notices.email : '' });
    const language = h('select', { id: 'notice-language', class: 'auto' },
        [['fr', 'Français'], ['de', 'Deutsch'], ['en', 'English']].map(([value, name]) =>
            h('option', { value, lang: value, selected: (notices ? notices.language : currentLanguage()) === value }, name)));
    const status = h('div', { role: 'status', id: 'notice-status' }, message ?? null,
        notices ? h('p', { class: 'hint', 'data-notices': 'on' }, t('notices.on', { email: notices.email })) : notices === false ? h('p', { class: 'hint', 'data-notices': 'off' }, t('notices.off')) : null,
        notices && !notices.sending ? h('p', { class: 'hint' }, t('notices.notSending')) : null);
    const url = () => `/api/families/${path(context.familyId())}/members/${path(context.ownMemberId())}/notices`;
    const form = h('form', {
        id: 'notice-form', novalidate: true,
        onsubmit: async (event) => {
            event.preventDefault();
            email.removeAttribute('aria-invalid');
            try {
                notices = await api('PUT', url(), { email: email.value.trim(), language: language.value });
                renderNotices();
            } catch (error) {
                if (error.problem?.errors?.email) email.setAttribute('aria-invalid', 'true');
                renderNotices(h('div', { class: 'message error', role: 'alert' }, t('notices.failed'), ' ', errorText(error)));
            }
        },
    },
    h('label', { for: 'notice-email' }, t('notices.email')), email,
    h('label', { for: 'notice-language' }, t('notices.language')), language,
    h('div', { class: 'row' },
        h('button', { type: 'submit', id: 'notice-save' }, t('notices.save')),
        notices ? h('button', {
            type: 'button', class: 'secondary', id: 'notice-stop',
            onclick: async () => {
                try {
                    await api('DELETE', url());
                    notices = false;
                    renderNotices();
                } catch (error) {
                    renderNotices(h('div', { class: 'message error', role: 'alert' }, t('notices.failed'), ' ', errorText(error)));
                }
            },
        }, t('notices.stop')) : null));
    replace(card, h('p', { class: 'hint' }, t('notices.hint')), form, status);
}
