// One study visit (/studiebesok/<id>): the request, the answer, the dates, the report
// and the history, with the forms each side may use now — the host accepts on a
// proposed range, proposes other days or declines with a reason; the visitors cancel;
// either side writes the report once the visit has begun. Every form posts here with
// the version it was rendered from, so an answer to a visit someone else changed in the
// meantime is a conflict page that keeps what was typed, never a silent overwrite.
import { Breadcrumbs } from '../components/Breadcrumbs';
import { ErrorSummary } from '../components/ErrorSummary';
import { Days, VISIT_CARD_FIELDS, visitName, type VisitCardData } from '../components/VisitParts';
import { ACTION_FIELDS, VisitActions, type ActionState, type VisitAction } from '../components/VisitActions';
import { formatDate } from '../server/i18n';
import { requireViewer } from '../server/forms';
import { graphql, mutate, query } from '../server/graphql';
import { BadRequest, NotFound, type ActionResult, type PageRequest, type PageRoute, type PageView } from '../server/page';
import { FormErrors, USER_ERROR_FIELDS, isCalendarDay, type ApiUserError } from '../server/user-errors';

export interface VisitData extends VisitCardData {
  version: number;
  purpose: string;
  preferredLanguage: string;
  declineReason: string | null;
  cancelReason: string | null;
  contact: { name: string; email: string | null; phone: string | null } | null;
  history: { at: string; actor: string | null; from: string | null; to: string; note: string | null }[];
  report: { learned: string; planToAdapt: string; reportedAt: string } | null;
}

const VISIT_PAGE = graphql<{ studyVisit: VisitData | null }, { id: string }>(`query VisitPage($id: ID!) {
  studyVisit(id: $id) {
    ${VISIT_CARD_FIELDS}
    version purpose preferredLanguage declineReason cancelReason
    contact { name email phone }
    history { at actor from to note }
    report { learned planToAdapt reportedAt }
  }
}`);

type Payload = { result: { studyVisit: { id: string } | null; userErrors: ApiUserError[] } };
type Vars = { input: Record<string, unknown> };
const payload = (field: string, input: string) =>
  graphql<Payload, Vars>(`mutation ${field}FromPage($input: ${input}!) { result: ${field}(input: $input) { studyVisit { id } ${USER_ERROR_FIELDS} } }`);

/** Each form's mutation; "propose" is an acceptance on dates the host chooses (the API records it as such). */
const MUTATIONS: Record<VisitAction, ReturnType<typeof payload>> = {
  accept: payload('acceptStudyVisit', 'AcceptStudyVisitInput'),
  propose: payload('acceptStudyVisit', 'AcceptStudyVisitInput'),
  decline: payload('declineStudyVisit', 'DeclineStudyVisitInput'),
  cancel: payload('cancelStudyVisit', 'CancelStudyVisitInput'),
  complete: payload('completeStudyVisit', 'CompleteStudyVisitInput'),
};
async function loadVisit(page: PageRequest): Promise<VisitData> {
  const id = page.params.id;
  if (id.length > 200) throw new NotFound('no such visit');
  const { studyVisit } = await query(page, VISIT_PAGE, { id });
  if (!studyVisit) throw new NotFound(`no visit ${id}`);
  return studyVisit;
}

export const visitPage: PageRoute = {
  path: '/studiebesok/:id',
  async load(page) {
    requireViewer(page);
    return visitView(page, await loadVisit(page), null);
  },
  async action(page, form) {
    requireViewer(page);
    const visit = await loadVisit(page);
    const action = form.field('atgard', 20) as VisitAction;
    if (!(action in MUTATIONS)) throw new BadRequest('unknown action');
    const values = Object.fromEntries(Object.entries(ACTION_FIELDS[action]).map(([name, [, max]]) => [name, form.field(name, max)]));
    const version = Number(form.field('version', 10));
    const state: ActionState = { action, values, errors: new FormErrors() };
    const input = toInput(page, visit, state, version);
    if (!state.errors.any) {
      const { result } = await mutate(page, MUTATIONS[action], { input });
      if (result.studyVisit) return { redirect: page.href(`/studiebesok/${encodeURIComponent(visit.id)}`), flash: doneMessage(page, action) };
      return answerErrors(page, state, result.userErrors);
    }
    return { ...visitView(page, visit, state), status: 422 };
  },
};

function doneMessage(page: PageRequest, action: VisitAction): string {
  const t = page.t.visits;
  return { accept: t.accepted, propose: t.accepted, decline: t.declined, cancel: t.cancelled, complete: t.completed }[action];
}

/** The mutation's input from a form, after the checks the page can make itself. */
function toInput(page: PageRequest, visit: VisitData, state: ActionState, version: number): Record<string, unknown> {
  const t = page.t.visits;
  const v = state.values;
  const ids = ACTION_FIELDS[state.action];
  const base = { id: visit.id, expectedVersion: Number.isInteger(version) ? version : -1 };
  const required = (name: string) => {
    if (!v[name].trim()) state.errors.add(ids[name][0], t.required);
  };
  switch (state.action) {
    case 'accept': {
      const [start, end] = v.dates.split('/');
      if (!isCalendarDay(start ?? '') || !isCalendarDay(end ?? '')) state.errors.add(ids.dates[0], t.required);
      return { ...base, dates: { start, end }, note: v.note.trim() || null };
    }
    case 'propose':
      if (!isCalendarDay(v.start)) state.errors.add(ids.start[0], t.notADate);
      if (v.end && !isCalendarDay(v.end)) state.errors.add(ids.end[0], t.notADate);
      return { ...base, dates: { start: v.start, end: v.end || v.start }, note: v.note.trim() || null };
    case 'decline':
      required('reason');
      return { ...base, reason: v.reason };
    case 'cancel':
      return { ...base, reason: v.reason.trim() || null };
    case 'complete':
      required('learned');
      required('planToAdapt');
      return { ...base, learned: v.learned, planToAdapt: v.planToAdapt };
  }
}

/** The page again with the API's objections: beside the fields, or as a conflict (409) on the fresh visit. */
async function answerErrors(page: PageRequest, state: ActionState, errors: ApiUserError[]): Promise<ActionResult> {
  const t = page.t.visits;
  const ids = ACTION_FIELDS[state.action];
  const conflict = errors.some((e) => e.code === 'VERSION_CONFLICT' || e.code === 'INVALID_TRANSITION');
  state.errors.addApi(errors, ([name]) => (name === 'dates' ? Object.values(ids)[0][0] : (ids[name]?.[0] ?? null)), `form-${state.action}`, (e) =>
    e.code === 'VERSION_CONFLICT' ? t.conflict : e.code === 'INVALID_TRANSITION' && e.field?.includes('id') && state.action !== 'complete' ? t.invalidTransition : undefined,
  );
  // A conflict shows the visit as it is now; the forms that still apply keep what was typed.
  const fresh = await loadVisit(page);
  return { ...visitView(page, fresh, state), status: conflict ? 409 : 422 };
}

function visitView(page: PageRequest, v: VisitData, state: ActionState | null): PageView {
  const t = page.t.visits;
  const title = t.visitTitle(visitName(v), v.hostMunicipality.name);
  return {
    title: state?.errors.any ? `${page.t.account.errorPrefix}${title}` : title,
    description: t.visitDescription,
    noindex: true,
    styles: ['visits.css'],
    body: (
      <>
        <Breadcrumbs page={page} trail={[{ label: t.listTitle, path: '/studiebesok' }, { label: title }]} />
        <ErrorSummary title={t.errorTitle} errors={state?.errors.summary ?? []} />
        <h1>{title}</h1>
        <p class={`visit-status visit-status--${v.status.toLowerCase()}`}>
          {t.status}: {t.statuses[v.status] ?? v.status}
        </p>
        <div class="visit-layout">
          <div class="visit-layout__main">
            <VisitFacts page={page} v={v} />
            <VisitReport page={page} v={v} />
            <VisitHistory page={page} v={v} />
          </div>
          <VisitActions page={page} v={v} state={state} />
        </div>
      </>
    ),
  };
}

function VisitFacts({ page, v }: { page: PageRequest; v: VisitData }) {
  const t = page.t.visits;
  return (
    <dl class="visit-facts">
      <dt>{t.visitor}</dt>
      <dd>
        <a href={page.href(`/kommun/${v.visitingMunicipality.code}`)}>{v.visitingMunicipality.name}</a>
        {v.visitingOrganization ? ` (${v.visitingOrganization.name})` : null}
      </dd>
      <dt>{t.host}</dt>
      <dd>
        <a href={page.href(`/kommun/${v.hostMunicipality.code}`)}>{v.hostMunicipality.name}</a>
      </dd>
      {v.practiceCase ? (
        <>
          <dt>{t.about}</dt>
          <dd>
            <a href={page.href(`/praktik/${encodeURIComponent(v.practiceCase.slug)}`)}>{v.practiceCase.title}</a>
          </dd>
        </>
      ) : null}
      {v.scheduledDates ? (
        <>
          <dt>{t.scheduled}</dt>
          <dd class="visit-facts__scheduled">
            <Days page={page} range={v.scheduledDates} />
          </dd>
        </>
      ) : null}
      <dt>{t.proposed}</dt>
      <dd>
        <ul class="plain-list">
          {v.proposedDates.map((r) => (
            <li>
              <Days page={page} range={r} />
            </li>
          ))}
        </ul>
      </dd>
      <dt>{t.purpose}</dt>
      <dd class="visit-facts__purpose">{v.purpose}</dd>
      <dt>{t.format}</dt>
      <dd>
        {t.formats[v.format] ?? v.format}, {t.languages[v.preferredLanguage] ?? v.preferredLanguage}, {t.participantsCount(v.participants)}
      </dd>
      <Optional term={t.contact} value={v.contact ? [v.contact.name, v.contact.email, v.contact.phone].filter(Boolean).join(', ') : null} />
      <Optional term={t.declineReason} value={v.declineReason} />
      <Optional term={t.cancelReason} value={v.cancelReason} />
    </dl>
  );
}

/** A term of the facts list that only some visits have. */
function Optional({ term, value }: { term: string; value: string | null }) {
  if (!value) return null;
  return (
    <>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </>
  );
}

function VisitReport({ page, v }: { page: PageRequest; v: VisitData }) {
  const t = page.t.visits;
  if (!v.report) return null;
  return (
    <section aria-labelledby="rapport" class="visit-report">
      <h2 id="rapport">{t.report}</h2>
      <h3>{t.learned}</h3>
      <p>{v.report.learned}</p>
      <h3>{t.planToAdapt}</h3>
      <p>{v.report.planToAdapt}</p>
      <p class="hint">
        {t.reportedAt} <time dateTime={v.report.reportedAt}>{formatDate(v.report.reportedAt, page.lang)}</time>
      </p>
    </section>
  );
}

function VisitHistory({ page, v }: { page: PageRequest; v: VisitData }) {
  const t = page.t.visits;
  return (
    <section aria-labelledby="historik">
      <h2 id="historik">{t.history}</h2>
      <ol class="visit-history">
        {v.history.map((h) => (
          <li>
            <time dateTime={h.at}>{formatDate(h.at, page.lang)}</time>: {h.from ? (t.statuses[h.to] ?? h.to) : t.historyRequested}
            {h.actor ? ` (${h.actor})` : null}
            {h.note ? <span class="visit-history__note"> — {h.note}</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
