// How pages read: by executing the public GraphQL schema in-process, with a Context
// built exactly as /graphql builds it (its own EntityManager fork, DataLoaders, the
// request's viewer). Pages never call a service or the database; what the API refuses
// a viewer, the page cannot show either.
import type { Request, Response } from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { execute, parse, validate, type DocumentNode, type ExecutionResult, type GraphQLError, type GraphQLSchema } from 'graphql';
import type { Context } from '../../server/src/core/context';
import type { Logger } from '../../server/src/core/logger';
import { createRequestContext } from '../../server/src/core/request-context';
import type { AppServices } from '../../server/src/services';
import { BadRequest, Forbidden, NotFound, SignInRequired, type PageRequest } from './page';
import { viewerOf } from './viewer';

/** A parsed query that carries the types of its data and variables. */
export interface TypedQuery<TData, TVariables> {
  readonly document: DocumentNode;
  /** Phantom: only here so that `query()` can infer TData and TVariables. */
  readonly types?: { data: TData; variables: TVariables };
}

/** The data type of a TypedQuery, for annotating a variable that holds a result. */
export type DataOf<Q> = Q extends TypedQuery<infer TData, infer _TVariables> ? TData : never;

/**
 * A page's query, parsed once when the module loads. Write the TData interface to
 * match the selection; validation against the schema happens on first use, and
 * test/web covers every page, so a query that drifts from the schema fails a test.
 */
export function graphql<TData, TVariables extends Record<string, unknown> = Record<string, never>>(source: string): TypedQuery<TData, TVariables> {
  return { document: parse(source) };
}

export interface Executor {
  run(document: DocumentNode, variables: Record<string, unknown>): Promise<ExecutionResult>;
}

/** Raised for errors that are neither "not found" nor the reader's input: the 500 page. */
export class QueryFailed extends Error {
  override name = 'QueryFailed';
  constructor(readonly errors: readonly GraphQLError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

export interface ExecutorDeps {
  schema: GraphQLSchema;
  orm: MikroORM;
  services: AppServices;
  log: Logger;
}

/**
 * The executor of one request. The Context (and with it the EntityManager fork and the
 * loaders) is made on the first query and shared by the page's later ones, so they
 * batch and cache together like the fields of one GraphQL request.
 */
export function requestExecutor(deps: ExecutorDeps, req: Request, res: Response): Executor {
  let context: Context | undefined;
  const validated = new WeakSet<DocumentNode>();
  return {
    async run(document, variables) {
      if (!validated.has(document)) {
        const errors = validateOnce(deps.schema, document);
        if (errors.length) throw new QueryFailed(errors);
        validated.add(document);
      }
      context ??= createRequestContext({ em: deps.orm.em.fork(), requestId: res.locals.requestId as string, viewer: viewerOf(req), log: deps.log, services: deps.services });
      return execute({ schema: deps.schema, document, variableValues: variables, contextValue: context });
    },
  };
}

const validations = new WeakMap<DocumentNode, readonly GraphQLError[]>();

function validateOnce(schema: GraphQLSchema, document: DocumentNode): readonly GraphQLError[] {
  let errors = validations.get(document);
  if (!errors) {
    errors = validate(schema, document);
    validations.set(document, errors);
  }
  return errors;
}

/**
 * Runs a page's query with the request's viewer and returns its data. NOT_FOUND becomes
 * the 404 page, BAD_USER_INPUT (a cursor from an old link, a variable the schema refuses) the 400 page, anything else
 * the 500 page; a root field that is null is the page's to judge (usually NotFound).
 */
export async function query<TData, TVariables extends Record<string, unknown>>(
  page: Pick<PageRequest, 'executor'>,
  typed: TypedQuery<TData, TVariables>,
  variables: TVariables,
): Promise<TData> {
  const result = await page.executor.run(typed.document, variables);
  if (result.errors?.length) {
    // Without data the request failed before it ran: in-process (no Apollo to label them)
    // that is a variable the schema refused — a value a hand-made form post put in an enum,
    // an Int or a Date. The caller's input, so the 400 page, not a failure of ours.
    const codes = result.errors.map((e) => e.extensions?.code ?? (result.data === undefined ? 'BAD_USER_INPUT' : undefined));
    if (codes.includes('NOT_FOUND')) throw new NotFound(result.errors[0].message);
    // The API refuses an anonymous viewer or the wrong role: sign in, or the 403 page.
    if (codes.includes('UNAUTHENTICATED')) throw new SignInRequired(result.errors[0].message);
    if (codes.includes('FORBIDDEN')) throw new Forbidden(result.errors[0].message);
    if (codes.every((c) => c === 'BAD_USER_INPUT')) throw new BadRequest(result.errors[0].message);
    throw new QueryFailed(result.errors);
  }
  // Exactly what an HTTP client would receive: some scalars (DateTime) serialize to
  // objects that only become their wire form (ISO strings) in JSON.
  return JSON.parse(JSON.stringify(result.data)) as TData;
}

/**
 * Runs a page's mutation (a form's action) with the request's viewer, through the same
 * schema, permission checks and mutation runner as /graphql. Returns the data: a payload's
 * `userErrors` are the page's to show next to its fields. Refusals and failures map to
 * pages as in `query()`.
 */
export function mutate<TData, TVariables extends Record<string, unknown>>(
  page: Pick<PageRequest, 'executor'>,
  typed: TypedQuery<TData, TVariables>,
  variables: TVariables,
): Promise<TData> {
  if (typed.document.definitions.some((d) => d.kind === 'OperationDefinition' && d.operation !== 'mutation')) {
    throw new Error('mutate() runs mutations; use query() for reads');
  }
  return query(page, typed, variables);
}
