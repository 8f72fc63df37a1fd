// Who is signed in on this page: a token kept for the browser tab, and the sign-in panel that gets one.
import { h, replace, formValues } from './dom.js';
import { t } from './i18n.js';

function decodePayload(token) {
    try {
        const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
        return JSON.parse(atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), '=')));
    } catch {
        return null;
    }
}

export class Session {
    constructor(page) {
        this.key = `cmcm.token.${page}`;
        this.token = sessionStorage.getItem(this.key);
        if (!this.isValid) this.clear();
    }

    get claims() {
        return this.token ? decodePayload(this.token) : null;
    }

    get isValid() {
        const claims = this.claims;
        return !!claims && (!claims.exp || claims.exp * 1000 > Date.now());
    }

    get role() {
        return this.claims?.role ?? null;
    }

    set(token) {
        this.token = token.trim();
        sessionStorage.setItem(this.key, this.token);
    }

    clear() {
        this.token = null;
        sessionStorage.removeItem(this.key);
    }

    describe() {
        const c = this.claims;
        if (!c) return t('session.none');
        if (c.role === 'member') {
            return t(c.main_affiliate === 'true' ? 'session.mainAffiliate' : 'session.member', { member: c.member_id, family: c.family_id });
        }
        return t(c.role === 'admin' ? 'session.admin' : 'session.frontdesk', { sub: c.sub });
    }
}

/**
 * Renders the sign-in panel. In Development the server mints tokens (POST /dev/tokens); elsewhere the person pastes a
 * token from the identity provider. memberFields: ask for the member and family the token is bound to.
 */
export function renderSignIn(container, { session, roles, memberFields, onSignedIn }) {
    const message = h('div', { role: 'status' });
    const fail = (text) => replace(message, h('div', { class: 'message error' }, text));

    const devForm = h('form', { id: 'dev-sign-in' },
        h('div', { class: 'fields' },
            h('div', {},
                h('label', { for: 'sign-in-role' }, t('signIn.role')),
                h('select', { id: 'sign-in-role', name: 'role' }, roles.map(([value, text]) => h('option', { value }, text)))),
            memberFields && h('div', {},
                h('label', { for: 'sign-in-member' }, t('family.memberId')),
                h('input', { id: 'sign-in-member', name: 'memberId', required: true, autocomplete: 'off' })),
            memberFields && h('div', {},
                h('label', { for: 'sign-in-family' }, t('enrol.familyId')),
                h('input', { id: 'sign-in-family', name: 'familyId', required: true, autocomplete: 'off' }))),
        memberFields && h('label', { class: 'check', for: 'sign-in-main' },
            h('input', { type: 'checkbox', name: 'mainAffiliate', id: 'sign-in-main' }), t('signIn.main')),
        h('div', { class: 'row' }, h('button', { type: 'submit', id: 'sign-in-dev' }, t('signIn.dev'))));

    devForm.addEventListener('submit', async (event) => {
        event.preventDefault();
        const values = formValues(devForm);
        const body = { role: values.role };
        if (memberFields) Object.assign(body, { memberId: values.memberId, familyId: values.familyId, mainAffiliate: values.mainAffiliate });
        try {
            const response = await fetch('/dev/tokens', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
            if (response.status === 404 || response.status === 405) {
                fail(t('signIn.noDev'));
                return;
            }
            const data = await response.json();
            if (!response.ok) {
                fail(Object.values(data.errors ?? {}).flat().join(' ') || data.title || t('signIn.refused'));
                return;
            }
            session.set(data.token);
            onSignedIn();
        } catch {
            fail(t('error.unreachable'));
        }
    });

    const pasteForm = h('form', { id: 'paste-sign-in' },
        h('label', { for: 'sign-in-token' }, t('signIn.paste')),
        h('textarea', { id: 'sign-in-token', name: 'token', rows: 3, spellcheck: 'false' }),
        h('div', { class: 'row' }, h('button', { type: 'submit', class: 'secondary' }, t('signIn.useToken'))));

    pasteForm.addEventListener('submit', (event) => {
        event.preventDefault();
        const token = formValues(pasteForm).token;
        const probe = new Session('probe');
        probe.set(token);
        const valid = probe.isValid;
        probe.clear();
        if (!valid) {
            fail(t('signIn.badToken'));
            return;
        }
        session.set(token);
        onSignedIn();
    });

    replace(container,
        h('h2', { id: 'sign-in-title' }, t('signIn.title')),
        h('p', { class: 'hint' }, t('signIn.hint')),
        devForm, pasteForm, message);
}
