// Starts and stops the embedded PostgreSQL and Meilisearch for real: first through
// their launcher classes, then through the compiled server (`main.js start`) as a
// child process, the way `npm start` runs it. Each case works in its own folder under
// one temporary directory; nothing here touches .data/ or the test run's shared services.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { EmbeddedMeilisearch } from '../server/src/core/embedded/meilisearch';
import { EmbeddedPostgres } from '../server/src/core/embedded/postgres';
import { StartupError, freePort, sleep } from '../server/src/core/embedded/process';

const ROOT = join(__dirname, '..');
const MAIN = join(ROOT, 'dist', 'server', 'src', 'main.js');
const LINUX = process.platform === 'linux';

let base: string;

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'pipe' });
  base = mkdtempSync(join(tmpdir(), 'utbyte-embedded-'));
  // mkdtemp makes a private folder; when tests run as root, PostgreSQL runs as the
  // "postgres" user and must be able to walk through it to its cluster.
  chmodSync(base, 0o755);
}, 120_000);

afterAll(() => {
  // Safety net for a failed case: stop whatever still runs out of our folders.
  if (base) {
    for (const pid of processesUsing(base)) kill(pid, 'SIGKILL');
    rmSync(base, { recursive: true, force: true });
  }
});

function freshDir(name: string): string {
  const dir = join(base, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

// ---- processes -------------------------------------------------------------

/** Running means it exists and is not a zombie waiting to be reaped. */
function isRunning(pid: number): boolean {
  if (LINUX) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

function procEntries(): { pid: number; ppid: number; cmd: string }[] {
  if (!LINUX) return [];
  const out: { pid: number; ppid: number; cmd: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue;
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
      out.push({ pid: Number(name), ppid: Number(fields[1]), cmd });
    } catch {
      // exited while we looked
    }
  }
  return out;
}

/** Live processes whose command line mentions a path (our data folders are unique). */
function processesUsing(path: string): number[] {
  return procEntries().filter((p) => p.cmd.includes(path) && p.pid !== process.pid).map((p) => p.pid);
}

function childrenOf(pid: number): { pid: number; cmd: string }[] {
  return procEntries().filter((p) => p.ppid === pid);
}

async function eventually(check: () => boolean, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await sleep(100);
  }
  return check();
}

// ---- the server as a child process ------------------------------------------

interface Server_ {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function serverEnv(dataDir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info', UTBYTE_DEMO: 'false', ...extra };
  // Only what this test sets: a developer's own settings must not leak into the case.
  for (const name of ['DATABASE_URL', 'MEILI_URL', 'MEILI_MASTER_KEY', 'EMBEDDED_PG_PORT', 'EMBEDDED_MEILI_PORT', 'HOST', 'INDEX_PREFIX']) {
    if (!(name in extra)) delete env[name];
  }
  return env;
}

function launch(dataDir: string, extra: Record<string, string> = {}): Server_ {
  const child = spawn(process.execPath, [MAIN, 'start'], { cwd: ROOT, env: serverEnv(dataDir, extra), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Starts the server and waits for its ready line; returns the GraphQL URL. */
async function startServer(dataDir: string, extra: Record<string, string> = {}): Promise<Server_ & { url: string }> {
  const server = launch(dataDir, extra);
  let exitedEarly: { code: number | null } | undefined;
  void server.exited.then((e) => (exitedEarly = e));
  const ready = await eventually(() => exitedEarly !== undefined || /Utbyte ready at \S+/.test(server.stdout()), 120_000);
  const match = /Utbyte ready at (\S+)/.exec(server.stdout());
  if (!ready || !match) {
    server.child.kill('SIGKILL');
    throw new Error(`server did not start (exit ${exitedEarly?.code}):\n${server.stderr()}\n${server.stdout().slice(-2000)}`);
  }
  // The line says localhost; the server listens on 127.0.0.1 by default.
  return { ...server, url: match[1].replace('//localhost:', '//127.0.0.1:') };
}

/** Runs the server to its exit, for starts that must fail. */
async function failedStart(dataDir: string, extra: Record<string, string> = {}) {
  const server = launch(dataDir, extra);
  const exit = await server.exited;
  return { ...exit, stderr: server.stderr(), stdout: server.stdout() };
}

/** The single message a failed start prints, with no stack trace around it. */
function oneErrorLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines.filter((l) => /^\s+at /.test(l))).toEqual([]);
  expect(lines).toHaveLength(1);
  return lines[0];
}

async function gql(url: string, query: string): Promise<any> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const VIMMERBY = `{ municipality(code: "0884") { name county { name } } municipalities { totalCount } }`;

/** The pids of the embedded services, from the pid files the launchers keep. */
function servicePids(dataDir: string): { postgres: number; meilisearch: number } {
  return {
    postgres: Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]),
    meilisearch: Number(readFileSync(join(dataDir, 'meili.pid'), 'utf8').trim()),
  };
}

async function stopServer(server: Server_): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  server.child.kill('SIGTERM');
  return server.exited;
}

function occupy(port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(port, '127.0.0.1', () => resolve(srv));
  });
}

// ---- the launcher classes ----------------------------------------------------

describe('EmbeddedPostgres', () => {
  test('starts, keeps data across a restart, stops its process, and names a busy fixed port', async () => {
    const dataDir = freshDir('pg-class');
    const first = new EmbeddedPostgres({ dataDir, database: 'probe' });
    await first.start();
    const pid = first.pid!;
    try {
      expect(isRunning(pid)).toBe(true);
      const client = new pg.Client({ connectionString: first.url });
      await client.connect();
      await client.query('create table kept (value text)');
      await client.query(`insert into kept values ('still here')`);
      await client.end();

      // A second cluster asked for the first one's port gets a message naming the setting.
      const other = new EmbeddedPostgres({ dataDir: freshDir('pg-class-busy'), database: 'probe', port: first.port });
      const failure = await other.start().then(() => undefined, (err: unknown) => err);
      await other.stop();
      expect(failure).toBeInstanceOf(StartupError);
      expect((failure as Error).message).toMatch(new RegExp(`${first.port}.*EMBEDDED_PG_PORT`));
    } finally {
      await first.stop();
    }
    expect(await eventually(() => !isRunning(pid))).toBe(true);
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    const again = new EmbeddedPostgres({ dataDir, database: 'probe' });
    await again.start();
    try {
      const client = new pg.Client({ connectionString: again.url });
      await client.connect();
      const { rows } = await client.query('select value from kept');
      await client.end();
      expect(rows).toEqual([{ value: 'still here' }]);
    } finally {
      await again.stop();
    }
  });
});

describe('EmbeddedMeilisearch', () => {
  test('starts with a stored master key, answers, and leaves no process or pid file', async () => {
    const dataDir = freshDir('meili-class');
    const meili = new EmbeddedMeilisearch({ dataDir, bin: process.env.MEILI_BIN });
    await meili.start();
    const pid = Number(readFileSync(join(dataDir, 'meili.pid'), 'utf8'));
    try {
      expect(isRunning(pid)).toBe(true);
      const key = readFileSync(join(dataDir, 'meili-master-key'), 'utf8').trim();
      expect(meili.masterKey).toBe(key);
      expect(key.length).toBeGreaterThanOrEqual(16);
      // The key is required: without it the API refuses, with it it answers.
      expect((await fetch(`${meili.url}/indexes`)).status).toBe(401);
      expect((await fetch(`${meili.url}/indexes`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    } finally {
      await meili.stop();
    }
    expect(await eventually(() => !isRunning(pid))).toBe(true);
    expect(existsSync(join(dataDir, 'meili.pid'))).toBe(false);

    // A restart reuses the same key rather than making a new one.
    const again = new EmbeddedMeilisearch({ dataDir, bin: process.env.MEILI_BIN });
    await again.start();
    try {
      expect(again.masterKey).toBe(meili.masterKey);
    } finally {
      await again.stop();
    }
  });
});

// ---- the whole server ----------------------------------------------------------

describe('npm start (main.js start)', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = freshDir('server');
  });

  test('starts, answers GraphQL, and shuts down cleanly on SIGTERM', async () => {
    const server = await startServer(dataDir);
    const pids = servicePids(dataDir);
    expect(isRunning(pids.postgres)).toBe(true);
    expect(isRunning(pids.meilisearch)).toBe(true);
    if (LINUX) {
      // Exactly the two services are the server's children.
      const children = childrenOf(server.child.pid!).map((c) => c.pid).sort();
      expect(children).toEqual([pids.postgres, pids.meilisearch].sort());
    }
    expect(readFileSync(join(dataDir, 'utbyte.lock'), 'utf8').trim()).toBe(String(server.child.pid));

    const data = await gql(server.url, VIMMERBY);
    expect(data).toEqual({ municipality: { name: 'Vimmerby kommun', county: { name: 'Kalmar län' } }, municipalities: { totalCount: 290 } });
    const ready = await fetch(server.url.replace('/graphql', '/readyz'));
    expect(ready.status).toBe(200);

    const exit = await stopServer(server);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(await eventually(() => !isRunning(pids.postgres) && !isRunning(pids.meilisearch))).toBe(true);
    expect(processesUsing(dataDir)).toEqual([]);
    expect(existsSync(join(dataDir, 'utbyte.lock'))).toBe(false);
    expect(existsSync(join(dataDir, 'meili.pid'))).toBe(false);
    expect(existsSync(join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(server.stderr()).toBe('');
  });

  test('a second start reuses the data: same secrets, nothing to migrate or import', async () => {
    const pgPassword = readFileSync(join(dataDir, 'pg-password'), 'utf8');
    const meiliKey = readFileSync(join(dataDir, 'meili-master-key'), 'utf8');
    const server = await startServer(dataDir);
    try {
      const logs = server.stdout().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
      expect(logs.find((l) => l.msg === 'migrations applied')).toBeUndefined();
      expect(logs.find((l) => l.msg === 'reference data imported')).toMatchObject({ counties: 0, municipalities: 0, localities: 0, themes: 0 });
      // Secrets live in the data folder and never show up in the logs.
      expect(server.stdout()).not.toContain(meiliKey.trim());
      expect(server.stdout()).not.toContain(pgPassword.trim());
      expect((await gql(server.url, VIMMERBY)).municipality.name).toBe('Vimmerby kommun');
    } finally {
      expect(await stopServer(server)).toEqual({ code: 0, signal: null });
    }
    expect(readFileSync(join(dataDir, 'pg-password'), 'utf8')).toBe(pgPassword);
    expect(readFileSync(join(dataDir, 'meili-master-key'), 'utf8')).toBe(meiliKey);
  });

  test('a second server on a data folder in use refuses to start and leaves the first running', async () => {
    const first = await startServer(dataDir);
    try {
      const second = await failedStart(dataDir);
      expect(second.code).not.toBe(0);
      const line = oneErrorLine(second.stderr);
      expect(line).toContain(`pid ${first.child.pid}`);
      expect(line).toContain('DATA_DIR');
      expect((await gql(first.url, VIMMERBY)).municipality.name).toBe('Vimmerby kommun');
      expect(readFileSync(join(dataDir, 'utbyte.lock'), 'utf8').trim()).toBe(String(first.child.pid));
    } finally {
      expect(await stopServer(first)).toEqual({ code: 0, signal: null });
    }
  });

  test('a stale utbyte.lock from a dead process does not block the start', async () => {
    const dead = spawn(process.execPath, ['-e', '']);
    const deadPid = dead.pid!;
    await new Promise((r) => dead.once('exit', r));
    expect(isRunning(deadPid)).toBe(false);
    writeFileSync(join(dataDir, 'utbyte.lock'), String(deadPid));

    const server = await startServer(dataDir);
    expect(readFileSync(join(dataDir, 'utbyte.lock'), 'utf8').trim()).toBe(String(server.child.pid));
    expect(await stopServer(server)).toEqual({ code: 0, signal: null });
    expect(existsSync(join(dataDir, 'utbyte.lock'))).toBe(false);
  });

  (LINUX ? test : test.skip)('a lock whose pid now belongs to another program does not block the start', async () => {
    const stranger = spawn('sleep', ['300'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dataDir, 'utbyte.lock'), String(stranger.pid));
      const server = await startServer(dataDir);
      expect(await stopServer(server)).toEqual({ code: 0, signal: null });
      expect(isRunning(stranger.pid!)).toBe(true);
    } finally {
      stranger.kill('SIGKILL');
    }
  });

  test('services orphaned by a killed server are stopped by the next start', async () => {
    const crashed = await startServer(dataDir);
    const orphans = servicePids(dataDir);
    crashed.child.kill('SIGKILL');
    await crashed.exited;
    // Precondition: the kill really left both services running, and the lock behind.
    expect(isRunning(orphans.postgres)).toBe(true);
    expect(isRunning(orphans.meilisearch)).toBe(true);
    expect(existsSync(join(dataDir, 'utbyte.lock'))).toBe(true);

    const server = await startServer(dataDir);
    try {
      expect(isRunning(orphans.postgres)).toBe(false);
      expect(isRunning(orphans.meilisearch)).toBe(false);
      const now = servicePids(dataDir);
      expect(now.postgres).not.toBe(orphans.postgres);
      expect(now.meilisearch).not.toBe(orphans.meilisearch);
      expect((await gql(server.url, VIMMERBY)).municipalities.totalCount).toBe(290);
    } finally {
      expect(await stopServer(server)).toEqual({ code: 0, signal: null });
    }
    expect(processesUsing(dataDir)).toEqual([]);
  });

  test('SIGTERM while still starting stops once started, leaving nothing behind', async () => {
    // A fresh folder: creating the cluster keeps the server busy starting for a while.
    const fresh = freshDir('stop-while-starting');
    const server = launch(fresh);
    await eventually(() => existsSync(join(fresh, 'meili.pid')) || server.child.exitCode !== null, 60_000);
    server.child.kill('SIGTERM');
    // Exit code 0, not death by the signal: the server finished starting its services, then stopped them.
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(processesUsing(fresh)).toEqual([]);
    expect(existsSync(join(fresh, 'utbyte.lock'))).toBe(false);
  });
});

/** Every live process below `pid`, children first found first. */
function descendantsOf(pid: number): number[] {
  const all = procEntries();
  const out: number[] = [];
  for (let i = -1, parent = pid; i < out.length; parent = out[++i]) {
    for (const p of all) if (p.ppid === parent) out.push(p.pid);
  }
  return out;
}

/** Runs a command of main.js on a data folder to its exit. */
function command(dataDir: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], { cwd: ROOT, env: serverEnv(dataDir, { LOG_LEVEL: 'warn' }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm start under npm', () => {
  (LINUX ? test : test.skip)('SIGTERM to the npm process stops the server, PostgreSQL and Meilisearch', async () => {
    const dataDir = freshDir('under-npm');
    // The real thing: npm runs the prestart build, then the start script.
    const npm = spawn('npm', ['start', '--', '--no-demo'], { cwd: ROOT, env: serverEnv(dataDir, {}), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    npm.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    npm.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    // An orphaned server is no longer below npm: remember every pid to clean up after a failure.
    const seen = new Set<number>();
    try {
      expect(await eventually(() => /Utbyte ready at/.test(out) || npm.exitCode !== null, 180_000)).toBe(true);
      expect(out).toMatch(/Utbyte ready at/);
      const services = servicePids(dataDir);
      const below = descendantsOf(npm.pid!);
      expect(below).toEqual(expect.arrayContaining([services.postgres, services.meilisearch]));
      const server = Number(readFileSync(join(dataDir, 'utbyte.lock'), 'utf8'));
      expect(below).toContain(server);

      for (const pid of [server, services.postgres, services.meilisearch, ...below]) seen.add(pid);
      process.kill(npm.pid!, 'SIGTERM');
      const everything = [...seen];
      expect(await eventually(() => everything.every((pid) => !isRunning(pid)), 45_000)).toBe(true);
      expect(processesUsing(dataDir)).toEqual([]);
      expect(existsSync(join(dataDir, 'utbyte.lock'))).toBe(false);
    } finally {
      npm.kill('SIGKILL');
      for (const pid of [...seen, ...descendantsOf(npm.pid!), ...processesUsing(dataDir)]) if (isRunning(pid)) kill(pid, 'SIGKILL');
    }
  }, 240_000);
});

describe('backup, reindex, admin and restore beside a running server', () => {
  test('backup, reindex and admin use its services; restore refuses its folder and restores into another one', async () => {
    const dataDir = freshDir('beside');
    const server = await startServer(dataDir);
    const services = servicePids(dataDir);
    const file = join(base, 'beside.gz');
    try {
      // What the server publishes for commands beside it: its services, readable by the owner only.
      const published = JSON.parse(readFileSync(join(dataDir, 'services.json'), 'utf8'));
      expect(published).toEqual({ pid: server.child.pid, databaseUrl: expect.stringMatching(/^postgresql:/), meiliUrl: expect.stringMatching(/^http:/), meiliKey: expect.any(String) });
      expect(statSync(join(dataDir, 'services.json')).mode & 0o777).toBe(0o600);

      const backup = await command(dataDir, ['backup', file]);
      expect({ code: backup.code, stderr: backup.stderr }).toEqual({ code: 0, stderr: '' });
      expect(backup.stdout).toMatch(/Backed up \d+ rows in \d+ tables/);
      const reindex = await command(dataDir, ['reindex']);
      expect({ code: reindex.code, stderr: reindex.stderr }).toEqual({ code: 0, stderr: '' });
      expect(reindex.stdout).toMatch(/Reindexed 0 documents/);
      // The admin CLI too, for an operator who adds a token while the site runs.
      const admin = await command(dataDir, ['admin', 'list-tokens', '--all']);
      expect({ code: admin.code, stderr: admin.stderr }).toEqual({ code: 0, stderr: '' });
      expect(admin.stdout).toMatch(/^No tokens$/m);

      const refused = await command(dataDir, ['restore', file]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`utbyte: A server (pid ${server.child.pid}) is running on ${dataDir}; a restore would replace the database under it`);
      expect(refused.stderr).toContain('DATA_DIR=<new folder> npm run restore');

      // Neither command started or stopped a service of the server's.
      expect(servicePids(dataDir)).toEqual(services);
      expect(isRunning(services.postgres) && isRunning(services.meilisearch)).toBe(true);
      expect((await gql(server.url, VIMMERBY)).municipalities.totalCount).toBe(290);
    } finally {
      expect(await stopServer(server)).toEqual({ code: 0, signal: null });
    }
    expect(existsSync(join(dataDir, 'services.json'))).toBe(false);

    const other = freshDir('restored');
    const restore = await command(other, ['restore', file]);
    expect({ code: restore.code, stderr: restore.stderr }).toEqual({ code: 0, stderr: '' });
    expect(restore.stdout).toMatch(/Restored \d+ rows/);
    // The restore stopped the services it started for the new folder.
    expect(processesUsing(other)).toEqual([]);
    const restored = await startServer(other);
    try {
      expect(await gql(restored.url, VIMMERBY)).toEqual({ municipality: { name: 'Vimmerby kommun', county: { name: 'Kalmar län' } }, municipalities: { totalCount: 290 } });
    } finally {
      expect(await stopServer(restored)).toEqual({ code: 0, signal: null });
    }
  });
});

describe('a start that cannot work says why in one line', () => {
  test('PORT already in use', async () => {
    const busy = await occupy();
    const port = (busy.address() as { port: number }).port;
    const dataDir = freshDir('port-in-use');
    try {
      const result = await failedStart(dataDir, { PORT: String(port) });
      expect(result.code).not.toBe(0);
      const line = oneErrorLine(result.stderr);
      expect(line).toContain(String(port));
      expect(line).toContain('PORT');
    } finally {
      await new Promise((r) => busy.close(r));
    }
    expect(processesUsing(dataDir)).toEqual([]);
    expect(existsSync(join(dataDir, 'utbyte.lock'))).toBe(false);
  });

  test('MEILI_BIN that does not exist, and no PostgreSQL left running', async () => {
    const dataDir = freshDir('no-meili-bin');
    const result = await failedStart(dataDir, { MEILI_BIN: '/nonexistent/meilisearch' });
    expect(result.code).not.toBe(0);
    expect(oneErrorLine(result.stderr)).toMatch(/MEILI_BIN=\/nonexistent\/meilisearch/);
    expect(processesUsing(dataDir)).toEqual([]);
    expect(existsSync(join(dataDir, 'utbyte.lock'))).toBe(false);
  });

  test('EMBEDDED_PG_PORT already in use', async () => {
    const busy = await occupy();
    const port = (busy.address() as { port: number }).port;
    const dataDir = freshDir('pg-port-in-use');
    try {
      const result = await failedStart(dataDir, { EMBEDDED_PG_PORT: String(port) });
      expect(result.code).not.toBe(0);
      expect(oneErrorLine(result.stderr)).toMatch(new RegExp(`${port}.*EMBEDDED_PG_PORT`));
    } finally {
      await new Promise((r) => busy.close(r));
    }
    expect(processesUsing(dataDir)).toEqual([]);
  });

  test('unreachable DATABASE_URL, without its password', async () => {
    const port = await freePort();
    const result = await failedStart(freshDir('bad-db-url'), {
      DATABASE_URL: `postgresql://someone:s3cret-pw@127.0.0.1:${port}/utbyte`,
      MEILI_URL: process.env.TEST_MEILI_URL!,
      MEILI_MASTER_KEY: process.env.TEST_MEILI_MASTER_KEY!,
    });
    expect(result.code).not.toBe(0);
    const line = oneErrorLine(result.stderr);
    expect(line).toContain('DATABASE_URL');
    expect(line).toContain(`127.0.0.1:${port}`);
    expect(result.stderr + result.stdout).not.toContain('s3cret-pw');
  });

  test('unreachable MEILI_URL', async () => {
    const port = await freePort();
    const result = await failedStart(freshDir('bad-meili-url'), {
      DATABASE_URL: process.env.TEST_DATABASE_URL!,
      MEILI_URL: `http://127.0.0.1:${port}`,
    });
    expect(result.code).not.toBe(0);
    const line = oneErrorLine(result.stderr);
    expect(line).toContain('MEILI_URL');
    expect(line).toMatch(/ECONNREFUSED/);
  });

  test('an invalid PORT', async () => {
    const result = await failedStart(freshDir('bad-port'), { PORT: 'forty' });
    expect(result.code).not.toBe(0);
    expect(oneErrorLine(result.stderr)).toMatch(/PORT.*"forty"/);
  });
});
