// Start page: one search box (GET /sok, built by the search page) and a way into the themes.
import type { PageRoute } from '../server/page';

export const homePage: PageRoute = {
  path: '/',
  async load(page) {
    const { t } = page;
    return {
      title: t.siteName,
      description: t.home.description,
      body: (
        <>
          <h1>{t.home.title}</h1>
          <p class="lead">{t.home.intro}</p>
          <form class="search-form" action="/sok" method="get" role="search">
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
          <p>
            <a href={page.href('/tema')}>{t.home.browseThemes}</a>
          </p>
        </>
      ),
    };
  },
};
