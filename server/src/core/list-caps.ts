// Every list a client can send (an argument or a field of an input object) has a hard
// limit, written into its schema description as "Hard limit: N items." The check below
// reads the limits back from the schema and refuses an operation that exceeds one
// before anything runs: a filter of 140 000 municipality codes used to travel into an
// SQL IN list. The description is the one place the number lives, so the documented
// limit and the enforced one cannot drift apart. Domain rules that are tighter (1–5
// themes on a case) stay in the services and answer with userErrors.
import {
  GraphQLError,
  Kind,
  TypeInfo,
  getNullableType,
  isInputObjectType,
  isListType,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type ValueNode,
} from 'graphql';
import { badInput } from './errors';

/** A description ending in the list's hard limit. */
export function capped(max: number, description?: string): string {
  return `${description ? `${description.trimEnd()} ` : ''}Hard limit: ${max} items.`;
}

const CAP = /Hard limit: (\d+) items\.$/;

/** The hard limit a list argument or input field documents, if any. */
export function listCap(description: string | null | undefined): number | undefined {
  const m = description ? CAP.exec(description) : null;
  return m ? Number(m[1]) : undefined;
}

type Variables = Record<string, unknown>;

function tooMany(path: string, cap: number): GraphQLError {
  return badInput(path, `at most ${cap} items`);
}

/** A value written in the document; variables inside it are read from `variables`. */
function checkLiteral(node: ValueNode, type: GraphQLInputType, cap: number | undefined, path: string, variables: Variables): void {
  if (node.kind === Kind.VARIABLE) return checkVariable(variables[node.name.value], type, cap, path);
  const t = getNullableType(type);
  if (isListType(t)) {
    if (node.kind !== Kind.LIST) return checkLiteral(node, t.ofType, undefined, path, variables);
    if (cap !== undefined && node.values.length > cap) throw tooMany(path, cap);
    for (const item of node.values) checkLiteral(item, t.ofType, undefined, path, variables);
  } else if (isInputObjectType(t) && node.kind === Kind.OBJECT) {
    const fields = t.getFields();
    for (const f of node.fields) {
      const def = fields[f.name.value];
      if (def) checkLiteral(f.value, def.type, listCap(def.description), `${path}.${def.name}`, variables);
    }
  }
}

/** A value sent as a variable: plain JSON, walked along the schema type only. */
function checkVariable(value: unknown, type: GraphQLInputType, cap: number | undefined, path: string): void {
  if (value === null || typeof value !== 'object') return;
  const t = getNullableType(type);
  if (isListType(t)) {
    if (!Array.isArray(value)) return checkVariable(value, t.ofType, undefined, path);
    if (cap !== undefined && value.length > cap) throw tooMany(path, cap);
    for (const item of value) checkVariable(item, t.ofType, undefined, path);
  } else if (isInputObjectType(t) && !Array.isArray(value)) {
    for (const def of Object.values(t.getFields())) {
      if (Object.hasOwn(value, def.name)) checkVariable((value as Variables)[def.name], def.type, listCap(def.description), `${path}.${def.name}`);
    }
  }
}

/** An argument whose value may hold a list: where, in the document, the check starts. */
interface ListArgument {
  value: ValueNode;
  type: GraphQLInputType;
  cap: number | undefined;
  path: string;
}

/** Whether a value of `type` can hold a list anywhere (itself, or a field of an input object, however nested). */
function canHoldList(type: GraphQLInputType, seen = new Set<GraphQLInputType>()): boolean {
  const t = getNullableType(type);
  if (isListType(t)) return true;
  if (!isInputObjectType(t) || seen.has(t)) return false;
  seen.add(t);
  return Object.values(t.getFields()).some((f) => canHoldList(f.type, seen));
}

// Which arguments of a document can hold a list depends on the document and the schema
// only, and Apollo hands every request with the same text the same parsed document
// (its document store): the walk with type information runs once per document, and a
// request checks just those arguments' values — none for most queries.
const listArguments = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, readonly ListArgument[]>>();

function listArgumentsOf(schema: GraphQLSchema, document: DocumentNode): readonly ListArgument[] {
  let bySchema = listArguments.get(schema);
  if (!bySchema) listArguments.set(schema, (bySchema = new WeakMap()));
  let found = bySchema.get(document);
  if (found) return found;
  const out: ListArgument[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        const arg = typeInfo.getArgument();
        if (arg && canHoldList(arg.type)) out.push({ value: node.value, type: arg.type, cap: listCap(arg.description), path: arg.name });
      },
    }),
  );
  bySchema.set(document, (found = out));
  return found;
}

/**
 * Throws BAD_USER_INPUT, naming the argument path (e.g. "filter.municipalities"), for
 * the first list in the document or its variables that is longer than its hard limit.
 */
export function checkListCaps(schema: GraphQLSchema, document: DocumentNode, variables: Variables = {}): void {
  for (const a of listArgumentsOf(schema, document)) checkLiteral(a.value, a.type, a.cap, a.path, variables);
}
