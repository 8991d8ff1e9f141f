// /konto: the signed-in person's own account — who they are signed in as, and the way
// to their password, sessions and API tokens.
import { requireViewer } from '../server/forms';
import { graphql, query } from '../server/graphql';
import type { PageRoute } from '../server/page';

interface AccountData {
  viewer: { name: string; email: string | null; role: string | null; municipality: { name: string } | null } | null;
}

const ACCOUNT = graphql<AccountData>(`
  query Account {
    viewer {
      name
      email
      role
      municipality {
        name
      }
    }
  }
`);

export const accountPage: PageRoute = {
  path: '/konto',
  async load(page) {
    requireViewer(page);
    const t = page.t.accountPage;
    const { viewer } = await query(page, ACCOUNT, {});
    if (!viewer) throw new Error('a signed-in page found no viewer');
    return {
      title: t.title,
      description: t.description,
      noindex: true,
      body: (
        <>
          <h1>{t.title}</h1>
          <dl class="summary-list">
            <dt>{t.name}</dt>
            <dd>{viewer.name}</dd>
            <dt>{t.email}</dt>
            <dd>{viewer.email}</dd>
            <dt>{t.role}</dt>
            <dd>{viewer.role ? t.roles[viewer.role] : ''}</dd>
            {viewer.municipality ? (
              <>
                <dt>{t.municipality}</dt>
                <dd>{viewer.municipality.name}</dd>
              </>
            ) : null}
          </dl>
        </>
      ),
    };
  },
};
