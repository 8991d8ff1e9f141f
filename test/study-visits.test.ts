// Study visits over HTTP: requesting with validation and idempotency, every
// transition (allowed and illegal), version conflicts, who may do what, read rules,
// hosting offers with capacity flagging, and the queries.
import { clientTokenFor, ensureOrganization, tokenFor, tokensFor } from './helpers/actors';
import { publishedCase } from './helpers/cases';
import { ACCEPT, CANCEL, COMPLETE, DECLINE, REQUEST, SET_OFFER, VISIT_FIELDS, acceptVisit, inDays, letTimePass, newKey, requestVisit, visitInput } from './helpers/study-visits';
import { useTestSystem } from './helpers/harness';

// No in-process indexer: nothing here searches, and the hosting-offer test reads the
// outbox rows that the indexer would otherwise drain at any moment.
const { t, actors } = useTestSystem({ inProcessIndexer: false }, async (t) => {
  const tokens = await tokensFor(t, {
    eksjo: ['OFFICIAL', '0686'], // the visitors
    vimmerby: ['EDITOR', '0884'], // the host
    hultsfred: ['OFFICIAL', '0860'], // a bystander
    reviewer: ['REVIEWER'],
    admin: ['ADMIN'],
  });
  await ensureOrganization(t, 'emilkraften', 'Emilkraften', undefined, '0686');
  await ensureOrganization(t, 'vimmerby-if', 'Vimmerby IF', undefined, '0884');
  const bullerbyn: { id: string } = await publishedCase(t, tokens.vimmerby, tokens.reviewer, { title: 'Mötesplats Bullerbyn', themes: ['meeting-places'] });
  return { ...tokens, bullerbyn };
});

const count = async (table: string) => Number((await t.sql(`select count(*)::int as n from ${table}`))[0].n);
const codes = (errors: { code: string }[]) => errors.map((e) => e.code);


describe('requesting a visit', () => {
  test('a visitor official requests a visit; it starts REQUESTED with one history event', async () => {
    const v = await requestVisit(t, actors.eksjo, { visitingOrganization: 'emilkraften', practiceCase: actors.bullerbyn.id });
    expect(v).toMatchObject({
      status: 'REQUESTED',
      version: 1,
      participants: 3,
      hostMunicipality: { code: '0884' },
      visitingMunicipality: { code: '0686' },
      visitingOrganization: { slug: 'emilkraften' },
      practiceCase: { id: actors.bullerbyn.id },
      scheduledDates: null,
      exceedsHostCapacity: false,
      contact: { name: 'Catharina Exempel' },
    });
    expect(v.proposedDates).toEqual([{ start: inDays(40), end: inDays(41) }, { start: inDays(60), end: inDays(60) }]);
    expect(v.history).toHaveLength(1);
    expect(v.history[0]).toMatchObject({ from: null, to: 'REQUESTED' });
    expect(v.history[0].actor).toBeTruthy();
  });

  test('every validation error is reported per field and nothing is written', async () => {
    const before = await count('study_visit');
    const cases: [Record<string, unknown>, string[], string][] = [
      [{ purpose: 'x'.repeat(2001) }, ['input', 'purpose'], 'TOO_LONG'],
      [{ purpose: '   ' }, ['input', 'purpose'], 'REQUIRED'],
      [{ participants: 0 }, ['input', 'participants'], 'OUT_OF_RANGE'],
      [{ participants: 51 }, ['input', 'participants'], 'OUT_OF_RANGE'],
      [{ proposedDates: [] }, ['input', 'proposedDates'], 'OUT_OF_RANGE'],
      [{ proposedDates: Array.from({ length: 6 }, (_, i) => ({ start: inDays(30 + i * 7), end: inDays(30 + i * 7) })) }, ['input', 'proposedDates'], 'OUT_OF_RANGE'],
      [{ proposedDates: [{ start: inDays(30), end: inDays(35) }] }, ['input', 'proposedDates', '0'], 'OUT_OF_RANGE'],
      [{ proposedDates: [{ start: inDays(30), end: inDays(31) }, { start: inDays(-3), end: inDays(-2) }] }, ['input', 'proposedDates', '1'], 'INVALID'],
      [{ proposedDates: [{ start: inDays(31), end: inDays(30) }] }, ['input', 'proposedDates', '0'], 'INVALID'],
      [{ hostMunicipality: '9999' }, ['input', 'hostMunicipality'], 'UNKNOWN_REFERENCE'],
      [{ hostMunicipality: '0686' }, ['input', 'hostMunicipality'], 'INVALID'],
      [{ visitingOrganization: 'no-such-org' }, ['input', 'visitingOrganization'], 'UNKNOWN_REFERENCE'],
      [{ hostMunicipality: '0860', practiceCase: actors.bullerbyn.id }, ['input', 'practiceCase'], 'INVALID'],
      [{ contact: { name: 'A', email: 'not-an-email' } }, ['input', 'contact', 'email'], 'INVALID'],
      [{ idempotencyKey: 'k'.repeat(256) }, ['input', 'idempotencyKey'], 'INVALID'],
    ];
    for (const [overrides, field, code] of cases) {
      const res = await t.data(REQUEST, { input: visitInput(overrides) }, { token: actors.eksjo });
      expect(res.requestStudyVisit.studyVisit).toBeNull();
      expect(res.requestStudyVisit.userErrors).toContainEqual(expect.objectContaining({ field, code }));
    }
    // Several problems at once are all reported.
    const many = await t.data(REQUEST, { input: visitInput({ participants: 99, purpose: '' }) }, { token: actors.eksjo });
    expect(codes(many.requestStudyVisit.userErrors).sort()).toEqual(['OUT_OF_RANGE', 'REQUIRED']);
    expect(await count('study_visit')).toBe(before);
  });

  test('the same key with the same input returns the same visit', async () => {
    const input = visitInput();
    const first = await t.data(REQUEST, { input }, { token: actors.eksjo });
    const again = await t.data(REQUEST, { input }, { token: actors.eksjo });
    expect(again.requestStudyVisit.userErrors).toEqual([]);
    expect(again.requestStudyVisit.studyVisit.id).toBe(first.requestStudyVisit.studyVisit.id);
    expect(Number((await t.sql('select count(*)::int as n from study_visit where idempotency_key = $1', [input.idempotencyKey]))[0].n)).toBe(1);
  });

  test('the same key with a different input is IDEMPOTENCY_KEY_REUSED', async () => {
    const input = visitInput();
    await t.data(REQUEST, { input }, { token: actors.eksjo });
    const reused = await t.data(REQUEST, { input: { ...input, participants: 4 } }, { token: actors.eksjo });
    expect(reused.requestStudyVisit.studyVisit).toBeNull();
    expect(reused.requestStudyVisit.userErrors).toEqual([expect.objectContaining({ field: ['input', 'idempotencyKey'], code: 'IDEMPOTENCY_KEY_REUSED' })]);
  });

  test('keys are scoped per requester: two clients may pick the same key', async () => {
    const other = await tokenFor(t, 'EDITOR', '0686');
    const input = visitInput();
    const a = await t.data(REQUEST, { input }, { token: actors.eksjo });
    const b = await t.data(REQUEST, { input }, { token: other });
    expect(b.requestStudyVisit.userErrors).toEqual([]);
    expect(b.requestStudyVisit.studyVisit.id).not.toBe(a.requestStudyVisit.studyVisit.id);
  });

  test('50 concurrent identical requests create exactly one visit', async () => {
    const input = visitInput({ idempotencyKey: newKey('burst') });
    const responses = await Promise.all(Array.from({ length: 50 }, () => t.gql(REQUEST, { input }, { token: actors.eksjo })));
    for (const r of responses) {
      expect(r.errors).toBeUndefined();
      expect(r.data.requestStudyVisit.userErrors).toEqual([]);
    }
    const ids = new Set(responses.map((r) => r.data.requestStudyVisit.studyVisit.id));
    expect(ids.size).toBe(1);
    const rows = await t.sql('select id from study_visit where idempotency_key = $1', [input.idempotencyKey]);
    expect(rows).toHaveLength(1);
    expect(Number((await t.sql('select count(*)::int as n from study_visit_event where visit_id = $1', [rows[0].id]))[0].n)).toBe(1);
  });

  test('the unique constraint itself refuses a second row with the same key', async () => {
    const input = visitInput();
    await t.data(REQUEST, { input }, { token: actors.eksjo });
    await expect(
      t.sql(`insert into study_visit (id, host_municipality_code, visiting_municipality_code, purpose, participants, proposed_dates, preferred_language, format, window_start, window_end, requested_by, idempotency_key, request_hash, created_at, updated_at)
             select gen_random_uuid(), host_municipality_code, visiting_municipality_code, purpose, participants, proposed_dates, preferred_language, format, window_start, window_end, requested_by, idempotency_key, request_hash, now(), now()
             from study_visit where idempotency_key = $1`, [input.idempotencyKey]),
    ).rejects.toThrow(/study_visit_idempotency_unique/);
  });
});

describe('transitions', () => {
  test('REQUESTED → ACCEPTED on a proposed range, then → COMPLETED with a report once it has taken place', async () => {
    const v = await requestVisit(t, actors.eksjo, { practiceCase: actors.bullerbyn.id });
    const accepted = await t.data(ACCEPT, { input: { id: v.id, expectedVersion: 1, dates: v.proposedDates[1], note: 'Välkomna!' } }, { token: actors.vimmerby });
    expect(accepted.acceptStudyVisit.userErrors).toEqual([]);
    expect(accepted.acceptStudyVisit.studyVisit).toMatchObject({ status: 'ACCEPTED', version: 2, scheduledDates: v.proposedDates[1] });
    expect(accepted.acceptStudyVisit.studyVisit.history.map((e: any) => [e.from, e.to, e.note])).toEqual([[null, 'REQUESTED', null], ['REQUESTED', 'ACCEPTED', 'Välkomna!']]);

    const early = await t.data(COMPLETE, { input: { id: v.id, expectedVersion: 2, learned: 'x', planToAdapt: 'y' } }, { token: actors.eksjo });
    expect(codes(early.completeStudyVisit.userErrors)).toEqual(['INVALID_TRANSITION']);

    await letTimePass(t, v.id);
    const missing = await t.data(COMPLETE, { input: { id: v.id, expectedVersion: 2, learned: '', planToAdapt: 'y' } }, { token: actors.eksjo });
    expect(missing.completeStudyVisit.userErrors).toEqual([expect.objectContaining({ field: ['input', 'learned'], code: 'REQUIRED' })]);

    const done = await t.data(COMPLETE, { input: { id: v.id, expectedVersion: 2, learned: 'Språket är nyckeln.', planToAdapt: 'En mötesplats i Mariannelund.', followUpCase: actors.bullerbyn.id } }, { token: actors.eksjo });
    expect(done.completeStudyVisit.userErrors).toEqual([]);
    expect(done.completeStudyVisit.studyVisit).toMatchObject({
      status: 'COMPLETED',
      version: 3,
      report: { learned: 'Språket är nyckeln.', planToAdapt: 'En mötesplats i Mariannelund.', followUpCase: { id: actors.bullerbyn.id } },
    });
    expect(done.completeStudyVisit.studyVisit.history.map((e: any) => e.to)).toEqual(['REQUESTED', 'ACCEPTED', 'COMPLETED']);
  });

  test('the host may accept on new dates of its own, which the history notes', async () => {
    const v = await requestVisit(t, actors.eksjo);
    const newDates = { start: inDays(90), end: inDays(92) };
    const res = await t.data(ACCEPT, { input: { id: v.id, expectedVersion: 1, dates: newDates } }, { token: actors.vimmerby });
    expect(res.acceptStudyVisit.studyVisit).toMatchObject({ status: 'ACCEPTED', scheduledDates: newDates });
    expect(res.acceptStudyVisit.studyVisit.history[1].note).toMatch(/new dates/);
    // A new range obeys the same rules as a proposal.
    const w = await requestVisit(t, actors.eksjo);
    const bad = await t.data(ACCEPT, { input: { id: w.id, expectedVersion: 1, dates: { start: inDays(-5), end: inDays(-4) } } }, { token: actors.vimmerby });
    expect(bad.acceptStudyVisit.userErrors).toEqual([expect.objectContaining({ field: ['input', 'dates'], code: 'INVALID' })]);
    const long = await t.data(ACCEPT, { input: { id: w.id, expectedVersion: 1, dates: { start: inDays(50), end: inDays(56) } } }, { token: actors.vimmerby });
    expect(codes(long.acceptStudyVisit.userErrors)).toEqual(['INVALID']);
  });

  test('REQUESTED → DECLINED needs a reason', async () => {
    const v = await requestVisit(t, actors.eksjo);
    const noReason = await t.data(DECLINE, { input: { id: v.id, expectedVersion: 1, reason: '  ' } }, { token: actors.vimmerby });
    expect(noReason.declineStudyVisit.userErrors).toEqual([expect.objectContaining({ field: ['input', 'reason'], code: 'REQUIRED' })]);
    const res = await t.data(DECLINE, { input: { id: v.id, expectedVersion: 1, reason: 'Vi har inventering hela november.' } }, { token: actors.vimmerby });
    expect(res.declineStudyVisit.studyVisit).toMatchObject({ status: 'DECLINED', version: 2, declineReason: 'Vi har inventering hela november.' });
    expect(res.declineStudyVisit.studyVisit.history[1]).toMatchObject({ from: 'REQUESTED', to: 'DECLINED', note: 'Vi har inventering hela november.' });
  });

  test('the requester cancels from REQUESTED (reason optional) and from ACCEPTED', async () => {
    const a = await requestVisit(t, actors.eksjo);
    const cancelled = await t.data(CANCEL, { input: { id: a.id, expectedVersion: 1 } }, { token: actors.eksjo });
    expect(cancelled.cancelStudyVisit.studyVisit).toMatchObject({ status: 'CANCELLED', cancelReason: null });

    const b = await acceptVisit(t, actors.vimmerby, await requestVisit(t, actors.eksjo));
    const res = await t.data(CANCEL, { input: { id: b.id, expectedVersion: b.version, reason: 'Budgeten drogs in.' } }, { token: actors.eksjo });
    expect(res.cancelStudyVisit.studyVisit).toMatchObject({ status: 'CANCELLED', cancelReason: 'Budgeten drogs in.', version: 3 });
    expect(res.cancelStudyVisit.studyVisit.history.map((e: any) => e.to)).toEqual(['REQUESTED', 'ACCEPTED', 'CANCELLED']);
  });

  test('illegal transitions are INVALID_TRANSITION and change nothing', async () => {
    const requested = await requestVisit(t, actors.eksjo);
    const accepted = await acceptVisit(t, actors.vimmerby, await requestVisit(t, actors.eksjo));
    const declinedRes = await t.data(DECLINE, { input: { id: (await requestVisit(t, actors.eksjo)).id, expectedVersion: 1, reason: 'Nej.' } }, { token: actors.vimmerby });
    const declined = declinedRes.declineStudyVisit.studyVisit;
    const cancelledRes = await t.data(CANCEL, { input: { id: (await requestVisit(t, actors.eksjo)).id, expectedVersion: 1 } }, { token: actors.eksjo });
    const cancelled = cancelledRes.cancelStudyVisit.studyVisit;
    await letTimePass(t, accepted.id);
    const completedRes = await t.data(COMPLETE, { input: { id: (await (async () => { const x = await acceptVisit(t, actors.vimmerby, await requestVisit(t, actors.eksjo)); await letTimePass(t, x.id); return x; })()).id, expectedVersion: 2, learned: 'a', planToAdapt: 'b' } }, { token: actors.vimmerby });
    const completed = completedRes.completeStudyVisit.studyVisit;
    expect(completed.status).toBe('COMPLETED');

    const attempts: [string, string, any, string, Record<string, unknown>][] = [
      [COMPLETE, 'completeStudyVisit', requested, actors.eksjo, { learned: 'a', planToAdapt: 'b' }],
      [ACCEPT, 'acceptStudyVisit', accepted, actors.vimmerby, { dates: accepted.proposedDates[0] }],
      [DECLINE, 'declineStudyVisit', accepted, actors.vimmerby, { reason: 'r' }],
      [ACCEPT, 'acceptStudyVisit', declined, actors.vimmerby, { dates: declined.proposedDates[0] }],
      [CANCEL, 'cancelStudyVisit', declined, actors.eksjo, {}],
      [COMPLETE, 'completeStudyVisit', declined, actors.vimmerby, { learned: 'a', planToAdapt: 'b' }],
      [ACCEPT, 'acceptStudyVisit', cancelled, actors.vimmerby, { dates: cancelled.proposedDates[0] }],
      [CANCEL, 'cancelStudyVisit', cancelled, actors.eksjo, {}],
      [COMPLETE, 'completeStudyVisit', cancelled, actors.eksjo, { learned: 'a', planToAdapt: 'b' }],
      [CANCEL, 'cancelStudyVisit', completed, actors.eksjo, {}],
      [COMPLETE, 'completeStudyVisit', completed, actors.eksjo, { learned: 'a', planToAdapt: 'b' }],
      [DECLINE, 'declineStudyVisit', completed, actors.vimmerby, { reason: 'r' }],
    ];
    for (const [op, field, visit, token, extra] of attempts) {
      const res = await t.data(op, { input: { id: visit.id, expectedVersion: visit.version, ...extra } }, { token });
      expect({ op: field, status: visit.status, errors: codes(res[field].userErrors) }).toEqual({ op: field, status: visit.status, errors: ['INVALID_TRANSITION'] });
    }
    const after = await t.data(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on StudyVisit { status version } } }`, { ids: [requested.id, accepted.id, declined.id, cancelled.id, completed.id] }, { token: actors.eksjo });
    expect(after.nodes).toEqual([
      { status: 'REQUESTED', version: 1 },
      { status: 'ACCEPTED', version: 2 },
      { status: 'DECLINED', version: 2 },
      { status: 'CANCELLED', version: 2 },
      { status: 'COMPLETED', version: 3 },
    ]);
  });

  test('a stale expectedVersion is VERSION_CONFLICT and changes nothing', async () => {
    const v = await acceptVisit(t, actors.vimmerby, await requestVisit(t, actors.eksjo));
    const stale = await t.data(CANCEL, { input: { id: v.id, expectedVersion: 1, reason: 'gammal' } }, { token: actors.eksjo });
    expect(stale.cancelStudyVisit.userErrors).toEqual([expect.objectContaining({ field: ['input', 'expectedVersion'], code: 'VERSION_CONFLICT' })]);
    const now = await t.data(`query($id: ID!) { studyVisit(id: $id) { status version history { to } } }`, { id: v.id }, { token: actors.eksjo });
    expect(now.studyVisit).toEqual({ status: 'ACCEPTED', version: 2, history: [{ to: 'REQUESTED' }, { to: 'ACCEPTED' }] });
  });

  test('two hosts racing on the same version: exactly one wins', async () => {
    const v = await requestVisit(t, actors.eksjo);
    const other = await tokenFor(t, 'OFFICIAL', '0884');
    const [a, b] = await Promise.all([
      t.data(ACCEPT, { input: { id: v.id, expectedVersion: 1, dates: v.proposedDates[0] } }, { token: actors.vimmerby }),
      t.data(DECLINE, { input: { id: v.id, expectedVersion: 1, reason: 'Fullt.' } }, { token: other }),
    ]);
    const outcomes = [a.acceptStudyVisit, b.declineStudyVisit];
    expect(outcomes.filter((o) => o.studyVisit).length).toBe(1);
    expect(outcomes.flatMap((o) => codes(o.userErrors))).toEqual(['VERSION_CONFLICT']);
    expect(Number((await t.sql(`select count(*)::int as n from study_visit_event e join study_visit v on v.id = e.visit_id where v.id = $1`, [Buffer.from(v.id, 'base64url').toString().split(':')[1]]))[0].n)).toBe(2);
  });
});

describe('who may do what', () => {
  test('anonymous callers cannot write', async () => {
    const res = await t.gql(REQUEST, { input: visitInput() });
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const v = await requestVisit(t, actors.eksjo);
    const cancel = await t.gql(CANCEL, { input: { id: v.id, expectedVersion: 1 } });
    expect(cancel.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  test("only the visitors' side requests and cancels; only the host's side accepts and declines", async () => {
    const forOther = await t.gql(REQUEST, { input: visitInput({ visitingMunicipality: '0860' }) }, { token: actors.eksjo });
    expect(forOther.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const asReviewer = await t.gql(REQUEST, { input: visitInput() }, { token: actors.reviewer });
    expect(asReviewer.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const v = await requestVisit(t, actors.eksjo);
    for (const [op, token, extra] of [
      [ACCEPT, actors.eksjo, { dates: v.proposedDates[0] }],
      [DECLINE, actors.eksjo, { reason: 'x' }],
      [ACCEPT, actors.hultsfred, { dates: v.proposedDates[0] }],
      [CANCEL, actors.vimmerby, {}],
      [CANCEL, actors.hultsfred, {}],
    ] as const) {
      const res = await t.gql(op, { input: { id: v.id, expectedVersion: 1, ...extra } }, { token });
      expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const accepted = await acceptVisit(t, actors.vimmerby, v);
    await letTimePass(t, v.id);
    const bystander = await t.gql(COMPLETE, { input: { id: v.id, expectedVersion: accepted.version, learned: 'a', planToAdapt: 'b' } }, { token: actors.hultsfred });
    expect(bystander.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // Completion is open to both sides: here the host writes the report.
    const byHost = await t.data(COMPLETE, { input: { id: v.id, expectedVersion: accepted.version, learned: 'a', planToAdapt: 'b' } }, { token: actors.vimmerby });
    expect(byHost.completeStudyVisit.studyVisit.status).toBe('COMPLETED');
  });

  test('an admin may act for either side', async () => {
    const v = await requestVisit(t, actors.admin, { visitingMunicipality: '0860' });
    const res = await t.data(ACCEPT, { input: { id: v.id, expectedVersion: 1, dates: v.proposedDates[0] } }, { token: actors.admin });
    expect(res.acceptStudyVisit.studyVisit.status).toBe('ACCEPTED');
  });

  test('an API client with study-visits:write visits for its organization and cancels its own visits', async () => {
    const token = await clientTokenFor(t, { organizationSlug: 'emilkraften', scopes: ['read', 'study-visits:write'] });
    const v = await requestVisit(t, token); // visiting 0686, Emilkraften's home
    expect(v.visitingOrganization).toEqual({ slug: 'emilkraften' });
    const elsewhere = await t.gql(REQUEST, { input: visitInput({ visitingMunicipality: '0860' }) }, { token });
    expect(elsewhere.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const otherOrg = await t.gql(REQUEST, { input: visitInput({ visitingOrganization: 'vimmerby-if' }) }, { token });
    expect(otherOrg.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const res = await t.data(CANCEL, { input: { id: v.id, expectedVersion: 1 } }, { token });
    expect(res.cancelStudyVisit.studyVisit.status).toBe('CANCELLED');

    const readOnly = await clientTokenFor(t, { organizationSlug: 'emilkraften', municipalityCode: '0686', scopes: ['read'] });
    const denied = await t.gql(REQUEST, { input: visitInput() }, { token: readOnly });
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('reading', () => {
  test('anonymous readers see accepted and completed visits, without contact data or names', async () => {
    const requested = await requestVisit(t, actors.eksjo);
    const accepted = await acceptVisit(t, actors.vimmerby, await requestVisit(t, actors.eksjo));
    const q = `query($id: ID!) { studyVisit(id: $id) { status contact { name } history { actor to } } }`;
    expect((await t.data(q, { id: requested.id })).studyVisit).toBeNull();
    const anon = (await t.data(q, { id: accepted.id })).studyVisit;
    expect(anon).toMatchObject({ status: 'ACCEPTED', contact: null });
    expect(anon.history.every((e: any) => e.actor === null)).toBe(true);
    const signedIn = (await t.data(q, { id: requested.id }, { token: actors.hultsfred })).studyVisit;
    expect(signedIn.contact).toEqual({ name: 'Catharina Exempel' });
    expect(signedIn.history[0].actor).toBeTruthy();

    const anonList = await t.data(`{ studyVisits(first: 100) { edges { node { status } } } }`);
    expect(new Set(anonList.studyVisits.edges.map((e: any) => e.node.status))).not.toContain('REQUESTED');
  });

  test('filters, pagination and the connection fields on Municipality and PracticeCase', async () => {
    const own = await tokenFor(t, 'OFFICIAL', '1480'); // Göteborg visits Eskilstuna: nobody else does
    const host = await tokenFor(t, 'EDITOR', '0484');
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await requestVisit(t, own, { hostMunicipality: '0484', visitingMunicipality: '1480', proposedDates: [{ start: inDays(100 + i * 10), end: inDays(100 + i * 10) }] }));
    await acceptVisit(t, host, made[0]);
    const q = `query($f: StudyVisitFilter, $after: String) { studyVisits(filter: $f, first: 2, after: $after) { totalCount edges { node { id status } } pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const res: any = await t.data(q, { f: { hostMunicipalities: ['0484'], visitingMunicipalities: ['1480'] }, after }, { token: own });
      expect(res.studyVisits.totalCount).toBe(5);
      seen.push(...res.studyVisits.edges.map((e: any) => e.node.id));
      after = res.studyVisits.pageInfo.endCursor;
      if (!res.studyVisits.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(made.map((v) => v.id));

    const accepted = await t.data(q, { f: { hostMunicipalities: ['0484'], statuses: ['ACCEPTED'] } }, { token: own });
    expect(accepted.studyVisits.edges.map((e: any) => e.node.id)).toEqual([made[0].id]);
    const dated = await t.data(q, { f: { hostMunicipalities: ['0484'], from: inDays(115), to: inDays(125) } }, { token: own });
    expect(dated.studyVisits.edges.map((e: any) => e.node.id)).toEqual([made[2].id]);
    const bad = await t.gql(q, { f: { hostMunicipalities: ['x'] } }, { token: own });
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');

    const m = await t.data(`{ municipality(code: "1480") { requestedStudyVisits(first: 10) { totalCount } hostedStudyVisits { totalCount } } eskilstuna: municipality(code: "0484") { hostedStudyVisits(statuses: [REQUESTED]) { totalCount } } }`, {}, { token: own });
    expect(m).toEqual({ municipality: { requestedStudyVisits: { totalCount: 5 }, hostedStudyVisits: { totalCount: 0 } }, eskilstuna: { hostedStudyVisits: { totalCount: 4 } } });

    const about = await requestVisit(t, actors.eksjo, { practiceCase: actors.bullerbyn.id });
    const c = await t.data(`query($id: ID!) { practiceCase(id: $id) { studyVisits(first: 100) { edges { node { id } } } } }`, { id: actors.bullerbyn.id }, { token: actors.eksjo });
    expect(c.practiceCase.studyVisits.edges.map((e: any) => e.node.id)).toContain(about.id);
    const byCase = await t.data(`query($id: ID!) { studyVisits(filter: { practiceCase: $id }, first: 100) { edges { node { practiceCase { id } } } } }`, { id: actors.bullerbyn.id }, { token: actors.eksjo });
    expect(byCase.studyVisits.edges.every((e: any) => e.node.practiceCase.id === actors.bullerbyn.id)).toBe(true);
  });
});

describe('hosting offers and capacity', () => {
  test('setHostingOffer creates and updates with expectedVersion; the offer shows on the municipality and its cases', async () => {
    const host = await tokenFor(t, 'EDITOR', '0860');
    const hultsfredCase = await publishedCase(t, host, actors.reviewer, { municipality: '0860', title: 'Möjligheternas mötesplats', themes: ['collaboration'] });
    const denied = await t.gql(SET_OFFER, { input: { municipality: '0860', expectedVersion: 0, hosts: true } }, { token: actors.eksjo });
    expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const notOurs = await t.data(SET_OFFER, { input: { municipality: '0860', expectedVersion: 0, hosts: true, cases: [actors.bullerbyn.id] } }, { token: host });
    expect(notOurs.setHostingOffer.userErrors).toEqual([expect.objectContaining({ field: ['input', 'cases', '0'], code: 'INVALID' })]);
    const created = await t.data(SET_OFFER, { input: { municipality: '0860', expectedVersion: 0, hosts: true, cases: [hultsfredCase.id], languages: ['SV', 'EN'], maxVisitsPerQuarter: 2, digitalPossible: true } }, { token: host });
    expect(created.setHostingOffer.hostingOffer).toMatchObject({ version: 1, hosts: true, languages: ['SV', 'EN'], maxVisitsPerQuarter: 2, digitalPossible: true, cases: [{ id: hultsfredCase.id }], municipality: { code: '0860' } });
    const stale = await t.data(SET_OFFER, { input: { municipality: '0860', expectedVersion: 0, hosts: false } }, { token: host });
    expect(codes(stale.setHostingOffer.userErrors)).toEqual(['VERSION_CONFLICT']);
    const zero = await t.data(SET_OFFER, { input: { municipality: '0860', expectedVersion: 1, hosts: true, maxVisitsPerQuarter: 0 } }, { token: host });
    expect(codes(zero.setHostingOffer.userErrors)).toEqual(['OUT_OF_RANGE']);

    const shown = await t.data(`query($id: ID!) { practiceCase(id: $id) { hostingOffer { maxVisitsPerQuarter } } municipality(code: "0860") { hostingOffer { version hosts } } other: practiceCase(id: "${actors.bullerbyn.id}") { hostingOffer { id } } }`, { id: hultsfredCase.id });
    expect(shown).toEqual({ practiceCase: { hostingOffer: { maxVisitsPerQuarter: 2 } }, municipality: { hostingOffer: { version: 1, hosts: true } }, other: { hostingOffer: null } });
    // Search learns that these cases now host visits.
    const outbox = await t.sql(`select entity_id from search_outbox where entity_type = 'PracticeCase' and entity_id = $1`, [Buffer.from(hultsfredCase.id, 'base64url').toString().split(':')[1]]);
    expect(outbox.length).toBeGreaterThan(0);
  });

  test('requests beyond the stated capacity of a quarter are accepted but flagged', async () => {
    const host = await tokenFor(t, 'EDITOR', '0861'); // Mönsterås: no other test visits it
    const offer = await t.data(SET_OFFER, { input: { municipality: '0861', expectedVersion: 0, hosts: true, maxVisitsPerQuarter: 2, digitalPossible: false } }, { token: host });
    expect(offer.setHostingOffer.userErrors).toEqual([]);
    // Pick a quarter well ahead, and a day early in it so all requests fall in the same one.
    const year = Number(inDays(400).slice(0, 4));
    const day = (d: number) => `${year}-04-${String(d).padStart(2, '0')}`;
    const at = (d: number) => ({ proposedDates: [{ start: day(d), end: day(d) }], hostMunicipality: '0861' });
    const first = await requestVisit(t, actors.eksjo, at(2));
    const second = await requestVisit(t, actors.eksjo, at(3));
    const third = await requestVisit(t, actors.eksjo, at(4));
    expect([first.exceedsHostCapacity, second.exceedsHostCapacity, third.exceedsHostCapacity]).toEqual([false, false, true]);
    expect(third.status).toBe('REQUESTED');
    // Another quarter is not affected.
    const later = await requestVisit(t, actors.eksjo, { hostMunicipality: '0861', proposedDates: [{ start: `${year}-07-02`, end: `${year}-07-02` }] });
    expect(later.exceedsHostCapacity).toBe(false);
    // A host that does not offer digital visits refuses them.
    const digital = await t.data(REQUEST, { input: visitInput({ ...at(5), format: 'DIGITAL' }) }, { token: actors.eksjo });
    expect(digital.requestStudyVisit.userErrors).toEqual([expect.objectContaining({ field: ['input', 'format'], code: 'INVALID' })]);
    // A host that has said it does not host visits is not asked.
    await t.data(SET_OFFER, { input: { municipality: '0861', expectedVersion: 1, hosts: false } }, { token: host });
    const closed = await t.data(REQUEST, { input: visitInput(at(6)) }, { token: actors.eksjo });
    expect(closed.requestStudyVisit.userErrors).toEqual([expect.objectContaining({ field: ['input', 'hostMunicipality'], code: 'INVALID' })]);
  });
});

test('node(id:) resolves a study visit', async () => {
  const v = await acceptVisit(t, actors.vimmerby, await requestVisit(t, actors.eksjo));
  const res = await t.data(`query($id: ID!) { node(id: $id) { id ... on StudyVisit { status } } }`, { id: v.id });
  expect(res.node).toEqual({ id: v.id, status: 'ACCEPTED' });
  expect(VISIT_FIELDS).toContain('history');
});

test('municipalities(filter: { hostsStudyVisits }) lists exactly those whose offer hosts, or exactly the rest', async () => {
  const Q = `query($f: MunicipalityFilter) { municipalities(filter: $f, first: 100) { totalCount edges { node { code hostingOffer { hosts } } } } }`;
  type Row = { node: { code: string; hostingOffer: { hosts: boolean } | null } };
  const list = async (f: Record<string, unknown>) => ((await t.data(Q, { f })).municipalities.edges as Row[]).map((e) => e.node);
  const kalmar = await list({ counties: ['08'] });
  const hosting = kalmar.filter((m) => m.hostingOffer?.hosts).map((m) => m.code);
  // By now 0860 hosts and 0861 has an offer that says it does not: both sides are tested.
  expect(hosting).toContain('0860');
  expect(kalmar.find((m) => m.code === '0861')?.hostingOffer?.hosts).toBe(false);
  expect((await list({ counties: ['08'], hostsStudyVisits: true })).map((m) => m.code)).toEqual(hosting);
  expect((await list({ counties: ['08'], hostsStudyVisits: false })).map((m) => m.code)).toEqual(kalmar.filter((m) => !m.hostingOffer?.hosts).map((m) => m.code));
  const everywhere = await t.data(`{ municipalities(filter: { hostsStudyVisits: true }) { totalCount } }`);
  expect(everywhere.municipalities.totalCount).toBeGreaterThanOrEqual(hosting.length);
});
