// Internal links: every one keeps the reader's language (`?lang=en`; Swedish needs no
// parameter), so a page reached in English links on in English.
import type { Lang } from './i18n';

export type QueryParams = Record<string, string | number | readonly string[] | null | undefined>;

/** `path` with `params` (empty and null values left out) and the language. */
export function siteHref(path: string, lang: Lang, params: QueryParams = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (name === 'lang' || value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const v of value as readonly string[]) search.append(name, v);
    else search.append(name, String(value));
  }
  if (lang === 'en') search.set('lang', 'en');
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/** The same page (path and query) in the other language. */
export function switchLangHref(path: string, query: URLSearchParams, to: Lang): string {
  const params: Record<string, string[]> = {};
  for (const [name, value] of query) (params[name] ??= []).push(value);
  return siteHref(path, to, params);
}

/** A path on this site ("/praktik/x"), not "//host" or "/\host", which browsers read as another host. */
export function sameSitePath(value: string | undefined): string | undefined {
  if (!value || !value.startsWith('/') || /^\/[\\/]/.test(value) || /[\u0000-\u001f]/.test(value)) return undefined;
  return value;
}

/**
 * A link from content (a case's website, a report) as an href, or null when it is no
 * http(s) URL: `javascript:` and `data:` links must never reach an attribute.
 */
export function externalHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Host header values we accept into canonical URLs: a name or address and a port. */
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * Where the site is reached from outside, without a trailing slash: PUBLIC_URL when
 * set, otherwise the request's own scheme and host (a malformed Host gives localhost).
 */
export function baseUrlOf(publicUrl: string | undefined, protocol: string, host: string | undefined): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  return `${protocol}://${host && HOST.test(host) ? host : 'localhost'}`;
}
