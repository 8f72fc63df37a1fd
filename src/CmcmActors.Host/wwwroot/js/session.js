// Who is signed in on this page: a token kept for the browser tab, and the sign-in panel that gets one.
import { h, replace, formValues } from './dom.js';

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
        if (!c) return 'Not signed in';
        if (c.role === 'member') {
            return `Member ${c.member_id} of family ${c.family_id}${c.main_affiliate === 'true' ? ' (main affiliate)' : ''}`;
        }
        return c.role === 'admin' ? `Administrator (${c.sub})` : `Front desk (${c.sub})`;
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
                h('label', { for: 'sign-in-role' }, 'Role'),
                h('select', { id: 'sign-in-role', name: 'role' }, roles.map(([value, text]) => h('option', { value }, text)))),
            memberFields && h('div', {},
                h('label', { for: 'sign-in-member' }, 'Member ID'),
                h('input', { id: 'sign-in-member', name: 'memberId', required: true, autocomplete: 'off' })),
            memberFields && h('div', {},
                h('label', { for: 'sign-in-family' }, 'Family ID'),
                h('input', { id: 'sign-in-family', name: 'familyId', required: true, autocomplete: 'off' }))),
        memberFields && h('label', { class: 'check' },
            h('input', { type: 'checkbox', name: 'mainAffiliate', id: 'sign-in-main' }), 'Main affiliate (sees the whole family)'),
        h('div', { class: 'row' }, h('button', { type: 'submit', id: 'sign-in-dev' }, 'Sign in with a development token')));

    devForm.addEventListener('submit', async (event) => {
        event.preventDefault();
        const values = formValues(devForm);
        const body = { role: values.role };
        if (memberFields) Object.assign(body, { memberId: values.memberId, familyId: values.familyId, mainAffiliate: values.mainAffiliate });
        try {
            const response = await fetch('/dev/tokens', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
            if (response.status === 404 || response.status === 405) {
                fail('Development sign-in is not available on this server: paste a token from the identity provider below.');
                return;
            }
            const data = await response.json();
            if (!response.ok) {
                fail(Object.values(data.errors ?? {}).flat().join(' ') || data.title || 'Sign-in refused.');
                return;
            }
            session.set(data.token);
            onSignedIn();
        } catch {
            fail('The server cannot be reached.');
        }
    });

    const pasteForm = h('form', { id: 'paste-sign-in' },
        h('label', { for: 'sign-in-token' }, 'Or paste a token (JWT)'),
        h('textarea', { id: 'sign-in-token', name: 'token', rows: 3, spellcheck: 'false' }),
        h('div', { class: 'row' }, h('button', { type: 'submit', class: 'secondary' }, 'Use this token')));

    pasteForm.addEventListener('submit', (event) => {
        event.preventDefault();
        const token = formValues(pasteForm).token;
        const probe = new Session('probe');
        probe.set(token);
        const valid = probe.isValid;
        probe.clear();
        if (!valid) {
            fail('That is not a valid, unexpired token.');
            return;
        }
        session.set(token);
        onSignedIn();
    });

    replace(container,
        h('h2', {}, 'Sign in'),
        h('p', { class: 'hint' }, 'On a development server, pick a role to get a token. Otherwise paste the token you were given.'),
        devForm, pasteForm, message);
}
