// /logga-in: e-mail and password. The form works without JavaScript and answers a wrong
// address and a wrong password with the same words, so it tells no one which accounts
// exist. `next` brings the reader back to where they were sent from — only a path on
// this site (sameSitePath), so the form cannot send anyone away.
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { TextField } from '../components/Field';
import { PostForm } from '../components/Form';
import type { FormFields } from '../server/forms';
import { one, type PageRequest, type PageRoute, type PageView } from '../server/page';
import { sameSitePath } from '../server/urls';
import { SingleSignOnButton } from './single-sign-on';

export { sameSitePath };

/** Where a signed-in person lands when no `next` says otherwise. */
export const AFTER_SIGN_IN = '/konto';

interface SignInInput {
  email: string;
  next?: string;
  errors: FieldError[];
}

function signInView(page: PageRequest, input: SignInInput, status = 200): PageView {
  const t = page.t.signIn;
  const errorOf = (field: string) => input.errors.find((e) => e.field === field)?.message;
  return {
    status,
    title: input.errors.length ? `${page.t.account.errorPrefix}${t.title}` : t.title,
    description: t.description,
    noindex: true,
    body: (
      <>
        <ErrorSummary title={t.errorTitle} errors={input.errors} />
        <h1>{t.title}</h1>
        <p class="lead">{t.intro}</p>
        <PostForm page={page} action="/logga-in" params={{ next: input.next }} noValidate>
          <TextField id="email" name="email" type="email" label={t.email} value={input.email} error={errorOf('email')} autocomplete="username" required maxLength={254} />
          <TextField id="password" name="password" type="password" label={t.password} error={errorOf('password')} autocomplete="current-password" required />
          <button class="button" type="submit">
            {t.submit}
          </button>
        </PostForm>
        <p class="sign-in__more">
          <a href={page.href('/glomt-losenord')}>{t.forgot}</a>
        </p>
        <p class="hint">{t.noAccount}</p>
        {page.singleSignOn ? <SingleSignOnButton page={page} next={input.next} /> : null}
      </>
    ),
  };
}

export const signInPage: PageRoute = {
  signedOutForm: true,
  path: '/logga-in',
  async load(page) {
    return signInView(page, { email: '', next: sameSitePath(one(page, 'next', 500)), errors: [] });
  },
  async action(page, form: FormFields) {
    const t = page.t.signIn;
    const email = form.field('email', 254).trim();
    const password = form.field('password', 1000);
    const next = sameSitePath(one(page, 'next', 500));
    const missing: FieldError[] = [];
    if (!email) missing.push({ field: 'email', message: t.emailRequired });
    if (!password) missing.push({ field: 'password', message: t.passwordRequired });
    if (missing.length) return signInView(page, { email, next, errors: missing }, 422);
    const outcome = await page.session.signIn(email, password);
    if (!outcome.ok) {
      // The same words, on the password field, whether the address exists or not.
      const message = outcome.reason === 'throttled' ? t.throttled : t.refused;
      return signInView(page, { email, next, errors: [{ field: 'password', message }] }, outcome.reason === 'throttled' ? 429 : 401);
    }
    return { redirect: page.href(next ?? AFTER_SIGN_IN), flash: t.signedIn(outcome.user.name) };
  },
};
