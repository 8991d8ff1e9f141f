// A real OpenID Connect provider (the `oidc-provider` package) for the single sign-on
// tests, run as a child process by test/helpers/oidc-provider.ts: it is an ES module
// with its own dependencies (koa), which Node loads natively and jest would have to
// transform. Its built-in development login and consent pages accept any login; the
// login is the account's e-mail, verified unless it starts with "unverified.".
// Settings come from the environment; it prints "ready <url>" once it listens.
import Provider from 'oidc-provider';

const { OIDC_PORT, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI } = process.env;
const issuer = `http://127.0.0.1:${OIDC_PORT}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: OIDC_CLIENT_ID,
      client_secret: OIDC_CLIENT_SECRET,
      redirect_uris: [OIDC_REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  cookies: { keys: ['test-only-cookie-key-for-the-oidc-provider'] },
  features: { devInteractions: { enabled: true } },
  async findAccount(_ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: id.replace(/^unverified\./, ''), email_verified: !id.startsWith('unverified.'), name: `Person ${id}` };
      },
    };
  },
});
// Quiet: the development keys and interactions warn on every start.
provider.on('server_error', (_ctx, err) => console.error('provider error', err));

const server = provider.listen(Number(OIDC_PORT), '127.0.0.1', () => console.log(`ready ${issuer}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
