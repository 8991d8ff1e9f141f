// type-graphql calls every @FieldResolver through one generic wrapper: per call it builds
// a resolver-data object, looks the resolver instance up in its container, runs the
// (empty) middleware chain, sorts the parameter list and maps it to values, and copies a
// root that is not an instance of the declared type into a new one. On a page of 20
// cases that is about a hundred calls per request; the sorting alone made a tenth of
// the request's garbage (docs/benchmarks.md, benchmark 3). For field resolvers where
// none of that can change the outcome — no middleware, no roles, only @Root(), @Ctx()
// and @Info() parameters — this calls the method directly. A root that is not an
// instance of its declared type still goes through type-graphql's own resolver, which
// converts it as before.
import { GraphQLScalarType, isObjectType, type GraphQLFieldResolver, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

type Pick3 = (root: unknown, context: unknown, info: GraphQLResolveInfo) => unknown;

interface ParamMetadata {
  kind: string;
  index: number;
  propertyName?: string;
  getType?: () => unknown;
}

interface FieldResolverMetadata {
  kind: 'external' | 'internal';
  target: new () => Record<string, unknown>;
  methodName: string;
  schemaName: string;
  getObjectType?: () => unknown;
  params?: ParamMetadata[];
  roles?: unknown[];
  middlewares?: unknown[];
}

const PICKERS: Record<string, Pick3> = {
  root: (root) => root,
  context: (_root, context) => context,
  info: (_root, _context, info) => info,
};

/** The class a root must be an instance of to pass as it is; null when type-graphql passes any root through. */
function rootClass(params: ParamMetadata[]): (new () => unknown) | null | undefined {
  const root = params.find((p) => p.kind === 'root');
  const type = root?.getType?.();
  if (!type || type instanceof GraphQLScalarType) return null;
  return typeof type === 'function' ? (type as new () => unknown) : undefined;
}

/** A direct call of the method for the sorted parameter pickers, or undefined when the shape is not one this handles. */
function directCall(instance: Record<string, unknown>, method: (...args: unknown[]) => unknown, pick: Pick3[]): GraphQLFieldResolver<unknown, unknown> | undefined {
  const [a, b, c] = pick;
  if (pick.length === 1) return (root, _args, context, info) => method.call(instance, a(root, context, info));
  if (pick.length === 2) return (root, _args, context, info) => method.call(instance, a(root, context, info), b(root, context, info));
  if (pick.length === 3) return (root, _args, context, info) => method.call(instance, a(root, context, info), b(root, context, info), c(root, context, info));
  return undefined;
}

/** The direct resolver for `fr`, or undefined when type-graphql's wrapper could do something it does not. */
function directResolver(fr: FieldResolverMetadata, original: GraphQLFieldResolver<unknown, unknown>): GraphQLFieldResolver<unknown, unknown> | undefined {
  const params = [...(fr.params ?? [])].sort((x, y) => x.index - y.index);
  if (fr.kind !== 'external' || fr.roles !== undefined || fr.middlewares?.length) return undefined;
  if (params.some((p) => !PICKERS[p.kind] || p.propertyName !== undefined)) return undefined;
  const type = rootClass(params);
  if (type === undefined) return undefined;
  // type-graphql makes one instance per resolver class; a class that keeps state in its
  // instance would then be split between two, so only stateless ones are called directly.
  const instance = new fr.target();
  const method = instance[fr.methodName];
  if (Object.keys(instance).length || typeof method !== 'function') return undefined;
  const direct = directCall(instance, method as (...args: unknown[]) => unknown, params.map((p) => PICKERS[p.kind]));
  if (!direct || !type) return direct;
  return (root, args, context, info) => (root instanceof type ? direct(root, args, context, info) : original(root, args, context, info));
}

/** Replaces type-graphql's wrapper of the field resolvers of `resolvers` that qualify (see above); call once, on the schema built from them. */
export function directFieldResolvers(schema: GraphQLSchema, resolvers: readonly unknown[]): GraphQLSchema {
  const storage = getMetadataStorage() as unknown as { objectTypes: { name: string; target: unknown }[]; fieldResolvers: FieldResolverMetadata[] };
  for (const objectType of storage.objectTypes) {
    const type = schema.getType(objectType.name);
    if (!isObjectType(type)) continue;
    const fields = type.getFields();
    // As type-graphql picks a field's resolver: the first of the schema's resolver classes for the type and method.
    const candidates = storage.fieldResolvers.filter((it) => it.kind === 'internal' || resolvers.includes(it.target));
    for (const fr of candidates) {
      if (fr.getObjectType?.() !== objectType.target) continue;
      const field = fields[fr.schemaName];
      const chosen = candidates.find((it) => it.getObjectType?.() === objectType.target && it.methodName === fr.methodName);
      if (!field?.resolve || chosen !== fr) continue;
      field.resolve = directResolver(fr, field.resolve) ?? field.resolve;
    }
  }
  return schema;
}
