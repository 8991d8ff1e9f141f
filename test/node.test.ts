// Relay's promise: every type implementing Node is found again by node(id:) and
// nodes(ids:). The types are read from the schema, so a new Node type without a
// fetcher (HostingOffer once was one) fails here.
import { buildAppSchema } from '../server/src/schema';
import { ensureOrganization, tokenFor } from './helpers/actors';
import { publishedCase } from './helpers/cases';
import { SET_OFFER, requestVisit } from './helpers/study-visits';
import { useTestSystem } from './helpers/harness';

const { t } = useTestSystem();
let admin = '';
/** One real object's global id per type. */
const samples = new Map<string, string>();

beforeAll(async () => {
  admin = await tokenFor(t, 'ADMIN');
  const editor = await tokenFor(t, 'EDITOR', '0884');
  const reviewer = await tokenFor(t, 'REVIEWER');
  await ensureOrganization(t, 'emilkraften', 'Emilkraften', undefined, '0884');
  const c = await publishedCase(t, editor, reviewer, { partners: [{ organization: 'emilkraften', role: 'Driver caféet' }] });
  const visit = await requestVisit(t, await tokenFor(t, 'EDITOR', '0686'));
  const offer = await t.data(SET_OFFER, { input: { municipality: '0884', expectedVersion: 0, hosts: true, languages: ['SV'] } }, { token: editor });
  expect(offer.setHostingOffer.userErrors).toEqual([]);
  const read = await t.data(`{ counties { id } themes { id } municipality(code: "0884") { id } organization(slug: "emilkraften") { id } }`);
  samples.set('County', read.counties[0].id);
  samples.set('Theme', read.themes[0].id);
  samples.set('Municipality', read.municipality.id);
  samples.set('Organization', read.organization.id);
  samples.set('PracticeCase', c.id);
  samples.set('StudyVisit', visit.id);
  samples.set('HostingOffer', offer.setHostingOffer.hostingOffer.id);
}, 120_000);

test('every type implementing Node resolves through node(id:) and nodes(ids:)', async () => {
  const schema = await buildAppSchema();
  const types = schema.getImplementations(schema.getType('Node') as never).objects.map((o) => o.name).sort();
  expect(types).toContain('HostingOffer');
  for (const type of types) {
    const id = samples.get(type);
    expect({ type, sample: id !== undefined }).toEqual({ type, sample: true });
    const res = await t.data(`query($id: ID!) { node(id: $id) { __typename id } nodes(ids: [$id]) { __typename id } }`, { id }, { token: admin });
    expect({ type, node: res.node, nodes: res.nodes }).toEqual({ type, node: { __typename: type, id }, nodes: [{ __typename: type, id }] });
  }
});

test('a hosting offer is public like its municipality: anonymous readers find it by id', async () => {
  const id = samples.get('HostingOffer')!;
  const res = await t.data(`query($id: ID!) { node(id: $id) { ... on HostingOffer { hosts municipality { code } } } }`, { id });
  expect(res.node).toEqual({ hosts: true, municipality: { code: '0884' } });
  const unknown = await t.data(`query($id: ID!) { node(id: $id) { id } }`, { id: Buffer.from('HostingOffer:not-a-uuid').toString('base64url') });
  expect(unknown.node).toBeNull();
});
