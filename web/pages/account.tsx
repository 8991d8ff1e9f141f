// /konto: the signed-in person's own account — who they are signed in as, and the
// password change (the current password is needed; every other session ends). The
// change goes through the API's changePassword mutation like any client's.
import { accountFrame } from '../components/AccountNav';
import type { FieldError } from '../components/ErrorSummary';
import { TextField } from '../components/Field';
import { PostForm } from '../components/Form';
import { NewPasswordFields, readNewPassword } from '../components/NewPassword';
import { MAX_PASSWORD_LENGTH } from '../../server/src/modules/accounts/passwords';
import { requireViewer } from '../server/forms';
import { graphql, mutate, query } from '../server/graphql';
import type { PageRequest, PageRoute, PageView } from '../server/page';

interface AccountData {
  viewer: { name: string; email: string | null; role: string | null; municipality: { name: string } | null } | null;
}

const ACCOUNT = graphql<AccountData>(`
  query Account {
    viewer {
      name
      email
      role
      municipality {
        name
      }
    }
  }
`);

interface ChangeData {
  changePassword: { userErrors: { field: string[]; code: string; message: string }[] };
}

const CHANGE_PASSWORD = graphql<ChangeData, { input: { currentPassword: string; newPassword: string } }>(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input) {
      userErrors {
        field
        code
        message
      }
    }
  }
`);

async function accountView(page: PageRequest, errors: FieldError[]): Promise<PageView> {
  requireViewer(page);
  const t = page.t.accountPage;
  const { viewer } = await query(page, ACCOUNT, {});
  if (!viewer) throw new Error('a signed-in page found no viewer');
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  return accountFrame(page, t, errors, (
    <>
      <dl class="summary-list">
        <dt>{t.name}</dt>
        <dd>{viewer.name}</dd>
        <dt>{t.email}</dt>
        <dd>{viewer.email}</dd>
        <dt>{t.role}</dt>
        <dd>{viewer.role ? t.roles[viewer.role] : ''}</dd>
        {viewer.municipality ? (
          <>
            <dt>{t.municipality}</dt>
            <dd>{viewer.municipality.name}</dd>
          </>
        ) : null}
      </dl>
      <h2 id="byt-losenord">{t.changePassword}</h2>
      <PostForm page={page} action="/konto" aria-labelledby="byt-losenord" noValidate>
        <input type="hidden" name="username" autocomplete="username" value={viewer.email ?? ''} />
        <TextField id="current" name="current" type="password" label={t.currentPassword} error={errorOf('current')} autocomplete="current-password" required />
        <NewPasswordFields page={page} errors={errors} />
        <button class="button" type="submit">
          {t.changeSubmit}
        </button>
      </PostForm>
    </>
  ));
}

export const accountPage: PageRoute = {
  path: '/konto',
  load: (page) => accountView(page, []),
  async action(page, form) {
    requireViewer(page);
    const t = page.t.accountPage;
    const { viewer } = await query(page, ACCOUNT, {});
    const current = form.field('current', MAX_PASSWORD_LENGTH * 4);
    const { password, errors } = readNewPassword(page, form, viewer?.email ?? '');
    if (!current) errors.unshift({ field: 'current', message: t.currentRequired });
    if (errors.length) return accountView(page, errors);
    const { changePassword } = await mutate(page, CHANGE_PASSWORD, { input: { currentPassword: current, newPassword: password } });
    const problem = changePassword.userErrors[0];
    if (problem) {
      // The API's words are English; the two it can say about the current password get the reader's.
      const onCurrent = problem.field.includes('currentPassword');
      const message = onCurrent ? (problem.message.startsWith('Too many') ? t.throttled : t.currentWrong) : problem.message;
      return accountView(page, [{ field: onCurrent ? 'current' : 'password', message }]);
    }
    return { redirect: page.href('/konto'), flash: t.changed };
  },
};
