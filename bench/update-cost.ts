// What one-document updates cost Meilisearch at a given index size (`--update-cost
// 2000,100000`): for each size, a scratch index with the live index's settings is filled
// with that many documents — the live index's own documents, copied under new ids until
// the count is reached — and then receives single-document updates a few hundred
// milliseconds apart, as an indexer woken by each publish sends them. Reported from
// Meilisearch's task list: processing time (startedAt → finishedAt) and enqueue →
// finished, p50 and p95. Freshness (benchmark 5) is bounded below by this.
import { applyIndexSettings } from '../server/src/core/search/index-settings';
import type { SearchClient } from '../server/src/core/search/client';
import { percentile, round, sleep } from './stats';

export interface MeiliAccess {
  fetch(path: string, init?: { method?: string; body?: string }): Promise<any>;
  client: SearchClient;
}

export interface UpdateCost {
  documents: number;
  fillSeconds: number;
  updates: number;
  processingMs: { p50: number; p95: number };
  enqueuedToDoneMs: { p50: number; p95: number };
}

const FILL_BATCH = 5000;
const UPDATES = 30;
const UPDATE_PAUSE_MS = 300;

async function waitTask(m: MeiliAccess, uid: number): Promise<any> {
  for (;;) {
    const task = await m.fetch(`/tasks/${uid}`);
    if (task.status === 'succeeded') return task;
    if (task.status === 'failed' || task.status === 'canceled') throw new Error(`Meilisearch task ${uid} ${task.status}: ${JSON.stringify(task.error)}`);
    await sleep(20);
  }
}

/** The live index's documents, as templates for the copies. */
async function templates(m: MeiliAccess, sourceUid: string): Promise<Record<string, unknown>[]> {
  const res = await m.fetch(`/indexes/${sourceUid}/documents/fetch`, { method: 'POST', body: JSON.stringify({ limit: 10_000 }) });
  const docs = res.results as Record<string, unknown>[];
  if (!docs.length) throw new Error(`${sourceUid} holds no documents to copy`);
  return docs;
}

/** Fills `uid` with `n` copies of the templates, FILL_BATCH per task, all queued at once. */
async function fill(m: MeiliAccess, uid: string, docs: Record<string, unknown>[], n: number): Promise<void> {
  const tasks: number[] = [];
  for (let start = 0; start < n; start += FILL_BATCH) {
    const batch = Array.from({ length: Math.min(FILL_BATCH, n - start) }, (_, k) => ({ ...docs[(start + k) % docs.length], id: `copy-${start + k}` }));
    tasks.push((await m.fetch(`/indexes/${uid}/documents?primaryKey=id`, { method: 'POST', body: JSON.stringify(batch) })).taskUid as number);
  }
  for (const t of tasks) await waitTask(m, t);
}

/** UPDATES one-document updates, UPDATE_PAUSE_MS apart, each awaited; their task times. */
async function singleUpdates(m: MeiliAccess, uid: string, docs: Record<string, unknown>[]): Promise<{ processing: number[]; total: number[] }> {
  const processing: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < UPDATES; i++) {
    const doc = { ...docs[i % docs.length], id: `copy-${i}`, title: `${String(docs[i % docs.length].title)} (uppdatering ${i})` };
    const { taskUid } = await m.fetch(`/indexes/${uid}/documents?primaryKey=id`, { method: 'POST', body: JSON.stringify([doc]) });
    const task = await waitTask(m, taskUid as number);
    processing.push(Date.parse(task.finishedAt) - Date.parse(task.startedAt));
    total.push(Date.parse(task.finishedAt) - Date.parse(task.enqueuedAt));
    await sleep(UPDATE_PAUSE_MS);
  }
  return { processing, total };
}

export async function measureUpdateCost(m: MeiliAccess, sourceUid: string, sizes: number[], log: (...parts: unknown[]) => void): Promise<UpdateCost[]> {
  const docs = await templates(m, sourceUid);
  const out: UpdateCost[] = [];
  for (const n of sizes) {
    const uid = `${sourceUid}_update_cost`;
    await m.fetch(`/indexes/${uid}`, { method: 'DELETE' }).then((t: { taskUid: number }) => waitTask(m, t.taskUid)).catch(() => undefined);
    await applyIndexSettings(m.client, uid);
    try {
      const t = performance.now();
      await fill(m, uid, docs, n);
      const fillSeconds = round((performance.now() - t) / 1000, 1);
      log(`  ${n} documents in ${fillSeconds} s; ${UPDATES} single updates`);
      const { processing, total } = await singleUpdates(m, uid, docs);
      const q = (v: number[]) => ({ p50: round(percentile(v, 50), 0), p95: round(percentile(v, 95), 0) });
      out.push({ documents: n, fillSeconds, updates: UPDATES, processingMs: q(processing), enqueuedToDoneMs: q(total) });
      log(`  ${n} documents: one-document update ${q(processing).p50} ms p50, ${q(processing).p95} ms p95 (processing)`);
    } finally {
      await m.fetch(`/indexes/${uid}`, { method: 'DELETE' }).catch(() => undefined);
    }
  }
  return out;
}
