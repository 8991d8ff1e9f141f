// The one error helper. Expected, user-fixable mutation failures are *returned* as
// UserError values in payloads; everything else is *thrown* as a GraphQLError with an
// `extensions.code` from the API contract. Anything else that escapes a resolver is
// logged and masked as INTERNAL_SERVER_ERROR by the server's formatError.
import { GraphQLError } from 'graphql';
import { Field, ObjectType, registerEnumType } from 'type-graphql';

export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'RATE_LIMITED' | 'SEARCH_UNAVAILABLE' | 'INTERNAL_SERVER_ERROR';

export function apiError(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

/** A bad query argument: names the argument so a client can point at it. */
export function badInput(argument: string, message: string): GraphQLError {
  return apiError('BAD_USER_INPUT', `${argument}: ${message}`, { argument });
}

export enum UserErrorCode {
  INVALID = 'INVALID',
  REQUIRED = 'REQUIRED',
  TOO_LONG = 'TOO_LONG',
  OUT_OF_RANGE = 'OUT_OF_RANGE',
  UNKNOWN_REFERENCE = 'UNKNOWN_REFERENCE',
  DUPLICATE = 'DUPLICATE',
  NOT_FOUND = 'NOT_FOUND',
  VERSION_CONFLICT = 'VERSION_CONFLICT',
  INVALID_TRANSITION = 'INVALID_TRANSITION',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  FORBIDDEN = 'FORBIDDEN',
}
registerEnumType(UserErrorCode, { name: 'UserErrorCode', description: 'Why a mutation input was refused.' });

@ObjectType({ description: 'An expected, user-fixable failure of a mutation; nothing was written.' })
export class UserError {
  @Field(() => [String], { description: 'Path to the input field, e.g. ["input", "themes", "2"].' })
  field!: string[];

  @Field()
  message!: string;

  @Field(() => UserErrorCode)
  code!: UserErrorCode;
}

export function userError(field: string | string[], code: UserErrorCode, message: string): UserError {
  return Object.assign(new UserError(), { field: ['input', ...(Array.isArray(field) ? field : field.split('.'))], code, message });
}

/**
 * Thrown inside a service's transaction to abort it and hand the errors back to the
 * resolver as a payload; `withUserErrors` turns it into `{ userErrors }`.
 */
export class UserErrors extends Error {
  constructor(readonly errors: UserError[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'UserErrors';
  }
}
