// connection.ts declares GraphQL types, and type-graphql's decorators need the metadata polyfill.
import 'reflect-metadata';
import { GraphQLError } from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, checkCursor, pageSpec } from './connection';

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
    ['too long', cursor(['x'.repeat(1000)])],
    ['empty', ''],
  ])('rejects %s with "is not a valid cursor"', (_what, value) => {
    expect(badInput(() => checkCursor('before', value))).toEqual({ argument: 'before', message: 'before: is not a valid cursor' });
  });
});
