// The frame of every page: <head> with title, description, canonical, language
// alternates and Open Graph; skip link, header, <main id="main">, footer. No inline
// script or style anywhere, so the Content-Security-Policy holds.
import type { ComponentChildren } from 'preact';
import type { ArticleMeta, PageRequest } from '../server/page';
import { Footer } from './Footer';
import { Header } from './Header';

export interface HeadData {
  title: string;
  description: string;
  /** Absolute canonical URL. */
  canonical: string;
  /** Absolute URLs of this page in each language, for hreflang. */
  alternates: { sv: string; en: string };
  noindex?: boolean;
  article?: ArticleMeta;
  styles: string[];
  scripts: string[];
}

export function Layout({ page, head, children }: { page: PageRequest; head: HeadData; children: ComponentChildren }) {
  const { t } = page;
  const fullTitle = head.title === t.siteName ? t.siteName : `${head.title} – ${t.siteName}`;
  return (
    <html lang={page.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        <meta name="description" content={head.description} />
        {head.noindex ? <meta name="robots" content="noindex" /> : null}
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <link rel="canonical" href={head.canonical} />
        <link rel="alternate" hrefLang="sv" href={head.alternates.sv} />
        <link rel="alternate" hrefLang="en" href={head.alternates.en} />
        <meta property="og:type" content={head.article ? 'article' : 'website'} />
        {head.article?.publishedTime ? <meta property="article:published_time" content={head.article.publishedTime} /> : null}
        {head.article?.modifiedTime ? <meta property="article:modified_time" content={head.article.modifiedTime} /> : null}
        <meta property="og:site_name" content={t.siteName} />
        <meta property="og:title" content={head.title} />
        <meta property="og:description" content={head.description} />
        <meta property="og:url" content={head.canonical} />
        <meta property="og:locale" content={page.lang === 'en' ? 'en_GB' : 'sv_SE'} />
        {head.styles.map((href) => (
          <link rel="stylesheet" href={href} />
        ))}
        {head.scripts.map((src) => (
          <script type="module" src={src} />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          {t.skipLink}
        </a>
        <Header page={page} />
        <div class="container">
          <main id="main" tabIndex={-1}>
            {page.flash ? (
              <p class="flash" role="status">
                {page.flash}
              </p>
            ) : null}
            {children}
          </main>
        </div>
        <Footer page={page} />
      </body>
    </html>
  );
}
