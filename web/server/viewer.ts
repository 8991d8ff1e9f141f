// Who is reading a page. Anonymous for now: the signed-in session (issue 15) resolves
// here, and nowhere else, to the same Viewer a bearer token gives /graphql.
import type { Request } from 'express';
import { ANONYMOUS, type Viewer } from '../../server/src/core/context';

export function viewerOf(_req: Request): Viewer {
  return ANONYMOUS;
}
