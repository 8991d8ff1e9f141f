import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Municipality } from './municipality.entity';

/** A named place (tätort or smaller) with coordinates; resolves place names in cases. */
@Entity({ tableName: 'locality' })
@Unique({ properties: ['name', 'municipality'] })
export class Locality {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'string' })
  @Index()
  name!: string;

  @ManyToOne(() => Municipality, { ref: true })
  municipality!: Ref<Municipality>;

  @Property({ type: 'double' })
  latitude!: number;

  @Property({ type: 'double' })
  longitude!: number;
}
