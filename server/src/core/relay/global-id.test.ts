import { decodeId, fromGlobalId, isUuid, toGlobalId } from './global-id';

describe('global ids', () => {
  test.each([
    ['Municipality', '0884'],
    ['County', '08'],
    ['Theme', 'civil-society'],
    ['PracticeCase', 42],
    ['Theme', 'key:with:colons'],
    ['Municipality', 'Åre – ünïcödé'],
  ])('%s %s survives a round trip', (type, key) => {
    const id = toGlobalId(type, key);
    expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(fromGlobalId(id)).toEqual({ type, key: String(key) });
  });

  test('ids are opaque: the key does not appear in them', () => {
    expect(toGlobalId('Municipality', '0884')).not.toContain('0884');
    expect(toGlobalId('Municipality', '0884')).not.toBe(toGlobalId('County', '0884'));
  });

  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

  test.each([
    ['empty', ''],
    ['not base64url', 'abc+/='],
    ['no separator', b64('Municipality0884')],
    ['no type', b64(':0884')],
    ['no key', b64('Municipality:')],
    ['type with digits', b64('Muni1:0884')],
    ['type with spaces', b64('Drop table:1')],
    ['far too long', b64(`Municipality:${'9'.repeat(300)}`)],
    ['random bytes', 'qqqq'],
  ])('rejects junk: %s', (_what, id) => {
    expect(fromGlobalId(id)).toBeNull();
  });

  test('rejects values that are not strings at all', () => {
    expect(fromGlobalId(undefined as unknown as string)).toBeNull();
    expect(fromGlobalId(123 as unknown as string)).toBeNull();
  });
});

describe('decodeId', () => {
  const uuid = '0b8e8c7e-5d2a-4f5e-9c1a-2f3b4c5d6e7f';
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

  test('gives the key of an id of the asked type', () => {
    expect(decodeId(toGlobalId('PracticeCase', uuid), 'PracticeCase')).toBe(uuid);
    expect(decodeId(toGlobalId('StudyVisit', uuid.toUpperCase()), 'StudyVisit')).toBe(uuid.toUpperCase());
  });

  test.each([
    ['an id of another type', toGlobalId('StudyVisit', uuid)],
    ['a key that is not a uuid', toGlobalId('PracticeCase', 'abc')],
    ['a uuid with a tail', toGlobalId('PracticeCase', `${uuid}x`)],
    ['a uuid with a NUL', b64(`PracticeCase:${uuid}\u0000`)],
    ['a malformed id', 'abc+/='],
    ['a bare uuid', uuid],
    ['an empty string', ''],
  ])('is null for %s', (_what, id) => {
    expect(decodeId(id, 'PracticeCase')).toBeNull();
  });
});

describe('isUuid', () => {
  test('accepts the canonical form in either case, and nothing else', () => {
    expect(isUuid('0b8e8c7e-5d2a-4f5e-9c1a-2f3b4c5d6e7f')).toBe(true);
    expect(isUuid('0B8E8C7E-5D2A-4F5E-9C1A-2F3B4C5D6E7F')).toBe(true);
    for (const bad of ['', '0b8e8c7e5d2a4f5e9c1a2f3b4c5d6e7f', '{0b8e8c7e-5d2a-4f5e-9c1a-2f3b4c5d6e7f}', 'zb8e8c7e-5d2a-4f5e-9c1a-2f3b4c5d6e7f', 42, null]) {
      expect(isUuid(bad)).toBe(false);
    }
  });
});
