import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique, type Opt, type Ref } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../../core/relay/node.type';
import { toGlobalId } from '../../core/relay/global-id';
import { Municipality } from '../geo/municipality.entity';

export enum OrganizationKind {
  CIVIL_SOCIETY = 'CIVIL_SOCIETY',
  AGENCY = 'AGENCY',
  REGION = 'REGION',
  UNIVERSITY = 'UNIVERSITY',
  BUSINESS = 'BUSINESS',
  FAITH_COMMUNITY = 'FAITH_COMMUNITY',
  MUNICIPAL_UNIT = 'MUNICIPAL_UNIT',
}
registerEnumType(OrganizationKind, { name: 'OrganizationKind', description: 'What sort of organization: civil society, agency, region, university, business and so on.' });

/** A partner: an association, agency, region, university, business, faith community or municipal unit. */
@Entity({ tableName: 'organization' })
@ObjectType({ implements: Node, description: 'A partner organization.' })
export class Organization {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 80 })
  @Unique()
  @Field({ description: 'Readable unique identifier, e.g. "emilkraften".' })
  slug!: string;

  @Property({ type: 'string' })
  @Field()
  name!: string;

  @Enum({ items: () => OrganizationKind, nativeEnumName: 'organization_kind' })
  @Field(() => OrganizationKind)
  kind!: OrganizationKind;

  @ManyToOne(() => Municipality, { ref: true, nullable: true })
  @Index()
  homeMunicipality?: Ref<Municipality> | null;

  @Property({ type: 'string', nullable: true })
  @Field(() => String, { nullable: true })
  website?: string | null;

  @Property({ type: 'datetime' })
  @Field(() => Date)
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  @Field(() => Date)
  updatedAt: Date & Opt = new Date();

  @Field(() => ID, { name: 'id' })
  get nodeId(): Opt<string> {
    return toGlobalId('Organization', this.id);
  }
}
