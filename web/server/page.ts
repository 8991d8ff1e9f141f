// What a page is: a route and a `load` function that reads through GraphQL and returns
// the page's head data and body. The router (site.ts) does the rest: language, layout,
// headers, error pages. docs/web.md, "How the site is built", walks through adding one.
import type { VNode } from 'preact';
import { UNSTORABLE } from '../../server/src/core/unstorable-text';
import type { Viewer } from '../../server/src/core/context';
import type { FormFields } from './forms';
import type { SessionControl } from './session';
import type { Executor } from './graphql';
import type { Lang, Messages } from './i18n';
import type { QueryParams } from './urls';

export interface PageRequest {
  lang: Lang;
  /** The dictionary of `lang`. */
  t: Messages;
  /** The request path, e.g. "/tema/sprak". */
  path: string;
  /** Route parameters (`:slug`). */
  params: Record<string, string>;
  /** The query string; read single values with `one()`. */
  search: URLSearchParams;
  /** An internal link that keeps the language. */
  href(path: string, params?: QueryParams): string;
  /** Scheme and host the site is reached at, for canonical and Open Graph URLs. */
  baseUrl: string;
  requestId: string;
  /** Executes GraphQL for this request; use `query()` from graphql.ts, not this. */
  executor: Executor;
  /** Who is reading: the signed-in user (kind 'user') or ANONYMOUS. Pages ask the API, not this, what the viewer may see. */
  viewer: Viewer;
  /** The CSRF token for this page's POST forms; <PostForm>/<CsrfField> put it in. */
  csrfToken: string;
  /** A message from the action that redirected here ("Your password is changed"), shown once. */
  flash?: string;
  /** Sign in and out; only the sign-in, sign-out and set-password pages need it. */
  session: SessionControl;
  /** Whether "sign in with your municipality's account" is offered (OIDC_* set; single-sign-on.ts). */
  singleSignOn: boolean;
}

export interface PageView {
  /** The page's own title; the layout appends the site name. */
  title: string;
  /** Meta and Open Graph description: one or two plain sentences. */
  description: string;
  /** Path and query of the canonical URL; default: the path alone (and the language). */
  canonical?: { path: string; params?: QueryParams };
  body: VNode;
  /** Logical names of extra assets (web/client/<name>.ts, web/styles/<name>.css), e.g. "map.js". */
  scripts?: string[];
  styles?: string[];
  status?: number;
  /** Keep the page out of search engines (error pages, empty results). */
  noindex?: boolean;
  /** An article (a case): Open Graph type "article" with its dates instead of "website". */
  article?: ArticleMeta;
}

/** ISO timestamps for Open Graph's article:published_time and article:modified_time. */
export interface ArticleMeta {
  publishedTime?: string | null;
  modifiedTime?: string | null;
}

/** What a form's action answers: a 303 redirect (with a message for the next page), or a page (422 with errors, 409 …). */
export type ActionResult = { redirect: string; flash?: string } | PageView;

export interface PageRoute {
  /** An express path, e.g. "/tema/:slug". */
  path: string;
  load(page: PageRequest): Promise<PageView>;
  /**
   * Handles the route's POST form. site.ts parses the body (bounded) and checks the CSRF
   * token before calling it; a page without `action` answers POST with 404.
   */
  action?(page: PageRequest, form: FormFields): Promise<ActionResult>;
  /**
   * The form is for readers who are not signed in (sign-in, forgot password, the
   * invitation link): a refused token there is not an ended sign-in, so the plain 403.
   */
  signedOutForm?: true;
}

/** Thrown by a page when what it shows does not exist (or is not visible): the 404 page. */
export class NotFound extends Error {
  override name = 'NotFound';
}

/** Thrown when the URL itself is wrong (a malformed cursor, a bad parameter): the 400 page. */
export class BadRequest extends Error {
  override name = 'BadRequest';
}

/** Thrown for an anonymous reader of a page that needs signing in: a 303 to /logga-in?next=… */
export class SignInRequired extends Error {
  override name = 'SignInRequired';
}

/** Thrown when the signed-in reader may not use this page (wrong role; a bad CSRF token): the 403 page. */
export class Forbidden extends Error {
  override name = 'Forbidden';
}

/** One value of a query parameter, bounded: longer values are a bad request, not work. */
export function one(page: PageRequest, name: string, maxLength = 200): string | undefined {
  const value = page.search.get(name);
  if (value === null || value === '') return undefined;
  if (value.length > maxLength) throw new BadRequest(`${name} is longer than ${maxLength} characters`);
  if (UNSTORABLE.test(value)) throw new BadRequest(`${name} holds a NUL character or broken Unicode`);
  return value;
}
