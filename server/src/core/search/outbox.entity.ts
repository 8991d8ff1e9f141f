// The transactional outbox: a row per "this object's search document may have
// changed", written in the same transaction as the change itself. The indexer drains
// it; a crash between commit and indexing therefore never loses an update.
import { Entity, Index, PrimaryKey, Property, type Opt } from '@mikro-orm/core';

@Entity({ tableName: 'search_outbox' })
@Index({ properties: ['availableAt', 'id'] })
export class SearchOutbox {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  /** What changed: "PracticeCase", or a referenced object whose change fans out ("Municipality", "Theme"). */
  @Property({ type: 'string', length: 40 })
  entityType!: string;

  @Property({ type: 'string', length: 64 })
  entityId!: string;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  /** Not claimed before this time: failed rows back off instead of spinning. */
  @Property({ type: 'datetime' })
  availableAt: Date & Opt = new Date();

  @Property({ type: 'integer' })
  attempts: number & Opt = 0;

  @Property({ type: 'text', nullable: true })
  lastError?: string | null;
}
