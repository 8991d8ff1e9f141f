// Browser tests of the website: a test system with demo content (indexed, so search
// facets count), Debian's Chromium driven by playwright-core, and an axe-core scan that
// fails on any WCAG 2.1 A/AA violation. One per test file:
//
//   const site = useSite();                     // in the file's top level
//   const page = await site.page();             // a fresh context (JS on, 1280×800)
//   await page.goto(site.url('/tema'));
//   await expectNoAxeViolations(page);
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { randomBytes } from 'node:crypto';
import type { Config } from '../../server/src/config';
import type { Logger } from '../../server/src/core/logger';
import { payloadOrThrow } from '../../server/src/core/mutation';
import type { Role } from '../../server/src/modules/accounts/account.entities';
import { DEMO_USERS, ensureDemoUser } from '../../server/src/modules/accounts/demo-tokens';
import { asSystem } from '../helpers/actors';
import { startTestSystem, type TestSystem } from '../helpers/system';

/** Chromium from Debian (playwright cannot download one here); CHROMIUM_PATH overrides. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface Site {
  t: TestSystem;
  browser: Browser;
  /** Absolute URL of a site path. */
  url(path: string): string;
  /** A page in a new browser context (axe needs one); closed after the file. */
  page(options?: BrowserContextOptions): Promise<Page>;
  /** Same, with JavaScript off: what every page must work without. */
  pageWithoutJs(options?: BrowserContextOptions): Promise<Page>;
  /**
   * Signs `page` in through the real /logga-in form, as a demo user (DEMO_USERS, given a
   * password before the tests) or one made by createUser; fails unless it worked.
   */
  signIn(page: Page, email: string, password?: string): Promise<void>;
  /** A new user with a password that passes the policy; the e-mail is unique unless given. */
  createUser(user: { role: keyof typeof Role; municipalityCode?: string | null; email?: string; name?: string }): Promise<{ id: string; email: string; password: string }>;
}

/** The password every demo user gets in browser tests. */
export const DEMO_PASSWORD = 'demo-lösenord-för-test';

/** Phones we support start at 360 px wide. */
export const NARROW = { viewport: { width: 360, height: 740 } } as const;

/** Pages whose context has JavaScript off: axe runs as a script, so it cannot scan them. */
const withoutJs = new WeakSet<Page>();

/** Registers beforeAll/afterAll that start and stop the system and the browser. */
export function useSite(options: { config?: () => Partial<Config>; log?: () => Logger } = {}): Site {
  const contexts: BrowserContext[] = [];
  const site = {
    url: (path: string) => `${site.t.baseUrl}${path}`,
    async page(options: BrowserContextOptions = {}) {
      const context = await site.browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
      contexts.push(context);
      return context.newPage();
    },
    async pageWithoutJs(options: BrowserContextOptions = {}) {
      const page = await site.page({ ...options, javaScriptEnabled: false });
      withoutJs.add(page);
      return page;
    },
    async signIn(page: Page, email: string, password?: string) {
      await signInThroughForm(site, page, email, password ?? passwords.get(email.toLowerCase()) ?? DEMO_PASSWORD);
    },
    async createUser(spec: { role: keyof typeof Role; municipalityCode?: string | null; email?: string; name?: string }) {
      const created = await createUserWithPassword(site.t, spec);
      passwords.set(created.email, created.password);
      return created;
    },
  } as Site;
  const passwords = new Map<string, string>();
  beforeAll(async () => {
    // A function, so that settings made by an earlier beforeAll (an SMTP catcher's URL) are in.
    site.t = await startTestSystem({ demo: true, ...options.config?.() }, { log: options.log?.() });
    await giveDemoUsersPasswords(site.t);
    // Demo content goes into the search index through the outbox; facet counts need it there.
    await site.t.system.search.indexer.drain();
    site.browser = await launchChromium();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await site.browser?.close();
    await site.t?.stop();
  });
  return site;
}

/** Fails with the rule ids, their help and the offending elements on any WCAG 2.1 A/AA violation. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  // Without this check the scan waits for a script that never runs, until the test times out.
  if (withoutJs.has(page)) throw new Error('axe runs in the page: scan a page from site.page(), not site.pageWithoutJs()');
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const found = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}`).join('\n')}`);
  expect(found).toEqual([]);
}

/** True when the page scrolls sideways: content wider than the viewport. */
export function hasHorizontalOverflow(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

/** The content attribute of a <meta> or href of a <link> in <head>, or null. */
export function headValue(page: Page, selector: string, attribute: 'content' | 'href' = 'content'): Promise<string | null> {
  return page.locator(`head ${selector}`).first().getAttribute(attribute);
}

let userCounter = 0;

/** A user made through the accounts service, with a fresh password that passes the policy. */
async function createUserWithPassword(t: TestSystem, spec: { role: keyof typeof Role; municipalityCode?: string | null; email?: string; name?: string }) {
  const ctx = asSystem(t);
  userCounter += 1;
  const email = (spec.email ?? `${spec.role.toLowerCase()}-${userCounter}-${randomBytes(4).toString('hex')}@example.se`).toLowerCase();
  const user = payloadOrThrow(
    await t.system.services.accounts.createUser(ctx, { name: spec.name ?? `Test ${spec.role} ${userCounter}`, email, role: spec.role as Role, municipalityCode: spec.municipalityCode ?? null }),
    'user',
  );
  const password = `test-${randomBytes(9).toString('base64url')}`;
  payloadOrThrow(await t.system.services.accounts.setPassword(ctx, user.id, password), 'user');
  return { id: user.id, email, password };
}

/** The demo users exist in every browser test system, all with DEMO_PASSWORD. */
async function giveDemoUsersPasswords(t: TestSystem): Promise<void> {
  const ctx = asSystem(t);
  for (const demo of DEMO_USERS) {
    const user = await ensureDemoUser(ctx, t.system.services.accounts, demo);
    payloadOrThrow(await t.system.services.accounts.setPassword(ctx, user.id, DEMO_PASSWORD), 'user');
  }
}

async function signInThroughForm(site: Site, page: Page, email: string, password: string): Promise<void> {
  await page.goto(site.url('/logga-in'));
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
  if ((await page.locator('.account-menu').count()) === 0) {
    throw new Error(`signing in as ${email} failed: ${(await page.locator('.error-summary').textContent()) ?? page.url()}`);
  }
}
