// Estimated cost of an operation, computed before it runs. Every field that returns
// an object (or a list of them) costs 1 for each time it will be resolved, a
// connection CONNECTION_COST; a connection multiplies what is below it by the page
// size asked for (`first`/`last`, default DEFAULT_PAGE_SIZE), `nodes(ids:)` by the
// number of ids. Scalars are free:
// they come with the row that was already paid for. Unpaginated lists of objects
// (counties, a county's municipalities, partners, themes) multiply by LIST_FACTOR, a
// typical length: short enough not to punish ordinary reads, enough that a
// connection nested under them is priced for each parent. A fragment spread costs what
// its fields cost, and at least 1, each time: a fragment spread twice is paid twice.
// Pricing is linear in the document's size: each fragment is priced once and the price
// reused at every spread, so a document that spreads fragments exponentially often is
// priced (and refused) in microseconds.
import {
  GraphQLSchema,
  Kind,
  OperationTypeNode,
  getNamedType,
  getNullableType,
  isListType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../relay/connection';

type Variables = Record<string, unknown>;

export const LIST_FACTOR = 10;
/** What a connection costs each time it is resolved: its own page query and count, not batched across parents. */
export const CONNECTION_COST = 10;

export function selectOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return operations.find((o) => o.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

export function operationCost(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Variables = {}): number {
  const operation = selectOperation(document, operationName);
  if (!operation) return 0;
  const root =
    operation.operation === OperationTypeNode.MUTATION
      ? schema.getMutationType()
      : operation.operation === OperationTypeNode.SUBSCRIPTION
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  if (!root) return 0;
  const walk: Walk = { schema, variables, fragments: new Map(), memo: new Map(), onStack: new Set() };
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) walk.fragments.set(d.name.value, d);
  // Mutations cost a base amount each: they write, and rate limiting should feel it.
  const base = operation.operation === OperationTypeNode.MUTATION ? 10 * countRootFields(operation.selectionSet) : 0;
  return Math.max(1, saturate(base + costOf(walk, operation.selectionSet, root, false)));
}

function countRootFields(set: SelectionSetNode): number {
  return set.selections.filter((s) => s.kind === Kind.FIELD && !s.name.value.startsWith('__')).length;
}

interface Walk {
  schema: GraphQLSchema;
  variables: Variables;
  fragments: Map<string, FragmentDefinitionNode>;
  /** Price of one resolution of each fragment, by name and whether it sits directly under a page. */
  memo: Map<string, number>;
  onStack: Set<string>;
}

// Far past any configurable limit; keeps the sums finite however the factors multiply.
const CEILING = Number.MAX_SAFE_INTEGER;
const saturate = (n: number) => Math.min(n, CEILING);

// Prices one resolution of a selection set. Every term is proportional to how often the
// set is resolved, so what is below a field is priced once and multiplied by its factor,
// and a fragment is priced once however many times it is spread.
function costOf(walk: Walk, set: SelectionSetNode, parent: GraphQLCompositeType, /** The parent field was a page: its lists (edges) are the page, already priced. */ paged: boolean): number {
  let total = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      total += fieldCost(walk, selection, parent, paged);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : parent;
      if (type && isCompositeType(type)) total += costOf(walk, selection.selectionSet, type, paged);
    } else {
      total += spreadCost(walk, selection.name.value, paged);
    }
    total = saturate(total);
  }
  return total;
}

function fieldCost(walk: Walk, selection: FieldNode, parent: GraphQLCompositeType, paged: boolean): number {
  const name = selection.name.value;
  if (name === '__typename') return 0;
  if (name.startsWith('__')) return 1;
  const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
  if (!field) return 0;
  const type = getNamedType(field.type);
  if (!isCompositeType(type) || !selection.selectionSet) return 0;
  const pages = hasPageArgs(field);
  const factor = pages ? pageSize(field, selection, walk.variables) : paged && isListType(getNullableType(field.type)) ? 1 : fanOut(field, selection, walk.variables);
  return (pages ? CONNECTION_COST : 1) + factor * costOf(walk, selection.selectionSet, type, pages);
}

// A spread costs at least 1 each time it is resolved: the server collects its fields
// every time, so a fragment spread twice by a fragment spread twice… is paid for in full
// even when it selects nothing but scalars.
function spreadCost(walk: Walk, name: string, paged: boolean): number {
  const key = `${paged ? 'paged' : 'plain'}:${name}`;
  const known = walk.memo.get(key);
  if (known !== undefined) return known;
  const fragment = walk.fragments.get(name);
  // A cycle is reported by the standard NoFragmentCycles rule before any pricing that counts.
  if (!fragment || walk.onStack.has(key)) return 0;
  const type = walk.schema.getType(fragment.typeCondition.name.value);
  if (!type || !isCompositeType(type)) return 0;
  walk.onStack.add(key);
  const cost = Math.max(1, costOf(walk, fragment.selectionSet, type, paged));
  walk.onStack.delete(key);
  walk.memo.set(key, cost);
  return cost;
}

function argument(node: FieldNode, name: string, variables: Variables): unknown {
  const given = node.arguments?.find((a) => a.name.value === name);
  return given ? valueFromASTUntyped(given.value, variables) : undefined;
}

const hasPageArgs = (field: GraphQLField<unknown, unknown>) => field.args.some((a) => a.name === 'first' || a.name === 'last');

function pageSize(field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Variables): number {
  const size = argument(node, 'first', variables) ?? argument(node, 'last', variables);
  // An out-of-range size is refused by the resolver; price it at the largest page.
  if (typeof size === 'number' && Number.isFinite(size)) return Math.min(Math.max(1, Math.floor(size)), MAX_PAGE_SIZE);
  return DEFAULT_PAGE_SIZE;
}

/** How many times the children of a field that is not a page are resolved per resolution of the field. */
function fanOut(field: GraphQLField<unknown, unknown>, node: FieldNode, variables: Variables): number {
  const arg = (name: string) => argument(node, name, variables);
  if (field.args.some((a) => a.name === 'ids')) {
    const ids = arg('ids');
    return Array.isArray(ids) ? Math.max(1, ids.length) : 1;
  }
  return isListType(getNullableType(field.type)) ? LIST_FACTOR : 1;
}
