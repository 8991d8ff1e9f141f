// `npm run backup` and `npm run restore` as a person runs them: the compiled command
// line against real PostgreSQL and Meilisearch (DATABASE_URL and MEILI_URL here; the
// embedded services beside a running server are covered in embedded.test.ts).
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import pg from 'pg';
import { tokenFor, tokensFor } from './helpers/actors';
import { UPDATE, publishedCase } from './helpers/cases';
import { useTestSystem } from './helpers/harness';
import { startTestSystem, type TestSystem } from './helpers/system';

const ROOT = join(__dirname, '..');
const SEARCH = `query($query: String, $first: Int) { search(query: $query, first: $first) { totalCount edges { node { id title } } } }`;

let build: string;
let work: string;
const databases: string[] = [];

beforeAll(() => {
  // A private build: dist/ may be rebuilt by other test files meanwhile.
  build = join(ROOT, 'node_modules', '.cache', `utbyte-backup-${randomBytes(4).toString('hex')}`);
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), build], { cwd: ROOT, stdio: 'pipe' });
  work = mkdtempSync(join(tmpdir(), 'utbyte-backup-'));
}, 180_000);

// Declared before the afterAll below, so the system stops before its databases are dropped.
const { t, actors } = useTestSystem({ inProcessIndexer: false }, (t) => tokensFor(t, { editor: ['EDITOR', '0884'], reviewer: ['REVIEWER'] }));

afterAll(async () => {
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  for (const db of databases) await admin.query(`drop database if exists ${db} with (force)`);
  await admin.end();
  rmSync(work, { recursive: true, force: true });
  rmSync(build, { recursive: true, force: true });
});

function urlOf(database: string): string {
  const u = new URL(process.env.TEST_DATABASE_URL!);
  u.pathname = `/${database}`;
  return u.toString();
}

async function freshDatabase(): Promise<string> {
  const name = `utbyte_restore_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  databases.push(name);
  return urlOf(name);
}

/** Runs `main.js <args>` with only the environment given (no developer settings leak in). */
function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(build, 'server', 'src', 'main.js'), ...args],
      { cwd: work, env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'silent', MEILI_URL: process.env.TEST_MEILI_URL!, MEILI_MASTER_KEY: process.env.TEST_MEILI_MASTER_KEY!, ...env } },
      (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function query(url: string, sql: string): Promise<any[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Rows per application table: what a restore must bring back exactly. */
async function rowCounts(url: string): Promise<Record<string, number>> {
  const tables = await query(url, `select relname from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' and relname <> 'mikro_orm_migrations' order by 1`);
  const out: Record<string, number> = {};
  for (const { relname } of tables) out[relname] = Number((await query(url, `select count(*) as n from "${relname}"`))[0].n);
  return out;
}

async function hits(system: TestSystem, q: string | null): Promise<string[]> {
  const d = await system.data(SEARCH, { query: q, first: 100 });
  return (d.search.edges as { node: { id: string; title: string } }[]).map((e) => `${e.node.id} ${e.node.title}`).sort();
}

async function relationsIn(url: string): Promise<number> {
  return Number((await query(url, `select count(*) as n from pg_class where relnamespace = 'public'::regnamespace`))[0].n);
}

describe('backup and restore through the command line', () => {
  let file: string;
  let atBackup: { counts: Record<string, number>; all: string[]; cafe: string[] };

  test('a backup taken beside the running server restores to exactly the backup moment, search included', async () => {
    const first = await publishedCase(t, actors.editor, actors.reviewer, { title: 'Språkcafé på biblioteket i Vimmerby', summary: 'Varje torsdag.' });
    await publishedCase(t, actors.editor, actors.reviewer, { title: 'Läxhjälp med frivilliga', summary: 'Ideella läxhjälpare på skolan.', themes: ['education'] });
    await t.system.search.indexer.drain();
    atBackup = { counts: await rowCounts(t.databaseUrl), all: await hits(t, null), cafe: await hits(t, 'språkcafé') };
    expect(atBackup.all).toHaveLength(2);
    expect(atBackup.cafe).toHaveLength(1);

    file = join(work, 'first.gz');
    const backup = await cli(['backup', file], { DATABASE_URL: t.databaseUrl });
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/^Backed up \d+ rows in \d+ tables/);
    // Personal data and token hashes: readable by the owner only.
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const manifest = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8').split('\n')[0]);
    expect(manifest.tables.find((x: { name: string }) => x.name === 'practice_case').rows).toBe(atBackup.counts.practice_case);

    // Written after the backup: must not come back.
    await publishedCase(t, actors.editor, actors.reviewer, { title: 'Språkcafé för föräldrar', summary: 'Efter förskolan.' });
    const updated = await t.data(UPDATE, { input: { id: first.id, expectedVersion: first.version, title: 'Samtalscafé på biblioteket' } }, { token: actors.editor });
    expect(updated.updatePracticeCase.userErrors).toEqual([]);
    await t.system.search.indexer.drain();
    expect(await hits(t, null)).not.toEqual(atBackup.all);

    const target = await freshDatabase();
    const prefix = `r${randomBytes(4).toString('hex')}_`;
    const restore = await cli(['restore', file], { DATABASE_URL: target, INDEX_PREFIX: prefix });
    expect(restore.stderr).toBe('');
    expect(restore.code).toBe(0);
    expect(restore.stdout).toMatch(/Restored \d+ rows in \d+ tables/);
    expect(restore.stdout).toMatch(/Reindexed 2 documents/);
    expect(await rowCounts(target)).toEqual(atBackup.counts);

    const restored = await startTestSystem({ databaseUrl: target, indexPrefix: prefix, inProcessIndexer: false });
    try {
      expect(await hits(restored, null)).toEqual(atBackup.all);
      expect(await hits(restored, 'språkcafé')).toEqual(atBackup.cafe);
      // The restored sequences and rows take new writes.
      const more = await publishedCase(restored, await tokenFor(restored, 'EDITOR', '0884'), await tokenFor(restored, 'REVIEWER'), { title: 'Ny mötesplats efter återställningen' });
      expect(more.status).toBe('PUBLISHED');

      // A restore beside a server using that database is refused, and changes nothing.
      const before = await rowCounts(target);
      const busy = await cli(['restore', file, '--force'], { DATABASE_URL: target, INDEX_PREFIX: prefix });
      expect(busy.code).toBe(1);
      expect(busy.stderr).toMatch(/^utbyte: \d+ other connection\(s\) use database "utbyte_restore_\w+"; stop every server and indexer/);
      expect(await rowCounts(target)).toEqual(before);
    } finally {
      await restored.stop();
    }
  });

  test('a non-empty database is refused without --force and replaced with it', async () => {
    const target = await freshDatabase();
    const prefix = `r${randomBytes(4).toString('hex')}_`;
    expect((await cli(['restore', file], { DATABASE_URL: target, INDEX_PREFIX: prefix })).code).toBe(0);
    await query(target, `delete from practice_case_revision`);
    const before = await rowCounts(target);

    const refused = await cli(['restore', file], { DATABASE_URL: target, INDEX_PREFIX: prefix });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^utbyte: Database "utbyte_restore_\w+" is not empty \(\d+ tables hold rows, among them [a-z_, ]+\); restore into an empty database, or add --force/);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(await rowCounts(target)).toEqual(before);

    const forced = await cli(['restore', file, '--force'], { DATABASE_URL: target, INDEX_PREFIX: prefix });
    expect(forced.stderr).toBe('');
    expect(forced.stdout).toMatch(/replacing what the database held/);
    expect(await rowCounts(target)).toEqual(atBackup.counts);
  });

  test('a truncated or damaged file fails with one clear line and writes nothing', async () => {
    const whole = readFileSync(file);
    const plain = gunzipSync(whole);
    const cases: [string, Buffer, RegExp][] = [
      ['truncated.gz', whole.subarray(0, Math.floor(whole.length * 0.6)), /damaged or incomplete|incomplete/],
      // Whole gzip, but the rows stop in the middle of the data.
      ['cut-rows.gz', gzipSync(plain.subarray(0, Math.floor(plain.length * 0.6))), /incomplete|damaged/],
      // A flipped byte inside the compressed data: gzip's checksum or inflate notices.
      ['flipped.gz', Buffer.from(whole.map((b, i) => (i === Math.floor(whole.length / 2) ? b ^ 0xff : b))), /damaged/],
      ['not-a-backup.gz', gzipSync(Buffer.from('hello\n')), /Not an Utbyte backup/],
      ['plain-text', Buffer.from('{"format":"utbyte-backup"}\n'), /damaged or incomplete/],
    ];
    for (const [name, bytes, message] of cases) {
      const path = join(work, name);
      writeFileSync(path, bytes);
      const target = await freshDatabase();
      const result = await cli(['restore', path], { DATABASE_URL: target, INDEX_PREFIX: `x${randomBytes(4).toString('hex')}_` });
      expect({ name, code: result.code }).toEqual({ name, code: 1 });
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toMatch(/\s+at /);
      // Not a table, not a type, not the migrations table: the transaction took it all back.
      expect({ name, relations: await relationsIn(target) }).toEqual({ name, relations: 0 });
    }
  });

  test('arguments are checked before anything starts', async () => {
    const missing = await cli(['restore'], { DATABASE_URL: t.databaseUrl });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/usage: restore <file> \[--force\]/);
    const noFile = await cli(['restore', join(work, 'nope.gz')], { DATABASE_URL: t.databaseUrl });
    expect(noFile.stderr).toMatch(/^utbyte: Cannot read .*nope\.gz: ENOENT/);
    const exists = await cli(['backup', file], { DATABASE_URL: t.databaseUrl });
    expect(exists.code).toBe(1);
    expect(exists.stderr).toMatch(/already exists; name another file/);
  });
});
