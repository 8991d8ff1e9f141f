import { fromGlobalId, toGlobalId } from './global-id';

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
