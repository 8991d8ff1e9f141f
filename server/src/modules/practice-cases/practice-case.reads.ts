// The read side of practice cases in hand-written SQL: the page of a case list and the
// batched loads a page's fields need. Cases come back as `CaseView`s
// (practice-case.view.ts), partners' organizations as read-only views
// (core/db/read-only.ts); never managed entities. Writes keep using the ORM.
//
// Why not the ORM here: building each query through MikroORM's QueryBuilder and
// hydrating entities cost several times the query itself, and the list is the most-read
// path of the API (docs/benchmarks.md, benchmark 3). A page is one keyset statement with
// the same cursors as MikroORM's findByCursor, carrying the relations its selection
// reads; the count runs only when asked for.
import { Cursor, type EntityManager } from '@mikro-orm/core';
import { columnList, pgArray, queryRows, viewOfRow } from '../../core/db/read-only';
import { decodeCursor, type ConnectionResult, type CursorValueType, type PageSpec, type Selection } from '../../core/relay/connection';
import { Organization } from '../organizations/organization.entity';
import { caseSelect, caseView, propertiesFor, type CaseProperty, type CaseSource, type CaseView } from './practice-case.view';

/** Conditions on `practice_case c`, with their knex `?` parameters in order. */
export class CaseConditions {
  readonly sql: string[] = [];
  readonly params: unknown[] = [];

  add(sql: string, ...params: unknown[]): this {
    this.sql.push(sql);
    this.params.push(...params);
    return this;
  }

  /** A copy to add more conditions to. */
  clone(): CaseConditions {
    const copy = new CaseConditions();
    copy.sql.push(...this.sql);
    copy.params.push(...this.params);
    return copy;
  }

  get where(): string {
    return this.sql.length ? `where ${this.sql.map((s) => `(${s})`).join(' and ')}` : '';
  }
}

export type CaseOrderKey = 'updatedAt' | 'publishedAt' | 'title';

const ORDER_COLUMN: Record<CaseOrderKey, string> = { updatedAt: 'updated_at', publishedAt: 'published_at', title: 'title' };

const ORIGIN = 'a__';

/**
 * Where a page puts what it fetched for its nodes' relations, by case id: the loaders,
 * whose field resolvers then answer without a promise (practice-case.loaders.ts).
 */
export interface CaseRelations {
  partners: { remember(caseId: string, partners: PartnerRead[]): void };
  /** Origin cases by their id; null when the origin no longer exists. */
  cases: { remember(id: string, origin: CaseView | null): void };
}

export interface CasePageQuery {
  conditions: CaseConditions;
  key: CaseOrderKey;
  direction: 'asc' | 'desc';
  page: PageSpec;
  includeCount: boolean;
  /** What the GraphQL selection reads on the page's nodes (all columns and relations when unknown). */
  fields?: Selection;
}

/** The Organization type's fields that read other columns than their own name, or none: its cases are found by slug. */
const ORGANIZATION_FIELD_PROPERTIES: Record<string, readonly string[]> = { id: ['id'], practiceCases: [], __typename: [] };

/** The Organization properties a partner read loads for the selected fields; all when a field is not a property. */
function organizationProperties(em: EntityManager, fields: Selection | undefined): Set<string> | undefined {
  if (!fields) return undefined;
  const props = em.getMetadata().get(Organization.name).properties as Record<string, unknown>;
  const out = new Set(['id', 'slug']);
  for (const field of fields.keys()) {
    const mapped = ORGANIZATION_FIELD_PROPERTIES[field] ?? (field in props ? [field] : undefined);
    if (!mapped) return undefined;
    for (const p of mapped) out.add(p);
  }
  return out;
}

/** What a cursor of a case page holds: the order key's value, then the case id. */
export function caseCursorTypes(key: CaseOrderKey): CursorValueType[] {
  return [key === 'title' ? 'string' : 'datetime', 'uuid'];
}

/** A cursor's values for the keyset condition, checked against the order key's type. */
function cursorValues(arg: string, cursor: string, key: CaseOrderKey): unknown[] {
  return decodeCursor(arg, cursor, caseCursorTypes(key))!;
}

/**
 * One page of cases, keyset-paginated on (key, id) like MikroORM's findByCursor: the
 * same cursor strings, one extra row fetched to know whether another page follows.
 * The partners and origin cases of the page's cases go into `related`.
 */
export async function casePage(em: EntityManager, q: CasePageQuery, related: CaseRelations): Promise<ConnectionResult<CaseView>> {
  const { sql, params, backwards, limit } = pageStatement(em, q);
  const [raw, count] = await Promise.all([
    // Prepared: the text varies only with the selection, the filters used and the order.
    queryRows(em, sql, [...params, limit + 1], { prepare: true }),
    q.includeCount ? queryRows(em, `select count(*)::int as n from practice_case c ${q.conditions.where}`, q.conditions.params) : Promise.resolve(null),
  ]);
  const rows = raw.map((row) => pageView(row, withOrigin(q), related));
  const more = rows.length > limit;
  if (more) rows.pop();
  if (backwards) rows.reverse();
  if (withPartners(q) && rows.length) await rememberPartners(em, rows, q, related);
  return pageConnection(rows, q, backwards, more, count ? Number(count[0].n) : -1);
}

// The relations the selection reads come with the page: the origin case by a join in
// the same statement, the partners of all its cases in a second one. (One JSON array
// of partners per row made PostgreSQL aggregate once per row, which cost more.)
const withOrigin = (q: CasePageQuery) => !q.fields || q.fields.has('adaptedFrom');
const withPartners = (q: CasePageQuery) => !q.fields || q.fields.has('partners');

/** The keyset statement of a page: one row more than asked for, read backwards for `last`/`before`. */
function pageStatement(em: EntityManager, q: CasePageQuery): { sql: string; params: unknown[]; backwards: boolean; limit: number } {
  const column = `c."${ORDER_COLUMN[q.key]}"`;
  const backwards = q.page.first === undefined && q.page.last !== undefined;
  const limit = (backwards ? q.page.last : q.page.first)!;
  const conditions = q.conditions.clone();
  // "after" means further along the requested order, "before" the other way.
  const along = q.direction === 'desc' ? '<' : '>';
  const against = q.direction === 'desc' ? '>' : '<';
  if (q.page.after) conditions.add(`(${column}, c.id) ${along} (?, ?)`, ...cursorValues('after', q.page.after, q.key));
  if (q.page.before) conditions.add(`(${column}, c.id) ${against} (?, ?)`, ...cursorValues('before', q.page.before, q.key));
  const direction = backwards ? (q.direction === 'desc' ? 'asc' : 'desc') : q.direction;
  const select = [caseSelect('c', propertiesFor(q.fields?.keys(), [q.key]))];
  if (withOrigin(q)) select.push(caseSelect('a', propertiesFor(q.fields?.get('adaptedFrom')?.keys()), ORIGIN));
  const sql = `select ${select.join(', ')}
    from practice_case c ${withOrigin(q) ? 'left join practice_case a on a.id = c.adapted_from_id' : ''}
    ${conditions.where}
    order by ${column} ${direction}, c.id ${direction}
    limit ?`;
  return { sql, params: conditions.params, backwards, limit };
}

/** A page row as a view; the origin case joined into it goes to `related`. */
function pageView(row: Record<string, unknown>, origin: boolean, related: CaseRelations): CaseView {
  // The case's own columns are named by property; the origin's carry a prefix.
  const view = caseView(row as CaseSource);
  if (origin && view.adaptedFromId) {
    const columns: Record<string, unknown> = {};
    for (const k in row) if (k.startsWith(ORIGIN)) columns[k.slice(ORIGIN.length)] = row[k];
    related.cases.remember(view.adaptedFromId, columns.id ? caseView(columns as CaseSource) : null);
  }
  return view;
}

/** The partners of all the page's cases in one statement, remembered per case (none is remembered too). */
async function rememberPartners(em: EntityManager, rows: CaseView[], q: CasePageQuery, related: CaseRelations): Promise<void> {
  const organizationProps = organizationProperties(em, q.fields?.get('partners')?.get('organization'));
  const partners = new Map<string, PartnerRead[]>(rows.map((r) => [r.id, []]));
  for (const p of await partnersOfCases(em, rows.map((r) => r.id), organizationProps, true)) partners.get(p.caseId)!.push(p);
  for (const [caseId, list] of partners) related.partners.remember(caseId, list);
}

function pageConnection(rows: CaseView[], q: CasePageQuery, backwards: boolean, more: boolean, totalCount: number): ConnectionResult<CaseView> {
  const cursorOf = (c: CaseView) => Cursor.encode([c[q.key], c.id]);
  return {
    // Cursors are encoded only when the selection reads them.
    edges: rows.map((node) => ({
      node,
      get cursor() {
        return cursorOf(node);
      },
    })),
    pageInfo: {
      hasNextPage: backwards ? !!q.page.before : more,
      hasPreviousPage: backwards ? more : !!q.page.after,
      get startCursor() {
        return rows.length ? cursorOf(rows[0]) : null;
      },
      get endCursor() {
        return rows.length ? cursorOf(rows[rows.length - 1]) : null;
      },
    },
    totalCount,
  };
}

/** Views of the cases `where` picks (a condition on `c` with one `?`), in `order`: complete, or with `properties` only. */
async function casesWhere(em: EntityManager, where: string, param: unknown, order = 'c.id', properties?: readonly CaseProperty[]): Promise<CaseView[]> {
  // Prepared: one text per caller and set of properties, whatever the keys.
  const rows = await queryRows(em, `select ${caseSelect('c', properties)} from practice_case c where ${where} order by ${order}`, [param], { prepare: true });
  return rows.map((row) => caseView(row as CaseSource));
}

/**
 * Cases by id, whatever their status (the caller applies visibility). With
 * `properties` (see propertiesFor), partial views for one request's selection, which
 * must not go into a loader's cache.
 */
export function casesById(em: EntityManager, ids: readonly string[], properties?: readonly CaseProperty[]): Promise<CaseView[]> {
  return casesWhere(em, 'c.id = any(?::uuid[])', pgArray(ids), 'c.id', properties);
}

/** Cases by slug, whatever their status. */
export function casesBySlug(em: EntityManager, slugs: readonly string[]): Promise<CaseView[]> {
  return casesWhere(em, 'c.slug = any(?::text[])', pgArray(slugs));
}

/** The cases adapted from each of `ids`, oldest first, whatever their status. */
export function casesAdaptedFrom(em: EntityManager, ids: readonly string[]): Promise<CaseView[]> {
  return casesWhere(em, 'c.adapted_from_id = any(?::uuid[])', pgArray(ids), 'c.created_at, c.id');
}

export interface PartnerRead {
  caseId: string;
  organization: Organization;
  role: string;
}

/**
 * The partners of each case with their organization (all its columns, or those of
 * `organization`), in the case's order: one joined query, prepared if asked.
 */
export async function partnersOfCases(em: EntityManager, caseIds: readonly string[], organization?: ReadonlySet<string>, prepare = false): Promise<PartnerRead[]> {
  const rows = await queryRows(
    em,
    `select p.practice_case_id as "__case", p.role as "__role", ${columnList(em, Organization, 'o', organization)}
     from practice_case_partner p join organization o on o.id = p.organization_id
     where p.practice_case_id = any(?::uuid[])
     order by p.practice_case_id, p.position`,
    [pgArray(caseIds)],
    { prepare },
  );
  return rows.map((row) => ({ caseId: row.__case as string, role: row.__role as string, organization: viewOfRow(em, Organization, row) }));
}
