import { Field, ID, InterfaceType } from 'type-graphql';

/**
 * Relay Global Object Identification: every entity is reachable by `node(id:)`.
 *
 * A read model's plain objects say their type in a `__typename` brand (practice cases'
 * CaseView); everything else is an instance of the class its type is declared on.
 */
@InterfaceType({
  description: 'An object with a globally unique, opaque id.',
  resolveType: (value: { __typename?: unknown; constructor: unknown }) => (typeof value.__typename === 'string' ? value.__typename : (value.constructor as never)),
})
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global id; pass it to node(id:).' })
  id!: string;
}
