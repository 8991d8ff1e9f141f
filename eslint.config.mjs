// ESLint for the TypeScript code (type-aware, through each folder's own tsconfig) and
// for the GraphQL schema and the SDK's operations. The rule set is chosen to find bugs:
// promises nobody awaits, async callbacks where a sync one is expected, `any` leaking
// into typed code, dead assertions. Formatting and style are left alone on purpose.
import js from '@eslint/js';
import graphql from '@graphql-eslint/eslint-plugin';
import tseslint from 'typescript-eslint';

const tsFiles = ['server/src/**/*.{ts,tsx}', 'web/**/*.{ts,tsx}', 'test/**/*.{ts,tsx}', 'bench/**/*.ts', 'client-sdk/src/**/*.ts'];
const testFiles = ['test/**/*.{ts,tsx}', '**/*.test.{ts,tsx}', 'bench/**/*.ts'];

export default tseslint.config(
  {
    // Dot folders hold data, caches and scratch builds, never source.
    ignores: ['**/node_modules/**', '**/dist/**', '.*/**', 'coverage/**', 'bench/results/**', 'client-sdk/src/generated/**'],
  },
  {
    files: tsFiles,
    extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // Each file is checked with the nearest tsconfig.json (root, web/client, client-sdk).
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/no-explicit-any': 'warn',
      // Apollo plugin hooks, MikroORM migrations and test fakes are async to fit an
      // interface, not because they wait for anything.
      '@typescript-eslint/require-await': 'off',
      // Validation and cursor code matches control characters on purpose.
      'no-control-regex': 'off',
      // Misreads MikroORM's branded entity fields (`status: CaseStatus & Opt`) as a
      // mismatch with the enum itself.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // `let { id, version } = ...` where only version changes later is fine, and so is a
      // `let` that a shutdown closure defined above its one assignment reads.
      'prefer-const': ['error', { destructuring: 'all', ignoreReadBeforeAssign: true }],
    },
  },
  {
    // The CLI runs on Node and is left out of client-sdk/tsconfig.json (browser-safe); it has its own.
    files: ['client-sdk/src/cli/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: false, project: './client-sdk/tsconfig.cli.json', tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: testFiles,
    // Tests and benchmarks read GraphQL response bodies, which are untyped JSON; typing
    // every one would be churn without catching anything the assertions don't.
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Tests save a service's method to stub it and put it back afterwards.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    files: ['schema/schema.graphql', 'client-sdk/operations/*.graphql'],
    languageOptions: {
      parser: graphql.parser,
      parserOptions: { graphQLConfig: { schema: 'schema/schema.graphql', documents: 'client-sdk/operations/*.graphql' } },
    },
    plugins: { '@graphql-eslint': graphql },
  },
  {
    files: ['schema/schema.graphql'],
    rules: {
      ...graphql.configs['flat/schema-recommended'].rules,
      ...graphql.configs['flat/schema-relay'].rules,
      // Some connections page forward only (first/after): a choice, not an omission.
      '@graphql-eslint/relay-arguments': ['error', { includeBoth: false }],
      // Plain lists of values (themes, revisions, facet values) are fine beside connections.
      // shouldImplementNode is off only because ApiToken (admin-only, not fetchable through
      // `node`) is paged by a connection.
      '@graphql-eslint/relay-edge-types': ['error', { withEdgeSuffix: true, shouldImplementNode: false, listTypeCanWrapOnlyEdgeType: false }],
      // SearchResult is a connection plus facets, named for what it is; renaming it would
      // break every client for a suffix.
      '@graphql-eslint/relay-connection-types': 'off',
      // Every type says what it is for, and so does every root field. (The plugin's own
      // rootField option builds a regex that matches no root type in 4.4.1, hence the selector.)
      '@graphql-eslint/require-description': [
        'error',
        {
          types: true,
          FieldDefinition: true,
          ignoredSelectors: [
            ':not(ObjectTypeDefinition[name.value=/^(Query|Mutation)$/]) > FieldDefinition',
            // type-graphql builds the root types itself and gives them no description.
            'ObjectTypeDefinition[name.value=/^(Query|Mutation)$/]',
          ],
        },
      ],
      // Value types (DateRange, GeoPoint, payloads, edges) have no identity of their own;
      // the entities implement Node, whose `id: ID!` graphql-js already enforces.
      '@graphql-eslint/strict-id-in-types': 'off',
    },
  },
  {
    files: ['client-sdk/operations/*.graphql'],
    rules: {
      ...graphql.configs['flat/operations-recommended'].rules,
      // Meant for normalizing caches (Apollo, Relay); the SDK returns plain results.
      '@graphql-eslint/require-selections': 'off',
    },
  },
);
