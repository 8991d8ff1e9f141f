// Benchmark 8: the website. The search page (/sok?q=…, server-rendered) against the
// GraphQL request it makes — the page's own SEARCH_PAGE document with the same
// variables, sent over HTTP to the same server in the same run — timed to a complete
// response on both sides; and the bytes of HTML, CSS and JavaScript each page type
// sends, raw and gzip'd.
import { gzipSync } from 'node:zlib';
import { print } from 'graphql';
import { SEARCH_PAGE } from '../web/pages/search';
import { percentile, ratio, round, summarize } from './stats';

export interface SiteQuestion {
  query: string;
  filter?: Record<string, unknown>;
}

export interface WebBenchInput {
  /** The server's origin, e.g. http://127.0.0.1:4321 */
  origin: string;
  questions: SiteQuestion[];
  reps: number;
  /** Measure the first (checking) pass too instead of taking it as a warm-up. */
  quick: boolean;
}

const SEARCH_SOURCE = print(SEARCH_PAGE.document);

/** The search page's URL parameter for each SearchFilter field (web/pages/search-state.ts). */
const URL_PARAMS: Record<string, string> = { themes: 'tema', kinds: 'typ', targetGroups: 'malgrupp', counties: 'lan', municipalities: 'kommun', language: 'sprak' };

export function searchPageUrl(origin: string, q: SiteQuestion): string {
  const params = new URLSearchParams();
  if (q.query) params.set('q', q.query);
  for (const [field, value] of Object.entries(q.filter ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) params.append(URL_PARAMS[field], String(v));
  }
  return `${origin}/sok?${params}`;
}

/** The variables the page passes for the same question (relevance, 20 hits, Swedish). */
function searchVariables(q: SiteQuestion) {
  return { query: q.query || undefined, filter: q.filter ?? {}, sort: 'RELEVANCE', first: 20, language: 'SV' };
}

async function timedText(url: string, init?: RequestInit): Promise<{ ms: number; text: string }> {
  const t = performance.now();
  const res = await fetch(url, init);
  const text = await res.text();
  const ms = performance.now() - t;
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return { ms, text };
}

/** The cases a search page lists, in order: its /praktik/<slug> links. */
function slugsOnPage(html: string): string[] {
  const slugs = [...html.matchAll(/href="\/praktik\/([^"?#]+)"/g)].map((m) => decodeURIComponent(m[1]));
  return [...new Set(slugs)];
}

export async function benchSearchPage(input: WebBenchInput) {
  const graphqlInit = (q: SiteQuestion): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: SEARCH_SOURCE, variables: searchVariables(q) }),
  });
  const page: number[] = [];
  const api: number[] = [];
  const pageP50: number[] = [];
  const apiP50: number[] = [];
  let mismatches = 0;
  let htmlBytes = 0;
  const firstRep = input.quick ? 0 : -1;
  for (let rep = firstRep; rep < input.reps; rep++) {
    const p: number[] = [];
    const a: number[] = [];
    for (const q of input.questions) {
      const html = await timedText(searchPageUrl(input.origin, q));
      const json = await timedText(`${input.origin}/graphql`, graphqlInit(q));
      p.push(html.ms);
      a.push(json.ms);
      if (rep === firstRep) {
        // Both sides must answer the same question: the page lists the API's hits in its order.
        const data = JSON.parse(json.text) as { data?: { search: { edges: { node: { slug: string } }[] } }; errors?: unknown[] };
        if (data.errors?.length || !data.data) throw new Error(`the search page's query failed: ${JSON.stringify(data.errors).slice(0, 500)}`);
        if (slugsOnPage(html.text).join() !== data.data.search.edges.map((e) => e.node.slug).join()) mismatches++;
        htmlBytes += Buffer.byteLength(html.text);
      }
    }
    if (rep < 0) continue; // warm-up
    page.push(...p);
    api.push(...a);
    pageP50.push(percentile(p, 50));
    apiP50.push(percentile(a, 50));
  }
  const pct = (v: number[], q: number) => round(percentile(v, q), 2);
  return {
    ours: summarize(pageP50.map((v) => round(v, 2))),
    baseline: summarize(apiP50.map((v) => round(v, 2))),
    ratio: ratio(percentile(page, 50), percentile(api, 50)),
    details: {
      questions: input.questions.length,
      samplesPerSide: page.length,
      pageP50: pct(page, 50),
      pageP95: pct(page, 95),
      graphqlP50: pct(api, 50),
      graphqlP95: pct(api, 95),
      ratioP50: ratio(percentile(page, 50), percentile(api, 50)),
      ratioP95: ratio(percentile(page, 95), percentile(api, 95)),
      hitOrderMismatches: mismatches,
      meanHtmlBytes: Math.round(htmlBytes / input.questions.length),
    },
  };
}

export interface Weight {
  raw: number;
  gzip: number;
}

export interface PageWeight {
  path: string;
  html: Weight;
  css: Weight;
  js: Weight;
}

function weigh(texts: string[]): Weight {
  // Each file is sent (and compressed) on its own, so each is gzip'd on its own.
  return texts.reduce((w, t) => ({ raw: w.raw + Buffer.byteLength(t), gzip: w.gzip + gzipSync(t).length }), { raw: 0, gzip: 0 });
}

/** HTML plus the stylesheets and scripts its <head> links to. */
async function pageWeight(origin: string, path: string): Promise<PageWeight> {
  const { text: html } = await timedText(`${origin}${path}`);
  const hrefs = (re: RegExp) => [...html.matchAll(re)].map((m) => m[1]);
  const fetchAll = (urls: string[]) => Promise.all(urls.map(async (u) => (await timedText(new URL(u, origin).href)).text));
  const css = await fetchAll(hrefs(/<link rel="stylesheet" href="([^"]+)"/g));
  const js = await fetchAll(hrefs(/<script[^>]* src="([^"]+)"/g));
  return { path, html: weigh([html]), css: weigh(css), js: weigh(js) };
}

const FIND_PAGES = `query BenchPages { search(first: 1) { edges { node { slug } } facets { municipalities { value count } themes { value count } } } }`;

/** One representative URL per page type, from what the corpus holds. */
export async function pageTypes(origin: string): Promise<Record<string, string>> {
  const res = await fetch(`${origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: FIND_PAGES }) });
  const { data } = (await res.json()) as { data: { search: { edges: { node: { slug: string } }[]; facets: Record<'municipalities' | 'themes', { value: string; count: number }[]> } } };
  const top = (f: { value: string; count: number }[]) => [...f].sort((a, b) => b.count - a.count)[0].value;
  return {
    start: '/',
    search: `/sok?q=${encodeURIComponent('språkvän')}`,
    case: `/praktik/${encodeURIComponent(data.search.edges[0].node.slug)}`,
    municipality: `/kommun/${top(data.search.facets.municipalities)}`,
    theme: `/tema/${encodeURIComponent(top(data.search.facets.themes))}`,
    network: '/natverk',
  };
}

export async function pageWeights(origin: string): Promise<Record<string, PageWeight>> {
  const out: Record<string, PageWeight> = {};
  for (const [type, path] of Object.entries(await pageTypes(origin))) out[type] = await pageWeight(origin, path);
  return out;
}
