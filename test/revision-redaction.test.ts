// Revisions and slug clashes must not reveal what the viewer cannot see: a draft a
// published case was adapted from, who published it, or that another municipality's
// draft holds a slug. Revision contents used to carry the origin's raw id and the
// reviewer's actor id for everyone, and an explicit slug equal to a hidden draft's
// answered DUPLICATE.
import { tokensFor } from './helpers/actors';
import { CREATE, UPDATE, caseInput, transition } from './helpers/cases';
import { useTestSystem } from './helpers/harness';

// editorA of Vimmerby (0884), editorB of Eksjö (0686).
const { t, actors } = useTestSystem({}, (t) => tokensFor(t, { editorA: ['EDITOR', '0884'], editorB: ['EDITOR', '0686'], reviewer: ['REVIEWER'] }));

const REVISIONS = `query($id: ID!) { practiceCase(id: $id) { revisions { number publishedBy changedFields content } } }`;
const rawKey = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];

async function create(token: string, overrides: Record<string, unknown>) {
  const r = await t.data(CREATE, { input: caseInput(overrides) }, { token });
  expect(r.createPracticeCase.userErrors).toEqual([]);
  return r.createPracticeCase.practiceCase;
}

async function publish(id: string, version: number, submit = true): Promise<number> {
  if (submit) version = (await t.data(transition('submit'), { input: { id, expectedVersion: version } }, { token: actors.editorA })).submitPracticeCase.practiceCase.version;
  return (await t.data(transition('publish'), { input: { id, expectedVersion: version } }, { token: actors.reviewer })).publishPracticeCase.practiceCase.version;
}

describe('revisions', () => {
  let draft: { id: string; title: string };
  let adapted: { id: string };

  beforeAll(async () => {
    // A published case of A adapted from A's own draft, republished after dropping the origin.
    draft = await create(actors.editorA, { title: 'Ursprungsutkast som ingen annan ser' });
    adapted = await create(actors.editorA, { title: 'Anpassat fall', adaptedFrom: draft.id, adaptationNote: 'efter vårt utkast' });
    const v = await publish(adapted.id, 1);
    const edited = await t.data(UPDATE, { input: { id: adapted.id, expectedVersion: v, adaptedFrom: null } }, { token: actors.editorA });
    expect(edited.updatePracticeCase.userErrors).toEqual([]);
    const republished = await t.data(transition('publish'), { input: { id: adapted.id, expectedVersion: edited.updatePracticeCase.practiceCase.version } }, { token: actors.reviewer });
    expect(republished.publishPracticeCase.userErrors).toEqual([]);
  });

  test.each([['anonymous', () => undefined], ["another municipality's editor", () => actors.editorB]])('%s sees no draft id and no publisher', async (_who, token) => {
    const { practiceCase } = await t.data(REVISIONS, { id: adapted.id }, { token: token() });
    expect(practiceCase.revisions).toHaveLength(2);
    const text = JSON.stringify(practiceCase);
    expect(text).not.toContain(rawKey(draft.id));
    expect(text).not.toContain(draft.id);
    for (const r of practiceCase.revisions) {
      expect(r.publishedBy).toBeNull();
      expect(JSON.parse(r.content).adaptedFrom).toBeNull();
    }
    // Dropping the hidden origin is no visible change either.
    expect(practiceCase.revisions[1].changedFields).not.toContain('adaptedFrom');
  });

  test.each([["the owner's editor", () => actors.editorA], ['a reviewer', () => actors.reviewer]])('%s sees the draft (as its global id) and the publisher', async (_who, token) => {
    const { practiceCase } = await t.data(REVISIONS, { id: adapted.id }, { token: token() });
    const [first, second] = practiceCase.revisions;
    expect(JSON.parse(first.content).adaptedFrom).toBe(draft.id);
    expect(JSON.parse(second.content).adaptedFrom).toBeNull();
    expect(second.changedFields).toContain('adaptedFrom');
    expect(first.publishedBy).toMatch(/^user:[0-9a-f-]{36}$/);
  });

  test('an origin that is published later shows for everyone', async () => {
    const origin = await create(actors.editorA, { title: 'Ursprung som publiceras' });
    const c = await create(actors.editorA, { title: 'Anpassat från det som publiceras', adaptedFrom: origin.id });
    await publish(c.id, 1);
    const before = await t.data(REVISIONS, { id: c.id });
    expect(JSON.parse(before.practiceCase.revisions[0].content).adaptedFrom).toBeNull();
    await publish(origin.id, 1);
    const after = await t.data(REVISIONS, { id: c.id });
    expect(JSON.parse(after.practiceCase.revisions[0].content).adaptedFrom).toBe(origin.id);
  });
});

describe('slug clashes', () => {
  const stamp = Date.now().toString(36);

  test("an explicit slug held by another municipality's draft gives the next free slug and names nothing of the draft", async () => {
    const slug = `dold-krock-${stamp}`;
    const hidden = await create(actors.editorB, { title: 'Eksjös hemliga utkast', slug, municipality: '0686' });
    const r = await t.gql(CREATE, { input: caseInput({ title: 'Vimmerbys fall', slug }) }, { token: actors.editorA });
    expect(r.errors).toBeUndefined();
    const payload = r.data.createPracticeCase;
    expect(payload.userErrors).toEqual([]);
    expect(payload.practiceCase.slug).toBe(`${slug}-2`);
    const text = JSON.stringify(r);
    for (const secret of [hidden.id, rawKey(hidden.id), 'Eksjös hemliga utkast', '0686']) expect(text).not.toContain(secret);
  });

  test("an update to a slug held by another municipality's draft also gets the next free one", async () => {
    const slug = `dold-uppdatering-${stamp}`;
    await create(actors.editorB, { title: 'Ett annat utkast i Eksjö', slug, municipality: '0686' });
    const mine = await create(actors.editorA, { title: 'Byter slug' });
    const r = await t.data(UPDATE, { input: { id: mine.id, expectedVersion: mine.version, slug } }, { token: actors.editorA });
    expect(r.updatePracticeCase.userErrors).toEqual([]);
    expect(r.updatePracticeCase.practiceCase.slug).toBe(`${slug}-2`);
  });

  test('the next free slug stays within 80 characters', async () => {
    const slug = `${'a'.repeat(60)}-${stamp}`.padEnd(80, 'b');
    await create(actors.editorB, { title: 'Långt utkast', slug, municipality: '0686' });
    const mine = await create(actors.editorA, { title: 'Långt fall', slug });
    expect(mine.slug).not.toBe(slug);
    expect(mine.slug.length).toBeLessThanOrEqual(80);
    expect(mine.slug).toMatch(/-2$/);
  });

  test('an explicit slug held by a case the editor can see is DUPLICATE', async () => {
    const slug = `synlig-krock-${stamp}`;
    const other = await create(actors.editorB, { title: 'Eksjös publicerade fall', slug, municipality: '0686' });
    const submitted = await t.data(transition('submit'), { input: { id: other.id, expectedVersion: 1 } }, { token: actors.editorB });
    await t.data(transition('publish'), { input: { id: other.id, expectedVersion: submitted.submitPracticeCase.practiceCase.version } }, { token: actors.reviewer });
    const r = await t.data(CREATE, { input: caseInput({ title: 'Samma slug', slug }) }, { token: actors.editorA });
    expect(r.createPracticeCase.practiceCase).toBeNull();
    expect(r.createPracticeCase.userErrors).toEqual([expect.objectContaining({ field: ['input', 'slug'], code: 'DUPLICATE' })]);
  });
});
