// The theme index (/tema: every theme, its children and its count of published cases)
// and a theme's page (/tema/<slug>: description, parent, children, its cases paged).
// Counts come from the search facets: one request, and a case counts under its themes'
// ancestors too, as the facet documents.
import { Breadcrumbs } from '../components/Breadcrumbs';
import { CASE_CARD_FIELDS, CaseList, type CaseCardData } from '../components/CaseList';
import { pageArgs, Pagination, type PageArgs, type PageInfo } from '../components/Pagination';
import { graphql, query } from '../server/graphql';
import { apiLanguage } from '../server/i18n';
import { NotFound, type PageRequest, type PageRoute } from '../server/page';

interface ThemeNode {
  slug: string;
  label: string;
}

const THEME_INDEX = graphql<
  { themes: (ThemeNode & { children: ThemeNode[] })[]; search: { facets: { themes: { value: string; count: number }[] } } },
  { language: 'SV' | 'EN' }
>(`query ThemeIndex($language: Language!) {
  themes { slug label(language: $language) children { slug label(language: $language) } }
  search(first: 1) { facets { themes { value count } } }
}`);

function ThemeLink({ page, theme, count }: { page: PageRequest; theme: ThemeNode; count: number }) {
  return (
    <>
      <a href={page.href(`/tema/${encodeURIComponent(theme.slug)}`)}>{theme.label}</a> <span class="count">{page.t.themes.caseCount(count)}</span>
    </>
  );
}

export const themeIndexPage: PageRoute = {
  path: '/tema',
  async load(page) {
    const { t } = page;
    const data = await query(page, THEME_INDEX, { language: apiLanguage(page.lang) });
    const counts = new Map(data.search.facets.themes.map((f) => [f.value, f.count]));
    const count = (slug: string) => counts.get(slug) ?? 0;
    return {
      title: t.themes.title,
      description: t.themes.description,
      body: (
        <>
          <h1>{t.themes.title}</h1>
          <p class="lead">{t.themes.intro}</p>
          <ul class="theme-index">
            {data.themes.map((theme) => (
              <li class="theme-index__item">
                <h2 class="theme-index__title">
                  <ThemeLink page={page} theme={theme} count={count(theme.slug)} />
                </h2>
                {theme.children.length ? (
                  <ul class="theme-index__children" aria-label={`${t.themes.subthemes}: ${theme.label}`}>
                    {theme.children.map((child) => (
                      <li>
                        <ThemeLink page={page} theme={child} count={count(child.slug)} />
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ),
    };
  },
};

/** Cases per page of a theme. */
export const THEME_PAGE_SIZE = 10;

const THEME_PAGE = graphql<
  {
    theme: null | (ThemeNode & {
      descriptionEn: string | null;
      parent: ThemeNode | null;
      children: ThemeNode[];
      practiceCases: { totalCount: number; pageInfo: PageInfo; edges: { node: CaseCardData }[] };
    });
  },
  PageArgs & { slug: string; language: 'SV' | 'EN' }
>(`query ThemePage($slug: String!, $language: Language!, $first: Int, $after: String, $last: Int, $before: String) {
  theme(slug: $slug) {
    slug label(language: $language) descriptionEn
    parent { slug label(language: $language) }
    children { slug label(language: $language) }
    practiceCases(first: $first, after: $after, last: $last, before: $before, orderBy: { field: PUBLISHED_AT, direction: DESC }) {
      totalCount
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { node { ${CASE_CARD_FIELDS} } }
    }
  }
}`);

export const themePage: PageRoute = {
  path: '/tema/:slug',
  async load(page) {
    const { t } = page;
    if (page.params.slug.length > 100) throw new NotFound('no such theme');
    const data = await query(page, THEME_PAGE, { slug: page.params.slug, language: apiLanguage(page.lang), ...pageArgs(page, THEME_PAGE_SIZE) });
    const theme = data.theme;
    if (!theme) throw new NotFound(`no theme ${page.params.slug}`);
    const cases = theme.practiceCases;
    return {
      title: theme.label,
      description: theme.descriptionEn && page.lang === 'en' ? theme.descriptionEn : t.theme.description(theme.label),
      // Later pages are their own documents; their cursors are the canonical address.
      canonical: { path: page.path, params: { efter: page.search.get('efter'), fore: page.search.get('fore') } },
      body: (
        <>
          <Breadcrumbs page={page} trail={[{ label: t.themes.title, path: '/tema' }, ...(theme.parent ? [{ label: theme.parent.label, path: `/tema/${theme.parent.slug}` }] : []), { label: theme.label }]} />
          <h1>{theme.label}</h1>
          {theme.descriptionEn ? (
            <p class="lead" lang={page.lang === 'en' ? undefined : 'en'}>
              {theme.descriptionEn}
            </p>
          ) : null}
          {theme.children.length ? (
            <>
              <h2>{t.theme.subthemes}</h2>
              <ul class="inline-list">
                {theme.children.map((child) => (
                  <li>
                    <a href={page.href(`/tema/${encodeURIComponent(child.slug)}`)}>{child.label}</a>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <h2>
            {t.theme.cases} <span class="count">({cases.totalCount})</span>
          </h2>
          {cases.edges.length ? <CaseList page={page} cases={cases.edges.map((e) => e.node)} /> : <p>{t.theme.noCases}</p>}
          <Pagination page={page} pageInfo={cases.pageInfo} />
        </>
      ),
    };
  },
};
