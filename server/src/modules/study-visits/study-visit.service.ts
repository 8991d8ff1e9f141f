// Study visits: requesting (idempotent, enforced by a unique constraint), the host's
// and the visitors' transitions with their history, hosting offers and capacity, who
// may read what, and the seed-only path for visits that already happened.
import { ref, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context, Viewer } from '../../core/context';
import { UserErrorCode, UserErrors, apiError, badInput, userError } from '../../core/errors';
import { runMutation } from '../../core/mutation';
import { decodeId, isUuid } from '../../core/relay/global-id';
import { paginate, type ConnectionResult } from '../../core/relay/connection';
import { enqueueIndexUpdate } from '../../core/search/outbox';
import { Checker, PHONE } from '../../core/validation';
import { Language } from '../../core/language';
import { MUNICIPALITY_CODE } from '../geo/geo.service';
import { Municipality } from '../geo/municipality.entity';
import { Organization } from '../organizations/organization.entity';
import { CaseStatus } from '../practice-cases/practice-case.enums';
import { canRead as canReadCase } from '../practice-cases/practice-case.policy';
import { PracticeCase } from '../practice-cases/practice-case.entity';
import { StudyVisitFormat, StudyVisitStatus } from './study-visit.enums';
import { HostingOffer, StudyVisit, StudyVisitEvent, type DateRangeValue, type VisitContactValue } from './study-visit.entity';
import {
  RANGE_MESSAGES,
  VISIT_LIMITS,
  nextVisitStatus,
  quarterOf,
  rangeProblem,
  requestFingerprint,
  sameRange,
  spanOf,
  todayInSweden,
  type VisitAction,
} from './study-visit.rules';
import {
  SIDE_OF,
  canAct,
  canRead,
  canRecordPastVisits,
  canRequestFor,
  canRequestVisits,
  canSetHostingOffer,
  canVisitAsOrganization,
  visibleStatuses,
  type ClientOrganization,
  type VisitSides,
} from './study-visit.policy';
import type {
  AcceptStudyVisitInput,
  CancelStudyVisitInput,
  CompleteStudyVisitInput,
  DeclineStudyVisitInput,
  HostingOfferPayload,
  RequestStudyVisitInput,
  SetHostingOfferInput,
  StudyVisitFilter,
  StudyVisitPayload,
} from './study-visit.types';

const keyReused = () => userError('idempotencyKey', UserErrorCode.IDEMPOTENCY_KEY_REUSED, 'This idempotency key was used for a different request; use a new key');

/** A visit's sides, as the policy reads them. */
const sidesOf = (v: StudyVisit): VisitSides => ({
  status: v.status,
  hostMunicipality: v.hostMunicipality.code,
  visitingMunicipality: v.visitingMunicipality.code,
  visitingOrganizationId: v.visitingOrganization?.id ?? null,
});

/** Statuses that occupy a slot of the host's quarterly capacity. */
const OCCUPYING = [StudyVisitStatus.REQUESTED, StudyVisitStatus.ACCEPTED, StudyVisitStatus.COMPLETED];

/** A visit as validated from a request, before it is written. */
interface NormalisedRequest {
  host: Municipality;
  visiting: Municipality;
  organization: Organization | null;
  practiceCase: PracticeCase | null;
  purpose: string;
  participants: number;
  proposedDates: DateRangeValue[];
  preferredLanguage: Language;
  format: StudyVisitFormat;
  contact: VisitContactValue | null;
}

/** A visit that took place before Utbyte recorded it (demo and imported data only). */
export interface PastVisitInput {
  hostMunicipality: string;
  visitingMunicipality: string;
  visitingOrganization?: string | null;
  practiceCaseId?: string | null;
  purpose: string;
  participants: number;
  dates: DateRangeValue;
  preferredLanguage: Language;
  format: StudyVisitFormat;
  requestedAt: Date;
  acceptedAt: Date;
  report: { learned: string; planToAdapt: string; followUpCaseId?: string | null; reportedAt: Date };
}

export class StudyVisitService {
  // ── reading ────────────────────────────────────────────────────────────────

  visibleWhere(viewer: Viewer): FilterQuery<StudyVisit> {
    const statuses = visibleStatuses(viewer);
    return statuses ? { status: { $in: statuses } } : {};
  }

  async byId(ctx: Context, id: string): Promise<StudyVisit | null> {
    if (!isUuid(id)) return null;
    const found = await ctx.loaders.studyVisit.load(id);
    return found && canRead(ctx.viewer, found) ? found : null;
  }

  async get(ctx: Context, globalId: string): Promise<StudyVisit | null> {
    const key = decodeId(globalId, 'StudyVisit');
    return key ? this.byId(ctx, key) : null;
  }

  async list(ctx: Context, filter: StudyVisitFilter | null | undefined, page: { first?: number | null; after?: string | null }, info?: GraphQLResolveInfo): Promise<ConnectionResult<StudyVisit>> {
    const where: FilterQuery<StudyVisit>[] = [this.visibleWhere(ctx.viewer)];
    const codes = (arg: string, list: string[]) => {
      if (list.length > 290 || !list.every((c) => MUNICIPALITY_CODE.test(c))) throw badInput(arg, 'municipality codes are four digits');
      return list;
    };
    if (filter?.hostMunicipalities?.length) where.push({ hostMunicipality: { $in: codes('filter.hostMunicipalities', filter.hostMunicipalities) } });
    if (filter?.visitingMunicipalities?.length) where.push({ visitingMunicipality: { $in: codes('filter.visitingMunicipalities', filter.visitingMunicipalities) } });
    if (filter?.statuses?.length) where.push({ status: { $in: filter.statuses } });
    if (filter?.practiceCase) {
      const key = decodeId(filter.practiceCase, 'PracticeCase');
      if (!key) throw badInput('filter.practiceCase', 'is not a practice case id');
      where.push({ practiceCase: key });
    }
    if (filter?.from && filter?.to && filter.to < filter.from) throw badInput('filter.to', 'is before filter.from');
    if (filter?.from) where.push({ windowEnd: { $gte: filter.from } });
    if (filter?.to) where.push({ windowStart: { $lte: filter.to } });
    return paginate(ctx.em, StudyVisit, { $and: where }, page, { orderBy: { windowStart: 'asc', id: 'asc' }, info });
  }

  /** Accepted visits a municipality hosts or makes: the calendar feed. Public facts only. */
  async scheduledFor(ctx: Context, code: string): Promise<StudyVisit[]> {
    return ctx.em.find(
      StudyVisit,
      { status: StudyVisitStatus.ACCEPTED, $or: [{ hostMunicipality: code }, { visitingMunicipality: code }] },
      { orderBy: { scheduledStart: 'asc', id: 'asc' }, populate: ['hostMunicipality', 'visitingMunicipality', 'visitingOrganization', 'practiceCase'] },
    );
  }

  // ── requesting ─────────────────────────────────────────────────────────────

  async request(ctx: Context, input: RequestStudyVisitInput): Promise<StudyVisitPayload> {
    const viewer = ctx.viewer;
    if (!canRequestVisits(viewer)) throw apiError('FORBIDDEN', viewer.kind === 'client' ? 'This needs the "study-visits:write" scope' : 'Officials and editors request visits for their own municipality');
    const clientOrg = await this.viewerOrganization(ctx);
    // An unknown code is reported as a user error by checkRequest; a known one must be the requester's own.
    const known = MUNICIPALITY_CODE.test(input.visitingMunicipality) && (await ctx.loaders.municipality.load(input.visitingMunicipality));
    if (known && !canRequestFor(viewer, input.visitingMunicipality, clientOrg)) throw apiError('FORBIDDEN', 'You can only request visits for your own municipality');
    if (!canVisitAsOrganization(clientOrg, input.visitingOrganization)) throw apiError('FORBIDDEN', 'An API client visits on behalf of its own organization');

    const key = input.idempotencyKey;
    const actor = viewer.actorId!;
    const visitingOrganization = input.visitingOrganization ?? clientOrg?.slug ?? null;
    const fingerprint = requestFingerprint({
      hostMunicipality: input.hostMunicipality,
      visitingMunicipality: input.visitingMunicipality,
      visitingOrganization,
      practiceCase: input.practiceCase ?? null,
      purpose: input.purpose,
      participants: input.participants,
      proposedDates: input.proposedDates.map((r) => ({ start: r.start, end: r.end })),
      preferredLanguage: input.preferredLanguage ?? Language.SV,
      format: input.format ?? StudyVisitFormat.ON_SITE,
      contact: input.contact ? { name: input.contact.name, email: input.contact.email ?? null, phone: input.contact.phone ?? null } : null,
    });
    const raced = userError('idempotencyKey', UserErrorCode.DUPLICATE, 'A request with this idempotency key is being made at this moment; retry it');
    const result = await runMutation(ctx, {
      name: 'requestStudyVisit',
      work: async (em) => {
        if (key.trim().length === 0 || key.length > VISIT_LIMITS.idempotencyKey) {
          throw new UserErrors([userError('idempotencyKey', UserErrorCode.INVALID, `idempotencyKey must be 1–${VISIT_LIMITS.idempotencyKey} characters`)]);
        }
        // A retry returns what the first attempt made, even if its dates have passed since.
        const earlier = await this.earlierRequest(em, actor, key, fingerprint);
        if (earlier === 'reused') throw new UserErrors([keyReused()]);
        if (earlier) return earlier;
        const data = await this.checkRequest(ctx, em, { ...input, visitingOrganization }, todayInSweden());
        const visit = this.createVisit(em, data, { actor, key, fingerprint });
        visit.exceedsHostCapacity = await this.exceedsCapacity(em, data.host.code, data.proposedDates);
        this.addEvent(em, visit, viewer, null, StudyVisitStatus.REQUESTED, null);
        return visit;
      },
      payload: (visit) => this.visitPayload(ctx, visit),
      nothing: { studyVisit: null },
      unique: (err) => (/study_visit_idempotency_unique/.test(err.message) ? [raced] : null),
    });
    if (!result.userErrors.includes(raced)) return result;
    // Lost the race against a concurrent identical request: the winner's row is the answer.
    const winner = await this.earlierRequest(ctx.em.fork(), actor, key, fingerprint);
    if (winner === 'reused') return { studyVisit: null, userErrors: [keyReused()] };
    return winner ? { ...this.visitPayload(ctx, winner), userErrors: [] } : result;
  }

  /** The visit an earlier request under this key made, or 'reused' when that was a different request. */
  private async earlierRequest(em: EntityManager, actor: string, key: string, fingerprint: string): Promise<StudyVisit | 'reused' | null> {
    const existing = await em.findOne(StudyVisit, { requestedBy: actor, idempotencyKey: key });
    return existing && existing.requestHash !== fingerprint ? 'reused' : existing;
  }

  /** A written visit as its payload; the request's loaders see it from now on. */
  private visitPayload(ctx: Context, visit: StudyVisit): { studyVisit: StudyVisit } {
    ctx.loaders.studyVisit.clear(visit.id).prime(visit.id, visit);
    ctx.loaders.eventsOfVisit.clear(visit.id);
    return { studyVisit: visit };
  }

  private createVisit(em: EntityManager, data: NormalisedRequest, origin: { actor: string; key: string | null; fingerprint: string }): StudyVisit {
    const span = spanOf(data.proposedDates);
    return em.create(StudyVisit, {
      hostMunicipality: data.host,
      visitingMunicipality: data.visiting,
      visitingOrganization: data.organization,
      practiceCase: data.practiceCase,
      purpose: data.purpose,
      participants: data.participants,
      proposedDates: data.proposedDates,
      preferredLanguage: data.preferredLanguage,
      format: data.format,
      contact: data.contact,
      windowStart: span.start,
      windowEnd: span.end,
      requestedBy: origin.actor,
      idempotencyKey: origin.key,
      requestHash: origin.fingerprint,
    });
  }

  /** Whether the host already has as many visits as it offers in the quarter of the earliest proposal. */
  private async exceedsCapacity(em: EntityManager, hostCode: string, proposed: DateRangeValue[]): Promise<boolean> {
    const offer = await em.findOne(HostingOffer, { municipality: hostCode });
    if (!offer || offer.maxVisitsPerQuarter == null) return false;
    const quarter = quarterOf(spanOf(proposed).start);
    const taken = await em.count(StudyVisit, { hostMunicipality: hostCode, status: { $in: OCCUPYING }, windowStart: { $gte: quarter.start, $lte: quarter.end } });
    return taken >= offer.maxVisitsPerQuarter;
  }

  /** Validates a request; `today: null` skips the not-in-the-past rule (seed path only). */
  private async checkRequest(
    ctx: Context,
    em: EntityManager,
    input: Omit<RequestStudyVisitInput, 'idempotencyKey'>,
    today: string | null,
  ): Promise<NormalisedRequest> {
    const check = new Checker();
    const municipality = async (field: string, code: string) => {
      const found = MUNICIPALITY_CODE.test(code) ? await em.findOne(Municipality, { code }) : null;
      if (!found) check.add(field, UserErrorCode.UNKNOWN_REFERENCE, `Unknown municipality code "${code}"`);
      return found;
    };
    const host = await municipality('hostMunicipality', input.hostMunicipality);
    const visiting = await municipality('visitingMunicipality', input.visitingMunicipality);
    if (host && visiting && host.code === visiting.code) check.add('hostMunicipality', UserErrorCode.INVALID, 'A municipality does not visit itself');

    let organization: Organization | null = null;
    if (input.visitingOrganization) {
      organization = input.visitingOrganization.length <= 80 ? await em.findOne(Organization, { slug: input.visitingOrganization }) : null;
      if (!organization) check.add('visitingOrganization', UserErrorCode.UNKNOWN_REFERENCE, `Unknown organization "${input.visitingOrganization}"`);
    }

    const practiceCase = input.practiceCase ? await this.checkVisitedCase(ctx, em, check, input.practiceCase, host) : null;

    const purpose = check.text('purpose', input.purpose, { required: true, max: VISIT_LIMITS.purpose });
    if (!Number.isInteger(input.participants) || input.participants < VISIT_LIMITS.minParticipants || input.participants > VISIT_LIMITS.maxParticipants) {
      check.add('participants', UserErrorCode.OUT_OF_RANGE, `participants must be ${VISIT_LIMITS.minParticipants}–${VISIT_LIMITS.maxParticipants}`);
    }
    const proposedDates = this.checkProposedDates(check, input.proposedDates, today);
    const contact = input.contact ? this.checkContact(check, input.contact) : null;
    // Municipalities without an offer can still be asked; one that has said no cannot.
    const offer = host ? await em.findOne(HostingOffer, { municipality: host.code }) : null;
    if (offer && !offer.hosts) check.add('hostMunicipality', UserErrorCode.INVALID, 'The host has stated that it does not host study visits');
    else if (offer && input.format === StudyVisitFormat.DIGITAL && !offer.digitalPossible) check.add('format', UserErrorCode.INVALID, 'The host does not offer digital visits');
    if (!check.ok) throw new UserErrors(check.errors);
    return {
      host: host!,
      visiting: visiting!,
      organization,
      practiceCase,
      purpose: purpose!,
      participants: input.participants,
      proposedDates,
      preferredLanguage: input.preferredLanguage ?? Language.SV,
      format: input.format ?? StudyVisitFormat.ON_SITE,
      contact,
    };
  }

  /** The case a visit is about: one the viewer can read, of the host or a case it took part in. */
  private async checkVisitedCase(ctx: Context, em: EntityManager, check: Checker, id: string, host: Municipality | null): Promise<PracticeCase | null> {
    const key = decodeId(id, 'PracticeCase');
    const practiceCase = key ? await em.findOne(PracticeCase, { id: key }) : null;
    if (!practiceCase || !canReadCase(ctx.viewer, practiceCase)) {
      check.add('practiceCase', UserErrorCode.UNKNOWN_REFERENCE, 'No such practice case');
      return null;
    }
    if (host && practiceCase.municipality.code !== host.code && !practiceCase.participantCodes.includes(host.code)) {
      check.add('practiceCase', UserErrorCode.INVALID, 'The practice case does not belong to the host municipality');
    }
    return practiceCase;
  }

  /** The proposed date ranges, checked one by one, without repeats and in order of their start. */
  private checkProposedDates(check: Checker, input: DateRangeValue[] | null | undefined, today: string | null): DateRangeValue[] {
    const ranges = check.list('proposedDates', input, { min: VISIT_LIMITS.minRanges, max: VISIT_LIMITS.maxRanges }) ?? [];
    ranges.forEach((r, i) => {
      const problem = rangeProblem(r, today);
      if (problem) check.add(['proposedDates', String(i)], problem === 'TOO_LONG' ? UserErrorCode.OUT_OF_RANGE : UserErrorCode.INVALID, `proposedDates.${i}: ${RANGE_MESSAGES[problem]}`);
    });
    const unique = ranges.filter((r, i) => ranges.findIndex((o) => sameRange(o, r)) === i).map((r) => ({ start: r.start, end: r.end }));
    return unique.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  }

  private checkContact(check: Checker, c: { name: string; email?: string | null; phone?: string | null }): VisitContactValue {
    const name = check.text('contact.name', c.name, { required: true, max: 200 }) ?? '';
    const email = c.email ? (check.email('contact.email', c.email) ?? null) : null;
    let phone: string | null = null;
    if (c.phone) {
      if (PHONE.test(c.phone.trim())) phone = c.phone.trim();
      else check.add('contact.phone', UserErrorCode.INVALID, 'contact.phone is not a phone number');
    }
    return { name, email, phone };
  }

  // ── transitions ────────────────────────────────────────────────────────────

  accept(ctx: Context, input: AcceptStudyVisitInput): Promise<StudyVisitPayload> {
    return this.transition(ctx, 'accept', input.id, input.expectedVersion, (v, check) => {
      const dates = { start: input.dates.start, end: input.dates.end };
      const proposed = v.proposedDates.some((r) => sameRange(r, dates));
      // A proposed range may have slipped into the past while waiting; a new one may not start there.
      const problem = rangeProblem(dates, proposed ? null : todayInSweden());
      if (problem) check.add('dates', UserErrorCode.INVALID, `dates: ${RANGE_MESSAGES[problem]}`);
      const note = check.text('note', input.note, { max: VISIT_LIMITS.reason });
      return () => {
        v.scheduledStart = dates.start;
        v.scheduledEnd = dates.end;
        v.windowStart = dates.start;
        v.windowEnd = dates.end;
        return [note || null, proposed ? null : `The host proposed new dates ${dates.start}–${dates.end}`].filter(Boolean).join('. ') || null;
      };
    });
  }

  decline(ctx: Context, input: DeclineStudyVisitInput): Promise<StudyVisitPayload> {
    return this.transition(ctx, 'decline', input.id, input.expectedVersion, (v, check) => {
      const reason = check.text('reason', input.reason, { required: true, max: VISIT_LIMITS.reason });
      return () => {
        v.declineReason = reason!;
        return reason!;
      };
    });
  }

  cancel(ctx: Context, input: CancelStudyVisitInput): Promise<StudyVisitPayload> {
    return this.transition(ctx, 'cancel', input.id, input.expectedVersion, (v, check) => {
      const reason = check.text('reason', input.reason, { max: VISIT_LIMITS.reason });
      return () => {
        v.cancelReason = reason || null;
        return reason || null;
      };
    });
  }

  complete(ctx: Context, input: CompleteStudyVisitInput): Promise<StudyVisitPayload> {
    return this.transition(ctx, 'complete', input.id, input.expectedVersion, async (v, check, em) => {
      if (v.scheduledStart && v.scheduledStart > todayInSweden()) {
        throw new UserErrors([userError('id', UserErrorCode.INVALID_TRANSITION, `The visit starts on ${v.scheduledStart}; report it once it has taken place`)]);
      }
      const learned = check.text('learned', input.learned, { required: true, max: VISIT_LIMITS.report });
      const plan = check.text('planToAdapt', input.planToAdapt, { required: true, max: VISIT_LIMITS.report });
      let followUp: PracticeCase | null = null;
      if (input.followUpCase) {
        const key = decodeId(input.followUpCase, 'PracticeCase');
        followUp = key ? await em.findOne(PracticeCase, { id: key }) : null;
        if (!followUp || !canReadCase(ctx.viewer, followUp)) check.add('followUpCase', UserErrorCode.UNKNOWN_REFERENCE, 'No such practice case');
      }
      return () => {
        v.reportLearned = learned!;
        v.reportPlanToAdapt = plan!;
        v.reportFollowUpCase = followUp ? ref(followUp) : null;
        v.reportedAt = new Date();
        return null;
      };
    });
  }

  /**
   * Loads the visit, checks who acts, the version and the state machine, lets `prepare`
   * validate the action's own input, then applies it and writes the history event.
   */
  private transition(
    ctx: Context,
    action: VisitAction,
    id: string,
    expectedVersion: number,
    prepare: (v: StudyVisit, check: Checker, em: EntityManager) => (() => string | null) | Promise<() => string | null>,
  ): Promise<StudyVisitPayload> {
    const viewer = ctx.viewer;
    return runMutation(ctx, {
      name: `${action}StudyVisit`,
      work: async (em) => {
        const key = decodeId(id, 'StudyVisit');
        const v = key ? await em.findOne(StudyVisit, { id: key }) : null;
        if (!v || !canRead(viewer, v)) throw new UserErrors([userError('id', UserErrorCode.NOT_FOUND, 'No such study visit')]);
        if (!canAct(viewer, action, sidesOf(v), await this.viewerOrganization(ctx))) throw apiError('FORBIDDEN', `Only ${SIDE_OF[action]} can ${action} this visit`);
        if (v.version !== expectedVersion) {
          throw new UserErrors([userError('expectedVersion', UserErrorCode.VERSION_CONFLICT, `The visit is at version ${v.version}, not ${expectedVersion}; reload it and try again`)]);
        }
        const to = nextVisitStatus(v.status, action);
        if (!to) throw new UserErrors([userError('id', UserErrorCode.INVALID_TRANSITION, `Cannot ${action} a visit that is ${v.status}`)]);
        const check = new Checker();
        const apply = await prepare(v, check, em);
        if (!check.ok) throw new UserErrors(check.errors);
        const note = apply();
        const from = v.status;
        v.status = to;
        v.updatedAt = new Date();
        this.addEvent(em, v, viewer, from, to, note);
        return v;
      },
      payload: (saved) => this.visitPayload(ctx, saved),
      nothing: { studyVisit: null },
      conflict: 'The visit was changed by someone else; reload it and try again',
    });
  }

  private addEvent(em: EntityManager, v: StudyVisit, viewer: Viewer, from: StudyVisitStatus | null, to: StudyVisitStatus, note: string | null, at = new Date()): void {
    em.create(StudyVisitEvent, { visit: v, at, actorId: viewer.actorId ?? 'anonymous', actorName: viewer.displayName, fromStatus: from, toStatus: to, note });
  }

  /** The organization an API client acts for (null for everyone else). */
  private async viewerOrganization(ctx: Context): Promise<ClientOrganization | null> {
    if (ctx.viewer.kind !== 'client' || !ctx.viewer.organizationId) return null;
    const org = await ctx.loaders.organization.load(ctx.viewer.organizationId);
    return org ? { id: org.id, slug: org.slug, homeMunicipality: org.homeMunicipality?.code ?? null } : null;
  }

  // ── the seed path ──────────────────────────────────────────────────────────

  /**
   * Records a visit that already took place, with its whole history, bypassing only
   * the rule that proposed dates lie in the future. For the system (demo content,
   * imports), never reachable from the API.
   */
  async recordPastVisit(ctx: Context, input: PastVisitInput): Promise<StudyVisit> {
    if (!canRecordPastVisits(ctx.viewer)) throw apiError('FORBIDDEN', 'Only the system records past visits');
    return ctx.em.transactional(async (em) => {
      const caseRef = input.practiceCaseId ? (await em.findOneOrFail(PracticeCase, { id: input.practiceCaseId })).nodeId : null;
      const data = await this.checkRequest(
        ctx,
        em,
        {
          hostMunicipality: input.hostMunicipality,
          visitingMunicipality: input.visitingMunicipality,
          visitingOrganization: input.visitingOrganization ?? null,
          practiceCase: caseRef,
          purpose: input.purpose,
          participants: input.participants,
          proposedDates: [input.dates],
          preferredLanguage: input.preferredLanguage,
          format: input.format,
        },
        null,
      );
      const check = new Checker();
      const learned = check.text('report.learned', input.report.learned, { required: true, max: VISIT_LIMITS.report });
      const plan = check.text('report.planToAdapt', input.report.planToAdapt, { required: true, max: VISIT_LIMITS.report });
      if (!check.ok) throw new UserErrors(check.errors);
      const visit = this.createVisit(em, data, { actor: ctx.viewer.actorId!, key: null, fingerprint: requestFingerprint({ ...input }) });
      visit.createdAt = input.requestedAt;
      visit.status = StudyVisitStatus.COMPLETED;
      visit.scheduledStart = input.dates.start;
      visit.scheduledEnd = input.dates.end;
      visit.reportLearned = learned!;
      visit.reportPlanToAdapt = plan!;
      visit.reportFollowUpCase = input.report.followUpCaseId ? em.getReference(PracticeCase, input.report.followUpCaseId, { wrapped: true }) : null;
      visit.reportedAt = input.report.reportedAt;
      visit.updatedAt = input.report.reportedAt;
      const seed = ctx.viewer;
      this.addEvent(em, visit, seed, null, StudyVisitStatus.REQUESTED, 'Recorded afterwards from published sources', input.requestedAt);
      this.addEvent(em, visit, seed, StudyVisitStatus.REQUESTED, StudyVisitStatus.ACCEPTED, null, input.acceptedAt);
      this.addEvent(em, visit, seed, StudyVisitStatus.ACCEPTED, StudyVisitStatus.COMPLETED, null, input.report.reportedAt);
      await em.flush();
      return visit;
    });
  }

  // ── hosting offers ─────────────────────────────────────────────────────────

  hostingOffer(ctx: Context, municipalityCode: string): Promise<HostingOffer | null> {
    return ctx.loaders.hostingOfferOfMunicipality.load(municipalityCode);
  }

  /** An offer by its own id (for node(id:)); offers are public, like the municipality's. */
  hostingOfferById(ctx: Context, id: string): Promise<HostingOffer | null> {
    return isUuid(id) ? ctx.em.findOne(HostingOffer, { id }) : Promise.resolve(null);
  }

  /** The owner's offer when it hosts visits about this case. */
  async hostingOfferForCase(ctx: Context, c: { id: string; municipalityCode: string }): Promise<HostingOffer | null> {
    const offer = await ctx.loaders.hostingOfferOfMunicipality.load(c.municipalityCode);
    return offer && offer.hosts && (offer.caseIds.length === 0 || offer.caseIds.includes(c.id)) ? offer : null;
  }

  setHostingOffer(ctx: Context, input: SetHostingOfferInput): Promise<HostingOfferPayload> {
    const viewer = ctx.viewer;
    if (MUNICIPALITY_CODE.test(input.municipality) && !canSetHostingOffer(viewer, input.municipality)) {
      throw apiError('FORBIDDEN', "Only the municipality's own officials and editors set its hosting offer");
    }
    const versionConflict = 'The offer was changed by someone else; reload it and try again';
    return runMutation(ctx, {
      name: 'setHostingOffer',
      work: async (em) => {
        const municipality = MUNICIPALITY_CODE.test(input.municipality) ? await em.findOne(Municipality, { code: input.municipality }) : null;
        if (!municipality) throw new UserErrors([userError('municipality', UserErrorCode.UNKNOWN_REFERENCE, `Unknown municipality code "${input.municipality}"`)]);
        const existing = await em.findOne(HostingOffer, { municipality: municipality.code });
        if ((existing?.version ?? 0) !== input.expectedVersion) {
          throw new UserErrors([userError('expectedVersion', UserErrorCode.VERSION_CONFLICT, `The offer is at version ${existing?.version ?? 0}, not ${input.expectedVersion}; reload it and try again`)]);
        }
        const offer = await this.applyOffer(ctx, em, municipality, existing, input);
        // Search can filter on "hosts study visits": the municipality's published cases change.
        const published = await em.find(PracticeCase, { municipality: municipality.code, status: CaseStatus.PUBLISHED }, { fields: ['id'] });
        enqueueIndexUpdate(em, 'PracticeCase', published.map((c) => c.id));
        return offer;
      },
      payload: (saved) => {
        ctx.loaders.hostingOfferOfMunicipality.clear(saved.municipality.code).prime(saved.municipality.code, saved);
        return { hostingOffer: saved };
      },
      nothing: { hostingOffer: null },
      conflict: versionConflict,
      // Two first offers for one municipality at once: the second is a version conflict too.
      unique: (err) => (/hosting_offer/.test(err.message) ? [userError('expectedVersion', UserErrorCode.VERSION_CONFLICT, versionConflict)] : null),
    });
  }

  /** Validates an offer's input and writes it onto the existing offer or a new one. */
  private async applyOffer(ctx: Context, em: EntityManager, municipality: Municipality, existing: HostingOffer | null, input: SetHostingOfferInput): Promise<HostingOffer> {
    const check = new Checker();
    const caseIds: string[] = [];
    const cases = check.list('cases', input.cases, { max: 50 }) ?? [];
    const keys = cases.map((id) => decodeId(id, 'PracticeCase'));
    const found = new Map((await em.find(PracticeCase, { id: { $in: keys.filter((k): k is string => !!k) } })).map((c) => [c.id, c]));
    keys.forEach((key, i) => {
      const c = key ? found.get(key) : undefined;
      if (!c || !canReadCase(ctx.viewer, c)) check.add(['cases', String(i)], UserErrorCode.UNKNOWN_REFERENCE, 'No such practice case');
      else if (c.municipality.code !== municipality.code && !c.participantCodes.includes(municipality.code)) check.add(['cases', String(i)], UserErrorCode.INVALID, 'The case does not belong to this municipality');
      else if (!caseIds.includes(c.id)) caseIds.push(c.id);
    });
    const max = input.maxVisitsPerQuarter;
    if (max != null && (!Number.isInteger(max) || max < 1 || max > 100)) check.add('maxVisitsPerQuarter', UserErrorCode.OUT_OF_RANGE, 'maxVisitsPerQuarter must be 1–100, or null for no stated limit');
    check.list('languages', input.languages, { max: 2 });
    const note = check.text('note', input.note, { max: VISIT_LIMITS.reason });
    if (!check.ok) throw new UserErrors(check.errors);
    const offer = existing ?? em.create(HostingOffer, { municipality, hosts: input.hosts, digitalPossible: input.digitalPossible });
    offer.hosts = input.hosts;
    offer.caseIds = caseIds;
    offer.languages = [...new Set(input.languages ?? [])];
    offer.maxVisitsPerQuarter = max ?? null;
    offer.digitalPossible = input.digitalPossible;
    offer.note = note || null;
    offer.updatedAt = new Date();
    return offer;
  }
}
