// "Still running?" over HTTP against real PostgreSQL and Meilisearch: when a published
// case becomes due (the system's clock is moved, nothing is written), the list filter,
// the confirm and end mutations with their permissions, and how search ranks and filters
// due cases. The indexer is off; tests drain the outbox themselves.
import { randomUUID } from 'node:crypto';
import { toGlobalId } from '../server/src/core/relay/global-id';
import { CREATE, UPDATE, caseInput, publishedCase } from './helpers/cases';
import { tokensFor } from './helpers/actors';
import { useTestSystem } from './helpers/harness';

const { t, actors } = useTestSystem({ inProcessIndexer: false }, (t) =>
  tokensFor(t, {
    editor: ['EDITOR', '0884'], // Vimmerby
    editorB: ['EDITOR', '0686'], // Eksjö
    official: ['OFFICIAL', '0884'],
    reviewer: ['REVIEWER'],
    admin: ['ADMIN'],
  }),
);

/** Further than the default interval of 12 months. */
const A_YEAR_AND_MORE = 400;

const PAYLOAD = 'practiceCase { id version status endedOn lastConfirmedAt confirmationDue } userErrors { field code message }';
const CONFIRM = `mutation($input: ConfirmPracticeCaseInput!) { confirmPracticeCase(input: $input) { ${PAYLOAD} } }`;
const END = `mutation($input: EndPracticeCaseInput!) { endPracticeCase(input: $input) { ${PAYLOAD} } }`;
const READ = `query($id: ID!) { practiceCase(id: $id) { version lastConfirmedAt confirmationDue endedOn } }`;
const LIST = `query($filter: PracticeCaseFilter) { practiceCases(first: 100, filter: $filter) { edges { node { id confirmationDue } } } }`;
const SEARCH = `query($query: String, $filter: SearchFilter) { search(query: $query, filter: $filter, first: 50) { edges { node { id title confirmationDue } } } }`;

const read = async (id: string, token = actors.editor) => (await t.data(READ, { id }, { token })).practiceCase;
const listed = async (filter: Record<string, unknown>, token = actors.editor): Promise<string[]> =>
  (await t.data(LIST, { filter }, { token })).practiceCases.edges.map((e: { node: { id: string } }) => e.node.id);
const searched = async (query: string, filter?: Record<string, unknown>): Promise<string[]> =>
  (await t.data(SEARCH, { query, filter })).search.edges.map((e: { node: { id: string } }) => e.node.id);
const confirm = (c: { id: string; version: number }, token = actors.editor) => t.gql(CONFIRM, { input: { id: c.id, expectedVersion: c.version } }, { token });
const end = (c: { id: string; version: number }, endedOn: string, token = actors.editor) => t.gql(END, { input: { id: c.id, expectedVersion: c.version, endedOn } }, { token });
/** The date in Sweden `days` from the system clock's now. */
const swedishDay = (days: number) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date(t.clock.now().getTime() + days * 86_400_000));

afterEach(() => t.clock.reset());

describe('confirmationDue', () => {
  test('a published case turns due when the clock passes the interval, with nothing written; the list filter follows', async () => {
    const c = await publishedCase(t, actors.editor, actors.reviewer, { title: 'Läxhjälp på biblioteket i Södra Vi' });
    const draft = (await t.data(CREATE, { input: caseInput({ title: 'Ett utkast som aldrig blir förfallet' }) }, { token: actors.editor })).createPracticeCase.practiceCase;
    const fresh = await read(c.id);
    expect(fresh.confirmationDue).toBe(false);
    // Publishing confirms: on the system's clock, at the moment of publication.
    expect(Math.abs(Date.parse(fresh.lastConfirmedAt) - Date.parse(c.publishedAt))).toBeLessThan(5_000);
    expect(await listed({ confirmationDue: true })).not.toContain(c.id);

    t.clock.advanceDays(A_YEAR_AND_MORE);
    expect(await read(c.id)).toMatchObject({ confirmationDue: true, version: c.version });
    const due = await listed({ confirmationDue: true });
    const notDue = await listed({ confirmationDue: false });
    expect(due).toContain(c.id);
    expect(notDue).not.toContain(c.id);
    // A draft is never due, and "not due" keeps it (its null publication must not drop it from either side).
    expect(due).not.toContain(draft.id);
    expect(notDue).toContain(draft.id);
    expect((await read(draft.id)).confirmationDue).toBe(false);
  });

  test('a case whose period ended is never due; one that ends in the future still is', async () => {
    const ended = await publishedCase(t, actors.editor, actors.reviewer, { title: 'Sommarkollo 2019', startedOn: '2019-06-01', endedOn: '2019-08-31' });
    const planned = await publishedCase(t, actors.editor, actors.reviewer, { title: 'Projekt med planerat slut', endedOn: swedishDay(3000) });
    t.clock.advanceDays(A_YEAR_AND_MORE);
    expect((await read(ended.id)).confirmationDue).toBe(false);
    expect((await read(planned.id)).confirmationDue).toBe(true);
    expect(await listed({ confirmationDue: true })).toEqual(expect.not.arrayContaining([ended.id]));
  });
});

describe('confirmPracticeCase and endPracticeCase', () => {
  test('"still running" sets lastConfirmedAt to the clock\'s now and the case is no longer due', async () => {
    const c = await publishedCase(t, actors.editor, actors.reviewer, { title: 'Språkvänner i Vimmerby' });
    t.clock.advanceDays(A_YEAR_AND_MORE);
    const before = await read(c.id);
    expect(before.confirmationDue).toBe(true);
    const res = await confirm({ id: c.id, version: before.version });
    expect(res.errors).toBeUndefined();
    const saved = res.data.confirmPracticeCase;
    expect(saved.userErrors).toEqual([]);
    expect(saved.practiceCase).toMatchObject({ confirmationDue: false, version: before.version + 1 });
    const confirmedAt = Date.parse(saved.practiceCase.lastConfirmedAt);
    expect(Math.abs(confirmedAt - t.clock.now().getTime())).toBeLessThan(60_000);
    expect(await listed({ confirmationDue: true })).not.toContain(c.id);
    // The version it answered is gone: a second click with the old version is a conflict, nothing written.
    const again = (await confirm({ id: c.id, version: before.version })).data.confirmPracticeCase;
    expect(again).toMatchObject({ practiceCase: null, userErrors: [{ field: ['input', 'expectedVersion'], code: 'VERSION_CONFLICT' }] });
  });

  test('"ended on …" closes the period, keeps the case published and never due; bad dates are user errors', async () => {
    const c = await publishedCase(t, actors.editor, actors.reviewer, { title: 'Cykelskola som lades ned', startedOn: '2020-03-01' });
    t.clock.advanceDays(A_YEAR_AND_MORE);
    const future = (await end(c, swedishDay(2))).data.endPracticeCase;
    expect(future).toMatchObject({ practiceCase: null, userErrors: [{ field: ['input', 'endedOn'], code: 'OUT_OF_RANGE' }] });
    const early = (await end(c, '2020-02-01')).data.endPracticeCase;
    expect(early).toMatchObject({ practiceCase: null, userErrors: [{ field: ['input', 'endedOn'], code: 'INVALID' }] });
    expect(await read(c.id)).toMatchObject({ version: c.version, endedOn: null, confirmationDue: true });
    const bad = await end(c, '2024-02-30');
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const ended = (await end(c, swedishDay(0))).data.endPracticeCase;
    expect(ended.userErrors).toEqual([]);
    expect(ended.practiceCase).toMatchObject({ status: 'PUBLISHED', endedOn: swedishDay(0), confirmationDue: false });
    t.clock.advanceDays(A_YEAR_AND_MORE);
    expect((await read(c.id)).confirmationDue).toBe(false);
    // Confirming a practice that ended says so instead of reopening it silently.
    const stale = (await confirm(ended.practiceCase)).data.confirmPracticeCase;
    expect(stale).toMatchObject({ practiceCase: null, userErrors: [{ field: ['input', 'id'], code: 'INVALID_TRANSITION' }] });
  });

  test('only published cases are confirmed or ended', async () => {
    const draft = (await t.data(CREATE, { input: caseInput({ title: 'Utkast om läsfrämjande' }) }, { token: actors.editor })).createPracticeCase.practiceCase;
    expect((await confirm(draft)).data.confirmPracticeCase.userErrors).toMatchObject([{ code: 'INVALID_TRANSITION' }]);
    expect((await end(draft, swedishDay(0))).data.endPracticeCase.userErrors).toMatchObject([{ code: 'INVALID_TRANSITION' }]);
    expect((await read(draft.id)).version).toBe(draft.version);
  });

  test('who may answer: the case\'s editors, reviewers and admins; not officials, other municipalities or anonymous callers', async () => {
    const c = await publishedCase(t, actors.editor, actors.reviewer, { title: 'Föräldracafé i Vimmerby' });
    const code = (res: { errors?: { extensions?: Record<string, unknown> }[] }) => res.errors?.[0]?.extensions?.code;
    expect(code(await confirm(c, actors.editorB))).toBe('FORBIDDEN');
    expect(code(await confirm(c, actors.official))).toBe('FORBIDDEN');
    expect(code(await end(c, swedishDay(0), actors.editorB))).toBe('FORBIDDEN');
    expect(code(await t.gql(CONFIRM, { input: { id: c.id, expectedVersion: c.version } }))).toBe('UNAUTHENTICATED');
    expect((await read(c.id)).version).toBe(c.version);

    // viewerCanConfirm tells a page the same before it offers the buttons.
    const can = async (token?: string) => (await t.data(`query($id: ID!) { practiceCase(id: $id) { viewerCanConfirm } }`, { id: c.id }, { token })).practiceCase.viewerCanConfirm;
    expect(await Promise.all([undefined, actors.official, actors.editorB, actors.editor, actors.reviewer, actors.admin].map(can))).toEqual([false, false, false, true, true, true]);

    let version = c.version;
    for (const token of [actors.reviewer, actors.admin, actors.editor]) {
      const res = (await confirm({ id: c.id, version }, token)).data.confirmPracticeCase;
      expect(res.userErrors).toEqual([]);
      version = res.practiceCase.version;
    }
  });

  test('a case the caller cannot see is NOT_FOUND, exactly like one that does not exist', async () => {
    const draft = (await t.data(CREATE, { input: caseInput({ title: 'Vimmerbys hemliga utkast' }) }, { token: actors.editor })).createPracticeCase.practiceCase;
    const hidden = (await confirm(draft, actors.editorB)).data.confirmPracticeCase;
    const missing = (await confirm({ id: toGlobalId('PracticeCase', randomUUID()), version: 1 }, actors.editorB)).data.confirmPracticeCase;
    expect(hidden).toEqual(missing);
    expect(hidden.userErrors).toMatchObject([{ field: ['input', 'id'], code: 'NOT_FOUND' }]);
  });

  test('updatePracticeCase(confirmStillRunning) reads the same clock', async () => {
    const c = await publishedCase(t, actors.editor, actors.reviewer, { title: 'Simskola för vuxna' });
    t.clock.advanceDays(A_YEAR_AND_MORE);
    const updated = await t.data(UPDATE, { input: { id: c.id, expectedVersion: c.version, confirmStillRunning: true } }, { token: actors.editor });
    expect(updated.updatePracticeCase.userErrors).toEqual([]);
    expect((await read(c.id)).confirmationDue).toBe(false);
  });
});

describe('search', () => {
  /** Four cases with the same text; the second and third are then confirmed a year later, the first and fourth become due. */
  async function twins(word: string) {
    const cases = [];
    for (let i = 0; i < 4; i++) {
      cases.push(await publishedCase(t, actors.editor, actors.reviewer, { title: `${word} i Vimmerby`, summary: `Om ${word}.`, body: `${word}.` }));
    }
    return cases;
  }

  test('due cases rank below fresh ones at equal relevance, with words and without', async () => {
    const [a, b, c, d] = await twins('Boulebana');
    t.clock.advanceDays(A_YEAR_AND_MORE);
    for (const fresh of [b, c]) expect((await confirm(fresh)).data.confirmPracticeCase.userErrors).toEqual([]);
    await t.system.search.indexer.drain();
    for (const query of ['boulebana', 'boulebanor', '']) {
      const ids = (await searched(query)).filter((id) => [a.id, b.id, c.id, d.id].includes(id));
      expect(ids).toHaveLength(4);
      expect(new Set(ids.slice(0, 2))).toEqual(new Set([b.id, c.id]));
    }
  });

  test('excludeDue leaves due cases out, judged by the clock at search time with nothing reindexed', async () => {
    const [a, b, , d] = await twins('Kanotklubb');
    const ended = await publishedCase(t, actors.editor, actors.reviewer, { title: 'Kanotklubb som slutat', endedOn: '2021-05-01' });
    await t.system.search.indexer.drain();
    const all = [a.id, b.id, d.id, ended.id];
    expect(await searched('kanotklubb', { excludeDue: true })).toEqual(expect.arrayContaining(all));

    t.clock.advanceDays(A_YEAR_AND_MORE);
    const kept = await searched('kanotklubb', { excludeDue: true });
    expect(kept).toContain(ended.id);
    expect(kept).not.toContain(a.id);
    expect(kept).not.toContain(d.id);
    expect(await searched('kanotklubb')).toEqual(expect.arrayContaining(all));

    expect((await confirm(b)).data.confirmPracticeCase.userErrors).toEqual([]);
    await t.system.search.indexer.drain();
    expect(await searched('kanotklubb', { excludeDue: true })).toContain(b.id);
  });
});
