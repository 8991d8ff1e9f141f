// Builds the GraphQL schema from the type-graphql resolvers of every module.
import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { buildSchema } from 'type-graphql';
import { NodeResolver, registerNodeType } from './core/relay/node.resolver';
import { CountyResolver, MunicipalityResolver } from './modules/geo/geo.resolver';
import { ThemeResolver } from './modules/themes/theme.resolver';

registerNodeType('County', (ctx, key) => ctx.loaders.county.load(key));
registerNodeType('Municipality', (ctx, key) => ctx.loaders.municipality.load(key));
registerNodeType('Theme', (ctx, key) => ctx.loaders.theme.load(key));

const resolvers = [NodeResolver, CountyResolver, MunicipalityResolver, ThemeResolver] as const;

let built: Promise<GraphQLSchema> | undefined;

export function buildAppSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: false,
    emitSchemaFile: false,
  });
  return built;
}

/** The SDL committed as schema/schema.graphql (sorted, so diffs stay readable). */
export async function printAppSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildAppSchema()))}\n`;
}
