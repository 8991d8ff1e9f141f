// The Apollo plugin that prices every operation, refuses ones over the cost limit,
// charges the caller's leaky bucket, reports the cost in `extensions.cost`, rejects
// text that is not valid Unicode: NUL characters (PostgreSQL cannot store them) and
// unpaired surrogates (Meilisearch's JSON parser refuses them)
// refuses lists longer than their documented hard limit (core/list-caps.ts),
// and logs unexpected errors with the request id before formatError masks them.
import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext } from '@apollo/server';
import { GraphQLError, visit, type DocumentNode } from 'graphql';
import type { Limits } from '../../config';
import type { Context } from '../context';
import { apiError } from '../errors';
import { checkListCaps } from '../list-caps';
import { UNSTORABLE } from '../unstorable-text';
import type { Logger } from '../logger';
import { operationCost } from './cost';
import type { RateLimiter } from './shared-rate-limit';

/** Codes a client may see as they are; anything else is unexpected and gets masked. */
export const EXPOSED_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'RATE_LIMITED', 'SEARCH_UNAVAILABLE',
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'OPERATION_RESOLUTION_FAILURE', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED']);

/** Who is paying for a request; set by the context function, read by the plugin. */
export const CALLER = Symbol('utbyte.caller');
export interface Caller {
  /** "token:<hash prefix>" for a signed-in caller, "ip:<address>" otherwise. */
  bucketKey: string;
  bucket: RateLimiter | null;
}
export type WithCaller = { [CALLER]?: Caller };

export function rateLimited(retryAfterSeconds: number): GraphQLError {
  return apiError('RATE_LIMITED', `Too many requests; retry after ${retryAfterSeconds} s`, {
    retryAfter: retryAfterSeconds,
    http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
  });
}

function hasUnstorableText(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return UNSTORABLE.test(value);
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => hasUnstorableText(v, depth + 1));
  return Object.entries(value).some(([k, v]) => UNSTORABLE.test(k) || hasUnstorableText(v, depth + 1));
}

// Apollo keeps one parsed document per query text, so a document is checked once.
const checkedDocuments = new WeakMap<DocumentNode, boolean>();

function documentHasUnstorableText(document: DocumentNode): boolean {
  let found = checkedDocuments.get(document);
  if (found !== undefined) return found;
  found = false;
  visit(document, {
    StringValue(node) {
      if (UNSTORABLE.test(node.value)) found = true;
    },
  });
  checkedDocuments.set(document, found);
  return found;
}

export function hardeningPlugin(limits: Limits): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let cost = 0;
      let remaining: number | undefined;
      return {
        async didResolveOperation(rc: GraphQLRequestContext<Context>) {
          if (hasUnstorableText(rc.request.variables) || (rc.document && documentHasUnstorableText(rc.document))) {
            throw apiError('BAD_USER_INPUT', 'Text must be valid Unicode without NUL characters', { http: { status: 400, headers: new HeaderMap() } });
          }
          try {
            checkListCaps(rc.schema, rc.document!, rc.request.variables ?? {});
          } catch (err) {
            const e = err as GraphQLError;
            throw apiError('BAD_USER_INPUT', e.message, { ...e.extensions, http: { status: 400, headers: new HeaderMap() } });
          }
          cost = operationCost(rc.schema, rc.document!, rc.operationName, rc.request.variables ?? {});
          if (cost > limits.maxCost) {
            throw new GraphQLError(`The operation would cost ${cost}; at most ${limits.maxCost} is allowed. Ask for smaller pages or fewer nested connections`, {
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', cost, maximumCost: limits.maxCost, http: { status: 400, headers: new HeaderMap() } },
            });
          }
          const caller = (rc.contextValue as Context & WithCaller)[CALLER];
          if (caller?.bucket) {
            const taken = await caller.bucket.take(caller.bucketKey, cost);
            remaining = taken.remaining;
            if (!taken.ok) throw rateLimited(taken.retryAfterSeconds);
          }
        },
        async didEncounterErrors(rc) {
          for (const error of rc.errors) {
            const code = error.extensions?.code as string | undefined;
            if (code && EXPOSED_CODES.has(code)) continue;
            if (error.message.startsWith('Too many errors processing variables')) continue;
            const log: Logger | undefined = rc.contextValue?.log;
            log?.error({ err: error.originalError ?? error, path: error.path }, 'unexpected error');
          }
        },
        async willSendResponse(rc) {
          if (rc.response.body.kind !== 'single') return;
          const result = rc.response.body.singleResult;
          result.extensions = {
            ...result.extensions,
            cost: { requested: cost, maximum: limits.maxCost, ...(remaining !== undefined ? { remaining } : {}) },
          };
        },
      };
    },
  };
}

