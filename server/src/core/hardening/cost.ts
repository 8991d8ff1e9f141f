// Estimated cost of an operation, computed before it runs. Every field that returns
// an object (or a list of them) costs 1 for each time it will be resolved, a
// connection CONNECTION_COST; a connection multiplies what is below it by the page
// size asked for (`first`/`last`, default DEFAULT_PAGE_SIZE), `nodes(ids:)` by the
// number of ids. Scalars are free:
// they come with the row that was already paid for. Unpaginated lists of objects
// (counties, a county's municipalities, partners, themes) multiply by LIST_FACTOR, a
// typical length: short enough not to punish ordinary reads, enough that a
// connection nested under them is priced for each parent.
import {
  GraphQLSchema,
  Kind,
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
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  if (!root) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  // Mutations cost a base amount each: they write, and rate limiting should feel it.
  const base = operation.operation === 'mutation' ? 10 * countRootFields(operation.selectionSet) : 0;
  return Math.max(1, base + costOf(schema, operation.selectionSet, root, 1, false, fragments, variables, new Set()));
}

function countRootFields(set: SelectionSetNode): number {
  return set.selections.filter((s) => s.kind === Kind.FIELD && !s.name.value.startsWith('__')).length;
}

function costOf(
  schema: GraphQLSchema,
  set: SelectionSetNode,
  parent: GraphQLCompositeType,
  multiplier: number,
  /** The parent field was a page: its lists (edges) are the page, already priced. */
  paged: boolean,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Variables,
  seen: Set<string>,
): number {
  let total = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      if (name === '__typename') continue;
      if (name.startsWith('__')) {
        total += multiplier;
        continue;
      }
      const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
      if (!field) continue;
      const type = getNamedType(field.type);
      if (!isCompositeType(type) || !selection.selectionSet) continue;
      const pages = hasPageArgs(field);
      total += multiplier * (pages ? CONNECTION_COST : 1);
      const factor = pages ? pageSize(field, selection, variables) : paged && isListType(getNullableType(field.type)) ? 1 : fanOut(field, selection, variables);
      total += costOf(schema, selection.selectionSet, type, multiplier * factor, pages, fragments, variables, seen);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
      if (type && isCompositeType(type)) total += costOf(schema, selection.selectionSet, type, multiplier, paged, fragments, variables, seen);
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || seen.has(name)) continue;
      const type = schema.getType(fragment.typeCondition.name.value);
      if (!type || !isCompositeType(type)) continue;
      seen.add(name);
      total += costOf(schema, fragment.selectionSet, type, multiplier, paged, fragments, variables, seen);
      seen.delete(name);
    }
    // Past any sane limit already: stop walking (alias floods make this huge quickly).
    if (total > Number.MAX_SAFE_INTEGER / 1e3) return total;
  }
  return total;
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
