// The embedded services belong to the process holding DATA_DIR's lock. Commands run
// beside a server (backup, reindex) must not start a second PostgreSQL on the same
// cluster, so the lock holder publishes where its services listen in services.json
// (mode 600: it carries the generated password and key), and those commands use them.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StartupError, commandLine, isAlive, sleep } from './process';

export interface PublishedServices {
  /** The process that started the services and holds the lock. */
  pid: number;
  /** Only the embedded ones; an external service's URL stays in its owner's environment. */
  databaseUrl?: string;
  meiliUrl?: string;
  meiliKey?: string;
}

export function lockFile(dataDir: string): string {
  return join(dataDir, 'utbyte.lock');
}

function servicesFile(dataDir: string): string {
  return join(dataDir, 'services.json');
}

/** The live Utbyte process holding DATA_DIR's lock, other than this one; undefined when free or stale. */
export function lockHolder(dataDir: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(lockFile(dataDir), 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !isAlive(pid)) return undefined;
  // A stale lock's pid may have been recycled by an unrelated program.
  const cmd = commandLine(pid);
  return cmd !== '' && !/node/.test(cmd) ? undefined : pid;
}

/** Writes services.json for commands run beside us; returns the function that removes it. */
export function publishServices(dataDir: string, services: Omit<PublishedServices, 'pid'>): () => void {
  const file = servicesFile(dataDir);
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, JSON.stringify({ pid: process.pid, ...services }), { mode: 0o600 });
  // rename is atomic: a reader never sees half a file
  renameSync(partial, file);
  return () => {
    // Only our own: a server started after us may already have replaced it.
    if (readPublished(dataDir)?.pid === process.pid) rmSync(file, { force: true });
  };
}

function readPublished(dataDir: string): PublishedServices | undefined {
  const file = servicesFile(dataDir);
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as PublishedServices;
    return Number.isInteger(parsed.pid) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The services of the Utbyte process running on DATA_DIR, or undefined when none runs.
 * A server still starting has the lock but has not published yet; it is given
 * `waitMs` to get there.
 */
export async function findRunningServices(dataDir: string, waitMs = 120_000): Promise<PublishedServices | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const holder = lockHolder(dataDir);
    if (holder === undefined) return undefined;
    const published = readPublished(dataDir);
    if (published?.pid === holder) return published;
    if (Date.now() > deadline) {
      throw new StartupError(`The Utbyte process (pid ${holder}) using ${dataDir} has not finished starting; try again once it is ready`);
    }
    await sleep(250);
  }
}
