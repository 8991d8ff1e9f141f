// /inbjudan/<token>: where an invitation or a "forgot password" link leads. The holder
// of a live link chooses a password and is signed in; the link then stops working,
// and every other session of the account ends. The token is in the path, so the page
// is noindex and the site's Referrer-Policy keeps it from leaving with a link.
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { PostForm } from '../components/Form';
import { NewPasswordFields, readNewPassword } from '../components/NewPassword';
import { AccountLinkPurpose } from '../../server/src/modules/accounts/session.entities';
import { BadRequest, type PageRequest, type PageRoute, type PageView } from '../server/page';
import { AFTER_SIGN_IN } from './sign-in';

function tokenOf(page: PageRequest): string {
  const token = page.params.token;
  if (!token || token.length > 100) throw new BadRequest('malformed link');
  return token;
}

function deadLink(page: PageRequest): PageView {
  const t = page.t.setPassword;
  return {
    status: 404,
    title: t.deadTitle,
    description: t.description,
    noindex: true,
    body: (
      <>
        <h1>{t.deadTitle}</h1>
        <p>{t.deadBody}</p>
        <p>
          <a href={page.href('/glomt-losenord')}>{page.t.signIn.forgot}</a>
        </p>
      </>
    ),
  };
}

function formView(page: PageRequest, link: { name: string; email: string; purpose: AccountLinkPurpose }, errors: FieldError[]): PageView {
  const t = page.t.setPassword;
  const title = link.purpose === AccountLinkPurpose.INVITE ? t.inviteTitle : t.resetTitle;
  return {
    status: errors.length ? 422 : 200,
    title: errors.length ? `${page.t.account.errorPrefix}${title}` : title,
    description: t.description,
    noindex: true,
    body: (
      <>
        <ErrorSummary title={t.errorTitle} errors={errors} />
        <h1>{title}</h1>
        {link.purpose === AccountLinkPurpose.INVITE ? <p class="lead">{t.welcome(link.name)}</p> : null}
        <PostForm page={page} action={page.path} noValidate>
          <dl class="summary-list">
            <dt>{t.forAccount}</dt>
            <dd>{link.email}</dd>
          </dl>
          {/* For password managers: the account the new password belongs to. */}
          <input type="hidden" name="username" autocomplete="username" value={link.email} />
          <NewPasswordFields page={page} errors={errors} />
          <button class="button" type="submit">
            {t.submit}
          </button>
        </PostForm>
      </>
    ),
  };
}

export const setPasswordPage: PageRoute = {
  signedOutForm: true,
  path: '/inbjudan/:token',
  async load(page) {
    const link = await page.session.accountLink(tokenOf(page));
    return link ? formView(page, link, []) : deadLink(page);
  },
  async action(page, form) {
    const token = tokenOf(page);
    const link = await page.session.accountLink(token);
    if (!link) return deadLink(page);
    const { password, errors } = readNewPassword(page, form, link.email);
    if (errors.length) return formView(page, link, errors);
    const outcome = await page.session.setPasswordByLink(token, password);
    if (!outcome.ok) return outcome.reason === 'dead' ? deadLink(page) : formView(page, link, [{ field: 'password', message: outcome.message }]);
    return { redirect: page.href(AFTER_SIGN_IN), flash: page.t.setPassword.saved };
  },
};
