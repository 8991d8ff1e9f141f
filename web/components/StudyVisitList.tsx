// Study visits as a list: who visited whom (both linking to their municipality pages),
// when, how, and the case it was about. Pages select STUDY_VISIT_FIELDS on a StudyVisit;
// the selection leaves out `contact`, which is personal data the page never shows.
import type { PageRequest } from '../server/page';
import { formatDate } from '../server/i18n';

export const STUDY_VISIT_FIELDS = `id status format participants
  scheduledDates { start end }
  hostMunicipality { code name }
  visitingMunicipality { code name }
  visitingOrganization { name }
  practiceCase { slug title }`;

export interface StudyVisitData {
  id: string;
  status: string;
  format: string;
  participants: number;
  scheduledDates: { start: string; end: string } | null;
  hostMunicipality: { code: string; name: string };
  visitingMunicipality: { code: string; name: string };
  visitingOrganization: { name: string } | null;
  practiceCase: { slug: string; title: string } | null;
}

function VisitDates({ page, dates }: { page: PageRequest; dates: StudyVisitData['scheduledDates'] }) {
  if (!dates) return null;
  const start = <time dateTime={dates.start}>{formatDate(dates.start, page.lang)}</time>;
  if (dates.end === dates.start) return start;
  return (
    <>
      {start}–<time dateTime={dates.end}>{formatDate(dates.end, page.lang)}</time>
    </>
  );
}

function MunicipalityLink({ page, m }: { page: PageRequest; m: { code: string; name: string } }) {
  return <a href={page.href(`/kommun/${m.code}`)}>{m.name}</a>;
}

export function StudyVisitList({ page, visits }: { page: PageRequest; visits: StudyVisitData[] }) {
  const t = page.t.municipality;
  return (
    <ul class="visit-list">
      {visits.map((v) => (
        <li class="visit-card">
          <p class="visit-card__who">
            <span class="visually-hidden">{t.visitFrom}: </span>
            <MunicipalityLink page={page} m={v.visitingMunicipality} />
            {v.visitingOrganization ? ` ${t.with} ${v.visitingOrganization.name}` : null}
            <span aria-hidden="true"> → </span>
            <span class="visually-hidden">, {t.visitTo}: </span>
            <MunicipalityLink page={page} m={v.hostMunicipality} />
          </p>
          <p class="visit-card__meta">
            <span>
              <VisitDates page={page} dates={v.scheduledDates} />
            </span>
            <span>{t.statuses[v.status] ?? v.status}</span>
            <span>{t.formats[v.format] ?? v.format}</span>
            <span>{t.participants(v.participants)}</span>
          </p>
          {v.practiceCase ? (
            <p class="visit-card__case">
              {t.visitAbout}: <a href={page.href(`/praktik/${encodeURIComponent(v.practiceCase.slug)}`)}>{v.practiceCase.title}</a>
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
