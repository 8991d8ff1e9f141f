// Static limits checked while validating a document, before anything runs: how deep
// the selections nest, how many aliases and directives an operation uses. The walks are
// GraphQL Armor's, which price each fragment once and reuse that at every spread, so a
// document whose fragments spread each other exponentially often is checked in time
// linear in its size. Token count is enforced by the parser itself
// (parseOptions.maxTokens) so a huge document is never fully built.
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';

export type LimitRule = (context: ValidationContext) => ASTVisitor;

/** Armor reports "…found N." when its limits are exposed; our messages name N themselves. */
function found(error: GraphQLError): string {
  return /found (\d+)/.exec(error.message)?.[1] ?? 'too many';
}

// Armor's own errors say "Syntax Error: …" and are thrown; ours are reported on the
// context like every other validation error, in the project's words.
function reporting(message: (found: string) => string) {
  return {
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(new GraphQLError(message(found(error))))],
  };
}

/** Fields nested in one operation, the leaf too; fragments add no level; `__schema` and below are not counted. */
export function depthLimitRule(maxDepth: number): LimitRule {
  return maxDepthRule({ n: maxDepth, flattenFragments: true, ignoreIntrospection: true, ...reporting((n) => `The operation nests ${n} levels deep; at most ${maxDepth} are allowed`) });
}

/** Aliased fields in one operation, counted again at every spread of the fragment that holds them. */
export function aliasLimitRule(maxAliases: number): LimitRule {
  return maxAliasesRule({ n: maxAliases, allowList: [], ...reporting(() => `The document uses more than ${maxAliases} aliases`) });
}

/** Directives used in one operation (`@include`, `@skip`, …), counted again at every spread. */
export function directiveLimitRule(maxDirectives: number): LimitRule {
  return maxDirectivesRule({ n: maxDirectives, ...reporting((n) => `The operation uses ${n} directives; at most ${maxDirectives} are allowed`) });
}
