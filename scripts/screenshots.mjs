// Screenshots of the website's main pages for README and docs/web.md:
//
//   npm run screenshots                     # builds, starts Utbyte with demo content in a temp DATA_DIR
//   npm run screenshots -- --url http://localhost:4000   # or against a running server
//   node scripts/screenshots.mjs --dist DIR # start a build other than dist/ (from scripts/build.mjs DIR)
//
// Writes docs/images/<page>-<width>.png (fixed names, so a re-run replaces them and git
// shows what changed). Chromium is Debian's (/usr/bin/chromium, or CHROMIUM_PATH),
// driven by playwright-core; nothing is downloaded. The images are this script's
// output: re-run it after changing a page rather than editing them by hand.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'docs', 'images');
const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 360, height: 740 };

/** Vimmerby's demo editor, who the signed-in shots sign in as (password from the server's start output). */
const EDITOR = 'editor.0884@demo.utbyte.se';

/**
 * The pages to photograph; `path` may depend on what the API answers (the case). A shot
 * with `as` is taken signed in as that demo user, through the real /logga-in form.
 */
function shots(caseSlug, state = {}) {
  return [
    { name: 'start', path: '/', sizes: [WIDE] },
    { name: 'search', path: `/sok?q=${encodeURIComponent('språkvän')}`, sizes: [WIDE, NARROW] },
    { name: 'case', path: `/praktik/${encodeURIComponent(caseSlug)}`, sizes: [WIDE, NARROW] },
    { name: 'municipality', path: '/kommun/0884', sizes: [WIDE] },
    { name: 'themes', path: '/tema', sizes: [WIDE] },
    { name: 'network', path: '/natverk', sizes: [WIDE] },
    { name: 'editor', path: '/praktik/vimmerbys-motesplatser/redigera', sizes: [WIDE, NARROW], as: EDITOR },
    { name: 'my-work', path: '/mitt-arbete', sizes: [WIDE], as: EDITOR },
    // The demo's Vimmerby IF case was last confirmed 14 months ago: due for "still running?".
    { name: 'still-running', path: '/praktik/vimmerby-if-inkludering/bekrafta', sizes: [WIDE, NARROW], as: EDITOR },
    { name: 'versions', path: '/praktik/vimmerbys-motesplatser/versioner', sizes: [WIDE], as: EDITOR },
    { name: 'sign-in', path: '/logga-in', sizes: [WIDE, NARROW] },
    { name: 'account', path: '/konto', sizes: [WIDE], as: EDITOR },
    { name: 'account-sessions', path: '/konto/sessioner', sizes: [WIDE], as: EDITOR },
    { name: 'account-tokens', path: '/konto/nycklar', sizes: [WIDE, NARROW], as: EDITOR },
    ...visitAndReviewShots(state),
  ];
}

const OFFICIAL = 'official.0884@demo.utbyte.se';

/** Study visits, the hosting offer and review; the visit and the changed case exist only once prepareVisitAndReview made them. */
function visitAndReviewShots(state) {
  return [
    { name: 'visit-request', path: '/praktik/vimmerbys-motesplatser/studiebesok', sizes: [WIDE, NARROW], as: 'editor.0686@demo.utbyte.se' },
    { name: 'hosting-offer', path: '/kommun/0884/vardskap', sizes: [WIDE], as: OFFICIAL },
    ...(state.visitId
      ? [
          { name: 'visits', path: '/studiebesok', sizes: [WIDE, NARROW], as: OFFICIAL },
          { name: 'visit', path: `/studiebesok/${encodeURIComponent(state.visitId)}`, sizes: [WIDE], as: OFFICIAL },
        ]
      : []),
    ...(state.reviewSlug ? [{ name: 'review', path: `/granskning/${encodeURIComponent(state.reviewSlug)}`, sizes: [WIDE, NARROW], as: 'reviewer@demo.utbyte.se' }] : []),
  ];
}

/**
 * Something to show in the inbox and the review: Eksjö asks Vimmerby for a visit, and
 * Vimmerby's editor changes a published case, with the demo bearer tokens the server
 * printed. Only on a server this script started (its output has the tokens, its data is
 * thrown away); against --url those shots are left out.
 */
async function prepareVisitAndReview(url, output) {
  await passwordsOnceShown(output); // printed after the tokens: then both are there
  const tokens = new Map([...output().matchAll(/^\s+(.+?)\s{2,}(utb_\S+)$/gm)].map((m) => [m[1].trim(), m[2]]));
  const eksjo = tokens.get('editor, Eksjö 0686');
  const vimmerby = tokens.get('editor, Vimmerby 0884');
  if (!eksjo || !vimmerby) return {};
  const day = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  const { practiceCase } = await graphql(url, '{ practiceCase(slug: "vimmerbys-motesplatser") { id } }');
  const visit = await graphql(
    url,
    'mutation($input: RequestStudyVisitInput!) { requestStudyVisit(input: $input) { studyVisit { id } userErrors { message } } }',
    { input: { idempotencyKey: 'screenshots', hostMunicipality: '0884', visitingMunicipality: '0686', practiceCase: practiceCase.id, purpose: 'Se hur mötesplatserna drivs och hur språket kommer in i vardagen.', participants: 3, proposedDates: [{ start: day(30), end: day(30) }, { start: day(44), end: day(45) }], preferredLanguage: 'SV', format: 'ON_SITE', contact: { name: 'Elsa Editor', email: 'elsa@example.se' } } },
    eksjo,
  );
  const { municipality } = await graphql(url, '{ municipality(code: "0884") { practiceCases(first: 20) { edges { node { id slug version summary } } } } }');
  const changed = municipality.practiceCases.edges.map((e) => e.node).find((c) => c.slug !== 'vimmerbys-motesplatser');
  if (changed) {
    const summary = `${changed.summary.replace(/\.$/, '')}, och sedan 2024 även på lördagar.`;
    await graphql(url, 'mutation($input: UpdatePracticeCaseInput!) { updatePracticeCase(input: $input) { userErrors { message } } }', { input: { id: changed.id, expectedVersion: changed.version, summary, places: ['Storebro', 'Södra Vi'] } }, vimmerby);
  }
  return { visitId: visit.requestStudyVisit.studyVisit?.id, reviewSlug: changed?.slug };
}

/**
 * Demo users' website passwords: the server prints new ones at every start. Against a
 * running server (--url) pass them as SCREENSHOT_PASSWORDS="email=password,…".
 */
function demoPasswords(output) {
  const passwords = new Map();
  for (const pair of (process.env.SCREENSHOT_PASSWORDS ?? '').split(',').filter(Boolean)) {
    const [email, password] = pair.split('=');
    passwords.set(email, password);
  }
  for (const m of output.matchAll(/^\s+.*?\s(\S+@\S+)\s+(\S+)$/gm)) passwords.set(m[1], m[2]);
  return passwords;
}

async function signIn(page, url, email, passwords) {
  const password = passwords.get(email);
  if (!password) throw new Error(`no password for ${email}: start the server here, or set SCREENSHOT_PASSWORDS`);
  await page.goto(`${url}/logga-in`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
  if (new URL(page.url()).pathname === '/logga-in') throw new Error(`signing in as ${email} failed`);
}

function argValue(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Starts `main.js start` on a fresh DATA_DIR (demo content on, any free port); resolves with its site URL. */
function startServer(dataDir, dist) {
  const main = join(dist, 'server', 'src', 'main.js');
  const env = { ...process.env, NODE_ENV: 'development', UTBYTE_DEMO: 'true', DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' };
  for (const key of ['DATABASE_URL', 'MEILI_URL', 'MEILI_MASTER_KEY', 'PUBLIC_URL']) delete env[key];
  const child = spawn(process.execPath, [main, 'start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error('the server did not get ready within 180 s'));
    }, 180_000);
    child.stdout.on('data', (chunk) => {
      out += chunk.toString('utf8');
      const m = /Website at (http\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        // Demo passwords are printed after this line: the output is read again when needed.
        resolve({ child, url: m[1].replace(/\/$/, ''), output: () => out });
      }
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code} before it was ready`)));
  });
}

async function stopServer(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

async function graphql(url, query, variables = {}, token = undefined) {
  const headers = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = await res.json();
  if (body.errors?.length) throw new Error(`GraphQL: ${JSON.stringify(body.errors).slice(0, 500)}`);
  return body.data;
}

/**
 * The slug of the first hit for "språkvän" (the case the search shot leads to), once
 * the demo content is in the search index: a fresh start indexes it in the background.
 */
async function caseSlugOnceIndexed(url) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    // Until the first documents arrive the index may not exist yet, and search fails.
    const data = await graphql(url, 'query($q: String) { search(query: $q, first: 1) { edges { node { slug } } } }', { q: 'språkvän' }).catch((err) => err);
    const slug = data instanceof Error ? undefined : data.search.edges[0]?.node.slug;
    if (slug) return slug;
    if (Date.now() > deadline) throw new Error(`no search hit for "språkvän" within 120 s: is the demo content loaded and indexed? ${data instanceof Error ? data.message : ''}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The demo passwords, once the server has printed them (it does so just after it is ready). */
async function passwordsOnceShown(output) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const passwords = demoPasswords(output());
    if (passwords.has(EDITOR) || Date.now() > deadline) return passwords;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function photograph(url, output = () => '') {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--font-render-hinting=none'],
  });
  try {
    mkdirSync(outDir, { recursive: true });
    const slug = await caseSlugOnceIndexed(url);
    for (const shot of shots(slug, await prepareVisitAndReview(url, output))) {
      for (const viewport of shot.sizes) {
        const context = await browser.newContext({ viewport, deviceScaleFactor: 1, reducedMotion: 'reduce', locale: 'sv-SE' });
        const page = await context.newPage();
        if (shot.as) await signIn(page, url, shot.as, await passwordsOnceShown(output));
        const res = await page.goto(`${url}${shot.path}`, { waitUntil: 'networkidle' });
        if (!res || res.status() !== 200) throw new Error(`${shot.path} answered ${res?.status()}`);
        const file = join(outDir, `${shot.name}-${viewport.width}.png`);
        await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
        process.stdout.write(`${file.slice(root.length + 1)}  ←  ${shot.path}\n`);
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
}

async function main() {
  const given = argValue('--url') ?? process.env.SCREENSHOT_URL;
  if (given) return photograph(given.replace(/\/$/, ''));
  const dataDir = mkdtempSync(join(tmpdir(), 'utbyte-screenshots-'));
  let server;
  try {
    server = await startServer(dataDir, argValue('--dist') ?? join(root, 'dist'));
    await photograph(server.url, server.output);
  } finally {
    if (server) await stopServer(server.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`screenshots failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
