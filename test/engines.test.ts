// Every installed package must run on the oldest Node we promise (package.json
// engines.node). A dependency whose own engines.node excludes it makes `npm ci` print
// EBADENGINE and may use APIs that version lacks, so the lockfile is checked here: its
// "packages" map records each installed package's engines field.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

const root = join(__dirname, '..');

interface LockEntry {
  version?: string;
  engines?: { node?: string } | string[];
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(join(root, file), 'utf8')) as T;
}

/** "node_modules/a/node_modules/@b/c" -> "@b/c"; workspace paths stay as they are. */
function packageName(lockPath: string): string {
  const at = lockPath.lastIndexOf('node_modules/');
  return at < 0 ? lockPath : lockPath.slice(at + 'node_modules/'.length);
}

/** The packages whose engines.node range leaves out `node`, as "name@version (range)". */
function excluding(node: string, packages: Record<string, LockEntry>): string[] {
  const found = new Set<string>();
  for (const [path, entry] of Object.entries(packages)) {
    // Old lockfiles may record engines as an array of strings; only the object form names node.
    const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
    if (path === '' || !range) continue;
    if (!semver.satisfies(node, range, { includePrerelease: true })) {
      found.add(`${packageName(path)}@${entry.version ?? '?'} (node ${range})`);
    }
  }
  return [...found].sort();
}

describe('dependency engines', () => {
  const declared = readJson<{ engines: { node: string } }>('package.json').engines.node;
  const minimum = semver.minVersion(declared)?.version;

  test('the root package declares a Node minimum', () => {
    expect(minimum).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test('no locked package excludes that minimum', () => {
    const lock = readJson<{ packages: Record<string, LockEntry> }>('package-lock.json');
    expect(Object.keys(lock.packages).length).toBeGreaterThan(100);
    expect(excluding(minimum as string, lock.packages)).toEqual([]);
  });
});
