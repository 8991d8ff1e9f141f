// /logga-ut: a POST only (the header's button), so no link or image elsewhere can sign
// anyone out. A GET shows a page with the same button, for a bookmarked address.
import { PostForm } from '../components/Form';
import type { PageRoute } from '../server/page';

export const signOutPage: PageRoute = {
  path: '/logga-ut',
  async load(page) {
    const t = page.t.account;
    return {
      title: t.signOut,
      description: page.t.signIn.description,
      noindex: true,
      body: (
        <>
          <h1>{t.signOut}</h1>
          <PostForm page={page} action="/logga-ut">
            <button class="button" type="submit">
              {t.signOut}
            </button>
          </PostForm>
        </>
      ),
    };
  },
  async action(page) {
    await page.session.signOut();
    return { redirect: page.href('/'), flash: page.t.signIn.signedOut };
  },
};
