// Small statistics and process helpers shared by the benchmarks.
import { readFileSync } from 'node:fs';

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // nearest-rank: the smallest value with at least p% of the samples at or below it
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export function summarize(runs: readonly number[]): Summary {
  return { median: percentile(runs, 50), min: Math.min(...runs), max: Math.max(...runs), runs: runs.map((r) => round(r, 3)) };
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function ratio(ours: number, baseline: number): number {
  return baseline === 0 ? NaN : round(ours / baseline, 3);
}

/** Resident set size and its high-water mark of a process, in MiB (Linux /proc). */
export function processMemory(pid: number | 'self' = 'self'): { rssMiB: number; peakMiB: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: round(kib('VmRSS') / 1024, 1), peakMiB: round(kib('VmHWM') / 1024, 1) };
  } catch {
    const rss = pid === 'self' ? process.memoryUsage().rss / 1048576 : NaN;
    return { rssMiB: round(rss, 1), peakMiB: round(rss, 1) };
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function elapsedMs(start: number): number {
  return performance.now() - start;
}
