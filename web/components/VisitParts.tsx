// Pieces of the signed-in study-visit pages: a range of days as the reader writes it,
// and a visit as a card that leads to its own page (/studiebesok/<id>). Pages select
// VISIT_CARD_FIELDS on a StudyVisit.
import type { PageRequest } from '../server/page';
import { formatDay } from './CaseSections';

export const VISIT_CARD_FIELDS = `id status format participants exceedsHostCapacity
  proposedDates { start end }
  scheduledDates { start end }
  hostMunicipality { code name }
  visitingMunicipality { code name }
  visitingOrganization { name }
  practiceCase { slug title }`;

export interface DayRange {
  start: string;
  end: string;
}

export interface VisitCardData {
  id: string;
  status: string;
  format: string;
  participants: number;
  exceedsHostCapacity: boolean;
  proposedDates: DayRange[];
  scheduledDates: DayRange | null;
  hostMunicipality: { code: string; name: string };
  visitingMunicipality: { code: string; name: string };
  visitingOrganization: { name: string } | null;
  practiceCase: { slug: string; title: string } | null;
}

export function Days({ page, range }: { page: PageRequest; range: DayRange }) {
  const start = <time dateTime={range.start}>{formatDay(range.start, page.lang)}</time>;
  if (range.end === range.start) return start;
  return (
    <>
      {start} – <time dateTime={range.end}>{formatDay(range.end, page.lang)}</time>
    </>
  );
}

export function visitName(v: Pick<VisitCardData, 'visitingMunicipality' | 'visitingOrganization'>): string {
  return v.visitingOrganization ? `${v.visitingMunicipality.name} (${v.visitingOrganization.name})` : v.visitingMunicipality.name;
}

export function VisitCards({ page, visits, empty }: { page: PageRequest; visits: VisitCardData[]; empty: string }) {
  const t = page.t.visits;
  if (!visits.length) return <p class="empty">{empty}</p>;
  return (
    <ul class="visit-list">
      {visits.map((v) => (
        <li class="visit-card">
          <p class="visit-card__who">
            <a href={page.href(`/studiebesok/${encodeURIComponent(v.id)}`)}>
              {visitName(v)} {t.hostedBy} {v.hostMunicipality.name}
            </a>
          </p>
          <p class="visit-card__meta">
            <span class={`visit-status visit-status--${v.status.toLowerCase()}`}>{t.statuses[v.status] ?? v.status}</span>
            <span>
              {v.scheduledDates ? (
                <Days page={page} range={v.scheduledDates} />
              ) : (
                v.proposedDates.map((r, i) => (
                  <>
                    {i ? '; ' : ''}
                    <Days page={page} range={r} />
                  </>
                ))
              )}
            </span>
            <span>{t.formats[v.format] ?? v.format}</span>
            <span>{t.participantsCount(v.participants)}</span>
          </p>
          {v.practiceCase ? (
            <p class="visit-card__case">
              {t.about}: <a href={page.href(`/praktik/${encodeURIComponent(v.practiceCase.slug)}`)}>{v.practiceCase.title}</a>
            </p>
          ) : null}
          {v.exceedsHostCapacity && v.status === 'REQUESTED' ? <p class="visit-card__warning">{t.exceedsCapacity}</p> : null}
        </li>
      ))}
    </ul>
  );
}
