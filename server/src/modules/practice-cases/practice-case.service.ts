// Practice cases: who may see and change them, validation, the publishing workflow
// with revisions, and the outbox rows that keep search in step.
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context, Viewer } from '../../core/context';
import { UserErrorCode, UserErrors, apiError, badInput, userError, type UserError } from '../../core/errors';
import { runMutation } from '../../core/mutation';
import { decodeId, isUuid, toGlobalId } from '../../core/relay/global-id';
import { nodeSelection, pageSpec, wantsTotalCount, type ConnectionResult } from '../../core/relay/connection';
import { pgArray } from '../../core/db/read-only';
import { enqueueIndexUpdate } from '../../core/search/outbox';
import { SLUG } from '../../core/validation';
import { Municipality } from '../geo/municipality.entity';
import { COUNTY_CODE, MUNICIPALITY_CODE } from '../geo/geo.service';
import { LIMITS, applyCaseInput } from './practice-case.input';
import { caseContent, partnerContent, type CaseContent } from './practice-case.content';
import { CaseStatus } from './practice-case.enums';
import { canConfirm, canCreateFor, canEdit, canRead, canReadContacts, canSeeActors, canTransition, unpublishedVisibleFor, writeRefusal, type CaseAccess } from './practice-case.policy';
import { hasEnded, type CaseFreshness } from './practice-case.freshness';
import { PracticeCase, PracticeCasePartner } from './practice-case.entity';
import { CaseConditions, caseCursorTypes, casePage } from './practice-case.reads';
import { caseView, type CaseView } from './practice-case.view';
import { loadForTransition, publishedContent, writeTransition, type TransitionChange } from './practice-case.transition';
import { caseReferencesOf, changedFields, nextStatus, redactContent, type CaseAction } from './practice-case.rules';
import {
  IMPORT_MAX_ROWS,
  ImportAction,
  type ImportPracticeCaseRow,
  type ImportPracticeCasesInput,
  type ImportPracticeCasesPayload,
  OrderDirection,
  PracticeCaseOrderField,
  type ConfirmPracticeCaseInput,
  type CreatePracticeCaseInput,
  type EndPracticeCaseInput,
  type PracticeCaseFilter,
  type PracticeCaseOrder,
  type PracticeCasePayload,
  type PracticeCaseTransitionInput,
  type UpdatePracticeCaseInput,
} from './practice-case.types';


/** A revision as one viewer reads it (PracticeCaseRevision in the schema). */
export interface CaseRevisionRead {
  id: string;
  number: number;
  publishedAt: Date;
  publishedBy: string | null;
  content: string;
  changedFields: string[];
}

type PageInput = { first?: number | null; after?: string | null; last?: number | null; before?: string | null };

/** What a case write that lost its optimistic-lock race tells the caller. */
const CASE_CONFLICT = 'The case was changed by someone else; reload it and try again';

/** What loadForWrite checks the viewer may do: edit (no action), a workflow step, or answer "still running?". */
type WriteKind = CaseAction | 'confirm';

export class PracticeCaseService {
  constructor(readonly freshness: CaseFreshness) {}

  /**
   * The revisions of a case the viewer can see, oldest first, as this viewer may read
   * them: a case the content refers to by its global id only when the viewer can see
   * that case now, contacts and the publisher only for those who may read them. What
   * changed is compared between the redacted contents, so a hidden change shows nowhere.
   */
  async revisions(ctx: Context, c: CaseView): Promise<CaseRevisionRead[]> {
    const revisions = await ctx.loaders.revisionsOfCase.load(c.id);
    const referenced = [...new Set(revisions.flatMap((r) => caseReferencesOf(r.content)))].filter(isUuid);
    const visible = new Set<string>();
    for (const found of await ctx.loaders.practiceCase.loadMany(referenced)) {
      if (found && !(found instanceof Error) && canRead(ctx.viewer, found)) visible.add(found.id);
    }
    const may = { contacts: canReadContacts(ctx.viewer, c), showCase: (key: string) => (visible.has(key) ? toGlobalId('PracticeCase', key) : null) };
    const publisher = canSeeActors(ctx.viewer, c);
    const contents = revisions.map((r) => redactContent(r.content, may));
    return revisions.map((r, i) => ({
      id: toGlobalId('PracticeCaseRevision', r.id),
      number: r.number,
      publishedAt: r.publishedAt,
      publishedBy: publisher ? (r.publishedBy ?? null) : null,
      content: JSON.stringify(contents[i]),
      changedFields: changedFields(i > 0 ? contents[i - 1] : null, contents[i]),
    }));
  }

  /** `byId` without a promise when a list page already fetched the case; undefined when it did not. */
  prefetchedById(ctx: Context, id: string): CaseView | null | undefined {
    const found = ctx.loaders.practiceCase.fetched(id);
    return found === undefined ? undefined : found && canRead(ctx.viewer, found) ? found : null;
  }

  async byId(ctx: Context, id: string): Promise<CaseView | null> {
    const found = await ctx.loaders.practiceCase.load(id);
    return found && canRead(ctx.viewer, found) ? found : null;
  }

  async get(ctx: Context, args: { id?: string | null; slug?: string | null }): Promise<CaseView | null> {
    if (!!args.id === !!args.slug) throw badInput('id', 'give exactly one of id or slug');
    if (args.id) {
      const key = decodeId(args.id, 'PracticeCase');
      return key ? this.byId(ctx, key) : null;
    }
    if (args.slug!.length > 120) return null;
    const found = await ctx.loaders.practiceCaseBySlug.load(args.slug!);
    return found && canRead(ctx.viewer, found) ? found : null;
  }

  /** Which cases a viewer may see, as SQL on `practice_case c`: published ones, plus those of their own municipality; staff see all. */
  visibleSql(viewer: Viewer, into: CaseConditions): CaseConditions {
    const own = unpublishedVisibleFor(viewer);
    if (own === 'all') return into;
    if (own) return into.add(`c.status = 'PUBLISHED' or c.municipality_code = ? or c.participant_codes && ?::text[]`, own, pgArray([own]));
    return into.add(`c.status = 'PUBLISHED'`);
  }

  async list(ctx: Context, filter: PracticeCaseFilter | null | undefined, orderBy: PracticeCaseOrder | null | undefined, page: PageInput, info?: GraphQLResolveInfo): Promise<ConnectionResult<CaseView>> {
    const where = this.visibleSql(ctx.viewer, new CaseConditions());
    if (filter?.statuses?.length) where.add('c.status = any(?::case_status[])', pgArray(filter.statuses));
    if (filter?.municipalities?.length) {
      if (filter.municipalities.length > 290 || !filter.municipalities.every((c) => MUNICIPALITY_CODE.test(c))) throw badInput('filter.municipalities', 'municipality codes are four digits');
      const codes = pgArray(filter.municipalities);
      where.add('c.municipality_code = any(?::text[]) or c.participant_codes && ?::text[]', codes, codes);
    }
    if (filter?.counties?.length) {
      if (filter.counties.length > 21 || !filter.counties.every((c) => COUNTY_CODE.test(c))) throw badInput('filter.counties', 'county codes are two digits');
      where.add('c.municipality_code in (select m.code from municipality m where m.county_code = any(?::text[]))', pgArray(filter.counties));
    }
    if (filter?.themes?.length) {
      if (filter.themes.length > 50) throw badInput('filter.themes', 'at most 50 themes');
      const { slugs, unknown } = await ctx.services.themes.expand(ctx, filter.themes);
      if (unknown.length) throw badInput('filter.themes', `unknown theme ${unknown.slice(0, 3).join(', ')}`);
      where.add('c.theme_slugs && ?::text[]', pgArray(slugs));
    }
    if (filter?.kinds?.length) where.add('c.kind = any(?::practice_kind[])', pgArray(filter.kinds));
    if (filter?.targetGroups?.length) where.add('c.target_groups && ?::target_group[]', pgArray(filter.targetGroups));
    if (filter?.organizations?.length) {
      if (filter.organizations.length > 50) throw badInput('filter.organizations', 'at most 50 organizations');
      where.add(
        'exists (select 1 from practice_case_partner p join organization o on o.id = p.organization_id where p.practice_case_id = c.id and o.slug = any(?::text[]))',
        pgArray(filter.organizations),
      );
    }
    if (filter?.updatedSince) where.add('c.updated_at >= ?', filter.updatedSince);
    if (filter?.confirmationDue != null) {
      const due = this.freshness.dueSql();
      where.add(filter.confirmationDue ? due.sql : `(${due.sql}) is not true`, ...due.params);
    }

    const direction = orderBy?.direction === OrderDirection.ASC ? 'asc' : 'desc';
    const field = orderBy?.field ?? PracticeCaseOrderField.UPDATED_AT;
    const key = field === PracticeCaseOrderField.TITLE ? 'title' : field === PracticeCaseOrderField.PUBLISHED_AT ? 'publishedAt' : 'updatedAt';
    if (key === 'publishedAt') where.add('c.published_at is not null');
    const fields = info ? nodeSelection(info) : undefined;
    return casePage(ctx.em, { conditions: where, key, direction, page: pageSpec(page, caseCursorTypes(key)), includeCount: wantsTotalCount(info), fields }, { cases: ctx.loaders.practiceCase, partners: ctx.loaders.partnersOfCase });
  }

  async create(ctx: Context, input: CreatePracticeCaseInput): Promise<PracticeCasePayload> {
    this.requireWriter(ctx.viewer);
    // An unknown code is a user error (reported by apply); a known one must be the writer's own.
    const known = MUNICIPALITY_CODE.test(input.municipality) && (await ctx.loaders.municipality.load(input.municipality));
    if (known && !canCreateFor(ctx.viewer, input.municipality)) {
      throw apiError('FORBIDDEN', 'You can only create cases for your own municipality');
    }
    return retryingSlugRace(() =>
      this.write(ctx, 'createPracticeCase', async (em) => {
        const draft = em.create(PracticeCase, {
          slug: 'pending',
          title: '',
          summary: '',
          body: '',
          language: input.language ?? ('SV' as PracticeCase['language']),
          kind: input.kind,
          municipality: em.getReference(Municipality, input.municipality),
          createdBy: ctx.viewer.actorId,
        });
        await applyCaseInput(ctx, em, draft, input, true);
        return draft;
      }),
    );
  }

  async update(ctx: Context, input: UpdatePracticeCaseInput): Promise<PracticeCasePayload> {
    this.requireWriter(ctx.viewer);
    return retryingSlugRace(() => this.write(ctx, 'updatePracticeCase', async (em) => {
      const existing = await this.loadForWrite(ctx, em, input.id, input.expectedVersion);
      if (existing.status === CaseStatus.ARCHIVED) {
        throw new UserErrors([userError('id', UserErrorCode.INVALID_TRANSITION, 'An archived case cannot be edited')]);
      }
      await applyCaseInput(ctx, em, existing, input, false);
      if (input.confirmStillRunning) existing.lastConfirmedAt = this.freshness.clock.now();
      existing.updatedAt = new Date();
      if (existing.status === CaseStatus.PUBLISHED) enqueueIndexUpdate(em, 'PracticeCase', [existing.id]);
      return existing;
    }));
  }

  /**
   * A workflow step in two statements (practice-case.transition.ts): a read, then one
   * write that is atomic by itself, so no transaction around them (the write rechecks
   * the version the read checked). The rules and checks are those of any write, the
   * rows those the unit of work wrote.
   */
  async transition(ctx: Context, action: CaseAction, input: PracticeCaseTransitionInput): Promise<PracticeCasePayload> {
    this.requireWriter(ctx.viewer);
    return this.write(ctx, `${action}PracticeCase`, async (em) => {
      const key = decodeId(input.id, 'PracticeCase');
      const loaded = key ? await loadForTransition(em, key, action === 'publish') : null;
      const c = this.checkWritable(ctx, loaded?.view ?? null, input.expectedVersion, action);
      const to = nextStatus(c.status, action);
      if (!to) {
        throw new UserErrors([userError('id', UserErrorCode.INVALID_TRANSITION, `Cannot ${action} a case that is ${c.status}`)]);
      }
      if (input.note && input.note.length > LIMITS.note) {
        throw new UserErrors([userError('note', UserErrorCode.TOO_LONG, `note must be at most ${LIMITS.note} characters`)]);
      }
      const now = new Date();
      const change: TransitionChange = { action, status: to, updatedAt: now, reindex: action === 'publish' || action === 'archive', note: input.note, viewer: ctx.viewer };
      if (action === 'publish') {
        const revision = { number: loaded!.lastRevision + 1, content: publishedContent(loaded!), publishedBy: ctx.viewer.actorId };
        // A reviewed publication vouches for the case as it stands: "still running?" starts over.
        change.publication = { at: now, lastConfirmedAt: this.freshness.clock.now(), revision };
      }
      return writeTransition(em, c.id, input.expectedVersion, change, CASE_CONFLICT);
    }, true);
  }

  /** "Still running": the owners vouch for a published case as it stands, which makes it fresh again. */
  async confirm(ctx: Context, input: ConfirmPracticeCaseInput): Promise<PracticeCasePayload> {
    this.requireWriter(ctx.viewer);
    return this.write(ctx, 'confirmPracticeCase', async (em) => {
      const c = await this.loadForWrite(ctx, em, input.id, input.expectedVersion, 'confirm');
      const today = this.freshness.at().today;
      if (c.status !== CaseStatus.PUBLISHED) throw new UserErrors([userError('id', UserErrorCode.INVALID_TRANSITION, `Only published cases are confirmed; this one is ${c.status}`)]);
      if (hasEnded(c, today)) throw new UserErrors([userError('id', UserErrorCode.INVALID_TRANSITION, `The practice ended on ${c.endedOn}; clear endedOn with updatePracticeCase if it runs again`)]);
      c.lastConfirmedAt = this.freshness.clock.now();
      enqueueIndexUpdate(em, 'PracticeCase', [c.id]);
      return c;
    });
  }

  /**
   * "Ended on …": the practice has stopped. The case stays published — what was learnt is
   * still worth finding — with its period closed, so it is no longer due; the answer
   * counts as a confirmation too. A planned end date in the future is an ordinary edit.
   */
  async end(ctx: Context, input: EndPracticeCaseInput): Promise<PracticeCasePayload> {
    this.requireWriter(ctx.viewer);
    return this.write(ctx, 'endPracticeCase', async (em) => {
      const c = await this.loadForWrite(ctx, em, input.id, input.expectedVersion, 'confirm');
      if (c.status !== CaseStatus.PUBLISHED) throw new UserErrors([userError('id', UserErrorCode.INVALID_TRANSITION, `Only published cases are ended this way; this one is ${c.status}`)]);
      const today = this.freshness.at().today;
      if (input.endedOn > today) throw new UserErrors([userError('endedOn', UserErrorCode.OUT_OF_RANGE, `endedOn is after today (${today}); set a planned end with updatePracticeCase`)]);
      // The same checks as an edit of the period (a real date, not before startedOn).
      await applyCaseInput(ctx, em, c, { id: input.id, expectedVersion: input.expectedVersion, endedOn: input.endedOn }, false);
      c.lastConfirmedAt = this.freshness.clock.now();
      enqueueIndexUpdate(em, 'PracticeCase', [c.id]);
      return c;
    });
  }

  /**
   * Creates or updates every row (matched by slug) in one transaction, or nothing: each
   * row runs in its own savepoint so all rows are checked and every problem reported,
   * and any problem (or a dry run) rolls the whole transaction back.
   */
  async importCases(ctx: Context, input: ImportPracticeCasesInput, dryRun: boolean): Promise<ImportPracticeCasesPayload> {
    this.requireWriter(ctx.viewer);
    const rows = input.cases;
    if (rows.length < 1 || rows.length > IMPORT_MAX_ROWS) throw badInput('input.cases', `give 1–${IMPORT_MAX_ROWS} cases per call`);
    return runMutation(ctx, {
      name: 'importPracticeCases',
      work: async (em) => {
        const userErrors = duplicateSlugErrors(rows);
        const outcomes: ImportedRow[] = [];
        for (const [index, row] of rows.entries()) {
          if (userErrors.some((e) => e.field[2] === String(index))) continue;
          const outcome = await this.importRowInSavepoint(ctx, em, row);
          if (Array.isArray(outcome)) userErrors.push(...outcome.map((e) => ({ ...e, field: ['input', 'cases', String(index), ...e.field.slice(1)] })));
          else outcomes.push({ ...outcome, index, slug: row.slug });
        }
        return { userErrors, outcomes };
      },
      commit: ({ userErrors }) => !dryRun && userErrors.length === 0,
      payload: ({ userErrors, outcomes }) => this.importPayload(ctx, userErrors, outcomes, !dryRun && userErrors.length === 0),
      nothing: { written: false, results: [] },
    });
  }

  /** What an import did (or, rolled back, would have done), with the written cases read afresh. */
  private async importPayload(ctx: Context, userErrors: UserError[], outcomes: ImportedRow[], written: boolean): Promise<ImportPracticeCasesPayload> {
    ctx.em.clear();
    const ids = written ? outcomes.map((o) => o.id) : [];
    for (const id of ids) ctx.loaders.practiceCase.clear(id);
    const saved = await ctx.loaders.practiceCase.loadMany(ids);
    return {
      written,
      userErrors: userErrors.sort((a, b) => Number(a.field[2]) - Number(b.field[2])),
      results: outcomes.map(({ id: _id, ...o }, i) => ({ ...o, practiceCase: written ? (saved[i] as CaseView) : null })),
    };
  }

  /** One row in a savepoint: the row's outcome, or its problems (and the savepoint rolled back). */
  private async importRowInSavepoint(ctx: Context, em: EntityManager, row: ImportPracticeCaseRow): Promise<Omit<ImportedRow, 'index' | 'slug'> | UserError[]> {
    try {
      return await em.transactional((rowEm) => this.importRow(ctx, rowEm, row));
    } catch (err) {
      if (err instanceof Unchanged) return { id: err.id, action: ImportAction.UNCHANGED, changedFields: [] };
      if (err instanceof UserErrors) return err.errors;
      // Another writer took the slug after this row looked for it.
      if (err instanceof UniqueConstraintViolationException && /slug/.test(err.message)) return [userError('slug', UserErrorCode.DUPLICATE, `The slug "${row.slug}" is taken`)];
      throw err;
    }
  }

  private async importRow(ctx: Context, em: EntityManager, row: ImportPracticeCaseRow): Promise<Omit<ImportedRow, 'index' | 'slug'>> {
    const refuse = (field: string, code: UserErrorCode, message: string) => new UserErrors([userError(field, code, message)]);
    // Locked so that an edit between this read and the write cannot be lost.
    const existing = SLUG.test(row.slug) ? await em.findOne(PracticeCase, { slug: row.slug }, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
    if (!existing) {
      const known = MUNICIPALITY_CODE.test(row.municipality) && (await ctx.loaders.municipality.load(row.municipality));
      if (known && !canCreateFor(ctx.viewer, row.municipality)) {
        throw refuse('municipality', UserErrorCode.FORBIDDEN, `You can only create cases for your own municipality, not ${row.municipality}`);
      }
      const draft = em.create(PracticeCase, {
        slug: row.slug, title: '', summary: '', body: '', kind: row.kind,
        language: row.language ?? ('SV' as PracticeCase['language']),
        municipality: em.getReference(Municipality, row.municipality),
        createdBy: ctx.viewer.actorId,
      });
      await applyCaseInput(ctx, em, draft, row, true);
      await em.flush();
      const content: Record<string, unknown> = await this.snapshot(em, draft);
      const given = changedFields(null, content).filter((key) => !(Array.isArray(content[key]) && !(content[key] as unknown[]).length));
      return { id: draft.id, action: ImportAction.CREATED, changedFields: given };
    }
    // A case the viewer cannot see still holds its slug; say no more than that.
    if (!canRead(ctx.viewer, existing)) throw refuse('slug', UserErrorCode.DUPLICATE, `The slug "${row.slug}" is taken`);
    if (!canEdit(ctx.viewer, existing)) throw refuse('slug', UserErrorCode.FORBIDDEN, 'You can only change cases of your own municipality');
    if (existing.municipality.code !== row.municipality) throw refuse('municipality', UserErrorCode.INVALID, `The case belongs to ${existing.municipality.code}; the owner cannot change`);
    if (existing.status === CaseStatus.ARCHIVED) throw refuse('slug', UserErrorCode.INVALID_TRANSITION, 'An archived case cannot be edited');
    const before = await this.snapshot(em, existing);
    await applyCaseInput(ctx, em, existing, row, false);
    existing.updatedAt = new Date();
    if (existing.status === CaseStatus.PUBLISHED) enqueueIndexUpdate(em, 'PracticeCase', [existing.id]);
    await em.flush();
    const changed = changedFields(before, await this.snapshot(em, existing));
    // Rolling the savepoint back leaves an unchanged case exactly as it was: same version, same updatedAt.
    if (!changed.length) throw new Unchanged(existing.id);
    return { id: existing.id, action: ImportAction.UPDATED, changedFields: changed };
  }

  /** The full content of a case as stored in a revision (caseContent, with its partners loaded). */
  async snapshot(em: EntityManager, c: PracticeCase): Promise<CaseContent> {
    const partners = await em.find(PracticeCasePartner, { practiceCase: c.id }, { populate: ['organization'], orderBy: { position: 'asc' } });
    return caseContent(c, partners.map(partnerContent));
  }

  private requireWriter(viewer: Viewer): void {
    const refusal = writeRefusal(viewer);
    if (refusal) throw apiError(viewer.kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN', refusal);
  }

  private async loadForWrite(ctx: Context, em: EntityManager, id: string, expectedVersion: number, action?: WriteKind): Promise<PracticeCase> {
    const key = decodeId(id, 'PracticeCase');
    return this.checkWritable(ctx, key ? await em.findOne(PracticeCase, { id: key }) : null, expectedVersion, action);
  }

  /** The case a write found, if the viewer may make this write to it at `expectedVersion`; a user error or FORBIDDEN otherwise. */
  private checkWritable<C extends CaseAccess & { version?: number }>(ctx: Context, found: C | null, expectedVersion: number, action?: WriteKind): C {
    if (!found || !canRead(ctx.viewer, found)) {
      throw new UserErrors([userError('id', UserErrorCode.NOT_FOUND, 'No such practice case')]);
    }
    if (!mayWrite(ctx.viewer, found, action)) {
      throw apiError('FORBIDDEN', action === 'publish' || action === 'return' ? 'Only reviewers publish or return cases' : 'You can only change cases of your own municipality');
    }
    if (found.version !== expectedVersion) {
      throw new UserErrors([userError('expectedVersion', UserErrorCode.VERSION_CONFLICT, `The case is at version ${found.version}, not ${expectedVersion}; reload it and try again`)]);
    }
    return found;
  }

  /**
   * Runs a case write through the mutation runner; the payload is read like any other
   * read of the case (one content mapper). A unique violation on the slug is a lost
   * slug race, which retryingSlugRace runs again.
   */
  private write(ctx: Context, name: string, work: (em: EntityManager) => Promise<PracticeCase | CaseView>, singleStatement = false): Promise<PracticeCasePayload> {
    return runMutation(ctx, {
      name,
      work,
      singleStatement,
      payload: (saved) => {
        const view = caseView(saved);
        ctx.loaders.practiceCase.clear(saved.id).prime(saved.id, view);
        return { practiceCase: view };
      },
      nothing: { practiceCase: null },
      conflict: CASE_CONFLICT,
      unique: (err) => {
        if (!/slug/.test(err.message)) return null;
        const lost = userError('slug', UserErrorCode.DUPLICATE, 'That slug is taken');
        slugRaces.add(lost);
        return [lost];
      },
    });
  }
}

function mayWrite(viewer: Viewer, c: CaseAccess, kind: WriteKind | undefined): boolean {
  if (kind === 'confirm') return canConfirm(viewer, c);
  return kind ? canTransition(viewer, kind, c) : canEdit(viewer, c);
}

interface ImportedRow {
  index: number;
  slug: string;
  id: string;
  action: ImportAction;
  changedFields: string[];
}

/** Thrown inside a row's savepoint when the row would change nothing. */
class Unchanged extends Error {
  constructor(readonly id: string) {
    super('unchanged');
  }
}

/** Rows that repeat an earlier row's slug: they would otherwise update the case the earlier row just made. */
function duplicateSlugErrors(rows: ImportPracticeCaseRow[]): UserError[] {
  const first = new Map<string, number>();
  const errors: UserError[] = [];
  rows.forEach((row, index) => {
    const earlier = first.get(row.slug);
    if (earlier === undefined) first.set(row.slug, index);
    else errors.push(userError(['cases', String(index), 'slug'], UserErrorCode.DUPLICATE, `The slug "${row.slug}" is also used by row ${earlier}`));
  });
  return errors;
}

/** Payload errors of a write that lost a race for a slug to a concurrent insert (see retryingSlugRace). */
const slugRaces = new WeakSet<UserError>();

/**
 * A slug is free when it is chosen but not yet inserted, so two writes at the same
 * moment can pick the same one (bench/ hit this at 10 000 cases). The one that loses
 * the unique index runs again and gets the slug it would get now: the next free one, or
 * DUPLICATE for an explicit slug of a case the writer can see. A clash is never
 * reported for a slug the editor did not give or a case they cannot see.
 */
async function retryingSlugRace(write: () => Promise<PracticeCasePayload>): Promise<PracticeCasePayload> {
  for (let attempt = 1; ; attempt++) {
    const result = await write();
    if (attempt >= 10 || !result.userErrors.some((e) => slugRaces.has(e))) return result;
    // Racers that all retry at once would all pick the same next slug again.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 15 * attempt));
  }
}

export type { UserError };
