import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { creatingFields, isValidKey, openResponse, requestHash, sealResponse } from './idempotency.rules';

const operationOf = (text: string) => {
  const document = parse(text);
  return { document, operation: document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode };
};

test('keys: 1–255 printable ASCII characters, no space at either end', () => {
  expect(['a', 'import-row-7', 'partner ref 42', 'k'.repeat(255), '550e8400-e29b-41d4-a716-446655440000'].every(isValidKey)).toBe(true);
  expect(['', ' a', 'a ', 'k'.repeat(256), 'nyckel-å', 'a\nb', 'a\u0000'].some(isValidKey)).toBe(false);
});

test('creating fields are found at the root, through fragments, and only in mutations', () => {
  const viaFragment = operationOf('mutation { ...F updatePracticeCase(input: {}) { __typename } } fragment F on Mutation { createPracticeCase(input: {}) { __typename } }');
  expect(creatingFields(viaFragment.operation, viaFragment.document)).toEqual(['createPracticeCase']);
  const update = operationOf('mutation { updatePracticeCase(input: {}) { __typename } }');
  expect(creatingFields(update.operation, update.document)).toEqual([]);
  const query = operationOf('query { createPracticeCase { id } }');
  expect(creatingFields(query.operation, query.document)).toEqual([]);
});

test('the request hash ignores key order and whitespace, not values', () => {
  const a = parse('mutation M($input: X!) { createPracticeCase(input: $input) { __typename } }');
  const b = parse('mutation M($input: X!) {\n  createPracticeCase(input: $input) {\n    __typename\n  }\n}');
  const hash = requestHash(a, 'M', { input: { title: 't', themes: ['a', 'b'] } });
  expect(requestHash(b, 'M', { input: { themes: ['a', 'b'], title: 't' } })).toBe(hash);
  expect(requestHash(a, 'M', { input: { title: 't', themes: ['b', 'a'] } })).not.toBe(hash);
  expect(requestHash(a, null, { input: { title: 't', themes: ['a', 'b'] } })).not.toBe(hash);
});

test('a sealed response opens only with the same key and caller', () => {
  const response = { data: { createToken: { token: 'utb_secret' } } };
  const sealed = sealResponse(response, 'key-1', 'user:1');
  expect(sealed).not.toContain('utb_secret');
  expect(openResponse(sealed, 'key-1', 'user:1')).toEqual(response);
  expect(() => openResponse(sealed, 'key-2', 'user:1')).toThrow();
  expect(() => openResponse(sealed, 'key-1', 'user:2')).toThrow();
});
