// Review, for reviewers (and admins): the queue of cases submitted for publication
// (/granskning) and one case (/granskning/<slug>) compared field by field with its last
// published revision — or shown whole when it was never published — with the two
// answers: publish, or send it back to the editors with a comment, which the case's
// review history keeps for them. Everyone else gets the 403 page.
import { Breadcrumbs } from '../components/Breadcrumbs';
import { CaseDiff } from '../components/CaseDiff';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextArea } from '../components/Fields';
import { PostForm } from '../components/Form';
import { pageArgs, Pagination, type PageArgs, type PageInfo } from '../components/Pagination';
import { diffContent } from '../server/case-diff';
import { requireViewer, type FormFields } from '../server/forms';
import { graphql, mutate, query } from '../server/graphql';
import { apiLanguage, formatDate } from '../server/i18n';
import { BadRequest, NotFound, type PageRequest, type PageRoute, type PageView } from '../server/page';
import { FormErrors, USER_ERROR_FIELDS, type ApiUserError } from '../server/user-errors';
import { CASE_CONTENT_FIELDS, type EditedCase } from './editor-state';
import { REVIEW_FIELDS, comparable, namesOf, rawOfDraft, type RawContent } from './review-content';

const QUEUE_SIZE = 25;
const MAX_SLUG = 120;
const REVIEWERS = ['REVIEWER', 'ADMIN'] as const;

interface QueueItem {
  slug: string;
  title: string;
  updatedAt: string;
  municipality: { code: string; name: string };
  revisions: { number: number }[];
}

const REVIEW_QUEUE = graphql<{ practiceCases: { totalCount: number; pageInfo: PageInfo; edges: { node: QueueItem }[] } }, PageArgs>(`query ReviewQueue($first: Int, $after: String, $last: Int, $before: String) {
  practiceCases(filter: { statuses: [IN_REVIEW] }, orderBy: { field: UPDATED_AT, direction: ASC }, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { node { slug title updatedAt municipality { code name } revisions { number } } }
  }
}`);

export const reviewQueuePage: PageRoute = {
  path: '/granskning',
  async load(page) {
    requireViewer(page, { roles: REVIEWERS });
    const t = page.t.review;
    const { practiceCases: cases } = await query(page, REVIEW_QUEUE, pageArgs(page, QUEUE_SIZE));
    return {
      title: t.queueTitle,
      description: t.queueDescription,
      noindex: true,
      styles: ['visits.css'],
      body: (
        <>
          <h1>
            {t.queueTitle} ({cases.totalCount})
          </h1>
          <p>{t.queueIntro}</p>
          {cases.edges.length ? (
            <ul class="review-queue">
              {cases.edges.map(({ node: c }) => (
                <li class="review-queue__item">
                  <a href={page.href(`/granskning/${encodeURIComponent(c.slug)}`)}>{c.title}</a>
                  <p class="review-queue__meta">
                    <span>{c.municipality.name}</span>
                    <span>{c.revisions.length ? t.changedCase(c.revisions[c.revisions.length - 1].number) : t.newCase}</span>
                    <span>
                      {t.submitted} <time dateTime={c.updatedAt}>{formatDate(c.updatedAt, page.lang)}</time>
                    </span>
                  </p>
                </li>
              ))}
            </ul>
          ) : (
            <p class="empty">{t.queueEmpty}</p>
          )}
          <Pagination page={page} pageInfo={cases.pageInfo} />
        </>
      ),
    };
  },
};

type ReviewedCase = EditedCase & {
  revisions: { number: number; content: string }[];
  reviewHistory: { at: string; action: string; actor: string | null; note: string | null }[];
};

interface ThemeNode {
  slug: string;
  label: string;
  children: { slug: string; label: string }[];
}

const REVIEW_CASE = graphql<{ practiceCase: ReviewedCase | null; themes: ThemeNode[] }, { slug: string; language: 'SV' | 'EN' }>(`query ReviewCase($slug: String!, $language: Language!) {
  practiceCase(slug: $slug) {
    ${CASE_CONTENT_FIELDS}
    revisions { number content }
    reviewHistory { at action actor note }
  }
  themes { slug label(language: $language) children { slug label(language: $language) } }
}`);

type Payload = { result: { practiceCase: { slug: string } | null; userErrors: ApiUserError[] } };
type Vars = { input: { id: string; expectedVersion: number; note?: string } };
const PUBLISH = graphql<Payload, Vars>(`mutation PublishFromReview($input: PracticeCaseTransitionInput!) { result: publishPracticeCase(input: $input) { practiceCase { slug } ${USER_ERROR_FIELDS} } }`);
const RETURN = graphql<Payload, Vars>(`mutation ReturnFromReview($input: PracticeCaseTransitionInput!) { result: returnPracticeCase(input: $input) { practiceCase { slug } ${USER_ERROR_FIELDS} } }`);

const COMMENT_ID = 'kommentar';

async function loadReviewed(page: PageRequest): Promise<{ c: ReviewedCase; themes: Map<string, string> }> {
  requireViewer(page, { roles: REVIEWERS });
  const slug = page.params.slug;
  if (slug.length > MAX_SLUG) throw new NotFound('no such case');
  const data = await query(page, REVIEW_CASE, { slug, language: apiLanguage(page.lang) });
  if (!data.practiceCase) throw new NotFound(`no case ${slug}`);
  const themes = new Map(data.themes.flatMap((t) => [[t.slug, t.label] as const, ...t.children.map((c) => [c.slug, c.label] as const)]));
  return { c: data.practiceCase, themes };
}

export const reviewCasePage: PageRoute = {
  path: '/granskning/:slug',
  async load(page) {
    const { c, themes } = await loadReviewed(page);
    return reviewView(page, c, themes, '', new FormErrors());
  },
  async action(page, form: FormFields) {
    const { c, themes } = await loadReviewed(page);
    const action = form.field('atgard', 10);
    if (action !== 'publish' && action !== 'return') throw new BadRequest('unknown action');
    const comment = form.field('comment', 2000);
    const version = Number(form.field('version', 10));
    const errors = new FormErrors();
    if (action === 'return' && !comment.trim()) errors.add(COMMENT_ID, page.t.review.commentRequired);
    if (errors.any) return { ...reviewView(page, c, themes, comment, errors), status: 422 };
    const input = { id: c.id, expectedVersion: Number.isInteger(version) ? version : -1, ...(action === 'return' ? { note: comment } : {}) };
    const { result } = await mutate(page, action === 'publish' ? PUBLISH : RETURN, { input });
    if (result.practiceCase) {
      const t = page.t.review;
      return { redirect: page.href('/granskning'), flash: action === 'publish' ? t.publishedFlash(c.title) : t.returnedFlash(c.title) };
    }
    errors.addApi(result.userErrors, ([name]) => (name === 'note' ? COMMENT_ID : null), `form-${action}`, (e) =>
      e.code === 'VERSION_CONFLICT' || e.code === 'INVALID_TRANSITION' ? page.t.review.conflict : undefined,
    );
    // Whatever changed is shown as it is now; the comment stays in its box.
    const fresh = await loadReviewed(page);
    return { ...reviewView(page, fresh.c, fresh.themes, comment, errors), status: 409 };
  },
};

function reviewView(page: PageRequest, c: ReviewedCase, themes: Map<string, string>, comment: string, errors: FormErrors): PageView {
  const t = page.t.review;
  const names = namesOf(c, themes);
  const last = c.revisions.length ? c.revisions[c.revisions.length - 1] : null;
  const before = last ? comparable(JSON.parse(last.content) as RawContent, names, page.t) : null;
  const fields = diffContent(REVIEW_FIELDS, before, comparable(rawOfDraft(c), names, page.t));
  const title = t.caseTitle(c.title);
  return {
    title: errors.any ? `${page.t.account.errorPrefix}${title}` : title,
    description: t.caseDescription,
    noindex: true,
    styles: ['visits.css'],
    body: (
      <>
        <Breadcrumbs page={page} trail={[{ label: t.queueTitle, path: '/granskning' }, { label: c.title }]} />
        <ErrorSummary title={t.errorTitle} errors={errors.summary} />
        <h1>{title}</h1>
        <p>
          {c.municipality.name} · <a href={page.href(`/praktik/${encodeURIComponent(c.slug)}`)}>{page.t.casePage.about}</a>
        </p>
        {c.status === 'IN_REVIEW' ? null : <p class="notice">{t.notInReview}</p>}
        <ReviewHistory page={page} c={c} />
        <h2>{last ? t.changed : t.newCase}</h2>
        <CaseDiff page={page} fields={fields} revision={last?.number ?? null} inReview={c.status === 'IN_REVIEW'} />
        {c.status === 'IN_REVIEW' ? <ReviewActions page={page} c={c} comment={comment} errors={errors} /> : null}
      </>
    ),
  };
}

function ReviewHistory({ page, c }: { page: PageRequest; c: ReviewedCase }) {
  const t = page.t.review;
  const notes = c.reviewHistory.filter((h) => h.note);
  if (!notes.length) return null;
  return (
    <section aria-labelledby="tidigare" class="review-history">
      <h2 id="tidigare">{t.history}</h2>
      <ul>
        {notes.map((h) => (
          <li>
            <time dateTime={h.at}>{formatDate(h.at, page.lang)}</time> {t.historyActions[h.action] ?? h.action}
            {h.actor ? ` (${h.actor})` : null}: {h.note}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ReviewActions({ page, c, comment, errors }: { page: PageRequest; c: ReviewedCase; comment: string; errors: FormErrors }) {
  const t = page.t.review;
  const path = `/granskning/${encodeURIComponent(c.slug)}`;
  return (
    <div class="review-actions">
      <section aria-labelledby="publicera" class="visit-action">
        <h2 id="publicera">{t.publish}</h2>
        <p>{t.publishIntro}</p>
        <PostForm page={page} action={path} id="form-publish">
          <input type="hidden" name="atgard" value="publish" />
          <input type="hidden" name="version" value={String(c.version)} />
          <button class="button" type="submit">
            {t.publish}
          </button>
        </PostForm>
      </section>
      <section aria-labelledby="skicka-tillbaka" class="visit-action">
        <h2 id="skicka-tillbaka">{t.return}</h2>
        <p>{t.returnIntro}</p>
        <PostForm page={page} action={path} id="form-return" noValidate>
          <input type="hidden" name="atgard" value="return" />
          <input type="hidden" name="version" value={String(c.version)} />
          <TextArea id={COMMENT_ID} name="comment" label={t.comment} value={comment} error={errors.get(COMMENT_ID)} rows={4} />
          <button class="button button--secondary" type="submit">
            {t.return}
          </button>
        </PostForm>
      </section>
    </div>
  );
}
