// A workflow step (submit, publish, return, archive) in two statements: one read of the
// case with what a publication snapshots, and one write that changes the case under its
// version and adds the revision, the review-history row and the outbox row with it. A
// single statement is atomic, so the step needs no transaction of its own (two round
// trips less); a concurrent write between the read and the write moves the version on,
// and the write then changes nothing.
//
// Why not the unit of work: a publish through the ORM took ten statements (begin, the
// case, the whole last revision only for its number, the partners, one insert per table,
// the update, commit), each a round trip built by MikroORM and knex, and the write
// throughput was a quarter of a hand-written transaction's (docs/benchmarks.md,
// benchmark 6). The rows are the same as the ORM wrote: the same content mapper, ids,
// timestamps and columns. The outbox row wakes the indexers through the NOTIFY trigger
// on search_outbox, in this process as in any other.
import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UserErrorCode, UserErrors, userError } from '../../core/errors';
import { queryRows } from '../../core/db/read-only';
import { caseContent, type CaseContent, type CasePartnerContent } from './practice-case.content';
import type { CaseStatus } from './practice-case.enums';
import { reviewValues } from './practice-case.review';
import type { CaseAction } from './practice-case.rules';
import { caseSelect, caseView, type CaseSource, type CaseView } from './practice-case.view';
import type { Viewer } from '../../core/context';

/** A case as a transition reads it; for a publish also its partners and last revision number. */
export interface CaseForTransition {
  view: CaseView;
  partners: CasePartnerContent[];
  lastRevision: number;
}

const PUBLISH_BASIS = `,
  (select coalesce(max(r.number), 0)::int from practice_case_revision r where r.practice_case_id = c.id) as "__lastRevision",
  (select coalesce(json_agg(json_build_object('organization', o.slug, 'role', p.role) order by p.position), '[]'::json)
     from practice_case_partner p join organization o on o.id = p.organization_id where p.practice_case_id = c.id) as "__partners"`;

/** The case by its key, with what a publication snapshots when `publishing`; null when there is none. */
export async function loadForTransition(em: EntityManager, key: string, publishing: boolean): Promise<CaseForTransition | null> {
  const [row] = await queryRows(em, `select ${caseSelect('c')}${publishing ? PUBLISH_BASIS : ''} from practice_case c where c.id = ?`, [key], { prepare: true });
  if (!row) return null;
  return { view: caseView(row as CaseSource), partners: (row.__partners as CasePartnerContent[] | undefined) ?? [], lastRevision: (row.__lastRevision as number | undefined) ?? 0 };
}

/** The content a publication stores as the case's next revision (the mapper the ORM path used). */
export function publishedContent(c: CaseForTransition): CaseContent {
  const v = c.view as Required<CaseView>;
  return caseContent({ ...v, municipality: { code: v.municipalityCode }, adaptedFrom: v.adaptedFromId ? { id: v.adaptedFromId } : null }, c.partners);
}

/** What a transition writes besides the status: set by the service, which owns the rules. */
export interface TransitionChange {
  action: CaseAction;
  status: CaseStatus;
  updatedAt: Date;
  /** A publication: its time, the confirmation it counts as, and the revision it records. */
  publication?: { at: Date; lastConfirmedAt: Date; revision: { number: number; content: CaseContent; publishedBy: string | null } };
  /** Whether the search document changes (an outbox row). */
  reindex: boolean;
  note: string | null | undefined;
  viewer: Viewer;
}

/**
 * Applies a transition to the case at `expectedVersion` in one statement; the case as
 * written. A concurrent write that moved the version on is VERSION_CONFLICT, and then
 * nothing of this statement is written.
 */
export async function writeTransition(em: EntityManager, id: string, expectedVersion: number, change: TransitionChange, conflict: string): Promise<CaseView> {
  const sets = ['status = ?::case_status', 'updated_at = ?', 'version = version + 1'];
  const params: unknown[] = [change.status, change.updatedAt];
  const pub = change.publication;
  if (pub) {
    sets.push('published_at = ?', 'last_confirmed_at = ?');
    params.push(pub.at, pub.lastConfirmedAt);
  }
  params.push(id, expectedVersion);
  const also: string[] = [];
  if (pub) {
    also.push(`insert into "practice_case_revision" ("id", "practice_case_id", "number", "content", "published_by", "published_at") select ?, "id", ?, ?::jsonb, ?, ? from changed`);
    params.push(randomUUID(), pub.revision.number, JSON.stringify(pub.revision.content), pub.revision.publishedBy, pub.at);
  }
  const review = reviewValues(change.action, change.note, change.viewer);
  also.push(`insert into "practice_case_review" ("id", "practice_case_id", "action", "note", "actor_id", "actor_name", "at") select ?, "id", ?::case_review_action, ?, ?, ?, ? from changed`);
  params.push(review.id, review.action, review.note, review.actorId, review.actorName, review.at);
  if (change.reindex) {
    const now = new Date();
    also.push(`insert into "search_outbox" ("entity_type", "entity_id", "created_at", "available_at", "attempts") select 'PracticeCase', "id", ?, ?, 0 from changed`);
    params.push(now, now);
  }
  const sql = `with changed as (update practice_case c set ${sets.join(', ')} where c.id = ? and c.version = ? returning ${caseSelect('c')})
    ${also.map((s, i) => `, w${i} as (${s})`).join('\n    ')}
    select * from changed`;
  // Prepared: one text per kind of step.
  const [row] = await queryRows(em, sql, params, { prepare: true });
  if (!row) throw new UserErrors([userError('expectedVersion', UserErrorCode.VERSION_CONFLICT, conflict)]);
  return caseView(row as CaseSource);
}
