// The editor's form ↔ API input mapping: rows the user left empty are not sent, the
// API's row indexes map back to the form's rows, numbers are read the Swedish way, and
// nothing typed is dropped from the state even when it cannot be sent.
import { FormFields, type FormBody } from '../server/forms';
import { BadRequest } from '../server/page';
import { addRow, emptyState, GROUPS, inputFromState, parseNumber, problemKey, stateFromCase, stateFromForm, type EditedCase } from './editor-state';

const form = (body: FormBody) => new FormFields(body);

test('the posted form becomes a state: CRLF line breaks become LF, row counts are bounded by the group limit', () => {
  const state = stateFromForm(form({ title: 'T', body: 'a\r\nb\rc', 'places.rows': '500', 'places.0.name': 'Storebro', themes: ['language', 'iop'], expectedVersion: '4' }));
  expect(state.text.body).toBe('a\nb\nc');
  expect(state.rows.places).toHaveLength(GROUPS.places.max);
  expect(state.rows.places[0]).toEqual({ name: 'Storebro' });
  expect(state.rows.outcomes).toEqual([]);
  expect(state.themes).toEqual(['language', 'iop']);
  expect(state.expectedVersion).toBe(4);
});

test('a field longer than the form reads is the 400 page, not silently cut', () => {
  expect(() => stateFromForm(form({ title: 'x'.repeat(2001) }))).toThrow(BadRequest);
});

test('empty rows are not sent, and the API index of a row maps back to the form row it came from', () => {
  const state = emptyState();
  state.rows.outcomes = [
    { label: '', value: '', unit: '', measuredOn: '' },
    { label: 'Deltagare', value: '1 200,5', unit: 'personer', measuredOn: '2024-06' },
  ];
  state.rows.links = [{ url: '', title: '', kind: 'WEBSITE' }, { url: 'https://example.se', title: '', kind: 'NEWS' }];
  const built = inputFromState(state);
  expect(built.problems).toEqual([]);
  expect(built.input.outcomes).toEqual([{ label: 'Deltagare', value: 1200.5, unit: 'personer', measuredOn: '2024-06' }]);
  expect(built.input.links).toEqual([{ url: 'https://example.se', title: null, kind: 'NEWS' }]);
  expect(problemKey(['input', 'outcomes', '0', 'unit'], built.sent)).toBe('outcomes.1.unit');
  expect(problemKey(['input', 'links', '0', 'url'], built.sent)).toBe('links.1.url');
  expect(problemKey(['input', 'themes', '2'], built.sent)).toBe('themes');
  expect(problemKey(['input', 'outcomes'], built.sent)).toBe('outcomes');
  expect(problemKey(['input', 'title'], built.sent)).toBe('title');
});

test('what the page cannot read is a problem of its own field, and the text stays in the state', () => {
  const state = emptyState();
  state.text.startedOn = '2024-02-31x';
  state.rows.outcomes = [{ label: 'A', value: 'många', unit: 'st', measuredOn: 'juni' }];
  state.rows.funding = [{ source: 'Fonden', amountSek: '10,5' }];
  const { problems } = inputFromState(state);
  expect(problems.map((p) => `${p.key} ${p.code}`)).toEqual(['startedOn INVALID', 'outcomes.0.measuredOn INVALID', 'outcomes.0.value NOT_A_NUMBER', 'funding.0.amountSek NOT_A_NUMBER']);
  expect(state.rows.outcomes[0].value).toBe('många');
});

test("a day that does not exist is the field's problem, not a request the API refuses as a whole (which would be the 400 page)", () => {
  const state = emptyState();
  state.text.startedOn = '2027-02-30';
  state.text.endedOn = '2027-02-28';
  expect(inputFromState(state).problems).toEqual([{ key: 'startedOn', code: 'INVALID' }]);
});

test('names typed for municipalities and partners go through the lookup', () => {
  const state = emptyState();
  state.rows.participatingMunicipalities = [{ code: 'Eksjö' }];
  state.rows.partners = [{ organization: 'Emilkraften', role: 'volontärer' }];
  const { input } = inputFromState(state, { municipality: (s) => (s === 'Eksjö' ? '0686' : s), organization: (s) => s.toLowerCase() });
  expect(input.participatingMunicipalities).toEqual(['0686']);
  expect(input.partners).toEqual([{ organization: 'emilkraften', role: 'volontärer' }]);
});

test('numbers: spaces and a decimal comma are read, anything else is not a number', () => {
  expect(parseNumber('1 200,5')).toBe(1200.5);
  expect(parseNumber('-3')).toBe(-3);
  for (const bad of ['', '1,2,3', '1e5', 'tio', '12 st', '9'.repeat(400)]) expect(parseNumber(bad)).toBeUndefined();
});

test("an amount beyond what GraphQL Int carries is the field's problem, not a request refused as a whole", () => {
  const state = emptyState();
  state.rows.funding = [{ source: 'EU', amountSek: '3 000 000 000' }, { source: 'Kommunen', amountSek: '2147483647' }];
  expect(inputFromState(state).problems).toEqual([{ key: 'funding.0.amountSek', code: 'OUT_OF_RANGE' }]);
});

test('a saved case opens with one empty row to write in; "add a row" stops at the limit', () => {
  const c = {
    id: 'x', slug: 's', title: 'T', summary: 'S', body: 'B', kind: 'OTHER', language: 'SV', status: 'DRAFT', version: 3, startedOn: null, endedOn: null, adaptationNote: null, updatedAt: '',
    municipality: { code: '0884', name: 'Vimmerby kommun' }, participatingMunicipalities: [], themes: [{ slug: 'language' }], targetGroups: [], places: [{ name: 'Storebro' }],
    partners: [], outcomes: [{ label: 'A', value: 2.5, unit: 'st', measuredOn: null }], funding: [], links: [], contacts: null, adaptedFrom: null,
  } satisfies EditedCase;
  const state = stateFromCase(c);
  expect(state.rows.places).toEqual([{ name: 'Storebro' }, { name: '' }]);
  expect(state.rows.outcomes[0]).toEqual({ label: 'A', value: '2.5', unit: 'st', measuredOn: '' });
  expect(state.rows.contacts).toHaveLength(1);
  expect(state.expectedVersion).toBe(3);
  state.rows.contacts = Array.from({ length: GROUPS.contacts.max }, () => ({ name: 'N', role: '', email: '', phone: '' }));
  expect(addRow(state, 'contacts')).toBe(false);
  expect(state.rows.contacts).toHaveLength(GROUPS.contacts.max);
});
