// My work (/mitt-arbete): what waits for the signed-in user — their municipality's
// drafts and cases in review (each linking to the editor), published cases due for
// "still running?" (with the DueCaseActions slot), study visits waiting for their answer
// as host, and the visits their municipality asked for (each linking to /studiebesok/<id>).
// One query per list, all through the API with the viewer, so it shows what they may see.
import type { ComponentChildren } from 'preact';
import { DueCaseActions } from '../components/DueCaseActions';
import { requireViewer } from '../server/forms';
import { graphql, query } from '../server/graphql';
import { formatDay } from '../components/CaseSections';
import { formatDate } from '../server/i18n';
import type { PageRequest, PageRoute } from '../server/page';

/** Items per list; a longer list says how many more there are. */
const SHOWN = 50;

interface CaseItem {
  id: string;
  slug: string;
  title: string;
  version: number;
  updatedAt: string;
  lastConfirmedAt: string | null;
  publishedAt: string | null;
}

interface VisitItem {
  id: string;
  status: string;
  participants: number;
  createdAt: string;
  proposedDates: { start: string; end: string }[];
  scheduledDates: { start: string; end: string } | null;
  hostMunicipality: { name: string };
  visitingMunicipality: { name: string };
  practiceCase: { title: string } | null;
}

type List<T> = { totalCount: number; edges: { node: T }[] };

const MY_MUNICIPALITY = graphql<{ viewer: null | { municipality: { code: string; name: string } | null } }>(`query MyWorkViewer { viewer { municipality { code name } } }`);

const CASE = 'id slug title version updatedAt lastConfirmedAt publishedAt';
const VISIT = 'id status participants createdAt proposedDates { start end } scheduledDates { start end } hostMunicipality { name } visitingMunicipality { name } practiceCase { title }';

const MY_WORK = graphql<
  { drafts: List<CaseItem>; inReview: List<CaseItem>; due: List<CaseItem>; toAnswer: List<VisitItem>; requested: List<VisitItem> },
  { code: string; first: number }
>(`query MyWork($code: String!, $first: Int!) {
  drafts: practiceCases(first: $first, filter: { statuses: [DRAFT], municipalities: [$code] }) { totalCount edges { node { ${CASE} } } }
  inReview: practiceCases(first: $first, filter: { statuses: [IN_REVIEW], municipalities: [$code] }) { totalCount edges { node { ${CASE} } } }
  due: practiceCases(first: $first, filter: { statuses: [PUBLISHED], municipalities: [$code], confirmationDue: true }) { totalCount edges { node { ${CASE} } } }
  toAnswer: studyVisits(first: $first, filter: { hostMunicipalities: [$code], statuses: [REQUESTED] }) { totalCount edges { node { ${VISIT} } } }
  requested: studyVisits(first: $first, filter: { visitingMunicipalities: [$code], statuses: [REQUESTED, ACCEPTED] }) { totalCount edges { node { ${VISIT} } } }
}`);

function Section({ id, title, count, empty, children }: { id: string; title: string; count: number; empty: string; children: ComponentChildren }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>
        {title} <span class="count">({count})</span>
      </h2>
      {count ? <ul class="work-list">{children}</ul> : <p>{empty}</p>}
    </section>
  );
}

function More({ page, list }: { page: PageRequest; list: List<unknown> }) {
  const rest = list.totalCount - list.edges.length;
  return rest > 0 ? <li class="work-list__item hint">{page.t.myWork.more(rest)}</li> : null;
}

function CaseRow({ page, c, due }: { page: PageRequest; c: CaseItem; due?: boolean }) {
  const t = page.t.myWork;
  const slug = encodeURIComponent(c.slug);
  return (
    <li class="work-list__item">
      <a class="work-list__title" href={page.href(`/praktik/${slug}/redigera`)}>
        {c.title}
      </a>
      <div class="work-list__meta">
        <span>{t.updated(formatDate(c.updatedAt, page.lang))}</span>
        <a href={page.href(`/praktik/${slug}`)}>{page.t.editor.viewCase}</a>
      </div>
      {due ? (
        <div class="work-slot">
          <DueCaseActions page={page} c={c} />
        </div>
      ) : null}
    </li>
  );
}

function VisitRow({ page, v, host }: { page: PageRequest; v: VisitItem; host: boolean }) {
  const t = page.t.myWork;
  const when = v.scheduledDates ?? v.proposedDates[0];
  return (
    <li class="work-list__item">
      <a class="work-list__title" href={page.href(`/studiebesok/${encodeURIComponent(v.id)}`)}>
        {host ? t.visitFrom(v.visitingMunicipality.name) : t.visitTo(v.hostMunicipality.name)}
        {v.practiceCase ? `: ${v.practiceCase.title}` : ''}
      </a>
      <div class="work-list__meta">
        <span>{t.visitStatus[v.status] ?? v.status}</span>
        {when ? <span>{`${formatDay(when.start, page.lang)}–${formatDay(when.end, page.lang)}`}</span> : null}
        <span>{t.participants(v.participants)}</span>
      </div>
    </li>
  );
}

export const myWorkPage: PageRoute = {
  path: '/mitt-arbete',
  async load(page) {
    requireViewer(page);
    const t = page.t.myWork;
    const { viewer } = await query(page, MY_MUNICIPALITY, {});
    const municipality = viewer?.municipality;
    const head = { title: t.title, description: t.description, noindex: true, styles: ['editor.css'] };
    if (!municipality) return { ...head, body: <MyWorkHeading page={page} note={t.noMunicipality} /> };
    const data = await query(page, MY_WORK, { code: municipality.code, first: SHOWN });
    return {
      ...head,
      body: (
        <>
          <MyWorkHeading page={page} note={municipality.name} />
          <p>
            <a class="button" href={page.href('/praktik/ny')}>
              {t.newCase}
            </a>
          </p>
          <Section id="utkast" title={t.drafts} count={data.drafts.totalCount} empty={t.noDrafts}>
            {data.drafts.edges.map((e) => <CaseRow page={page} c={e.node} />)}
            <More page={page} list={data.drafts} />
          </Section>
          <Section id="granskas" title={t.inReview} count={data.inReview.totalCount} empty={t.noInReview}>
            {data.inReview.edges.map((e) => <CaseRow page={page} c={e.node} />)}
            <More page={page} list={data.inReview} />
          </Section>
          {/* "Still running?": the due cases, each with the DueCaseActions slot. */}
          <Section id="bekrafta" title={t.due} count={data.due.totalCount} empty={t.noDue}>
            {data.due.edges.map((e) => <CaseRow page={page} c={e.node} due />)}
            <More page={page} list={data.due} />
          </Section>
          <Section id="att-svara" title={t.visitsToAnswer} count={data.toAnswer.totalCount} empty={t.noVisitsToAnswer}>
            {data.toAnswer.edges.map((e) => <VisitRow page={page} v={e.node} host />)}
            <More page={page} list={data.toAnswer} />
          </Section>
          <Section id="forfragningar" title={t.visitsRequested} count={data.requested.totalCount} empty={t.noVisitsRequested}>
            {data.requested.edges.map((e) => <VisitRow page={page} v={e.node} host={false} />)}
            <More page={page} list={data.requested} />
          </Section>
        </>
      ),
    };
  },
};

function MyWorkHeading({ page, note }: { page: PageRequest; note: string }) {
  return (
    <>
      <h1>{page.t.myWork.title}</h1>
      <p class="lead">{note}</p>
    </>
  );
}
