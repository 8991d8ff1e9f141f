// The one mutation runner (server/src/core/mutation.ts). Every Mutation field of the
// schema must write through it, and what a caller can fix must come back as userErrors,
// never as a 500: UserErrors, a unique violation and a lost optimistic-lock race, forced
// on the real PostgreSQL — directly against the runner, and through real mutations
// made to race with a trigger that holds each write open long enough for the other
// request to pass the service's own checks.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLInputType } from 'graphql';
import { UserErrorCode, UserErrors, userError } from '../server/src/core/errors';
import { runMutation, servedMutations } from '../server/src/core/mutation';
import { decodeId } from '../server/src/core/relay/global-id';
import { Organization, OrganizationKind } from '../server/src/modules/organizations/organization.entity';
import { PracticeCase } from '../server/src/modules/practice-cases/practice-case.entity';
import { buildAppSchema } from '../server/src/schema';
import { CREATE, UPDATE, caseInput } from './helpers/cases';
import { asSystem, tokenFor } from './helpers/actors';
import { useTestSystem } from './helpers/harness';
import type { GraphQLResponse } from './helpers/system';

const { t, actors } = useTestSystem({}, async (t) => ({ admin: await tokenFor(t, 'ADMIN') }));
const run = randomBytes(4).toString('hex');

/** The smallest value of an input type that GraphQL accepts: required fields only, one-element lists. */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [sample(type.ofType)];
  if (isEnumType(type)) return type.getValues()[0].value;
  if (isInputObjectType(type)) {
    const required = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
    return Object.fromEntries(required.map((f) => [f.name, sample(f.type)]));
  }
  if (!isScalarType(type)) throw new Error(`no sample for ${String(type)}`);
  const byName: Record<string, unknown> = { Int: 1, Float: 1, Boolean: false, Date: '2031-01-02', DateTime: '2031-01-02T00:00:00Z' };
  return type.name in byName ? byName[type.name] : `x-${run}`;
}

describe('every mutation of the schema goes through the runner', () => {
  it('each Mutation field, called with the smallest valid input, is served by the runner and answers without errors', async () => {
    const fields = Object.values((await buildAppSchema()).getMutationType()!.getFields());
    expect(fields.length).toBeGreaterThan(10);
    for (const field of fields) {
      const args = field.args.filter((a) => isNonNullType(a.type));
      const signature = args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
      const query = `mutation${signature ? `(${signature})` : ''} { ${field.name}${args.length ? `(${args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : ''} { userErrors { code } } }`;
      servedMutations.delete(field.name);
      const res = await t.gql(query, Object.fromEntries(args.map((a) => [a.name, sample(a.type)])), { token: actors.admin });
      expect({ field: field.name, errors: res.errors }).toEqual({ field: field.name, errors: undefined });
      expect({ field: field.name, served: servedMutations.has(field.name) }).toEqual({ field: field.name, served: true });
    }
    // And the runner serves nothing under a name the schema does not have.
    const names = new Set(fields.map((f) => f.name));
    expect([...servedMutations].filter((n) => !names.has(n))).toEqual([]);
  });
});

describe('the runner on a real database', () => {
  const org = (slug: string) => ({ slug, name: `Runner ${slug}`, kind: OrganizationKind.CIVIL_SOCIETY });
  const count = async (slug: string) => (await t.sql(`select count(*)::int as n from organization where slug = $1`, [slug]))[0].n as number;

  it('commits the work with one flush and builds the payload from what was written', async () => {
    const slug = `runner-ok-${run}`;
    const payload = await runMutation(asSystem(t), { name: 'test', work: async (em) => em.create(Organization, org(slug)), payload: (o) => ({ organization: o }), nothing: { organization: null } });
    expect(payload.userErrors).toEqual([]);
    expect(payload.organization?.slug).toBe(slug);
    expect(await count(slug)).toBe(1);
  });

  it('UserErrors roll the whole write back and come back as userErrors', async () => {
    const slug = `runner-refused-${run}`;
    const refused = [userError('name', UserErrorCode.INVALID, 'no')];
    const payload = await runMutation(asSystem(t), {
      name: 'test',
      work: async (em) => {
        em.create(Organization, org(slug));
        await em.flush();
        throw new UserErrors(refused);
      },
      payload: () => ({ organization: 'never' }),
      nothing: { organization: null },
    });
    expect(payload).toEqual({ organization: null, userErrors: refused });
    expect(await count(slug)).toBe(0);
  });

  it('a unique violation is the mutation’s own user error, or DUPLICATE when it names none', async () => {
    const slug = `runner-taken-${run}`;
    await runMutation(asSystem(t), { name: 'test', work: async (em) => em.create(Organization, org(slug)), payload: () => ({}), nothing: {} });
    const again = (unique?: () => ReturnType<typeof userError>[] | null) =>
      runMutation(asSystem(t), { name: 'test', work: async (em) => em.create(Organization, org(slug)), payload: (o) => ({ organization: o }), nothing: { organization: null }, unique });
    const plain = await again();
    expect(plain.organization).toBeNull();
    expect(plain.userErrors).toEqual([expect.objectContaining({ field: ['input'], code: UserErrorCode.DUPLICATE })]);
    const named = await again(() => [userError('slug', UserErrorCode.DUPLICATE, 'That slug is taken')]);
    expect(named.userErrors).toEqual([{ field: ['input', 'slug'], code: UserErrorCode.DUPLICATE, message: 'That slug is taken' }]);
    expect(await count(slug)).toBe(1);
  });

  it('a version changed under the work is VERSION_CONFLICT on expectedVersion', async () => {
    const created = await t.data(CREATE, { input: caseInput({ title: `Runner version ${run}` }) }, { token: actors.admin });
    const id = decodeId(created.createPracticeCase.practiceCase.id, 'PracticeCase')!;
    const payload = await runMutation(asSystem(t), {
      name: 'test',
      work: async (em) => {
        const c = await em.findOneOrFail(PracticeCase, { id });
        // Another writer commits in between.
        await t.sql(`update practice_case set version = version + 1 where id = $1`, [id]);
        c.title = 'Changed under a stale version';
        return c;
      },
      payload: (c) => ({ title: c.title }),
      nothing: { title: null },
      conflict: 'Reload it',
    });
    expect(payload).toEqual({ title: null, userErrors: [{ field: ['input', 'expectedVersion'], code: UserErrorCode.VERSION_CONFLICT, message: 'Reload it' }] });
    expect((await t.sql(`select title from practice_case where id = $1`, [id]))[0].title).toBe(`Runner version ${run}`);
  });

  it('rolls back when commit says so, and still answers from the result', async () => {
    const slug = `runner-dry-${run}`;
    const payload = await runMutation(asSystem(t), { name: 'test', work: async (em) => em.create(Organization, org(slug)).slug, commit: () => false, payload: (s) => ({ wouldBe: s }), nothing: { wouldBe: null } });
    expect(payload).toEqual({ wouldBe: slug, userErrors: [] });
    expect(await count(slug)).toBe(0);
  });

  it('anything else is thrown on, with nothing written', async () => {
    const slug = `runner-broken-${run}`;
    const broken = runMutation(asSystem(t), {
      name: 'test',
      work: async (em) => {
        em.create(Organization, org(slug));
        await em.flush();
        throw new Error('a bug');
      },
      payload: () => ({}),
      nothing: {},
    });
    await expect(broken).rejects.toThrow('a bug');
    expect(await count(slug)).toBe(0);
  });
});

describe('real mutations that race into the database constraints', () => {
  /** Holds every insert or update of `table` for `seconds`, so that concurrent requests all pass the services' checks first. */
  async function slowed<T>(table: string, event: 'insert' | 'update', seconds: number, body: () => Promise<T>): Promise<T> {
    await t.sql(`create or replace function runner_test_slow() returns trigger language plpgsql as $$ begin perform pg_sleep(${seconds}); return new; end $$`);
    await t.sql(`create trigger runner_test_slow before ${event} on ${table} for each row execute function runner_test_slow()`);
    try {
      return await body();
    } finally {
      await t.sql(`drop trigger runner_test_slow on ${table}`);
    }
  }
  const both = (query: string, variables: Record<string, unknown>, headers: Record<string, string>[] = [{}, {}]) =>
    Promise.all(headers.map((h) => t.gql(query, variables, { token: actors.admin, headers: h })));
  const noErrors = (responses: GraphQLResponse[]) => expect(responses.map((r) => r.errors)).toEqual([undefined, undefined]);

  it('createUser: two admins adding the same e-mail at once; the second gets DUPLICATE on email', async () => {
    const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { user { id } userErrors { field code } } }`;
    const input = { name: 'Samtidig', email: `samtidig-${run}@example.se`, role: 'REVIEWER' };
    const responses = await slowed('app_user', 'insert', 0.5, () => both(CREATE_USER, { input }));
    noErrors(responses);
    const payloads = responses.map((r) => r.data.createUser);
    expect(payloads.filter((p) => p.user).length).toBe(1);
    expect(payloads.flatMap((p) => p.userErrors)).toEqual([{ field: ['input', 'email'], code: 'DUPLICATE' }]);
  });

  it('createOrganization: the same slug at once; the second gets DUPLICATE on slug', async () => {
    const CREATE_ORGANIZATION = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } userErrors { field code } } }`;
    const input = { name: 'Samtidig förening', slug: `samtidig-${run}`, kind: 'CIVIL_SOCIETY' };
    const responses = await slowed('organization', 'insert', 0.5, () => both(CREATE_ORGANIZATION, { input }));
    noErrors(responses);
    const payloads = responses.map((r) => r.data.createOrganization);
    expect(payloads.filter((p) => p.organization).length).toBe(1);
    expect(payloads.flatMap((p) => p.userErrors)).toEqual([{ field: ['input', 'slug'], code: 'DUPLICATE' }]);
  });

  it('createPracticeCase: the same explicit slug at once; the second gets DUPLICATE on slug', async () => {
    const input = caseInput({ title: `Samma slug ${run}`, slug: `samma-slug-${run}` });
    const responses = await slowed('practice_case', 'insert', 0.5, () => both(CREATE, { input }));
    noErrors(responses);
    const payloads = responses.map((r) => r.data.createPracticeCase);
    expect(payloads.filter((p) => p.practiceCase).length).toBe(1);
    expect(payloads.flatMap((p) => p.userErrors.map((e: { field: string[]; code: string }) => [e.field, e.code]))).toEqual([[['input', 'slug'], 'DUPLICATE']]);
  });

  it('updatePracticeCase: two edits of the same version at once; the second gets VERSION_CONFLICT', async () => {
    const created = (await t.data(CREATE, { input: caseInput({ title: `Samtidig ändring ${run}` }) }, { token: actors.admin })).createPracticeCase.practiceCase;
    const input = { id: created.id, expectedVersion: created.version, summary: 'Ändrad av två samtidigt' };
    const responses = await slowed('practice_case', 'update', 0.5, () => both(UPDATE, { input }));
    noErrors(responses);
    const payloads = responses.map((r) => r.data.updatePracticeCase);
    expect(payloads.filter((p) => p.practiceCase).length).toBe(1);
    expect(payloads.flatMap((p) => p.userErrors.map((e: { field: string[]; code: string }) => [e.field, e.code]))).toEqual([[['input', 'expectedVersion'], 'VERSION_CONFLICT']]);
  });

  it('requestStudyVisit: the same idempotency key at once, with and without the Idempotency-Key header; both get the one visit', async () => {
    const REQUEST = `mutation($input: RequestStudyVisitInput!) { requestStudyVisit(input: $input) { studyVisit { id } userErrors { field code } } }`;
    const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const input = { idempotencyKey: `race-${run}`, hostMunicipality: '0884', visitingMunicipality: '0686', purpose: 'Samtidiga förfrågningar', participants: 3, proposedDates: [{ start: inDays(40), end: inDays(41) }] };
    const variants: Record<string, string>[][] = [[{}, {}], [{ 'idempotency-key': `race-header-${run}` }, {}]];
    for (const headers of variants) {
      const keyed = { ...input, idempotencyKey: `${input.idempotencyKey}-${Object.keys(headers[0]).length}` };
      const responses = await slowed('study_visit', 'insert', 0.5, () => both(REQUEST, { input: keyed }, headers));
      noErrors(responses);
      const payloads = responses.map((r) => r.data.requestStudyVisit);
      expect(payloads.map((p) => p.userErrors)).toEqual([[], []]);
      expect(payloads[0].studyVisit.id).toBe(payloads[1].studyVisit.id);
      expect((await t.sql(`select count(*)::int as n from study_visit where idempotency_key = $1`, [keyed.idempotencyKey]))[0].n).toBe(1);
    }
  });
});
