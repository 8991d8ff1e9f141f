// Runs docs/study-visits.md: every ```graphql block, in order, as the actor named in
// the `<!-- step: … -->` comment before it, with the ```json variables that follow it.
// A step without `expect=` must succeed without user errors; with it, it must fail
// with exactly that code. So the walk-through cannot drift from the API.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenFor } from './helpers/actors';
import { publishedCase } from './helpers/cases';
import { inDays, letTimePass } from './helpers/study-visits';
import { useTestSystem } from './helpers/harness';

interface Step {
  options: Record<string, string | true>;
  query: string | null;
  variables: string | null;
}

function stepsOf(markdown: string): Step[] {
  const markers = [...markdown.matchAll(/<!-- step: (.*?) -->/g)];
  return markers.map((m, i) => {
    const section = markdown.slice(m.index + m[0].length, markers[i + 1]?.index ?? markdown.length);
    const options = Object.fromEntries(m[1].trim().split(/\s+/).map((o) => (o.includes('=') ? (o.split('=') as [string, string]) : [o, true])));
    return {
      options,
      query: /```graphql\n([\s\S]*?)```/.exec(section)?.[1] ?? null,
      variables: /```json\n([\s\S]*?)```/.exec(section)?.[1] ?? null,
    };
  });
}

/** Every userErrors list anywhere in a response. */
function userErrorsIn(value: unknown): { code: string }[] {
  if (!value || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap(userErrorsIn);
  return Object.entries(value).flatMap(([k, v]) => (k === 'userErrors' ? (v as { code: string }[]) : userErrorsIn(v)));
}

type VisitRef = { id: string; version: number; status: string };

function visitIn(value: unknown): VisitRef | null {
  if (!value || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    if (k === 'studyVisit' && v) return v as VisitRef;
    const inner = visitIn(v);
    if (inner) return inner;
  }
  return null;
}

const { t } = useTestSystem();

test('docs/study-visits.md runs end to end', async () => {
  const markdown = readFileSync(join(__dirname, '..', 'docs', 'study-visits.md'), 'utf8');
  const steps = stepsOf(markdown);
  // No GraphQL in the document escapes the test.
  expect(steps.filter((s) => s.query).length).toBe((markdown.match(/```graphql/g) ?? []).length);
  expect(steps.length).toBeGreaterThanOrEqual(8);

  const reviewer = await tokenFor(t, 'REVIEWER');
  const tokens: Record<string, string | undefined> = {
    eksjo: await tokenFor(t, 'OFFICIAL', '0686'),
    vimmerby: await tokenFor(t, 'EDITOR', '0884'),
    anonymous: undefined,
  };
  await t.data(`mutation { createOrganization(input: { name: "Emilkraften", slug: "emilkraften", kind: CIVIL_SOCIETY, homeMunicipality: "0686" }) { userErrors { code } } }`, {}, { token: tokens.vimmerby });
  const c = await publishedCase(t, tokens.vimmerby!, reviewer, { title: 'Vimmerbys mötesplatser', themes: ['meeting-places'] });

  let visit: { id: string; version: number; status: string } | null = null;
  const answers: any[] = [];
  for (const step of steps) {
    if (step.options['time-passes']) {
      await letTimePass(t, visit!.id);
      continue;
    }
    const as = step.options.as as string;
    expect(Object.keys(tokens)).toContain(as);
    let json = step.variables ?? '{}';
    json = json
      .replace(/"\{\{visit\.version\}\}"/g, () => String(visit!.version))
      .replace(/\{\{visit\.id\}\}/g, () => visit!.id)
      .replace(/\{\{case\.id\}\}/g, c.id)
      .replace(/\{\{in (\d+) days\}\}/g, (_m, n: string) => inDays(Number(n)));
    expect(json).not.toMatch(/\{\{/);
    const res = await t.gql(step.query!, JSON.parse(json), { token: tokens[as] });
    expect({ step: step.query!.split('\n')[0], errors: res.errors }).toEqual({ step: step.query!.split('\n')[0], errors: undefined });
    const errors = userErrorsIn(res.data).map((e) => e.code);
    expect({ step: step.query!.split('\n')[0], errors }).toEqual({ step: step.query!.split('\n')[0], errors: step.options.expect ? [step.options.expect] : [] });
    const returned = visitIn(res.data);
    if (step.options['same-visit']) expect(returned?.id).toBe(visit!.id);
    if (returned) visit = returned;
    if (returned?.status === 'ACCEPTED') {
      // As the document says: once accepted, the visit is in both feeds.
      for (const code of ['0884', '0686']) {
        const feed = await (await fetch(`${t.baseUrl}/calendar/municipalities/${code}.ics`)).text();
        expect(feed).toContain(`UID:study-visit-${Buffer.from(returned.id, 'base64url').toString().split(':')[1]}@utbyte`);
      }
    }
    answers.push(res.data);
  }

  // What the walk-through claims along the way.
  const [offer, whoHosts, requested, , incoming, accepted, , completed, , network] = answers;
  expect(offer.setHostingOffer.hostingOffer).toMatchObject({ version: 1, maxVisitsPerQuarter: 3 });
  expect(whoHosts.municipality.hostingOffer.cases).toEqual([{ title: 'Vimmerbys mötesplatser' }]);
  expect(requested.requestStudyVisit.studyVisit).toMatchObject({ status: 'REQUESTED', exceedsHostCapacity: false, visitingOrganization: { name: 'Emilkraften' } });
  expect(incoming.municipality.hostedStudyVisits.totalCount).toBe(1);
  expect(incoming.municipality.hostedStudyVisits.edges[0].node.contact.name).toBe('Catharina Exempel');
  expect(accepted.acceptStudyVisit.studyVisit).toMatchObject({ status: 'ACCEPTED', scheduledDates: { start: inDays(44), end: inDays(45) } });
  expect(completed.completeStudyVisit.studyVisit.history.map((e: any) => e.to)).toEqual(['REQUESTED', 'ACCEPTED', 'COMPLETED']);
  expect(network.exchangeNetwork.edges).toEqual([
    expect.objectContaining({ kind: 'STUDY_VISIT', from: { name: 'Eksjö kommun' }, to: { name: 'Vimmerby kommun' }, count: 1, cases: [{ title: 'Vimmerbys mötesplatser' }] }),
  ]);

  // Completed visits leave the calendar of accepted ones.
  const ics = await (await fetch(`${t.baseUrl}/calendar/municipalities/0884.ics`)).text();
  expect(ics).toContain('BEGIN:VCALENDAR');
  expect(ics).not.toContain('BEGIN:VEVENT');
});
