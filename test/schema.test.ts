// schema/schema.graphql is the committed contract clients (and the SDK) build against.
// It must be exactly what the resolvers produce; regenerate it with `npm run schema`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// Load the whole server first, as `npm run schema` and the running server do: type-graphql
// also emits Node implementations registered by modules that schema.ts does not import.
import '../server/src/system';
import { printAppSchema } from '../server/src/schema';

const SCHEMA_FILE = join(__dirname, '..', 'schema', 'schema.graphql');

/** Where two texts first differ, as "line N: committed … / built …". */
function firstDifference(committed: string, built: string): string {
  const a = committed.split('\n');
  const b = built.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}:\n  committed: ${a[i] ?? '(end of file)'}\n  built:     ${b[i] ?? '(end of file)'}`;
  }
  return 'no difference';
}

test('schema/schema.graphql matches the schema built from the resolvers', async () => {
  const built = await printAppSchema();
  // The built schema is real, so an empty or broken build cannot match by accident.
  expect(built).toMatch(/type Query \{/);
  expect(built).toMatch(/interface Node \{/);

  const committed = existsSync(SCHEMA_FILE) ? readFileSync(SCHEMA_FILE, 'utf8') : '';
  if (committed !== built) {
    throw new Error(
      `schema/schema.graphql is out of date with the resolvers. Run \`npm run schema\` and commit the result.\nFirst difference at ${firstDifference(committed, built)}`,
    );
  }
});
