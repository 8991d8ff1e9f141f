// /konto/nycklar: personal API tokens through the API (viewer.personalTokens,
// createPersonalToken, revokePersonalToken) — so that a partner gets a token without an
// admin or the command line. A new token is shown once, on the page that answers the
// form (never in a redirect or cookie), and the page is not cached.
import { accountFrame } from '../components/AccountNav';
import type { FieldError } from '../components/ErrorSummary';
import { TextField } from '../components/Field';
import { PostForm } from '../components/Form';
import { SCOPES } from '../../server/src/modules/accounts/account.entities';
import { requireViewer, type FormFields } from '../server/forms';
import { graphql, mutate, query } from '../server/graphql';
import { formatDate } from '../server/i18n';
import { BadRequest, type PageRequest, type PageRoute, type PageView } from '../server/page';

interface Token {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

const TOKENS = graphql<{ viewer: { scopes: string[]; personalTokens: Token[] } | null }>(`
  query AccountTokens {
    viewer {
      scopes
      personalTokens {
        id
        name
        prefix
        scopes
        createdAt
        lastUsedAt
        expiresAt
      }
    }
  }
`);

type UserErrorList = { field: string[]; message: string }[];

const CREATE = graphql<{ createPersonalToken: { token: string | null; userErrors: UserErrorList } }, { input: { name: string; scopes: string[]; expiresAt: string | null } }>(`
  mutation CreatePersonalToken($input: CreatePersonalTokenInput!) {
    createPersonalToken(input: $input) {
      token
      userErrors {
        field
        message
      }
    }
  }
`);

const REVOKE = graphql<{ revokePersonalToken: { userErrors: UserErrorList } }, { input: { id: string } }>(`
  mutation RevokePersonalToken($input: RevokePersonalTokenInput!) {
    revokePersonalToken(input: $input) {
      userErrors {
        field
        message
      }
    }
  }
`);

interface CreateInput {
  name: string;
  scopes: string[];
  expires: string;
}

function TokenList({ page, tokens }: { page: PageRequest; tokens: Token[] }) {
  const t = page.t.accountTokens;
  if (!tokens.length) return <p>{t.none}</p>;
  return (
    <ul class="record-list">
      {tokens.map((token) => (
        <li class="record">
          <h3 class="record__title">
            {token.name} <code>utb_{token.prefix}…</code>
          </h3>
          <dl class="summary-list">
            <dt>{t.scopes}</dt>
            <dd>{token.scopes.map((s) => t.scopeLabels[s] ?? s).join(', ')}</dd>
            <dt>{t.created}</dt>
            <dd>{formatDate(token.createdAt, page.lang)}</dd>
            <dt>{t.lastUsed}</dt>
            <dd>{token.lastUsedAt ? formatDate(token.lastUsedAt, page.lang) : t.never}</dd>
            {token.expiresAt ? (
              <>
                <dt>{t.expiresAt}</dt>
                <dd>{formatDate(token.expiresAt, page.lang)}</dd>
              </>
            ) : null}
          </dl>
          <PostForm page={page} action="/konto/nycklar">
            <input type="hidden" name="revoke" value={token.id} />
            <button class="button button--secondary" type="submit" aria-label={t.revokeLabel(token.name)}>
              {t.revoke}
            </button>
          </PostForm>
        </li>
      ))}
    </ul>
  );
}

function CreateForm({ page, scopes, input, errors }: { page: PageRequest; scopes: string[]; input: CreateInput; errors: FieldError[] }) {
  const t = page.t.accountTokens;
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.message;
  const scopeError = errorOf('scope-read');
  return (
    <PostForm page={page} action="/konto/nycklar" aria-labelledby="ny-nyckel" noValidate>
      <TextField id="name" name="name" label={t.name} hint={t.nameHint} value={input.name} error={errorOf('name')} maxLength={200} />
      <fieldset class={scopeError ? 'field field--error' : 'field'} aria-describedby={scopeError ? 'scope-error' : undefined}>
        <legend class="field__label">{t.scopes}</legend>
        {scopeError ? (
          <p class="field__error" id="scope-error">
            {scopeError}
          </p>
        ) : null}
        {scopes.map((scope) => (
          <div class="checkbox">
            <input type="checkbox" id={`scope-${scope}`} name="scopes" value={scope} checked={input.scopes.includes(scope)} />
            <label for={`scope-${scope}`}>{t.scopeLabels[scope] ?? scope}</label>
          </div>
        ))}
      </fieldset>
      <TextField id="expires" name="expires" label={t.expires} hint={t.expiresHint} value={input.expires} error={errorOf('expires')} type="date" />
      <button class="button" type="submit">
        {t.create}
      </button>
    </PostForm>
  );
}

async function tokensView(page: PageRequest, input: CreateInput, errors: FieldError[], created?: string): Promise<PageView> {
  requireViewer(page);
  const t = page.t.accountTokens;
  const { viewer } = await query(page, TOKENS, {});
  const scopes = SCOPES.filter((s) => viewer?.scopes.includes(s));
  return accountFrame(page, t, errors, (
    <>
      {created ? (
        <section class="created-token" aria-labelledby="ny-nyckel-skapad">
          <h2 id="ny-nyckel-skapad">{t.createdTitle}</h2>
          <p>{t.createdBody}</p>
          <p>
            <code class="created-token__value">{created}</code>
          </p>
        </section>
      ) : null}
      <p class="lead">{t.intro}</p>
      <h2>{t.listTitle}</h2>
      <TokenList page={page} tokens={viewer?.personalTokens ?? []} />
      <h2 id="ny-nyckel">{t.createTitle}</h2>
      <CreateForm page={page} scopes={scopes} input={input} errors={errors} />
    </>
  ));
}

const EMPTY: CreateInput = { name: '', scopes: ['read'], expires: '' };

function readCreate(page: PageRequest, form: FormFields): { input: CreateInput; errors: FieldError[]; expiresAt: string | null } {
  const t = page.t.accountTokens;
  const input = { name: form.field('name', 200).trim(), scopes: form.all('scopes', 40), expires: form.field('expires', 20).trim() };
  const errors: FieldError[] = [];
  if (!input.name) errors.push({ field: 'name', message: t.nameRequired });
  if (!input.scopes.length) errors.push({ field: 'scope-read', message: t.scopesRequired });
  // The end of the chosen day in Stockholm is near enough to the end of the day anywhere here.
  const expiresAt = input.expires ? new Date(`${input.expires}T23:59:59+01:00`) : null;
  if (input.expires && (!/^\d{4}-\d{2}-\d{2}$/.test(input.expires) || Number.isNaN(expiresAt!.getTime()) || expiresAt!.getTime() <= Date.now())) {
    errors.push({ field: 'expires', message: t.expiresBad });
  }
  return { input, errors, expiresAt: expiresAt && !Number.isNaN(expiresAt.getTime()) ? expiresAt.toISOString() : null };
}

export const accountTokensPage: PageRoute = {
  path: '/konto/nycklar',
  load: (page) => tokensView(page, EMPTY, []),
  async action(page, form) {
    requireViewer(page);
    const revoke = form.field('revoke', 200);
    if (revoke) {
      const { revokePersonalToken } = await mutate(page, REVOKE, { input: { id: revoke } });
      if (revokePersonalToken.userErrors.length) throw new BadRequest('no such token');
      return { redirect: page.href('/konto/nycklar'), flash: page.t.accountTokens.revoked };
    }
    const { input, errors, expiresAt } = readCreate(page, form);
    if (errors.length) return tokensView(page, input, errors);
    const { createPersonalToken } = await mutate(page, CREATE, { input: { name: input.name, scopes: input.scopes, expiresAt } });
    if (!createPersonalToken.token) {
      const problems = createPersonalToken.userErrors.map((e) => ({ field: e.field.includes('scopes') ? 'scope-read' : e.field.includes('expiresAt') ? 'expires' : 'name', message: e.message }));
      return tokensView(page, input, problems);
    }
    return tokensView(page, EMPTY, [], createPersonalToken.token);
  },
};
