// Builds the GraphQL schema from the type-graphql resolvers of every module.
import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchema, getMetadataStorage } from 'type-graphql';
import { authChecker } from './core/auth/auth-checker';
import { directFieldResolvers } from './core/direct-resolvers';
import { isUuid } from './core/relay/global-id';
import { NodeResolver, registerNodeType } from './core/relay/node.resolver';
import { AccountsResolver, ApiClientFieldsResolver, ApiTokenFieldsResolver, UserFieldsResolver, ViewerFieldsResolver } from './modules/accounts/accounts.resolver';
import { OwnAccountFieldsResolver, OwnAccountResolver } from './modules/accounts/own-account.resolver';
import { CountyResolver, LocalityResolver, MunicipalityResolver } from './modules/geo/geo.resolver';
import { ThemeResolver } from './modules/themes/theme.resolver';
import { OrganizationResolver } from './modules/organizations/organization.resolver';
import { MunicipalityCasesResolver, OrganizationCasesResolver, PracticeCaseResolver, ThemeCasesResolver } from './modules/practice-cases/practice-case.resolver';
import { PracticeCaseReviewResolver } from './modules/practice-cases/practice-case.review';
import { SearchResolver } from './modules/search/search.resolver';
import { HostingOfferResolver, MunicipalityVisitsResolver, PracticeCaseVisitsResolver, StudyVisitResolver } from './modules/study-visits/study-visit.resolver';

registerNodeType('County', (ctx, key) => ctx.loaders.county.load(key));
registerNodeType('Municipality', (ctx, key) => ctx.loaders.municipality.load(key));
registerNodeType('Theme', (ctx, key) => ctx.loaders.theme.load(key));
registerNodeType('Organization', (ctx, key) => (isUuid(key) ? ctx.loaders.organization.load(key) : Promise.resolve(null)));
registerNodeType('PracticeCase', (ctx, key) => (isUuid(key) ? ctx.services.practiceCases.byId(ctx, key) : Promise.resolve(null)));
registerNodeType('StudyVisit', (ctx, key) => ctx.services.studyVisits.byId(ctx, key));
registerNodeType('HostingOffer', (ctx, key) => ctx.services.studyVisits.hostingOfferById(ctx, key));

const resolvers = [
  NodeResolver,
  CountyResolver,
  MunicipalityResolver,
  LocalityResolver,
  ThemeResolver,
  OrganizationResolver,
  PracticeCaseResolver,
  MunicipalityCasesResolver,
  ThemeCasesResolver,
  OrganizationCasesResolver,
  PracticeCaseReviewResolver,
  SearchResolver,
  StudyVisitResolver,
  HostingOfferResolver,
  MunicipalityVisitsResolver,
  PracticeCaseVisitsResolver,
  AccountsResolver,
  ViewerFieldsResolver,
  OwnAccountResolver,
  OwnAccountFieldsResolver,
  UserFieldsResolver,
  ApiClientFieldsResolver,
  ApiTokenFieldsResolver,
] as const;

let built: Promise<GraphQLSchema> | undefined;

/**
 * Lets graphql-js read plain fields itself. type-graphql otherwise wraps every field
 * — a case's title, a theme's slug — in its middleware runner, which on a page of cases
 * is a few hundred calls per request doing nothing. This is its `simpleResolvers`
 * option, applied to exactly the fields where it cannot change behaviour: no roles, no
 * middlewares, and a property of the same name as the field (a renamed getter such as
 * `nodeId` exposed as `id` keeps type-graphql's resolver). Fields with a FieldResolver
 * are unaffected: type-graphql uses the resolver first.
 */
function simplifyPlainFields(): void {
  for (const field of getMetadataStorage().fields) {
    if (field.simple !== undefined || field.roles?.length || field.middlewares?.length) continue;
    if (field.name === field.schemaName) field.simple = true;
  }
}

export function buildAppSchema(): Promise<GraphQLSchema> {
  if (!built) simplifyPlainFields();
  built ??= buildSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    authChecker,
    validate: false,
    emitSchemaFile: false,
  }).then((schema) => directFieldResolvers(schema, resolvers));
  return built;
}

/** The SDL committed as schema/schema.graphql (sorted, so diffs stay readable). */
export async function printAppSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildAppSchema()))}\n`;
}
