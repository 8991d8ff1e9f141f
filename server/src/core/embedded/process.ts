// Small helpers shared by the embedded PostgreSQL and Meilisearch launchers:
// free ports, waiting for a child to be ready, stopping it, and the startup error
// type whose message is printed as the one line a user sees.
import { createServer } from 'node:net';
import type { ChildProcess } from 'node:child_process';
import type { ChildExit, SupervisedService } from './supervisor';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** An error whose message is meant for the person starting the system. */
export class StartupError extends Error {
  override name = 'StartupError';
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolveFree) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolveFree(false));
    srv.listen(port, host, () => srv.close(() => resolveFree(true)));
  });
}

export async function choosePort(fixed: number | undefined, what: string, envName: string): Promise<number> {
  if (fixed === undefined || fixed === 0) return freePort();
  if (!(await isPortFree(fixed))) {
    throw new StartupError(`Port ${fixed} for the embedded ${what} is already in use; set ${envName} to another port or leave it unset to pick a free one`);
  }
  return fixed;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a live process, or '' when it cannot be read (non-Linux). */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(50);
  }
  return !isAlive(pid);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Keeps the last lines a child wrote so a failed start can say why. */
export class OutputTail {
  private lines: string[] = [];
  constructor(private readonly max = 40) {}
  push(chunk: Buffer | string): void {
    for (const line of chunk.toString('utf8').split(/\r?\n/)) {
      if (line.trim()) this.lines.push(line);
    }
    if (this.lines.length > this.max) this.lines.splice(0, this.lines.length - this.max);
  }
  text(): string {
    return this.lines.join('\n');
  }
}

/**
 * Polls `probe` until it succeeds, the child exits, or the timeout passes.
 * Rejects with the child's own last output when it died during start.
 */
export async function waitUntilReady(
  child: ChildProcess,
  probe: () => Promise<boolean>,
  opts: { what: string; timeoutMs: number; tail: OutputTail; explain?: (output: string) => string | undefined },
): Promise<void> {
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const onExit = (code: number | null, signal: NodeJS.Signals | null) => (exited = { code, signal });
  child.once('exit', onExit);
  try {
    const deadline = Date.now() + opts.timeoutMs;
    while (Date.now() < deadline) {
      if (exited) {
        const output = opts.tail.text();
        const reason = opts.explain?.(output);
        throw new StartupError(reason ?? `${opts.what} exited during start (code ${exited.code ?? exited.signal}): ${lastLine(output)}`);
      }
      if (await probe().catch(() => false)) return;
      await sleep(100);
    }
    child.kill('SIGKILL');
    throw new StartupError(`${opts.what} did not become ready within ${Math.round(opts.timeoutMs / 1000)} s: ${lastLine(opts.tail.text())}`);
  } finally {
    child.off('exit', onExit);
  }
}

function lastLine(output: string): string {
  const lines = output.split('\n').filter(Boolean);
  return lines.slice(-3).join(' | ') || 'no output';
}

export async function stopChild(child: ChildProcess | undefined, signal: NodeJS.Signals, timeoutMs: number): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill(signal);
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref());
  if ((await Promise.race([exited, timer])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

/** The folder of an installed package, found the way `require` would look for it. */
export function packageDir(name: string): string | undefined {
  for (const base of require.resolve.paths(name) ?? []) {
    if (existsSync(join(base, name, 'package.json'))) return join(base, name);
  }
  return undefined;
}

/**
 * What the embedded PostgreSQL and Meilisearch have in common as supervised services:
 * the current child process and its exit, and its output, which goes to the log and
 * into the tail a failed start quotes. A restart is a start on the same port and data
 * (after a crash PostgreSQL replays its WAL, as after a power loss).
 */
export abstract class EmbeddedChild implements SupervisedService {
  protected child?: ChildProcess;
  private exit: Promise<ChildExit> = Promise.resolve({ code: null, signal: null });

  constructor(private readonly logOutput?: (line: string) => void) {}

  abstract start(): Promise<void>;

  get pid(): number | undefined {
    return this.child?.pid;
  }

  exited(): Promise<ChildExit> {
    return this.exit;
  }

  restart(): Promise<void> {
    return this.start();
  }

  /** Makes `child` the current process; returns the tail its output is kept in. */
  protected adopt(child: ChildProcess): OutputTail {
    this.child = child;
    this.exit = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
    const tail = new OutputTail();
    const onOutput = (chunk: Buffer) => {
      tail.push(chunk);
      this.logOutput?.(chunk.toString('utf8').trimEnd());
    };
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', onOutput);
    return tail;
  }

  /** Stops the current child, if any, with `signal`, then SIGKILL after `timeoutMs`. */
  protected async stopCurrent(signal: NodeJS.Signals, timeoutMs: number): Promise<void> {
    await stopChild(this.child, signal, timeoutMs);
    this.child = undefined;
  }
}
