// The pure parts of search: the document mapper and the filter builder.
import 'reflect-metadata';
import { Language } from '../../core/language';
import { caseContent, type CaseContentSource } from '../practice-cases/practice-case.content';
import { PracticeKind, TargetGroup } from '../practice-cases/practice-case.enums';
import { dateNumber, markdownToText, synonymAliases, toSearchDocument, withAncestors, type CaseForIndex, type ReferenceForIndex } from './search-document';
import { distanceKm, highlightHtml, meiliFilter, meiliSort, quote } from './search.service';
import { SearchSort } from './search.types';
import { synonymMap } from '../../core/search/index-settings';

const ref: ReferenceForIndex = {
  themes: new Map([
    ['civil-society', { slug: 'civil-society', parent: null, labelSv: 'Civilsamhälle', labelEn: 'Civil society' }],
    ['iop', { slug: 'iop', parent: 'civil-society', labelSv: 'IOP', labelEn: 'Non-profit public partnership' }],
    ['language', { slug: 'language', parent: null, labelSv: 'Språk', labelEn: 'Language' }],
  ]),
  municipalities: new Map([
    ['0884', { code: '0884', name: 'Vimmerby kommun', shortName: 'Vimmerby', countyCode: '08', latitude: 57.67, longitude: 15.79 }],
    ['0860', { code: '0860', name: 'Hultsfreds kommun', shortName: 'Hultsfred', countyCode: '08', latitude: 57.39, longitude: 15.77 }],
    ['0180', { code: '0180', name: 'Stockholms kommun', shortName: 'Stockholm', countyCode: '01', latitude: 59.33, longitude: 18.07 }],
  ]),
  counties: new Map([
    ['08', { code: '08', name: 'Kalmar län', shortName: 'Kalmar' }],
    ['01', { code: '01', name: 'Stockholms län', shortName: 'Stockholm' }],
  ]),
};

/** A published case as the entity holds it; the document is built from its caseContent. */
const source: CaseContentSource = {
  slug: 'sprakcafe',
  title: 'Språkcafé',
  summary: 'Vi träffas i biblioteket.',
  body: '## Så gjorde vi\n\nLäs **mer** på [vår sida](https://example.se).',
  language: Language.SV,
  kind: PracticeKind.MEETING_PLACE,
  municipality: { code: '0884' },
  participantCodes: ['0860', '0180'],
  themeSlugs: ['iop', 'language'],
  targetGroups: [TargetGroup.NEWCOMERS, TargetGroup.NEWCOMERS],
  places: [],
  startedOn: '2019-10-29',
  outcomes: [],
  funding: [],
  links: [],
  contacts: [{ name: 'Anna Andersson', role: null, email: 'anna@vimmerby.example', phone: null }],
};
const partners = [{ organization: 'roda-korset', role: 'IOP' }, { organization: 'roda-korset-vimmerby', role: 'host' }, { organization: 'abf', role: 'funder' }];

const base: CaseForIndex = {
  ...caseContent(source, partners),
  id: '00000000-0000-4000-8000-000000000001',
  publishedAt: new Date('2024-01-02T03:04:05Z'),
  updatedAt: new Date('2024-02-02T00:00:00Z'),
  organizationNames: ['Röda korset', 'Röda korset', 'ABF'],
};

const place = (name: string, latitude: number, longitude: number) => ({ name, municipalityCode: null, latitude, longitude, resolved: true });

describe('toSearchDocument', () => {
  const doc = toSearchDocument(base, ref, true);

  test('themes carry their ancestors, with labels in both languages', () => {
    expect(doc.themeSlugs).toEqual(['iop', 'civil-society', 'language']);
    expect(doc.themes).toEqual(['IOP', 'Non-profit public partnership', 'Civilsamhälle', 'Civil society', 'Språk', 'Language']);
  });

  test('owner first, then participants; counties once each, codes and names', () => {
    expect(doc.municipalityCodes).toEqual(['0884', '0860', '0180']);
    expect(doc.municipalities).toEqual(['Vimmerby', 'Vimmerby kommun', 'Hultsfred', 'Hultsfreds kommun', 'Stockholm', 'Stockholms kommun']);
    expect(doc.countyCodes).toEqual(['08', '01']);
    expect(doc.counties).toEqual(['Kalmar', 'Kalmar län', 'Stockholm', 'Stockholms län']);
  });

  test('plain-text body, numeric dates, de-duplicated lists, hosting flag', () => {
    expect(doc.body).toBe('Så gjorde vi Läs mer på vår sida.');
    expect(doc.startedOn).toBe(20191029);
    expect(doc.publishedAt).toBe(Date.parse('2024-01-02T03:04:05Z'));
    expect(doc.updatedAt).toBe(Date.parse('2024-02-02T00:00:00Z'));
    expect(doc.targetGroups).toEqual(['NEWCOMERS']);
    expect(doc.organizations).toEqual(['Röda korset', 'ABF']);
    expect(doc.hostsStudyVisits).toBe(true);
    expect(toSearchDocument(base, ref, false).hostsStudyVisits).toBe(false);
  });

  test('_geo is the first place, else the owner seat; no start date means no startedOn', () => {
    expect(doc._geo).toEqual({ lat: 57.67, lng: 15.79 });
    const placed = toSearchDocument({ ...base, places: [place('Storebro', 57.59, 15.845), place('X', 1, 2)], startedOn: null }, ref, false);
    expect(placed._geo).toEqual({ lat: 57.59, lng: 15.845 });
    expect(placed.places).toEqual(['Storebro', 'X']);
    expect('startedOn' in placed).toBe(false);
  });

  test('an unknown theme or municipality is skipped rather than crashing the batch', () => {
    const odd = toSearchDocument({ ...base, themes: ['gone'], participatingMunicipalities: ['9999'] }, ref, false);
    expect(odd.themeSlugs).toEqual([]);
    expect(odd.municipalityCodes).toEqual(['0884', '9999']);
    expect(odd.municipalities).toEqual(['Vimmerby', 'Vimmerby kommun']);
  });

  test('aliases: the synonym groups the text mentions', () => {
    expect(doc.aliases).toEqual(expect.arrayContaining(['iop', 'idéburet offentligt partnerskap']));
    expect(doc.aliases).toEqual(expect.arrayContaining(['språkcafé', 'språkkafé']));
    expect(doc.aliases).not.toContain('sfi');
  });
});

describe('the document comes from caseContent', () => {
  const doc = toSearchDocument(base, ref, true);

  test('the Swedish analysis covers all the searchable text, title first, and never the contacts', () => {
    expect(doc.lemmas.slice(0, 4)).toEqual(['språkcafé', 'vi', 'träffa', 'i']);
    expect(doc.lemmas).toEqual(expect.arrayContaining(['bibliotek', 'vimmerby', 'röd', 'kors']));
    expect(doc.folded).toEqual(expect.arrayContaining(['sprakcafe', 'lan', 'roda']));
    expect(doc.parts).toEqual(expect.arrayContaining(['språk', 'café', 'civil', 'samhälle']));
    expect(JSON.stringify([doc.lemmas, doc.parts, doc.folded])).not.toMatch(/anna|andersson/i);
  });

  test("the content's own fields are the document's", () => {
    const content = caseContent(source, partners);
    expect({ slug: doc.slug, title: doc.title, summary: doc.summary, language: doc.language, kind: doc.kind, targetGroups: doc.targetGroups }).toEqual({
      slug: content.slug,
      title: content.title,
      summary: content.summary,
      language: content.language,
      kind: content.kind,
      targetGroups: [...new Set(content.targetGroups)],
    });
    expect(doc.municipalityCodes).toEqual([content.municipality, ...content.participatingMunicipalities]);
    expect(doc.themeSlugs).toEqual(expect.arrayContaining(content.themes));
    expect(doc.startedOn).toBe(dateNumber(content.startedOn));
  });

  test('an edit to the case reaches the document through the mapper', () => {
    const edited = { ...source, title: 'Läxhjälp', municipality: { code: '0180' }, participantCodes: [], themeSlugs: ['civil-society'], places: [place('Kista', 59.4, 17.94)] };
    const again = toSearchDocument({ ...base, ...caseContent(edited, partners) }, ref, true);
    expect([again.title, again.municipalityCodes, again.themeSlugs, again.places]).toEqual(['Läxhjälp', ['0180'], ['civil-society'], ['Kista']]);
  });

  test('contacts are content, but never copied into the document', () => {
    expect(base.contacts).toHaveLength(1);
    expect(JSON.stringify(doc)).not.toMatch(/Anna|anna@/);
  });
});

describe('helpers', () => {
  test('withAncestors stops at a cycle', () => {
    const cyclic = new Map([
      ['a', { slug: 'a', parent: 'b', labelSv: 'A', labelEn: 'A' }],
      ['b', { slug: 'b', parent: 'a', labelSv: 'B', labelEn: 'B' }],
    ]);
    expect(withAncestors(['a'], cyclic)).toEqual(['a', 'b']);
  });

  test('dateNumber', () => {
    expect(dateNumber('2019-01-31')).toBe(20190131);
    expect(dateNumber(null)).toBeUndefined();
    expect(dateNumber('31/01/2019')).toBeUndefined();
  });

  test.each([
    ['# Rubrik\n\nText med *kursiv* och __fet__ stil.', 'Rubrik Text med kursiv och fet stil.'],
    ['- ett\n- två\n1. tre', 'ett två tre'],
    ['> citat\n\n```js\nconst x = 1;\n```', 'citat const x = 1;'],
    ['![bild på huset](https://x/y.png) och <b>html</b>', 'bild på huset och html'],
    ['| a | b |\n|---|---|\n| 1 | 2 |', 'a b 1 2'],
    ['Se `kod` och [länk][1].\n\n[1]: https://example.se', 'Se kod och länk.'],
    ['snake_case_ord ska stå kvar', 'snake_case_ord ska stå kvar'],
  ])('markdownToText(%j)', (markdown, text) => {
    expect(markdownToText(markdown)).toBe(text);
  });

  test('synonymAliases matches whole words only, in any case', () => {
    expect(synonymAliases(['Vi har SFI på kvällen'])).toEqual(['sfi', 'svenska för invandrare']);
    expect(synonymAliases(['sfix och iopx'])).toEqual([]);
    expect(synonymAliases(['Svenska för invandrare'])).toContain('sfi');
    // One pattern per group: a word that begins with a shorter word of its group is still matched whole.
    expect(synonymAliases(['Våra SPRÅKVÄNNER träffas'])).toEqual(['språkvän', 'språkvänner', 'flyktingguide', 'flyktingguider']);
    expect(synonymAliases(['språkvänskap'])).toEqual([]);
  });

  test('synonymMap makes every word of a group find every other', () => {
    const map = synonymMap([['a', 'b', 'c'], ['c', 'd']]);
    expect(map.a).toEqual(['b', 'c']);
    expect(map.c).toEqual(['a', 'b', 'd']);
    expect(map.d).toEqual(['c']);
  });
});

describe('meiliFilter', () => {
  test('one AND-ed clause per field, values quoted', () => {
    expect(
      meiliFilter({
        themes: ['iop'],
        kinds: ['OTHER'],
        counties: ['08'],
        municipalities: ['0884', '0860'],
        language: 'SV',
        startedFrom: 20190101,
        startedTo: 20201231,
        near: { latitude: 57.5, longitude: 15.75, radiusKm: 12.5 },
        hostsStudyVisits: false,
      }),
    ).toEqual([
      'themeSlugs IN ["iop"]',
      'kind IN ["OTHER"]',
      'countyCodes IN ["08"]',
      'municipalityCodes IN ["0884", "0860"]',
      'language = "SV"',
      'startedOn >= 20190101',
      'startedOn <= 20201231',
      '_geoRadius(57.5, 15.75, 12500)',
      'hostsStudyVisits = false',
    ]);
    expect(meiliFilter({})).toEqual([]);
  });

  test('quote escapes what could end a string', () => {
    expect(quote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(meiliFilter({ themes: ['x" OR kind EXISTS OR "y'] })).toEqual(['themeSlugs IN ["x\\" OR kind EXISTS OR \\"y"]']);
  });

  test('a non-finite number never becomes filter text', () => {
    expect(() => meiliFilter({ startedFrom: Number.NaN })).toThrow();
    expect(() => meiliFilter({ near: { latitude: Infinity, longitude: 0, radiusKm: 1 } })).toThrow();
  });

  test('sort', () => {
    expect(meiliSort(SearchSort.RELEVANCE)).toBeUndefined();
    expect(meiliSort(SearchSort.PUBLISHED_AT_DESC)).toEqual(['publishedAt:desc']);
    expect(meiliSort(SearchSort.STARTED_ON_ASC)).toEqual(['startedOn:asc']);
    expect(meiliSort(SearchSort.DISTANCE, { latitude: 57, longitude: 15 })).toEqual(['_geoPoint(57, 15):asc']);
  });

  test('highlightHtml escapes the text and turns only the match markers into <mark>', () => {
    expect(highlightHtml('a <i>b</i> & \u0002c\u0003 "d"')).toBe('a &lt;i&gt;b&lt;/i&gt; &amp; <mark>c</mark> &quot;d&quot;');
  });

  test('distanceKm', () => {
    expect(distanceKm({ latitude: 57.678, longitude: 15.792 }, { lat: 57.678, lng: 15.792 })).toBe(0);
    // Vimmerby to Hultsfred is a little over 30 km.
    expect(distanceKm({ latitude: 57.678134, longitude: 15.791723 }, { lat: 57.394793, lng: 15.775161 })).toBeCloseTo(31.5, 0);
  });
});
