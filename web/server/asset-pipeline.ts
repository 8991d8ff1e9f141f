// Builds the site's static assets: each web/client/<name>.ts becomes a small minified ES
// module, each web/styles/<name>.css is taken as it is, and both get a content hash in
// their file name so they can be cached forever. scripts/build.mjs writes them to
// dist/web/assets with a manifest; from source (development, tests) assets.ts builds
// them in memory with this same code.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface BuiltAsset {
  /** Logical name pages ask for: "site.js", "site.css". */
  name: string;
  /** Served name with the content hash: "site.3f9a0c1b.js". */
  file: string;
  body: Buffer;
}

export const MANIFEST = 'manifest.json';

function hashed(name: string, body: Buffer): string {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  return name.replace(/\.(\w+)$/, `.${hash}.$1`);
}

async function listed(dir: string, suffix: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith(suffix) && !n.endsWith('.d.ts') && !n.endsWith('.test.ts')).sort();
}

/**
 * Each client script is one standalone module (no imports: there is no bundler), so
 * that a page loads exactly the scripts it names and nothing else.
 */
export async function compileAssets(webRoot: string): Promise<BuiltAsset[]> {
  // A build-time dependency: a built installation serves the manifest and never loads swc.
  const swc = await import('@swc/core');
  const assets: BuiltAsset[] = [];
  for (const file of await listed(join(webRoot, 'client'), '.ts')) {
    const source = await readFile(join(webRoot, 'client', file), 'utf8');
    const { code } = await swc.transform(source, {
      filename: file,
      swcrc: false,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2020', minify: { compress: true, mangle: true } },
      module: { type: 'es6' },
      minify: true,
      sourceMaps: false,
    });
    const body = Buffer.from(code);
    const name = file.replace(/\.ts$/, '.js');
    assets.push({ name, file: hashed(name, body), body });
  }
  for (const file of await listed(join(webRoot, 'styles'), '.css')) {
    const body = await readFile(join(webRoot, 'styles', file));
    assets.push({ name: file, file: hashed(file, body), body });
  }
  return assets;
}

/** Writes the assets and manifest.json ({ logical name: served file }) into outDir. */
export async function writeAssets(webRoot: string, outDir: string): Promise<void> {
  const assets = await compileAssets(webRoot);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await Promise.all(assets.map((a) => writeFile(join(outDir, a.file), a.body)));
  await writeFile(join(outDir, MANIFEST), `${JSON.stringify(Object.fromEntries(assets.map((a) => [a.name, a.file])), null, 2)}\n`);
}
