import { buildSchema, parse, validate, specifiedRules } from 'graphql';
import { CONNECTION_COST as C, LIST_FACTOR, operationCost } from './cost';
import { aliasLimitRule, depthLimitRule } from './rules';

const schema = buildSchema(`
  interface Node { id: ID! }
  type Case implements Node { id: ID! title: String! owner: Town! related(first: Int): CaseConnection! }
  type Town implements Node { id: ID! name: String! cases(first: Int, after: String): CaseConnection! neighbours: [Town!]! }
  type CaseEdge { cursor: String! node: Case! }
  type CaseConnection { edges: [CaseEdge!]! totalCount: Int! }
  type Query { cases(first: Int, last: Int): CaseConnection! node(id: ID!): Node nodes(ids: [ID!]!): [Node]! towns: [Town!]! title: String }
  type Mutation { rename(title: String!): Case }
`);

const cost = (query: string, variables: Record<string, unknown> = {}) => operationCost(schema, parse(query), undefined, variables);

describe('operationCost', () => {
  test('scalars are free; each object costs one per time it is resolved', () => {
    expect(cost('{ title }')).toBe(1); // the minimum
    expect(cost('{ node(id: "x") { id } }')).toBe(1);
    expect(cost('{ node(id: "x") { ... on Case { owner { name } } } }')).toBe(2);
  });

  test('a connection multiplies what is below it by first/last, default 20', () => {
    // cases + edges×n + node×n + owner×n
    expect(cost('{ cases(first: 5) { edges { node { owner { name } } } } }')).toBe(C + 3 * 5);
    expect(cost('{ cases { edges { node { id } } } }')).toBe(C + 2 * 20);
    expect(cost('query($n: Int) { cases(last: $n) { edges { node { id } } } }', { n: 50 })).toBe(C + 2 * 50);
    // Out of range is priced at the largest page; the resolver refuses it anyway.
    expect(cost('{ cases(first: 100000) { totalCount } }')).toBe(C);
    expect(cost('{ cases(first: 100000) { edges { cursor } } }')).toBe(C + 100);
  });

  test('nested connections multiply', () => {
    const q = '{ cases(first: 10) { edges { node { related(first: 10) { edges { node { id } } } } } } }';
    expect(cost(q)).toBe(C + 10 + 10 + 10 * (C + 10 + 10));
    // A connection under a plain list is paid for each parent.
    expect(cost('{ towns { cases(first: 1) { totalCount } } }')).toBe(1 + LIST_FACTOR * C);
  });

  test('nodes(ids) multiplies by the number of ids; plain lists by LIST_FACTOR', () => {
    expect(cost('{ nodes(ids: ["a", "b", "c"]) { ... on Case { owner { id } } } }')).toBe(1 + 3);
    expect(cost('{ towns { neighbours { name } } }')).toBe(1 + LIST_FACTOR);
  });

  test('fragments are followed; mutations cost a base amount each', () => {
    expect(cost('fragment F on Case { owner { id } } { cases(first: 2) { edges { node { ...F } } } }')).toBe(C + 2 + 2 + 2);
    expect(cost('mutation { rename(title: "x") { id } }')).toBe(10 + 1);
    expect(cost('mutation { a: rename(title: "x") { id } b: rename(title: "y") { id } }')).toBe(20 + 2);
  });
});

describe('validation rules', () => {
  const errors = (query: string) => validate(schema, parse(query), [...specifiedRules, depthLimitRule(4), aliasLimitRule(2)]).map((e) => e.message);

  test('depth counts fields through fragments, not introspection', () => {
    expect(errors('{ cases { edges { node { id } } } }')).toEqual([]);
    // Every field is a level, the leaf too.
    expect(errors('{ cases { edges { node { owner { id } } } } }')).toEqual(['The operation nests 5 levels deep; at most 4 are allowed']);
    expect(errors('fragment F on Case { owner { id } } { cases { edges { node { ...F } } } }')).toHaveLength(1);
    expect(errors('{ __schema { types { fields { type { ofType { name } } } } } }')).toEqual([]);
  });

  test('aliases are counted over the whole document', () => {
    expect(errors('{ a: title b: title }')).toEqual([]);
    expect(errors('{ a: title b: title c: title }')).toEqual(['The document uses more than 2 aliases']);
  });
});
