// The per-request Context, built one way for every caller that is a request: the
// GraphQL endpoint (after it has authenticated the bearer token) and the website's
// pages, which execute the same schema in-process (web/server/graphql.ts).
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context, Viewer } from './context';
import type { Logger } from './logger';
import { createLoaders } from '../loaders';
import type { AppServices } from '../services';

export interface RequestContextSource {
  /** The request's own fork of the EntityManager. */
  em: EntityManager;
  requestId: string;
  viewer: Viewer;
  log: Logger;
  services: AppServices;
}

export function createRequestContext({ em, requestId, viewer, log, services }: RequestContextSource): Context {
  return {
    requestId,
    em,
    loaders: createLoaders(em),
    viewer,
    // Made on first use: most requests never log, and a child logger per request is not free.
    get log() {
      const child = log.child({ requestId });
      Object.defineProperty(this, 'log', { value: child });
      return child;
    },
    services,
  };
}
