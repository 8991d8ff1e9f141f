// Sends one GraphQL operation over HTTP and turns the answer into data or a typed
// error, retrying what is safe to retry. Uses only fetch, AbortController and
// crypto.randomUUID, so it runs unchanged in Node 20+ and in browsers.
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import {
  AuthenticationError,
  ForbiddenError,
  type GraphQLErrorEntry,
  GraphQLResponseError,
  NetworkError,
  RateLimitError,
  UtbyteError,
} from './errors';
import { SDK_VERSION } from './version';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Events the client reports to `logger`; they never carry the token or request headers. */
export interface LogEvent {
  event: 'request' | 'response' | 'retry';
  operationName: string | null;
  attempt: number;
  url: string;
  requestId?: string | null;
  status?: number | null;
  delayMs?: number;
  error?: string;
}

export interface Logger {
  (entry: LogEvent): void;
}

export interface ClientOptions {
  /** The GraphQL endpoint, e.g. `http://localhost:4000/graphql`. */
  url: string;
  /** A bearer token (`utb_…`); leave out to read as an anonymous user. */
  token?: string | null;
  /** A fetch implementation; the global one by default. */
  fetch?: FetchLike;
  /** How many times a failed request is retried (network errors, 429, 5xx). Default 2. */
  retries?: number;
  /** Milliseconds one attempt may take, body included. Default 30 000. */
  timeout?: number;
  /** Sent as `User-Agent` (where the platform allows) to identify your integration. */
  userAgent?: string;
  /** Extra headers sent with every request. */
  headers?: Readonly<Record<string, string>>;
  /** First backoff delay in milliseconds; each retry doubles it, with jitter. Default 500. */
  retryDelay?: number;
  /** The longest the client will wait before a retry, Retry-After included. Default 30 000. */
  maxRetryDelay?: number;
  /** Receives one event per attempt, response and retry. */
  logger?: Logger;
  /** How to wait between retries; replaceable so tests need not wait. */
  sleep?: (ms: number) => Promise<void>;
}

export interface RequestOptions {
  /**
   * Makes a mutation safe to retry: the server treats repeats with the same key as one
   * request. Sent as the `Idempotency-Key` header; operations whose `input` has an
   * `idempotencyKey` field use that value automatically.
   */
  idempotencyKey?: string;
  /** Overrides the client's retry count for this call. */
  retries?: number;
  signal?: AbortSignal;
  headers?: Readonly<Record<string, string>>;
}

/** A document the client can send: generated typed documents, or plain query text. */
export type Document<TResult = unknown, TVariables = Record<string, unknown>> =
  | (DocumentTypeDecoration<TResult, TVariables> & { toString(): string })
  | string;

export const DEFAULTS = { retries: 2, timeout: 30_000, retryDelay: 500, maxRetryDelay: 30_000 } as const;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function operationInfo(query: string): { type: 'query' | 'mutation' | 'subscription'; name: string | null } {
  // Comments could hide or fake a keyword; strings inside a document cannot start a line
  // with a keyword in anything the SDK sends, so a line scan is enough.
  const text = query.replace(/#[^\n]*/g, '');
  const match = /(?:^|\n|\})\s*(query|mutation|subscription)\b\s*([_A-Za-z][_0-9A-Za-z]*)?/.exec(text);
  if (match) return { type: match[1] as 'query' | 'mutation' | 'subscription', name: match[2] ?? null };
  return { type: 'query', name: null };
}

/** Seconds from a Retry-After header (delta seconds or an HTTP date), or null. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  if (value == null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** Exponential backoff with "equal jitter": half the step is fixed, half is random. */
export function backoffDelay(attempt: number, base: number, max: number, random = Math.random): number {
  const step = Math.min(max, base * 2 ** attempt);
  return Math.round(step / 2 + random() * (step / 2));
}

function isRetryable(err: unknown): boolean {
  if (err instanceof NetworkError) return err.code !== 'ABORTED';
  if (err instanceof RateLimitError) return true;
  return err instanceof UtbyteError && err.status !== null && err.status >= 500;
}

function summarize(errors: GraphQLErrorEntry[]): string {
  const first = errors[0]?.message ?? 'GraphQL error';
  return errors.length > 1 ? `${first} (and ${errors.length - 1} more)` : first;
}

function newRequestId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

export class Transport {
  readonly url: string;
  readonly retries: number;
  readonly timeout: number;
  readonly userAgent: string;
  readonly retryDelay: number;
  readonly maxRetryDelay: number;
  // A private field: not enumerable, not in JSON, not shown by util.inspect.
  readonly #token: string | null;
  readonly #fetch: FetchLike;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #logger: Logger | null;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(options: ClientOptions) {
    if (!options || typeof options.url !== 'string' || options.url === '') {
      throw new TypeError('createClient: `url` is required, e.g. http://localhost:4000/graphql');
    }
    const fetchImpl = options.fetch ?? (globalThis.fetch ? globalThis.fetch.bind(globalThis) : undefined);
    if (!fetchImpl) throw new TypeError('createClient: no global fetch here; pass `fetch`');
    const retries = options.retries ?? DEFAULTS.retries;
    if (!Number.isInteger(retries) || retries < 0) throw new TypeError('createClient: `retries` must be a whole number ≥ 0');
    this.url = options.url;
    this.retries = retries;
    this.timeout = options.timeout ?? DEFAULTS.timeout;
    this.userAgent = options.userAgent ?? `utbyte-client/${SDK_VERSION}`;
    this.retryDelay = options.retryDelay ?? DEFAULTS.retryDelay;
    this.maxRetryDelay = options.maxRetryDelay ?? DEFAULTS.maxRetryDelay;
    // An empty token (e.g. UTBYTE_TOKEN= in a shell) means anonymous, not "Bearer ".
    this.#token = options.token || null;
    this.#fetch = fetchImpl;
    this.#headers = { ...options.headers };
    this.#logger = options.logger ?? null;
    this.#sleep = options.sleep ?? realSleep;
  }

  get hasToken(): boolean {
    return this.#token !== null;
  }

  /** Removes the token from text that came from elsewhere, in case a server echoed it. */
  redact(text: string): string {
    return this.#token ? text.split(this.#token).join('[redacted]') : text;
  }

  async execute<TResult, TVariables = Record<string, unknown>>(document: Document<TResult, TVariables>, variables: TVariables | undefined, options: RequestOptions = {}): Promise<TResult> {
    const query = typeof document === 'string' ? document : document.toString();
    const { type, name } = operationInfo(query);
    const input = (variables as { input?: { idempotencyKey?: unknown } } | undefined)?.input;
    const idempotencyKey = options.idempotencyKey ?? (typeof input?.idempotencyKey === 'string' ? input.idempotencyKey : undefined);
    // A mutation repeated without a key could act twice, so it gets exactly one attempt.
    const retries = type === 'mutation' && !idempotencyKey ? 0 : (options.retries ?? this.retries);
    const body = JSON.stringify({ query, variables: variables ?? {}, ...(name ? { operationName: name } : {}) });
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      'user-agent': this.userAgent,
      'x-request-id': newRequestId(),
      ...this.#headers,
      ...options.headers,
    };
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    if (this.#token) headers.authorization = `Bearer ${this.#token}`;

    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.#attempt<TResult>(headers, body, name, attempt, options.signal);
      } catch (err) {
        if (attempt >= retries || !isRetryable(err)) throw err;
        const delay = this.#retryDelay(attempt, err);
        if (delay === null) throw err;
        this.#log({ event: 'retry', operationName: name, attempt, url: this.url, delayMs: delay, status: (err as UtbyteError).status, error: (err as UtbyteError).code });
        await this.#sleep(delay);
        if (options.signal?.aborted) {
          throw new NetworkError(`Request to ${safeOrigin(this.url)} failed: aborted by the caller`, { code: 'ABORTED', status: (err as UtbyteError).status, requestId: headers['x-request-id'] });
        }
      }
    }
  }

  #retryDelay(attempt: number, err: unknown): number | null {
    if (err instanceof RateLimitError && err.retryAfter !== null) {
      const ms = err.retryAfter * 1000;
      // Waiting longer than the caller allows would look like a hang: give up instead.
      return ms > this.maxRetryDelay ? null : ms;
    }
    return backoffDelay(attempt, this.retryDelay, this.maxRetryDelay);
  }

  /** The fetch error as the cause, unless anything in its chain mentions the token. */
  #safeCause(err: unknown): unknown {
    const token = this.#token;
    if (!token) return err;
    const mentions = (text: unknown) => typeof text === 'string' && text.includes(token);
    let current: unknown = err;
    for (let depth = 0; depth < 5 && current; depth += 1) {
      const e = current as { message?: unknown; stack?: unknown; cause?: unknown };
      if (mentions(e.message) || mentions(e.stack) || mentions(current)) {
        return new Error(this.redact(err instanceof Error ? err.message : String(err)));
      }
      current = typeof current === 'object' ? e.cause : undefined;
    }
    return err;
  }

  #log(entry: LogEvent): void {
    if (!this.#logger) return;
    try {
      this.#logger(entry);
    } catch {
      // A broken logger must not break requests.
    }
  }

  async #attempt<TResult>(headers: Record<string, string>, body: string, operationName: string | null, attempt: number, signal?: AbortSignal): Promise<TResult> {
    const sentRequestId = headers['x-request-id'];
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeout);
    const onAbort = () => controller.abort();
    if (signal?.aborted) controller.abort();
    else signal?.addEventListener('abort', onAbort, { once: true });

    this.#log({ event: 'request', operationName, attempt, url: this.url, requestId: sentRequestId });
    let response: Response;
    let text: string;
    try {
      response = await this.#fetch(this.url, { method: 'POST', headers, body, signal: controller.signal });
      text = await response.text();
    } catch (err) {
      const code = timedOut ? 'TIMEOUT' : signal?.aborted ? 'ABORTED' : 'NETWORK_ERROR';
      const reason = timedOut
        ? `timed out after ${this.timeout} ms`
        : signal?.aborted
          ? 'aborted by the caller'
          : this.redact(describeFetchError(err));
      throw new NetworkError(`Request to ${safeOrigin(this.url)} failed: ${reason}`, { code, requestId: sentRequestId, cause: timedOut || signal?.aborted ? undefined : this.#safeCause(err) });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }

    const status = response.status;
    const requestId = response.headers.get('x-request-id') ?? sentRequestId;
    this.#log({ event: 'response', operationName, attempt, url: this.url, requestId, status });
    const retryAfterHeader = parseRetryAfter(response.headers.get('retry-after'));

    type Body = { data?: TResult | null; errors?: GraphQLErrorEntry[] };
    let payload: Body | null = null;
    try {
      const parsed: unknown = text ? JSON.parse(text) : null;
      if (parsed && typeof parsed === 'object') payload = parsed;
    } catch {
      payload = null;
    }
    const errors: GraphQLErrorEntry[] = payload && Array.isArray(payload.errors)
      ? payload.errors.map((e) => ({ ...e, message: this.redact(String(e?.message ?? 'Unknown error')) }))
      : [];
    const codes = errors.map((e) => e.extensions?.code);
    const base = { status, requestId };

    if (status === 429 || codes.includes('RATE_LIMITED')) {
      const fromBody = errors.find((e) => e.extensions?.code === 'RATE_LIMITED')?.extensions?.retryAfter;
      const retryAfter = retryAfterHeader ?? (typeof fromBody === 'number' ? fromBody : null);
      throw new RateLimitError(errors.length ? summarize(errors) : 'Too many requests', { ...base, code: 'RATE_LIMITED', retryAfter });
    }
    if (status === 401 || codes.includes('UNAUTHENTICATED')) {
      throw new AuthenticationError(errors.length ? summarize(errors) : 'Authentication failed', { ...base, code: 'UNAUTHENTICATED', errors });
    }
    if (!payload || (!('data' in payload) && errors.length === 0)) {
      throw new UtbyteError(`Unexpected response from ${safeOrigin(this.url)} (HTTP ${status})`, { ...base, code: status >= 500 ? 'SERVER_ERROR' : 'BAD_RESPONSE' });
    }
    if (errors.length) {
      const data = payload.data ?? null;
      if (data === null && (status === 403 || codes.includes('FORBIDDEN'))) {
        throw new ForbiddenError(summarize(errors), { ...base, code: 'FORBIDDEN', errors });
      }
      const code = typeof codes[0] === 'string' ? codes[0] : status >= 500 ? 'SERVER_ERROR' : 'GRAPHQL_ERROR';
      throw new GraphQLResponseError(summarize(errors), { ...base, code, errors, data });
    }
    if (status >= 400) {
      throw new UtbyteError(`HTTP ${status} from ${safeOrigin(this.url)}`, { ...base, code: status >= 500 ? 'SERVER_ERROR' : 'HTTP_ERROR' });
    }
    return payload.data as TResult;
  }
}

/** "fetch failed" says little; the cause (ECONNREFUSED, ENOTFOUND…) says what happened. */
function describeFetchError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : null;
  return detail && !err.message.includes(detail) ? `${err.message} (${detail})` : err.message;
}

function safeOrigin(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return 'the server';
  }
}
