// Site name, main navigation (the current section marked with aria-current) and the
// language switch, which links to the same page in the other language.
import type { PageRequest } from '../server/page';
import { switchLangHref } from '../server/urls';
import { PostForm } from './Form';

const SECTIONS = [
  { path: '/', key: 'navSearch', matches: (p: string) => p === '/' || p.startsWith('/sok') },
  { path: '/tema', key: 'navThemes', matches: (p: string) => p === '/tema' || p.startsWith('/tema/') },
  { path: '/kommun', key: 'navMunicipalities', matches: (p: string) => p === '/kommun' || p.startsWith('/kommun/') },
  { path: '/natverk', key: 'navNetwork', matches: (p: string) => p === '/natverk' },
] as const;

export function Header({ page }: { page: PageRequest }) {
  const { t } = page;
  const other = page.lang === 'en' ? 'sv' : 'en';
  return (
    <header class="site-header">
      <div class="container site-header__inner">
        <a class="site-header__name" href={page.href('/')}>
          {t.siteName}
          <span class="site-header__tagline">{t.siteTagline}</span>
        </a>
        <nav class="site-nav" aria-label={t.mainNav}>
          <ul class="site-nav__list">
            {SECTIONS.map((s) => (
              <li>
                <a class="site-nav__link" href={page.href(s.path)} aria-current={s.matches(page.path) ? 'page' : undefined}>
                  {t[s.key]}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <a class="lang-switch" href={switchLangHref(page.path, page.search, other)} lang={other} hrefLang={other}>
          {t.switchLanguage}
        </a>
        <AccountMenu page={page} />
      </div>
    </header>
  );
}

/** Who is signed in, with their account page and a sign-out button (a POST form); or the sign-in link. */
function AccountMenu({ page }: { page: PageRequest }) {
  const t = page.t.account;
  if (page.viewer.kind !== 'user') {
    // On the sign-in page itself the link would lead nowhere new.
    if (page.path === '/logga-in') return null;
    return (
      <a class="site-header__sign-in" href={page.href('/logga-in', { next: page.path === '/' ? undefined : page.path })}>
        {t.signIn}
      </a>
    );
  }
  return (
    <nav class="account-menu" aria-label={t.menu}>
      <a class="account-menu__name" href={page.href('/konto')} aria-current={page.path.startsWith('/konto') ? 'page' : undefined}>
        {page.viewer.displayName}
      </a>
      <WorkLinks page={page} />
      <PostForm page={page} action="/logga-ut" class="account-menu__form">
        <button class="link-button" type="submit">
          {t.signOut}
        </button>
      </PostForm>
    </nav>
  );
}

/** The signed-in pages of a user's role: study visits for a municipality's people, review for reviewers. */
function WorkLinks({ page }: { page: PageRequest }) {
  const { viewer } = page;
  const links = [
    viewer.municipalityCode ? { path: '/mitt-arbete', label: page.t.myWork.title } : null,
    viewer.municipalityCode ? { path: '/studiebesok', label: page.t.visits.listTitle } : null,
    viewer.role === 'REVIEWER' || viewer.role === 'ADMIN' ? { path: '/granskning', label: page.t.review.queueTitle } : null,
  ].filter((l) => l !== null);
  return (
    <>
      {links.map((l) => (
        <a class="account-menu__link" href={page.href(l.path)} aria-current={page.path === l.path || page.path.startsWith(`${l.path}/`) ? 'page' : undefined}>
          {l.label}
        </a>
      ))}
    </>
  );
}
