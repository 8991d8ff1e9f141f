// The exchange network: who learned from whom. Completed study visits link the
// visitor to the host; published adaptations (adaptedFrom) link the adopter to the
// origin. Public: it shows only completed visits and published cases.
import type { FilterQuery } from '@mikro-orm/core';
import type { Context } from '../../core/context';
import { badInput } from '../../core/errors';
import { COUNTY_CODE } from '../geo/geo.service';
import { Municipality } from '../geo/municipality.entity';
import { CaseStatus } from '../practice-cases/practice-case.enums';
import { PracticeCase } from '../practice-cases/practice-case.entity';
import { caseView, type CaseView } from '../practice-cases/practice-case.view';
import { ExchangeEdgeKind, StudyVisitStatus } from './study-visit.enums';
import { StudyVisit } from './study-visit.entity';
import type { ExchangeEdge, ExchangeNetwork, ExchangeNetworkFilter, ExchangeNode } from './study-visit.types';

/** One observed link before grouping. */
export interface ExchangeLink {
  kind: ExchangeEdgeKind;
  from: string;
  to: string;
  on: string | null;
  caseId: string | null;
  visitId: string | null;
}

export interface GroupedEdge {
  kind: ExchangeEdgeKind;
  from: string;
  to: string;
  count: number;
  caseIds: string[];
  visitIds: string[];
  firstOn: string | null;
  lastOn: string | null;
}

/** Groups links per (kind, from, to), in a stable order. Pure. */
export function groupLinks(links: ExchangeLink[]): GroupedEdge[] {
  const edges = new Map<string, GroupedEdge>();
  for (const l of links) {
    if (l.from === l.to) continue;
    const key = `${l.kind}:${l.from}:${l.to}`;
    const e = edges.get(key) ?? { kind: l.kind, from: l.from, to: l.to, count: 0, caseIds: [], visitIds: [], firstOn: null, lastOn: null };
    e.count += 1;
    if (l.caseId && !e.caseIds.includes(l.caseId)) e.caseIds.push(l.caseId);
    if (l.visitId) e.visitIds.push(l.visitId);
    if (l.on && (!e.firstOn || l.on < e.firstOn)) e.firstOn = l.on;
    if (l.on && (!e.lastOn || l.on > e.lastOn)) e.lastOn = l.on;
    edges.set(key, e);
  }
  return [...edges.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

/** A checked filter: county codes, themes expanded to their descendants, a period (either end open). */
interface NetworkFilter {
  counties: string[];
  themeSlugs: string[] | null;
  since: string | null;
  until: string | null;
}

/** Municipalities take part as nodes once each; visit counts come from study-visit edges. Pure. */
export function networkNodes(edges: readonly ExchangeEdge[]): ExchangeNode[] {
  const nodes = new Map<string, ExchangeNode>();
  const node = (m: Municipality) => {
    let n = nodes.get(m.code);
    if (!n) nodes.set(m.code, (n = { municipality: m, visitsHosted: 0, visitsMade: 0 }));
    return n;
  };
  for (const e of edges) {
    const from = node(e.from);
    const to = node(e.to);
    if (e.kind === ExchangeEdgeKind.STUDY_VISIT) {
      from.visitsMade += e.count;
      to.visitsHosted += e.count;
    }
  }
  return [...nodes.values()].sort((a, b) => a.municipality.code.localeCompare(b.municipality.code));
}

export class ExchangeNetworkService {
  async network(ctx: Context, filter: ExchangeNetworkFilter | null | undefined): Promise<ExchangeNetwork> {
    const f = await this.checkFilter(ctx, filter);
    let grouped = groupLinks(await this.links(ctx, f));
    const codes = [...new Set(grouped.flatMap((e) => [e.from, e.to]))];
    const municipalities = new Map(
      (await ctx.loaders.municipality.loadMany(codes)).filter((m): m is Municipality => m instanceof Municipality).map((m) => [m.code, m]),
    );
    if (f.counties.length) {
      const inCounty = (code: string) => f.counties.includes(municipalities.get(code)?.county.code ?? '');
      grouped = grouped.filter((e) => inCounty(e.from) || inCounty(e.to));
    }
    const edges = await this.edges(ctx, grouped, municipalities);
    return { nodes: networkNodes(edges), edges };
  }

  private async checkFilter(ctx: Context, filter: ExchangeNetworkFilter | null | undefined): Promise<NetworkFilter> {
    const counties = filter?.counties ?? [];
    if (counties.length > 21 || !counties.every((c) => COUNTY_CODE.test(c))) throw badInput('filter.counties', 'county codes are two digits');
    let themeSlugs: string[] | null = null;
    if (filter?.themes?.length) {
      if (filter.themes.length > 50) throw badInput('filter.themes', 'at most 50 themes');
      const { slugs, unknown } = await ctx.services.themes.expand(ctx, filter.themes);
      if (unknown.length) throw badInput('filter.themes', `unknown theme ${unknown.slice(0, 3).join(', ')}`);
      themeSlugs = slugs;
    }
    const since = filter?.since ?? null;
    const until = filter?.until ?? null;
    if (since && until && until < since) throw badInput('filter.until', 'until is before since');
    return { counties, themeSlugs, since, until };
  }

  /** Completed visits (visitor → host) and published adaptations (adopter → origin) that match the filter. */
  private async links(ctx: Context, { themeSlugs, since, until }: NetworkFilter): Promise<ExchangeLink[]> {
    // A visit is in the period when its window overlaps it.
    const visitWhere: FilterQuery<StudyVisit>[] = [{ status: StudyVisitStatus.COMPLETED }];
    if (since) visitWhere.push({ windowEnd: { $gte: since } });
    if (until) visitWhere.push({ windowStart: { $lte: until } });
    if (themeSlugs) visitWhere.push({ practiceCase: { themeSlugs: { $overlap: themeSlugs } } });
    const visits = await ctx.em.find(StudyVisit, { $and: visitWhere }, { orderBy: { windowStart: 'asc', id: 'asc' } });

    const adoptionWhere: FilterQuery<PracticeCase>[] = [{ status: CaseStatus.PUBLISHED, adaptedFrom: { status: CaseStatus.PUBLISHED } }];
    if (since) adoptionWhere.push({ publishedAt: { $gte: new Date(`${since}T00:00:00Z`) } });
    if (until) adoptionWhere.push({ publishedAt: { $lte: new Date(`${until}T23:59:59.999Z`) } });
    if (themeSlugs) adoptionWhere.push({ $or: [{ themeSlugs: { $overlap: themeSlugs } }, { adaptedFrom: { themeSlugs: { $overlap: themeSlugs } } }] });
    const adoptions = await ctx.em.find(PracticeCase, { $and: adoptionWhere }, { populate: ['adaptedFrom'], orderBy: { publishedAt: 'asc', id: 'asc' } });
    // The edges read these again through the loaders; primed, that costs no queries.
    for (const c of adoptions) ctx.loaders.practiceCase.prime(c.id, caseView(c));
    for (const v of visits) ctx.loaders.studyVisit.prime(v.id, v);
    return [
      ...visits.map((v) => ({
        kind: ExchangeEdgeKind.STUDY_VISIT,
        from: v.visitingMunicipality.code,
        to: v.hostMunicipality.code,
        on: v.scheduledStart ?? v.windowStart,
        caseId: v.practiceCase?.id ?? null,
        visitId: v.id,
      })),
      ...adoptions.map((c) => ({
        kind: ExchangeEdgeKind.ADAPTATION,
        from: c.municipality.code,
        to: c.adaptedFrom!.getEntity().municipality.code,
        on: c.publishedAt ? c.publishedAt.toISOString().slice(0, 10) : null,
        caseId: c.id,
        visitId: null,
      })),
    ];
  }

  /** Each grouped edge with its municipalities, the published cases and the visits it stands for. */
  private async edges(ctx: Context, grouped: readonly GroupedEdge[], municipalities: ReadonlyMap<string, Municipality>): Promise<ExchangeEdge[]> {
    const edges: ExchangeEdge[] = [];
    for (const e of grouped) {
      const cases = (await Promise.all(e.caseIds.map((id) => ctx.services.practiceCases.byId(ctx, id)))).filter(
        (c): c is CaseView => !!c && c.status === CaseStatus.PUBLISHED,
      );
      const edgeVisits = (await Promise.all(e.visitIds.map((id) => ctx.services.studyVisits.byId(ctx, id)))).filter((v): v is StudyVisit => !!v);
      edges.push({ kind: e.kind, from: municipalities.get(e.from)!, to: municipalities.get(e.to)!, count: e.count, cases, visits: edgeVisits, firstOn: e.firstOn, lastOn: e.lastOn });
    }
    return edges;
  }
}
