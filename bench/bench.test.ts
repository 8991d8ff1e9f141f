// Keeps the benchmark harness from rotting: a small, quick run of the real thing
// (`npm run bench -- --cases 500 --quick`, built and started as a child process) must
// finish and write a results file in which every benchmark has numeric figures. It
// asserts nothing about speed: timings on a shared CI machine say nothing. And the
// processes the harness starts must not outlive it.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');

// A private build: other test files run dist/ while this one works. Under
// node_modules/ so that the compiled files still resolve their dependencies.
const build = join(root, 'node_modules', '.cache', `utbyte-bench-${randomBytes(4).toString('hex')}`);

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), build], { cwd: root, stdio: 'pipe' });
}, 120_000);

afterAll(() => rmSync(build, { recursive: true, force: true }));

test('a quick benchmark run writes every benchmark with numeric results', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  const out = join(dir, 'results.json');
  try {
    const run = spawnSync(process.execPath, [join(build, 'bench', 'run.js'), '--cases', '500', '--quick', '--out', out], {
      cwd: root,
      encoding: 'utf8',
      timeout: 280_000,
    });
    if (run.status !== 0) throw new Error(`bench exited with ${run.status}:\n${run.stdout.slice(-3000)}\n${run.stderr.slice(-3000)}`);

    const results = JSON.parse(readFileSync(out, 'utf8'));
    expect(results.options).toMatchObject({ cases: 500, quick: true });
    expect(results.corpus.cases).toBe(500);
    expect(Object.keys(results.benchmarks).sort()).toEqual(['b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7', 'b8']);
    for (const [key, b] of Object.entries<any>(results.benchmarks)) {
      for (const side of ['ours', 'baseline']) {
        for (const stat of ['median', 'min', 'max']) {
          expect([key, side, stat, Number.isFinite(b[side][stat])]).toEqual([key, side, stat, true]);
        }
      }
      expect([key, Number.isFinite(b.ratio)]).toEqual([key, true]);
      expect(typeof b.target).toBe('string');
    }
    expect(Number.isFinite(results.benchmarks.b7.details.secondStartMs)).toBe(true);
    expect(Number.isFinite(results.benchmarks.b7.details.serverRssPeakUnderLoadMiB)).toBe(true);
    expect(results.benchmarks.b3.details.sameJson).toBe(true);
    // Search's floor: the cheapest request to each side, measured in the same repetitions, and the lower bound they give the ratio.
    const b1 = results.benchmarks.b1.details;
    expect(b1.stackFloorP50).toBeGreaterThan(0);
    expect(b1.meiliFloorP50).toBeGreaterThan(0);
    expect(Number.isFinite(b1.floorRatioP50)).toBe(true);
    // The search page lists exactly the hits of the GraphQL request it is compared with.
    expect(results.benchmarks.b8.details.hitOrderMismatches).toBe(0);
    const weights = results.benchmarks.b8.details.pageWeights;
    expect(Object.keys(weights).sort()).toEqual(['case', 'municipality', 'network', 'search', 'start', 'theme']);
    for (const [type, w] of Object.entries<any>(weights)) {
      for (const kind of ['html', 'css', 'js']) {
        // Every page has HTML, the site's stylesheet and site.js.
        expect([type, kind, w[kind].raw > 0 && w[kind].gzip > 0]).toEqual([type, kind, true]);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 300_000);

/** Processes whose command line names `dir` (Linux: /proc), so none is left behind. */
function processesUnder(dir: string): number[] {
  if (!existsSync('/proc')) return [];
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

test('the baseline of benchmark 7 stops its databases when stopped the moment it says it is ready', async () => {
  // It used to read its signal handlers only after saying so: a SIGTERM that came first
  // killed it outright and left the detached PostgreSQL and Meilisearch running (one
  // stop in three here), after the harness had deleted their data directory.
  for (let i = 0; i < 3; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'bench-services-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' };
      for (const key of ['DATABASE_URL', 'MEILI_URL', 'MEILI_MASTER_KEY', 'NODE_ENV', 'INDEX_PREFIX']) delete env[key];
      const child = spawn(process.execPath, [join(build, 'bench', 'services-only.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      const exited = new Promise<[number | null, string | null]>((resolve) => child.once('exit', (code, signal) => resolve([code, signal])));
      let out = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString('utf8');
          if (out.includes('services ready')) {
            child.kill('SIGTERM');
            resolve();
          }
        });
        void exited.then(() => reject(new Error(`services-only exited before it was ready: ${out}`)));
      });
      expect(await exited).toEqual([0, null]);
      expect(processesUnder(dataDir)).toEqual([]);
    } finally {
      for (const pid of processesUnder(dataDir)) process.kill(pid, 'SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}, 90_000);
