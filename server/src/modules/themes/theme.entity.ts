import { Entity, Index, ManyToOne, PrimaryKey, Property, type Ref, PrimaryKeyProp, type Opt } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { Node } from '../../core/relay/node.type';
import { toGlobalId } from '../../core/relay/global-id';

/** A node of the theme taxonomy (shared/data/themes.csv); a parent covers its children. */
@Entity({ tableName: 'theme' })
@ObjectType({ implements: Node, description: 'A theme of integration work, e.g. "iop" under "civil-society".' })
export class Theme {
  [PrimaryKeyProp]?: 'slug';

  @PrimaryKey({ type: 'string', length: 64 })
  @Field({ description: 'Stable identifier, e.g. "language-buddies".' })
  slug!: string;

  @ManyToOne(() => Theme, { ref: true, nullable: true })
  @Index()
  parent?: Ref<Theme> | null;

  @Property({ type: 'string' })
  @Field({ description: 'Swedish label.' })
  labelSv!: string;

  @Property({ type: 'string' })
  @Field({ description: 'English label.' })
  labelEn!: string;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'English description.' })
  descriptionEn?: string | null;

  /** Order within its siblings, as in the reference file. */
  @Property({ type: 'integer', default: 0 })
  position: number = 0;

  @Field(() => ID, { name: 'id' })
  get nodeId(): Opt<string> {
    return toGlobalId('Theme', this.slug);
  }
}
