// GraphQL types of a person's own account: their sign-in sessions, password and
// personal API tokens (docs/security.md, "Your own account").
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { capped } from '../../core/list-caps';
import { UserError } from '../../core/errors';
import { User } from './account.entities';

@ObjectType('SignInSession', { description: 'A browser signed in to the website as you. Revoke one you do not recognise.' })
export class SignInSessionView {
  @Field(() => ID) id!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { description: 'Updated at most once a minute.' }) lastSeenAt!: Date;
  @Field(() => Date, { description: 'When it ends at the latest, however active.' }) expiresAt!: Date;
  @Field(() => String, { nullable: true, description: 'The browser it was made in, as it named itself.' }) userAgent!: string | null;
  @Field({ description: 'The session this request comes from.' }) current!: boolean;
}

@InputType({ description: 'One of your own sessions to end.' })
export class RevokeSessionInput {
  @Field(() => ID) id!: string;
}

@ObjectType({ description: 'The session as ended, or why not.' })
export class RevokeSessionPayload {
  @Field(() => SignInSessionView, { nullable: true }) session!: SignInSessionView | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@InputType({ description: 'A new password, with the current one to show it is you.' })
export class ChangePasswordInput {
  @Field({ description: 'At most 800 characters.' }) currentPassword!: string;
  @Field({ description: 'At least 10 and at most 200 characters, and not among the most common passwords.' }) newPassword!: string;
}

@ObjectType({ description: 'The account whose password changed (every other session of it has ended), or why not.' })
export class ChangePasswordPayload {
  @Field(() => User, { nullable: true }) user!: User | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@InputType({ description: 'A bearer token for yourself, e.g. for a script or an integration.' })
export class CreatePersonalTokenInput {
  @Field({ description: 'What the token is for, e.g. "laptop" or "booking integration".' }) name!: string;
  @Field(() => [String], { description: capped(10, 'read, study-visits:write, cases:write — at most the scopes you have yourself.') }) scopes!: string[];
  @Field(() => Date, { nullable: true, description: 'Never expires when left out.' }) expiresAt?: Date | null;
}

@InputType({ description: 'One of your own tokens to revoke.' })
export class RevokePersonalTokenInput {
  @Field(() => ID) id!: string;
}
