// The indexer's view of practice cases: which cases an outbox row touches (a renamed
// municipality, theme or organization fans out to the published cases that mention
// it), and the current documents of published cases. Everything a document needs is
// loaded in a few set-based queries per batch, then mapped by caseContent (the same
// content a revision stores) and toSearchDocument.
import type { EntityManager } from '@mikro-orm/postgresql';
import { isUuid } from '../../core/relay/global-id';
import type { DocumentSource } from '../../core/search/indexer';
import { County } from '../geo/county.entity';
import { Municipality } from '../geo/municipality.entity';
import { caseContent, partnerContent } from '../practice-cases/practice-case.content';
import { CaseStatus } from '../practice-cases/practice-case.enums';
import { PracticeCase, PracticeCasePartner } from '../practice-cases/practice-case.entity';
import { Theme } from '../themes/theme.entity';
import { expandThemes } from '../themes/theme.service';
import { toSearchDocument, type ReferenceForIndex, type SearchDocument } from './search-document';

/**
 * Which of these cases' owners host study visits. The study-visits module provides
 * the real answer (HostingOffer); until it is wired in, nobody does.
 */
export type HostingLookup = (em: EntityManager, cases: readonly { id: string; ownerCode: string }[]) => Promise<ReadonlySet<string>>;

export const noHostingOffers: HostingLookup = async () => new Set();

export class PracticeCaseDocuments implements DocumentSource<SearchDocument> {
  constructor(private readonly hostsStudyVisits: HostingLookup = noHostingOffers) {}

  async affected(em: EntityManager, rows: ReadonlyMap<string, readonly string[]>): Promise<string[]> {
    const ids = new Set(rows.get('PracticeCase') ?? []);
    const published = { status: CaseStatus.PUBLISHED };
    const municipalities = [...(rows.get('Municipality') ?? [])];
    if (municipalities.length) {
      const cases = await em.find(PracticeCase, { ...published, $or: [{ municipality: { $in: municipalities } }, { participantCodes: { $overlap: municipalities } }] }, { fields: ['id'] });
      cases.forEach((c) => ids.add(c.id));
    }
    const themes = [...(rows.get('Theme') ?? [])];
    if (themes.length) {
      // A document carries its themes' ancestors' labels, so a parent's new label
      // reaches the cases filed under any of its descendants.
      const taxonomy = await em.find(Theme, {});
      const { slugs } = expandThemes(taxonomy.map((t) => ({ slug: t.slug, parent: t.parent?.slug ?? null })), themes);
      if (slugs.length) (await em.find(PracticeCase, { ...published, themeSlugs: { $overlap: slugs } }, { fields: ['id'] })).forEach((c) => ids.add(c.id));
    }
    // Outbox ids come from our own writes, but a malformed one must not break the batch's queries.
    return [...ids].filter(isUuid);
  }

  async load(em: EntityManager, ids: readonly string[]): Promise<SearchDocument[]> {
    if (!ids.length) return [];
    return this.documents(em, await em.find(PracticeCase, { id: { $in: [...ids] }, status: CaseStatus.PUBLISHED }));
  }

  count(em: EntityManager): Promise<number> {
    return em.count(PracticeCase, { status: CaseStatus.PUBLISHED });
  }

  async page(em: EntityManager, afterId: string | null, limit: number): Promise<SearchDocument[]> {
    const cases = await em.find(PracticeCase, { status: CaseStatus.PUBLISHED, ...(afterId ? { id: { $gt: afterId } } : {}) }, { orderBy: { id: 'asc' }, limit });
    return this.documents(em, cases);
  }

  private async documents(em: EntityManager, cases: PracticeCase[]): Promise<SearchDocument[]> {
    if (!cases.length) return [];
    const caseIds = cases.map((c) => c.id);
    const codes = [...new Set(cases.flatMap((c) => [c.municipality.code, ...c.participantCodes]))];
    // One after another: inside the indexer's transaction they share one connection,
    // and pg no longer wants queries queued on a busy client.
    const partners = await em.find(PracticeCasePartner, { practiceCase: { $in: caseIds } }, { populate: ['organization'], orderBy: { position: 'asc' } });
    const themes = await em.find(Theme, {});
    const municipalities = await em.find(Municipality, { code: { $in: codes } });
    const counties = await em.find(County, {});
    const hosts = await this.hostsStudyVisits(em, cases.map((c) => ({ id: c.id, ownerCode: c.municipality.code })));
    const ref: ReferenceForIndex = {
      themes: new Map(themes.map((t) => [t.slug, { slug: t.slug, parent: t.parent?.slug ?? null, labelSv: t.labelSv, labelEn: t.labelEn }])),
      municipalities: new Map(
        municipalities.map((m) => [m.code, { code: m.code, name: m.name, shortName: m.shortName, countyCode: m.county.code, latitude: m.latitude, longitude: m.longitude }]),
      ),
      counties: new Map(counties.map((c) => [c.code, { code: c.code, name: c.name, shortName: c.shortName }])),
    };
    const partnersOf = new Map<string, PracticeCasePartner[]>();
    for (const p of partners) partnersOf.set(p.practiceCase.id, [...(partnersOf.get(p.practiceCase.id) ?? []), p]);
    return cases.map((c) => {
      const own = partnersOf.get(c.id) ?? [];
      const content = caseContent(c, own.map(partnerContent));
      const forIndex = { ...content, id: c.id, publishedAt: c.publishedAt, lastConfirmedAt: c.lastConfirmedAt, updatedAt: c.updatedAt, organizationNames: own.map((p) => p.organization.getEntity().name) };
      return toSearchDocument(forIndex, ref, hosts.has(c.id));
    });
  }
}

/**
 * Reads the study-visits module's `hosting_offer` table when it is there (an offer
 * with `hosts` covers the listed cases, or all of the municipality's cases when the
 * list is empty). Checking the columns first keeps a missing or different table from
 * failing the indexer's transaction.
 */
export const hostingOfferTable: HostingLookup = async (em, cases) => {
  if (!cases.length) return new Set();
  const owners = [...new Set(cases.map((c) => c.ownerCode))];
  const offers = await em.execute<{ municipality_code: string; case_ids: string[] | null }[]>(
    `select municipality_code, case_ids from hosting_offer
     where hosts and municipality_code in (select jsonb_array_elements_text(?::jsonb))`,
    [JSON.stringify(owners)],
    'all',
    em.getLoggerContext(),
  );
  const byOwner = new Map(offers.map((o) => [o.municipality_code, o.case_ids ?? []]));
  return new Set(
    cases.filter((c) => {
      const listed = byOwner.get(c.ownerCode);
      return listed !== undefined && (listed.length === 0 || listed.includes(c.id));
    }).map((c) => c.id),
  );
};
