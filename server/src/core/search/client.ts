// The Meilisearch client and the two things every caller needs from it: waiting for
// a task to reach its final state (and failing loudly when that state is not
// "succeeded"), and telling "Meilisearch is unreachable" apart from other errors.
import { Meilisearch, MeilisearchApiError, MeilisearchRequestError, MeilisearchRequestTimeOutError, MeilisearchTaskTimeOutError, type EnqueuedTaskPromise, type Task } from 'meilisearch';

export type SearchClient = Meilisearch;

export interface SearchClientOptions {
  url: string;
  apiKey?: string;
  /** Per HTTP request; a hung Meilisearch must not hang a GraphQL request. */
  timeoutMs?: number;
}

/**
 * Responses come uncompressed. fetch asks for gzip/deflate/br by default, and
 * Meilisearch then compresses each answer as a stream: it sends the headers, then the
 * body in a second write a few milliseconds later. On a keep-alive connection the
 * second write waits for the ACK of the first (Nagle), which the client delays by up
 * to 40 ms — measured as searches of 5 ms taking 45–50 ms. Uncompressed, an answer
 * goes out in one write; Meilisearch sits next to the server, so compressing bought
 * nothing but CPU on both sides.
 */
export const MEILI_REQUEST_HEADERS = { 'accept-encoding': 'identity' } as const;

export function createSearchClient(opts: SearchClientOptions): SearchClient {
  return new Meilisearch({ host: opts.url, apiKey: opts.apiKey, timeout: opts.timeoutMs ?? 5000, requestInit: { headers: { ...MEILI_REQUEST_HEADERS } } });
}

/** A Meilisearch task that finished in a state other than "succeeded". */
export class SearchTaskFailed extends Error {
  override name = 'SearchTaskFailed';
  constructor(readonly task: Task) {
    super(`Meilisearch task ${task.uid} (${task.type}) ${task.status}: ${task.error?.message ?? 'no reason given'}`);
  }
}

/** Enqueues, waits for the final state, and throws unless it succeeded. */
export async function runTask(enqueued: EnqueuedTaskPromise, timeoutMs = 60_000): Promise<Task> {
  const task = await enqueued.waitTask({ timeout: timeoutMs, interval: 25 });
  if (task.status !== 'succeeded') throw new SearchTaskFailed(task);
  return task;
}

/** True when the error means "could not talk to Meilisearch" rather than "Meilisearch said no". */
export function isUnreachable(err: unknown): boolean {
  if (err instanceof MeilisearchRequestError || err instanceof MeilisearchRequestTimeOutError || err instanceof MeilisearchTaskTimeOutError) return true;
  if (err instanceof MeilisearchApiError) return (err.response?.status ?? 0) >= 500;
  return false;
}

export function errorMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.slice(0, 2000);
}
