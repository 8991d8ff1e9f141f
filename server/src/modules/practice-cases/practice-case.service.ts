// Practice cases: who may see and change them, validation, the publishing workflow
// with revisions, and the outbox rows that keep search in step.
import { LockMode, UniqueConstraintViolationException, ref } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context, Viewer } from '../../core/context';
import { UserErrorCode, UserErrors, apiError, badInput, userError, type UserError } from '../../core/errors';
import { runMutation } from '../../core/mutation';
import { decodeId, isUuid, toGlobalId } from '../../core/relay/global-id';
import { nodeSelection, pageSpec, wantsTotalCount, type ConnectionResult } from '../../core/relay/connection';
import { pgArray } from '../../core/db/read-only';
import { enqueueIndexUpdate } from '../../core/search/outbox';
import { isIsoDate, isIsoMonthOrDate } from '../../core/scalars';
import { Checker, PHONE, SLUG } from '../../core/validation';
import { Locality } from '../geo/locality.entity';
import { Municipality } from '../geo/municipality.entity';
import { COUNTY_CODE, MUNICIPALITY_CODE } from '../geo/geo.service';
import { Organization } from '../organizations/organization.entity';
import { caseContent, partnerContent, type CaseContent } from './practice-case.content';
import { CaseStatus } from './practice-case.enums';
import { canCreateFor, canEdit, canRead, canReadContacts, canSeeActors, canTransition, unpublishedVisibleFor, writeRefusal } from './practice-case.policy';
import { PracticeCase, PracticeCasePartner, PracticeCaseRevision } from './practice-case.entity';
import { CaseConditions, caseCursorTypes, casePage } from './practice-case.reads';
import { caseView, type CaseView } from './practice-case.view';
import { caseReferencesOf, changedFields, nextStatus, redactContent, slugify, type CaseAction } from './practice-case.rules';
import {
  IMPORT_MAX_ROWS,
  ImportAction,
  type ImportPracticeCaseRow,
  type ImportPracticeCasesInput,
  type ImportPracticeCasesPayload,
  OrderDirection,
  PracticeCaseOrderField,
  type CasePlace,
  type CreatePracticeCaseInput,
  type PracticeCaseFilter,
  type PracticeCaseOrder,
  type PracticeCasePayload,
  type PracticeCaseTransitionInput,
  type UpdatePracticeCaseInput,
} from './practice-case.types';

export const LIMITS = {
  title: 200,
  summary: 500,
  body: 50_000,
  themes: 5,
  participants: 50,
  partners: 30,
  places: 20,
  outcomes: 30,
  funding: 20,
  links: 30,
  contacts: 10,
  note: 2000,
} as const;

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

export class PracticeCaseService {
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
        await this.apply(ctx, em, draft, input, true);
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
      await this.apply(ctx, em, existing, input, false);
      if (input.confirmStillRunning) existing.lastConfirmedAt = new Date();
      existing.updatedAt = new Date();
      if (existing.status === CaseStatus.PUBLISHED) enqueueIndexUpdate(em, 'PracticeCase', [existing.id]);
      return existing;
    }));
  }

  async transition(ctx: Context, action: CaseAction, input: PracticeCaseTransitionInput): Promise<PracticeCasePayload> {
    this.requireWriter(ctx.viewer);
    return this.write(ctx, `${action}PracticeCase`, async (em) => {
      const c = await this.loadForWrite(ctx, em, input.id, input.expectedVersion, action);
      const to = nextStatus(c.status, action);
      if (!to) {
        throw new UserErrors([userError('id', UserErrorCode.INVALID_TRANSITION, `Cannot ${action} a case that is ${c.status}`)]);
      }
      if (input.note && input.note.length > LIMITS.note) {
        throw new UserErrors([userError('note', UserErrorCode.TOO_LONG, `note must be at most ${LIMITS.note} characters`)]);
      }
      c.status = to;
      c.updatedAt = new Date();
      if (action === 'publish') {
        c.publishedAt = new Date();
        c.lastConfirmedAt ??= c.publishedAt;
        await this.storeRevision(em, c, ctx.viewer);
      }
      if (action === 'publish' || action === 'archive') enqueueIndexUpdate(em, 'PracticeCase', [c.id]);
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
      await this.apply(ctx, em, draft, row, true);
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
    await this.apply(ctx, em, existing, row, false);
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

  private async storeRevision(em: EntityManager, c: PracticeCase, viewer: Viewer): Promise<void> {
    const last = await em.findOne(PracticeCaseRevision, { practiceCase: c.id }, { orderBy: { number: 'desc' } });
    em.create(PracticeCaseRevision, {
      practiceCase: c,
      number: (last?.number ?? 0) + 1,
      content: await this.snapshot(em, c),
      publishedBy: viewer.actorId,
      publishedAt: c.publishedAt ?? new Date(),
    });
  }

  private requireWriter(viewer: Viewer): void {
    const refusal = writeRefusal(viewer);
    if (refusal) throw apiError(viewer.kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN', refusal);
  }

  private async loadForWrite(ctx: Context, em: EntityManager, id: string, expectedVersion: number, action?: CaseAction): Promise<PracticeCase> {
    const key = decodeId(id, 'PracticeCase');
    const found = key ? await em.findOne(PracticeCase, { id: key }) : null;
    if (!found || !canRead(ctx.viewer, found)) {
      throw new UserErrors([userError('id', UserErrorCode.NOT_FOUND, 'No such practice case')]);
    }
    if (!(action ? canTransition(ctx.viewer, action, found) : canEdit(ctx.viewer, found))) {
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
  private write(ctx: Context, name: string, work: (em: EntityManager) => Promise<PracticeCase>): Promise<PracticeCasePayload> {
    return runMutation(ctx, {
      name,
      work,
      payload: (saved) => {
        const view = caseView(saved);
        ctx.loaders.practiceCase.clear(saved.id).prime(saved.id, view);
        return { practiceCase: view };
      },
      nothing: { practiceCase: null },
      conflict: 'The case was changed by someone else; reload it and try again',
      unique: (err) => {
        if (!/slug/.test(err.message)) return null;
        const lost = userError('slug', UserErrorCode.DUPLICATE, 'That slug is taken');
        slugRaces.add(lost);
        return [lost];
      },
    });
  }

  /** Validates the input and copies it onto the case; throws UserErrors listing every problem. */
  private async apply(ctx: Context, em: EntityManager, c: PracticeCase, input: CreatePracticeCaseInput | UpdatePracticeCaseInput, creating: boolean): Promise<void> {
    const check = new Checker();
    const title = check.text('title', input.title, { required: creating || input.title !== undefined, max: LIMITS.title });
    const summary = check.text('summary', input.summary, { required: creating || input.summary !== undefined, max: LIMITS.summary });
    const body = check.text('body', input.body, { required: creating || input.body !== undefined, max: LIMITS.body });
    const note = check.text('adaptationNote', input.adaptationNote, { max: LIMITS.note });

    let owner: Municipality | null = null;
    if (creating) {
      const code = (input as CreatePracticeCaseInput).municipality;
      owner = MUNICIPALITY_CODE.test(code) ? await em.findOne(Municipality, { code }) : null;
      if (!owner) check.add('municipality', UserErrorCode.UNKNOWN_REFERENCE, `Unknown municipality code "${code}"`);
    } else {
      owner = await em.findOne(Municipality, { code: c.municipality.code });
    }

    const themes = check.list('themes', input.themes, { min: creating || input.themes != null ? 1 : 0, max: LIMITS.themes });
    if (themes) {
      const taxonomy = new Set((await ctx.loaders.taxonomy()).map((t) => t.slug));
      themes.forEach((slug, i) => {
        if (!taxonomy.has(slug)) check.add(['themes', String(i)], UserErrorCode.UNKNOWN_REFERENCE, `Unknown theme "${slug}"`);
      });
    }

    const participants = check.list('participatingMunicipalities', input.participatingMunicipalities, { max: LIMITS.participants });
    if (participants?.length) {
      const valid = participants.filter((p) => MUNICIPALITY_CODE.test(p));
      const known = new Set((await em.find(Municipality, { code: { $in: valid } })).map((m) => m.code));
      participants.forEach((code, i) => {
        if (!known.has(code)) check.add(['participatingMunicipalities', String(i)], UserErrorCode.UNKNOWN_REFERENCE, `Unknown municipality code "${code}"`);
        else if (owner && code === owner.code) check.add(['participatingMunicipalities', String(i)], UserErrorCode.INVALID, 'The owner is not also a participant');
      });
    }

    const partnerInputs = check.list('partners', input.partners, { max: LIMITS.partners });
    const organizations = new Map<string, Organization>();
    if (partnerInputs?.length) {
      const slugs = partnerInputs.map((p) => p.organization).filter((s) => s.length <= 80);
      for (const o of await em.find(Organization, { slug: { $in: slugs } })) organizations.set(o.slug, o);
      partnerInputs.forEach((p, i) => {
        if (!organizations.has(p.organization)) check.add(['partners', String(i), 'organization'], UserErrorCode.UNKNOWN_REFERENCE, `Unknown organization "${p.organization}"`);
        check.text(`partners.${i}.role`, p.role, { required: true, max: 200 });
      });
    }

    check.list('targetGroups', input.targetGroups, { max: 9 });
    const placeNames = check.list('places', input.places, { max: LIMITS.places });
    placeNames?.forEach((p, i) => check.text(`places.${i}`, p, { required: true, max: 100 }));

    // The Date scalar already refuses 2019-02-31; import rows carry dates as text, so check here too.
    const badDates = (['startedOn', 'endedOn'] as const).filter((key) => input[key] && !isIsoDate(input[key]!));
    for (const key of badDates) check.add(key, UserErrorCode.INVALID, `${key} must be a calendar date like "2019-10-29"`);
    const startedOn = input.startedOn === undefined ? c.startedOn : input.startedOn;
    const endedOn = input.endedOn === undefined ? c.endedOn : input.endedOn;
    if (!badDates.length && startedOn && endedOn && endedOn < startedOn) check.add('endedOn', UserErrorCode.INVALID, 'endedOn is before startedOn');

    const outcomes = check.list('outcomes', input.outcomes, { max: LIMITS.outcomes });
    outcomes?.forEach((o, i) => {
      check.text(`outcomes.${i}.label`, o.label, { required: true, max: 200 });
      check.text(`outcomes.${i}.unit`, o.unit, { required: true, max: 50 });
      if (!Number.isFinite(o.value) || Math.abs(o.value) > 1e12) check.add(['outcomes', String(i), 'value'], UserErrorCode.OUT_OF_RANGE, 'value must be a finite number');
      if (o.measuredOn && !isIsoMonthOrDate(o.measuredOn)) {
        check.add(['outcomes', String(i), 'measuredOn'], UserErrorCode.INVALID, 'measuredOn is YYYY-MM or a calendar date YYYY-MM-DD');
      }
    });
    const funding = check.list('funding', input.funding, { max: LIMITS.funding });
    funding?.forEach((f, i) => {
      check.text(`funding.${i}.source`, f.source, { required: true, max: 200 });
      if (f.amountSek != null && (f.amountSek < 0 || !Number.isInteger(f.amountSek))) check.add(['funding', String(i), 'amountSek'], UserErrorCode.OUT_OF_RANGE, 'amountSek must be a whole, non-negative number');
    });
    const links = check.list('links', input.links, { max: LIMITS.links });
    const cleanLinks = links?.map((l, i) => ({ url: check.url(`links.${i}.url`, l.url) ?? l.url, kind: l.kind, title: check.text(`links.${i}.title`, l.title, { max: 200 }) || null }));
    const contacts = check.list('contacts', input.contacts, { max: LIMITS.contacts });
    const cleanContacts = contacts?.map((p, i) => ({
      name: check.text(`contacts.${i}.name`, p.name, { required: true, max: 200 }) ?? p.name,
      role: check.text(`contacts.${i}.role`, p.role, { max: 200 }) || null,
      email: p.email ? (check.email(`contacts.${i}.email`, p.email) ?? null) : null,
      phone: p.phone ? (PHONE.test(p.phone.trim()) ? p.phone.trim() : (check.add(['contacts', String(i), 'phone'], UserErrorCode.INVALID, `contacts.${i}.phone is not a phone number`), null)) : null,
    }));

    let adaptedFrom: PracticeCase | null | undefined;
    if (input.adaptedFrom !== undefined) {
      if (input.adaptedFrom === null) adaptedFrom = null;
      else {
        const key = decodeId(input.adaptedFrom, 'PracticeCase');
        adaptedFrom = key ? await em.findOne(PracticeCase, { id: key }) : null;
        if (!adaptedFrom || !canRead(ctx.viewer, adaptedFrom)) check.add('adaptedFrom', UserErrorCode.UNKNOWN_REFERENCE, 'No such practice case');
        else if (adaptedFrom.id === c.id) check.add('adaptedFrom', UserErrorCode.INVALID, 'A case cannot be adapted from itself');
      }
    }

    let slug: string | undefined;
    if (input.slug != null) {
      slug = input.slug.trim();
      if (!SLUG.test(slug) || slug.length > 80) check.add('slug', UserErrorCode.INVALID, 'slug is lower-case letters, digits and single dashes, at most 80 characters');
      else {
        const holder = await em.findOne(PracticeCase, { slug, id: { $ne: c.id } });
        // A case the viewer cannot see is not revealed by a clash either: like a
        // generated slug, theirs becomes the next free one.
        if (holder && canRead(ctx.viewer, holder)) check.add('slug', UserErrorCode.DUPLICATE, `The slug "${slug}" is taken`);
        else if (holder) slug = await uniqueSlug(em, slug, c.id);
      }
    }

    if (!check.ok) throw new UserErrors(check.errors);

    if (title !== undefined) c.title = title;
    if (summary !== undefined) c.summary = summary;
    if (body !== undefined) c.body = body;
    if (input.kind) c.kind = input.kind;
    if (input.language) c.language = input.language;
    if (themes) c.themeSlugs = [...new Set(themes)];
    if (participants) c.participantCodes = [...new Set(participants)];
    if (input.targetGroups) c.targetGroups = [...new Set(input.targetGroups)];
    if (input.startedOn !== undefined) c.startedOn = input.startedOn;
    if (input.endedOn !== undefined) c.endedOn = input.endedOn;
    if (outcomes) c.outcomes = outcomes.map((o) => ({ label: o.label.trim(), value: o.value, unit: o.unit.trim(), measuredOn: o.measuredOn ?? null }));
    if (funding) c.funding = funding.map((f) => ({ source: f.source.trim(), amountSek: f.amountSek ?? null }));
    if (cleanLinks) c.links = cleanLinks;
    if (cleanContacts) c.contacts = cleanContacts;
    if (adaptedFrom !== undefined) c.adaptedFrom = adaptedFrom ? ref(adaptedFrom) : null;
    if (note !== undefined) c.adaptationNote = note || null;
    if (placeNames && owner) c.places = await resolvePlaces(em, placeNames.map((p) => p.trim()), owner, c.participantCodes);
    if (partnerInputs) {
      if (!creating) await c.partners.init();
      c.partners.removeAll();
      partnerInputs.forEach((p, position) => {
        c.partners.add(em.create(PracticeCasePartner, { practiceCase: c, organization: organizations.get(p.organization)!, role: p.role.trim(), position }));
      });
    }
    if (slug) c.slug = slug;
    else if (creating) c.slug = await uniqueSlug(em, slugify(c.title), c.id);
  }
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

/** `base` if no other case has it, else the first free `base-2`, `base-3` …, shortened to stay within 80 characters. */
async function uniqueSlug(em: EntityManager, base: string, except: string): Promise<string> {
  // Slugs have single dashes, so a shortened base keeps at least its first 70 characters.
  const taken = new Set((await em.find(PracticeCase, { slug: { $like: `${base.slice(0, 70)}%` }, id: { $ne: except } }, { fields: ['slug'] })).map((c) => c.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const slug = `${base.slice(0, 80 - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.has(slug)) return slug;
  }
}

/** Place names → coordinates: a locality in the owner's or a participant's municipality first, then anywhere; else the owner's seat. */
async function resolvePlaces(em: EntityManager, names: string[], owner: Municipality, participants: string[]): Promise<CasePlace[]> {
  if (!names.length) return [];
  // ILIKE without wildcards is a case-insensitive equality; escape the wildcard characters.
  const exact = (n: string) => n.replace(/[\\%_]/g, (ch) => `\\${ch}`);
  const candidates = await em.find(Locality, { $or: [...new Set(names)].map((n) => ({ name: { $ilike: exact(n) } })) });
  const all = new Map(candidates.map((l) => [l.id, l]));
  const preferred = new Set([owner.code, ...participants]);
  return names.map((name) => {
    const matches = [...all.values()].filter((l) => l.name.toLowerCase() === name.toLowerCase());
    const best = matches.find((l) => preferred.has(l.municipality.code)) ?? matches[0];
    return best
      ? { name, municipalityCode: best.municipality.code, latitude: best.latitude, longitude: best.longitude, resolved: true }
      : { name, municipalityCode: owner.code, latitude: owner.latitude, longitude: owner.longitude, resolved: false };
  });
}

export type { UserError };
