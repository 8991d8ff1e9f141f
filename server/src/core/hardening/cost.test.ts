import {
  Kind,
  buildSchema,
  getNamedType,
  getNullableType,
  isListType,
  parse,
  specifiedRules,
  validate,
  valueFromASTUntyped,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLObjectType,
  type InlineFragmentNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import { CONNECTION_COST as C, LIST_FACTOR, operationCost } from './cost';
import { aliasLimitRule, depthLimitRule, directiveLimitRule } from './rules';

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

// Each level spreads the level below twice: n + 1 short fragments stand for 2^n copies of F0.
function doubling(n: number, f0 = '__typename', type = 'Query'): string {
  const levels = Array.from({ length: n }, (_, i) => `fragment F${i + 1} on ${type} { ...F${i} ...F${i} }`);
  return `fragment F0 on ${type} { ${f0} } ${levels.join(' ')} { ...F${n} }`;
}

/** The document with every selection set counting how often a walk reads its selections. */
function counted(query: string): { document: DocumentNode; sets: number; reads: () => number } {
  const document = parse(query);
  let sets = 0;
  let reads = 0;
  visit(document, {
    SelectionSet(node) {
      sets += 1;
      const selections = node.selections;
      Object.defineProperty(node, 'selections', { enumerable: true, get: () => (reads++, selections) });
    },
  });
  return { document, sets, reads: () => reads };
}

describe('fragments spread exponentially often', () => {
  const limits = () => [depthLimitRule(10), aliasLimitRule(30), directiveLimitRule(50)];

  test.each(Array.from({ length: 56 }, (_, i) => i + 5))('n = %i: the walks read each selection set a bounded number of times', (n) => {
    const { document, sets, reads } = counted(doubling(n, 'a: title @include(if: true) towns { name }'));
    const cost = operationCost(schema, document, undefined, {});
    expect(reads()).toBeLessThanOrEqual(2 * sets);
    const errors = validate(schema, document, limits()).map((e) => e.message);
    // One read by validate's own traversal, one by each of the three limits.
    expect(reads()).toBeLessThanOrEqual(6 * sets);
    // Every copy is paid for: 2^n × (towns), far over any limit from n = 14 on.
    expect(cost).toBe(Math.min(2 ** n * 1, Number.MAX_SAFE_INTEGER));
    // Aliases and directives inside the fragments count at every copy too.
    expect(errors[0]).toBe('The document uses more than 30 aliases');
    expect(errors.slice(1)).toEqual(2 ** n > 50 ? [`The operation uses ${2 ** n} directives; at most 50 are allowed`] : []);
  });

  test('a fragment with nothing but scalars still costs 1 at every spread', () => {
    expect(cost(doubling(24))).toBe(2 ** 24);
    expect(cost('fragment T on Town { name } { towns { ...T ...T } }')).toBe(1 + 2 * LIST_FACTOR);
    // The same fragment under a page and elsewhere is priced for each place.
    expect(cost('fragment E on CaseEdge { node { id } } { cases(first: 3) { edges { ...E } } towns { cases(first: 2) { edges { ...E } } } }')).toBe(C + 3 * 2 + 1 + LIST_FACTOR * (C + 2 * 2));
  });
});

describe('pricing fragments once agrees with pricing every copy', () => {
  /** mulberry32, so every run builds the same documents. */
  function prng(seed: number) {
    let a = seed >>> 0;
    const next = () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let x = Math.imul(a ^ (a >>> 15), a | 1);
      x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    };
    return { int: (n: number) => Math.floor(next() * n), pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] };
  }
  type Rng = ReturnType<typeof prng>;

  // What may be selected on each type, as text; `{}` stands for a nested selection.
  const FIELDS: Record<string, string[]> = {
    Query: ['title', 'cases(first: $n) {}', 'cases {}', 'cases(last: 3) {}', 'node(id: "x") {}', 'nodes(ids: ["a", "b", "c"]) {}', 'towns {}'],
    Case: ['id', 'title', 'owner {}', 'related(first: 4) {}', 'related {}'],
    Town: ['name', 'cases(first: 2) {}', 'neighbours {}'],
    CaseConnection: ['totalCount', 'edges {}'],
    CaseEdge: ['cursor', 'node {}'],
    Node: ['id', '... on Case {}', '... on Town {}'],
  };
  const TARGET: Record<string, string> = { cases: 'CaseConnection', related: 'CaseConnection', node: 'Node', nodes: 'Node', towns: 'Town', owner: 'Town', neighbours: 'Town', edges: 'CaseEdge' };
  const targetOf = (type: string, field: string) => {
    const name = field.split(/[ (]/)[0];
    if (field.startsWith('... on ')) return field.slice(7).split(' ')[0];
    return name === 'node' && type === 'CaseEdge' ? 'Case' : TARGET[name];
  };

  function selections(r: Rng, type: string, depth: number, fragments: { name: string; type: string }[]): string {
    const parts = Array.from({ length: 1 + r.int(3) }, () => {
      const usable = fragments.filter((f) => f.type === type || (type === 'Node' && (f.type === 'Case' || f.type === 'Town')));
      if (usable.length && r.int(3) === 0) return `...${r.pick(usable).name}`;
      const options = FIELDS[type].filter((f) => depth < 4 || !f.endsWith('{}'));
      const field = options.length ? r.pick(options) : '__typename';
      if (!field.endsWith('{}')) return field;
      // A fresh alias each, so that fields with different arguments never have to merge.
      const alias = field.startsWith('...') ? '' : `a${r.int(1e9)}: `;
      return alias + field.replace('{}', `{ ${selections(r, targetOf(type, field), depth + 1, fragments)} }`);
    });
    return parts.join(' ');
  }

  function randomDocument(r: Rng): string {
    const fragments: { name: string; type: string }[] = [];
    const definitions: string[] = [];
    for (let i = 0; i < 1 + r.int(6); i++) {
      const type = r.pick(['Query', 'Case', 'Town', 'CaseConnection', 'CaseEdge']);
      // Only earlier fragments may be spread, so there are no cycles.
      definitions.push(`fragment F${i} on ${type} { ${selections(r, type, 1 + r.int(2), fragments)} }`);
      fragments.push({ name: `F${i}`, type });
    }
    return `query($n: Int) { ${selections(r, 'Query', 0, fragments)} } ${definitions.join(' ')}`;
  }

  test.each(Array.from({ length: 300 }, (_, i) => 1000 + i))('seed %i', (seed) => {
    const r = prng(seed);
    const query = randomDocument(r);
    const variables = { n: r.pick([1, 7, 50, 1000]) };
    expect(validate(schema, parse(query), specifiedRules.filter((rule) => !/NoUnused/.test(rule.name)))).toEqual([]);
    expect(operationCost(schema, parse(query), undefined, variables)).toBe(bruteForceCost(parse(query), variables));
  });
});

// The reference: inline every spread, then price the expanded tree field by field,
// copy by copy, the slow way.
function bruteForceCost(document: DocumentNode, variables: Record<string, unknown>): number {
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const wasSpread = new WeakSet<object>();
  const inline = (set: SelectionSetNode): SelectionSetNode => ({
    ...set,
    selections: set.selections.map((s): SelectionNode => {
      if (s.kind !== Kind.FRAGMENT_SPREAD) return s.selectionSet ? { ...s, selectionSet: inline(s.selectionSet) } : s;
      const fragment = fragments.get(s.name.value)!;
      const copy: InlineFragmentNode = { kind: Kind.INLINE_FRAGMENT, typeCondition: fragment.typeCondition, selectionSet: inline(fragment.selectionSet) };
      wasSpread.add(copy);
      return copy;
    }),
  });
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const arg = (node: FieldNode, name: string) => {
    const given = node.arguments?.find((a) => a.name.value === name);
    return given ? valueFromASTUntyped(given.value, variables) : undefined;
  };
  const price = (set: SelectionSetNode, parent: GraphQLCompositeType, times: number, paged: boolean): number => {
    let total = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.INLINE_FRAGMENT) {
        const inner = price(s.selectionSet, (s.typeCondition ? schema.getType(s.typeCondition.name.value) : parent) as GraphQLCompositeType, times, paged);
        total += wasSpread.has(s) ? Math.max(times, inner) : inner;
        continue;
      }
      if (s.kind !== Kind.FIELD || !s.selectionSet) continue;
      const field = (parent as GraphQLObjectType).getFields()[s.name.value];
      const list = isListType(getNullableType(field.type));
      const page = field.args.some((a) => a.name === 'first');
      const size = arg(s, 'first') ?? arg(s, 'last');
      const ids = arg(s, 'ids');
      const each = page ? (typeof size === 'number' ? Math.min(Math.max(1, size), 100) : 20) : Array.isArray(ids) ? ids.length : list && !paged ? LIST_FACTOR : 1;
      total += times * (page ? C : 1) + price(s.selectionSet, getNamedType(field.type) as GraphQLCompositeType, times * each, page);
    }
    return total;
  };
  return Math.max(1, price(inline(operation.selectionSet), schema.getQueryType()!, 1, false));
}
