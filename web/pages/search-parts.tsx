// Parts of the search page around the hits: the GET form (words, sort, near a
// municipality), the selected filters as links that remove them, and the page shown
// when nothing matched, which suggests what to change.
import type { PageRequest } from '../server/page';
import type { ThemeNode } from './search-facets';
import { changed, DEFAULT_KM, DISTANCES_KM, FACET_NAMES, FACETS, hasFilters, SORTS, stateParams, toggled, withoutFilters, type FacetName, type SearchState } from './search-state';

export interface County {
  code: string;
  name: string;
  municipalities: { code: string; name: string }[];
}

/** Names of filter values the page shows but the facets may not list. */
export type Lookup = (facet: FacetName, code: string) => string | undefined;

export function labelLookup(page: PageRequest, themes: (ThemeNode & { children: ThemeNode[] })[], counties: County[]): Lookup {
  const { t } = page;
  const names = new Map<string, string>();
  for (const theme of themes) for (const th of [theme, ...theme.children]) names.set(`themes:${th.slug}`, th.label);
  for (const county of counties) {
    names.set(`counties:${county.code}`, county.name);
    for (const m of county.municipalities) names.set(`municipalities:${m.code}`, m.name);
  }
  for (const [k, v] of Object.entries(t.kinds)) names.set(`kinds:${k}`, v);
  for (const [k, v] of Object.entries(t.targetGroups)) names.set(`targetGroups:${k}`, v);
  for (const [k, v] of Object.entries(t.search.languageNames)) names.set(`languages:${k}`, v);
  return (facet, code) => names.get(`${facet}:${code}`);
}

/** The filters as hidden fields, so that new words keep them. */
function HiddenFilters({ page, state }: { page: PageRequest; state: SearchState }) {
  const fields = FACET_NAMES.flatMap((f) => state.filters[f].map((value) => ({ name: FACETS[f].param, value })));
  return (
    <>
      {page.lang === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
      {fields.map((f) => (
        <input type="hidden" name={f.name} value={f.value} />
      ))}
    </>
  );
}

function Options({ page, state, counties }: { page: PageRequest; state: SearchState; counties: County[] }) {
  const { t } = page;
  const distances = (DISTANCES_KM as readonly number[]).includes(state.km) ? DISTANCES_KM : [...DISTANCES_KM, state.km].sort((a, b) => a - b);
  return (
    <fieldset class="search-options">
      <legend class="search-options__legend">{t.search.options}</legend>
      <div class="search-options__field">
        <label for="sortera">{t.search.sortLabel}</label>
        <select class="select" id="sortera" name="sortera">
          {Object.keys(SORTS).map((s) => (
            <option value={s} selected={s === state.sort}>
              {t.search.sorts[s]}
            </option>
          ))}
        </select>
      </div>
      <div class="search-options__field">
        <label for="nara">{t.search.nearLabel}</label>
        <select class="select" id="nara" name="nara">
          <option value="">{t.search.nearAny}</option>
          {counties.map((c) => (
            <optgroup label={c.name}>
              {c.municipalities.map((m) => (
                <option value={m.code} selected={m.code === state.near}>
                  {m.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div class="search-options__field">
        <label for="km">{t.search.withinLabel}</label>
        <select class="select" id="km" name="km">
          {distances.map((km) => (
            <option value={String(km)} selected={km === state.km}>
              {t.search.km(km)}
            </option>
          ))}
        </select>
      </div>
      <button class="button button--secondary" type="submit">
        {t.search.apply}
      </button>
    </fieldset>
  );
}

export function SearchForm({ page, state, counties }: { page: PageRequest; state: SearchState; counties: County[] }) {
  const { t } = page;
  return (
    <form class="search-form" action="/sok" method="get" role="search" id="sokformular">
      <label class="label" for="q">
        {t.search.queryLabel}
      </label>
      <p class="hint" id="q-hint">
        {t.home.searchHint}
      </p>
      <div class="search-form__row">
        <input class="input" id="q" name="q" type="search" maxLength={500} aria-describedby="q-hint" autoComplete="off" value={state.q ?? ''} />
        <button class="button" type="submit">
          {t.home.searchButton}
        </button>
      </div>
      <HiddenFilters page={page} state={state} />
      <Options page={page} state={state} counties={counties} />
    </form>
  );
}

export function ActiveFilters({ page, state, lookup }: { page: PageRequest; state: SearchState; lookup: Lookup }) {
  const { t } = page;
  if (!hasFilters(state)) return null;
  const chips = FACET_NAMES.flatMap((f) => state.filters[f].map((value) => ({ label: lookup(f, value) ?? value, href: page.href('/sok', stateParams(toggled(state, f, value))) })));
  if (state.near) {
    const noNear = changed(state, { near: undefined, sort: state.sort === 'narmast' ? 'relevans' : state.sort });
    chips.push({ label: t.search.nearFilter(lookup('municipalities', state.near) ?? state.near, state.km), href: page.href('/sok', stateParams(noNear)) });
  }
  return (
    <div class="active-filters">
      <h3 class="active-filters__title">{t.search.activeFilters}</h3>
      <ul class="active-filters__list">
        {chips.map((c) => (
          <li>
            <a class="active-filters__chip" href={c.href}>
              <span class="visually-hidden">{t.search.removeFilter} </span>
              {c.label} <span aria-hidden="true">✕</span>
            </a>
          </li>
        ))}
        <li>
          <a href={page.href('/sok', stateParams(withoutFilters(state)))}>{t.search.clearFilters}</a>
        </li>
      </ul>
    </div>
  );
}

export function EmptyResult({ page, state, themes }: { page: PageRequest; state: SearchState; themes: ThemeNode[] }) {
  const { t } = page;
  const wider = Math.min(2000, Math.max(state.km * 4, DEFAULT_KM));
  return (
    <div class="empty-result">
      <h3 class="empty-result__title">{t.search.emptyTitle}</h3>
      <p>{t.search.emptyTry}</p>
      <ul class="empty-result__list">
        {hasFilters(state) ? (
          <li>
            <a href={page.href('/sok', stateParams(withoutFilters(state)))}>{t.search.emptyRemoveFilters}</a>
          </li>
        ) : null}
        {state.near && state.km < 2000 ? (
          <li>
            <a href={page.href('/sok', stateParams(changed(state, { km: wider })))}>{t.search.emptyWiden(wider)}</a>
          </li>
        ) : null}
        {state.q ? <li>{t.search.emptySpelling}</li> : null}
        {state.q ? <li>{t.search.emptyFewerWords}</li> : null}
        {state.q && hasFilters(state) ? (
          <li>
            <a href={page.href('/sok', stateParams(changed(state, { q: undefined })))}>{t.search.emptyWithoutWords}</a>
          </li>
        ) : null}
      </ul>
      <p>{t.search.emptyThemes}</p>
      <ul class="inline-list empty-result__themes">
        {themes.map((th) => (
          <li>
            <a href={page.href('/sok', { tema: th.slug })}>{th.label}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
