// /logga-in: where "Ask for a study visit" leads until sign-in exists (the next issue
// builds it). A real page in the site's style that says so, and links back to the page
// the reader came from — only a path on this site, so the link cannot send anyone away.
import { one, type PageRoute } from '../server/page';

/** A path on this site ("/praktik/x"), not "//host" or "/\host", which browsers read as another host. */
export function sameSitePath(value: string | undefined): string | undefined {
  if (!value || !value.startsWith('/') || /^\/[\\/]/.test(value) || /[\u0000-\u001f]/.test(value)) return undefined;
  return value;
}

export const signInPage: PageRoute = {
  path: '/logga-in',
  async load(page) {
    const t = page.t.signIn;
    const next = sameSitePath(one(page, 'next', 500));
    return {
      title: t.title,
      description: t.description,
      noindex: true,
      body: (
        <>
          <h1>{t.title}</h1>
          <p class="lead">{t.soon}</p>
          <p>{t.body}</p>
          {next ? (
            <p>
              <a class="sign-in__back" href={page.href(next.split('?')[0])}>
                {t.back}
              </a>
            </p>
          ) : null}
        </>
      ),
    };
  },
};
