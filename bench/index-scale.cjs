// Index size and full-rebuild time of one build at N cases (docs/benchmarks.md,
// "Swedish search analysis"). Plain CommonJS on purpose: it loads the modules of the
// build it is given, so the same script measures a build of an older commit (the one
// before the analysis) and the current one, on the same corpus and database.
//
//   node scripts/build.mjs /tmp/build-now
//   node --expose-gc bench/index-scale.cjs --build /tmp/build-now --cases 20000 --data /tmp/scale-20000 [--reps 2]
//
// The first run loads the bench corpus (the seeded one of bench/corpus.ts) through the
// services into --data; later runs, of any build, reuse it.
const { existsSync, mkdirSync } = require('node:fs');
const { resolve } = require('node:path');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const build = resolve(arg('--build', 'dist'));
const cases = Number(arg('--cases', '20000'));
const dataDir = resolve(arg('--data', `/tmp/utbyte-index-scale-${cases}`));
const reps = Number(arg('--reps', '2'));
const log = (...parts) => process.stdout.write(`[index-scale ${new Date().toISOString().slice(11, 19)}] ${parts.join(' ')}\n`);

require(`${build}/bench/production.js`);
const { loadConfig } = require(`${build}/server/src/config.js`);
const { createLogger } = require(`${build}/server/src/core/logger.js`);
const { bootSystem } = require(`${build}/server/src/system.js`);
const { corpusContext } = require(`${build}/bench/corpus.js`);
const { loadCases, loadOrganizations } = require(`${build}/bench/load.js`);

async function loadCorpus(system) {
  const cx = corpusContext(20261124);
  await loadOrganizations(system, cx, 12);
  const started = Date.now();
  await loadCases(system, cx, cases, { concurrency: 12, onProgress: (done, s) => log(`loaded ${done}/${cases}, ${(done / s).toFixed(1)}/s`) });
  log(`corpus loaded in ${(Date.now() - started) / 1000} s`);
  await system.orm.em.fork().execute('delete from search_outbox');
  await system.orm.em.fork().execute('vacuum analyze');
}

/** Every document as the indexer builds it: count, bytes of JSON and seconds. */
async function buildDocuments(system) {
  const started = performance.now();
  let after = null;
  let documents = 0;
  let bytes = 0;
  for (;;) {
    const page = await system.search.source.page(system.orm.em.fork(), after, 1000);
    if (!page.length) break;
    after = page[page.length - 1].id;
    documents += page.length;
    bytes += Buffer.byteLength(JSON.stringify(page));
  }
  return { documents, jsonMiB: +(bytes / 2 ** 20).toFixed(1), seconds: +((performance.now() - started) / 1000).toFixed(1) };
}

async function main() {
  const fresh = !existsSync(dataDir);
  mkdirSync(dataDir, { recursive: true });
  const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', INDEX_PREFIX: 'bench_', IN_PROCESS_INDEXER: 'false', RATE_LIMIT: 'false' });
  const system = await bootSystem(config, createLogger('warn'));
  try {
    if (fresh) await loadCorpus(system);
    // The first pass pays for loading the lexicon and analysing each distinct word once; the second is what a process that has seen them pays.
    const first = await buildDocuments(system);
    const second = await buildDocuments(system);
    log(`documents ${first.documents}, JSON ${first.jsonMiB} MiB, built in ${first.seconds} s (first pass) and ${second.seconds} s (second)`);
    const reindexSeconds = [];
    for (let r = 0; r < reps; r++) {
      const started = performance.now();
      await system.search.reindex();
      reindexSeconds.push(+((performance.now() - started) / 1000).toFixed(1));
      log(`reindex ${reindexSeconds[r]} s`);
    }
    const index = await system.search.client.index(system.search.indexUid).getStats();
    const all = await system.search.client.getStats();
    const result = {
      build,
      cases,
      documents: first.documents,
      jsonMiB: first.jsonMiB,
      buildSeconds: [first.seconds, second.seconds],
      reindexSeconds,
      rawDocumentDbMiB: +(index.rawDocumentDbSize / 2 ** 20).toFixed(1),
      avgDocumentBytes: index.avgDocumentSize,
      usedDatabaseMiB: +(all.usedDatabaseSize / 2 ** 20).toFixed(1),
      loadAverage: require('node:os').loadavg().map((l) => +l.toFixed(1)),
    };
    log(`RESULT ${JSON.stringify(result)}`);
  } finally {
    await system.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`index-scale failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
