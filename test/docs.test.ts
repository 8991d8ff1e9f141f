// Runs every code sample of the user documentation (docs/getting-started.md, api.md,
// sdk.md, cli.md, glossary.md) against a test system loaded with the demo content:
//   ```graphql   sent over HTTP; a ```json block right after it holds the variables
//   ```ts        SDK code, run with @utbyte/client from the sources
//   ```sh        `utbyte …` lines run through the command line, `curl …` lines in a shell
//   ```json / ```csv  marked <!-- file: NAME --> are written where the command line runs
// An HTML comment before a sample says who runs it (<!-- as: editor -->) and what it
// should produce (<!-- expect: FORBIDDEN -->, <!-- expect: userError VERSION_CONFLICT -->);
// without one, any error or userError fails the test. A ```text block marked
// <!-- output: terminal --> must equal what the command before it printed. In variables, queries
// and curl commands, "<id of SLUG>", "<visit id>", "<today>" and "<date in N days>" stand for
// values that only exist at run time; the docs explain them where they appear. The actors
// are the demo accounts `npm start` prints tokens for, and curl samples find those tokens
// in the variables the docs tell readers to export (DEMO_TOKEN_VARIABLES).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { transform } from '@swc/core';
import * as sdk from '../client-sdk/src';
import { run } from '../client-sdk/src/cli/main';
import { issueDemoTokens } from '../server/src/modules/accounts/demo-tokens';
import { inDays } from './helpers/study-visits';
import { useTestSystem } from './helpers/harness';

const DOCS = ['getting-started.md', 'api.md', 'sdk.md', 'cli.md', 'glossary.md'];
const docsDir = join(__dirname, '..', 'docs');

// Shell lines that set up a machine rather than use Utbyte; a fresh clone and the
// foundation tests cover them.
const SETUP_COMMANDS = [/^npm (install|ci|start)\b/, /^npm run (build|migrate)\b/, /^git clone\b/, /^cd\b/];

interface Sample {
  file: string;
  line: number;
  lang: string;
  code: string;
  marks: Record<string, string>;
  variables?: string;
}

function samples(file: string): Sample[] {
  const text = readFileSync(join(docsDir, file), 'utf8');
  const out: Sample[] = [];
  const lines = text.split('\n');
  let marks: Record<string, string> = {};
  for (let i = 0; i < lines.length; i += 1) {
    const mark = /^<!--\s*(\w+):\s*(.*?)\s*-->$/.exec(lines[i]);
    if (mark) {
      marks[mark[1]] = mark[2];
      continue;
    }
    // Fences may be indented (inside a list item); the indent is not part of the code.
    const fence = /^(\s*)```(\w+)\s*$/.exec(lines[i]);
    if (!fence) {
      if (lines[i].trim() !== '') marks = {};
      continue;
    }
    const indent = fence[1].length;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end].trim() !== '```') end += 1;
    const code = lines.slice(start, end).map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length))).join('\n');
    const previous = out[out.length - 1];
    // A json block straight after a graphql block (only blank lines between) is its variables.
    if (fence[2] === 'json' && !marks.file && previous?.lang === 'graphql' && previous.variables === undefined && lines.slice(previous.line + previous.code.split('\n').length + 1, i).every((l) => l.trim() === '')) {
      previous.variables = code;
    } else {
      out.push({ file, line: start, lang: fence[2], code, marks });
    }
    marks = {};
    i = end;
  }
  return out;
}

// Which actor each line `npm start` prints is, and the shell variable the docs keep it in.
const DEMO_ACTORS: Record<string, { actor: string; variable: string }> = {
  'official, Vimmerby 0884': { actor: 'official', variable: 'VIMMERBY_OFFICIAL_TOKEN' },
  'editor, Vimmerby 0884': { actor: 'editor', variable: 'VIMMERBY_EDITOR_TOKEN' },
  'editor, Eksjö 0686': { actor: 'eksjo', variable: 'EKSJO_EDITOR_TOKEN' },
  reviewer: { actor: 'reviewer', variable: 'REVIEWER_TOKEN' },
  admin: { actor: 'admin', variable: 'ADMIN_TOKEN' },
  'API client, emilkraften (read, study-visits:write)': { actor: 'partner', variable: 'PARTNER_TOKEN' },
};

const { t } = useTestSystem({ demo: true, inProcessIndexer: false });
let cwd: string;
const tokens: Record<string, string | null> = { anonymous: null };
let lastVisitId: string | null = null;
/** What the last command of an sh sample printed, for a following <!-- output: terminal --> block. */
let lastOutput: { command: string; text: string } | null = null;

async function idOfCase(slug: string): Promise<string> {
  const res = await t.data('query($slug: String!) { practiceCase(slug: $slug) { id } }', { slug }, { token: tokens.admin! });
  if (!res.practiceCase) throw new Error(`docs refer to a case "${slug}" that does not exist at this point`);
  return res.practiceCase.id;
}

async function fill(text: string): Promise<string> {
  let out = text;
  for (const [whole, slug] of [...text.matchAll(/<id of ([a-z0-9-]+)>/g)]) out = out.replace(whole, await idOfCase(slug));
  out = out.replace(/<date in (\d+) days>/g, (_m, n) => inDays(Number(n))).split('<today>').join(inDays(0));
  if (out.includes('<visit id>')) {
    if (!lastVisitId) throw new Error('"<visit id>" used before any sample returned a study visit');
    out = out.split('<visit id>').join(lastVisitId);
  }
  return out;
}

function remember(data: unknown): void {
  // The last study visit any sample returned is what "<visit id>" means next.
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (typeof o.studyVisit === 'object' && o.studyVisit && typeof (o.studyVisit as { id?: unknown }).id === 'string') lastVisitId = (o.studyVisit as { id: string }).id;
    for (const child of Object.values(o)) walk(child);
  };
  walk(data);
}

function userErrorCodes(data: unknown): string[] {
  const codes: string[] = [];
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.userErrors)) for (const e of o.userErrors) codes.push((e as { code: string }).code);
    for (const child of Object.values(o)) walk(child);
  };
  walk(data);
  return codes;
}

function tokenFor_(who: string | undefined): string | null {
  const name = who ?? 'anonymous';
  if (!(name in tokens)) throw new Error(`unknown actor "${name}" in <!-- as: --> (known: ${Object.keys(tokens).join(', ')})`);
  return tokens[name];
}

async function runGraphql(s: Sample): Promise<void> {
  const query = await fill(s.code);
  const variables = s.variables ? JSON.parse(await fill(s.variables)) : undefined;
  const res = await t.gql(query, variables, { token: tokenFor_(s.marks.as) ?? undefined });
  const expected = s.marks.expect;
  if (expected && !expected.startsWith('userError')) {
    expect(res.errors?.map((e) => e.extensions?.code)).toContain(expected);
    return;
  }
  if (res.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
  const codes = userErrorCodes(res.data);
  if (expected?.startsWith('userError')) expect(codes).toContain(expected.split(/\s+/)[1]);
  else expect(codes).toEqual([]);
  remember(res.data);
}

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;

async function runTs(s: Sample): Promise<string> {
  let code = s.code;
  const imports = [...code.matchAll(/^import\s+(type\s+)?\{([^}]*)\}\s+from\s+'@utbyte\/client';?\s*$/gm)];
  for (const m of [...code.matchAll(/^import .*$/gm)]) {
    if (!m[0].includes("'@utbyte/client'")) throw new Error(`samples may import only @utbyte/client: ${m[0]}`);
  }
  code = code.replace(/^import .*$/gm, '');
  const names = imports.filter((m) => !m[1]).flatMap((m) => m[2].split(',').map((n) => n.trim()).filter((n) => n && !n.startsWith('type ')));
  const { code: js } = await transform(`const { ${names.join(', ')} } = sdk;\n${await fill(code)}`, {
    filename: `${s.file}-${s.line}.ts`,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'es6' },
    isModule: true,
  });
  let printed = '';
  const captured = { log: (...args: unknown[]) => (printed += `${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}\n`), error: (...args: unknown[]) => (printed += `${args.join(' ')}\n`) };
  const env = { ...envFor(s.marks.as) };
  await new AsyncFunction('sdk', 'process', 'console', js)(sdk, { env }, captured);
  return printed;
}

function envFor(who: string | undefined): Record<string, string> {
  const token = tokenFor_(who);
  const demo = Object.fromEntries(Object.values(DEMO_ACTORS).map((d) => [d.variable, tokens[d.actor]!]));
  return { UTBYTE_URL: t.url, ...(token ? { UTBYTE_TOKEN: token } : {}), ...demo, HOST_TOKEN: tokens.editor! };
}

/** Splits one shell command line into words, honouring single and double quotes. */
function words(line: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | null = null;
  let started = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      started = true;
    } else if (/\s/.test(ch)) {
      if (started || current) out.push(current);
      current = '';
      started = false;
    } else current += ch;
  }
  if (quote) throw new Error(`unclosed quote in: ${line}`);
  if (started || current) out.push(current);
  return out;
}

/** The quote still open at the end of `text` (null when none), read the way words() reads. */
function openQuote(text: string, quote: string | null = null): string | null {
  let q = quote;
  for (const ch of text) {
    if (q) q = ch === q ? null : q;
    else if (ch === '"' || ch === "'") q = ch;
  }
  return q;
}

/** The commands of a shell sample: a line ending in a backslash, or with a quote still open, goes on. */
function shellCommands(code: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (const raw of code.replace(/\\\n\s*/g, ' ').split('\n')) {
    const line = quote ? raw : raw.trim();
    if (!quote && (!line || line.startsWith('#'))) continue;
    current = quote ? `${current}\n${line}` : line;
    quote = openQuote(line, quote);
    if (!quote) out.push(current.trim());
  }
  if (quote) throw new Error(`unclosed quote in: ${current}`);
  return out;
}

/** A curl answer checked like a graphql sample: expected errors and userErrors, none otherwise. */
function checkCurlAnswer(command: string, stdout: string, expected: string | undefined): void {
  const body = JSON.parse(stdout);
  if (expected && !expected.startsWith('userError') && expected !== 'exit 1') {
    expect(body.errors?.map((e: { extensions?: { code?: string } }) => e.extensions?.code)).toContain(expected);
    return;
  }
  if (body.errors) throw new Error(`\`${command}\` answered with errors: ${stdout}`);
  const codes = userErrorCodes(body.data);
  if (expected?.startsWith('userError')) expect(codes).toContain(expected.split(/\s+/)[1]);
  else if (codes.length) throw new Error(`\`${command}\` answered with userErrors: ${stdout}`);
  remember(body.data);
}

async function runSh(s: Sample): Promise<void> {
  const env: Record<string, string> = envFor(s.marks.as);
  for (const command of shellCommands(s.code)) {
    const localised = command.split('http://localhost:4000').join(t.baseUrl);
    const exported = /^export (\w+)=(.*)$/.exec(localised);
    if (exported) {
      const value = words(exported[2])[0] ?? '';
      // "utb_…" is the docs' stand-in for your own token: keep the actor's real one.
      if (!value.includes('…')) env[exported[1]] = value;
      continue;
    }
    if (SETUP_COMMANDS.some((re) => re.test(localised))) continue;
    if (/^(npx )?utbyte\b/.test(localised)) {
      const args = words(localised).slice(localised.startsWith('npx ') ? 2 : 1);
      let stdout = '';
      let stderr = '';
      let terminal = '';
      const code = await run(args, {
        stdout: { write: (x: string) => ((stdout += x), (terminal += x)) },
        stderr: { write: (x: string) => ((stderr += x), (terminal += x)) },
        env,
        cwd,
      });
      lastOutput = { command, text: terminal };
      if (process.env.DOCS_DEBUG) process.stderr.write(`--- ${s.file}:${s.line} $ ${command}\n${stdout}${stderr}`);
      const wanted = s.marks.expect === 'exit 1' ? 1 : 0;
      if (code !== wanted) throw new Error(`\`${command}\` exited ${code}:\n${stderr}${stdout}`);
      continue;
    }
    if (/^curl\b/.test(localised)) {
      const { stdout } = await promisify(execFile)('sh', ['-c', await fill(localised)], { env: { ...process.env, ...env } });
      lastOutput = { command, text: stdout };
      if (process.env.DOCS_DEBUG) process.stderr.write(`--- ${s.file}:${s.line} $ ${command}\n${stdout}\n`);
      checkCurlAnswer(command, stdout, s.marks.expect);
      continue;
    }
    throw new Error(`the docs test does not know how to run \`${command}\` (${s.file}:${s.line})`);
  }
}

beforeAll(async () => {
  await t.system.search.indexer.drain();
  cwd = mkdtempSync(join(tmpdir(), 'utbyte-docs-'));
  // The very tokens a development start prints, so the pages are tried as readers try them.
  const issued = await issueDemoTokens(t.system.orm.em.fork(), t.system.services.accounts);
  expect(issued.map((d) => d.label).sort()).toEqual(Object.keys(DEMO_ACTORS).sort());
  for (const d of issued) tokens[DEMO_ACTORS[d.label].actor] = d.token;
});

afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

const KNOWN = new Set(['graphql', 'ts', 'sh', 'json', 'csv', 'text']);

describe.each(DOCS)('docs/%s', (file) => {
  const list = samples(file);

  test('has only sample kinds the test can run (text is for output)', () => {
    for (const s of list) expect(`${s.lang} at ${file}:${s.line}`).toMatch(new RegExp(`^(${[...KNOWN].join('|')}) `));
    for (const s of list.filter((x) => x.lang === 'json' || x.lang === 'csv')) {
      expect(`${s.lang} block at ${file}:${s.line} is ${s.marks.file ? 'a file' : 'neither variables nor a file'}`).toContain('a file');
    }
  });

  // Samples of one page run in order: later ones may use what earlier ones made.
  test('every sample runs', async () => {
    let ran = 0;
    for (const s of list) {
      try {
        if (s.lang === 'graphql') await runGraphql(s);
        else if (s.lang === 'ts') {
          const printed = await runTs(s);
          // DOCS_DEBUG=1 shows what each sample printed, to compare with the page.
          if (process.env.DOCS_DEBUG) process.stderr.write(`--- ${file}:${s.line}\n${printed}`);
        } else if (s.lang === 'sh') await runSh(s);
        else if ((s.lang === 'json' || s.lang === 'csv') && s.marks.file) writeFileSync(join(cwd, s.marks.file), `${s.code}\n`);
        else if (s.lang === 'text' && s.marks.output === 'terminal') {
          // Output shown on the page must be what the command printed.
          if (!lastOutput) throw new Error('an output block with no command before it');
          expect(`${lastOutput.text.trimEnd()}\n`).toBe(`${s.code.trimEnd()}\n`);
        }
        else continue;
        ran += 1;
        // Search samples after writes see the writes.
        await t.system.search.indexer.drain();
      } catch (err) {
        throw new Error(`${file}:${s.line} (${s.lang}): ${(err as Error).message}`, { cause: err });
      }
    }
    if (file !== 'glossary.md') expect(ran).toBeGreaterThan(0);
  });
});
