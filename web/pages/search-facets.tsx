// The search page's filters: each facet's values with their counts, as links that add
// or remove the value (FacetList). Themes show as a tree: a theme with its children.
// Counts are disjunctive (facetMode DISJUNCTIVE): a facet is counted without its own
// filter, so after choosing one kind the others still show and can be added (OR).
// A selected value always shows, even when no hit has it any more, so it can be removed.
import { FacetList, type FacetOption } from '../components/FacetList';
import type { PageRequest } from '../server/page';
import { stateParams, toggled, type FacetName, type SearchState } from './search-state';

export interface FacetValue {
  value: string;
  count: number;
  label?: string | null;
}
export type FacetData = Record<FacetName, FacetValue[]>;
export interface ThemeNode {
  slug: string;
  label: string;
}

/** Municipalities are many; the most frequent ones and the selected ones are enough. */
const MAX_MUNICIPALITIES = 10;

function option(page: PageRequest, state: SearchState, facet: FacetName, value: string, label: string, count: number): FacetOption {
  return { value, label, count, selected: state.filters[facet].includes(value), href: page.href('/sok', stateParams(toggled(state, facet, value))) };
}

/** The facet's values with a count, plus the selected ones it no longer lists. */
function values(state: SearchState, facet: FacetName, listed: FacetValue[]): FacetValue[] {
  const shown = listed.filter((v) => v.count > 0);
  const missing = state.filters[facet].filter((v) => !shown.some((s) => s.value === v));
  return [...shown, ...missing.map((value) => ({ value, count: 0 }))];
}

function themeOptions(page: PageRequest, state: SearchState, listed: FacetValue[], themes: (ThemeNode & { children: ThemeNode[] })[]): FacetOption[] {
  const counts = new Map(values(state, 'themes', listed).map((v) => [v.value, v.count]));
  const make = (theme: ThemeNode) => option(page, state, 'themes', theme.slug, theme.label, counts.get(theme.slug) ?? 0);
  return themes
    .map((root) => ({ ...make(root), children: root.children.filter((c) => counts.has(c.slug)).map(make) }))
    .filter((o) => counts.has(o.value) || o.children.length > 0);
}

/** Labels the API does not give (enums, languages) come from the dictionary. */
function labelOf(page: PageRequest, facet: FacetName, v: FacetValue, lookup: (code: string) => string | undefined): string {
  const { t } = page;
  if (facet === 'kinds') return t.kinds[v.value as keyof typeof t.kinds] ?? v.value;
  if (facet === 'targetGroups') return t.targetGroups[v.value as keyof typeof t.targetGroups] ?? v.value;
  if (facet === 'languages') return t.search.languageNames[v.value] ?? v.value;
  return v.label ?? lookup(v.value) ?? v.value;
}

export function Facets(props: { page: PageRequest; state: SearchState; facets: FacetData; themes: (ThemeNode & { children: ThemeNode[] })[]; lookup: (facet: FacetName, code: string) => string | undefined }) {
  const { page, state, facets, themes, lookup } = props;
  const { t } = page;
  const flat = (facet: FacetName, limit = Infinity) =>
    values(state, facet, facets[facet])
      .filter((v, i) => i < limit || state.filters[facet].includes(v.value))
      .map((v) => option(page, state, facet, v.value, labelOf(page, facet, v, (code) => lookup(facet, code)), v.count));
  return (
    <aside class="search-filters" id="filter" aria-labelledby="filter-rubrik" tabIndex={-1}>
      <h2 id="filter-rubrik" class="search-filters__heading">
        {t.search.filters}
      </h2>
      <FacetList title={t.search.facets.themes} options={themeOptions(page, state, facets.themes, themes)} />
      <FacetList title={t.search.facets.kinds} options={flat('kinds')} />
      <FacetList title={t.search.facets.targetGroups} options={flat('targetGroups')} />
      <FacetList title={t.search.facets.counties} options={flat('counties')} />
      <FacetList title={t.search.facets.municipalities} options={flat('municipalities', MAX_MUNICIPALITIES)} />
      <FacetList title={t.search.facets.languages} options={flat('languages')} />
    </aside>
  );
}
