// The admin page's "Reads of health data": staff reads of members' health data, newest first, filtered by member,
// staff user and period, page by page (GET /api/audit/reads).
import { ApiError, getPage } from './api.js';
import { byId, formValues, h, replace, show } from './dom.js';

let next = null;
let rows = [];

const errorBox = (e) => h('div', { class: 'message error', role: 'alert' },
    e.message, e instanceof ApiError && e.fieldErrors.length ? h('ul', {}, e.fieldErrors.map((f) => h('li', {}, f))) : null);

function query() {
    const values = formValues(byId('reads-form'));
    const parameters = new URLSearchParams();
    for (const name of ['member', 'staff', 'from', 'to']) {
        if (values[name]) parameters.set(name, values[name]);
    }
    parameters.set('limit', '50');
    return `/api/audit/reads?${parameters}`;
}

async function load(address, append) {
    replace(byId('reads-status'));
    try {
        const page = await getPage(address);
        rows = append ? rows.concat(page.items) : page.items;
        next = page.next;
        render();
    } catch (e) {
        replace(byId('reads-status'), errorBox(e));
    }
}

function render() {
    show(byId('reads-more'), Boolean(next));
    replace(byId('reads'), rows.length === 0
        ? h('p', { class: 'hint' }, 'No read matches.')
        : h('div', { class: 'table-wrap' }, h('table', { id: 'reads-table' },
            h('caption', {}, 'Reads, newest first'),
            h('thead', {}, h('tr', {}, ['When (UTC)', 'Staff user', 'Role', 'Member', 'Family', 'Route'].map((c) => h('th', { scope: 'col' }, c)))),
            h('tbody', {}, rows.map((r) => h('tr', { 'data-read': r.id },
                h('td', {}, r.at.slice(0, 19).replace('T', ' ')), h('td', {}, r.staff), h('td', {}, r.role),
                h('td', {}, r.memberId ?? '–'), h('td', {}, r.familyId ?? '–'), h('td', {}, h('code', {}, r.route))))))));
}

/** Wires the section once the admin is signed in, and shows the newest reads. */
export function showReads() {
    const form = byId('reads-form');
    if (!form.dataset.wired) {
        form.dataset.wired = 'true';
        form.addEventListener('submit', (event) => {
            event.preventDefault();
            load(query(), false);
        });
        byId('reads-more').addEventListener('click', () => next && load(next, true));
    }
    load(query(), false);
}
