// /orter?q=stor&kommun=0884: place names from the locality list starting with the
// words, the municipality's own first. A plain page anyone can use to check how a place
// is spelled; the case editor's script (editor.js) reads its list to suggest places.
import { graphql, query } from '../server/graphql';
import { BadRequest, one, type PageRoute } from '../server/page';

const LOCALITIES = graphql<{ localities: { name: string; municipality: { code: string; name: string } }[] }, { q: string; municipality: string | null }>(`query LocalityPage($q: String!, $municipality: String) {
  localities(search: $q, municipality: $municipality, first: 20) { name municipality { code name } }
}`);

export const localitiesPage: PageRoute = {
  path: '/orter',
  async load(page) {
    const t = page.t.localities;
    const q = one(page, 'q', 100) ?? '';
    const municipality = one(page, 'kommun', 4) ?? null;
    if (municipality !== null && !/^\d{4}$/.test(municipality)) throw new BadRequest('kommun is a four-digit code');
    const { localities } = q.trim() ? await query(page, LOCALITIES, { q, municipality }) : { localities: [] };
    return {
      title: t.title,
      description: t.description,
      noindex: true,
      body: (
        <>
          <h1>{t.title}</h1>
          <p>{t.description}</p>
          <form method="get" action="/orter" class="search-form" role="search">
            {page.lang === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
            <label class="label" for="orter-q">
              {t.label}
            </label>
            <div class="search-form__row">
              <input class="input" id="orter-q" name="q" type="search" value={q} maxLength={100} />
              <button class="button" type="submit">
                {t.search}
              </button>
            </div>
          </form>
          {q.trim() ? (
            <ul id="orter" class="inline-list">
              {localities.map((l) => (
                <li data-name={l.name} data-municipality={l.municipality.name}>
                  {l.name} ({l.municipality.name})
                </li>
              ))}
            </ul>
          ) : null}
          {q.trim() && !localities.length ? <p>{t.none}</p> : null}
        </>
      ),
    };
  },
};
