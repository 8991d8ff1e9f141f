// The start page, the front door for a municipal official: one search box (the GET
// form to /sok), what Utbyte is in two sentences, and the ways in — themes with their
// counts, the newest cases, the municipalities that host study visits, the exchange
// network and the municipality index. Everything comes from the public API.
import { CASE_CARD_FIELDS, CaseList, type CaseCardData } from '../components/CaseList';
import { graphql, query, QueryFailed } from '../server/graphql';
import { apiLanguage } from '../server/i18n';
import type { PageRequest, PageRoute } from '../server/page';

/** How many of the newest cases and of the hosting municipalities the page lists. */
export const RECENT_CASES = 4;
export const HOSTS_SHOWN = 12;

interface Host {
  code: string;
  name: string;
  hostingOffer: { languages: ('SV' | 'EN')[]; digitalPossible: boolean } | null;
}

// PostgreSQL only: the front door opens even while search is unavailable.
const HOME = graphql<
  {
    themes: { slug: string; label: string }[];
    practiceCases: { edges: { node: CaseCardData }[] };
    municipalities: { totalCount: number; edges: { node: Host }[] };
  },
  { language: 'SV' | 'EN'; recent: number; hosts: number }
>(`query Home($language: Language!, $recent: Int!, $hosts: Int!) {
  themes { slug label(language: $language) }
  practiceCases(first: $recent, filter: { statuses: [PUBLISHED] }, orderBy: { field: PUBLISHED_AT, direction: DESC }) {
    edges { node { ${CASE_CARD_FIELDS} } }
  }
  municipalities(first: $hosts, filter: { hostsStudyVisits: true }) {
    totalCount
    edges { node { code name hostingOffer { languages digitalPossible } } }
  }
}`);

// The same counts as the theme index (/tema): search facets, published cases only.
const THEME_COUNTS = graphql<{ search: { facets: { themes: { value: string; count: number }[] } } }>(`query HomeThemeCounts {
  search(first: 1) { facets { themes { value count } } }
}`);

/** Theme counts, or null while search is unavailable: the page then lists the themes without them. */
async function themeCounts(page: PageRequest): Promise<Map<string, number> | null> {
  try {
    const data = await query(page, THEME_COUNTS, {});
    return new Map(data.search.facets.themes.map((f) => [f.value, f.count]));
  } catch (err) {
    if (err instanceof QueryFailed && err.errors.every((e) => e.extensions?.code === 'SEARCH_UNAVAILABLE')) return null;
    throw err;
  }
}

function SearchBox({ page }: { page: PageRequest }) {
  const { t } = page;
  return (
    <form class="search-form home__search" action="/sok" method="get" role="search">
      <label class="label" for="q">
        {t.home.searchLabel}
      </label>
      <p class="hint" id="q-hint">
        {t.home.searchHint}
      </p>
      <div class="search-form__row">
        <input class="input" id="q" name="q" type="search" maxLength={500} aria-describedby="q-hint" autoComplete="off" />
        {page.lang === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
        <button class="button" type="submit">
          {t.home.searchButton}
        </button>
      </div>
    </form>
  );
}

function Themes({ page, themes, counts }: { page: PageRequest; themes: { slug: string; label: string }[]; counts: Map<string, number> | null }) {
  const { t } = page;
  return (
    <section class="home__section" aria-labelledby="teman-rubrik">
      <h2 id="teman-rubrik">{t.home.themesTitle}</h2>
      {counts ? null : <p class="hint">{t.home.themeCountsMissing}</p>}
      <ul class="home-themes">
        {themes.map((theme) => (
          <li class="home-themes__item">
            <a href={page.href(`/tema/${encodeURIComponent(theme.slug)}`)}>{theme.label}</a>
            {counts ? <span class="count">{t.themes.caseCount(counts.get(theme.slug) ?? 0)}</span> : null}
          </li>
        ))}
      </ul>
      <p>
        <a href={page.href('/tema')}>{t.home.allThemes}</a>
      </p>
    </section>
  );
}

function Hosts({ page, hosts, total }: { page: PageRequest; hosts: Host[]; total: number }) {
  const { t } = page;
  if (!hosts.length) return null;
  const languages = (h: Host) => (h.hostingOffer?.languages ?? []).map((l) => t.municipality.languageNames[l] ?? l).join(', ');
  return (
    <section class="home__section" aria-labelledby="besok-rubrik">
      <h2 id="besok-rubrik">{t.home.hostsTitle}</h2>
      <p>{t.home.hostsIntro}</p>
      <ul class="home-hosts">
        {hosts.map((h) => (
          <li class="home-hosts__item">
            <a href={page.href(`/kommun/${h.code}`)}>{h.name}</a>
            <span class="home-hosts__meta">{[languages(h), h.hostingOffer?.digitalPossible ? t.home.hostsDigital : ''].filter(Boolean).join(' · ')}</span>
          </li>
        ))}
      </ul>
      {total > hosts.length ? (
        <p>
          <a href={page.href('/kommun')}>{t.home.hostsMore(total - hosts.length)}</a>
        </p>
      ) : null}
    </section>
  );
}

function Explore({ page }: { page: PageRequest }) {
  const { t } = page;
  const links = [
    { href: '/natverk', label: t.home.networkLink, text: t.home.networkText },
    { href: '/kommun', label: t.home.municipalitiesLink, text: t.home.municipalitiesText },
  ];
  return (
    <section class="home__section" aria-labelledby="utforska-rubrik">
      <h2 id="utforska-rubrik">{t.home.exploreTitle}</h2>
      <ul class="home-explore">
        {links.map((l) => (
          <li class="home-explore__item">
            <a class="home-explore__link" href={page.href(l.href)}>
              {l.label}
            </a>
            <p class="home-explore__text">{l.text}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

export const homePage: PageRoute = {
  path: '/',
  async load(page) {
    const { t } = page;
    const [data, counts] = await Promise.all([query(page, HOME, { language: apiLanguage(page.lang), recent: RECENT_CASES, hosts: HOSTS_SHOWN }), themeCounts(page)]);
    const recent = data.practiceCases.edges.map((e) => e.node);
    return {
      title: t.siteName,
      description: t.home.description,
      styles: ['home.css'],
      body: (
        <>
          <div class="home__intro">
            <h1>{t.home.title}</h1>
            <p class="lead">{t.home.intro}</p>
            <SearchBox page={page} />
          </div>
          <section class="home__section home__about" aria-labelledby="om-rubrik">
            <h2 id="om-rubrik">{t.home.aboutTitle}</h2>
            {t.home.about.map((text) => (
              <p>{text}</p>
            ))}
          </section>
          <div class="home__columns">
            <Themes page={page} themes={data.themes} counts={counts} />
            <section class="home__section" aria-labelledby="nya-rubrik">
              <h2 id="nya-rubrik">{t.home.recentTitle}</h2>
              {recent.length ? <CaseList page={page} cases={recent} /> : <p>{t.home.noCases}</p>}
              <p>
                <a href={page.href('/sok', { sortera: 'nyast' })}>{t.home.recentAll}</a>
              </p>
            </section>
          </div>
          <Hosts page={page} hosts={data.municipalities.edges.map((e) => e.node)} total={data.municipalities.totalCount} />
          <Explore page={page} />
        </>
      ),
    };
  },
};
