// The permission matrix: every mutation and every sensitive read under each kind of
// actor, with the expected outcome per cell. A = Vimmerby (0884), B = Eksjö (0686).
// docs/security.md shows the same table; change both together.
//
// A mutation cell is "allowed" when the payload carries the object and no userErrors,
// "denied" when the answer is UNAUTHENTICATED (anonymous) / FORBIDDEN, or a NOT_FOUND
// userError for a target the actor may not even see. Anything else fails the cell: the
// fixture, not the permission, would be wrong. A denied cell must also leave its target
// unchanged.
import { randomBytes } from 'node:crypto';
import { payloadOrThrow } from '../server/src/core/mutation';
import { fromGlobalId, toGlobalId } from '../server/src/core/relay/global-id';
import { Role } from '../server/src/modules/accounts/account.entities';
import { CREATE, caseInput, publishedCase, transition } from './helpers/cases';
import { asSystem, clientTokenFor, ensureOrganization, tokenFor } from './helpers/actors';
import { useTestSystem } from './helpers/harness';
import type { GraphQLResponse } from './helpers/system';

type Actor = 'anonymous' | 'officialA' | 'editorA' | 'editorB' | 'reviewer' | 'admin' | 'clientAll' | 'clientRead' | 'clientNone';
const ACTORS: Actor[] = ['anonymous', 'officialA', 'editorA', 'editorB', 'reviewer', 'admin', 'clientAll', 'clientRead', 'clientNone'];
const A = '0884';
const B = '0686';
const PARTNER = 'perm-partner';
const run = randomBytes(4).toString('hex');

const { t } = useTestSystem();
const tokens = {} as Record<Actor, string | undefined>;

const ask = (actor: Actor, query: string, variables?: Record<string, unknown>) => t.gql(query, variables, { token: tokens[actor] });

// ── fixtures, made by the actors entitled to make them ────────────────────────

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const VISIT_DATES = { start: inDays(60), end: inDays(61) };

async function draftCase(overrides: Record<string, unknown> = {}) {
  const res = await t.data(CREATE, { input: caseInput({ title: `Utkast ${randomBytes(3).toString('hex')}`, ...overrides }) }, { token: tokens.editorA });
  const c = res.createPracticeCase.practiceCase;
  if (!c) throw new Error(JSON.stringify(res.createPracticeCase.userErrors));
  return c as { id: string; version: number; slug: string };
}

async function inReviewCase() {
  const c = await draftCase();
  const res = await t.data(transition('submit'), { input: { id: c.id, expectedVersion: c.version } }, { token: tokens.editorA });
  return res.submitPracticeCase.practiceCase as { id: string; version: number };
}

const published = (overrides: Record<string, unknown> = {}) =>
  publishedCase(t, tokens.editorA!, tokens.reviewer!, { title: `Publicerat ${randomBytes(3).toString('hex')}`, ...overrides }) as Promise<{ id: string; version: number; slug: string }>;

const REQUEST = `mutation($input: RequestStudyVisitInput!) { requestStudyVisit(input: $input) { studyVisit { id version status } userErrors { field code message } } }`;

function visitInput(host: string, visiting: string, extra: Record<string, unknown> = {}) {
  return {
    idempotencyKey: `perm-${randomBytes(8).toString('hex')}`,
    hostMunicipality: host,
    visitingMunicipality: visiting,
    purpose: 'Lära oss hur språkcaféet organiseras',
    participants: 4,
    proposedDates: [VISIT_DATES],
    contact: { name: 'Kim Kontakt', email: 'kim@example.se' },
    ...extra,
  };
}

async function requestedVisit(host: string, visiting: string, extra: Record<string, unknown> = {}) {
  const res = await t.data(REQUEST, { input: visitInput(host, visiting, extra) }, { token: tokens.admin });
  const v = res.requestStudyVisit.studyVisit;
  if (!v) throw new Error(JSON.stringify(res.requestStudyVisit.userErrors));
  return v as { id: string; version: number };
}

const ACCEPT = `mutation($input: AcceptStudyVisitInput!) { acceptStudyVisit(input: $input) { studyVisit { id version status } userErrors { field code message } } }`;

async function acceptedVisit(host: string, visiting: string, extra: Record<string, unknown> = {}) {
  const v = await requestedVisit(host, visiting, extra);
  const res = await t.data(ACCEPT, { input: { id: v.id, expectedVersion: v.version, dates: VISIT_DATES } }, { token: tokens.admin });
  const accepted = res.acceptStudyVisit.studyVisit;
  if (!accepted) throw new Error(JSON.stringify(res.acceptStudyVisit.userErrors));
  return accepted as { id: string; version: number };
}

/** An accepted visit whose days have passed, so it can be completed. */
async function pastAcceptedVisit(host: string, visiting: string) {
  const v = await acceptedVisit(host, visiting);
  await t.sql(`update study_visit set scheduled_start = current_date - 3, scheduled_end = current_date - 2 where id = $1`, [keyOf(v.id)]);
  return v;
}

const keyOf = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];

async function caseState(id: string) {
  return JSON.stringify(await t.sql(`select status, version, title from practice_case where id = $1`, [keyOf(id)]));
}
async function visitState(id: string) {
  return JSON.stringify(await t.sql(`select status, version from study_visit where id = $1`, [keyOf(id)]));
}
async function offerState() {
  return JSON.stringify(await t.sql(`select * from hosting_offer order by 1`));
}
async function count(table: string) {
  return JSON.stringify(await t.sql(`select count(*)::int as n from ${table}`));
}

// ── the mutation matrix ───────────────────────────────────────────────────────

interface MutationRow {
  mutation: string;
  allowed: Actor[];
  /** Builds a fresh target; returns the variables and a way to read the target's state. */
  arrange(): Promise<{ variables: Record<string, unknown>; state: () => Promise<string> }>;
  query: string;
  payload: string;
  object: string;
}

const casePayload = (name: string, inputType: string) =>
  `mutation($input: ${inputType}!) { ${name}(input: $input) { practiceCase { id status version } userErrors { field code message } } }`;
const visitPayload = (name: string, inputType: string) =>
  `mutation($input: ${inputType}!) { ${name}(input: $input) { studyVisit { id status version } userErrors { field code message } } }`;

const CASE_WRITERS_A: Actor[] = ['editorA', 'admin', 'clientAll'];
const REVIEWERS: Actor[] = ['reviewer', 'admin'];
const SIDE_A: Actor[] = ['officialA', 'editorA', 'admin', 'clientAll'];
const ADMINS: Actor[] = ['admin'];

let someUserId = '';

const MUTATIONS: MutationRow[] = [
  {
    mutation: 'createPracticeCase (for A)',
    allowed: CASE_WRITERS_A,
    query: CREATE,
    payload: 'createPracticeCase',
    object: 'practiceCase',
    arrange: async () => ({ variables: { input: caseInput({ title: `Nytt ${randomBytes(3).toString('hex')}` }) }, state: () => count('practice_case') }),
  },
  {
    mutation: 'updatePracticeCase (draft of A)',
    allowed: CASE_WRITERS_A,
    query: casePayload('updatePracticeCase', 'UpdatePracticeCaseInput'),
    payload: 'updatePracticeCase',
    object: 'practiceCase',
    arrange: async () => {
      const c = await draftCase();
      return { variables: { input: { id: c.id, expectedVersion: c.version, title: 'Ändrad titel' } }, state: () => caseState(c.id) };
    },
  },
  {
    mutation: 'updatePracticeCase (published, of A)',
    allowed: CASE_WRITERS_A,
    query: casePayload('updatePracticeCase', 'UpdatePracticeCaseInput'),
    payload: 'updatePracticeCase',
    object: 'practiceCase',
    arrange: async () => {
      const c = await published();
      return { variables: { input: { id: c.id, expectedVersion: c.version, title: 'Ändrad titel' } }, state: () => caseState(c.id) };
    },
  },
  {
    mutation: 'submitPracticeCase (draft of A)',
    allowed: CASE_WRITERS_A,
    query: casePayload('submitPracticeCase', 'PracticeCaseTransitionInput'),
    payload: 'submitPracticeCase',
    object: 'practiceCase',
    arrange: async () => {
      const c = await draftCase();
      return { variables: { input: { id: c.id, expectedVersion: c.version } }, state: () => caseState(c.id) };
    },
  },
  {
    mutation: 'publishPracticeCase (in review, of A)',
    allowed: REVIEWERS,
    query: casePayload('publishPracticeCase', 'PracticeCaseTransitionInput'),
    payload: 'publishPracticeCase',
    object: 'practiceCase',
    arrange: async () => {
      const c = await inReviewCase();
      return { variables: { input: { id: c.id, expectedVersion: c.version } }, state: () => caseState(c.id) };
    },
  },
  {
    mutation: 'returnPracticeCase (in review, of A)',
    allowed: REVIEWERS,
    query: casePayload('returnPracticeCase', 'PracticeCaseTransitionInput'),
    payload: 'returnPracticeCase',
    object: 'practiceCase',
    arrange: async () => {
      const c = await inReviewCase();
      return { variables: { input: { id: c.id, expectedVersion: c.version, note: 'Mer om resultaten' } }, state: () => caseState(c.id) };
    },
  },
  {
    mutation: 'archivePracticeCase (published, of A)',
    allowed: [...CASE_WRITERS_A, 'reviewer'],
    query: casePayload('archivePracticeCase', 'PracticeCaseTransitionInput'),
    payload: 'archivePracticeCase',
    object: 'practiceCase',
    arrange: async () => {
      const c = await published();
      return { variables: { input: { id: c.id, expectedVersion: c.version } }, state: () => caseState(c.id) };
    },
  },
  {
    mutation: 'createOrganization',
    allowed: ['editorA', 'editorB', 'reviewer', 'admin'],
    query: `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } userErrors { field code message } } }`,
    payload: 'createOrganization',
    object: 'organization',
    arrange: async () => ({ variables: { input: { name: `Förening ${randomBytes(4).toString('hex')}`, kind: 'CIVIL_SOCIETY' } }, state: () => count('organization') }),
  },
  {
    mutation: 'requestStudyVisit (A visits B)',
    allowed: SIDE_A,
    query: REQUEST,
    payload: 'requestStudyVisit',
    object: 'studyVisit',
    arrange: async () => ({ variables: { input: visitInput(B, A) }, state: () => count('study_visit') }),
  },
  {
    mutation: 'acceptStudyVisit (hosted by A)',
    allowed: SIDE_A,
    query: ACCEPT,
    payload: 'acceptStudyVisit',
    object: 'studyVisit',
    arrange: async () => {
      const v = await requestedVisit(A, B);
      return { variables: { input: { id: v.id, expectedVersion: v.version, dates: VISIT_DATES } }, state: () => visitState(v.id) };
    },
  },
  {
    mutation: 'declineStudyVisit (hosted by A)',
    allowed: SIDE_A,
    query: visitPayload('declineStudyVisit', 'DeclineStudyVisitInput'),
    payload: 'declineStudyVisit',
    object: 'studyVisit',
    arrange: async () => {
      const v = await requestedVisit(A, B);
      return { variables: { input: { id: v.id, expectedVersion: v.version, reason: 'Vi har inte möjlighet den veckan' } }, state: () => visitState(v.id) };
    },
  },
  {
    mutation: 'cancelStudyVisit (requested by A)',
    allowed: SIDE_A,
    query: visitPayload('cancelStudyVisit', 'CancelStudyVisitInput'),
    payload: 'cancelStudyVisit',
    object: 'studyVisit',
    arrange: async () => {
      const v = await requestedVisit(B, A);
      return { variables: { input: { id: v.id, expectedVersion: v.version, reason: 'Resan blev inställd' } }, state: () => visitState(v.id) };
    },
  },
  {
    mutation: 'completeStudyVisit (A visited B)',
    // Either side reports; here A is the visiting side and B the host.
    allowed: [...SIDE_A, 'editorB'],
    query: visitPayload('completeStudyVisit', 'CompleteStudyVisitInput'),
    payload: 'completeStudyVisit',
    object: 'studyVisit',
    arrange: async () => {
      const v = await pastAcceptedVisit(B, A);
      return { variables: { input: { id: v.id, expectedVersion: v.version, learned: 'Hur volontärerna rekryteras', planToAdapt: 'Starta ett språkcafé' } }, state: () => visitState(v.id) };
    },
  },
  {
    mutation: 'setHostingOffer (for A)',
    allowed: SIDE_A,
    query: `mutation($input: SetHostingOfferInput!) { setHostingOffer(input: $input) { hostingOffer { id } userErrors { field code message } } }`,
    payload: 'setHostingOffer',
    object: 'hostingOffer',
    arrange: async () => {
      const rows = await t.sql(`select version from hosting_offer where municipality_code = $1`, [A]);
      return { variables: { input: { municipality: A, hosts: true, maxVisitsPerQuarter: 4, expectedVersion: rows[0]?.version ?? 0 } }, state: offerState };
    },
  },
  {
    mutation: 'createUser',
    allowed: ADMINS,
    query: `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id email } userErrors { field code message } } }`,
    payload: 'createUser',
    object: 'user',
    arrange: async () => ({ variables: { input: { name: 'Ny Person', email: `ny-${randomBytes(4).toString('hex')}@example.se`, role: 'OFFICIAL', municipality: A } }, state: () => count('app_user') }),
  },
  {
    mutation: 'createApiClient',
    allowed: ADMINS,
    query: `mutation($input: CreateApiClientInput!) { createApiClient(input: $input) { apiClient { id } userErrors { field code message } } }`,
    payload: 'createApiClient',
    object: 'apiClient',
    arrange: async () => ({ variables: { input: { name: 'Bokningssystem', organization: PARTNER, scopes: ['read'] } }, state: () => count('api_client') }),
  },
  {
    mutation: 'createToken',
    allowed: ADMINS,
    query: `mutation($input: CreateTokenInput!) { createToken(input: $input) { token apiToken { id } userErrors { field code message } } }`,
    payload: 'createToken',
    object: 'apiToken',
    arrange: async () => ({ variables: { input: { name: 'matrix', user: toGlobalId('User', someUserId) } }, state: () => count('api_token') }),
  },
  {
    mutation: 'revokeToken',
    allowed: ADMINS,
    query: `mutation($input: RevokeTokenInput!) { revokeToken(input: $input) { apiToken { id revokedAt } userErrors { field code message } } }`,
    payload: 'revokeToken',
    object: 'apiToken',
    arrange: async () => {
      const record = payloadOrThrow(await t.system.services.accounts.createToken(asSystem(t), { name: 'to revoke', userId: someUserId }), 'apiToken');
      return { variables: { input: { id: toGlobalId('ApiToken', record.id) } }, state: async () => JSON.stringify(await t.sql(`select revoked_at from api_token where id = $1`, [record.id])) };
    },
  },
];

/** 'allowed', 'denied', or the error code of an unexpected refusal. */
type Outcome = string;

function classify(actor: Actor, res: GraphQLResponse, payload: string, object: string): Outcome {
  if (res.errors?.length) {
    const code = res.errors[0].extensions?.code;
    if (code === 'UNAUTHENTICATED' && actor === 'anonymous') return 'denied';
    if (code === 'FORBIDDEN' && actor !== 'anonymous') return 'denied';
    return `error ${code}: ${res.errors[0].message}`;
  }
  const p = res.data?.[payload];
  if (p?.userErrors?.length) {
    if (p.userErrors.some((e: { code: string }) => e.code === 'NOT_FOUND') && actor !== 'anonymous') return 'denied';
    return `userErrors ${JSON.stringify(p.userErrors)}`;
  }
  return p?.[object] ? 'allowed' : `no ${object} in ${JSON.stringify(res.data)}`;
}

// ── sensitive reads ───────────────────────────────────────────────────────────

/** Markers that appear only in what some actors may see. */
const M = {
  draftTitle: `HEMLIGT UTKAST ${run}`,
  draftOfB: `HEMLIGT B-UTKAST ${run}`,
  draftContact: `utkast-${run}@example.se`,
  publishedContact: `publicerat-${run}@example.se`,
  visitPurpose: `Förfrågan ${run}`,
  visitContact: `besok-${run}@example.se`,
  acceptedContact: `bokat-${run}@example.se`,
  // Known once the cases exist (beforeAll): the draft's global id, the reviewer's actor id.
  draftId: '',
  draftKey: '',
  publisher: '',
};

const DRAFT_READERS: Actor[] = ['editorA', 'reviewer', 'admin', 'clientAll'];
const PERSONAL_DATA_READERS: Actor[] = ['officialA', 'editorA', 'editorB', 'reviewer', 'admin', 'clientAll', 'clientRead'];
const SIGNED_IN_VISIT_READERS: Actor[] = ['officialA', 'editorA', 'editorB', 'reviewer', 'admin', 'clientAll', 'clientRead'];

const ids = { draft: '', draftSlug: '', adapted: '', fromDraft: '', published: '', publishedSlug: '', requested: '', accepted: '', completed: '' };

interface ReadProbe {
  name: string;
  marker: keyof typeof M;
  readers: Actor[];
  query: () => [string, Record<string, unknown>?];
}

const CASE_FIELDS = 'id title contacts { email } revisions { content }';
const conn = (field: string) => `${field} { totalCount edges { node { ${CASE_FIELDS} } } }`;

const READS: ReadProbe[] = [
  { name: 'practiceCase(id) of a draft', marker: 'draftTitle', readers: DRAFT_READERS, query: () => [`query($id: ID) { practiceCase(id: $id) { ${CASE_FIELDS} } }`, { id: ids.draft }] },
  { name: 'practiceCase(slug) of a draft', marker: 'draftTitle', readers: DRAFT_READERS, query: () => [`query($s: String) { practiceCase(slug: $s) { ${CASE_FIELDS} } }`, { s: ids.draftSlug }] },
  { name: 'node(id) of a draft', marker: 'draftTitle', readers: DRAFT_READERS, query: () => [`query($id: ID!) { node(id: $id) { ... on PracticeCase { ${CASE_FIELDS} } } }`, { id: ids.draft }] },
  { name: 'nodes(ids) of drafts', marker: 'draftTitle', readers: DRAFT_READERS, query: () => [`query($ids: [ID!]!) { nodes(ids: $ids) { ... on PracticeCase { ${CASE_FIELDS} } } }`, { ids: [ids.draft, ids.adapted] }] },
  { name: 'practiceCases edges', marker: 'draftTitle', readers: DRAFT_READERS, query: () => [`{ ${conn('practiceCases(first: 100)')} }`] },
  { name: 'practiceCases filtered to DRAFT', marker: 'draftTitle', readers: DRAFT_READERS, query: () => [`{ ${conn('practiceCases(first: 100, filter: { statuses: [DRAFT, IN_REVIEW] })')} }`] },
  { name: 'Municipality.practiceCases edges', marker: 'draftTitle', readers: DRAFT_READERS, query: () => [`{ municipality(code: "${A}") { ${conn('practiceCases(first: 100)')} } }`] },
  { name: 'Theme.practiceCases edges', marker: 'draftTitle', readers: DRAFT_READERS, query: () => [`{ theme(slug: "language") { ${conn('practiceCases(first: 100)')} } }`] },
  { name: 'Organization.practiceCases edges', marker: 'draftTitle', readers: DRAFT_READERS, query: () => [`{ organization(slug: "${PARTNER}") { ${conn('practiceCases(first: 100)')} } }`] },
  { name: 'PracticeCase.adaptations of a published case', marker: 'draftTitle', readers: DRAFT_READERS, query: () => [`query($id: ID) { practiceCase(id: $id) { adaptations { ${CASE_FIELDS} } } }`, { id: ids.published }] },
  { name: 'search hits', marker: 'draftTitle', readers: [], query: () => [`{ search(query: "HEMLIGT UTKAST ${run}", first: 20) { edges { node { ${CASE_FIELDS} } } } }`] },
  { name: 'StudyVisitReport.followUpCase (a draft)', marker: 'draftTitle', readers: DRAFT_READERS, query: () => [`query($id: ID!) { studyVisit(id: $id) { status report { followUpCase { title } } } }`, { id: ids.completed }] },
  { name: 'HostingOffer.cases (a draft of B)', marker: 'draftOfB', readers: ['editorB', 'reviewer', 'admin'], query: () => [`{ municipality(code: "${B}") { hostingOffer { cases { title } } } }`] },
  { name: 'contacts of a draft', marker: 'draftContact', readers: DRAFT_READERS, query: () => [`query($id: ID!) { node(id: $id) { ... on PracticeCase { ${CASE_FIELDS} } } }`, { id: ids.draft }] },
  { name: 'contacts of a published case', marker: 'publishedContact', readers: PERSONAL_DATA_READERS, query: () => [`query($id: ID) { practiceCase(id: $id) { contacts { email } } }`, { id: ids.published }] },
  { name: 'contacts in published revisions', marker: 'publishedContact', readers: PERSONAL_DATA_READERS, query: () => [`query($id: ID) { practiceCase(id: $id) { revisions { content } } }`, { id: ids.published }] },
  { name: 'a draft as adaptedFrom in revisions of a published case', marker: 'draftId', readers: DRAFT_READERS, query: () => [`query($id: ID) { practiceCase(id: $id) { revisions { content changedFields } } }`, { id: ids.fromDraft }] },
  // Staff and those acting for the case's municipality: here the same as the draft's readers.
  { name: "a draft's raw key in revisions (ids are global ids)", marker: 'draftKey', readers: [], query: () => [`query($id: ID) { practiceCase(id: $id) { revisions { content } } }`, { id: ids.fromDraft }] },
  { name: 'publishedBy of a revision', marker: 'publisher', readers: DRAFT_READERS, query: () => [`query($id: ID) { practiceCase(id: $id) { revisions { publishedBy } } }`, { id: ids.published }] },
  { name: 'contacts through node(id)', marker: 'publishedContact', readers: PERSONAL_DATA_READERS, query: () => [`query($id: ID!) { node(id: $id) { ... on PracticeCase { contacts { email } } } }`, { id: ids.published }] },
  { name: 'contacts through connection edges', marker: 'publishedContact', readers: PERSONAL_DATA_READERS, query: () => [`{ ${conn('practiceCases(first: 100)')} }`] },
  { name: 'contacts through search hits', marker: 'publishedContact', readers: PERSONAL_DATA_READERS, query: () => [`query($q: String) { search(query: $q, first: 20) { edges { node { contacts { email } } } } }`, { q: `Publicerat ${run}` }] },
  { name: 'studyVisit(id) of a requested visit', marker: 'visitPurpose', readers: SIGNED_IN_VISIT_READERS, query: () => [`query($id: ID!) { studyVisit(id: $id) { purpose contact { email } } }`, { id: ids.requested }] },
  { name: 'node(id) of a requested visit', marker: 'visitPurpose', readers: SIGNED_IN_VISIT_READERS, query: () => [`query($id: ID!) { node(id: $id) { ... on StudyVisit { purpose } } }`, { id: ids.requested }] },
  { name: 'studyVisits edges', marker: 'visitPurpose', readers: SIGNED_IN_VISIT_READERS, query: () => [`{ studyVisits(first: 100) { edges { node { purpose contact { email } } } } }`] },
  { name: 'Municipality.hostedStudyVisits edges', marker: 'visitPurpose', readers: SIGNED_IN_VISIT_READERS, query: () => [`{ municipality(code: "${B}") { hostedStudyVisits(first: 100) { edges { node { purpose } } } } }`] },
  { name: 'contact of a requested visit', marker: 'visitContact', readers: SIGNED_IN_VISIT_READERS, query: () => [`{ studyVisits(first: 100) { edges { node { contact { email } } } } }`] },
  { name: 'contact of an accepted (public) visit', marker: 'acceptedContact', readers: PERSONAL_DATA_READERS, query: () => [`query($id: ID!) { studyVisit(id: $id) { status contact { email } } }`, { id: ids.accepted }] },
  {
    name: 'contact of an accepted visit through Municipality.requestedStudyVisits',
    marker: 'acceptedContact',
    readers: PERSONAL_DATA_READERS,
    query: () => [`{ municipality(code: "${A}") { requestedStudyVisits(first: 100) { edges { node { contact { email } } } } } }`],
  },
];

// ── setup ─────────────────────────────────────────────────────────────────────

beforeAll(async () => {
  await ensureOrganization(t, PARTNER, 'Matrisföreningen', undefined, A);
  tokens.anonymous = undefined;
  tokens.officialA = await tokenFor(t, 'OFFICIAL', A);
  tokens.editorA = await tokenFor(t, 'EDITOR', A);
  tokens.editorB = await tokenFor(t, 'EDITOR', B);
  tokens.reviewer = await tokenFor(t, 'REVIEWER');
  tokens.admin = await tokenFor(t, 'ADMIN');
  tokens.clientAll = await clientTokenFor(t, { organizationSlug: PARTNER, municipalityCode: A, scopes: ['read', 'study-visits:write', 'cases:write'] });
  tokens.clientRead = await clientTokenFor(t, { organizationSlug: PARTNER, municipalityCode: A, scopes: ['read'] });
  tokens.clientNone = await clientTokenFor(t, { organizationSlug: PARTNER, municipalityCode: A, scopes: [] });
  someUserId = payloadOrThrow(await t.system.services.accounts.createUser(asSystem(t), { name: 'Token Owner', email: `owner-${run}@example.se`, role: Role.OFFICIAL, municipalityCode: A }), 'user').id;

  const partners = [{ organization: PARTNER, role: 'medarrangör' }];
  const p = await published({ title: `Publicerat ${run}`, contacts: [{ name: 'Pia Publik', email: M.publishedContact }], partners });
  ids.published = p.id;
  ids.publishedSlug = p.slug;
  const d = await draftCase({ title: M.draftTitle, contacts: [{ name: 'Dan Draft', email: M.draftContact }], partners });
  ids.draft = d.id;
  ids.draftSlug = d.slug;
  ids.adapted = (await draftCase({ title: `${M.draftTitle} anpassad`, adaptedFrom: p.id, partners })).id;
  ids.fromDraft = (await published({ adaptedFrom: d.id })).id;
  M.draftId = d.id;
  M.draftKey = fromGlobalId(d.id)!.key;
  M.publisher = (await t.sql(`select published_by from practice_case_revision r join practice_case c on c.id = r.practice_case_id where c.slug = $1`, [p.slug]))[0].published_by;
  ids.requested = (await requestedVisit(B, A, { purpose: M.visitPurpose, contact: { name: 'Vera Visit', email: M.visitContact } })).id;
  ids.accepted = (await acceptedVisit(B, A, { contact: { name: 'Bo Bokad', email: M.acceptedContact } })).id;

  // Nested paths to drafts: a visit report's follow-up case, and the cases of a hosting offer.
  const past = await pastAcceptedVisit(B, A);
  const completed = await t.data(
    `mutation($input: CompleteStudyVisitInput!) { completeStudyVisit(input: $input) { studyVisit { id } userErrors { code message } } }`,
    { input: { id: past.id, expectedVersion: past.version, learned: 'Mycket', planToAdapt: 'Ett eget språkcafé', followUpCase: ids.draft } },
    { token: tokens.admin },
  );
  if (!completed.completeStudyVisit.studyVisit) throw new Error(JSON.stringify(completed.completeStudyVisit.userErrors));
  ids.completed = completed.completeStudyVisit.studyVisit.id;
  const draftOfB = await t.data(CREATE, { input: caseInput({ title: M.draftOfB, municipality: B }) }, { token: tokens.editorB });
  const offer = await t.data(
    `mutation($input: SetHostingOfferInput!) { setHostingOffer(input: $input) { hostingOffer { id } userErrors { code message } } }`,
    { input: { municipality: B, hosts: true, cases: [draftOfB.createPracticeCase.practiceCase.id], expectedVersion: 0 } },
    { token: tokens.admin },
  );
  if (!offer.setHostingOffer.hostingOffer) throw new Error(JSON.stringify(offer.setHostingOffer.userErrors));

  // Search hits come from Meilisearch: wait until the indexer has caught up with the published case.
  for (let i = 0; i < 100; i++) {
    const res = await t.gql(`query($q: String) { search(query: $q, first: 5) { totalCount } }`, { q: `Publicerat ${run}` });
    if (res.data?.search?.totalCount > 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
});

describe('mutations', () => {
  const cells = MUTATIONS.flatMap((row) => ACTORS.map((actor) => [row.mutation, actor, row.allowed.includes(actor) ? 'allowed' : 'denied', row] as const));
  test.each(cells)('%s as %s: %s', async (_name, actor, expected, row) => {
    const { variables, state } = await row.arrange();
    const before = await state();
    const res = await ask(actor, row.query, variables);
    expect(classify(actor, res, row.payload, row.object)).toBe(expected);
    if (expected === 'denied') expect(await state()).toBe(before);
    else expect(await state()).not.toBe(before);
  });
});

describe('sensitive reads', () => {
  const cells = READS.flatMap((probe) => ACTORS.map((actor) => [probe.name, actor, probe.readers.includes(actor) ? 'visible' : 'hidden', probe] as const));
  test.each(cells)('%s as %s: %s', async (_name, actor, expected, probe) => {
    const [query, variables] = probe.query();
    const res = await ask(actor, query, variables);
    expect(res.errors).toBeUndefined();
    expect(JSON.stringify(res.data).includes(M[probe.marker]) ? 'visible' : 'hidden').toBe(expected);
  });

  test.each(ACTORS)('a draft counts in totalCount only for its readers (%s)', async (actor) => {
    const res = await ask(actor, `{ practiceCases(first: 1, filter: { statuses: [DRAFT], municipalities: ["${A}"] }) { totalCount } }`);
    expect(res.data.practiceCases.totalCount > 0).toBe(DRAFT_READERS.includes(actor));
  });

  test.each(ACTORS)('viewer is null only for anonymous, and apiTokens is admin-only (%s)', async (actor) => {
    const viewer = await ask(actor, `{ viewer { kind role scopes municipality { code } } }`);
    expect(viewer.data.viewer === null).toBe(actor === 'anonymous');
    const listing = await ask(actor, `{ apiTokens(first: 5) { totalCount edges { node { id prefix } } } }`);
    if (actor === 'admin') {
      expect(listing.errors).toBeUndefined();
      expect(listing.data.apiTokens.totalCount).toBeGreaterThan(0);
    } else {
      expect(listing.errors?.[0].extensions?.code).toBe(actor === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');
      expect(listing.data?.apiTokens ?? null).toBeNull();
    }
  });
});
