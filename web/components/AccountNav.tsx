// The sub-navigation of the /konto pages, and the frame they share.
import type { ComponentChildren } from 'preact';
import type { PageRequest, PageView } from '../server/page';
import { ErrorSummary, type FieldError } from './ErrorSummary';

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

/**
 * A /konto page: its stylesheet, kept out of search engines, the error summary (and
 * status 422 with "Fel:" before the title) when a form of it failed, the heading and the
 * account navigation above `children`.
 */
export function accountFrame(page: PageRequest, t: { title: string; description: string; errorTitle?: string }, errors: FieldError[], children: ComponentChildren): PageView {
  return {
    status: errors.length ? 422 : 200,
    title: errors.length ? `${page.t.account.errorPrefix}${t.title}` : t.title,
    description: t.description,
    noindex: true,
    styles: ['account.css'],
    body: (
      <>
        <ErrorSummary title={t.errorTitle ?? ''} errors={errors} />
        <h1>{t.title}</h1>
        <AccountNav page={page} />
        {children}
      </>
    ),
  };
}
