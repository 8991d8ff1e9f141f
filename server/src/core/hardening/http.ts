// HTTP-level protection in front of Apollo: security headers, the body size limit,
// the batch limit, and a body Apollo can always inspect (so a request with the wrong
// content type is a clean 400 from Apollo's CSRF and body checks, never a 500).
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
