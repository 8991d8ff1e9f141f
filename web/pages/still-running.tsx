// /praktik/<slug>/bekrafta: "is it still running?" for one case. The page shows when the
// case was last confirmed and its two answers; the answers of My work's list post here
// too. An answer goes through confirmPracticeCase or endPracticeCase with the version the
// reader saw, so a case changed in between is shown again rather than overwritten; a
// refused date comes back next to the field with what was typed.
import { ErrorSummary } from '../components/ErrorSummary';
import { DueCaseAnswers, hasEnded, type AnswerFrom } from '../components/DueCaseActions';
import { formatDay } from '../components/CaseSections';
import { requireViewer, type FormFields } from '../server/forms';
import { graphql, mutate, query } from '../server/graphql';
import { isCalendarDay } from '../server/user-errors';
import { formatDate } from '../server/i18n';
import { BadRequest, Forbidden, NotFound, type ActionResult, type PageRequest, type PageRoute, type PageView } from '../server/page';

interface AnswerCase {
  id: string;
  slug: string;
  title: string;
  version: number;
  status: string;
  endedOn: string | null;
  lastConfirmedAt: string | null;
  publishedAt: string | null;
  confirmationDue: boolean;
  viewerCanConfirm: boolean;
  municipality: { name: string };
}

const ANSWER_CASE = graphql<{ practiceCase: AnswerCase | null }, { slug: string }>(`
  query StillRunning($slug: String!) {
    practiceCase(slug: $slug) {
      id slug title version status endedOn lastConfirmedAt publishedAt confirmationDue viewerCanConfirm
      municipality { name }
    }
  }
`);

interface Payload {
  practiceCase: { title: string; endedOn: string | null } | null;
  userErrors: { field: string[]; code: string; message: string }[];
}

const CONFIRM = graphql<{ confirmPracticeCase: Payload }, { input: { id: string; expectedVersion: number } }>(`
  mutation ConfirmStillRunning($input: ConfirmPracticeCaseInput!) {
    confirmPracticeCase(input: $input) { practiceCase { title endedOn } userErrors { field code message } }
  }
`);

const END = graphql<{ endPracticeCase: Payload }, { input: { id: string; expectedVersion: number; endedOn: string } }>(`
  mutation EndPractice($input: EndPracticeCaseInput!) {
    endPracticeCase(input: $input) { practiceCase { title endedOn } userErrors { field code message } }
  }
`);

const DATE_FIELD = 'svar-slut';
const ANSWERS = 'svar-svar';

/** The case, for a reader who may answer for it; others get the 404 or 403 page. */
async function answerCase(page: PageRequest): Promise<AnswerCase> {
  requireViewer(page);
  const slug = page.params.slug;
  const c = slug.length <= 120 ? (await query(page, ANSWER_CASE, { slug })).practiceCase : null;
  if (!c) throw new NotFound(`no case ${slug}`);
  if (!c.viewerCanConfirm) throw new Forbidden('not an editor of this case');
  return c;
}

interface Refusal {
  message: string;
  /** The problem is the date (shown at the field), not the answer as a whole. */
  atDate?: boolean;
  endedOn?: string;
  status: number;
}

function answerPage(page: PageRequest, c: AnswerCase, refusal?: Refusal): PageView {
  const t = page.t.stillRunning;
  const confirmed = c.lastConfirmedAt ?? c.publishedAt;
  return {
    title: t.title,
    description: t.description(c.title),
    noindex: true,
    status: refusal?.status,
    body: (
      <>
        <ErrorSummary title={t.errorTitle} errors={refusal ? [{ field: refusal.atDate ? DATE_FIELD : ANSWERS, message: refusal.message }] : []} />
        <h1>{t.title}</h1>
        <p class="lead">
          <a href={page.href(`/praktik/${encodeURIComponent(c.slug)}`)}>{c.title}</a>, {c.municipality.name}
        </p>
        {confirmed ? (
          <p>
            {t.lastConfirmed} <time dateTime={confirmed}>{formatDate(confirmed, page.lang)}</time>
          </p>
        ) : null}
        <p>{stateText(page, c)}</p>
        {c.status === 'PUBLISHED' ? <DueCaseAnswers page={page} c={c} from="case" idPrefix="svar" endedOn={refusal?.endedOn} endedError={refusal?.atDate ? refusal.message : undefined} /> : null}
      </>
    ),
  };
}

function stateText(page: PageRequest, c: AnswerCase): string {
  const t = page.t.stillRunning;
  if (c.status !== 'PUBLISHED') return t.notPublished;
  if (c.endedOn && hasEnded(c.endedOn)) return t.ended(formatDay(c.endedOn, page.lang));
  return c.confirmationDue ? t.due : t.notDue;
}

/** What to tell the reader about a refused answer: field problems at the date, a stale version as a conflict. */
function refusalOf(page: PageRequest, errors: Payload['userErrors'], endedOn?: string): Refusal {
  const t = page.t.stillRunning;
  const codes = new Set(errors.map((e) => e.code));
  if (codes.has('VERSION_CONFLICT')) return { message: t.conflict, endedOn, status: 409 };
  if (codes.has('NOT_FOUND')) throw new NotFound('the case is gone');
  if (codes.has('OUT_OF_RANGE')) return { message: t.dateInFuture, atDate: true, endedOn, status: 422 };
  if (codes.has('INVALID')) return { message: t.dateBeforeStart, atDate: true, endedOn, status: 422 };
  return { message: t.refused, endedOn, status: 422 };
}

async function answer(page: PageRequest, form: FormFields): Promise<ActionResult> {
  const c = await answerCase(page);
  const t = page.t.stillRunning;
  const kind = form.field('answer', 10);
  const expectedVersion = Number(form.field('version', 12));
  if (!Number.isSafeInteger(expectedVersion) || (kind !== 'running' && kind !== 'ended')) throw new BadRequest('a malformed answer');
  const from: AnswerFrom = form.field('from', 10) === 'work' ? 'work' : 'case';
  const back = page.href(from === 'work' ? '/mitt-arbete' : `/praktik/${encodeURIComponent(c.slug)}`);
  if (kind === 'running') {
    const { confirmPracticeCase: saved } = await mutate(page, CONFIRM, { input: { id: c.id, expectedVersion } });
    if (!saved.practiceCase) return answerPage(page, c, refusalOf(page, saved.userErrors));
    return { redirect: back, flash: t.confirmed(saved.practiceCase.title) };
  }
  const endedOn = form.field('endedOn', 10).trim();
  if (!endedOn) return answerPage(page, c, { message: t.dateRequired, atDate: true, status: 422 });
  if (!isCalendarDay(endedOn)) return answerPage(page, c, { message: t.dateInvalid, atDate: true, endedOn, status: 422 });
  const { endPracticeCase: saved } = await mutate(page, END, { input: { id: c.id, expectedVersion, endedOn } });
  if (!saved.practiceCase) return answerPage(page, c, refusalOf(page, saved.userErrors, endedOn));
  return { redirect: back, flash: t.endedSaved(saved.practiceCase.title, formatDay(endedOn, page.lang)) };
}

export const stillRunningPage: PageRoute = {
  path: '/praktik/:slug/bekrafta',
  async load(page) {
    return answerPage(page, await answerCase(page));
  },
  action: answer,
};
