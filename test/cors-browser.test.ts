// CORS as a browser enforces it: a page served from another origin (another port on
// 127.0.0.1) loads the built @utbyte/client ES module and calls the API with a bearer
// token in real Chromium. The origin in CORS_ORIGINS gets its data and can read the
// exposed headers; any other origin is stopped at the preflight, so its POST never
// reaches the server.
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { useTestSystem } from './helpers/harness';
import type { TestSystem } from './helpers/system';
import { tokenFor } from './helpers/actors';

const CLIENT_BUNDLE = join(__dirname, '..', 'client-sdk', 'dist', 'index.mjs');

// The page hands the module to the test through a global: a dynamic import() inside
// the evaluated function would be rewritten to require() by the test's compiler.
const PAGE = `<!doctype html><title>intranet</title>
<script type="module">import * as sdk from '/client.mjs'; window.utbyteClient = sdk;</script>`;

/** A static site: a page and the client bundle, the way a municipality's intranet would host them. */
async function pageServer(): Promise<{ origin: string; server: http.Server }> {
  const bundle = readFileSync(CLIENT_BUNDLE);
  const server = http.createServer((req, res) => {
    if (req.url === '/client.mjs') res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** What the API process has counted of one method, from its own /metrics. */
async function requestsSeen(t: TestSystem, method: string): Promise<number> {
  const text = await t.system.metrics.render();
  return text
    .split('\n')
    .filter((line) => line.startsWith('utbyte_http_requests_total{') && line.includes(`method="${method}"`))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

/** Runs in the page: the SDK's viewer query, then a raw fetch to see which headers the page may read. */
async function callFromPage([apiUrl, token]: [string, string]) {
  const sdk = (globalThis as unknown as { utbyteClient: { createClient(options: object): { viewer(): Promise<unknown> } } }).utbyteClient;
  const client = sdk.createClient({ url: apiUrl, token, retries: 0 });
  let viewer: unknown = null;
  let sdkError: string | null = null;
  try {
    viewer = await client.viewer();
  } catch (err) {
    sdkError = `${(err as Error).name}: ${(err as Error).message}`;
  }
  let raw: { status: number; requestId: string | null; contentType: string | null } | null = null;
  let rawError: string | null = null;
  try {
    const res = await fetch(apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'page-1' },
      body: JSON.stringify({ query: '{ viewer { role } }' }),
    });
    raw = { status: res.status, requestId: res.headers.get('x-request-id'), contentType: res.headers.get('content-type') };
  } catch (err) {
    rawError = (err as Error).name;
  }
  return { viewer, sdkError, raw, rawError };
}

describe('a page on another origin, in Chromium', () => {
  let browser: Browser;
  let allowed: Awaited<ReturnType<typeof pageServer>>;
  let other: Awaited<ReturnType<typeof pageServer>>;

  // The allowed origin is only known once its page server listens, so the overrides are computed in beforeAll.
  const { t, actors } = useTestSystem(
    async () => {
      if (!existsSync(CLIENT_BUNDLE)) throw new Error(`${CLIENT_BUNDLE} is missing: npm install builds it`);
      allowed = await pageServer();
      other = await pageServer();
      return { corsOrigins: [allowed.origin] };
    },
    async (t) => ({ token: await tokenFor(t, 'EDITOR', '0884') }),
  );
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    allowed?.server.close();
    other?.server.close();
  });

  async function visit(origin: string) {
    const page = await browser.newPage();
    try {
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => 'utbyteClient' in globalThis);
      return await page.evaluate(callFromPage, [t.url, actors.token] as [string, string]);
    } finally {
      await page.close();
    }
  }

  test('the allowed origin gets data, and can read x-request-id', async () => {
    const result = await visit(allowed.origin);
    expect(result.sdkError).toBeNull();
    expect(result.viewer).toMatchObject({ role: 'EDITOR', municipality: { code: '0884' } });
    expect(result.raw).toEqual({ status: 200, requestId: 'page-1', contentType: expect.stringContaining('json') });
  });

  test('any other origin is blocked by the browser; its POST never reaches the server', async () => {
    const postsBefore = await requestsSeen(t, 'POST');
    const preflightsBefore = await requestsSeen(t, 'OPTIONS');
    const result = await visit(other.origin);
    expect(result.viewer).toBeNull();
    expect(result.sdkError).toMatch(/^NetworkError/);
    expect(result.raw).toBeNull();
    expect(result.rawError).toBe('TypeError');
    expect(await requestsSeen(t, 'OPTIONS')).toBeGreaterThan(preflightsBefore);
    expect(await requestsSeen(t, 'POST')).toBe(postsBefore);
  });
});
