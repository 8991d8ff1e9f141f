// connection.ts declares GraphQL types, and type-graphql's decorators need the metadata polyfill.
import 'reflect-metadata';
import { GraphQLError } from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, checkCursor, decodeCursor, encodeCursor, pageSpec, type CursorValueType } from './connection';

const cursor = (values: unknown) => Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');

/** The BAD_USER_INPUT error a call throws, or a failure when it does not throw. */
function badInput(fn: () => unknown): { argument: unknown; message: string } {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(GraphQLError);
    const e = err as GraphQLError;
    expect(e.extensions.code).toBe('BAD_USER_INPUT');
    return { argument: e.extensions.argument, message: e.message };
  }
  throw new Error('expected BAD_USER_INPUT');
}

describe('pageSpec', () => {
  test('defaults to the first page of the default size', () => {
    expect(pageSpec({})).toEqual({ first: DEFAULT_PAGE_SIZE, after: undefined, before: undefined });
    expect(pageSpec({ first: null, after: null })).toEqual({ first: DEFAULT_PAGE_SIZE, after: undefined, before: undefined });
  });

  test('accepts 1 and the maximum for first and last', () => {
    expect(pageSpec({ first: 1 }).first).toBe(1);
    expect(pageSpec({ first: MAX_PAGE_SIZE }).first).toBe(MAX_PAGE_SIZE);
    expect(pageSpec({ last: 1 })).toEqual({ last: 1, after: undefined, before: undefined });
    expect(pageSpec({ last: MAX_PAGE_SIZE }).last).toBe(MAX_PAGE_SIZE);
  });

  test.each([0, -1, MAX_PAGE_SIZE + 1, 2.5, Number.NaN])('first: %p is refused, naming first', (first) => {
    expect(badInput(() => pageSpec({ first }))).toEqual({ argument: 'first', message: `first: must be between 1 and ${MAX_PAGE_SIZE}` });
  });

  test.each([0, MAX_PAGE_SIZE + 1])('last: %p is refused, naming last', (last) => {
    expect(badInput(() => pageSpec({ last })).argument).toBe('last');
  });

  test('first and last together are refused', () => {
    expect(badInput(() => pageSpec({ first: 5, last: 5 }))).toMatchObject({ argument: 'last', message: 'last: cannot be combined with first' });
  });

  test('before alone pages backwards with the default size', () => {
    const before = cursor(['0884']);
    expect(pageSpec({ before })).toEqual({ last: DEFAULT_PAGE_SIZE, before, after: undefined });
  });

  test('cursors pass through and are checked against the key count', () => {
    const after = cursor(['Vimmerby kommun', '0884']);
    expect(pageSpec({ first: 10, after }, 2)).toEqual({ first: 10, after, before: undefined });
    expect(badInput(() => pageSpec({ first: 10, after }, 1)).argument).toBe('after');
    expect(badInput(() => pageSpec({ last: 10, before: 'nope!' })).argument).toBe('before');
  });
});

describe('checkCursor', () => {
  test('absent cursors are undefined', () => {
    expect(checkCursor('after', undefined)).toBeUndefined();
    expect(checkCursor('after', null)).toBeUndefined();
  });

  test('accepts arrays of scalars, of the expected length when one is given', () => {
    const c = cursor(['a', 1, true, null]);
    expect(checkCursor('after', c)).toBe(c);
    expect(checkCursor('after', c, 4)).toBe(c);
    expect(badInput(() => checkCursor('after', c, 3)).argument).toBe('after');
  });

  test.each([
    ['not base64url', 'a+b/c='],
    ['not JSON', Buffer.from('{oops').toString('base64url')],
    ['an object', cursor({ code: '0884' })],
    ['an empty array', cursor([])],
    ['a nested array', cursor([['0884']])],
    ['an object inside', cursor([{ code: '0884' }])],
    ['a bare string', cursor('0884')],
    ['too long', cursor(['x'.repeat(1200)])],
    ['empty', ''],
  ])('rejects %s with "is not a valid cursor"', (_what, value) => {
    expect(badInput(() => checkCursor('before', value))).toEqual({ argument: 'before', message: 'before: is not a valid cursor' });
  });
});

describe('decodeCursor against the order columns', () => {
  const id = '6f1c1a52-7a8e-4a53-9f3c-2f6a3c1b9e11';
  test('gives back the values, datetimes as Dates', () => {
    expect(decodeCursor('after', encodeCursor(['Vimmerby kommun', id]), ['string', 'uuid'])).toEqual(['Vimmerby kommun', id]);
    expect(decodeCursor('after', encodeCursor(['2024-02-29T10:00:00.000Z', id]), ['datetime', 'uuid'])).toEqual([new Date('2024-02-29T10:00:00.000Z'), id]);
    expect(decodeCursor('after', encodeCursor(['2024-02-29', id]), ['date', 'uuid'])).toEqual(['2024-02-29', id]);
    expect(decodeCursor('after', encodeCursor([42]), ['integer'])).toEqual([42]);
  });
  test('a 200-character title of 4-byte characters still fits', () => {
    const title = '😀'.repeat(200);
    expect(decodeCursor('after', encodeCursor([title, id]), ['string', 'uuid'])).toEqual([title, id]);
  });
  test.each<[string, unknown[], CursorValueType[]]>([
    ['two strings for a name and a uuid', ['abc', 'def'], ['string', 'uuid']],
    ['a number for a code', [1], ['string']],
    ['an impossible day', ['2019-02-30', id], ['date', 'uuid']],
    ['a datetime for a day', ['2019-02-03T00:00:00.000Z', id], ['date', 'uuid']],
    ['a datetime that is not one', ['2019-13-45T99:99:99.999Z', id], ['datetime', 'uuid']],
    ['a day for a datetime', ['2019-02-03', id], ['datetime', 'uuid']],
    ['a fraction for a position', [1.5], ['integer']],
    ['a huge position', [1e308], ['integer']],
    ['a string position', ['1'], ['integer']],
    ['NUL in a string', ['a\u0000b'], ['string']],
    ['a null', [null, id], ['string', 'uuid']],
    ['one value too few', [id], ['string', 'uuid']],
  ])('refuses %s', (_what, values, types) => {
    expect(badInput(() => decodeCursor('after', encodeCursor(values), types))).toEqual({ argument: 'after', message: 'after: is not a valid cursor' });
  });
});
