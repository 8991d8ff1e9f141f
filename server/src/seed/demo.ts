// Loads the demo content (demo-content.ts) into an empty database at start. Everything
// goes through the services as the SYSTEM viewer, so revisions, history events and
// search outbox rows are written exactly as for real users. A database that holds any
// practice case or organization is never touched.
import type { MikroORM } from '@mikro-orm/postgresql';
import type { UserError } from '../core/errors';
import type { Logger } from '../core/logger';
import { Organization } from '../modules/organizations/organization.entity';
import { PracticeCase } from '../modules/practice-cases/practice-case.entity';
import type { CaseView } from '../modules/practice-cases/practice-case.view';
import { toGlobalId } from '../core/relay/global-id';
import { enqueueIndexUpdate } from '../core/search/outbox';
import { monthsBefore } from '../modules/practice-cases/practice-case.freshness';
import type { CreatePracticeCaseInput } from '../modules/practice-cases/practice-case.types';
import type { AppServices } from '../services';
import { systemContext } from '../system-context';
import { DEMO_CASES, DEMO_HOSTING_OFFER, DEMO_ORGANIZATIONS, DEMO_VISIT } from './demo-content';

export type DemoResult = { loaded: false; reason: string } | { loaded: true; organizations: number; cases: number; visits: number };

/** "Empty" means no practice cases and no organizations: reference data alone does not count. */
export async function isEmptyForDemo(orm: MikroORM): Promise<boolean> {
  const em = orm.em.fork();
  return (await em.count(PracticeCase, {})) === 0 && (await em.count(Organization, {})) === 0;
}

function ok<T>(what: string, payload: { userErrors: readonly UserError[] }, value: T | null | undefined): T {
  if (payload.userErrors.length || !value) throw new Error(`demo content: ${what} was refused: ${payload.userErrors.map((e) => `${e.field.join('.')}: ${e.message}`).join('; ')}`);
  return value;
}

type DemoContext = ReturnType<typeof systemContext>;
const globalId = (c: CaseView) => toGlobalId('PracticeCase', c.id);

/** Creates the demo cases and takes each to its status; returns them by slug. */
async function loadCases(ctx: DemoContext, services: AppServices): Promise<Map<string, CaseView>> {
  // The list is ordered so that an origin case exists before its adaptations.
  const cases = new Map<string, CaseView>();
  for (const d of DEMO_CASES) {
    const input = {
      slug: d.slug,
      municipality: d.municipality,
      title: d.title,
      summary: d.summary,
      body: d.body,
      kind: d.kind,
      language: d.language,
      themes: d.themes,
      targetGroups: d.targetGroups,
      places: d.places,
      participatingMunicipalities: d.participatingMunicipalities,
      partners: d.partners,
      startedOn: d.startedOn,
      outcomes: d.outcomes,
      funding: d.funding,
      links: d.links,
      contacts: d.contacts,
      adaptedFrom: d.adaptedFrom ? globalId(cases.get(d.adaptedFrom.slug)!) : undefined,
      adaptationNote: d.adaptedFrom?.note,
    } as CreatePracticeCaseInput;
    const created = await services.practiceCases.create(ctx, input);
    let c = ok(`case ${d.slug}`, created, created.practiceCase);
    if (d.status !== 'DRAFT') {
      const submitted = await services.practiceCases.transition(ctx, 'submit', { id: globalId(c), expectedVersion: c.version! });
      c = ok(`submitting ${d.slug}`, submitted, submitted.practiceCase);
    }
    if (d.status === 'PUBLISHED') {
      const published = await services.practiceCases.transition(ctx, 'publish', { id: globalId(c), expectedVersion: c.version! });
      c = ok(`publishing ${d.slug}`, published, published.practiceCase);
      if (d.lastConfirmedMonthsAgo) await backdateConfirmation(ctx, services, c.id, d.lastConfirmedMonthsAgo);
    }
    cases.set(d.slug, c);
  }
  return cases;
}

/**
 * A confirmation in the past cannot be made through the API, which confirms "now"; the
 * demo writes it directly, and queues the case for the index like any write.
 */
async function backdateConfirmation(ctx: DemoContext, services: AppServices, id: string, months: number): Promise<void> {
  await ctx.em.transactional(async (em) => {
    await em.nativeUpdate(PracticeCase, { id }, { lastConfirmedAt: monthsBefore(services.practiceCases.freshness.clock.now(), months) });
    enqueueIndexUpdate(em, 'PracticeCase', [id]);
  });
}

/** The past study visit with its report, and the host's offer to receive more. */
async function loadStudyVisits(ctx: DemoContext, services: AppServices, cases: ReadonlyMap<string, CaseView>): Promise<void> {
  await services.studyVisits.recordPastVisit(ctx, {
    hostMunicipality: DEMO_VISIT.hostMunicipality,
    visitingMunicipality: DEMO_VISIT.visitingMunicipality,
    visitingOrganization: DEMO_VISIT.visitingOrganization,
    practiceCaseId: cases.get(DEMO_VISIT.caseSlug)!.id,
    purpose: DEMO_VISIT.purpose,
    participants: DEMO_VISIT.participants,
    dates: DEMO_VISIT.dates,
    preferredLanguage: DEMO_VISIT.preferredLanguage,
    format: DEMO_VISIT.format,
    requestedAt: DEMO_VISIT.requestedAt,
    acceptedAt: DEMO_VISIT.acceptedAt,
    report: { ...DEMO_VISIT.report, followUpCaseId: cases.get(DEMO_VISIT.followUpCaseSlug)!.id },
  });

  const offer = await services.studyVisits.setHostingOffer(ctx, {
    municipality: DEMO_HOSTING_OFFER.municipality,
    expectedVersion: 0,
    hosts: DEMO_HOSTING_OFFER.hosts,
    cases: DEMO_HOSTING_OFFER.caseSlugs.map((slug) => globalId(cases.get(slug)!)),
    languages: DEMO_HOSTING_OFFER.languages,
    maxVisitsPerQuarter: DEMO_HOSTING_OFFER.maxVisitsPerQuarter,
    digitalPossible: DEMO_HOSTING_OFFER.digitalPossible,
    note: DEMO_HOSTING_OFFER.note,
  });
  ok('hosting offer', offer, offer.hostingOffer);
}

export async function loadDemoContent(orm: MikroORM, services: AppServices, log: Logger): Promise<DemoResult> {
  if (!(await isEmptyForDemo(orm))) return { loaded: false, reason: 'the database already holds practice cases or organizations' };
  const ctx = systemContext(orm, { requestId: 'demo-content', services, log });
  for (const o of DEMO_ORGANIZATIONS) {
    const res = await services.organizations.create(ctx, { name: o.name, slug: o.slug, kind: o.kind, homeMunicipality: o.homeMunicipality, website: o.website ?? null });
    ok(`organization ${o.slug}`, res, res.organization);
  }
  const cases = await loadCases(ctx, services);
  await loadStudyVisits(ctx, services, cases);
  return { loaded: true, organizations: DEMO_ORGANIZATIONS.length, cases: DEMO_CASES.length, visits: 1 };
}
