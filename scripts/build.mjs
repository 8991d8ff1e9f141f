// Fast transpile of server/src to dist/ with swc (type checking is `tsc --noEmit`,
// run by `npm run build`). Non-TypeScript files (reference CSVs) are copied as-is.
// The site's server code (web/, .tsx included) is compiled the same way; its browser
// scripts and styles go through web/server/asset-pipeline.ts into dist/web/assets.
import { createRequire } from 'node:module';
import { transformFile } from '@swc/core';
import { readdir, mkdir, writeFile, copyFile, rm } from 'node:fs/promises';
import { join, dirname, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// bench/ is compiled too so that `npm run bench` runs the harness from dist/bench.
const sources = [join(root, 'server', 'src'), join(root, 'bench'), join(root, 'web')];
// Browser code and CSS are assets, not server modules.
const assetSources = new Set([join(root, 'web', 'client'), join(root, 'web', 'styles')]);
// An explicit output folder lets a test build privately while dist/ is in use.
const out = process.argv[2] ? resolve(process.argv[2]) : join(root, 'dist');
const { swcOptionsFor } = createRequire(import.meta.url)('./swc-options.cjs');

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    // benchmark output is not source
    if (entry.isDirectory() && (path === join(root, 'bench', 'results') || assetSources.has(path))) continue;
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

await rm(out, { recursive: true, force: true });
const jobs = [];
for (const src of sources) for await (const file of walk(src)) {
  const rel = relative(root, file);
  const target = join(out, rel);
  jobs.push((async () => {
    await mkdir(dirname(target), { recursive: true });
    if (/\.tsx?$/.test(file) && !file.endsWith('.d.ts') && !/\.test\.tsx?$/.test(file)) {
      const { code, map } = await transformFile(file, { ...swcOptionsFor(file), swcrc: false, filename: file, sourceFileName: relative(dirname(target), file) });
      const js = target.replace(/\.tsx?$/, '.js');
      await writeFile(js, `${code}\n//# sourceMappingURL=${js.split('/').pop()}.map\n`);
      if (map) await writeFile(`${js}.map`, map);
    } else if (!/\.tsx?$/.test(file)) {
      await copyFile(file, target);
    }
  })());
}
await Promise.all(jobs);

// Content-hashed scripts and styles plus their manifest, by the same code that serves
// them from source in development and tests.
const pipeline = await import(pathToFileURL(join(out, 'web', 'server', 'asset-pipeline.js')).href);
await (pipeline.writeAssets ?? pipeline.default.writeAssets)(join(root, 'web'), join(out, 'web', 'assets'));
