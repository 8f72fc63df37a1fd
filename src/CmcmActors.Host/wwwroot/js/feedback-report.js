// The desk's report of feedback after care: members' scores by month and benefit (GET /api/feedback/report).
import { h, replace, byId } from './dom.js';
import { api } from './api.js';
import { t } from './i18n.js';
import { benefitTitle } from './format.js';
import { errorText } from './fields.js';

// The token is the desk's: desk.js gives api.js its session (one module instance per page).
const pad = (n) => String(n).padStart(2, '0');
const monthOf = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
const now = new Date();
byId('feedback-from').value = monthOf(new Date(now.getFullYear(), now.getMonth() - 11, 1));
byId('feedback-to').value = monthOf(now);

function table(rows) {
    if (!rows.length) return h('p', { class: 'hint' }, t('feedback.reportNone'));
    return h('div', { class: 'table-wrap' }, h('table', { 'data-feedback-report': true },
        h('thead', {}, h('tr', {}, ['reportMonth', 'reportBenefit', 'reportCount', 'reportAverage', 'reportScores', 'reportWithText'].map((k) => h('th', { scope: 'col' }, t(`feedback.${k}`))))),
        h('tbody', {}, rows.map((r) => h('tr', { 'data-month': r.month, 'data-benefit': r.benefitCode },
            h('td', {}, r.month), h('td', {}, benefitTitle(r.benefitCode)), h('td', {}, String(r.count)),
            h('td', {}, Number(r.average).toFixed(2)), h('td', {}, r.scores.join(' · ')), h('td', {}, String(r.withText)))))));
}

byId('feedback-report-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const from = byId('feedback-from').value;
    const to = byId('feedback-to').value;
    const query = new URLSearchParams();
    if (from) query.set('from', from);
    if (to) query.set('to', to);
    try {
        replace(byId('feedback-report'), table(await api('GET', `/api/feedback/report?${query}`) ?? []));
    } catch (error) {
        replace(byId('feedback-report'), h('div', { class: 'message error', role: 'alert' }, t('feedback.reportFailed'), ' ', errorText(error)));
    }
});
