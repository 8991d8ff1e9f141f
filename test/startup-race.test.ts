// Several processes starting together on one empty database: migrations, reference data
// and demo content are each done by exactly one of them (advisory locks in
// server/src/core/db/advisory-lock.ts); the others wait, find the work done and start.
// Not on useTestSystem: the point is several systems starting at once on one empty database.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startTestSystem, type TestSystem } from './helpers/system';
import { DEMO_CASES } from '../server/src/seed/demo-content';
import { migrationsList } from '../server/src/migrations';

const started: TestSystem[] = [];

afterAll(async () => {
  // The last one drops the shared database.
  for (const [i, t] of started.entries()) await t.stop({ keepDatabase: i < started.length - 1 });
});

test('three systems starting at once on one empty database all start, and the demo is loaded once', async () => {
  const database = `utbyte_test_race_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${database}`);
  await admin.end();
  // One deployment: the same database and the same search index for all three.
  const indexPrefix = `r${randomBytes(4).toString('hex')}_`;
  const results = await Promise.allSettled([0, 1, 2].map(() => startTestSystem({ demo: true, indexPrefix }, { database })));
  for (const r of results) if (r.status === 'fulfilled') started.push(r.value);
  expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'started'))).toEqual(['started', 'started', 'started']);

  const t = started[0];
  const cases = await t.sql<{ slug: string; n: number }>(`select slug, count(*)::int as n from practice_case group by slug order by slug`);
  expect(cases.map((c) => c.slug)).toEqual(DEMO_CASES.map((d) => d.slug).sort());
  expect(cases.every((c) => c.n === 1)).toBe(true);
  const migrations = await t.sql<{ name: string; n: number }>(`select name, count(*)::int as n from mikro_orm_migrations group by name order by name`);
  expect(migrations).toEqual(migrationsList.map((m) => ({ name: m.name, n: 1 })).sort((a, b) => a.name.localeCompare(b.name)));
  // Every system serves the demo content.
  for (const s of started) {
    const data = await s.data<{ practiceCases: { totalCount: number } }>(`{ practiceCases(first: 1) { totalCount } }`);
    expect(data.practiceCases.totalCount).toBeGreaterThan(0);
  }
});
