// `npm run admin -- <command>`: user, client and token administration from a shell,
// for the first admin (who cannot call the admin-only mutations yet) and for
// operators. Talks to the database directly: DATABASE_URL, or the embedded
// PostgreSQL under DATA_DIR (a server running there lends its own).
import type { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../config';
import { withStartupLock } from '../core/db/advisory-lock';
import { createOrm, migrate } from '../core/db/orm';
import { startServices } from '../core/embedded/services';
import type { Context } from '../core/context';
import { UserErrors } from '../core/errors';
import { createLogger } from '../core/logger';
import { Mailer } from '../core/mail';
import { payloadOrThrow } from '../core/mutation';
import { isIsoDate } from '../core/scalars';
import { Role, SCOPES, type ApiToken } from '../modules/accounts/account.entities';
import { accountLinkMessage, accountLinkPath } from '../modules/accounts/account-mail';
import { AccountLinkPurpose } from '../modules/accounts/session.entities';
import { LINK_LIFETIME_MS } from '../modules/accounts/sessions.service';
import { Municipality } from '../modules/geo/municipality.entity';
import { importReferenceData } from '../seed/reference-data';
import { systemContext } from '../system-context';

export const ADMIN_USAGE = `usage: npm run admin -- <command> [options]   (add --json for machine-readable output)
  create-user   --email <e-mail> --role OFFICIAL|EDITOR|REVIEWER|ADMIN [--municipality <code>] [--name <name>]
  invite-user   --email <e-mail> [--role … --municipality <code> --name <name>]   (creates the user if new; prints a one-time link, valid 7 days, to set the password, and mails it when SMTP_URL is set)
  create-client --name <name> --organization <slug> --scopes <${SCOPES.join(',')}> [--municipality <code>]
  create-token  (--user <e-mail or id> | --client <id>) [--name <name>] [--scopes <a,b>] [--expires <yyyy-mm-dd> | --expires-in-days <n>]
  list-tokens   [--user <e-mail or id>] [--client <id>] [--all]   (--all includes revoked tokens)
  revoke-token  <token id>`;

export class UsageError extends Error {
  override name = 'UsageError';
}

type Options = Record<string, string | true>;

export function parseOptions(args: string[]): { positional: string[]; options: Options } {
  const positional: string[] = [];
  const options: Options = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) options[arg.slice(2, eq)] = arg.slice(eq + 1);
    else if (i + 1 < args.length && !args[i + 1].startsWith('--')) options[arg.slice(2)] = args[++i];
    else options[arg.slice(2)] = true;
  }
  return { positional, options };
}

function text(options: Options, name: string, required: true): string;
function text(options: Options, name: string, required?: false): string | undefined;
function text(options: Options, name: string, required = false): string | undefined {
  const value = options[name];
  if (value === true) throw new UsageError(`--${name} needs a value`);
  if (value === undefined && required) throw new UsageError(`--${name} is required`);
  return value;
}

const list = (raw: string | undefined) => raw?.split(',').map((s) => s.trim()).filter(Boolean);

function expiry(options: Options): Date | null {
  const date = text(options, 'expires');
  const days = text(options, 'expires-in-days');
  if (date && days) throw new UsageError('give --expires or --expires-in-days, not both');
  if (date) {
    // Date.parse('2019-02-31') is a valid time (3 March); a typo must not become another day.
    if (!isIsoDate(date)) throw new UsageError('--expires is a calendar date, yyyy-mm-dd');
    return new Date(`${date}T00:00:00Z`);
  }
  if (days) {
    const n = Number(days);
    if (!Number.isInteger(n) || n < 1 || n > 3650) throw new UsageError('--expires-in-days is a whole number from 1 to 3650');
    return new Date(Date.now() + n * 86_400_000);
  }
  return null;
}

function describeToken(t: ApiToken) {
  const user = t.user?.getEntity();
  const client = t.client?.getEntity();
  return {
    id: t.id,
    name: t.name,
    prefix: `utb_${t.prefix}…`,
    owner: user ? `user ${user.email} (${user.role})` : client ? `client ${client.name} (${client.id})` : '?',
    scopes: t.scopes,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}

/** create-token: for a user (by e-mail or id) or a client; prints the token, the only time it is shown. */
async function createTokenCommand(ctx: Context, options: Options): Promise<{ human: string; json: unknown }> {
  const accounts = ctx.services.accounts;
  const userArg = text(options, 'user');
  const clientArg = text(options, 'client');
  if (!!userArg === !!clientArg) throw new UsageError('give exactly one of --user or --client');
  const user = userArg ? await accounts.findUser(ctx, userArg) : null;
  if (userArg && !user) throw new UsageError(`no user ${userArg}`);
  const client = clientArg ? await accounts.findClient(ctx, clientArg) : null;
  if (clientArg && !client) throw new UsageError(`no API client ${clientArg}`);
  const created = await accounts.createToken(ctx, {
    name: text(options, 'name') ?? 'cli',
    userId: user?.id,
    clientId: client?.id,
    scopes: list(text(options, 'scopes')),
    expiresAt: expiry(options),
  });
  const record = payloadOrThrow(created, 'apiToken');
  const token = created.token!;
  const json = { id: record.id, token, scopes: record.scopes, expiresAt: record.expiresAt?.toISOString() ?? null };
  return {
    human: `Token ${record.id} for ${user ? user.email : client!.name} (scopes ${record.scopes.join(', ')}). It is shown only now:\n${token}`,
    json,
  };
}

/** What invite-user needs besides the database: where the site is, and the mail. */
export interface InviteDeps {
  /** Scheme and host of the site (PUBLIC_URL, or http://localhost:<PORT>). */
  siteUrl: string;
  mailer: Mailer;
}

/**
 * invite-user: the user (created when the address is new, which needs --role), a fresh
 * invitation link — earlier unused ones stop working — printed, and mailed when SMTP_URL is set.
 */
async function inviteUserCommand(ctx: Context, options: Options, invite: InviteDeps): Promise<{ human: string; json: unknown }> {
  const email = text(options, 'email', true);
  let user = await ctx.services.accounts.findUser(ctx, email);
  if (!user) {
    const role = text(options, 'role')?.toUpperCase() as Role | undefined;
    if (!role || !Object.values(Role).includes(role)) throw new UsageError(`${email} has no account yet: give --role (${Object.values(Role).join(', ')})`);
    user = payloadOrThrow(await ctx.services.accounts.createUser(ctx, { email, role, name: text(options, 'name') ?? email.split('@')[0], municipalityCode: text(options, 'municipality') ?? null }), 'user');
  }
  if (user.disabledAt) throw new UsageError(`${user.email} is disabled`);
  const token = await ctx.services.sessions.createLink(ctx.em, user, AccountLinkPurpose.INVITE);
  const expiresAt = new Date(Date.now() + LINK_LIFETIME_MS[AccountLinkPurpose.INVITE]);
  const url = `${invite.siteUrl.replace(/\/+$/, '')}${accountLinkPath(token)}`;
  await invite.mailer.send(accountLinkMessage(AccountLinkPurpose.INVITE, user, url, expiresAt));
  const json = { id: user.id, email: user.email, role: user.role, link: url, expiresAt: expiresAt.toISOString(), mailed: invite.mailer.sends };
  const mailed = invite.mailer.sends ? `\nThe link was also e-mailed to ${user.email}.` : '';
  return { human: `Invitation for ${user.role.toLowerCase()} ${user.email} (id ${user.id}), valid until ${expiresAt.toISOString()}; it works once:\n${url}${mailed}`, json };
}

/** Runs one admin command against an ORM; returns what to print. */
export async function runAdminCommand(orm: MikroORM, command: string, args: string[], invite?: InviteDeps): Promise<{ human: string; json: unknown }> {
  const { positional, options } = parseOptions(args);
  // The operator at the shell acts as the system, through the same services as the API.
  const ctx = systemContext(orm, { requestId: `admin-cli:${command}` });
  const accounts = ctx.services.accounts;
  switch (command) {
    case 'create-user': {
      const email = text(options, 'email', true);
      const role = text(options, 'role', true).toUpperCase() as Role;
      if (!Object.values(Role).includes(role)) throw new UsageError(`--role is one of ${Object.values(Role).join(', ')}`);
      const user = payloadOrThrow(await accounts.createUser(ctx, { email, role, name: text(options, 'name') ?? email.split('@')[0], municipalityCode: text(options, 'municipality') ?? null }), 'user');
      const json = { id: user.id, email: user.email, name: user.name, role: user.role, municipality: user.municipality?.code ?? null };
      return { human: `Created ${user.role.toLowerCase()} ${user.email} (id ${user.id})`, json };
    }
    case 'create-client': {
      const scopes = list(text(options, 'scopes', true)) ?? [];
      const client = payloadOrThrow(
        await accounts.createClient(ctx, { name: text(options, 'name', true), organizationSlug: text(options, 'organization', true), municipalityCode: text(options, 'municipality') ?? null, scopes }),
        'apiClient',
      );
      const json = { id: client.id, name: client.name, scopes: client.scopes, municipality: client.municipality?.code ?? null };
      return { human: `Created API client "${client.name}" (id ${client.id}) with scopes ${client.scopes.join(', ')}`, json };
    }
    case 'create-token':
      return createTokenCommand(ctx, options);
    case 'invite-user':
      if (!invite) throw new UsageError('invite-user needs the site address and mailer');
      return inviteUserCommand(ctx, options, invite);
    case 'list-tokens': {
      const userArg = text(options, 'user');
      const user = userArg ? await accounts.findUser(ctx, userArg) : null;
      if (userArg && !user) throw new UsageError(`no user ${userArg}`);
      const tokens = (await accounts.listTokens(ctx, { userId: user?.id, clientId: text(options, 'client'), includeRevoked: options.all === true })).map(describeToken);
      const human = tokens.length
        ? tokens.map((t) => `${t.id}  ${t.prefix}  ${t.name}  ${t.owner}  [${t.scopes.join(',')}]${t.revokedAt ? `  revoked ${t.revokedAt}` : ''}${t.expiresAt ? `  expires ${t.expiresAt}` : ''}  last used ${t.lastUsedAt ?? 'never'}`).join('\n')
        : 'No tokens';
      return { human, json: tokens };
    }
    case 'revoke-token': {
      const id = positional[0] ?? text(options, 'id');
      if (!id) throw new UsageError('give the token id (see list-tokens)');
      const token = payloadOrThrow(await accounts.revokeToken(ctx, id), 'apiToken');
      return { human: `Revoked token ${token.id} (${token.name}) at ${token.revokedAt!.toISOString()}`, json: { id: token.id, revokedAt: token.revokedAt!.toISOString() } };
    }
    default:
      throw new UsageError(`unknown admin command "${command}"`);
  }
}

/** The `admin` command of main.ts: brings up the database, runs one command, prints, stops. */
export async function adminMain(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(`${ADMIN_USAGE}\n`);
    return command ? 0 : 2;
  }
  const json = rest.includes('--json');
  const config = loadConfig();
  // The CLI's own output is what the operator reads; service logs stay quiet unless asked.
  const log = createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn');
  // Beside a running server the CLI borrows its databases, as backup and reindex do.
  const services = await startServices(config, log, { attach: true });
  let orm: MikroORM | undefined;
  try {
    orm = await createOrm({ url: services.databaseUrl, log });
    await migrate(orm);
    // Under the reference import's lock: servers starting on the same empty database import too.
    await withStartupLock(services.databaseUrl, 'reference', async () => {
      if ((await orm!.em.fork().count(Municipality, {})) === 0) await importReferenceData(orm!.em.fork());
    }, log);
    const mailer = new Mailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, log, logBodies: false });
    const siteUrl = config.publicUrl ?? `http://localhost:${config.port}`;
    const result = await runAdminCommand(orm, command, rest.filter((a) => a !== '--json'), { siteUrl, mailer });
    process.stdout.write(`${json ? JSON.stringify(result.json, null, 2) : result.human}\n`);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`admin: ${err.message}\n${ADMIN_USAGE}\n`);
      return 2;
    }
    if (err instanceof UserErrors) {
      process.stderr.write(`admin: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await orm?.close();
    await services.stop();
  }
}
