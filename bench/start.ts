// Child processes for benchmark 7 (start time and server memory) and the load
// generator: spawn, wait for a line, stop politely.
import { spawn, type ChildProcess } from 'node:child_process';

export interface Started {
  child: ChildProcess;
  ms: number;
  line: string;
}

/** Spawns `node <script> ...args` and resolves when stdout prints a line matching `ready`. */
export function spawnUntil(script: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs = 180_000): Promise<Started> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not get ready within ${timeoutMs} ms; stderr: ${err.slice(-2000)}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n').find((l) => ready.test(l));
      if (line) {
        clearTimeout(timer);
        resolve({ child, ms: performance.now() - t0, line });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString('utf8');
      if (err.length > 100_000) err = err.slice(-20_000);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready; stderr: ${err.slice(-2000)}`));
    });
  });
}

export async function stopProcess(child: ChildProcess, graceMs = 30_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export interface LoadResult {
  requestsPerSecond: number;
  total2xx: number;
  non2xx: number;
  errors: number;
  latencyP50: number;
  latencyP99: number;
  durationSeconds: number;
}

/**
 * autocannon in its own process, so the load generator never shares the event loop
 * of the server (or the baseline) it measures.
 */
export function autocannon(url: string, body: string, opts: { connections: number; seconds: number; headers?: Record<string, string> }): { done: Promise<LoadResult>; stop: () => void } {
  // The programmatic API inside a tiny child script: unlike the CLI, it can be told
  // to stop early (SIGINT) and still report what it measured.
  const script = `
    const autocannon = require(process.env.AUTOCANNON);
    const instance = autocannon(JSON.parse(process.env.AUTOCANNON_OPTIONS), (err, result) => {
      if (err) { console.error(err.message); process.exit(1); }
      process.stdout.write(JSON.stringify(result));
    });
    process.once('SIGINT', () => instance.stop());`;
  const options = { url, method: 'POST', body, connections: opts.connections, duration: opts.seconds, headers: { 'content-type': 'application/json', ...opts.headers } };
  const child = spawn(process.execPath, ['-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AUTOCANNON: require.resolve('autocannon'), AUTOCANNON_OPTIONS: JSON.stringify(options) },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const done = new Promise<LoadResult>((resolve, reject) => {
    child.once('exit', (code) => {
      try {
        const r = JSON.parse(out);
        const total2xx = Number(r['2xx'] ?? 0);
        resolve({
          requestsPerSecond: total2xx / Number(r.duration),
          total2xx,
          non2xx: Number(r.non2xx ?? 0),
          errors: Number(r.errors ?? 0) + Number(r.timeouts ?? 0),
          latencyP50: Number(r.latency?.p50),
          latencyP99: Number(r.latency?.p99),
          durationSeconds: Number(r.duration),
        });
      } catch {
        reject(new Error(`autocannon exited with ${code} without a result: ${err.slice(-1000)} ${out.slice(0, 500)}`));
      }
    });
  });
  return { done, stop: () => void child.kill('SIGINT') };
}
