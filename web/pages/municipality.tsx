// The municipality index (/kommun: every municipality by county, with its count of
// published cases) and a municipality's page (/kommun/<code>: its cases paged, its
// hosting offer, the visits it hosted and made, its calendar feed and its links in the
// exchange network). Everything comes from the public schema as an anonymous reader
// sees it: visits without contacts, only ACCEPTED and COMPLETED ones.
import { Breadcrumbs } from '../components/Breadcrumbs';
import { CASE_CARD_FIELDS, CaseList, type CaseCardData } from '../components/CaseList';
import { NetworkMap, type NetworkArrow, type NetworkPlace } from '../components/NetworkMap';
import { pageArgs, Pagination, type PageArgs, type PageInfo } from '../components/Pagination';
import { STUDY_VISIT_FIELDS, StudyVisitList, type StudyVisitData } from '../components/StudyVisitList';
import { MUNICIPALITY_CODE } from '../../server/src/modules/geo/geo.service';
import { graphql, query } from '../server/graphql';
import { formatDate } from '../server/i18n';
import { NotFound, type PageRequest, type PageRoute } from '../server/page';

interface MunicipalityRef {
  code: string;
  name: string;
}

const MUNICIPALITY_INDEX = graphql<{
  counties: { code: string; name: string; municipalities: MunicipalityRef[] }[];
  search: { facets: { municipalities: { value: string; count: number }[] } };
}>(`query MunicipalityIndex {
  counties { code name municipalities { code name } }
  search(first: 1) { facets { municipalities { value count } } }
}`);

export const municipalityIndexPage: PageRoute = {
  path: '/kommun',
  async load(page) {
    const { t } = page;
    const data = await query(page, MUNICIPALITY_INDEX, {});
    const counts = new Map(data.search.facets.municipalities.map((f) => [f.value, f.count]));
    return {
      title: t.municipalities.title,
      description: t.municipalities.description,
      styles: ['municipality.css'],
      body: (
        <>
          <h1>{t.municipalities.title}</h1>
          <p class="lead">{t.municipalities.intro}</p>
          <ul class="county-list">
            {data.counties.map((county) => (
              <li class="county-list__item">
                <h2 class="county-list__title">{county.name}</h2>
                <ul class="county-list__municipalities" aria-label={t.municipalities.countyMunicipalities(county.name)}>
                  {[...county.municipalities].sort((a, b) => a.name.localeCompare(b.name, 'sv')).map((m) => (
                    <li>
                      <a href={page.href(`/kommun/${m.code}`)}>{m.name}</a>
                      {counts.get(m.code) ? <span class="count"> {t.municipalities.caseCount(counts.get(m.code)!)}</span> : null}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      ),
    };
  },
};

/** Cases per page of a municipality. */
export const MUNICIPALITY_PAGE_SIZE = 10;
/** Visits listed per side; the API allows up to 100 a page, and few municipalities have more. */
export const VISITS_SHOWN = 50;

interface VisitConnection {
  totalCount: number;
  edges: { node: StudyVisitData }[];
}

interface MunicipalityData {
  code: string;
  name: string;
  seat: string;
  county: { code: string; name: string };
  practiceCases: { totalCount: number; pageInfo: PageInfo; edges: { node: CaseCardData }[] };
  hostingOffer: null | {
    hosts: boolean;
    languages: string[];
    maxVisitsPerQuarter: number | null;
    digitalPossible: boolean;
    note: string | null;
    cases: { slug: string; title: string }[];
  };
  hostedStudyVisits: VisitConnection;
  requestedStudyVisits: VisitConnection;
}

const MUNICIPALITY_PAGE = graphql<{ municipality: MunicipalityData | null }, PageArgs & { code: string; visits: number }>(`
query MunicipalityPage($code: String!, $visits: Int!, $first: Int, $after: String, $last: Int, $before: String) {
  municipality(code: $code) {
    code name seat
    county { code name }
    practiceCases(first: $first, after: $after, last: $last, before: $before, orderBy: { field: PUBLISHED_AT, direction: DESC }) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { node { ${CASE_CARD_FIELDS} } }
    }
    hostingOffer { hosts languages maxVisitsPerQuarter digitalPossible note cases { slug title } }
    hostedStudyVisits(first: $visits, statuses: [ACCEPTED, COMPLETED]) { totalCount edges { node { ${STUDY_VISIT_FIELDS} } } }
    requestedStudyVisits(first: $visits, statuses: [ACCEPTED, COMPLETED]) { totalCount edges { node { ${STUDY_VISIT_FIELDS} } } }
  }
}`);

interface ExchangeEdgeData {
  kind: string;
  count: number;
  firstOn: string | null;
  lastOn: string | null;
  from: NetworkPlace;
  to: NetworkPlace;
  cases: { slug: string; title: string }[];
}

// The network has no filter by municipality; by county it holds every link with an end
// in the county, so every link of a municipality in it. The page keeps its own links.
const MUNICIPALITY_NETWORK = graphql<{ exchangeNetwork: { edges: ExchangeEdgeData[] } }, { counties: string[] }>(`
query MunicipalityNetwork($counties: [String!]) {
  exchangeNetwork(filter: { counties: $counties }) {
    edges { kind count firstOn lastOn from { ...Place } to { ...Place } cases { slug title } }
  }
}
fragment Place on Municipality { code name location { latitude longitude } }`);

function HostingOffer({ page, offer }: { page: PageRequest; offer: MunicipalityData['hostingOffer'] }) {
  const t = page.t.municipality;
  if (!offer) return <p>{t.noOffer}</p>;
  if (!offer.hosts) return <p>{t.hostsNot}</p>;
  return (
    <>
      <dl class="facts">
        <dt>{t.languages}</dt>
        <dd>{offer.languages.map((l) => t.languageNames[l] ?? l).join(', ')}</dd>
        <dt>{t.maxPerQuarter}</dt>
        <dd>{offer.maxVisitsPerQuarter ?? t.noLimit}</dd>
        <dt>{t.digital}</dt>
        <dd>{offer.digitalPossible ? t.yes : t.no}</dd>
      </dl>
      {offer.note ? <p>{offer.note}</p> : null}
      {offer.cases.length ? (
        <>
          <p>{t.offerCases}:</p>
          <ul>
            {offer.cases.map((c) => (
              <li>
                <a href={page.href(`/praktik/${encodeURIComponent(c.slug)}`)}>{c.title}</a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t.offerAllCases}</p>
      )}
    </>
  );
}

function Visits({ page, visits, empty }: { page: PageRequest; visits: VisitConnection; empty: string }) {
  if (!visits.edges.length) return <p>{empty}</p>;
  return (
    <>
      <StudyVisitList page={page} visits={visits.edges.map((e) => e.node)} />
      {visits.totalCount > visits.edges.length ? <p class="hint">{page.t.municipality.showingVisits(visits.edges.length, visits.totalCount)}</p> : null}
    </>
  );
}

function period(page: PageRequest, edge: ExchangeEdgeData): string | null {
  const dates = [edge.firstOn, edge.lastOn].filter((d): d is string => !!d).map((d) => formatDate(d, page.lang));
  return dates.length ? [...new Set(dates)].join(' – ') : null;
}

/** The links of one side grouped by the municipality at the far end (`other`), in first-seen order. */
function byOther(edges: ExchangeEdgeData[], other: 'from' | 'to'): { m: MunicipalityRef; edges: ExchangeEdgeData[] }[] {
  const groups = new Map<string, { m: MunicipalityRef; edges: ExchangeEdgeData[] }>();
  for (const e of edges) {
    const group = groups.get(e[other].code) ?? { m: e[other], edges: [] };
    group.edges.push(e);
    groups.set(e[other].code, group);
  }
  return [...groups.values()];
}

function ExchangeEdge({ page, edge }: { page: PageRequest; edge: ExchangeEdgeData }) {
  const t = page.t.municipality;
  const when = period(page, edge);
  return (
    <li>
      <span class="exchange-list__meta">
        <span>
          {t.kinds[edge.kind] ?? edge.kind} × {edge.count}
        </span>
        {when ? <span>{when}</span> : null}
      </span>
      {edge.cases.length ? (
        <span class="exchange-list__cases">
          {t.linkCases}:{' '}
          {edge.cases.map((c, i) => (
            <>
              {i ? ', ' : null}
              <a href={page.href(`/praktik/${encodeURIComponent(c.slug)}`)}>{c.title}</a>
            </>
          ))}
        </span>
      ) : null}
    </li>
  );
}

/** One side of the municipality's exchange links; `other` picks the municipality at the far end. */
function ExchangeLinks({ page, edges, other, empty }: { page: PageRequest; edges: ExchangeEdgeData[]; other: 'from' | 'to'; empty: string }) {
  if (!edges.length) return <p>{empty}</p>;
  return (
    <ul class="exchange-list">
      {byOther(edges, other).map((group) => (
        <li class="exchange-list__item">
          <p class="exchange-list__who">
            <a href={page.href(`/kommun/${group.m.code}`)}>{group.m.name}</a>
          </p>
          <ul class="exchange-list__edges">
            {group.edges.map((edge) => (
              <ExchangeEdge page={page} edge={edge} />
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

/** The same links on the shared map of Sweden; each arrow leads to the far end's page. */
function ExchangeMap({ page, code, edges }: { page: PageRequest; code: string; edges: ExchangeEdgeData[] }) {
  const t = page.t.municipality;
  const arrows: NetworkArrow[] = edges.map((e) => ({
    kind: e.kind === 'ADAPTATION' ? 'ADAPTATION' : 'STUDY_VISIT',
    from: e.from,
    to: e.to,
    count: e.count,
    href: `/kommun/${e.from.code === code ? e.to.code : e.from.code}`,
    title: `${e.from.name} → ${e.to.name}: ${t.kinds[e.kind] ?? e.kind} × ${e.count}`,
  }));
  return (
    <figure class="network-map municipality-map">
      <NetworkMap page={page} arrows={arrows} captionId="municipality-map-caption" />
      <figcaption class="network-map__caption">
        <span id="municipality-map-caption">{t.mapCaption}</span>
        <ul class="network-map__legend">
          {(['STUDY_VISIT', 'ADAPTATION'] as const).map((kind) => (
            <li>
              <span class={`network-map__key network-map__key--${kind}`} aria-hidden="true" /> {t.kinds[kind]}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

function Exchange({ page, code, edges }: { page: PageRequest; code: string; edges: ExchangeEdgeData[] }) {
  const t = page.t.municipality;
  return (
    <section aria-labelledby="exchange">
      <h2 id="exchange">{t.network}</h2>
      <p>{t.networkIntro}</p>
      <div class={edges.length ? 'exchange exchange--with-map' : 'exchange'}>
        <div class="exchange__lists">
          <h3>{t.learnedFrom}</h3>
          <ExchangeLinks page={page} edges={edges.filter((e) => e.from.code === code)} other="to" empty={t.noLearnedFrom} />
          <h3>{t.learnedBy}</h3>
          <ExchangeLinks page={page} edges={edges.filter((e) => e.to.code === code)} other="from" empty={t.noLearnedBy} />
        </div>
        {edges.length ? <ExchangeMap page={page} code={code} edges={edges} /> : null}
      </div>
    </section>
  );
}

function MunicipalityBody({ page, m, edges }: { page: PageRequest; m: MunicipalityData; edges: ExchangeEdgeData[] }) {
  const t = page.t.municipality;
  const cases = m.practiceCases;
  return (
    <>
      <Breadcrumbs page={page} trail={[{ label: page.t.municipalities.title, path: '/kommun' }, { label: m.name }]} />
      <h1>{m.name}</h1>
      <dl class="facts">
        <dt>{t.county}</dt>
        <dd>{m.county.name}</dd>
        <dt>{t.seat}</dt>
        <dd>{m.seat}</dd>
      </dl>
      <h2 id="cases">
        {t.cases} <span class="count">({cases.totalCount})</span>
      </h2>
      {cases.edges.length ? <CaseList page={page} cases={cases.edges.map((e) => e.node)} /> : <p>{t.noCases}</p>}
      <Pagination page={page} pageInfo={cases.pageInfo} />
      <h2>{t.hosting}</h2>
      <HostingOffer page={page} offer={m.hostingOffer} />
      {page.viewer.municipalityCode === m.code || page.viewer.role === 'ADMIN' ? (
        <p>
          <a class="municipality__edit-offer" href={page.href(`/kommun/${m.code}/vardskap`)}>
            {page.t.hostingEditor.edit}
          </a>
        </p>
      ) : null}
      <h3>{t.visitsHosted}</h3>
      <Visits page={page} visits={m.hostedStudyVisits} empty={t.noVisitsHosted} />
      <h3>{t.visitsMade}</h3>
      <Visits page={page} visits={m.requestedStudyVisits} empty={t.noVisitsMade} />
      <p>
        <a class="calendar-link" href={`/calendar/municipalities/${m.code}.ics`} type="text/calendar">
          {t.calendar}
        </a>
        <br />
        <span class="hint">{t.calendarHint}</span>
      </p>
      <Exchange page={page} code={m.code} edges={edges} />
    </>
  );
}

export const municipalityPage: PageRoute = {
  path: '/kommun/:code',
  async load(page) {
    const code = page.params.code;
    if (!MUNICIPALITY_CODE.test(code)) throw new NotFound(`no municipality ${code.slice(0, 20)}`);
    const data = await query(page, MUNICIPALITY_PAGE, { code, visits: VISITS_SHOWN, ...pageArgs(page, MUNICIPALITY_PAGE_SIZE) });
    const m = data.municipality;
    if (!m) throw new NotFound(`no municipality ${code}`);
    const network = await query(page, MUNICIPALITY_NETWORK, { counties: [m.county.code] });
    const edges = network.exchangeNetwork.edges.filter((e) => e.from.code === code || e.to.code === code);
    return {
      title: m.name,
      description: page.t.municipality.description(m.name, m.county.name),
      // Later pages of cases are their own documents; their cursors are the canonical address.
      canonical: { path: page.path, params: { efter: page.search.get('efter'), fore: page.search.get('fore') } },
      styles: ['network.css', 'municipality.css'],
      body: <MunicipalityBody page={page} m={m} edges={edges} />,
    };
  },
};
