// A creating mutation's response, kept for KEY_TTL_HOURS under the caller's
// Idempotency-Key so a retry gets the same answer instead of a second write.
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

@Entity({ tableName: 'idempotent_request' })
@Index({ properties: ['expiresAt'] })
export class IdempotentRequest {
  /** Who sent it (the viewer's actor id): keys are scoped per caller. */
  @PrimaryKey({ type: 'string', length: 255 })
  actor!: string;

  /** SHA-256 of the Idempotency-Key; the key itself is not stored. */
  @PrimaryKey({ type: 'string', length: 64 })
  keyHash!: string;

  /** SHA-256 of operation text, name and variables: a different request under the same key is refused. */
  @Property({ type: 'string', length: 64 })
  requestHash!: string;

  /** The creating mutations it ran, for operators reading the table. */
  @Property({ type: 'string', length: 255 })
  operation!: string;

  @Property({ type: 'integer' })
  httpStatus!: number;

  /** The response body, encrypted with a key derived from the Idempotency-Key (idempotency.rules.ts). */
  @Property({ type: 'text' })
  response!: string;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  expiresAt!: Date;
}
