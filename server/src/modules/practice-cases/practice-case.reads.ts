// The read side of practice cases in hand-written SQL: the page of a case list and the
// batched loads a page's fields need. They answer with read-only views
// (core/db/read-only.ts), never managed entities; writes keep using the ORM.
//
// Why not the ORM here: building each query through MikroORM's QueryBuilder and mapping
// it cost several times the query itself, and the list is the most-read path of the API
// (docs/benchmarks.md, benchmark 3). The SQL is the same the ORM produced: one keyset
// query for the page with the same cursors, the count only when asked for.
import { Cursor, type EntityManager } from '@mikro-orm/core';
import { columnList, pgArray, queryReadOnly, queryRows, readOnlyView } from '../../core/db/read-only';
import { badInput } from '../../core/errors';
import type { ConnectionResult, PageSpec } from '../../core/relay/connection';
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

  get where(): string {
    return this.sql.length ? `where ${this.sql.map((s) => `(${s})`).join(' and ')}` : '';
  }
}

export type CaseOrderKey = 'updatedAt' | 'publishedAt' | 'title';

const ORDER_COLUMN: Record<CaseOrderKey, string> = { updatedAt: 'updated_at', publishedAt: 'published_at', title: 'title' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CasePageQuery {
  conditions: CaseConditions;
  key: CaseOrderKey;
  direction: 'asc' | 'desc';
  page: PageSpec;
  includeCount: boolean;
  /** The GraphQL fields the page's nodes are read for (all columns when unknown). */
  fields?: ReadonlySet<string>;
}

/** Fields of the PracticeCase type that read other properties than their own name, or none. */
const FIELD_PROPERTIES: Record<string, readonly string[]> = {
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

/**
 * The properties a page must load for the selected fields: always what visibility,
 * cursors and the resolvers of related objects use, then each field's own. A field this
 * table does not know and that is not a property (a resolver added later) loads all.
 */
function propertiesFor(em: EntityManager, fields: ReadonlySet<string> | undefined, key: CaseOrderKey): Set<string> | undefined {
  if (!fields) return undefined;
  const props = em.getMetadata().get(PracticeCase.name).properties as Record<string, unknown>;
  const out = new Set(['id', 'status', 'municipality', 'participantCodes', key]);
  for (const field of fields) {
    const mapped = FIELD_PROPERTIES[field] ?? (field in props ? [field] : undefined);
    if (!mapped) return undefined;
    for (const p of mapped) out.add(p);
  }
  return out;
}

/** A cursor's values for the keyset condition, checked against the order key's type. */
function cursorValues(arg: string, cursor: string, key: CaseOrderKey): [unknown, string] {
  const [value, id] = Cursor.decode(cursor) as [unknown, unknown];
  const valueOk = key === 'title' ? typeof value === 'string' : value instanceof Date;
  if (!valueOk || typeof id !== 'string' || !UUID.test(id)) throw badInput(arg, 'is not a valid cursor for this order');
  return [value, id];
}

/**
 * One page of cases, keyset-paginated on (key, id) like MikroORM's findByCursor: the
 * same cursor strings, one extra row fetched to know whether another page follows.
 */
export async function casePage(em: EntityManager, q: CasePageQuery): Promise<ConnectionResult<PracticeCase>> {
  const column = `c."${ORDER_COLUMN[q.key]}"`;
  const backwards = q.page.first === undefined && q.page.last !== undefined;
  const limit = (backwards ? q.page.last : q.page.first)!;
  const conditions = new CaseConditions();
  conditions.sql.push(...q.conditions.sql);
  conditions.params.push(...q.conditions.params);
  // "after" means further along the requested order, "before" the other way.
  const along = q.direction === 'desc' ? '<' : '>';
  const against = q.direction === 'desc' ? '>' : '<';
  if (q.page.after) conditions.add(`(${column}, c.id) ${along} (?, ?)`, ...cursorValues('after', q.page.after, q.key));
  if (q.page.before) conditions.add(`(${column}, c.id) ${against} (?, ?)`, ...cursorValues('before', q.page.before, q.key));
  const direction = backwards ? (q.direction === 'desc' ? 'asc' : 'desc') : q.direction;

  const pageSql = `select ${columnList(em, PracticeCase, 'c', propertiesFor(em, q.fields, q.key))}
    from practice_case c ${conditions.where}
    order by ${column} ${direction}, c.id ${direction}
    limit ${limit + 1}`;
  const [rows, count] = await Promise.all([
    queryReadOnly(em, PracticeCase, pageSql, conditions.params),
    q.includeCount ? queryRows(em, `select count(*)::int as n from practice_case c ${q.conditions.where}`, q.conditions.params) : Promise.resolve(null),
  ]);
  const more = rows.length > limit;
  if (more) rows.pop();
  if (backwards) rows.reverse();
  const cursorOf = (c: PracticeCase) => Cursor.encode([c[q.key], c.id]);
  return {
    // Encoded only when the selection reads it.
    edges: rows.map((node) => ({
      node,
      get cursor() {
        return cursorOf(node);
      },
    })),
    pageInfo: {
      hasNextPage: backwards ? !!q.page.before : more,
      hasPreviousPage: backwards ? more : !!q.page.after,
      startCursor: rows.length ? cursorOf(rows[0]) : null,
      endCursor: rows.length ? cursorOf(rows[rows.length - 1]) : null,
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

/** The partners of each case with their organization, in the case's order: one joined query. */
export async function partnersOfCases(em: EntityManager, caseIds: readonly string[]): Promise<PartnerRead[]> {
  const rows = await queryRows(
    em,
    `select p.practice_case_id as "__case", p.role as "__role", ${columnList(em, Organization, 'o')}
     from practice_case_partner p join organization o on o.id = p.organization_id
     where p.practice_case_id = any(?::uuid[])
     order by p.practice_case_id, p.position`,
    [pgArray(caseIds)],
  );
  const driver = em.getDriver();
  const meta = em.getMetadata().get(Organization.name);
  return rows.map((row) => ({
    caseId: row.__case as string,
    role: row.__role as string,
    organization: readOnlyView(em, Organization, driver.mapResult(row as never, meta as never) as never),
  }));
}
