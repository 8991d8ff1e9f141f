// POST forms. Every one carries the page's CSRF token in a hidden field, which site.ts
// checks before any action runs; <PostForm> is the usual way, <CsrfField> for a form
// built by hand.
import type { ComponentChildren } from 'preact';
import type { PageRequest } from '../server/page';
import { CSRF_FIELD } from '../server/session';
import type { QueryParams } from '../server/urls';

export function CsrfField({ page }: { page: Pick<PageRequest, 'csrfToken'> }) {
  return <input type="hidden" name={CSRF_FIELD} value={page.csrfToken} />;
}

export interface PostFormProps {
  page: PageRequest;
  /** A site path; the page's language is kept. */
  action: string;
  /** Query parameters of the action (e.g. `next` on the sign-in form). */
  params?: QueryParams;
  class?: string;
  id?: string;
  /** The form's accessible name, when the page has several. */
  'aria-label'?: string;
  'aria-labelledby'?: string;
  /** Off for forms that must not re-validate in the browser first (the server answers with its own errors). */
  noValidate?: boolean;
  children: ComponentChildren;
}

export function PostForm({ page, action, params, children, ...rest }: PostFormProps) {
  return (
    <form method="post" action={page.href(action, params)} {...rest}>
      <CsrfField page={page} />
      {children}
    </form>
  );
}
