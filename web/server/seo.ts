// robots.txt and sitemap.xml. The sitemap lists the site's fixed pages, every theme,
// every municipality with published cases and every published case, read through
// GraphQL like any page (paging through practiceCases), so it never lists what an
// anonymous reader cannot open.
import { graphql, query, type DataOf } from './graphql';
import type { PageRequest } from './page';

export function robotsTxt(baseUrl: string): string {
  return ['User-agent: *', 'Allow: /', 'Disallow: /graphql', 'Disallow: /sok', '', `Sitemap: ${baseUrl}/sitemap.xml`, ''].join('\n');
}

const SITEMAP_CASES = graphql<
  {
    practiceCases: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { slug: string; updatedAt: string } }[] };
  },
  { after: string | null }
>(`query SitemapCases($after: String) {
  practiceCases(first: 100, after: $after, filter: { statuses: [PUBLISHED] }, orderBy: { field: PUBLISHED_AT, direction: DESC }) {
    pageInfo { hasNextPage endCursor }
    edges { node { slug updatedAt } }
  }
}`);

// Municipalities with published cases (owner or participant), from the search facets:
// the other 250-odd pages hold little but reference data.
const SITEMAP_MUNICIPALITIES = graphql<{ search: { facets: { municipalities: { value: string; count: number }[] } } }>(`query SitemapMunicipalities {
  search(first: 1) { facets { municipalities { value count } } }
}`);

const SITEMAP_THEMES = graphql<{ themes: { slug: string; children: { slug: string }[] }[] }>(`query SitemapThemes {
  themes { slug children { slug } }
}`);

/** A sitemap file holds at most 50 000 URLs (sitemaps.org); far more than there are cases. */
const MAX_CASE_PAGES = 400;

function xmlEscape(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function sitemapXml(page: Pick<PageRequest, 'executor' | 'baseUrl'>): Promise<string> {
  const entries: { loc: string; lastmod?: string }[] = [{ loc: '/' }, { loc: '/tema' }, { loc: '/natverk' }];
  const { themes } = await query(page, SITEMAP_THEMES, {});
  for (const theme of themes) for (const t of [theme, ...theme.children]) entries.push({ loc: `/tema/${encodeURIComponent(t.slug)}` });
  entries.push({ loc: '/kommun' });
  const { search } = await query(page, SITEMAP_MUNICIPALITIES, {});
  for (const f of search.facets.municipalities) if (f.count > 0) entries.push({ loc: `/kommun/${encodeURIComponent(f.value)}` });
  let after: string | null = null;
  for (let n = 0; n < MAX_CASE_PAGES; n++) {
    const { practiceCases }: DataOf<typeof SITEMAP_CASES> = await query(page, SITEMAP_CASES, { after });
    for (const { node } of practiceCases.edges) entries.push({ loc: `/praktik/${encodeURIComponent(node.slug)}`, lastmod: node.updatedAt });
    if (!practiceCases.pageInfo.hasNextPage) break;
    after = practiceCases.pageInfo.endCursor;
  }
  const urls = entries.map((e) => `  <url><loc>${xmlEscape(page.baseUrl + e.loc)}</loc>${e.lastmod ? `<lastmod>${xmlEscape(e.lastmod)}</lastmod>` : ''}</url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}
