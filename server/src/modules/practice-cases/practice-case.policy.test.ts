import { ANONYMOUS, SYSTEM, type Viewer } from '../../core/context';
import { CaseStatus } from './practice-case.enums';
import {
  canConfirm,
  canCreateFor,
  canEdit,
  canPublish,
  canRead,
  canReadContacts,
  canSeeActors,
  canTransition,
  unpublishedVisibleFor,
  writeRefusal,
  type CaseAccess,
} from './practice-case.policy';

const A = '0884';
const B = '0686';
const ALL = ['read', 'study-visits:write', 'cases:write'];
const user = (role: Viewer['role'], municipalityCode: string | null = null, scopes = ALL): Viewer => ({ kind: 'user', actorId: 'user:1', displayName: 'u', role, municipalityCode, organizationId: null, scopes });
const client = (municipalityCode: string | null, scopes: string[]): Viewer => ({ kind: 'client', actorId: 'client:1', displayName: 'c', role: null, municipalityCode, organizationId: 'o', scopes });

const ACTORS: Record<string, Viewer> = {
  anonymous: ANONYMOUS,
  officialA: user('OFFICIAL', A),
  editorA: user('EDITOR', A),
  editorAReadOnlyToken: user('EDITOR', A, ['read']),
  editorB: user('EDITOR', B),
  reviewer: user('REVIEWER'),
  admin: user('ADMIN'),
  clientAWrite: client(A, ['read', 'cases:write']),
  clientARead: client(A, ['read']),
  clientNone: client(null, []),
  system: SYSTEM,
};
const draftOfA: CaseAccess = { status: CaseStatus.DRAFT, municipalityCode: A, participantCodes: [] };
const draftOfBWithA: CaseAccess = { status: CaseStatus.IN_REVIEW, municipalityCode: B, participantCodes: [A] };
const publishedOfA: CaseAccess = { status: CaseStatus.PUBLISHED, municipalityCode: A, participantCodes: [] };

// Per actor: [canRead draft of A, canRead case of B with A participating, canEdit draft of A, canEdit published of A,
//             canReadContacts published, canSeeActors published of A, unpublishedVisibleFor, writeRefusal?, canCreateFor A, canCreateFor B, canPublish]
type Row = [boolean, boolean, boolean, boolean, boolean, boolean, string | null, boolean, boolean, boolean, boolean];
const EXPECTED: Record<string, Row> = {
  anonymous: [false, false, false, false, false, false, null, true, false, false, false],
  officialA: [false, false, false, false, true, false, null, true, false, false, false],
  editorA: [true, true, true, true, true, true, A, false, true, false, false],
  // The role, not the token, lets an editor read and edit their own drafts; writing at all needs the scope.
  editorAReadOnlyToken: [true, true, true, true, true, true, A, true, true, false, false],
  editorB: [false, true, false, false, true, false, B, false, false, true, false],
  reviewer: [true, true, false, false, true, true, 'all', false, false, false, true],
  admin: [true, true, true, true, true, true, 'all', false, true, true, true],
  clientAWrite: [true, true, true, true, true, true, A, false, true, false, false],
  clientARead: [false, false, false, false, true, false, null, true, false, false, false],
  clientNone: [false, false, false, false, false, false, null, true, false, false, false],
  system: [true, true, true, true, true, true, 'all', false, true, true, true],
};

test.each(Object.keys(ACTORS))('%s', (name) => {
  const v = ACTORS[name];
  expect([
    canRead(v, draftOfA),
    canRead(v, draftOfBWithA),
    canEdit(v, draftOfA),
    canEdit(v, publishedOfA),
    canReadContacts(v, publishedOfA),
    canSeeActors(v, publishedOfA),
    unpublishedVisibleFor(v),
    writeRefusal(v) !== null,
    canCreateFor(v, A),
    canCreateFor(v, B),
    canPublish(v),
  ]).toEqual(EXPECTED[name]);
});

test('everyone reads published cases; the SQL form agrees with canRead', () => {
  for (const v of Object.values(ACTORS)) {
    expect(canRead(v, publishedOfA)).toBe(true);
    const sql = unpublishedVisibleFor(v);
    expect(canRead(v, draftOfA)).toBe(sql === 'all' || sql === A);
  }
});

test('"still running?": the case\'s writers (owner or participant) and the staff answer it; officials, other municipalities and read-only clients do not', () => {
  const published = { ...draftOfBWithA, status: CaseStatus.PUBLISHED };
  const answers = Object.fromEntries(Object.entries(ACTORS).map(([name, v]) => [name, [canConfirm(v, publishedOfA), canConfirm(v, published)]]));
  expect(answers).toEqual({
    anonymous: [false, false],
    officialA: [false, false],
    editorA: [true, true],
    // The service still asks for the cases:write scope (writeRefusal) before this.
    editorAReadOnlyToken: [true, true],
    editorB: [false, true],
    reviewer: [true, true],
    admin: [true, true],
    clientAWrite: [true, true],
    clientARead: [false, false],
    clientNone: [false, false],
    system: [true, true],
  });
});

test('transitions: the staff publish and return, editors submit and archive, the staff archive too', () => {
  const cells = (v: Viewer) => (['submit', 'publish', 'return', 'archive'] as const).map((a) => canTransition(v, a, draftOfA));
  expect(cells(ACTORS.editorA)).toEqual([true, false, false, true]);
  expect(cells(ACTORS.editorB)).toEqual([false, false, false, false]);
  expect(cells(ACTORS.reviewer)).toEqual([false, true, true, true]);
  expect(cells(ACTORS.admin)).toEqual([true, true, true, true]);
  expect(cells(ACTORS.clientAWrite)).toEqual([true, false, false, true]);
  expect(cells(ACTORS.officialA)).toEqual([false, false, false, false]);
});
