import { ConfigError, loadConfig } from './config';

const CWD = '/srv/utbyte';

function failure(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env, CWD);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be rejected`);
}

describe('loadConfig', () => {
  test('defaults: embedded services, port 4000 on localhost, data under .data', () => {
    expect(loadConfig({}, CWD)).toEqual({
      nodeEnv: 'development',
      host: '127.0.0.1',
      port: 4000,
      databaseUrl: undefined,
      meiliUrl: undefined,
      meiliMasterKey: undefined,
      meiliBin: undefined,
      embeddedPgPort: undefined,
      embeddedMeiliPort: undefined,
      dataDir: '/srv/utbyte/.data',
      logLevel: 'info',
      demo: true,
      indexPrefix: 'utbyte_',
      inProcessIndexer: true,
      corsOrigins: [],
      shutdownDelaySeconds: 0,
      confirmationIntervalMonths: 12,
      limits: undefined,
      publicUrl: undefined,
      session: { idleMinutes: 120, absoluteHours: 12, secureCookies: false },
      smtpUrl: undefined,
      mailFrom: 'Utbyte <no-reply@utbyte.invalid>',
      oidc: undefined,
    });
  });

  test('reads every setting', () => {
    const config = loadConfig(
      {
        NODE_ENV: 'production',
        HOST: '0.0.0.0',
        PORT: '8080',
        DATABASE_URL: 'postgres://u:p@db:5432/utbyte',
        MEILI_URL: 'https://search.example.org',
        MEILI_MASTER_KEY: 'k',
        MEILI_BIN: '/opt/meilisearch',
        EMBEDDED_PG_PORT: '5433',
        EMBEDDED_MEILI_PORT: '7701',
        DATA_DIR: 'var/data',
        LOG_LEVEL: 'warn',
        UTBYTE_DEMO: 'yes',
        INDEX_PREFIX: 'staging_',
        IN_PROCESS_INDEXER: 'false',
        CORS_ORIGINS: 'https://app.example.se, http://localhost:5173',
        SHUTDOWN_DELAY_SECONDS: '5',
        CONFIRMATION_INTERVAL_MONTHS: '6',
        PUBLIC_URL: 'https://utbyte.example.se',
        SESSION_IDLE_MINUTES: '30',
        SESSION_MAX_HOURS: '8',
        SMTP_URL: 'smtp://mail.example.se:25',
        MAIL_FROM: 'Utbyte <utbyte@example.se>',
        GRAPHQL_MAX_DEPTH: '12',
      },
      CWD,
    );
    expect(config).toEqual({
      nodeEnv: 'production',
      host: '0.0.0.0',
      port: 8080,
      databaseUrl: 'postgres://u:p@db:5432/utbyte',
      meiliUrl: 'https://search.example.org',
      meiliMasterKey: 'k',
      meiliBin: '/opt/meilisearch',
      embeddedPgPort: 5433,
      embeddedMeiliPort: 7701,
      dataDir: '/srv/utbyte/var/data',
      logLevel: 'warn',
      demo: true,
      indexPrefix: 'staging_',
      inProcessIndexer: false,
      corsOrigins: ['https://app.example.se', 'http://localhost:5173'],
      shutdownDelaySeconds: 5,
      confirmationIntervalMonths: 6,
      publicUrl: 'https://utbyte.example.se',
      session: { idleMinutes: 30, absoluteHours: 8, secureCookies: true },
      smtpUrl: 'smtp://mail.example.se:25',
      mailFrom: 'Utbyte <utbyte@example.se>',
      limits: { maxDepth: 12 },
      oidc: undefined,
    });
  });

  test('environment-dependent defaults', () => {
    expect(loadConfig({ NODE_ENV: 'production' }, CWD)).toMatchObject({ demo: false, logLevel: 'info' });
    expect(loadConfig({ NODE_ENV: 'test' }, CWD)).toMatchObject({ demo: true, logLevel: 'silent' });
    // An empty value means "not set", as shells and .env files often produce.
    expect(loadConfig({ PORT: '', DATABASE_URL: '', LOG_LEVEL: '' }, CWD)).toMatchObject({ port: 4000, databaseUrl: undefined, logLevel: 'info' });
    expect(loadConfig({ PORT: '0' }, CWD).port).toBe(0);
    expect(loadConfig({ DATA_DIR: '/abs/data' }, CWD).dataDir).toBe('/abs/data');
  });

  test.each(['abc', '-1', '65536', '80.5', '4000x'])('PORT=%s is refused, naming PORT and the value', (value) => {
    const message = failure({ PORT: value });
    expect(message).toContain('PORT');
    expect(message).toContain(`"${value}"`);
  });

  test.each(['0', '121', '1.5', 'year'])('CONFIRMATION_INTERVAL_MONTHS=%s is refused', (value) => {
    expect(failure({ CONFIRMATION_INTERVAL_MONTHS: value })).toMatch(/^CONFIRMATION_INTERVAL_MONTHS must be a whole number from 1 to 120/);
  });

  test('the embedded ports are checked the same way', () => {
    expect(failure({ EMBEDDED_PG_PORT: '99999' })).toMatch(/^EMBEDDED_PG_PORT/);
    expect(failure({ EMBEDDED_MEILI_PORT: 'x' })).toMatch(/^EMBEDDED_MEILI_PORT/);
  });

  test.each([
    ['not a url', /DATABASE_URL is not a valid URL/],
    ['mysql://u:p@db/utbyte', /DATABASE_URL must start with postgres:\/\/ or postgresql:\/\//],
    ['http://db:5432/utbyte', /DATABASE_URL must start with/],
  ])('DATABASE_URL=%s is refused', (value, expected) => {
    expect(failure({ DATABASE_URL: value })).toMatch(expected);
  });

  test('a refused DATABASE_URL is not echoed, so its password stays out of the output', () => {
    expect(failure({ DATABASE_URL: 'mysql://user:hunter2@db/utbyte' })).not.toContain('hunter2');
    expect(failure({ DATABASE_URL: 'hunter2 is not a url' })).not.toContain('hunter2');
  });

  test('MEILI_URL must be http or https', () => {
    expect(failure({ MEILI_URL: 'ftp://search' })).toMatch(/MEILI_URL must start with http:\/\/ or https:\/\//);
    expect(failure({ MEILI_URL: '7700' })).toMatch(/MEILI_URL/);
  });

  test.each(['verbose', 'INFO', 'warning'])('LOG_LEVEL=%s is refused with the allowed values', (value) => {
    const message = failure({ LOG_LEVEL: value });
    expect(message).toContain('LOG_LEVEL');
    expect(message).toContain('fatal, error, warn, info, debug, trace, silent');
  });

  test.each(['prod', 'dev', 'staging'])('NODE_ENV=%s is refused with the allowed values', (value) => {
    expect(failure({ NODE_ENV: value })).toBe(`NODE_ENV must be one of development, production, test, got "${value}"`);
  });

  test('booleans and the index prefix', () => {
    expect(failure({ UTBYTE_DEMO: 'maybe' })).toMatch(/UTBYTE_DEMO must be true or false/);
    expect(failure({ IN_PROCESS_INDEXER: '2' })).toMatch(/IN_PROCESS_INDEXER/);
    expect(loadConfig({ UTBYTE_DEMO: 'OFF' }, CWD).demo).toBe(false);
    expect(failure({ INDEX_PREFIX: 'bad prefix' })).toMatch(/INDEX_PREFIX/);
    expect(failure({ INDEX_PREFIX: 'x'.repeat(41) })).toMatch(/INDEX_PREFIX/);
    expect(loadConfig({ INDEX_PREFIX: '' }, CWD).indexPrefix).toBe('');
  });

  test('CORS_ORIGINS: exact origins, stored as browsers send them', () => {
    expect(loadConfig({ CORS_ORIGINS: 'HTTPS://App.Example.se:443,https://app.example.se' }, CWD).corsOrigins).toEqual(['https://app.example.se']);
    expect(loadConfig({ CORS_ORIGINS: ' ' }, CWD).corsOrigins).toEqual([]);
    for (const bad of ['*', 'app.example.se', 'https://app.example.se/', 'https://app.example.se/path', 'ftp://files.example.se', 'https://u:p@app.example.se', 'null']) {
      expect(failure({ CORS_ORIGINS: `https://ok.example.se,${bad}` })).toBe(
        `CORS_ORIGINS must be a comma-separated list of origins such as https://app.example.se (scheme, host and port only), got "${bad}"`,
      );
    }
    expect(failure({ CORS_ORIGINS: Array.from({ length: 51 }, (_, i) => `https://a${i}.example.se`).join(',') })).toMatch(/^CORS_ORIGINS may list at most 50 origins/);
  });

  test('SHUTDOWN_DELAY_SECONDS is a whole number of seconds up to 25', () => {
    expect(failure({ SHUTDOWN_DELAY_SECONDS: '30' })).toMatch(/^SHUTDOWN_DELAY_SECONDS must be a whole number from 0 to 25/);
    expect(failure({ SHUTDOWN_DELAY_SECONDS: '1.5' })).toMatch(/^SHUTDOWN_DELAY_SECONDS/);
  });
});

test('PUBLIC_URL is an origin for the website: a trailing slash is dropped, a path or another scheme stops the start', () => {
  expect(loadConfig({}, CWD).publicUrl).toBeUndefined();
  expect(loadConfig({ PUBLIC_URL: 'https://Utbyte.example.se/' }, CWD).publicUrl).toBe('https://utbyte.example.se');
  expect(loadConfig({ PUBLIC_URL: 'http://localhost:4000' }, CWD).publicUrl).toBe('http://localhost:4000');
  expect(failure({ PUBLIC_URL: 'https://example.se/utbyte' })).toMatch(/^PUBLIC_URL must be an origin/);
  expect(failure({ PUBLIC_URL: 'ftp://example.se' })).toMatch(/^PUBLIC_URL must start with http:\/\/ or https:\/\//);
  expect(failure({ PUBLIC_URL: 'not a url' })).toBe('PUBLIC_URL is not a valid URL');
});

test('OIDC_*: all three or none, the issuer https (plain http only on loopback), and PUBLIC_URL in production', () => {
  const sso = { OIDC_ISSUER: 'https://login.vimmerby.se/realms/kommun', OIDC_CLIENT_ID: 'utbyte', OIDC_CLIENT_SECRET: 's3cret' };
  expect(loadConfig({}, CWD).oidc).toBeUndefined();
  expect(loadConfig(sso, CWD).oidc).toEqual({ issuer: 'https://login.vimmerby.se/realms/kommun', clientId: 'utbyte', clientSecret: 's3cret' });
  expect(loadConfig({ ...sso, OIDC_ISSUER: 'http://127.0.0.1:5999' }, CWD).oidc?.issuer).toBe('http://127.0.0.1:5999');
  expect(failure({ ...sso, OIDC_CLIENT_SECRET: '' })).toMatch(/^OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together.*missing OIDC_CLIENT_SECRET/);
  expect(failure({ OIDC_ISSUER: sso.OIDC_ISSUER })).toMatch(/missing OIDC_CLIENT_ID, OIDC_CLIENT_SECRET\)$/);
  expect(failure({ ...sso, OIDC_ISSUER: 'http://login.vimmerby.se' })).toMatch(/^OIDC_ISSUER must start with https:\/\//);
  expect(failure({ ...sso, OIDC_ISSUER: 'https://login.vimmerby.se/?tenant=1' })).toMatch(/^OIDC_ISSUER must be the issuer identifier/);
  expect(failure({ ...sso, NODE_ENV: 'production' })).toMatch(/^OIDC_ISSUER needs PUBLIC_URL in production.*\/logga-in\/kommunkonto\/klar/);
  expect(loadConfig({ ...sso, NODE_ENV: 'production', PUBLIC_URL: 'https://utbyte.example.se' }, CWD).oidc?.clientId).toBe('utbyte');
});
