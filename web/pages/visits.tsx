// A municipality's study visits for its signed-in officials and editors (/studiebesok):
// the requests waiting for its answer (the host's inbox), the visits it asked for (the
// visitor's list) and its calendar — the accepted visits it hosts or makes, the same
// ones its iCalendar feed carries, which the page links for subscribing.
import { VISIT_CARD_FIELDS, VisitCards, type VisitCardData } from '../components/VisitParts';
import { requireViewer } from '../server/forms';
import { graphql, query } from '../server/graphql';
import type { PageRoute } from '../server/page';

/** Visits listed per section; a municipality with more answers them in turns. */
const LISTED = 50;

interface Listed {
  totalCount: number;
  edges: { node: VisitCardData }[];
}

const MY_VISITS = graphql<
  { municipality: null | { code: string; name: string; inbox: Listed; mine: Listed; hostedBooked: Listed; madeBooked: Listed } },
  { code: string; first: number }
>(`query MyStudyVisits($code: String!, $first: Int!) {
  municipality(code: $code) {
    code name
    inbox: hostedStudyVisits(statuses: [REQUESTED], first: $first) { totalCount edges { node { ${VISIT_CARD_FIELDS} } } }
    mine: requestedStudyVisits(first: $first) { totalCount edges { node { ${VISIT_CARD_FIELDS} } } }
    hostedBooked: hostedStudyVisits(statuses: [ACCEPTED], first: $first) { totalCount edges { node { ${VISIT_CARD_FIELDS} } } }
    madeBooked: requestedStudyVisits(statuses: [ACCEPTED], first: $first) { totalCount edges { node { ${VISIT_CARD_FIELDS} } } }
  }
}`);

const nodes = (list: Listed) => list.edges.map((e) => e.node);

export const visitsPage: PageRoute = {
  path: '/studiebesok',
  async load(page) {
    const viewer = requireViewer(page);
    const t = page.t.visits;
    const base = { title: t.listTitle, description: t.listDescription, noindex: true, styles: ['visits.css'] };
    if (!viewer.municipalityCode) {
      return {
        ...base,
        body: (
          <>
            <h1>{t.listTitle}</h1>
            <p class="notice">{t.noMunicipality}</p>
          </>
        ),
      };
    }
    const { municipality: m } = await query(page, MY_VISITS, { code: viewer.municipalityCode, first: LISTED });
    if (!m) throw new Error(`the viewer's municipality ${viewer.municipalityCode} is unknown`);
    const booked = [...nodes(m.hostedBooked), ...nodes(m.madeBooked)].sort((a, b) => (a.scheduledDates!.start < b.scheduledDates!.start ? -1 : 1));
    const feed = `/calendar/municipalities/${m.code}.ics`;
    return {
      ...base,
      body: (
        <>
          <h1>
            {t.listTitle}: {m.name}
          </h1>
          <section aria-labelledby="inkorg">
            <h2 id="inkorg">
              {t.inbox} ({m.inbox.totalCount})
            </h2>
            <VisitCards page={page} visits={nodes(m.inbox)} empty={t.inboxEmpty} />
          </section>
          <section aria-labelledby="kalender" class="visit-calendar">
            <h2 id="kalender">{t.calendar}</h2>
            <VisitCards page={page} visits={booked} empty={t.calendarEmpty} />
            <p>
              <a href={feed} type="text/calendar">
                {t.calendarFeed}
              </a>
            </p>
            <p class="hint">{t.calendarHint}</p>
          </section>
          <section aria-labelledby="mina">
            <h2 id="mina">
              {t.mine} ({m.mine.totalCount})
            </h2>
            <VisitCards page={page} visits={nodes(m.mine)} empty={t.mineEmpty} />
          </section>
        </>
      ),
    };
  },
};
