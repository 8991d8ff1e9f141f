// GraphQL types, inputs and payloads of accounts: the acting viewer and the
// admin-only user, client and token administration.
import { ArgsType, Field, ID, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { capped } from '../../core/list-caps';
import { UserError } from '../../core/errors';
import { ForwardPageArgs } from '../../core/relay/connection';
import { ApiClient, ApiToken, Role, User } from './account.entities';

export enum ViewerKind {
  USER = 'USER',
  CLIENT = 'CLIENT',
}
registerEnumType(ViewerKind, { name: 'ViewerKind', description: 'A person signed in with a token, or a partner integration.' });

/** What the acting user or client is allowed to be; built from the request's token. */
@ObjectType('Viewer', { description: 'Who is acting on this request; see docs/security.md for what each role and scope allows.' })
export class ViewerProfile {
  @Field(() => ID, { description: 'Global id of the user or API client.' }) id!: string;
  @Field(() => ViewerKind) kind!: ViewerKind;
  @Field() name!: string;
  @Field(() => String, { nullable: true, description: 'Users only.' }) email!: string | null;
  @Field(() => Role, { nullable: true, description: 'Users only; clients act through scopes.' }) role!: Role | null;
  @Field(() => [String], { description: 'Scopes of the token in use: read, study-visits:write, cases:write.' }) scopes!: string[];
  municipalityCode!: string | null;
  organizationId!: string | null;
}

@InputType({ description: 'A person to give access.' })
export class CreateUserInput {
  @Field() name!: string;
  @Field({ description: 'Unique, case-insensitive.' }) email!: string;
  @Field(() => Role) role!: Role;
  @Field(() => String, { nullable: true, description: 'Municipality code; required for officials and editors.' }) municipality?: string | null;
}

@ObjectType({ description: 'The user as saved, or why not.' })
export class UserPayload {
  @Field(() => User, { nullable: true }) user!: User | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@InputType({ description: 'A partner integration to register.' })
export class CreateApiClientInput {
  @Field() name!: string;
  @Field({ description: 'Slug of the organization the client acts for.' }) organization!: string;
  @Field(() => String, { nullable: true, description: 'Municipality code the client may act for (cases:write needs one).' }) municipality?: string | null;
  @Field(() => [String], { description: capped(10, 'read, study-visits:write, cases:write.') }) scopes!: string[];
}

@ObjectType({ description: 'The API client created, or why not.' })
export class ApiClientPayload {
  @Field(() => ApiClient, { nullable: true }) apiClient!: ApiClient | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@InputType({ description: 'A bearer token to issue for a user or an API client.' })
export class CreateTokenInput {
  @Field({ description: 'What the token is for, e.g. "laptop" or "booking integration".' }) name!: string;
  @Field(() => ID, { nullable: true, description: 'The user the token signs in as (exactly one of user and client).' }) user?: string | null;
  @Field(() => ID, { nullable: true, description: 'The API client the token belongs to.' }) client?: string | null;
  @Field(() => [String], { nullable: true, description: capped(10, "Default: all scopes for a user, the client's scopes for a client.") }) scopes?: string[] | null;
  @Field(() => Date, { nullable: true, description: 'Never expires when left out.' }) expiresAt?: Date | null;
}

@ObjectType({ description: 'The token issued (shown only here, once), or why not.' })
export class CreateTokenPayload {
  @Field(() => String, { nullable: true, description: 'The bearer token. Shown only here, once: only its hash is stored.' }) token!: string | null;
  @Field(() => ApiToken, { nullable: true }) apiToken!: ApiToken | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@InputType({ description: 'The token to revoke.' })
export class RevokeTokenInput {
  @Field(() => ID) id!: string;
}

@ObjectType({ description: 'The token as revoked, or why not.' })
export class RevokeTokenPayload {
  @Field(() => ApiToken, { nullable: true }) apiToken!: ApiToken | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@InputType({ description: 'Which tokens an admin lists.' })
export class ApiTokenFilter {
  @Field(() => ID, { nullable: true }) user?: string | null;
  @Field(() => ID, { nullable: true }) client?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Include revoked tokens (default false).' }) includeRevoked?: boolean | null;
}

@ArgsType()
export class ApiTokensArgs extends ForwardPageArgs {
  @Field(() => ApiTokenFilter, { nullable: true }) filter?: ApiTokenFilter | null;
}
