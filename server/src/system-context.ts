// The context for work that no request starts: demo content at start, the admin CLI,
// the development demo tokens. It acts as the SYSTEM viewer, with its own
// EntityManager fork and loaders, and goes through the same services as any request.
import type { EntityManager } from '@mikro-orm/postgresql';
import pino from 'pino';
import { SYSTEM, type Context } from './core/context';
import type { Logger } from './core/logger';
import { createLoaders } from './loaders';
import { createServices, type AppServices } from './services';

/** A quiet logger for callers (the CLI) that print their own output. */
const SILENT: Logger = pino({ level: 'silent' });

export function systemContext(source: { em: EntityManager }, options: { requestId: string; services?: AppServices; log?: Logger }): Context {
  const em = source.em.fork();
  return { requestId: options.requestId, em, loaders: createLoaders(em), viewer: SYSTEM, log: options.log ?? SILENT, services: options.services ?? createServices() };
}
