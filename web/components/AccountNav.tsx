// The sub-navigation of the /konto pages.
import type { PageRequest } from '../server/page';

const PAGES = [
  { path: '/konto', key: 'overview' },
  { path: '/konto/sessioner', key: 'sessionsLink' },
  { path: '/konto/nycklar', key: 'tokensLink' },
] as const;

export function AccountNav({ page }: { page: PageRequest }) {
  const t = page.t.accountPage;
  return (
    <nav class="account-nav" aria-label={t.nav}>
      <ul class="inline-list">
        {PAGES.map((p) => (
          <li>
            <a href={page.href(p.path)} aria-current={page.path === p.path ? 'page' : undefined}>
              {t[p.key]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
