// The one content mapper: what a revision stores, the search document's base and the
// benchmark baseline's publish all come from caseContent.
import 'reflect-metadata';
import { Language } from '../../core/language';
import { caseContent, partnerContent, type CaseContentSource } from './practice-case.content';
import { LinkKind, PracticeKind, TargetGroup } from './practice-case.enums';

const source = (): CaseContentSource => ({
  slug: 'motesplats-bullerbyn',
  title: 'Mötesplats Bullerbyn',
  summary: 'Öppen träffpunkt',
  body: 'Varje tisdag …',
  language: Language.SV,
  kind: PracticeKind.MEETING_PLACE,
  municipality: { code: '0884' },
  participantCodes: ['0885'],
  themeSlugs: ['language', 'meeting-places'],
  targetGroups: [TargetGroup.NEWCOMERS],
  places: [{ name: 'Vimmerby', municipalityCode: '0884', latitude: 57.66, longitude: 15.85, resolved: true }],
  startedOn: '2023-01-15',
  endedOn: null,
  outcomes: [{ label: 'i arbete', value: 20, unit: 'personer', measuredOn: '2024-06' }],
  funding: [{ source: 'Kommunen', amountSek: 100000 }],
  links: [{ url: 'https://example.se', kind: LinkKind.WEBSITE, title: null }],
  contacts: [{ name: 'Anna', role: null, email: 'anna@example.se', phone: null }],
  adaptedFrom: { id: '00000000-0000-4000-8000-00000000000a' },
  adaptationNote: 'Kortare pass',
});

describe('caseContent', () => {
  test('names each field as a revision stores it', () => {
    const s = source();
    expect(caseContent(s, [{ organization: 'emilkraften', role: 'IOP partner' }])).toEqual({
      slug: s.slug,
      title: s.title,
      summary: s.summary,
      body: s.body,
      language: 'SV',
      kind: 'MEETING_PLACE',
      municipality: '0884',
      participatingMunicipalities: ['0885'],
      themes: ['language', 'meeting-places'],
      targetGroups: ['NEWCOMERS'],
      partners: [{ organization: 'emilkraften', role: 'IOP partner' }],
      places: s.places,
      startedOn: '2023-01-15',
      endedOn: null,
      outcomes: s.outcomes,
      funding: s.funding,
      links: s.links,
      contacts: s.contacts,
      adaptedFrom: '00000000-0000-4000-8000-00000000000a',
      adaptationNote: 'Kortare pass',
    });
  });

  test('absent optional fields are null, so two snapshots of the same case compare equal', () => {
    const { startedOn: _s, endedOn: _e, adaptedFrom: _a, adaptationNote: _n, ...bare } = source();
    const content = caseContent(bare, []);
    expect([content.startedOn, content.endedOn, content.adaptedFrom, content.adaptationNote]).toEqual([null, null, null, null]);
    expect(content).toEqual(caseContent({ ...bare, startedOn: null, endedOn: null, adaptedFrom: null, adaptationNote: null }, []));
  });

  test('a snapshot taken before an edit keeps what the case said then', () => {
    const s = source();
    const themes = ['language'];
    const partners = [{ organization: 'abf', role: 'funder' }];
    const before = caseContent({ ...s, themeSlugs: themes }, partners);
    themes.push('work');
    partners[0].role = 'host';
    expect(before.themes).toEqual(['language']);
    expect(before.partners).toEqual([{ organization: 'abf', role: 'funder' }]);
  });

  test('keeps partner order and names partners by organization slug', () => {
    const rows = [
      { organization: { getEntity: () => ({ slug: 'abf', name: 'ABF' }) }, role: 'funder' },
      { organization: { getEntity: () => ({ slug: 'emilkraften', name: 'Emilkraften' }) }, role: 'lead' },
    ];
    expect(caseContent(source(), rows.map(partnerContent)).partners).toEqual([
      { organization: 'abf', role: 'funder' },
      { organization: 'emilkraften', role: 'lead' },
    ]);
  });
});
