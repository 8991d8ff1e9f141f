// The one mutation runner: every mutation of every module writes through `runMutation`.
// It gives the write one transaction (a savepoint inside the Idempotency-Key plugin's
// transaction, which then commits the writes with the stored response) and one flush,
// and turns the failures a caller can fix into the payload's userErrors: UserErrors
// thrown by the work, a lost optimistic-lock race (VERSION_CONFLICT) and a unique
// violation (the mutation names the field; DUPLICATE otherwise). Nothing is written
// then. Everything else is thrown on, for formatError to log and mask.
import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from './context';
import { UserErrorCode, UserErrors, userError, type UserError } from './errors';

/** A payload's fields when nothing was written. */
export type Nothing<P> = { [K in keyof P]: null };
export type Payload<P> = P & { userErrors: UserError[] };

export interface MutationSpec<T, P extends object, N extends object = Nothing<P>> {
  /** The Mutation field this serves; test/mutation-runner.test.ts checks that every field of the schema names one. */
  name: string;
  /** The write itself, on the transaction's EntityManager; the runner flushes. */
  work(em: EntityManager): Promise<T>;
  /** After commit: the payload for what was written, and the place to prime the request's loaders. */
  payload(saved: T): P | Promise<P>;
  /** The payload's fields when nothing was written (null objects; an import's empty results). */
  nothing: N;
  /**
   * Whether to commit what `work` did; when false the transaction rolls back and the
   * payload is still built from the result (a dry run, an import with problems).
   */
  commit?(result: T): boolean;
  /**
   * The work makes its writes in one SQL statement and does not use the unit of work, so
   * it needs no transaction of its own: begin and commit would be two more round trips
   * for what a single statement already does atomically (workflow transitions,
   * docs/benchmarks.md §6). Under an Idempotency-Key it still runs in the plugin's
   * transaction, which ctx.em then carries. Not for work that may want to roll back (`commit`).
   */
  singleStatement?: boolean;
  /** What a lost optimistic-lock race tells the caller. */
  conflict?: string;
  /** The user errors for a unique violation this input can cause; null for one it cannot name. */
  unique?(err: UniqueConstraintViolationException): UserError[] | null;
}

/** Every mutation name the runner has served in this process (for the test that lists the schema's mutations). */
export const servedMutations = new Set<string>();

/** Carries the result of a write out of a transaction that rolls back on purpose. */
class RolledBack<T> extends Error {
  constructor(readonly result: T) {
    super('rolled back on purpose');
  }
}

const DEFAULT_CONFLICT = 'Someone else changed this in the meantime; reload it and try again';

/** The userErrors for an expected failure; null for anything else. */
function userErrorsOf(err: unknown, spec: Pick<MutationSpec<unknown, object, object>, 'conflict' | 'unique'>): UserError[] | null {
  if (err instanceof UserErrors) return err.errors;
  if (err instanceof OptimisticLockError) return [userError('expectedVersion', UserErrorCode.VERSION_CONFLICT, spec.conflict ?? DEFAULT_CONFLICT)];
  if (err instanceof UniqueConstraintViolationException) {
    return spec.unique?.(err) ?? [userError([], UserErrorCode.DUPLICATE, 'This would duplicate something that exists already')];
  }
  return null;
}

export async function runMutation<T, P extends object, N extends object = Nothing<P>>(ctx: Context, spec: MutationSpec<T, P, N>): Promise<Payload<P> | Payload<N>> {
  servedMutations.add(spec.name);
  let saved: T;
  try {
    saved = spec.singleStatement
      ? await spec.work(ctx.em)
      : await ctx.em.transactional(async (em) => {
          const result = await spec.work(em);
          await em.flush();
          if (spec.commit && !spec.commit(result)) throw new RolledBack(result);
          return result;
        });
  } catch (err) {
    // What the failed transaction loaded or created must not leak into later reads of this request.
    ctx.em.clear();
    if (err instanceof RolledBack) return { userErrors: [], ...(await spec.payload(err.result as T)) };
    const userErrors = userErrorsOf(err, spec);
    if (!userErrors) throw err;
    return { ...spec.nothing, userErrors };
  }
  return { userErrors: [], ...(await spec.payload(saved)) };
}

/** For callers outside GraphQL (the admin CLI, demo content, tests): the payload's object, or its userErrors thrown. */
export function payloadOrThrow<P extends object, K extends keyof P>(payload: Payload<P> | Payload<Nothing<P>>, key: K): NonNullable<P[K]> {
  if (payload.userErrors.length) throw new UserErrors(payload.userErrors);
  return (payload as P)[key] as NonNullable<P[K]>;
}
