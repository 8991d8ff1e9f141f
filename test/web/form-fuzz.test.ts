// Every form of the site against hostile bodies, signed in as the demo users who use
// them: unexpected, missing and repeated fields, over-long values, numbers and dates that
// are not, control characters, an empty body, other content types. Whatever is sent, the
// answer is the site's own — a 4xx error page, a 422/409 form, or the ordinary answer —
// never a 500, never a hang, never a stack trace or SQL. The routes come from PAGES (as in
// auth.test.ts), so a form added later is fuzzed without touching this file.
import 'reflect-metadata';
import type { Page } from 'playwright-core';
import { PAGES } from '../../web/pages';
import { DICTIONARIES } from '../../web/server/i18n';
import { tokenFor } from '../helpers/actors';
import { requestVisit } from '../helpers/study-visits';
import { useSite } from './browser';

const site = useSite();
const sv = DICTIONARIES.sv;

const USERS = ['editor.0884@demo.utbyte.se', 'editor.0686@demo.utbyte.se', 'official.0884@demo.utbyte.se', 'reviewer@demo.utbyte.se'];

/** What a real reader of each parameter would have in the URL (a study visit is made in beforeAll). */
const params: Record<string, (path: string) => string> = {
  slug: (path) => (path.startsWith('/granskning') ? 'motesplats-arby-jobbcentrum-nord' : 'vimmerbys-motesplatser'),
  code: () => '0884',
  token: () => 'A'.repeat(43),
  id: () => encodeURIComponent(visitId),
};
let visitId = '';

function concrete(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    if (!params[name]) throw new Error(`form-fuzz.test.ts: no real value for :${name} in ${path} — add one to params`);
    return params[name](path);
  });
}

type Body = { type: string; body: string; what: string };
const form = (what: string, fields: [string, string][]): Body => ({ what, type: 'application/x-www-form-urlencoded', body: new URLSearchParams(fields).toString() });

/** Values that are not what any field expects. */
const HOSTILE: [string, string][] = [
  ['over-long', 'x'.repeat(300_000)],
  ['not a number', 'tolv komma fem'],
  ['huge number', '99999999999999999999999999'],
  ['number past double', '1e400'],
  ['negative', '-2147483649'],
  ['no such day', '2027-02-30'],
  ['five-digit year', '99999-01-01'],
  ['control characters', 'a\u0000b\u0007c\u001b[31m\u202e\uffff'],
  ['unicode', 'Ängsö 🐄 \u0301\u200d ǅ ﷽'],
  ['markup', '<script>alert(1)</script>"\'><img src=x>'],
];

/** Hostile bodies for a form with these field names (read from its GET page); `csrf` is the session's token. */
function bodies(names: string[], csrf: string): Body[] {
  const named = names.filter((n) => n !== '_csrf');
  const list: Body[] = [
    form('unexpected fields only', [['_csrf', csrf], ['zzz', '1'], ['__proto__', 'x'], ['constructor', 'y'], ['toString', 'z'], ['hasOwnProperty', '1'], ['id[]', '1'], ['a[b]', 'c']]),
    form('token only', [['_csrf', csrf]]),
    form('every field repeated', [['_csrf', csrf], ...named.flatMap((n): [string, string][] => [[n, '1'], [n, '2']])]),
    form('every field empty', [['_csrf', csrf], ...named.map((n): [string, string] => [n, ''])]),
    ...HOSTILE.map(([what, value]) => form(`every field ${what}`, [['_csrf', csrf], ...named.map((n): [string, string] => [n, value])])),
    { what: 'broken percent-encoding', type: 'application/x-www-form-urlencoded', body: `_csrf=${encodeURIComponent(csrf)}&${named.map((n) => `${encodeURIComponent(n)}=%E0%A4%A&%ED%A0%80=%`).join('&')}` },
    { what: 'empty body', type: 'application/x-www-form-urlencoded', body: '' },
    { what: 'JSON body', type: 'application/json', body: JSON.stringify({ _csrf: csrf, ...Object.fromEntries(named.map((n) => [n, { $ne: null }])) }) },
    { what: 'text body', type: 'text/plain', body: `_csrf=${csrf}` },
    { what: 'multipart body', type: 'multipart/form-data; boundary=x', body: `--x\r\ncontent-disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--x--\r\n` },
  ];
  // Each field twice on its own too: a page may read one field as a list and another as one value.
  for (const n of new Set(named)) list.push(form(`${n} twice`, [['_csrf', csrf], [n, 'a'], [n, 'b']]));
  return list;
}

/** Leaks of internals an answer must never show. */
const LEAK = /\bat [\w.<>]+ \(|\.tsx?:\d+|node_modules|\b(select|insert into|update|delete from)\b[^<]{0,80}\b(from|set|values|where)\b|\b(TypeError|ReferenceError|RangeError|GraphQLError|DriverException)\b|Cannot read propert/i;
const ERROR_TITLES = [sv.errors.badRequestTitle, sv.errors.forbiddenTitle, sv.errors.notFoundTitle];

async function cookieOf(page: Page): Promise<string> {
  return (await page.context().cookies(site.url('/'))).map((c) => `${c.name}=${c.value}`).join('; ');
}

/** The session's CSRF token and the names of the POST form fields at `path` (none when the page is not theirs). */
async function formOf(path: string, cookie: string): Promise<{ csrf: string | undefined; names: string[] }> {
  const html = await (await fetch(site.url(path), { headers: { cookie }, redirect: 'manual' })).text();
  const forms = [...html.matchAll(/<form[^>]*method="post"[\s\S]*?<\/form>/g)].map((m) => m[0]).filter((f) => !f.includes('logga-ut'));
  const names = [...new Set(forms.flatMap((f) => [...f.matchAll(/\sname="([^"]+)"/g)].map((m) => m[1])))];
  return { csrf: /name="_csrf" value="([^"]+)"/.exec(html)?.[1], names };
}

/** What is wrong with one answer, or null. */
function problem(status: number, html: string): string | null {
  if (status >= 500) return `${status}`;
  if (LEAK.test(html)) return `${status} shows internals: ${LEAK.exec(html)![0]}`;
  // 400 and 403 are the site's error pages; a 401 (wrong password), a 404 (a dead link) or a 409 may be the form's own page.
  if ((status === 400 || status === 403) && !ERROR_TITLES.some((t) => html.includes(`<h1>${t}</h1>`))) return `${status} without the site's error page`;
  if (status >= 400 && !html.includes('<main')) return `${status} outside the site's layout`;
  if (status === 422 && !html.includes('class="error-summary"')) return '422 without an error summary';
  return null;
}

beforeAll(async () => {
  const visit = await requestVisit(site.t, await tokenFor(site.t, 'EDITOR', '0686'));
  visitId = visit.id as string;
});

test.each(USERS)('every form answers hostile bodies from %s with a clear error, never a 500 or internals', async (email) => {
  const routes = PAGES.filter((p) => p.action).map((p) => concrete(p.path));
  expect(routes.length).toBeGreaterThan(10);
  const page = await site.page();
  await site.signIn(page, email);
  let cookie = await cookieOf(page);
  const wrong: string[] = [];
  // Sign-out last: every other form is posted to while signed in.
  for (const path of routes.sort((a, b) => Number(a === '/logga-ut') - Number(b === '/logga-ut'))) {
    const own = await formOf(path, cookie);
    const csrf = own.csrf ?? (await formOf('/konto', cookie)).csrf!;
    for (const { what, type, body } of bodies(own.names, csrf)) {
      const res = await fetch(site.url(path), { method: 'POST', headers: { 'content-type': type, cookie }, body, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
      const found = problem(res.status, await res.text());
      if (found) wrong.push(`${path} ${what}: ${found}`);
    }
    // A form that signed the user out (sign-in rotates, sign-out ends): sign in again for the next.
    if ((await fetch(site.url('/konto'), { headers: { cookie }, redirect: 'manual' })).status !== 200) {
      await site.signIn(page, email);
      cookie = await cookieOf(page);
    }
  }
  // The cause of a 500 is in the log, not the page: shown beside it.
  const logged = site.t.errorLogs.splice(0).map((e) => `${String(e.msg)}: ${(e.err as { stack?: string } | undefined)?.stack ?? ''}`);
  expect({ wrong, logged }).toEqual({ wrong: [], logged: [] });
}, 300_000);

test('a choice the editor never offers (kind, language, target group, link kind) comes back beside its field, the text kept', async () => {
  const page = await site.page();
  await site.signIn(page, 'editor.0884@demo.utbyte.se');
  const cookie = await cookieOf(page);
  const { csrf } = await formOf('/praktik/ny', cookie);
  const title = `Egen rubrik ${Date.now()}`;
  const before = await site.t.sql<{ n: string }>('select count(*) as n from practice_case');
  for (const [field, value] of [['kind', 'NO_SUCH_KIND'], ['language', 'FI'], ['targetGroups', 'CATS'], ['links.0.kind', 'PODCAST']]) {
    const fields: [string, string][] = [['_csrf', csrf!], ['title', title], ['kind', 'OTHER'], ['language', 'SV'], ['links.rows', '1'], ['links.0.url', 'https://example.se'], ['links.0.kind', 'WEBSITE']];
    const body = new URLSearchParams([...fields.filter(([n]) => n !== field), [field, value]]);
    const res = await fetch(site.url('/praktik/ny'), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body, redirect: 'manual' });
    const html = await res.text();
    expect([field, res.status, html.includes(`value="${title}"`), /class="error-summary"[\s\S]*finns inte/.test(html)]).toEqual([field, 422, true, true]);
  }
  expect(await site.t.sql('select count(*) as n from practice_case')).toEqual(before);
});

test('a NUL in a route or query parameter is a 400 or 404, not a database error', async () => {
  const wrong: string[] = [];
  for (const route of PAGES) {
    const search = new URLSearchParams(['q', 'next', 'sida', 'efter', 'tema', 'kommun', 'nara'].map((n) => [n, 'a\u0000b']));
    for (const path of [route.path.replace(/:([A-Za-z]+)/g, 'a%00b'), `${concrete(route.path)}?${search.toString()}`]) {
      const res = await fetch(site.url(path), { redirect: 'manual' });
      if (res.status >= 500) wrong.push(`${path}: ${res.status}`);
    }
  }
  expect(wrong).toEqual([]);
});
