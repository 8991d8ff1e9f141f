// What the reader sees of "sign in with your municipality's account": the button on
// /logga-in, and the pages shown when the identity provider's answer signs no one in.
// The routes themselves are in web/server/single-sign-on.ts: they redirect to another
// site and read a callback, which a PageRoute does not do.
import type { SingleSignOnRefusal } from '../../server/src/modules/accounts/single-sign-on';
import type { PageRequest, PageView } from '../server/page';

/** Where the button leads: the start of a sign-in at the identity provider. */
export const SINGLE_SIGN_ON_START = '/logga-in/kommunkonto';

/** The button, for /logga-in when OIDC_* is set; `next` goes along to the provider and back. */
export function SingleSignOnButton({ page, next }: { page: PageRequest; next?: string }) {
  const t = page.t.singleSignOn;
  return (
    <section class="single-sign-on" aria-labelledby="single-sign-on-heading">
      <h2 id="single-sign-on-heading">{t.heading}</h2>
      <p class="hint">{t.hint}</p>
      {/* A link, not a form: CSP's form-action 'self' would stop a form's redirect to the provider. */}
      <p>
        <a class="button button--secondary single-sign-on__button" href={page.href(SINGLE_SIGN_ON_START, { next })}>
          {t.button}
        </a>
      </p>
    </section>
  );
}

/** Why the sign-in did not happen when the protocol itself failed or was abandoned. */
export type SingleSignOnFailure = 'failed' | 'expired' | 'cancelled' | 'unavailable';

function explanation(page: PageRequest, title: string, text: string, status: number): PageView {
  return {
    status,
    title,
    description: text,
    noindex: true,
    body: (
      <>
        <h1>{title}</h1>
        <p>{text}</p>
        <p>
          <a href={page.href('/logga-in')}>{page.t.singleSignOn.again}</a>
        </p>
      </>
    ),
  };
}

/** A verified identity with no live account (403): it says which address, since the reader has just proven it is theirs. */
export function singleSignOnRefusedView(page: PageRequest, reason: SingleSignOnRefusal, email: string | null): PageView {
  const t = page.t.singleSignOn;
  const text = reason === 'unverified' || !email ? t.unverified : reason === 'disabled' ? t.disabled(email) : t.unknown(email);
  return explanation(page, t.refusedTitle, text, 403);
}

/** The flow broke (a wrong state or nonce, an expired start, the provider said no or is down). */
export function singleSignOnFailedView(page: PageRequest, failure: SingleSignOnFailure): PageView {
  const t = page.t.singleSignOn;
  if (failure === 'unavailable') return explanation(page, t.unavailableTitle, t.unavailable, 502);
  return explanation(page, t.failedTitle, t[failure], 400);
}
