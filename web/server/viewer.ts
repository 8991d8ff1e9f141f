// Who is reading a page: the viewer of the request's website session (session.ts), the
// same Viewer a bearer token gives /graphql, or ANONYMOUS. Resolved here and nowhere else.
import type { Request } from 'express';
import type { Viewer } from '../../server/src/core/context';
import { sessionViewer } from './session';

export function viewerOf(req: Request): Viewer {
  return sessionViewer(req);
}
