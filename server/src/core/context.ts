// What every resolver and service receives first: the request's own EntityManager
// fork, its DataLoaders, who is acting, and the app-wide services.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from './logger';
import type { Loaders } from '../loaders';
import type { AppServices } from '../services';

export interface Viewer {
  kind: 'anonymous' | 'user' | 'client' | 'system';
  /** Stable id for audit fields ("user:<uuid>", "system:seed"). */
  actorId: string | null;
  displayName: string | null;
  role: 'OFFICIAL' | 'EDITOR' | 'REVIEWER' | 'ADMIN' | null;
  municipalityCode: string | null;
  organizationId: string | null;
  scopes: string[];
  /** Signed in on the website: the session (web_session.id), so a person can tell it apart from their others. */
  sessionId?: string;
}

export const ANONYMOUS: Viewer = Object.freeze({
  kind: 'anonymous',
  actorId: null,
  displayName: null,
  role: null,
  municipalityCode: null,
  organizationId: null,
  scopes: [],
});

export const SYSTEM: Viewer = Object.freeze({
  kind: 'system',
  actorId: 'system',
  displayName: 'Utbyte',
  role: 'ADMIN',
  municipalityCode: null,
  organizationId: null,
  scopes: ['read', 'cases:write', 'study-visits:write'],
});

export interface Context {
  requestId: string;
  em: EntityManager;
  loaders: Loaders;
  viewer: Viewer;
  log: Logger;
  services: AppServices;
}
