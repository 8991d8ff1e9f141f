// Idempotency-Key for creating mutations, as Stripe does it: the first request with a
// key runs and its response is stored for a day under (caller, key); a repeat with the
// same body gets that response again (header Idempotent-Replayed: true) and writes
// nothing; a repeat with another body is refused; repeats that arrive while the first
// runs wait for it. Coordination is through PostgreSQL, so it holds across processes.
import { setTimeout as sleep } from 'node:timers/promises';
import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContext, type GraphQLResponse } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import type { Context } from '../context';
import type { Logger } from '../logger';
import { creatingFields, isValidKey, openResponse, requestHash, sealResponse, sha256 } from './idempotency.rules';
import { beginOn, endOn, findStored, purgeExpired, storeResponse, tryLockKey } from './idempotency.store';

export interface IdempotencyOptions {
  log: Logger;
  /** How long a repeat waits for the first request with its key before giving up (409). */
  waitMs?: number;
}

interface Claim {
  key: string;
  actor: string;
  keyHash: string;
  requestHash: string;
  operation: string;
}

type Acquired = { kind: 'owner' } | { kind: 'replay'; status: number; body: FormattedExecutionResult } | { kind: 'reused' } | { kind: 'busy' };

function errorResponse(status: number, reason: string, message: string): GraphQLResponse {
  const code = status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_USER_INPUT';
  return { http: { status, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { errors: [{ message, extensions: { code, reason } }] } } };
}

/** Owns the key (transaction left open on ctx.em), or finds its stored response, or gives up after waitMs. */
async function acquire(ctx: Context, claim: Claim, waitMs: number): Promise<Acquired> {
  const deadline = Date.now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    await beginOn(ctx.em);
    let owner = false;
    try {
      if (await tryLockKey(ctx.em, claim.actor, claim.keyHash)) {
        const stored = await findStored(ctx.em, claim.actor, claim.keyHash);
        if (!stored) return (owner = true), { kind: 'owner' };
        if (stored.requestHash !== claim.requestHash) return { kind: 'reused' };
        return { kind: 'replay', status: stored.httpStatus, body: openResponse(stored.response, claim.key, claim.actor) };
      }
    } finally {
      if (!owner) await endOn(ctx.em, 'rollback');
    }
    if (Date.now() >= deadline) return { kind: 'busy' };
    // Backs off from 10 ms to 250 ms, with jitter so that waiters do not poll in step.
    await sleep(Math.min(250, 10 * 2 ** attempt) * (0.5 + Math.random() / 2));
  }
}

/** Commits the operation with its response stored, or rolls it back when it wrote nothing. */
async function finish(rc: GraphQLRequestContext<Context>, claim: Claim, log: Logger): Promise<void> {
  const em = rc.contextValue.em;
  const body = rc.response.body;
  try {
    const result = body?.kind === 'single' ? body.singleResult : null;
    const answered = !!result?.data && Object.values(result.data).some((v) => v !== null);
    // Every field failed: nothing of it stands, so a retry under the key should run again.
    if (!result || (result.errors?.length && !answered)) return await endOn(em, 'rollback');
    await storeResponse(em, { ...claim, httpStatus: rc.response.http.status ?? 200, response: sealResponse(result, claim.key, claim.actor) });
    await purgeExpired(em);
    await endOn(em, 'commit');
  } catch (err) {
    log.error({ err, requestId: rc.contextValue.requestId }, 'storing an idempotent response failed');
    await endOn(em, 'rollback').catch(() => undefined);
    const failed = errorResponse(500, 'IDEMPOTENCY_STORE_FAILED', 'Internal server error; nothing was written');
    rc.response.body = failed.body;
    rc.response.http.status = 500;
  }
}

export function idempotencyPlugin(options: IdempotencyOptions): ApolloServerPlugin<Context> {
  const waitMs = options.waitMs ?? 20_000;
  return {
    async requestDidStart() {
      let claim: Claim | null = null;
      return {
        async responseForOperation(rc) {
          const key = rc.request.http?.headers.get('idempotency-key');
          if (key === undefined) return null;
          if (!isValidKey(key)) return errorResponse(400, 'IDEMPOTENCY_KEY_INVALID', 'Idempotency-Key must be 1–255 printable ASCII characters, without spaces at either end');
          const fields = rc.operation && rc.document ? creatingFields(rc.operation, rc.document) : [];
          const actor = rc.contextValue.viewer.actorId;
          // Queries, other mutations and anonymous callers (who cannot create anything) ignore the key.
          if (!fields.length || !actor) return null;
          const wanted: Claim = { key, actor, keyHash: sha256(key), requestHash: requestHash(rc.document, rc.operationName, rc.request.variables), operation: fields.join(',').slice(0, 255) };
          let acquired: Acquired;
          try {
            acquired = await acquire(rc.contextValue, wanted, waitMs);
          } catch (err) {
            options.log.error({ err, requestId: rc.contextValue.requestId }, 'idempotency check failed');
            return errorResponse(500, 'IDEMPOTENCY_CHECK_FAILED', 'Internal server error');
          }
          if (acquired.kind === 'owner') {
            claim = wanted;
            return null;
          }
          if (acquired.kind === 'busy') return errorResponse(409, 'IDEMPOTENCY_KEY_IN_USE', 'A request with this Idempotency-Key is still running; retry later');
          if (acquired.kind === 'reused') {
            // requestStudyVisit carries the key in its input too; then its own documented
            // answer (the userError IDEMPOTENCY_KEY_REUSED) applies, and it writes nothing.
            const inputKey = (rc.request.variables?.input as { idempotencyKey?: unknown } | undefined)?.idempotencyKey;
            if (inputKey === key) return null;
            return errorResponse(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different request; use a new key');
          }
          return { http: { status: acquired.status, headers: new HeaderMap([['idempotent-replayed', 'true']]) }, body: { kind: 'single', singleResult: acquired.body } };
        },
        async willSendResponse(rc) {
          if (claim) await finish(rc, claim, options.log);
        },
      };
    },
  };
}
