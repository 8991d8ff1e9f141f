// The e-mails that carry one-time account links. Swedish first, then English, since the
// recipient's language is not known before they first sign in.
import type { MailMessage } from '../../core/mail';
import { AccountLinkPurpose } from './session.entities';

/** The site path of a link's page: /inbjudan/<token> sets a password, for invitations and resets alike. */
export function accountLinkPath(token: string): string {
  return `/inbjudan/${token}`;
}

export function accountLinkMessage(purpose: AccountLinkPurpose, to: { email: string; name: string }, url: string, expiresAt: Date): MailMessage {
  const until = expiresAt.toISOString().slice(0, 16).replace('T', ' ');
  if (purpose === AccountLinkPurpose.INVITE) {
    return {
      to: to.email,
      subject: 'Inbjudan till Utbyte / Invitation to Utbyte',
      text: [
        `Hej ${to.name}!`,
        '',
        'Du har bjudits in till Utbyte, där kommuner delar med sig av hur de arbetar med integration.',
        `Välj ditt lösenord här (länken fungerar en gång, till ${until} UTC):`,
        url,
        '',
        '---',
        '',
        `Hello ${to.name},`,
        '',
        'You have been invited to Utbyte, where municipalities share what works in integration.',
        `Choose your password here (the link works once, until ${until} UTC):`,
        url,
      ].join('\n'),
    };
  }
  return {
    to: to.email,
    subject: 'Nytt lösenord för Utbyte / New password for Utbyte',
    text: [
      `Hej ${to.name}!`,
      '',
      `Någon bad om ett nytt lösenord för ditt konto. Välj det här (länken fungerar en gång, till ${until} UTC):`,
      url,
      'Var det inte du? Då kan du bortse från det här meddelandet; ditt lösenord är oförändrat.',
      '',
      '---',
      '',
      `Hello ${to.name},`,
      '',
      `Someone asked for a new password for your account. Choose it here (the link works once, until ${until} UTC):`,
      url,
      'Was it not you? Then ignore this message; your password is unchanged.',
    ].join('\n'),
  };
}
