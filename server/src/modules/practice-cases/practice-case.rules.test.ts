// The pure rules of the publishing workflow, without a database: slugs, transitions and
// the changed fields a revision reports.
import 'reflect-metadata';
import { SLUG } from '../../core/validation';
import { CaseStatus } from './practice-case.enums';
import { changedFields, nextStatus, slugify, type CaseAction } from './practice-case.rules';

describe('slugify', () => {
  test.each([
    ['Mötesplats Bullerbyn – Vimmerby', 'motesplats-bullerbyn-vimmerby'],
    ['ÅÄÖ åäö', 'aao-aao'],
    ['Språkvän i Älmhult, Örebro och Åre', 'sprakvan-i-almhult-orebro-och-are'],
    ['Café Noël på Söder', 'cafe-noel-pa-soder'],
    ['Søstrene Æble & Müller', 'sostrene-aeble-muller'],
    // "å" written as "a" plus a combining ring, as some keyboards and PDFs produce it.
    ['A\u030angermanlands Å\u0308', 'angermanlands-a'],
    ['Straße der Begegnung', 'strasse-der-begegnung'],
    ['Œuvre commune, Łódź', 'oeuvre-commune-lodz'],
  ])('folds letters: %s → %s', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });

  test.each([
    ['  Språkcafé!!! (Biblioteket) — 2024/25  ', 'sprakcafe-biblioteket-2024-25'],
    ['IOP: Kommun & förening', 'iop-kommun-forening'],
    ['--a--b--', 'a-b'],
    ['"Läxhjälp" @ biblioteket #1', 'laxhjalp-biblioteket-1'],
    ['tab\tand\nnewline', 'tab-and-newline'],
  ])('turns punctuation and space into single dashes: %j → %s', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });

  test.each(['', '   ', '!!! — ???', 'مقهى اللغة', '–'])('falls back to "case" when nothing is left of %j', (title) => {
    expect(slugify(title)).toBe('case');
  });

  test('keeps at most 80 characters by default, and never ends in a dash after cutting', () => {
    expect(slugify('a'.repeat(200))).toBe('a'.repeat(80));
    // The cut lands right after "…-": the dash goes, not a letter more.
    const title = `${'b'.repeat(79)} tail`;
    expect(slugify(title)).toBe('b'.repeat(79));
    expect(slugify('abc def', 5)).toBe('abc-d');
    expect(slugify('abcd efgh', 5)).toBe('abcd');
  });

  test('what it makes is always a valid slug within its bound', () => {
    // Deterministic pseudo-random titles from an alphabet of letters, Swedish letters,
    // combining marks, punctuation and space.
    const alphabet = 'abcXYZåäöÅÄÖéü\u0301 -–—_.,!?/&()0129ßœæøÆØ\t';
    let seed = 13;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 500; i++) {
      const length = next() % 120;
      const title = Array.from({ length }, () => alphabet[next() % alphabet.length]).join('');
      for (const max of [80, 10]) {
        const slug = slugify(title, max);
        expect(slug).toMatch(SLUG);
        expect(slug.length).toBeLessThanOrEqual(max);
      }
    }
  });
});

describe('workflow transitions', () => {
  const statuses = Object.values(CaseStatus);
  const actions: CaseAction[] = ['submit', 'publish', 'archive', 'return'];

  // The whole table: what each action does from each status; null is refused.
  const expected: Record<CaseAction, Record<CaseStatus, CaseStatus | null>> = {
    submit: { DRAFT: CaseStatus.IN_REVIEW, IN_REVIEW: null, PUBLISHED: null, ARCHIVED: null },
    publish: { DRAFT: null, IN_REVIEW: CaseStatus.PUBLISHED, PUBLISHED: CaseStatus.PUBLISHED, ARCHIVED: null },
    archive: { DRAFT: null, IN_REVIEW: null, PUBLISHED: CaseStatus.ARCHIVED, ARCHIVED: null },
    return: { DRAFT: null, IN_REVIEW: CaseStatus.DRAFT, PUBLISHED: null, ARCHIVED: null },
  };

  test.each(actions.flatMap((action) => statuses.map((from) => [action, from, expected[action][from]] as const)))(
    '%s from %s → %s',
    (action, from, to) => {
      expect(nextStatus(from, action)).toBe(to);
    },
  );

  test('every from → to pair of statuses is reached by some action, or by none', () => {
    const allowed = new Set(['DRAFT→IN_REVIEW', 'IN_REVIEW→PUBLISHED', 'IN_REVIEW→DRAFT', 'PUBLISHED→PUBLISHED', 'PUBLISHED→ARCHIVED']);
    for (const from of statuses) {
      for (const to of statuses) {
        const reached = actions.some((action) => nextStatus(from, action) === to);
        expect({ pair: `${from}→${to}`, reached }).toEqual({ pair: `${from}→${to}`, reached: allowed.has(`${from}→${to}`) });
      }
    }
  });

  test('an archived case is final', () => {
    expect(actions.map((action) => nextStatus(CaseStatus.ARCHIVED, action))).toEqual([null, null, null, null]);
  });
});

describe('changedFields', () => {
  /** A revision's content, shaped like PracticeCaseService.snapshot. */
  const content = (): Record<string, unknown> => ({
    slug: 'motesplats-bullerbyn',
    title: 'Mötesplats Bullerbyn',
    summary: 'Öppen träffpunkt',
    body: 'Varje tisdag …',
    language: 'sv',
    kind: 'MEETING_PLACE',
    municipality: '0884',
    participatingMunicipalities: ['0885'],
    themes: ['language', 'meeting-places'],
    targetGroups: ['NEWCOMERS'],
    partners: [{ organization: 'emilkraften', role: 'IOP partner' }],
    places: [{ name: 'Vimmerby', latitude: 57.66, longitude: 15.85 }],
    startedOn: '2023-01-15',
    endedOn: null,
    outcomes: 'Fler i arbete',
    funding: 'Kommunen',
    links: [{ url: 'https://example.se', kind: 'WEBSITE' }],
    contacts: [{ name: 'Anna', email: 'anna@example.se' }],
    adaptedFrom: null,
    adaptationNote: null,
  });
  const changed: Record<string, unknown> = {
    slug: 'motesplats-bullerbyn-2',
    title: 'Mötesplats Bullerbyn i Vimmerby',
    summary: null,
    body: 'Varje onsdag …',
    language: 'en',
    kind: 'PARTNERSHIP',
    municipality: '0885',
    participatingMunicipalities: [],
    themes: ['language'],
    targetGroups: ['NEWCOMERS', 'YOUTH'],
    partners: [{ organization: 'emilkraften', role: 'host' }],
    places: [{ name: 'Vimmerby', latitude: 57.67, longitude: 15.85 }],
    startedOn: '2023-01-16',
    endedOn: '2024-06-30',
    outcomes: '',
    funding: 'Länsstyrelsen',
    links: [],
    contacts: null,
    adaptedFrom: '5b9d1c52-7c3e-4b1a-9a52-0d5d7f1c2a11',
    adaptationNote: 'Anpassad för landsbygd',
  };

  test('identical content has no changed fields', () => {
    expect(changedFields(content(), content())).toEqual([]);
  });

  test.each(Object.keys(changed))('a change of %s alone is reported alone', (key) => {
    expect(changedFields(content(), { ...content(), [key]: changed[key] })).toEqual([key]);
  });

  test('several changes come back sorted by name', () => {
    const current = { ...content(), title: 'Ny', body: 'Ny', adaptationNote: 'Ny' };
    expect(changedFields(content(), current)).toEqual(['adaptationNote', 'body', 'title']);
  });

  test('arrays compare by content and order', () => {
    const base = content();
    expect(changedFields(base, { ...base, themes: ['language', 'meeting-places'] })).toEqual([]);
    expect(changedFields(base, { ...base, themes: ['meeting-places', 'language'] })).toEqual(['themes']);
    expect(changedFields(base, { ...base, themes: [...(base.themes as string[]), 'work'] })).toEqual(['themes']);
    expect(changedFields(base, { ...base, contacts: [{ name: 'Anna', email: 'anna@example.org' }] })).toEqual(['contacts']);
    expect(changedFields({ themes: [] }, { themes: null })).toEqual(['themes']);
  });

  test('objects compare by content, not by the order their keys were written in', () => {
    const previous = { contacts: [{ name: 'Anna', email: 'anna@example.se' }] };
    expect(changedFields(previous, { contacts: [{ email: 'anna@example.se', name: 'Anna' }] })).toEqual([]);
  });

  test('dates compare by instant, and equal their ISO form as stored in a revision', () => {
    const at = new Date('2024-03-01T12:00:00.000Z');
    expect(changedFields({ publishedAt: at }, { publishedAt: new Date(at.getTime()) })).toEqual([]);
    expect(changedFields({ publishedAt: at.toISOString() }, { publishedAt: at })).toEqual([]);
    expect(changedFields({ publishedAt: at }, { publishedAt: new Date(at.getTime() + 1) })).toEqual(['publishedAt']);
  });

  test('a missing key, undefined and null all mean "no value"', () => {
    expect(changedFields({ summary: null }, {})).toEqual([]);
    expect(changedFields({}, { summary: undefined })).toEqual([]);
    expect(changedFields({ summary: 'text' }, {})).toEqual(['summary']);
    expect(changedFields({}, { summary: '' })).toEqual(['summary']);
  });

  test('the first revision reports every field that has a value', () => {
    const first = content();
    const withValues = Object.keys(first).filter((k) => first[k] !== null).sort();
    expect(changedFields(null, first)).toEqual(withValues);
  });
});
