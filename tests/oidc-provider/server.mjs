// A real OpenID Connect provider (the certified oidc-provider package) for the host's sign-in tests, and for trying the
// pages' sign-in by hand. Never for production: its accounts are fixed and any password is accepted.
//
//   node server.mjs                       http://127.0.0.1:5090, the default users below, redirects to localhost:5080
//   PORT=0 ... node server.mjs            settings through the environment (all optional):
//     PORT                 the port (default 5090); the issuer is http://127.0.0.1:PORT
//     CMCM_OIDC_AUDIENCE   the API's resource indicator and the access tokens' audience (default urn:cmcm:actors-api; RFC 8707 wants an absolute URI)
//     CMCM_OIDC_PAGES      the pages' origins, comma separated (default http://localhost:5080)
//     CMCM_OIDC_USERS      a JSON file of users: { "id": { "name", "roles": [...], "member_id", "family_id", "main_affiliate" } }
//     CMCM_OIDC_JWKS       a JSON file of private signing keys ({ "keys": [...] }); generated at start when absent
//     CMCM_OIDC_TEST_SECRET the secret of the client "cmcm-tests", which may use the grant and the route below (default:
//                          neither exists)
//
// Tokens for the tests without a browser: the client "cmcm-tests" posts to the token endpoint
//   grant_type=urn:cmcm:test:user&username=<id>&resource=<audience>
// and gets the same JWT access token the pages get for that user after the authorisation-code flow; POST /test/users
// adds accounts (below).
// It prints "oidc-provider listening on <issuer>" once it accepts requests.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Provider, { errors } from 'oidc-provider';

const port = Number(process.env.PORT ?? 5090);
const issuer = `http://127.0.0.1:${port}`;
const audience = process.env.CMCM_OIDC_AUDIENCE ?? 'urn:cmcm:actors-api';
const otherAudience = 'urn:cmcm:another-api';
const pages = (process.env.CMCM_OIDC_PAGES ?? 'http://localhost:5080').split(',').map((o) => o.trim().replace(/\/$/, '')).filter(Boolean);
const testSecret = process.env.CMCM_OIDC_TEST_SECRET;
const testGrant = 'urn:cmcm:test:user';

// The provider's own names for our roles: the host maps them (Cmcm:Oidc:RoleMap), as it would Keycloak's or Entra's.
const defaultUsers = {
    desk: { name: 'Claire Desk', roles: ['cmcm-desk'] },
    finance: { name: 'Frank Finance', roles: ['cmcm-finance'] },
    admin: { name: 'Anne Admin', roles: ['cmcm-admin'] },
    'main-a': { name: 'Marc Kieffer', roles: ['cmcm-member'], member_id: 'M-OIDC-A1', family_id: 'F-OIDC-A', main_affiliate: true },
    'main-b': { name: 'Berthe Weber', roles: ['cmcm-member'], member_id: 'M-OIDC-B1', family_id: 'F-OIDC-B', main_affiliate: true },
};
const users = process.env.CMCM_OIDC_USERS ? JSON.parse(readFileSync(process.env.CMCM_OIDC_USERS, 'utf8')) : defaultUsers;

function signingKeys() {
    if (process.env.CMCM_OIDC_JWKS) return JSON.parse(readFileSync(process.env.CMCM_OIDC_JWKS, 'utf8'));
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'cmcm-test-1', use: 'sig', alg: 'RS256' }] };
}

/** What the provider says about a user: in the ID token, at userinfo and in the API's access tokens. */
function userClaims(id) {
    const user = users[id];
    if (!user) return undefined;
    const claims = { name: user.name, cmcm_roles: user.roles };
    if (user.member_id) Object.assign(claims, { member_id: user.member_id, family_id: user.family_id, main_affiliate: !!user.main_affiliate });
    return claims;
}

const resourceServer = (aud) => ({ scope: 'cmcm.api', audience: aud, accessTokenTTL: 10 * 60, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } });

const clients = [{
    client_id: 'cmcm-pages',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: pages.flatMap((o) => [`${o}/`, `${o}/desk.html`, `${o}/member.html`, `${o}/admin.html`]),
    post_logout_redirect_uris: pages.flatMap((o) => [`${o}/`, `${o}/desk.html`, `${o}/member.html`, `${o}/admin.html`]),
}];
if (testSecret) {
    clients.push({ client_id: 'cmcm-tests', client_secret: testSecret, grant_types: [testGrant], response_types: [], redirect_uris: [] });
}

const provider = new Provider(issuer, {
    clients,
    jwks: signingKeys(),
    cookies: { keys: ['cmcm-test-provider-cookie-key-not-a-secret'] },
    pkce: { required: () => true },
    scopes: ['openid', 'profile', 'offline_access', 'cmcm.api'],
    claims: { openid: ['sub'], profile: ['name', 'cmcm_roles', 'member_id', 'family_id', 'main_affiliate'] },
    findAccount: (_ctx, id) => (users[id] ? { accountId: id, claims: () => ({ sub: id, ...userClaims(id) }) } : undefined),
    // The API's access tokens carry who the user is: the host's authorisation reads nothing else.
    extraTokenClaims: (_ctx, token) => (token.kind === 'AccessToken' && token.accountId ? userClaims(token.accountId) : undefined),
    // The pages are the CMCM's own: no consent screen; the grant covers what they ask for.
    loadExistingGrant: async (ctx) => {
        const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
        if (grantId) return ctx.oidc.provider.Grant.find(grantId);
        const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
        grant.addOIDCScope('openid profile offline_access cmcm.api');
        grant.addOIDCClaims(['name', 'cmcm_roles', 'member_id', 'family_id', 'main_affiliate']);
        grant.addResourceScope(audience, 'cmcm.api');
        await grant.save();
        return grant;
    },
    // Silent renew through refresh tokens (no hidden frame, no third-party cookie), also without offline_access.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    ttl: { AccessToken: 10 * 60, AuthorizationCode: 60, IdToken: 10 * 60, RefreshToken: 8 * 3600, Session: 8 * 3600, Grant: 8 * 3600, Interaction: 3600 },
    features: {
        devInteractions: { enabled: true },
        rpInitiatedLogout: { enabled: true },
        resourceIndicators: {
            enabled: true,
            defaultResource: async () => audience,
            useGrantedResource: async () => true,
            getResourceServerInfo: async (_ctx, indicator) => {
                if (indicator === audience || indicator === otherAudience) return resourceServer(indicator);
                throw new errors.InvalidTarget();
            },
        },
    },
});

// The tests' grant: a token for a named user, as the pages would get it after signing in.
provider.registerGrantType(testGrant, async (ctx) => {
    const { client, params } = ctx.oidc;
    const accountId = params.username;
    if (!users[accountId]) throw new errors.InvalidGrant('unknown username');
    const resource = params.resource ?? audience;
    if (resource !== audience && resource !== otherAudience) throw new errors.InvalidTarget();
    const grant = new provider.Grant({ clientId: client.clientId, accountId });
    grant.addResourceScope(resource, 'cmcm.api');
    const grantId = await grant.save();
    const token = new provider.AccessToken({ accountId, client, grantId, scope: 'cmcm.api' });
    token.resourceServer = new provider.ResourceServer(resource, resourceServer(resource));
    ctx.oidc.entity('AccessToken', token);
    const value = await token.save();
    ctx.body = { access_token: value, token_type: 'Bearer', expires_in: token.expiration, scope: 'cmcm.api' };
}, ['username', 'resource']);

// The tests' accounts: POST /test/users { "id": { user }, ... } adds or replaces users (the test client's credentials, as
// HTTP Basic). Exists only with CMCM_OIDC_TEST_SECRET.
if (testSecret) {
    const expected = `Basic ${Buffer.from(`cmcm-tests:${testSecret}`).toString('base64')}`;
    provider.use(async (ctx, next) => {
        if (ctx.path !== '/test/users') return next();
        if (ctx.method !== 'POST' || ctx.get('authorization') !== expected) {
            ctx.status = ctx.method !== 'POST' ? 405 : 401;
            return undefined;
        }
        let body = '';
        for await (const chunk of ctx.req) body += chunk;
        Object.assign(users, JSON.parse(body));
        ctx.status = 204;
        return undefined;
    });
}

provider.proxy = false;
const server = provider.listen(port, '127.0.0.1', () => {
    console.log(`oidc-provider listening on ${issuer}`);
});

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
