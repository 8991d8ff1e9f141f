// The committed typed documents must match what GraphQL Code Generator makes from
// schema/schema.graphql and client-sdk/operations today: regenerate into a temporary
// folder and compare, so a schema or operation change without
// `npm run codegen -w client-sdk` fails here.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { codegenConfig, GENERATED_FILE } from '../../client-sdk/codegen.config';

const root = join(__dirname, '..', '..');
const sdkDir = join(root, 'client-sdk');

test('client-sdk/src/generated/graphql.ts is up to date with the schema and the operations', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'utbyte-codegen-'));
  try {
    const config = codegenConfig(sdkDir);
    const [[, target]] = Object.entries(config.generates);
    const output = join(dir, 'graphql.ts');
    writeFileSync(join(dir, 'codegen.json'), JSON.stringify({ ...config, generates: { [output]: target } }));
    // The codegen CLI is partly ESM, which jest's module loader cannot require; run it as a process.
    await promisify(execFile)(process.execPath, [join(root, 'node_modules', '@graphql-codegen', 'cli', 'cjs', 'bin.js'), '--config', join(dir, 'codegen.json')], { cwd: sdkDir });
    const fresh = readFileSync(output, 'utf8');
    const committed = readFileSync(join(sdkDir, GENERATED_FILE), 'utf8');
    expect(committed).toContain('export const PracticeCasesDocument');
    if (fresh !== committed) {
      throw new Error('client-sdk/src/generated/graphql.ts is stale: run `npm run codegen -w client-sdk` and commit the result');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
