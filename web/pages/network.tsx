// The exchange network (/natverk): who learned from whom, as arrows on a map of Sweden
// and, for everyone, as a table of the same links, one row per visit or adapted case.
// A GET form filters by county (?lan=), theme (?tema=) and years (?fran=, ?till=); the
// API's exchangeNetwork does the filtering, the page only checks the values first.
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { NetworkMap, type NetworkArrow, type NetworkPlace } from '../components/NetworkMap';
import { graphql, query } from '../server/graphql';
import { apiLanguage, formatDate, type Messages } from '../server/i18n';
import { one, type PageRequest, type PageRoute } from '../server/page';

type Kind = 'STUDY_VISIT' | 'ADAPTATION';
interface CaseRef {
  slug: string;
  title: string;
}
interface ThemeOption {
  slug: string;
  label: string;
}

const NETWORK_OPTIONS = graphql<
  { counties: { code: string; name: string }[]; themes: (ThemeOption & { children: ThemeOption[] })[] },
  { language: 'SV' | 'EN' }
>(`query NetworkOptions($language: Language!) {
  counties { code name }
  themes { slug label(language: $language) children { slug label(language: $language) } }
}`);

interface EdgeData {
  kind: Kind;
  count: number;
  from: NetworkPlace;
  to: NetworkPlace;
  cases: (CaseRef & { publishedAt: string | null })[];
  visits: { id: string; scheduledDates: { start: string } | null; proposedDates: { start: string }[]; practiceCase: CaseRef | null }[];
}

interface NetworkFilter {
  counties?: string[];
  themes?: string[];
  since?: string;
  until?: string;
}

const PLACE = 'code name location { latitude longitude }';
const NETWORK = graphql<{ exchangeNetwork: { edges: EdgeData[] } }, { filter: NetworkFilter }>(`query NetworkPage($filter: ExchangeNetworkFilter) {
  exchangeNetwork(filter: $filter) {
    edges {
      kind count from { ${PLACE} } to { ${PLACE} }
      cases { slug title publishedAt }
      visits { id scheduledDates { start } proposedDates { start } practiceCase { slug title } }
    }
  }
}`);

/** Years the form accepts: the platform's data starts long after 1990. */
const FIRST_YEAR = 1990;
const LAST_YEAR = 2100;

export interface NetworkParams {
  lan?: string;
  tema?: string;
  fran?: string;
  till?: string;
}

function checkYear(value: string | undefined, field: string, label: string, t: Messages['network'], errors: FieldError[]): number | undefined {
  if (value === undefined) return undefined;
  const year = /^\d{4}$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (year >= FIRST_YEAR && year <= LAST_YEAR) return year;
  errors.push({ field, message: t.badYear(label) });
  return undefined;
}

/** The form's values checked against the options; errors name the field to fix. */
export function networkFilter(params: NetworkParams, options: { counties: string[]; themes: string[] }, t: Messages['network']) {
  const errors: FieldError[] = [];
  if (params.lan !== undefined && !options.counties.includes(params.lan)) errors.push({ field: 'lan', message: t.badCounty });
  if (params.tema !== undefined && !options.themes.includes(params.tema)) errors.push({ field: 'tema', message: t.badTheme });
  const from = checkYear(params.fran, 'fran', t.from, t, errors);
  const to = checkYear(params.till, 'till', t.to, t, errors);
  if (from !== undefined && to !== undefined && to < from) errors.push({ field: 'till', message: t.badOrder });
  const filter: NetworkFilter = {};
  if (params.lan) filter.counties = [params.lan];
  if (params.tema) filter.themes = [params.tema];
  if (from !== undefined) filter.since = `${from}-01-01`;
  if (to !== undefined) filter.until = `${to}-12-31`;
  return { filter, errors };
}

/** One row of the table: a single visit, or a single adapted case. */
export interface NetworkRow {
  kind: Kind;
  from: NetworkPlace;
  to: NetworkPlace;
  on: string | null;
  practice: CaseRef | null;
}

export function networkRows(edges: readonly EdgeData[]): NetworkRow[] {
  const rows: NetworkRow[] = [];
  for (const e of edges) {
    const base = { kind: e.kind, from: e.from, to: e.to };
    if (e.kind === 'STUDY_VISIT') {
      for (const v of e.visits) rows.push({ ...base, on: v.scheduledDates?.start ?? v.proposedDates[0]?.start ?? null, practice: v.practiceCase });
    } else {
      for (const c of e.cases) rows.push({ ...base, on: c.publishedAt?.slice(0, 10) ?? null, practice: { slug: c.slug, title: c.title } });
    }
  }
  // Newest first; undated last; ties in a fixed order so the table never shuffles.
  return rows.sort((a, b) => (b.on ?? '').localeCompare(a.on ?? '') || a.from.name.localeCompare(b.from.name, 'sv') || a.to.name.localeCompare(b.to.name, 'sv'));
}

const casePath = (c: CaseRef) => `/praktik/${encodeURIComponent(c.slug)}`;

function arrows(edges: readonly EdgeData[], t: Messages['network']): NetworkArrow[] {
  return edges.map((e) => {
    const only = e.cases.length === 1 ? e.cases[0] : null;
    return {
      kind: e.kind,
      from: e.from,
      to: e.to,
      count: e.count,
      href: only ? casePath(only) : `/kommun/${e.from.code}`,
      title: t.arrowTitle(e.from.name, e.to.name, t.kindCount[e.kind](e.count)),
    };
  });
}

function FilterForm({ page, params, options }: { page: PageRequest; params: NetworkParams; options: { counties: { code: string; name: string }[]; themes: (ThemeOption & { children: ThemeOption[] })[] } }) {
  const t = page.t.network;
  const filtered = Object.values(params).some((v) => v !== undefined);
  return (
    <form class="network-filters" action="/natverk" method="get" aria-labelledby="filter-title">
      <h2 class="network-filters__title" id="filter-title">
        {t.filters}
      </h2>
      <div class="network-filters__fields">
        <div class="field">
          <label class="label" for="lan">
            {t.county}
          </label>
          <p class="hint" id="lan-hint">
            {t.countyHint}
          </p>
          <select class="select" id="lan" name="lan" aria-describedby="lan-hint">
            <option value="">{t.anyCounty}</option>
            {options.counties.map((c) => (
              <option value={c.code} selected={c.code === params.lan}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label class="label" for="tema">
            {t.theme}
          </label>
          <select class="select" id="tema" name="tema">
            <option value="">{t.anyTheme}</option>
            {options.themes.flatMap((theme) => [theme, ...theme.children.map((c) => ({ ...c, child: true }))]).map((o) => (
              <option value={o.slug} selected={o.slug === params.tema}>
                {'child' in o ? `\u00a0\u00a0\u00a0${o.label}` : o.label}
              </option>
            ))}
          </select>
        </div>
        <fieldset class="field fieldset" aria-describedby="period-hint">
          <legend class="label">{t.period}</legend>
          <p class="hint" id="period-hint">
            {t.yearHint}
          </p>
          <div class="network-filters__years">
            {(['fran', 'till'] as const).map((name) => (
              <div>
                <label for={name}>{name === 'fran' ? t.from : t.to}</label>
                <input class="input input--year" id={name} name={name} type="text" inputMode="numeric" maxLength={4} size={4} autoComplete="off" value={params[name] ?? ''} />
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      {page.lang === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
      <p class="network-filters__actions">
        <button class="button" type="submit">
          {t.apply}
        </button>
        {filtered ? <a href={page.href('/natverk')}>{t.clear}</a> : null}
      </p>
    </form>
  );
}

function NetworkTable({ page, rows }: { page: PageRequest; rows: NetworkRow[] }) {
  const t = page.t.network;
  const place = (p: NetworkPlace) => <a href={page.href(`/kommun/${p.code}`)}>{p.name}</a>;
  return (
    <div class="table-scroll" role="region" aria-labelledby="network-table-caption" tabIndex={0}>
      <table class="table network-table">
        <caption id="network-table-caption">{t.tableCaption(rows.length)}</caption>
        <thead>
          <tr>
            <th scope="col">{t.colFrom}</th>
            <th scope="col">{t.colTo}</th>
            <th scope="col">{t.colKind}</th>
            <th scope="col">{t.colDate}</th>
            <th scope="col">{t.colCase}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr class="network-table__row" data-kind={r.kind} data-from={r.from.code} data-to={r.to.code}>
              <td>{place(r.from)}</td>
              <td>{place(r.to)}</td>
              <td>{t.kinds[r.kind]}</td>
              <td>{r.on ? <time dateTime={r.on}>{formatDate(r.on, page.lang)}</time> : '–'}</td>
              <td>{r.practice ? <a href={page.href(casePath(r.practice))}>{r.practice.title}</a> : t.noCase}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MapFigure({ page, edges }: { page: PageRequest; edges: EdgeData[] }) {
  const t = page.t.network;
  return (
    <figure class="network-map">
      <NetworkMap page={page} arrows={arrows(edges, t)} captionId="network-map-caption" />
      <figcaption class="network-map__caption">
        <span id="network-map-caption">{t.mapLabel(edges.length)}</span>
        <ul class="network-map__legend">
          <li>
            <strong>{t.legendDirection}</strong>
          </li>
          {(['STUDY_VISIT', 'ADAPTATION'] as const).map((kind) => (
            <li>
              <span class={`network-map__key network-map__key--${kind}`} aria-hidden="true" /> {t.kinds[kind]}
            </li>
          ))}
          <li>{t.legendWidth}</li>
          <li>{t.legendSeat}</li>
        </ul>
      </figcaption>
    </figure>
  );
}

export const networkPage: PageRoute = {
  path: '/natverk',
  async load(page) {
    const t = page.t.network;
    const params: NetworkParams = { lan: one(page, 'lan', 2), tema: one(page, 'tema', 100), fran: one(page, 'fran', 10), till: one(page, 'till', 10) };
    const options = await query(page, NETWORK_OPTIONS, { language: apiLanguage(page.lang) });
    const known = { counties: options.counties.map((c) => c.code), themes: options.themes.flatMap((th) => [th.slug, ...th.children.map((c) => c.slug)]) };
    const { filter, errors } = networkFilter(params, known, t);
    const edges = errors.length ? [] : (await query(page, NETWORK, { filter })).exchangeNetwork.edges;
    const rows = networkRows(edges);
    return {
      title: errors.length ? `${t.errorTitle}: ${t.title}` : t.title,
      description: t.description,
      styles: ['network.css'],
      status: errors.length ? 400 : undefined,
      noindex: errors.length > 0,
      body: (
        <>
          <h1>{t.title}</h1>
          <ErrorSummary title={t.errorTitle} errors={errors} />
          <p class="lead">{t.intro}</p>
          <FilterForm page={page} params={params} options={options} />
          {errors.length ? null : (
            <div class="network">
              <section class="network__map" aria-labelledby="network-map-title">
                <h2 id="network-map-title">{t.mapTitle}</h2>
                <MapFigure page={page} edges={edges} />
              </section>
              <section class="network__table" aria-labelledby="network-table-title">
                <h2 id="network-table-title">{t.tableTitle}</h2>
                {rows.length ? <NetworkTable page={page} rows={rows} /> : <p>{t.empty}</p>}
              </section>
            </div>
          )}
        </>
      ),
    };
  },
};
