// The compatibility rule between the last released schema and the one the resolvers
// build now: graphql-inspector finds the breaking changes, and a breaking change is
// allowed only when what it removes or changes was already deprecated in the release.
// Clients had a whole release to move off a deprecated field; anything else breaks
// them without warning.
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isUnionType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

const isDeprecated = (element: { deprecationReason?: string | null } | undefined): boolean => element?.deprecationReason != null;

/**
 * True when the schema coordinate a change points at ("Type.field", "Type.field.arg",
 * "Enum.VALUE", "Input.field", or a bare type name) was deprecated in `released`. A
 * change inside a deprecated field (its type, an argument) counts as touching it.
 */
export function deprecatedInRelease(released: GraphQLSchema, path: string): boolean {
  // "Type.field.@deprecated" and the like name a directive on the coordinate before it.
  const [typeName, member, argument] = path.split('.').filter((part) => !part.startsWith('@'));
  const type = released.getType(typeName);
  if (!type) return false;
  if (member === undefined) return reachedOnlyThroughDeprecated(released, type);
  if (isObjectType(type) || isInterfaceType(type)) {
    const field = type.getFields()[member];
    if (!field) return false;
    if (isDeprecated(field)) return true;
    return argument !== undefined && isDeprecated(field.args.find((a) => a.name === argument));
  }
  if (isInputObjectType(type)) return isDeprecated(type.getFields()[member]);
  if (isEnumType(type)) return isDeprecated(type.getValue(member) ?? undefined);
  return false;
}

/**
 * Types cannot carry @deprecated, so a type may go only once every field, argument and
 * input field that leads to it was deprecated: then no client that heeded the
 * deprecations can still name it. Root types, union members and types implementing an
 * interface stay reachable in ways that cannot be deprecated, so they never qualify.
 */
function reachedOnlyThroughDeprecated(schema: GraphQLSchema, target: GraphQLNamedType): boolean {
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
  if (roots.some((root) => root === target)) return false;
  if (isObjectType(target) && target.getInterfaces().length > 0) return false;
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type)) continue;
    if (isUnionType(type) && type.getTypes().some((member) => member === target)) return false;
    if (isInputObjectType(type)) {
      const live = Object.values(type.getFields()).some((f) => getNamedType(f.type) === target && !isDeprecated(f));
      if (live) return false;
    }
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      if (isDeprecated(field)) continue;
      if (getNamedType(field.type) === target) return false;
      if (field.args.some((a) => getNamedType(a.type) === target && !isDeprecated(a))) return false;
    }
  }
  return true;
}

/** The breaking changes from `released` to `current` that no deprecation announced. */
export async function unannouncedBreakingChanges(released: GraphQLSchema, current: GraphQLSchema): Promise<Change[]> {
  const changes = await diff(released, current);
  return changes.filter(
    (change) => change.criticality.level === CriticalityLevel.Breaking && !(change.path && deprecatedInRelease(released, change.path)),
  );
}
