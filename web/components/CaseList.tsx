// A list of practice cases as cards: title linking to the case page, municipality,
// kind and summary. Pages select CASE_CARD_FIELDS in their query to fill it.
import type { PageRequest } from '../server/page';
import { formatDate } from '../server/i18n';
import { Highlighted } from './Highlighted';

/** The selection a CaseCard needs; spread into a page's query on a PracticeCase. */
export const CASE_CARD_FIELDS = 'slug title summary kind publishedAt municipality { code name }';

export interface CaseCardData {
  slug: string;
  title: string;
  summary: string;
  kind: keyof PageRequest['t']['kinds'];
  publishedAt: string | null;
  municipality: { code: string; name: string };
  /** Search hits: title and summary with the matched words marked (API highlight HTML). */
  highlights?: { title: string; summary: string } | null;
  /** Search hits near a place: how far away. */
  distanceKm?: number | null;
}

export function CaseList({ page, cases, headingLevel = 3 }: { page: PageRequest; cases: CaseCardData[]; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ul class="case-list">
      {cases.map((c) => (
        <li class="case-card">
          <Heading class="case-card__title">
            <a href={page.href(`/praktik/${encodeURIComponent(c.slug)}`)}>{c.highlights ? <Highlighted html={c.highlights.title} /> : c.title}</a>
          </Heading>
          <p class="case-card__meta">
            <span>{c.municipality.name}</span>
            <span>{page.t.kinds[c.kind] ?? c.kind}</span>
            {c.publishedAt ? (
              <span>
                {page.t.caseCard.publishedOn} <time dateTime={c.publishedAt}>{formatDate(c.publishedAt, page.lang)}</time>
              </span>
            ) : null}
            {c.distanceKm != null ? <span>{page.t.search.distance(Math.round(c.distanceKm))}</span> : null}
          </p>
          <p class="case-card__summary">{c.highlights ? <Highlighted html={c.highlights.summary} /> : c.summary}</p>
        </li>
      ))}
    </ul>
  );
}
