// The answers beside a case that is due for "still running?": one click for "still
// running" and a date for "ended on …", as plain POST forms to /praktik/<slug>/bekrafta,
// which saves the answer through the API (confirmPracticeCase / endPracticeCase) with
// the version the reader saw and comes back. My work (/mitt-arbete) renders
// DueCaseActions for every due case; a case's answer page renders DueCaseAnswers.
import type { PageRequest } from '../server/page';
import { formatDate } from '../server/i18n';
import { TextField } from './Field';
import { PostForm } from './Form';

/** What My work knows of a due case (MY_WORK's `due` selection). */
export interface DueCase {
  id: string;
  slug: string;
  title: string;
  version: number;
  lastConfirmedAt: string | null;
  publishedAt: string | null;
}

/** What an answer form needs of a case. */
export interface AnswerableCase {
  slug: string;
  title: string;
  version: number;
}

const SWEDISH_DAY = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' });

/** Whether an end date has come, in Sweden's calendar as the API judges it: "ended on" rather than a planned end. */
export function hasEnded(endedOn: string | null): endedOn is string {
  return !!endedOn && endedOn <= SWEDISH_DAY.format(new Date());
}

/** Where an answer goes back to: My work, or the case's own page. */
export type AnswerFrom = 'work' | 'case';

export interface DueCaseAnswersProps {
  page: PageRequest;
  c: AnswerableCase;
  from: AnswerFrom;
  /** Unique on the page: the answers are `<idPrefix>-svar`, the date field `<idPrefix>-slut`. */
  idPrefix: string;
  /** The date the reader typed and the problem with it, after a refused answer. */
  endedOn?: string;
  endedError?: string;
}

/** The two answers for one case. Buttons name the case for screen readers, since a list repeats them. */
export function DueCaseAnswers({ page, c, from, idPrefix, endedOn, endedError }: DueCaseAnswersProps) {
  const t = page.t.stillRunning;
  const action = `/praktik/${encodeURIComponent(c.slug)}/bekrafta`;
  const hidden = (answer: 'running' | 'ended') => (
    <>
      <input type="hidden" name="version" value={String(c.version)} />
      <input type="hidden" name="from" value={from} />
      <input type="hidden" name="answer" value={answer} />
    </>
  );
  return (
    <div class="due-case__answers" id={`${idPrefix}-svar`} tabIndex={-1}>
      <PostForm page={page} action={action} class="due-case__running">
        {hidden('running')}
        <button class="button" type="submit">
          {t.running}
          <span class="visually-hidden">: {c.title}</span>
        </button>
      </PostForm>
      <PostForm page={page} action={action} class="due-case__ended">
        {hidden('ended')}
        <TextField id={`${idPrefix}-slut`} name="endedOn" type="date" label={t.endedLabel} hint={t.endedHint} value={endedOn} error={endedError} required />
        <button class="button button--secondary" type="submit">
          {t.endedSave}
          <span class="visually-hidden">: {c.title}</span>
        </button>
      </PostForm>
    </div>
  );
}

/** My work's slot: when the case was last confirmed, and its two answers. */
export function DueCaseActions({ page, c }: { page: PageRequest; c: DueCase }) {
  const confirmed = c.lastConfirmedAt ?? c.publishedAt;
  return (
    <>
      {confirmed ? (
        <p class="due-case__confirmed">
          {page.t.stillRunning.lastConfirmed} <time dateTime={confirmed}>{formatDate(confirmed, page.lang)}</time>
        </p>
      ) : null}
      <DueCaseAnswers page={page} c={c} from="work" idPrefix={`bekrafta-${c.slug}`} />
    </>
  );
}
