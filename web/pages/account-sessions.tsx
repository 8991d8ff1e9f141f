// /konto/sessioner: the browsers signed in as the reader, from `viewer { sessions }`,
// each but this one with a button that ends it (revokeSession) — refused on that
// browser's very next request, since every request looks its session up.
import { accountFrame } from '../components/AccountNav';
import { PostForm } from '../components/Form';
import { BadRequest, type PageRoute } from '../server/page';
import { requireViewer } from '../server/forms';
import { graphql, mutate, query } from '../server/graphql';
import { formatDate } from '../server/i18n';

interface SessionsData {
  viewer: { sessions: { id: string; createdAt: string; lastSeenAt: string; expiresAt: string; userAgent: string | null; current: boolean }[] } | null;
}

const SESSIONS = graphql<SessionsData>(`
  query AccountSessions {
    viewer {
      sessions {
        id
        createdAt
        lastSeenAt
        expiresAt
        userAgent
        current
      }
    }
  }
`);

const REVOKE = graphql<{ revokeSession: { userErrors: { message: string }[] } }, { input: { id: string } }>(`
  mutation RevokeSession($input: RevokeSessionInput!) {
    revokeSession(input: $input) {
      userErrors {
        message
      }
    }
  }
`);

/** "Firefox on Windows" from a User-Agent, roughly; the raw string is in the title for the curious. */
function browserName(userAgent: string | null, unknown: string): string {
  if (!userAgent) return unknown;
  const browser = /Edg\//.test(userAgent) ? 'Edge' : /Firefox\//.test(userAgent) ? 'Firefox' : /Chrom(e|ium)\//.test(userAgent) ? 'Chrome' : /Safari\//.test(userAgent) ? 'Safari' : null;
  const system = /Windows/.test(userAgent) ? 'Windows' : /Android/.test(userAgent) ? 'Android' : /iPhone|iPad/.test(userAgent) ? 'iOS' : /Mac OS X/.test(userAgent) ? 'macOS' : /Linux/.test(userAgent) ? 'Linux' : null;
  return [browser, system].filter(Boolean).join(' / ') || unknown;
}

function time(iso: string, lang: 'sv' | 'en'): string {
  const clock = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'sv-SE', { timeStyle: 'short', timeZone: 'Europe/Stockholm' }).format(new Date(iso));
  return `${formatDate(iso, lang)} ${clock}`;
}

export const accountSessionsPage: PageRoute = {
  path: '/konto/sessioner',
  async load(page) {
    requireViewer(page);
    const t = page.t.accountSessions;
    const { viewer } = await query(page, SESSIONS, {});
    const sessions = viewer?.sessions ?? [];
    return accountFrame(page, t, [], (
      <>
        <p class="lead">{t.intro}</p>
        <ul class="record-list">
          {sessions.map((s) => {
            const name = browserName(s.userAgent, t.unknownBrowser);
            return (
              <li class="record">
                <h2 class="record__title">
                  {name}
                  {s.current ? <span class="tag">{t.thisOne}</span> : null}
                </h2>
                <dl class="summary-list">
                  <dt>{t.signedIn}</dt>
                  <dd>{time(s.createdAt, page.lang)}</dd>
                  <dt>{t.lastSeen}</dt>
                  <dd>{time(s.lastSeenAt, page.lang)}</dd>
                  <dt>{t.ends}</dt>
                  <dd>{time(s.expiresAt, page.lang)}</dd>
                </dl>
                {s.current ? null : (
                  <PostForm page={page} action="/konto/sessioner">
                    <input type="hidden" name="id" value={s.id} />
                    <button class="button button--secondary" type="submit" aria-label={t.revokeLabel(name, time(s.createdAt, page.lang))}>
                      {t.revoke}
                    </button>
                  </PostForm>
                )}
              </li>
            );
          })}
        </ul>
        {sessions.length <= 1 ? <p>{t.none}</p> : null}
      </>
    ));
  },
  async action(page, form) {
    requireViewer(page);
    const id = form.field('id', 200);
    if (!id) throw new BadRequest('no session id');
    // Someone else's session or an unknown id is "no such session of yours": nothing to show but the list.
    const { revokeSession } = await mutate(page, REVOKE, { input: { id } });
    return { redirect: page.href('/konto/sessioner'), flash: revokeSession.userErrors.length ? undefined : page.t.accountSessions.revoked };
  },
};
