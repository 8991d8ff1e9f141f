// Who acts: users (officials, editors, reviewers, admins) and API clients (partner
// integrations), each holding hashed bearer tokens. The GraphQL types are reachable
// only through admin-only operations and `viewer`; the token hash never is.
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique, type Opt, type Ref } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { toGlobalId } from '../../core/relay/global-id';
import { Municipality } from '../geo/municipality.entity';
import { Organization } from '../organizations/organization.entity';

export enum Role {
  OFFICIAL = 'OFFICIAL',
  EDITOR = 'EDITOR',
  REVIEWER = 'REVIEWER',
  ADMIN = 'ADMIN',
}
registerEnumType(Role, {
  name: 'Role',
  description: 'What a user may do; see docs/security.md.',
  valuesConfig: {
    OFFICIAL: { description: 'Reads everything published including contacts; requests and hosts study visits for their municipality.' },
    EDITOR: { description: 'An official who also writes the practice cases of their municipality.' },
    REVIEWER: { description: 'Publishes or returns cases in review; edits taxonomy and organizations.' },
    ADMIN: { description: 'Everything, including users and tokens.' },
  },
});

export const SCOPES = ['read', 'study-visits:write', 'cases:write'] as const;
export type Scope = (typeof SCOPES)[number];

@Entity({ tableName: 'app_user' })
@ObjectType({ description: 'A person who signs in with a token: an official, editor, reviewer or admin.' })
export class User {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string' })
  @Field()
  name!: string;

  /** Stored lower-cased; unique case-insensitively. */
  @Property({ type: 'string' })
  @Unique()
  @Field({ description: 'Lower-case; unique.' })
  email!: string;

  @Enum({ items: () => Role, nativeEnumName: 'user_role' })
  @Field(() => Role)
  role!: Role;

  @ManyToOne(() => Municipality, { ref: true, nullable: true })
  municipality?: Ref<Municipality> | null;

  @Property({ type: 'datetime' })
  @Field(() => Date)
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true })
  disabledAt?: Date | null;

  /** Argon2id (passwords.ts); null until the person sets one through an invitation link. Never a GraphQL field. */
  @Property({ type: 'string', nullable: true, lazy: true })
  passwordHash?: string | null;

  @Property({ type: 'datetime', nullable: true })
  passwordChangedAt?: Date | null;

  @Field(() => ID, { name: 'id' })
  get nodeId(): Opt<string> {
    return toGlobalId('User', this.id);
  }
}

@Entity({ tableName: 'api_client' })
@ObjectType({ description: 'A partner integration acting for an organization (and optionally a municipality) within its scopes.' })
export class ApiClient {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string' })
  @Field()
  name!: string;

  @ManyToOne(() => Organization, { ref: true })
  organization!: Ref<Organization>;

  @ManyToOne(() => Municipality, { ref: true, nullable: true })
  municipality?: Ref<Municipality> | null;

  @Property({ type: 'text[]' })
  @Field(() => [String], { description: 'The most any of its tokens may hold.' })
  scopes: string[] = [];

  @Property({ type: 'datetime' })
  @Field(() => Date)
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true })
  disabledAt?: Date | null;

  @Field(() => ID, { name: 'id' })
  get nodeId(): Opt<string> {
    return toGlobalId('ApiClient', this.id);
  }
}

/** A bearer token. Only its SHA-256 hash is stored; the token is shown once. */
@Entity({ tableName: 'api_token' })
@ObjectType({ description: 'A bearer token as an admin sees it: never the token itself, which is shown once at creation.' })
export class ApiToken {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 64 })
  @Unique()
  hash!: string;

  /** The first characters after "utb_", to tell tokens apart in listings. */
  @Property({ type: 'string', length: 16 })
  @Field({ description: 'The first characters after "utb_", to tell tokens apart.' })
  prefix!: string;

  @Property({ type: 'string' })
  @Field()
  name!: string;

  @ManyToOne(() => User, { ref: true, nullable: true })
  @Index()
  user?: Ref<User> | null;

  @ManyToOne(() => ApiClient, { ref: true, nullable: true })
  @Index()
  client?: Ref<ApiClient> | null;

  @Property({ type: 'text[]' })
  @Field(() => [String])
  scopes: string[] = [];

  @Property({ type: 'datetime' })
  @Field(() => Date)
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true })
  expiresAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'Updated at most once a minute.' })
  lastUsedAt?: Date | null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true })
  revokedAt?: Date | null;

  @Field(() => ID, { name: 'id' })
  get nodeId(): Opt<string> {
    return toGlobalId('ApiToken', this.id);
  }
}
