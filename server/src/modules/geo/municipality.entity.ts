import { Entity, Index, ManyToOne, PrimaryKey, Property, type Ref, PrimaryKeyProp, type Opt } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Node } from '../../core/relay/node.type';
import { toGlobalId } from '../../core/relay/global-id';
import { County } from './county.entity';
import { GeoPoint } from './geo.types';

/** A kommun. Keyed by its SCB four-digit code ("0884" Vimmerby). */
@Entity({ tableName: 'municipality' })
@ObjectType({ implements: Node, description: 'A Swedish municipality (kommun).' })
export class Municipality {
  [PrimaryKeyProp]?: 'code';

  @PrimaryKey({ type: 'string', length: 4 })
  @Field({ description: 'SCB municipality code (kommunkod), four digits; the first two are the county code.' })
  code!: string;

  @Property({ type: 'string' })
  @Field({ description: 'Official name, e.g. "Vimmerby kommun".' })
  name!: string;

  @Property({ type: 'string' })
  @Field({ description: 'Short name, e.g. "Vimmerby".' })
  shortName!: string;

  @ManyToOne(() => County, { ref: true })
  @Index()
  county!: Ref<County>;

  @Property({ type: 'string' })
  @Field({ description: 'The seat (centralort), e.g. "Vimmerby".' })
  seat!: string;

  @Property({ type: 'double' })
  latitude!: number;

  @Property({ type: 'double' })
  longitude!: number;

  /** "locality" when taken from the locality list, "approximate" (about 1 km) otherwise. */
  @Property({ type: 'string' })
  coordinatesSource!: string;

  @Field(() => ID, { name: 'id' })
  get nodeId(): Opt<string> {
    return toGlobalId('Municipality', this.code);
  }

  @Field(() => GeoPoint, { description: "The seat's position (WGS84)." })
  get location(): Opt<GeoPoint> {
    return { latitude: this.latitude, longitude: this.longitude, approximate: this.coordinatesSource !== 'locality' };
  }
}
