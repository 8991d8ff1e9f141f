// The Meilisearch client and the two things every caller needs from it: waiting for
// a task to reach its final state (and failing loudly when that state is not
// "succeeded"), and telling "Meilisearch is unreachable" apart from other errors.
import { getMaxListeners, setMaxListeners } from 'node:events';
import http from 'node:http';
import https from 'node:https';
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
  return new Meilisearch({ host: opts.url, apiKey: opts.apiKey, timeout: opts.timeoutMs ?? 5000, requestInit: { headers: { ...MEILI_REQUEST_HEADERS } }, httpClient: keepAliveTransport() });
}

type Transport = (input: string | URL | Request, init?: RequestInit) => Promise<unknown>;

/**
 * What the client sends its requests with, in place of fetch: node:http on keep-alive
 * connections. fetch builds a Request, a Response and web streams for every call;
 * measured against Meilisearch here, a search cost 0.5–0.9 ms of CPU through fetch and
 * 0.25–0.35 ms through node:http, and answered 0.3 ms sooner. The client hands every
 * error thrown here to its caller wrapped in a MeilisearchRequestError, so an answer of
 * Meilisearch's that is an error travels as that wrapper's cause (see `meiliApiError`).
 */
export function keepAliveTransport(): Transport {
  const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  return (input, init = {}) =>
    new Promise((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : input);
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, name) => (headers[name] = value));
      // The client sends JSON text (or nothing); anything else would be a change in it worth failing on.
      if (init.body !== undefined && init.body !== null && typeof init.body !== 'string') throw new TypeError('the Meilisearch transport sends text bodies only');
      const body = init.body ?? undefined;
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const secure = url.protocol === 'https:';
      const request = (secure ? https : http).request(url, { method: init.method ?? 'GET', headers, agent: secure ? agents.https : agents.http });
      const done = whenAborted(init.signal ?? undefined, request, reject);
      request.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (err) => done(() => reject(err)));
        res.on('end', () => done(() => settle(res, Buffer.concat(chunks).toString('utf8'), resolve, reject)));
      });
      request.on('error', (err) => done(() => reject(err)));
      request.end(body);
    });
}

const SHARED_SIGNAL_LISTENERS = 1500;

/**
 * Aborts the request when `signal` does, rejecting with the signal's reason: for the
 * client's own timeout that is a marker (a symbol) it recognises by identity and reports
 * as MeilisearchRequestTimeOutError. The listener goes as soon as the request settles:
 * waiting for a task reuses one signal for every poll.
 */
function whenAborted(signal: AbortSignal | undefined, request: http.ClientRequest, reject: (reason: unknown) => void): (then: () => void) => void {
  let settled = false;
  const onAbort = () => {
    settled = true;
    request.destroy();
    reject(signal!.reason);
  };
  if (signal?.aborted) onAbort();
  else if (signal) {
    // The client itself leaves a listener on a signal its caller passes, one per request,
    // freed with the signal: waiting for a task polls every 25 ms with one signal. fetch
    // raised such a signal's limit to 1 500 before the leak warning; so does this.
    if (getMaxListeners(signal) < SHARED_SIGNAL_LISTENERS) setMaxListeners(SHARED_SIGNAL_LISTENERS, signal);
    signal.addEventListener('abort', onAbort, { once: true });
  }
  return (then) => {
    if (settled) return;
    settled = true;
    signal?.removeEventListener('abort', onAbort);
    then();
  };
}

/** An answer read whole: its JSON, or Meilisearch's error answer as MeilisearchApiError. */
function settle(res: http.IncomingMessage, text: string, resolve: (value: unknown) => void, reject: (reason: Error) => void): void {
  try {
    const parsed: unknown = text === '' ? undefined : JSON.parse(text);
    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) resolve(parsed);
    else reject(new MeilisearchApiError(new Response(null, { status, statusText: res.statusMessage }), parsed as ConstructorParameters<typeof MeilisearchApiError>[1]));
  } catch (err) {
    reject(err instanceof Error ? err : new Error(String(err)));
  }
}

/** Meilisearch's own error answer behind `err`, whether the client threw it or wrapped it. */
export function meiliApiError(err: unknown): MeilisearchApiError | undefined {
  if (err instanceof MeilisearchApiError) return err;
  if (err instanceof MeilisearchRequestError && err.cause instanceof MeilisearchApiError) return err.cause;
  return undefined;
}

/** The code of Meilisearch's error answer (`index_not_found`, …), if `err` is one. */
export function apiErrorCode(err: unknown): string | undefined {
  return meiliApiError(err)?.cause?.code;
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
  const answer = meiliApiError(err);
  if (answer) return (answer.response?.status ?? 0) >= 500;
  return err instanceof MeilisearchRequestError || err instanceof MeilisearchRequestTimeOutError || err instanceof MeilisearchTaskTimeOutError;
}

export function errorMessage(err: unknown): string {
  const shown = meiliApiError(err) ?? err;
  const message = shown instanceof Error ? shown.message : String(shown);
  return message.slice(0, 2000);
}
