// Who acts: users (officials, editors, reviewers, admins) and API clients (partner
// integrations), each holding hashed bearer tokens.
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique, type Opt, type Ref } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Municipality } from '../geo/municipality.entity';
import { Organization } from '../organizations/organization.entity';

export enum Role {
  OFFICIAL = 'OFFICIAL',
  EDITOR = 'EDITOR',
  REVIEWER = 'REVIEWER',
  ADMIN = 'ADMIN',
}

export const SCOPES = ['read', 'study-visits:write', 'cases:write'] as const;
export type Scope = (typeof SCOPES)[number];

@Entity({ tableName: 'app_user' })
export class User {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string' })
  name!: string;

  /** Stored lower-cased; unique case-insensitively. */
  @Property({ type: 'string' })
  @Unique()
  email!: string;

  @Enum({ items: () => Role, nativeEnumName: 'user_role' })
  role!: Role;

  @ManyToOne(() => Municipality, { ref: true, nullable: true })
  municipality?: Ref<Municipality> | null;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', nullable: true })
  disabledAt?: Date | null;
}

@Entity({ tableName: 'api_client' })
export class ApiClient {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string' })
  name!: string;

  @ManyToOne(() => Organization, { ref: true })
  organization!: Ref<Organization>;

  @ManyToOne(() => Municipality, { ref: true, nullable: true })
  municipality?: Ref<Municipality> | null;

  @Property({ type: 'text[]' })
  scopes: string[] = [];

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', nullable: true })
  disabledAt?: Date | null;
}

/** A bearer token. Only its SHA-256 hash is stored; the token is shown once. */
@Entity({ tableName: 'api_token' })
export class ApiToken {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 64 })
  @Unique()
  hash!: string;

  /** The first characters after "utb_", to tell tokens apart in listings. */
  @Property({ type: 'string', length: 16 })
  prefix!: string;

  @Property({ type: 'string' })
  name!: string;

  @ManyToOne(() => User, { ref: true, nullable: true })
  @Index()
  user?: Ref<User> | null;

  @ManyToOne(() => ApiClient, { ref: true, nullable: true })
  @Index()
  client?: Ref<ApiClient> | null;

  @Property({ type: 'text[]' })
  scopes: string[] = [];

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', nullable: true })
  expiresAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  lastUsedAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date | null;
}
