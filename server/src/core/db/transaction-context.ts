// MikroORM keeps the EntityManager of the running `em.transactional` in an
// AsyncLocalStorage, so that the *global* EntityManager, used inside the callback,
// finds the transaction's fork. Utbyte never does entity work on the global
// EntityManager: every request, job and script forks one, and a fork ignores that
// context (MikroORM's getContext returns a fork itself). The lookup therefore never
// finds anything Utbyte uses, while its cost is paid everywhere: on Node 20 the first
// AsyncLocalStorage.run() switches on async hooks for the whole process, and from then
// on every promise runs a hook when it is created. Measured on the nested list
// (docs/benchmarks.md): 8 % of a request's CPU, in a process that had committed one
// transaction.
//
// So the storage is replaced by one that keeps nothing. Should code ever use the global
// EntityManager inside a transaction, MikroORM refuses it loudly ("Using global
// EntityManager instance methods for context specific actions is disallowed") rather
// than running it outside the transaction, because allowGlobalContext stays off.
import { TransactionContext } from '@mikro-orm/core';

interface ContextStorage {
  run<R>(store: unknown, next: () => R): R;
  getStore(): undefined;
}

const keepsNothing: ContextStorage = {
  run: (_store, next) => next(),
  getStore: () => undefined,
};

/** Installs the storage that keeps nothing; idempotent. */
export function withoutTransactionContextStorage(): void {
  (TransactionContext as unknown as { storage: ContextStorage }).storage = keepsNothing;
}
