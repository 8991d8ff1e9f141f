// What a form gets when the reader's sign-in ended (idle, revoked, signed out in another
// tab) between loading it and sending it: the CSRF token no longer matches, so nothing
// runs — but instead of the bare 403 page, the reader's text comes back in read-only
// boxes, with a link to sign in again in a new tab. docs/security.md, "A form sent after
// the sign-in ended", says why this and not a replay.
import type { FormBody } from '../server/forms';
import type { PageRequest, PageView } from '../server/page';
import { SESSION_ENDED_WORDS } from '../server/i18n-session-ended';

/** Secrets are never written back into a page; hidden bookkeeping (versions, row counts, keys) is no one's text. */
const NOT_SHOWN = /^_|password|current|confirm|secret|token|^username$|^expectedVersion$|^idempotencyKey$|\.rows$/i;

/** The most fields shown: a real form has far fewer; the body is bounded by site.ts anyway. */
const MAX_SHOWN = 200;

/** The posted fields worth showing, in the order sent; repeated ones (checkboxes) as one line each. */
export function shownInput(body: FormBody): { name: string; value: string }[] {
  const shown: { name: string; value: string }[] = [];
  for (const [name, raw] of Object.entries(body)) {
    const value = (Array.isArray(raw) ? raw : [raw ?? '']).join('\n');
    if (!NOT_SHOWN.test(name) && value.trim()) shown.push({ name, value });
  }
  return shown.slice(0, MAX_SHOWN);
}

export function sessionEndedView(page: PageRequest, body: FormBody): PageView {
  const t = SESSION_ENDED_WORDS[page.lang];
  const fields = shownInput(body);
  const secretsLeftOut = Object.keys(body).some((n) => /password|current|confirm/i.test(n));
  return {
    status: 403,
    title: t.title,
    description: t.description,
    noindex: true,
    body: (
      <>
        <h1>{t.title}</h1>
        <p>{t.lead}</p>
        <p>{t.steps}</p>
        <p>
          <a class="button" href={page.href('/logga-in', { next: page.path })} target="_blank" rel="noopener">
            {t.signIn}
          </a>
        </p>
        <h2>{t.yourInput}</h2>
        {fields.length ? null : <p>{t.nothing}</p>}
        {fields.map((f, i) => (
          <div class="field">
            <label class="field__label" for={`kvar-${i}`}>
              {f.name}
            </label>
            <textarea class="input field__input textarea" id={`kvar-${i}`} readOnly rows={Math.min(12, Math.max(2, f.value.split('\n').length + 1))}>
              {f.value}
            </textarea>
          </div>
        ))}
        {secretsLeftOut ? <p class="hint">{t.omitted}</p> : null}
      </>
    ),
  };
}
