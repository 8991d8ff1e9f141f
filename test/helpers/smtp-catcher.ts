// A local SMTP server (the `smtp-server` package) that keeps every message it is sent,
// for tests of mail: point SMTP_URL at `catcher.url` and read `catcher.messages`.
// Plain SMTP on 127.0.0.1 without TLS or authentication, as a test needs nothing more.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  from: string;
  to: string[];
  subject: string;
  /** The text/plain body, decoded. */
  text: string;
  raw: string;
}

export interface SmtpCatcher {
  url: string;
  messages: CaughtMail[];
  /** Waits (up to timeoutMs) for a message to `to` and returns the newest. */
  waitFor(to: string, timeoutMs?: number): Promise<CaughtMail>;
  stop(): Promise<void>;
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => `%${hex}`);
  // Escape the rest so that decodeURIComponent only reads our %XX.
  return Buffer.from(decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25')), 'utf8').toString('utf8');
}

/** RFC 2047 words in a header: =?UTF-8?Q?…?= and =?UTF-8?B?…?=. */
function decodeHeader(value: string): string {
  return value.replace(/\s*=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_m, kind: string, data: string) =>
    kind.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
  );
}

export function parseMail(raw: string, envelope: { from: string; to: string[] }): CaughtMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1] ?? '';
  const encoding = header('Content-Transfer-Encoding').toLowerCase();
  const text = encoding === 'quoted-printable' ? decodeQuotedPrintable(body) : encoding === 'base64' ? Buffer.from(body, 'base64').toString('utf8') : body;
  return { ...envelope, subject: decodeHeader(header('Subject')), text: text.replace(/\r\n/g, '\n'), raw };
}

export async function startSmtpCatcher(): Promise<SmtpCatcher> {
  const messages: CaughtMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const envelope = { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) };
        messages.push(parseMail(Buffer.concat(chunks).toString('utf8'), envelope));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async waitFor(to, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.filter((m) => m.to.includes(to.toLowerCase()));
        if (found.length) return found[found.length - 1];
        if (Date.now() > deadline) throw new Error(`no mail to ${to} within ${timeoutMs} ms (have: ${messages.map((m) => m.to.join(',')).join('; ') || 'none'})`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
