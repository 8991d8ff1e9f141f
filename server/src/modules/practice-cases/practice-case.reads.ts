// The read side of practice cases in hand-written SQL: the page of a case list and the
// batched loads a page's fields need. They answer with read-only views
// (core/db/read-only.ts), never managed entities; writes keep using the ORM.
//
// Why not the ORM here: building each query through MikroORM's QueryBuilder and
// hydrating entities cost several times the query itself, and the list is the most-read
// path of the API (docs/benchmarks.md, benchmark 3). A page is one keyset statement with
// the same cursors as MikroORM's findByCursor, carrying the relations its selection
// reads; the count runs only when asked for.
import { Cursor, type EntityManager } from '@mikro-orm/core';
import { columnList, pgArray, queryReadOnly, queryRows, viewOfRow } from '../../core/db/read-only';
import { decodeCursor, type ConnectionResult, type CursorValueType, type PageSpec, type Selection } from '../../core/relay/connection';
import { Organization } from '../organizations/organization.entity';
import { PracticeCase } from './practice-case.entity';

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

/** What a page fetched for its nodes' relations, by case id (see `casePage`). */
export interface CaseRelations {
  partners: Map<string, PartnerRead[]>;
  /** Origin cases by their id; null when the origin no longer exists. */
  cases: Map<string, PracticeCase | null>;
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

/** Fields of the PracticeCase type that read other properties than their own name, or none. */
const CASE_FIELD_PROPERTIES: Record<string, readonly string[]> = {
  id: ['id'],
  themes: ['themeSlugs'],
  participatingMunicipalities: ['participantCodes'],
  partners: [],
  adaptations: [],
  revisions: [],
  studyVisits: [],
  hostingOffer: [],
  __typename: [],
};

/** The same for the Organization type: its cases are found by slug. */
const ORGANIZATION_FIELD_PROPERTIES: Record<string, readonly string[]> = { id: ['id'], practiceCases: [], __typename: [] };

/**
 * The properties a read must load for the selected fields: `always` (what visibility,
 * cursors and the resolvers of related objects use), then each field's own. A field
 * the table does not know and that is not a property (a resolver added later) loads all.
 */
function propertiesFor(em: EntityManager, entity: { name: string }, table: Record<string, readonly string[]>, always: string[], fields: Selection | undefined): Set<string> | undefined {
  if (!fields) return undefined;
  const props = em.getMetadata().get(entity.name).properties as Record<string, unknown>;
  const out = new Set(always);
  for (const field of fields.keys()) {
    const mapped = table[field] ?? (field in props ? [field] : undefined);
    if (!mapped) return undefined;
    for (const p of mapped) out.add(p);
  }
  return out;
}

const CASE_ALWAYS = ['id', 'status', 'municipality', 'participantCodes'];

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
export async function casePage(em: EntityManager, q: CasePageQuery, related: CaseRelations): Promise<ConnectionResult<PracticeCase>> {
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

  // The relations the selection reads come with the page: the origin case by a join in
  // the same statement, the partners of all its cases in a second one. (One JSON array
  // of partners per row made PostgreSQL aggregate once per row, which cost more.)
  const withOrigin = !q.fields || q.fields.has('adaptedFrom');
  const withPartners = !q.fields || q.fields.has('partners');
  const select = [columnList(em, PracticeCase, 'c', propertiesFor(em, PracticeCase, CASE_FIELD_PROPERTIES, [...CASE_ALWAYS, q.key], q.fields))];
  if (withOrigin) select.push(columnList(em, PracticeCase, 'a', propertiesFor(em, PracticeCase, CASE_FIELD_PROPERTIES, CASE_ALWAYS, q.fields?.get('adaptedFrom')), ORIGIN));
  const organizationProps = withPartners ? propertiesFor(em, Organization, ORGANIZATION_FIELD_PROPERTIES, ['id', 'slug'], q.fields?.get('partners')?.get('organization')) : undefined;
  const pageSql = `select ${select.join(', ')}
    from practice_case c ${withOrigin ? 'left join practice_case a on a.id = c.adapted_from_id' : ''}
    ${conditions.where}
    order by ${column} ${direction}, c.id ${direction}
    limit ?`;
  const [raw, count] = await Promise.all([
    // Prepared: the text varies only with the selection, the filters used and the order.
    queryRows(em, pageSql, [...conditions.params, limit + 1], { prepare: true }),
    q.includeCount ? queryRows(em, `select count(*)::int as n from practice_case c ${q.conditions.where}`, q.conditions.params) : Promise.resolve(null),
  ]);
  const rows = raw.map((row) => {
    // The view reads the case's own columns; the origin's are prefixed.
    const view = viewOfRow(em, PracticeCase, row);
    if (withOrigin && view.adaptedFrom) {
      const origin: Record<string, unknown> = {};
      for (const k in row) if (k.startsWith(ORIGIN)) origin[k.slice(ORIGIN.length)] = row[k];
      related.cases.set(view.adaptedFrom.id, origin.id ? viewOfRow(em, PracticeCase, origin) : null);
    }
    return view;
  });
  const more = rows.length > limit;
  if (more) rows.pop();
  if (backwards) rows.reverse();
  if (withPartners && rows.length) {
    for (const r of rows) related.partners.set(r.id, []);
    for (const p of await partnersOfCases(em, rows.map((r) => r.id), organizationProps, true)) related.partners.get(p.caseId)!.push(p);
  }
  const cursorOf = (c: PracticeCase) => Cursor.encode([c[q.key], c.id]);
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
    totalCount: count ? Number(count[0].n) : -1,
  };
}

/** Cases by id, whatever their status (the caller applies visibility). */
export function casesById(em: EntityManager, ids: readonly string[]): Promise<PracticeCase[]> {
  return queryReadOnly(em, PracticeCase, `select ${columnList(em, PracticeCase, 'c')} from practice_case c where c.id = any(?::uuid[])`, [pgArray(ids)]);
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
