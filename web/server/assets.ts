// Serves the content-hashed scripts and styles from memory (they are a few kilobytes)
// and tells pages their URLs. A build has them in dist/web/assets; running from source
// they are compiled at start by the same pipeline.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RequestHandler } from 'express';
import { compileAssets, MANIFEST, type BuiltAsset } from './asset-pipeline';

export interface Assets {
  /** URL of a logical asset ("site.css"); throws for an unknown name, a programming error. */
  url(name: string): string;
  /** GET /assets/:file */
  serve: RequestHandler;
  /** Every asset, for benchmarks and tests. */
  list(): readonly BuiltAsset[];
}

const TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

async function builtAssets(dir: string): Promise<BuiltAsset[]> {
  const manifest = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as Record<string, string>;
  return Promise.all(Object.entries(manifest).map(async ([name, file]) => ({ name, file, body: await readFile(join(dir, file)) })));
}

export async function loadAssets(): Promise<Assets> {
  // dist/web/server → dist/web/assets; web/server (source) has no assets folder.
  const builtDir = join(__dirname, '..', 'assets');
  const all = existsSync(join(builtDir, MANIFEST)) ? await builtAssets(builtDir) : await compileAssets(join(__dirname, '..'));
  const byName = new Map(all.map((a) => [a.name, a]));
  const byFile = new Map(all.map((a) => [a.file, a]));
  return {
    url(name) {
      const asset = byName.get(name);
      if (!asset) throw new Error(`no asset named ${name} in web/client or web/styles`);
      return `/assets/${asset.file}`;
    },
    serve(req, res) {
      const asset = byFile.get(String(req.params.file));
      if (!asset) {
        res.status(404).type('text/plain').send('Not found\n');
        return;
      }
      res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      res.type(TYPES[asset.file.split('.').pop()!] ?? 'application/octet-stream').send(asset.body);
    },
    list: () => all,
  };
}
