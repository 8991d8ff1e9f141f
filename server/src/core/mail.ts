// Outgoing e-mail: invitations, password resets, the "still running?" digest. With
// SMTP_URL set, messages go out through nodemailer; without it they are written to the
// log — whole in development and test (the link a developer needs is right there), and
// in production only that a message was not sent, since their links sign people in.
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from './logger';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface MailerOptions {
  /** smtp:// or smtps:// URL with credentials; unset: log instead of sending. */
  smtpUrl?: string;
  /** The From address. */
  from: string;
  log: Logger;
  /** Write unsent messages' text to the log (development and test); never in production. */
  logBodies: boolean;
}

export class Mailer {
  private readonly transport: Transporter | null;

  constructor(private readonly options: MailerOptions) {
    // One connection per message, no pool: messages are few, and nothing stays open to close at shutdown.
    this.transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
  }

  /** Whether messages really leave the process (SMTP_URL is set). */
  get sends(): boolean {
    return this.transport !== null;
  }

  /** Sends or logs one message; a refused or failed send throws, for the caller to log and retry or give up. */
  async send(message: MailMessage): Promise<void> {
    if (!this.transport) {
      if (this.options.logBodies) this.options.log.info({ to: message.to, subject: message.subject }, `e-mail (not sent: SMTP_URL is unset)\n${message.text}`);
      else this.options.log.warn({ to: message.to, subject: message.subject }, 'e-mail not sent: SMTP_URL is unset');
      return;
    }
    await this.transport.sendMail({ from: this.options.from, to: message.to, subject: message.subject, text: message.text });
  }
}
