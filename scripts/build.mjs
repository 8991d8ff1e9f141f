// Fast transpile of server/src to dist/ with swc (type checking is `tsc --noEmit`,
// run by `npm run build`). Non-TypeScript files (reference CSVs) are copied as-is.
import { transformFile } from '@swc/core';
import { readdir, mkdir, writeFile, copyFile, readFile, rm } from 'node:fs/promises';
import { join, dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// bench/ is compiled too so that `npm run bench` runs the harness from dist/bench.
const sources = [join(root, 'server', 'src'), join(root, 'bench')];
// An explicit output folder lets a test build privately while dist/ is in use.
const out = process.argv[2] ? resolve(process.argv[2]) : join(root, 'dist');
const swcrc = JSON.parse(await readFile(join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    // benchmark output is not source
    if (entry.isDirectory() && path === join(root, 'bench', 'results')) continue;
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
    if (file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.endsWith('.test.ts')) {
      const { code, map } = await transformFile(file, { ...swcrc, swcrc: false, filename: file, sourceFileName: relative(dirname(target), file) });
      const js = target.replace(/\.ts$/, '.js');
      await writeFile(js, `${code}\n//# sourceMappingURL=${js.split('/').pop()}.map\n`);
      if (map) await writeFile(`${js}.map`, map);
    } else if (!file.endsWith('.ts')) {
      await copyFile(file, target);
    }
  })());
}
await Promise.all(jobs);
