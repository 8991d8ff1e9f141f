// The `utbyte` command line, built on the SDK. `run` takes the arguments and the
// streams and environment to use, so tests drive it in-process like a user would.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { createClient, type UtbyteClient } from '../client';
import { UtbyteError } from '../errors';
import type { FetchLike } from '../transport';
import { SDK_VERSION } from '../version';
import { checkRows, readRows, runImport, type RowProblem, type RowResult } from './import';
import { details, type Io, json, table } from './output';
import { progressBar } from './progress';

export interface RunContext extends Io {
  env: Record<string, string | undefined>;
  /** For tests; the global fetch otherwise. */
  fetch?: FetchLike;
  cwd?: string;
}

const DEFAULT_URL = 'http://localhost:4000/graphql';

const USAGE = `utbyte ${SDK_VERSION} — the Utbyte API from the command line

usage: utbyte [--url URL] [--token TOKEN] [--json] <command> [arguments]

commands:
  search [WORDS] [--theme SLUG]… [--county CODE]… [--municipality CODE]… [--kind KIND]…
         [--target-group GROUP]… [--language SV|EN] [--sort SORT] [--limit N]
                                  full-text search over published practice cases
  case get <SLUG|ID>              one practice case in full
  case list [--municipality CODE]… [--county CODE]… [--theme SLUG]… [--status STATUS]… [--limit N]
  visits list [--host CODE]… [--visitor CODE]… [--status STATUS]… [--limit N]
  import <FILE.json|FILE.csv> [--dry-run]
                                  create or update practice cases, matched by slug
  organizations [--kind KIND]… [--municipality CODE]… [--search TEXT] [--limit N]
                                  partner organizations, by name
  themes                          the theme taxonomy
  municipality <CODE>             one municipality by kommunkod

options:
  --url URL       GraphQL endpoint (or UTBYTE_URL; default ${DEFAULT_URL})
  --token TOKEN   bearer token (or UTBYTE_TOKEN); without one you read as anonymous
  --json          print JSON instead of tables
  -h, --help      this text
`;

class UsageError extends Error {}

const GLOBAL_OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', default: false },
} as const;

/** Every flag any command takes; each command declares which of them it accepts. */
interface Flags {
  url?: string;
  token?: string;
  json?: boolean;
  help?: boolean;
  version?: boolean;
  theme?: string[];
  county?: string[];
  municipality?: string[];
  kind?: string[];
  'target-group'?: string[];
  language?: string;
  sort?: string;
  limit?: string;
  host?: string[];
  visitor?: string[];
  status?: string[];
  'dry-run'?: boolean;
  format?: string;
  search?: string;
}

type OptionSpec = NonNullable<ParseArgsConfig['options']>;

function parse(args: string[], options: OptionSpec): { values: Flags; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options: { ...GLOBAL_OPTIONS, ...options }, allowPositionals: true, strict: true });
    return { values: values, positionals };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function limitOf(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new UsageError('--limit must be a whole number from 1 to 1000');
  return n;
}

const upper = (xs: string[] | undefined) => (xs?.length ? xs.map((x) => x.toUpperCase().replace(/-/g, '_')) : undefined);
const list = (xs: string[] | undefined) => (xs?.length ? xs : undefined);

async function take<T>(iterable: AsyncIterable<T>, limit: number): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) {
    out.push(item);
    if (out.length >= limit) break;
  }
  return out;
}

function clientFrom(values: Flags, ctx: RunContext): UtbyteClient {
  const url = values.url ?? ctx.env.UTBYTE_URL ?? DEFAULT_URL;
  const token = values.token ?? ctx.env.UTBYTE_TOKEN ?? null;
  return createClient({ url, token, fetch: ctx.fetch, userAgent: `utbyte-cli/${SDK_VERSION}` });
}

async function search(args: string[], ctx: RunContext): Promise<number> {
  const { values, positionals } = parse(args, {
    theme: { type: 'string', multiple: true },
    county: { type: 'string', multiple: true },
    municipality: { type: 'string', multiple: true },
    kind: { type: 'string', multiple: true },
    'target-group': { type: 'string', multiple: true },
    language: { type: 'string' },
    sort: { type: 'string' },
    limit: { type: 'string' },
  });
  const client = clientFrom(values, ctx);
  const limit = limitOf(values.limit, 20);
  const filter = {
    themes: list(values.theme),
    counties: list(values.county),
    municipalities: list(values.municipality),
    kinds: upper(values.kind) as never,
    targetGroups: upper(values['target-group']) as never,
    language: values.language ? (values.language.toUpperCase() as never) : undefined,
  };
  const params = { query: positionals.join(' ') || null, filter, sort: values.sort ? (upper([values.sort])![0] as never) : undefined };
  const first = await client.search({ ...params, first: Math.min(limit, 100) });
  const hits = first.edges.length >= limit || !first.pageInfo.hasNextPage
    ? first.edges.slice(0, limit)
    : await take(client.search.iterate({ ...params, first: 100 }), limit);
  if (values.json) {
    ctx.stdout.write(json({ totalCount: first.totalCount, hits: hits.map((h) => h.node) }));
    return 0;
  }
  ctx.stdout.write(table(hits, [
    ['slug', (h) => h.node.slug],
    ['title', (h) => h.node.title],
    ['municipality', (h) => `${h.node.municipality.name} (${h.node.municipality.code})`],
    ['kind', (h) => h.node.kind],
    ['themes', (h) => h.node.themes.map((t) => t.slug)],
  ]));
  ctx.stderr.write(`${hits.length} of ${first.totalCount} matching cases\n`);
  return 0;
}

// Slugs are lower-case words joined by hyphens; global ids are base64url and always
// contain capitals, so `case get` can tell which one it was given.
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

async function caseCommand(args: string[], ctx: RunContext): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'get') {
    const { values, positionals } = parse(rest, {});
    if (positionals.length !== 1) throw new UsageError('usage: utbyte case get <SLUG|ID>');
    const client = clientFrom(values, ctx);
    const c = await client.practiceCases.get(SLUG.test(positionals[0]) ? { slug: positionals[0] } : { id: positionals[0] });
    if (!c) {
      ctx.stderr.write(`utbyte: no practice case "${positionals[0]}" (or you may not see it)\n`);
      return 1;
    }
    if (values.json) {
      ctx.stdout.write(json(c));
      return 0;
    }
    ctx.stdout.write(details([
      ['title', c.title],
      ['slug', c.slug],
      ['id', c.id],
      ['status', `${c.status} (version ${c.version})`],
      ['municipality', `${c.municipality.name} (${c.municipality.code})`],
      ['participating', c.participatingMunicipalities.map((m) => `${m.name} (${m.code})`)],
      ['kind', c.kind],
      ['themes', c.themes.map((t) => t.slug)],
      ['target groups', c.targetGroups],
      ['language', c.language],
      ['period', c.startedOn ? `${c.startedOn} – ${c.endedOn ?? 'ongoing'}` : null],
      ['partners', c.partners.map((p) => `${p.organization.name} (${p.role})`)],
      ['places', c.places.map((p) => p.name)],
      ['outcomes', c.outcomes.map((o) => `${o.label}: ${o.value} ${o.unit}`)],
      ['links', c.links.map((l) => l.url)],
      ['contacts', c.contacts?.map((p) => [p.name, p.email].filter(Boolean).join(' ')) ?? null],
      ['summary', c.summary],
    ]));
    ctx.stdout.write(`\n${c.body}\n`);
    return 0;
  }
  if (sub === 'list') {
    const { values } = parse(rest, {
      municipality: { type: 'string', multiple: true },
      county: { type: 'string', multiple: true },
      theme: { type: 'string', multiple: true },
      status: { type: 'string', multiple: true },
      limit: { type: 'string' },
    });
    const client = clientFrom(values, ctx);
    const filter = { municipalities: list(values.municipality), counties: list(values.county), themes: list(values.theme), statuses: upper(values.status) as never };
    const cases = await take(client.practiceCases.iterate({ filter }), limitOf(values.limit, 50));
    if (values.json) ctx.stdout.write(json(cases));
    else ctx.stdout.write(table(cases, [['slug', (c) => c.slug], ['title', (c) => c.title], ['status', (c) => c.status], ['municipality', (c) => c.municipality.code], ['updated', (c) => c.updatedAt.slice(0, 10)]]));
    return 0;
  }
  throw new UsageError('usage: utbyte case get <SLUG|ID> | utbyte case list [filters]');
}

const range = (d: { start: string; end: string }) => (d.start === d.end ? d.start : `${d.start} – ${d.end}`);

async function visits(args: string[], ctx: RunContext): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'list') throw new UsageError('usage: utbyte visits list [--host CODE] [--visitor CODE] [--status STATUS]');
  const { values } = parse(rest, {
    host: { type: 'string', multiple: true },
    visitor: { type: 'string', multiple: true },
    status: { type: 'string', multiple: true },
    limit: { type: 'string' },
  });
  const client = clientFrom(values, ctx);
  const filter = { hostMunicipalities: list(values.host), visitingMunicipalities: list(values.visitor), statuses: upper(values.status) as never };
  const found = await take(client.studyVisits.iterate({ filter }), limitOf(values.limit, 50));
  if (values.json) {
    ctx.stdout.write(json(found));
    return 0;
  }
  ctx.stdout.write(table(found, [
    ['status', (v) => v.status],
    ['host', (v) => `${v.hostMunicipality.name} (${v.hostMunicipality.code})`],
    ['visitor', (v) => `${v.visitingMunicipality.name} (${v.visitingMunicipality.code})`],
    ['organization', (v) => v.visitingOrganization?.name],
    ['dates', (v) => (v.scheduledDates ? range(v.scheduledDates) : v.proposedDates.map((d) => `${range(d)}?`))],
    ['people', (v) => v.participants],
    ['id', (v) => v.id, Infinity],
  ]));
  ctx.stderr.write(`${found.length} study visit${found.length === 1 ? '' : 's'}\n`);
  return 0;
}

function reportProblems(ctx: RunContext, file: string, problems: RowProblem[], written: number, asJson: boolean | undefined): number {
  const sorted = [...problems].sort((a, b) => a.line - b.line);
  for (const p of sorted) ctx.stderr.write(`${file}:${p.line}: ${p.slug ? `${p.slug}: ` : ''}${p.message}\n`);
  const badLines = new Set(sorted.map((p) => p.line)).size;
  // Only a file of several batches can get here with rows written: another writer changed
  // something between the dry run of every batch and the writing of a later one.
  const what = written ? `the first ${written} rows were written, the rest was not` : 'nothing was written';
  ctx.stderr.write(`${badLines} bad row${badLines === 1 ? '' : 's'}; ${what}\n`);
  if (asJson) ctx.stdout.write(json({ written: written > 0, problems: sorted }));
  return 1;
}

async function importCommand(args: string[], ctx: RunContext): Promise<number> {
  const { values, positionals } = parse(args, { 'dry-run': { type: 'boolean', default: false }, format: { type: 'string' } });
  if (positionals.length !== 1) throw new UsageError('usage: utbyte import <FILE.json|FILE.csv> [--dry-run]');
  const file = positionals[0];
  const format = (values.format ?? extname(file).slice(1).toLowerCase());
  if (format !== 'json' && format !== 'csv') throw new UsageError('the file must end in .json or .csv (or pass --format json|csv)');
  const path = ctx.cwd && !file.startsWith('/') ? `${ctx.cwd}/${file}` : file;
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  if (!(values.token ?? ctx.env.UTBYTE_TOKEN)) {
    ctx.stderr.write('utbyte: importing needs a token that may write practice cases (UTBYTE_TOKEN or --token); nothing was written\n');
    return 1;
  }
  const client = clientFrom(values, ctx);
  const { rows, problems: readProblems } = readRows(text, format);
  const { checked, problems } = checkRows(rows, readProblems);
  if (problems.length) {
    // The file is refused either way; the server's dry run finds the other rows' problems too.
    if (checked.length) problems.push(...(await runImport(client, checked, { dryRun: true })).problems);
    return reportProblems(ctx, file, problems, 0, values.json);
  }
  const count = (results: RowResult[], action: string) => results.filter((r) => r.action === action).length;
  if (values['dry-run']) {
    const dry = await runImport(client, checked, { dryRun: true });
    if (dry.problems.length) return reportProblems(ctx, file, dry.problems, 0, values.json);
    if (values.json) ctx.stdout.write(json({ written: false, rows: dry.results.map(({ id: _id, ...r }) => r) }));
    else ctx.stdout.write(table(dry.results, [['line', (r) => r.line], ['slug', (r) => r.slug], ['action', (r) => r.action], ['fields', (r) => r.fields]]));
    ctx.stderr.write(`dry run: ${count(dry.results, 'create')} to create, ${count(dry.results, 'update')} to update, ${count(dry.results, 'unchanged')} unchanged\n`);
    return 0;
  }
  // Drawn from the first written batch on: a refused file shows its problems and no bar.
  const progress: { bar: ReturnType<typeof progressBar> | null } = { bar: null };
  const outcome = await runImport(client, checked, {
    dryRun: false,
    onBatch: (done, results) => {
      progress.bar ??= progressBar(ctx, checked.length, 'import');
      progress.bar.update(done, `(${count(results, 'create')} created, ${count(results, 'update')} updated, ${count(results, 'unchanged')} unchanged)`);
    },
  });
  progress.bar?.finish();
  if (outcome.problems.length) return reportProblems(ctx, file, outcome.problems, outcome.written, values.json);
  const results = outcome.results;
  if (values.json) ctx.stdout.write(json({ written: true, rows: results }));
  else ctx.stdout.write(table(results, [['line', (r) => r.line], ['slug', (r) => r.slug], ['result', (r) => (r.action === 'create' ? 'created' : r.action === 'update' ? 'updated' : r.action)]]));
  ctx.stderr.write(`${count(results, 'create')} created, ${count(results, 'update')} updated, ${count(results, 'unchanged')} unchanged\n`);
  return 0;
}

async function organizations(args: string[], ctx: RunContext): Promise<number> {
  const { values, positionals } = parse(args, {
    kind: { type: 'string', multiple: true },
    municipality: { type: 'string', multiple: true },
    search: { type: 'string' },
    limit: { type: 'string' },
  });
  if (positionals.length) throw new UsageError('usage: utbyte organizations [--kind KIND]… [--municipality CODE]… [--search TEXT] [--limit N]');
  const filter = { kinds: upper(values.kind) as never, municipalities: list(values.municipality), search: values.search };
  const found = await take(clientFrom(values, ctx).organizations.iterate({ filter }), limitOf(values.limit, 50));
  if (values.json) ctx.stdout.write(json(found));
  else ctx.stdout.write(table(found, [['slug', (o) => o.slug], ['name', (o) => o.name], ['kind', (o) => o.kind], ['home', (o) => o.homeMunicipality?.code ?? '']]));
  return 0;
}

async function themes(args: string[], ctx: RunContext): Promise<number> {
  const { values } = parse(args, {});
  const roots = await clientFrom(values, ctx).themes.list();
  if (values.json) {
    ctx.stdout.write(json(roots));
    return 0;
  }
  const rows = roots.flatMap((r) => [{ slug: r.slug, parent: '', sv: r.labelSv, en: r.labelEn }, ...r.children.map((c) => ({ slug: c.slug, parent: r.slug, sv: c.labelSv, en: c.labelEn }))]);
  ctx.stdout.write(table(rows, [['slug', (r) => r.slug], ['parent', (r) => r.parent], ['svenska', (r) => r.sv], ['english', (r) => r.en]]));
  return 0;
}

async function municipality(args: string[], ctx: RunContext): Promise<number> {
  const { values, positionals } = parse(args, {});
  if (positionals.length !== 1) throw new UsageError('usage: utbyte municipality <CODE>');
  const m = await clientFrom(values, ctx).municipalities.get({ code: positionals[0] });
  if (!m) {
    ctx.stderr.write(`utbyte: no municipality with code "${positionals[0]}"\n`);
    return 1;
  }
  ctx.stdout.write(values.json ? json(m) : details([['name', m.name], ['code', m.code], ['county', `${m.county.name} (${m.county.code})`], ['seat', m.seat]]));
  return 0;
}

const COMMANDS: Record<string, (args: string[], ctx: RunContext) => Promise<number>> = {
  search,
  case: caseCommand,
  visits,
  import: importCommand,
  organizations,
  themes,
  municipality,
};

/** Runs one command line; resolves to the process exit code. */
export async function run(argv: string[], ctx: RunContext = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  // Global options may come before the command: find the first word that is not one.
  let index = 0;
  while (index < argv.length && argv[index].startsWith('-')) index += ['--url', '--token'].includes(argv[index]) ? 2 : 1;
  const command = argv[index];
  // Options given before the command go after its own arguments, so `case get` still sees `get` first.
  const rest = [...argv.slice(index + 1), ...argv.slice(0, index)];
  if (!command || argv.includes('--help') || argv.includes('-h')) {
    ctx.stdout.write(USAGE);
    return command || argv.length ? 0 : 2;
  }
  if (argv.includes('--version')) {
    ctx.stdout.write(`${SDK_VERSION}\n`);
    return 0;
  }
  const handler = COMMANDS[command];
  try {
    if (!handler) throw new UsageError(`unknown command "${command}"`);
    return await handler(rest, ctx);
  } catch (err) {
    if (err instanceof UsageError) {
      ctx.stderr.write(`utbyte: ${err.message}\nRun "utbyte --help" for usage.\n`);
      return 2;
    }
    if (err instanceof UtbyteError) {
      ctx.stderr.write(`utbyte: ${err.message} [${err.code}${err.requestId ? `, request ${err.requestId}` : ''}]\n`);
      return 1;
    }
    throw err;
  }
}
