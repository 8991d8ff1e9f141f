import { Field, ID, InterfaceType } from 'type-graphql';

/** Relay Global Object Identification: every entity is reachable by `node(id:)`. */
@InterfaceType({ description: 'An object with a globally unique, opaque id.' })
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global id; pass it to node(id:).' })
  id!: string;
}
