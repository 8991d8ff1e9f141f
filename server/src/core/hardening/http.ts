// HTTP-level protection in front of Apollo: security headers, the body size limit,
// the batch limit, and a body Apollo can always inspect (so a request with the wrong
// content type is a clean 400 from Apollo's CSRF and body checks, never a 500).
import express from 'express';
import helmet from 'helmet';
import type { Limits } from '../../config';

type Middleware = (req: express.Request, res: express.Response, next: express.NextFunction) => void;

/** Full helmet on every other route; on /graphql without CSP so the development explorer loads. */
export function securityHeaders(graphqlPath: string): Middleware {
  const strict = helmet();
  const relaxed = helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false });
  return (req, res, next) => (req.path === graphqlPath ? relaxed(req, res, next) : strict(req, res, next));
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
