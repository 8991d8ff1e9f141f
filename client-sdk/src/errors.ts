// The SDK's error hierarchy. Everything the client throws is a UtbyteError, so callers
// can catch one type and branch on `code` or the subclass. Errors are built only from
// what the server answered (status, body, request id): request headers, and so the
// token, are never copied into them.

/** One entry of a GraphQL response's `errors` list. */
export interface GraphQLErrorEntry {
  message: string;
  path?: ReadonlyArray<string | number>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  extensions?: { code?: string; [key: string]: unknown };
}

export interface UtbyteErrorOptions {
  code: string;
  status?: number | null;
  requestId?: string | null;
  cause?: unknown;
}

export class UtbyteError extends Error {
  /** A stable machine-readable code, e.g. `UNAUTHENTICATED`, `NETWORK_ERROR`, `TIMEOUT`. */
  readonly code: string;
  /** HTTP status of the last response, or null when there was none (network failure). */
  readonly status: number | null;
  /** The server's `x-request-id`, to quote when reporting a problem. */
  readonly requestId: string | null;

  constructor(message: string, options: UtbyteErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.status = options.status ?? null;
    this.requestId = options.requestId ?? null;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, code: this.code, status: this.status, requestId: this.requestId };
  }
}

/** The server could not be reached, the connection broke, or the request timed out. */
export class NetworkError extends UtbyteError {}

/** The token is missing, unknown, expired or revoked (`UNAUTHENTICATED`, HTTP 401). */
export class AuthenticationError extends UtbyteError {
  readonly errors: GraphQLErrorEntry[];
  constructor(message: string, options: UtbyteErrorOptions & { errors?: GraphQLErrorEntry[] }) {
    super(message, options);
    this.errors = options.errors ?? [];
  }
}

/** The token is valid but may not do this (`FORBIDDEN`). */
export class ForbiddenError extends UtbyteError {
  readonly errors: GraphQLErrorEntry[];
  constructor(message: string, options: UtbyteErrorOptions & { errors?: GraphQLErrorEntry[] }) {
    super(message, options);
    this.errors = options.errors ?? [];
  }
}

/** Too many requests (HTTP 429 or `RATE_LIMITED`); `retryAfter` is in seconds when the server said. */
export class RateLimitError extends UtbyteError {
  readonly retryAfter: number | null;
  constructor(message: string, options: UtbyteErrorOptions & { retryAfter?: number | null }) {
    super(message, options);
    this.retryAfter = options.retryAfter ?? null;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfter: this.retryAfter };
  }
}

/**
 * The server answered with GraphQL `errors`. `data` keeps whatever part of the result
 * was resolved, so a caller can still use the fields that did not fail.
 */
export class GraphQLResponseError<TData = unknown> extends UtbyteError {
  readonly errors: GraphQLErrorEntry[];
  readonly data: TData | null;
  constructor(message: string, options: UtbyteErrorOptions & { errors: GraphQLErrorEntry[]; data?: TData | null }) {
    super(message, options);
    this.errors = options.errors;
    this.data = options.data ?? null;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), errors: this.errors };
  }
}
