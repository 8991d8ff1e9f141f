// Read-only views of entities for the hot read paths: the reference data in memory and
// the organizations of a page's partners. (Practice cases have their own read model,
// CaseView in modules/practice-cases/practice-case.view.ts, built without any of this.)
//
// Hydrating a managed entity costs far more than the query that fetched it: MikroORM
// creates it, registers it in the identity map and snapshots every property (JSON
// columns included) so that a flush could find changes. A GraphQL read never flushes,
// so these paths take plain rows instead — the driver's mapped rows of an ORM-built query
// (`findReadOnly`) or the rows of hand-written SQL (`viewOfRow`) — and
// turn each into a frozen object on the entity's prototype:
//
// - `instanceof` holds, so interface type resolution (Node) and type guards work, and
//   getters such as `nodeId` compute from the row;
// - scalar properties are converted exactly as hydration converts them (custom types:
//   enum arrays, JSON, dates);
// - a to-one relation becomes a frozen `{ <primary key>: value }`, which is what the
//   read code uses of a Ref (`c.municipality.code`); collections are left out.
//
// A view is not managed: never pass one to an EntityManager. Writes load their own
// entities inside their transaction; a view that reached a write by mistake fails on
// its first assignment, because it is frozen.
import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { ArrayType, DateTimeType, DateType, JsonType, ReferenceKind, type EntityClass, type EntityData, type EntityManager, type EntityMetadata, type EntityProperty, type FilterQuery, type FindOptions, type Platform } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/postgresql';

type Build = (row: Record<string, unknown>) => Record<string, unknown>;

/** Rows keyed by property name (the driver's mapped rows) or by column name (hand-written SQL). */
type RowKeys = 'property' | 'column';

const builders = { property: new WeakMap<EntityMetadata, Build>(), column: new WeakMap<EntityMetadata, Build>() };

/** Whether some prototype up the chain defines `name` as an accessor (MikroORM does for some relations). */
function hasAccessor(prototype: object | null, name: string): boolean {
  for (let p = prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    const d = Object.getOwnPropertyDescriptor(p, name);
    if (d) return !!(d.get || d.set);
  }
  return false;
}

/**
 * The driver's mapped rows already hold JS values for nearly every type: pg parses JSON,
 * text arrays, numbers and timestamps, and MikroORM's pg type parsers keep dates as
 * strings. What is left is what hydration would still convert: arrays that pg returns
 * as literals (arrays of a native enum) and any other custom type.
 */
function conversionOf(prop: EntityProperty, platform: Platform): ((value: unknown) => unknown) | null {
  const type = prop.customType;
  if (!type || type instanceof JsonType || type instanceof DateType || type instanceof DateTimeType) return null;
  if (type instanceof ArrayType) return (value) => (typeof value === 'string' ? type.convertToJSValue(value, platform) : value);
  return (value): unknown => type.convertToJSValue(value, platform);
}

/** How one property of a view is filled from a row. */
interface Step {
  name: string;
  key: string;
  /** Defined as an own property: some prototype up the chain has an accessor of that name. */
  shadow: boolean;
  convert: (value: unknown) => unknown;
}

const same = (value: unknown) => value;

/**
 * How to build the views of one entity, worked out once from its metadata: one step per
 * persisted scalar and owning relation. Rows keyed by column name also get what the
 * driver's mapping would do: timestamps, which MikroORM's pg type parsers leave as
 * text, become Dates. A to-one relation becomes a frozen `{ <primary key>: value }`.
 */
function stepsFor(em: EntityManager, meta: EntityMetadata, prototype: object, keys: RowKeys): Step[] {
  const platform = em.getPlatform();
  const steps: Step[] = [];
  for (const prop of meta.props) {
    const key = keys === 'property' ? prop.name : (prop.fieldNames?.[0] ?? prop.name);
    const shadow = hasAccessor(prototype, prop.name);
    if (prop.kind === ReferenceKind.SCALAR || prop.kind === ReferenceKind.EMBEDDED) {
      if (prop.persist === false) continue;
      const convert =
        keys === 'column' && prop.runtimeType === 'Date' ? (value: unknown) => (value instanceof Date ? value : platform.parseDate(value as string)) : conversionOf(prop, platform);
      steps.push({ name: prop.name, key, shadow, convert: convert ?? same });
    } else if (prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner)) {
      const pk = prop.targetMeta!.primaryKeys[0];
      const convert = (value: unknown) => {
        const k = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[pk] : value;
        return k === null || k === undefined ? null : Object.freeze({ [pk]: k });
      };
      steps.push({ name: prop.name, key, shadow, convert });
    }
  }
  return steps;
}

/** The builder of one entity's views: a plain loop over its steps. */
function builderFor(em: EntityManager, meta: EntityMetadata, prototype: object, keys: RowKeys): Build {
  let build = builders[keys].get(meta);
  if (build) return build;
  const steps = stepsFor(em, meta, prototype, keys);
  // Views inherit from one extra prototype per entity that carries their toJSON and inspect.
  const viewPrototype = Object.create(prototype, plainSerialization) as object;
  build = (row) => {
    const view = Object.create(viewPrototype) as Record<string, unknown>;
    for (const step of steps) {
      // A column the query did not select stays undefined (see `columnList`'s `only`).
      if (!(step.key in row)) continue;
      const raw = row[step.key];
      const value = raw === null || raw === undefined ? null : step.convert(raw);
      // An own data property shadows any accessor on the prototype, so no MikroORM setter runs.
      if (step.shadow) Object.defineProperty(view, step.name, { value, enumerable: true });
      else view[step.name] = value;
    }
    return Object.freeze(view);
  };
  builders[keys].set(meta, build);
  return build;
}

// The prototype's toJSON and inspect go through MikroORM's helper, which a view does not have.
function plainCopy(this: object): Record<string, unknown> {
  return { ...this };
}
const plainSerialization: PropertyDescriptorMap = {
  toJSON: { value: plainCopy },
  [inspect.custom]: { value: plainCopy },
};

/** A frozen, unmanaged instance of `entity` holding the values of a mapped row. */
export function readOnlyView<T extends object>(em: EntityManager, entity: EntityClass<T>, row: EntityData<T>): T {
  return builderFor(em, em.getMetadata().get<T>(entity.name), entity.prototype as object, 'property')(row) as T;
}

/**
 * `em.find` without the unit of work: the same SQL (where, orderBy, cursor options,
 * limit), answered with read-only views. Runs on the EntityManager's transaction when
 * it has one.
 */
export async function findReadOnly<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  options: FindOptions<T, never, '*', never> & { first?: number; last?: number; after?: string; before?: string; overfetch?: boolean } = {},
): Promise<T[]> {
  const rows = await em.getDriver().find<T, never, '*', never>(entity.name, where, { ctx: em.getTransactionContext<Knex.Transaction>(), ...options });
  return rows.map((row) => readOnlyView(em, entity, row));
}

/**
 * The select list of the persisted columns of `entity` (owning relations as their
 * foreign keys), for hand-written SQL whose rows become views. `only` limits it to some
 * properties, for reads that need few; the others stay undefined on the view. With a
 * `prefix`, each column is renamed "<prefix><column>" (a joined table's columns).
 */
export function columnList<T extends object>(em: EntityManager, entity: EntityClass<T>, alias: string, only?: ReadonlySet<string>, prefix = ''): string {
  return columnsOf(em, entity, only)
    .map((field) => (prefix ? `${alias}."${field}" as "${prefix}${field}"` : `${alias}."${field}"`))
    .join(', ');
}

/** The persisted column names of `entity` (or of the properties in `only`). */
function columnsOf<T extends object>(em: EntityManager, entity: EntityClass<T>, only?: ReadonlySet<string>): string[] {
  const meta = em.getMetadata().get<T>(entity.name);
  const columns: string[] = [];
  for (const prop of meta.props) {
    if ((only && !only.has(prop.name)) || prop.persist === false) continue;
    const owning = prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner);
    if (prop.kind !== ReferenceKind.SCALAR && !owning) continue;
    columns.push(...(prop.fieldNames ?? []));
  }
  return columns;
}

/** A read-only view of `entity` from a row keyed by column names. */
export function viewOfRow<T extends object>(em: EntityManager, entity: EntityClass<T>, row: Record<string, unknown>): T {
  return builderFor(em, em.getMetadata().get<T>(entity.name), entity.prototype as object, 'column')(row) as T;
}

/**
 * Plain rows of hand-written SQL, on the EntityManager's connection and transaction.
 *
 * With `prepare`, and outside a transaction, the statement runs as a named prepared
 * statement, so PostgreSQL plans it once per connection instead of on every request
 * (for the case page that was as much work as running it). MikroORM's `execute` cannot:
 * it inlines the parameters into the text. The statement is logged through MikroORM's
 * logger like any other. Only statements whose text has a bounded number of shapes
 * should be prepared; past `MAX_PREPARED` distinct texts, the rest run unprepared.
 * The SQL must not contain a `?` other than its placeholders, and should name its
 * columns: PostgreSQL replans a prepared statement after a migration, but refuses one
 * whose result columns changed type (a `select *` across an altered table would).
 */
export async function queryRows(em: EntityManager, sql: string, params: unknown[], options: { prepare?: boolean } = {}): Promise<Record<string, unknown>[]> {
  const transaction = em.getTransactionContext<Knex.Transaction>();
  if (!options.prepare || transaction) return (await em.getConnection().execute(sql, params, 'all', transaction)) as Record<string, unknown>[];
  let n = 0;
  const text = sql.replace(/\?/g, () => `$${++n}`);
  let name = preparedNames.get(text);
  if (!name && preparedNames.size < MAX_PREPARED) preparedNames.set(text, (name = `utbyte_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`));
  const knex = (em.getConnection() as unknown as { getKnex(): KnexLike }).getKnex();
  const client = await knex.client.acquireConnection();
  const started = Date.now();
  try {
    const result = await client.query({ name, text, values: params });
    const logger = em.config.getLogger();
    if (logger.isEnabled('query')) logger.logQuery({ query: em.getPlatform().formatQuery(sql, params), took: Date.now() - started, results: result.rows.length, level: 'info' });
    return result.rows;
  } finally {
    await knex.client.releaseConnection(client);
  }
}

/** What `queryRows` uses of knex: its pool of pg clients. */
interface KnexLike {
  client: {
    acquireConnection(): Promise<{ query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: Record<string, unknown>[] }> }>;
    releaseConnection(connection: unknown): Promise<void>;
  };
}

const MAX_PREPARED = 200;
const preparedNames = new Map<string, string>();

/**
 * A PostgreSQL array literal of strings, bound as one parameter (`?::text[]`,
 * `?::uuid[]`); knex would spread a JS array into a list of parameters instead.
 */
export function pgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
