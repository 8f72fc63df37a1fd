// The desk's audit screen: a family's or one member's trail, newest first (GET /api/audit/families/{id},
// GET /api/audit/members/{id}): when, who (the token's subject and role), what, the words, the claim.
import { h, replace, byId, show } from './dom.js';
import { getPage } from './api.js';
import { t, has, dateTime } from './i18n.js';
import { errorText } from './fields.js';
import { personName } from './format.js';

const pageSize = 25;
const actionLabel = (action) => (has(`audit.action.${action}`) ? t(`audit.action.${action}`) : action);
const roleLabel = (role) => (has(`audit.role.${role}`) ? t(`audit.role.${role}`) : role);

/** The audit card for the family on screen: whom to show (the family or one member), the trail and "more". */
export function showAudit(family) {
    const card = byId('audit-card');
    const select = h('select', { id: 'audit-whom', name: 'whom' },
        h('option', { value: '' }, t('audit.wholeFamily')),
        family.members.map((m) => h('option', { value: m.memberId }, personName(m) ? `${personName(m)} (${m.memberId})` : m.memberId)));
    const list = h('div', { id: 'audit-trail' });
    const message = h('div', { id: 'audit-message', role: 'status' });
    const more = h('button', { type: 'button', id: 'audit-more', class: 'secondary small hidden' }, t('audit.more'));
    const form = h('form', { id: 'audit-form', class: 'row', novalidate: true },
        h('div', { class: 'field grow' }, h('label', { for: 'audit-whom' }, t('audit.whom')), select),
        h('button', { type: 'submit', id: 'audit-show' }, t('audit.show')));
    let next = null;
    let rows = [];

    async function load(address, append) {
        replace(message);
        try {
            const page = await getPage(address);
            rows = append ? rows.concat(page.items) : page.items;
            next = page.next;
            render();
        } catch (error) {
            replace(message, h('div', { class: 'message error', role: 'alert' }, errorText(error)));
        }
    }

    function render() {
        show(more, Boolean(next));
        replace(list, rows.length === 0
            ? h('p', { class: 'hint' }, t('audit.empty'))
            : h('div', { class: 'table-wrap' }, h('table', { id: 'audit-table' },
                h('caption', {}, t('audit.caption')),
                h('thead', {}, h('tr', {}, ['audit.when', 'audit.who', 'audit.what', 'audit.detail', 'audit.claim'].map((k) => h('th', { scope: 'col' }, t(k))))),
                h('tbody', {}, rows.map((e) => h('tr', { 'data-entry': e.id },
                    h('td', {}, dateTime(e.at)),
                    h('td', {}, e.by ? [e.by.subject, h('div', { class: 'hint' }, roleLabel(e.by.role))] : t('audit.unknownActor')),
                    h('td', {}, actionLabel(e.action)),
                    h('td', {}, e.detail),
                    h('td', {}, e.claimId ?? '–')))))));
    }

    form.addEventListener('submit', (event) => {
        event.preventDefault();
        const whom = select.value;
        load(whom ? `/api/audit/members/${encodeURIComponent(whom)}?limit=${pageSize}` : `/api/audit/families/${encodeURIComponent(family.familyId)}?limit=${pageSize}`, false);
    });
    more.addEventListener('click', () => next && load(next, true));
    replace(byId('audit-view'), form, message, list, more);
    show(card, true);
}
