import { Collection, Entity, OneToMany, PrimaryKey, Property, PrimaryKeyProp, type Opt } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Node } from '../../core/relay/node.type';
import { toGlobalId } from '../../core/relay/global-id';
import type { Municipality } from './municipality.entity';

/** A län. Keyed by its SCB two-digit code ("08" Kalmar län). */
@Entity({ tableName: 'county' })
@ObjectType({ implements: Node, description: 'A Swedish county (län).' })
export class County {
  [PrimaryKeyProp]?: 'code';

  @PrimaryKey({ type: 'string', length: 2 })
  @Field({ description: 'SCB county code (länskod), two digits, e.g. "08".' })
  code!: string;

  @Property({ type: 'string' })
  @Field({ description: 'Full name, e.g. "Kalmar län".' })
  name!: string;

  @Property({ type: 'string' })
  @Field({ description: 'Short name, e.g. "Kalmar".' })
  shortName!: string;

  @OneToMany('Municipality', 'county')
  municipalities = new Collection<Municipality>(this);

  @Field(() => ID, { name: 'id' })
  get nodeId(): Opt<string> {
    return toGlobalId('County', this.code);
  }
}
