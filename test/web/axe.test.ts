// Every page type of the site in one place: an axe-core scan (WCAG 2.1 A/AA, any
// violation fails) at 1280 px and at 360 px, and no sideways scrolling at 360 px. A new
// page type belongs in PAGE_TYPES; the other test files check what each page shows.
import { expectNoAxeViolations, hasHorizontalOverflow, NARROW, useSite } from './browser';

const site = useSite();

/** [name, path, expected status]; the case's path comes from the API once the system runs. */
function pageTypes(caseSlug: string, themeSlug: string): [string, string, number][] {
  return [
    ['start', '/', 200],
    ['search results', `/sok?q=${encodeURIComponent('språkvän')}`, 200],
    ['search with filters and near', `/sok?q=${encodeURIComponent('mötesplats')}&lan=08&sortera=narmast&nara=0884&km=200`, 200],
    ['empty search', `/sok?q=${encodeURIComponent('xqzvwk blorft')}`, 200],
    ['case', `/praktik/${encodeURIComponent(caseSlug)}`, 200],
    ['municipality', '/kommun/0884', 200],
    ['municipality index', '/kommun', 200],
    ['theme index', '/tema', 200],
    ['theme', `/tema/${encodeURIComponent(themeSlug)}`, 200],
    ['network', '/natverk', 200],
    ['network, filtered', '/natverk?lan=08&fran=2020&till=2030', 200],
    ['sign-in placeholder', `/logga-in?next=${encodeURIComponent(`/praktik/${caseSlug}`)}`, 200],
    ['404', '/finns-inte', 404],
    ['400', '/sok?antal=abc', 400],
    ['start in English', '/?lang=en', 200],
  ];
}

let pages: [string, string, number][] = [];

beforeAll(async () => {
  const { search, themes } = await site.t.data(`{ search(query: "språkvän", first: 1) { edges { node { slug } } } themes { slug } }`);
  pages = pageTypes(search.edges[0].node.slug, themes[0].slug);
}, 180_000);

test('every page type answers with its status and has no WCAG 2.1 A/AA violation at 1280 px', async () => {
  const page = await site.page();
  for (const [name, path, status] of pages) {
    const res = await page.goto(site.url(path));
    expect([name, res?.status()]).toEqual([name, status]);
    try {
      await expectNoAxeViolations(page);
    } catch (err) {
      throw new Error(`${name} (${path}): ${(err as Error).message}`, { cause: err });
    }
  }
}, 180_000);

test('at 360 px every page type stays within the screen and has no violation', async () => {
  const page = await site.page(NARROW);
  for (const [name, path] of pages) {
    await page.goto(site.url(path));
    expect([name, await hasHorizontalOverflow(page)]).toEqual([name, false]);
    try {
      await expectNoAxeViolations(page);
    } catch (err) {
      throw new Error(`${name} at 360 px (${path}): ${(err as Error).message}`, { cause: err });
    }
  }
}, 180_000);

test('without JavaScript every page type also stays within 360 px', async () => {
  const page = await site.pageWithoutJs(NARROW);
  for (const [name, path] of pages) {
    await page.goto(site.url(path));
    expect([name, await hasHorizontalOverflow(page)]).toEqual([name, false]);
  }
}, 180_000);
