// Read-only views of entities for the hot read paths (lists, loaders, reference data).
//
// Hydrating a managed entity costs far more than the query that fetched it: MikroORM
// creates it, registers it in the identity map and snapshots every property (JSON
// columns included) so that a flush could find changes. A GraphQL read never flushes,
// so these paths take plain rows instead — the driver's mapped rows of an ORM-built query
// (`findReadOnly`) or the rows of hand-written SQL (`queryReadOnly`, `viewOfRow`) — and
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

type Build = (row: Record<string, unknown>) => Record<string, unknown>;

/** Rows keyed by property name (the driver's mapped rows) or by column name (hand-written SQL). */
type RowKeys = 'property' | 'column';

const builders = { property: new WeakMap<EntityMetadata, Build>(), column: new WeakMap<EntityMetadata, Build>() };

/** Whether some prototype up the chain defines `name` as an accessor (MikroORM does for some relations). */
function hasAccessor(prototype: object | null, name: string): boolean {
  for (let p = prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
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
  return (value) => type.convertToJSValue(value, platform);
}

/**
 * A function that builds the views of one entity, compiled once from its metadata the
 * way MikroORM compiles its hydrators: one straight-line assignment per property. Rows
 * keyed by column name also get what the driver's mapping would do: timestamps, which
 * MikroORM's pg type parsers leave as text, become Dates.
 */
function builderFor(em: EntityManager, meta: EntityMetadata, prototype: object, keys: RowKeys): Build {
  let build = builders[keys].get(meta);
  if (build) return build;
  const platform = em.getPlatform();
  const conversions: ((value: unknown) => unknown)[] = [];
  const lines: string[] = [];
  for (const prop of meta.props as EntityProperty[]) {
    const name = JSON.stringify(prop.name);
    const key = keys === 'property' ? name : JSON.stringify(prop.fieldNames?.[0] ?? prop.name);
    // Own data properties shadow any accessor on the prototype, so no MikroORM setter runs.
    const assign = (expr: string) =>
      hasAccessor(prototype, prop.name) ? `Object.defineProperty(v, ${name}, { value: ${expr}, enumerable: true });` : `v[${name}] = ${expr};`;
    // A column the query did not select stays undefined (see `columnList`'s `only`).
    if (prop.kind === ReferenceKind.SCALAR || prop.kind === ReferenceKind.EMBEDDED) {
      if (prop.persist === false) continue;
      const convert =
        keys === 'column' && prop.runtimeType === 'Date' ? (value: unknown) => (value instanceof Date ? value : platform.parseDate(value as string)) : conversionOf(prop, platform);
      if (convert) conversions.push(convert);
      const value = convert ? `c[${conversions.length - 1}](x)` : 'x';
      lines.push(`if (${key} in row) { const x = row[${key}]; ${assign(`x === null || x === undefined ? null : ${value}`)} }`);
    } else if (prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner)) {
      const pk = JSON.stringify(prop.targetMeta!.primaryKeys[0]);
      lines.push(
        `if (${key} in row) { const x = row[${key}]; const k = x !== null && typeof x === 'object' ? x[${pk}] : x; ` +
          `${assign(`k === null || k === undefined ? null : Object.freeze({ [${pk}]: k })`)} }`,
      );
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- property names come from entity metadata, quoted by JSON.stringify
  // Views inherit from one extra prototype per entity that carries their toJSON and inspect.
  const viewPrototype = Object.create(prototype, plainSerialization) as object;
  const factory = new Function('proto', 'c', `return function view(row) {\n const v = Object.create(proto);\n ${lines.join('\n ')}\n return Object.freeze(v);\n}`);
  build = factory(viewPrototype, conversions) as Build;
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
  return builderFor(em, em.getMetadata().get(entity.name) as EntityMetadata, entity.prototype as object, 'property')(row as Record<string, unknown>) as T;
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
  const rows = await em.getDriver().find<T, never, '*', never>(entity.name, where, { ctx: em.getTransactionContext(), ...options });
  return rows.map((row) => readOnlyView(em, entity, row as EntityData<T>));
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
  const meta = em.getMetadata().get(entity.name) as EntityMetadata;
  const columns: string[] = [];
  for (const prop of meta.props as EntityProperty[]) {
    if ((only && !only.has(prop.name)) || prop.persist === false) continue;
    const owning = prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner);
    if (prop.kind !== ReferenceKind.SCALAR && !owning) continue;
    columns.push(...(prop.fieldNames ?? []));
  }
  return columns;
}

/**
 * Runs hand-written SQL (knex `?` placeholders) on the EntityManager's connection —
 * inside its transaction when it has one, and through the same query log — and maps
 * each row, by column name, to a read-only view of `entity`.
 */
export async function queryReadOnly<T extends object>(em: EntityManager, entity: EntityClass<T>, sql: string, params: unknown[]): Promise<T[]> {
  return (await queryRows(em, sql, params)).map((row) => viewOfRow(em, entity, row));
}

/** A read-only view of `entity` from a row keyed by column names. */
export function viewOfRow<T extends object>(em: EntityManager, entity: EntityClass<T>, row: Record<string, unknown>): T {
  return builderFor(em, em.getMetadata().get(entity.name) as EntityMetadata, entity.prototype as object, 'column')(row) as T;
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
  const transaction = em.getTransactionContext();
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
