// "New password" and "again" fields, and their check, shared by the invitation/reset
// page and the account page. The check is the server's own policy (passwords.ts) with
// the reader's words; the service checks again when it stores the password.
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblem } from '../../server/src/modules/accounts/passwords';
import type { FormFields } from '../server/forms';
import type { PageRequest } from '../server/page';
import type { FieldError } from './ErrorSummary';
import { TextField } from './Field';

export function NewPasswordFields({ page, errors }: { page: PageRequest; errors: FieldError[] }) {
  const t = page.t.setPassword;
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  return (
    <>
      <TextField id="password" name="password" type="password" label={t.password} hint={t.passwordHint(MIN_PASSWORD_LENGTH)} error={errorOf('password')} autocomplete="new-password" required />
      <TextField id="confirm" name="confirm" type="password" label={t.confirm} error={errorOf('confirm')} autocomplete="new-password" required />
    </>
  );
}

/** The new password of a form, or the errors to show next to its fields. */
export function readNewPassword(page: PageRequest, form: FormFields, email: string): { password: string; errors: FieldError[] } {
  const t = page.t.setPassword;
  // Bounded well above the policy's maximum so that "too long" is a message, not a 400 page.
  const password = form.field('password', MAX_PASSWORD_LENGTH * 4);
  const confirm = form.field('confirm', MAX_PASSWORD_LENGTH * 4);
  const problem = passwordProblem(password, email);
  const messages = {
    required: t.required,
    tooShort: t.tooShort(MIN_PASSWORD_LENGTH),
    tooLong: t.tooLong(MAX_PASSWORD_LENGTH),
    common: t.common,
    personal: t.personal,
  };
  const errors: FieldError[] = [];
  if (problem) errors.push({ field: 'password', message: messages[problem] });
  else if (password !== confirm) errors.push({ field: 'confirm', message: t.mismatch });
  return { password, errors };
}
