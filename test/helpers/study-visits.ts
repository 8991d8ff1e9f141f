// GraphQL operations and a small driver for study visits, shared by the study-visit,
// calendar and exchange-network test files.
import { addDays, todayInSweden } from '../../server/src/modules/study-visits/study-visit.rules';
import type { TestSystem } from './system';

export const VISIT_FIELDS = `id status version purpose participants preferredLanguage format exceedsHostCapacity declineReason cancelReason
  hostMunicipality { code } visitingMunicipality { code } visitingOrganization { slug } practiceCase { id }
  proposedDates { start end } scheduledDates { start end } contact { name email phone }
  report { learned planToAdapt followUpCase { id } reportedAt }
  history { at actor from to note }`;

const PAYLOAD = `studyVisit { ${VISIT_FIELDS} } userErrors { field code message }`;

export const REQUEST = `mutation($input: RequestStudyVisitInput!) { requestStudyVisit(input: $input) { ${PAYLOAD} } }`;
export const ACCEPT = `mutation($input: AcceptStudyVisitInput!) { acceptStudyVisit(input: $input) { ${PAYLOAD} } }`;
export const DECLINE = `mutation($input: DeclineStudyVisitInput!) { declineStudyVisit(input: $input) { ${PAYLOAD} } }`;
export const CANCEL = `mutation($input: CancelStudyVisitInput!) { cancelStudyVisit(input: $input) { ${PAYLOAD} } }`;
export const COMPLETE = `mutation($input: CompleteStudyVisitInput!) { completeStudyVisit(input: $input) { ${PAYLOAD} } }`;
export const SET_OFFER = `mutation($input: SetHostingOfferInput!) { setHostingOffer(input: $input) {
  hostingOffer { id version hosts languages maxVisitsPerQuarter digitalPossible note municipality { code } cases { id } }
  userErrors { field code message } } }`;

/** A day `n` days from today (Swedish calendar). */
export const inDays = (n: number) => addDays(todayInSweden(), n);

let keys = 0;
export const newKey = (label = 'k') => `${label}-${process.pid}-${++keys}-${Math.random().toString(36).slice(2, 8)}`;

export function visitInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    idempotencyKey: newKey(),
    hostMunicipality: '0884',
    visitingMunicipality: '0686',
    purpose: 'Se hur mötesplatserna drivs och vad som gör att nyanlända kommer tillbaka.',
    participants: 3,
    proposedDates: [{ start: inDays(40), end: inDays(41) }, { start: inDays(60), end: inDays(60) }],
    preferredLanguage: 'SV',
    format: 'ON_SITE',
    contact: { name: 'Catharina Exempel', email: 'catharina@example.se', phone: '+46 381 123 45' },
    ...overrides,
  };
}

export async function requestVisit(t: TestSystem, token: string, overrides: Record<string, unknown> = {}) {
  const res = await t.data(REQUEST, { input: visitInput(overrides) }, { token });
  if (!res.requestStudyVisit.studyVisit) throw new Error(JSON.stringify(res.requestStudyVisit.userErrors));
  return res.requestStudyVisit.studyVisit;
}

export async function acceptVisit(t: TestSystem, token: string, visit: { id: string; version: number; proposedDates: { start: string; end: string }[] }) {
  const res = await t.data(ACCEPT, { input: { id: visit.id, expectedVersion: visit.version, dates: visit.proposedDates[0] } }, { token });
  if (!res.acceptStudyVisit.studyVisit) throw new Error(JSON.stringify(res.acceptStudyVisit.userErrors));
  return res.acceptStudyVisit.studyVisit;
}

/** Moves an accepted visit's dates into the past, as if time had passed (the API never allows past dates). */
export async function letTimePass(t: TestSystem, globalId: string, daysAgo = 10) {
  const id = Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];
  await t.sql(
    `update study_visit set scheduled_start = $2, scheduled_end = $2, window_start = $2, window_end = $2 where id = $1`,
    [id, inDays(-daysAgo)],
  );
}
