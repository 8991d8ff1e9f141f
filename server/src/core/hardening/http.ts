// HTTP-level protection in front of Apollo: security headers, the body size limit,
// the batch limit, and a body Apollo can always inspect (so a request with the wrong
// content type is a clean 400 from Apollo's CSRF and body checks, never a 500).
import type { ApolloServerPlugin } from '@apollo/server';
import express from 'express';
import helmet from 'helmet';
import type { Limits } from '../../config';

type Middleware = (req: express.Request, res: express.Response, next: express.NextFunction) => void;

/** Full helmet on every other route; on /graphql without CSP so the development explorer loads. */
export function securityHeaders(graphqlPath: string): Middleware {
  const strict = headersOf(helmet());
  const relaxed = headersOf(helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false }));
  return (req, res, next) => {
    res.setHeaders(req.path === graphqlPath ? relaxed : strict);
    res.removeHeader('X-Powered-By');
    next();
  };
}

/**
 * The headers a helmet configuration sets, computed once: they do not depend on the
 * request, and building them per response was a measurable share of a small request.
 */
function headersOf(middleware: ReturnType<typeof helmet>): Map<string, string | string[]> {
  const headers = new Map<string, string | string[]>();
  const recorder = {
    setHeader: (name: string, value: string | string[]) => headers.set(name, value),
    removeHeader: (name: string) => headers.delete(name),
  };
  let finished = false;
  middleware({} as express.Request, recorder as unknown as express.Response, () => (finished = true));
  if (!finished) throw new Error('helmet did not finish synchronously; its headers cannot be precomputed');
  return headers;
}

export function graphqlBody(limits: Limits): Middleware[] {
  return [
    express.json({ limit: limits.bodyLimitBytes }),
    (req, res, next) => {
      // express 5 leaves req.body unset when the content type is not JSON; Apollo's
      // integration would answer that with a 500.
      if (!('body' in req)) (req as { body?: unknown }).body = undefined;
      if (Array.isArray(req.body) && limits.maxBatch > 1 && req.body.length > limits.maxBatch) {
        res.status(400).json({ errors: [{ message: `A batch may hold at most ${limits.maxBatch} operations`, extensions: { code: 'BAD_REQUEST' } }] });
        return;
      }
      next();
    },
  ];
}

/**
 * Request headers a page on another origin may send: what @utbyte/client and common
 * GraphQL clients set beyond the CORS-safelisted ones (user-agent: Firefox lets scripts
 * set it, and the SDK does).
 */
const CORS_ALLOWED_HEADERS = 'authorization, content-type, accept, idempotency-key, x-request-id, apollo-require-preflight, x-apollo-operation-name, user-agent';
/** Response headers such a page may read: the request id for support, Retry-After for backing off. */
const CORS_EXPOSED_HEADERS = 'x-request-id, retry-after, idempotent-replayed';
/** Browsers cache an answered preflight this long (Chromium caps it at two hours). */
const CORS_MAX_AGE_SECONDS = '600';

/**
 * CORS for the listed origins, and every preflight answered here, before Apollo's
 * CSRF check would refuse it. No Access-Control-Allow-Credentials: calls from other
 * origins authenticate with a bearer token, never with this site's cookies.
 */
export function cors(allowedOrigins: readonly string[]): Middleware {
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    const permitted = origin !== undefined && allowed.has(origin);
    // Caches must not hand one origin's answer to another.
    if (allowed.size > 0) res.vary('Origin');
    if (permitted) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-expose-headers', CORS_EXPOSED_HEADERS);
    }
    if (req.method !== 'OPTIONS') return next();
    res.setHeader('allow', 'GET, POST, OPTIONS');
    if (origin === undefined || req.headers['access-control-request-method'] === undefined) {
      res.status(204).end();
      return;
    }
    if (!permitted) {
      res.status(403).json({ errors: [{ message: 'Pages on this origin may not call the API (it is not in CORS_ORIGINS)', extensions: { code: 'FORBIDDEN' } }] });
      return;
    }
    res.setHeader('access-control-allow-methods', 'GET, POST');
    res.setHeader('access-control-allow-headers', CORS_ALLOWED_HEADERS);
    res.setHeader('access-control-max-age', CORS_MAX_AGE_SECONDS);
    res.status(204).end();
  };
}

/** Request errors: the document or its variables were refused before anything ran. */
const REQUEST_ERROR_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'OPERATION_RESOLUTION_FAILURE']);
const RESPONSE_TYPES = ['application/json', 'application/graphql-response+json'];

/** The media type Apollo answers in: the same negotiation (express's, also negotiator) over the same list. */
function answersInPlainJson(accept: string | undefined): boolean {
  const request = { headers: accept === undefined ? {} : { accept } } as express.Request;
  return express.request.accepts.call(request, ...RESPONSE_TYPES) === 'application/json';
}

/**
 * GraphQL over HTTP: a client that takes `application/json` (or anything, or says
 * nothing) cannot tell a 400 of ours from a proxy's, so a well-formed request whose
 * document or variables are refused answers 200 with the errors. Clients accepting
 * `application/graphql-response+json` — the SDK — keep the 400. Refusals with their
 * own meaning (401, 413, 429, a malformed body, CSRF) keep their status.
 */
export function plainJsonStatusPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(rc) {
          const { http, body } = rc.response;
          if (http.status !== 400 || body.kind !== 'single' || 'data' in body.singleResult) return;
          const errors = body.singleResult.errors ?? [];
          if (errors.length === 0 || !errors.every((e) => REQUEST_ERROR_CODES.has(e.extensions?.code as string))) return;
          if (!answersInPlainJson(rc.request.http?.headers.get('accept'))) return;
          http.status = 200;
          // Fixed here so Apollo's own choice cannot disagree with the status.
          http.headers.set('content-type', 'application/json; charset=utf-8');
        },
      };
    },
  };
}
