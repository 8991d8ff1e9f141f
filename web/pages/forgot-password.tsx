// /glomt-losenord: asks for a reset link. The answer is the same whether or not the
// address has an account, and comes before the mail is made, so neither the words nor
// the time taken tell anyone which addresses exist.
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { TextField } from '../components/Field';
import { PostForm } from '../components/Form';
import type { PageRequest, PageRoute, PageView } from '../server/page';

function formView(page: PageRequest, email: string, errors: FieldError[]): PageView {
  const t = page.t.forgotPassword;
  return {
    status: errors.length ? 422 : 200,
    title: errors.length ? `${page.t.account.errorPrefix}${t.title}` : t.title,
    description: t.description,
    noindex: true,
    body: (
      <>
        <ErrorSummary title={t.errorTitle} errors={errors} />
        <h1>{t.title}</h1>
        <p class="lead">{t.intro}</p>
        <PostForm page={page} action="/glomt-losenord" noValidate>
          <TextField id="email" name="email" type="email" label={t.email} value={email} error={errors[0]?.message} autocomplete="username" required maxLength={254} />
          <button class="button" type="submit">
            {t.submit}
          </button>
        </PostForm>
      </>
    ),
  };
}

export const forgotPasswordPage: PageRoute = {
  signedOutForm: true,
  path: '/glomt-losenord',
  async load(page) {
    return formView(page, '', []);
  },
  async action(page, form) {
    const t = page.t.forgotPassword;
    const email = form.field('email', 254).trim();
    if (!email) return formView(page, email, [{ field: 'email', message: t.emailRequired }]);
    page.session.requestPasswordReset(email);
    return {
      title: t.sentTitle,
      description: t.description,
      noindex: true,
      body: (
        <>
          <h1>{t.sentTitle}</h1>
          <p class="lead">{t.sent(email)}</p>
          <p>
            <a href={page.href('/logga-in')}>{t.backToSignIn}</a>
          </p>
        </>
      ),
    };
  },
};
