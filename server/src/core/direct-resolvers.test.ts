// Direct field resolvers must answer exactly what type-graphql's wrapper answers, and
// leave the wrapper in place wherever it does more than call the method.
import 'reflect-metadata';
import { graphql, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { Arg, Authorized, Ctx, Field, FieldResolver, ObjectType, Query, Resolver, Root, buildSchema } from 'type-graphql';
import { directFieldResolvers } from './direct-resolvers';

@ObjectType()
class Book {
  @Field() title!: string;
  shelf!: string;
}

const calls: { root: unknown; context: unknown }[] = [];

@Resolver(() => Book)
class BookResolver {
  @Query(() => [Book])
  books(): Book[] {
    // One instance of the class and one plain object, which type-graphql converts.
    return [Object.assign(new Book(), { title: 'Språkvän', shelf: 'A' }), { title: 'Läxhjälp', shelf: 'B' }];
  }

  @FieldResolver(() => String)
  where(@Root() book: Book, @Ctx() context: { prefix: string }): string {
    calls.push({ root: book, context });
    return `${context.prefix}${book.shelf}:${book instanceof Book}`;
  }

  @Authorized('ADMIN')
  @FieldResolver(() => String)
  secret(@Root() book: Book): string {
    return book.title;
  }

  @FieldResolver(() => String)
  repeated(@Root() book: Book, @Arg('times') times: number): string {
    return book.title.repeat(times);
  }
}

let wrapped: GraphQLSchema;
let direct: GraphQLSchema;
/** type-graphql's resolver of Book.where in the schema made direct, before it was. */
let wrapperOfWhere: unknown;
const build = () => buildSchema({ resolvers: [BookResolver], authChecker: () => false, validate: false });
const where = (schema: GraphQLSchema) => (schema.getType('Book') as GraphQLObjectType).getFields().where.resolve;

beforeAll(async () => {
  wrapped = await build();
  direct = await build();
  wrapperOfWhere = where(direct);
  directFieldResolvers(direct, [BookResolver]);
});

const run = (schema: GraphQLSchema, source: string) => graphql({ schema, source, contextValue: { prefix: 'hylla ' } });

test('a plain field resolver is called directly, with the same answers and roots as through type-graphql', async () => {
  expect(where(direct)).not.toBe(wrapperOfWhere);
  calls.length = 0;
  const viaDirect = await run(direct, '{ books { title where } }');
  const directRoots = calls.splice(0);
  const viaWrapper = await run(wrapped, '{ books { title where } }');
  expect(viaDirect).toEqual(viaWrapper);
  expect(viaDirect.data).toEqual({ books: [{ title: 'Språkvän', where: 'hylla A:true' }, { title: 'Läxhjälp', where: 'hylla B:true' }] });
  // The plain object still reached the method converted, as type-graphql converts it.
  expect(directRoots.every((c) => c.root instanceof Book)).toBe(true);
});

test('resolvers with roles or arguments keep type-graphql wrapper and its checks', async () => {
  const refused = await run(direct, '{ books { secret } }');
  expect(refused.errors?.[0].message).toMatch(/Access denied/);
  expect(await run(direct, '{ books { repeated(times: 2) } }')).toEqual(await run(wrapped, '{ books { repeated(times: 2) } }'));
  expect((await run(direct, '{ books { repeated(times: 2) } }')).data).toEqual({ books: [{ repeated: 'SpråkvänSpråkvän' }, { repeated: 'LäxhjälpLäxhjälp' }] });
});
