// Who is signed in on this page: through the identity provider when the host has one (OpenID Connect, authorisation
// code with PKCE), otherwise a token kept for the browser tab; and the sign-in panel that gets one.
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

let authConfig = null;

/** How this host signs people in (GET /api/auth/config): 'oidc', 'development' or 'token'. Read once per page. */
async function loadAuthConfig() {
    if (!authConfig) {
        try {
            const response = await fetch('/api/auth/config', { headers: { Accept: 'application/json' } });
            authConfig = response.ok ? await response.json() : { mode: 'development' };
        } catch {
            authConfig = { mode: 'development' };
        }
    }
    return authConfig;
}

function loadScript(src) {
    if (globalThis.oidc) return Promise.resolve();
    return new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = src;
        script.onload = resolve;
        script.onerror = () => reject(new Error(`${src} did not load`));
        document.head.append(script);
    });
}

/**
 * Who is signed in on a page. With an identity provider (the host says so): the authorisation-code flow with PKCE
 * through oidc-client-ts, silent renewal with the refresh token, the user kept in sessionStorage (never in a URL: the
 * code the provider sends back is removed from the address at once). Who the token is comes from the host
 * (GET /api/auth/me), so the pages never read the provider's own claim names. Without a provider: a token from
 * /dev/tokens (Development) or pasted, kept in sessionStorage as before.
 */
export class Session {
    constructor(page) {
        this.page = page;
        this.key = `cmcm.token.${page}`;
        this.token = sessionStorage.getItem(this.key);
        this.manager = null;
        this.user = null;
        this.identity = null;
        this.problem = null;
        if (!this.isValid) this.clear();
    }

    /** True when the host signs people in through an identity provider. */
    get oidc() {
        return !!this.manager;
    }

    /** Reads how the host signs in; with a provider, finishes a sign-in the provider sent back, or resumes the tab's. */
    async start() {
        const config = await loadAuthConfig();
        if (config.mode !== 'oidc') return;
        await loadScript('lib/oidc-client-ts/oidc-client-ts.min.js');
        const { UserManager, WebStorageStateStore } = globalThis.oidc;
        const here = location.origin + location.pathname;
        const resource = config.resource ? { resource: config.resource } : undefined;
        this.manager = new UserManager({
            authority: config.authority,
            client_id: config.clientId,
            redirect_uri: here,
            post_logout_redirect_uri: here,
            response_type: 'code',
            scope: config.scopes,
            extraQueryParams: resource,
            extraTokenParams: resource,
            automaticSilentRenew: true,
            loadUserInfo: false,
            monitorSession: false,
            userStore: new WebStorageStateStore({ store: sessionStorage, prefix: `cmcm.oidc.${this.page}.` }),
            stateStore: new WebStorageStateStore({ store: sessionStorage, prefix: `cmcm.oidc-state.${this.page}.` }),
        });
        this.token = null;
        sessionStorage.removeItem(this.key);
        this.manager.events.addUserLoaded((user) => this.adopt(user));
        this.manager.events.addAccessTokenExpired(() => { this.token = null; this.identity = null; });
        this.manager.events.addSilentRenewError(() => { this.problem = t('oidc.renewFailed'); });

        const params = new URLSearchParams(location.search);
        if (params.has('state') && (params.has('code') || params.has('error'))) {
            try {
                await this.manager.signinRedirectCallback();
            } catch (error) {
                this.problem = `${t('oidc.refused')} ${error.message ?? ''}`.trim();
            }
            history.replaceState(null, '', location.pathname + location.hash);
        }

        let user = await this.manager.getUser();
        if (user?.expired && user.refresh_token) {
            user = await this.manager.signinSilent().catch(() => null);
        }
        if (user && !user.expired) await this.adopt(user);
    }

    /** Takes a user the provider gave and asks the host who its token is. */
    async adopt(user) {
        this.user = user;
        this.token = user.access_token;
        try {
            const response = await fetch('/api/auth/me', { headers: { Accept: 'application/json', Authorization: `Bearer ${user.access_token}` } });
            if (response.ok) {
                this.identity = await response.json();
                this.problem = null;
            } else {
                this.identity = null;
                this.problem = response.status === 403 ? t('oidc.noRole') : t('oidc.refused');
            }
        } catch {
            this.identity = null;
            this.problem = t('error.unreachable');
        }
    }

    /** The claims the pages use, in the shape of the host's own tokens (role, member_id, family_id, main_affiliate). */
    get claims() {
        if (this.oidc) {
            const me = this.identity;
            if (!me) return null;
            return {
                sub: me.subject, name: me.name, role: me.role, member_id: me.memberId ?? undefined, family_id: me.familyId ?? undefined,
                main_affiliate: me.mainAffiliate ? 'true' : 'false', exp: this.user?.expires_at,
            };
        }
        return this.token ? decodePayload(this.token) : null;
    }

    get isValid() {
        if (this.oidc) return !!this.identity && !!this.user && !this.user.expired;
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
        this.identity = null;
        this.user = null;
        sessionStorage.removeItem(this.key);
        this.manager?.removeUser();
    }

    /** Sends the browser to the provider's sign-in page; it comes back to this page with a code. */
    signIn() {
        return this.manager.signinRedirect();
    }

    /**
     * Signs out: with a provider, ends the session there too (the browser leaves and comes back to this page; true);
     * otherwise forgets the token (false: the page redraws itself).
     */
    async signOut() {
        if (!this.oidc) {
            this.clear();
            return false;
        }
        const idToken = this.user?.id_token;
        this.clear();
        try {
            await this.manager.signoutRedirect({ id_token_hint: idToken });
            return true;
        } catch {
            return false;
        }
    }

    describe() {
        const c = this.claims;
        if (!c) return t('session.none');
        if (this.oidc) return t('oidc.signedInAs', { name: c.name, role: t(`oidc.role.${c.role}`) });
        if (c.role === 'member') {
            return t(c.main_affiliate === 'true' ? 'session.mainAffiliate' : 'session.member', { member: c.member_id, family: c.family_id });
        }
        return t(c.role === 'admin' ? 'session.admin' : c.role === 'finance' ? 'session.finance' : 'session.frontdesk', { sub: c.sub });
    }
}

/**
 * Renders the sign-in panel. In Development the server mints tokens (POST /dev/tokens); elsewhere the person pastes a
 * token from the identity provider. memberFields: ask for the member and family the token is bound to.
 */
export function renderSignIn(container, { session, roles, memberFields, onSignedIn }) {
    const message = h('div', { role: 'status' });
    const fail = (text) => replace(message, h('div', { class: 'message error' }, text));

    if (session.oidc) {
        const button = h('button', { type: 'button', id: 'sign-in-oidc' }, t('oidc.signIn'));
        button.addEventListener('click', async () => {
            button.disabled = true;
            try {
                await session.signIn();
            } catch {
                button.disabled = false;
                fail(t('error.unreachable'));
            }
        });
        replace(container,
            h('h2', { id: 'sign-in-title' }, t('signIn.title')),
            h('p', { class: 'hint' }, t('oidc.hint')),
            h('div', { class: 'row' }, button),
            message);
        if (session.problem) fail(session.problem);
        return;
    }

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
