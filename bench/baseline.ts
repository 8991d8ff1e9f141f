// The hand-written baselines the benchmarks compare Utbyte with: a bare node:http
// server that answers the nested practice-case list and performs a publish with `pg`
// and SQL written by hand. No GraphQL, no ORM, no DataLoader, no authentication —
// what the database and Node allow for the same data, with the same JSON out.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { caseContent, type CaseContentSource } from '../server/src/modules/practice-cases/practice-case.content';

export interface BaselineServer {
  url: string;
  pool: pg.Pool;
  close(): Promise<void>;
}

const LIST_SQL = `
  select c.id, c.theme_slugs, cty.name as county_name, case when a.status = 'PUBLISHED' then a.title end as adapted_title
  from practice_case c
  join municipality m on m.code = c.municipality_code
  join county cty on cty.code = m.county_code
  -- The status test stays out of the join condition: inside it, the planner may walk
  -- the status index for every row instead of looking the origin up by primary key.
  left join practice_case a on a.id = c.adapted_from_id
  where c.status = 'PUBLISHED'
  order by c.updated_at desc, c.id desc
  limit $1`;

const PARTNERS_SQL = `
  select p.practice_case_id as case_id, o.name
  from practice_case_partner p join organization o on o.id = p.organization_id
  where p.practice_case_id = any($1::uuid[])
  order by p.practice_case_id, p.position`;

/** The same JSON as the `practiceCases` query of benchmark 2/3 returns to an anonymous reader. */
export async function nestedList(pool: pg.Pool, first: number): Promise<unknown> {
  const { rows } = await pool.query<{ id: string; theme_slugs: string[]; county_name: string; adapted_title: string | null }>(LIST_SQL, [first]);
  const ids = rows.map((r) => r.id);
  const slugs = [...new Set(rows.flatMap((r) => r.theme_slugs))];
  const [partners, themes] = await Promise.all([
    pool.query<{ case_id: string; name: string }>(PARTNERS_SQL, [ids]),
    pool.query<{ slug: string }>('select slug from theme where slug = any($1::text[])', [slugs]),
  ]);
  const known = new Set(themes.rows.map((t) => t.slug));
  const byCase = new Map<string, { organization: { name: string } }[]>();
  for (const p of partners.rows) {
    const list = byCase.get(p.case_id) ?? [];
    list.push({ organization: { name: p.name } });
    byCase.set(p.case_id, list);
  }
  return {
    data: {
      practiceCases: {
        edges: rows.map((r) => ({
          node: {
            municipality: { county: { name: r.county_name } },
            themes: r.theme_slugs.filter((s) => known.has(s)).map((slug) => ({ slug })),
            partners: byCase.get(r.id) ?? [],
            adaptedFrom: r.adapted_title === null ? null : { title: r.adapted_title },
          },
        })),
      },
    },
  };
}

const PUBLISH_SQL = `
  update practice_case
  set status = 'PUBLISHED', published_at = $3, updated_at = $3, last_confirmed_at = $3, version = version + 1
  where id = $1 and version = $2 and status in ('IN_REVIEW', 'PUBLISHED')
  returning id, slug, title, summary, body, language, kind, municipality_code as "municipalityCode", participant_codes as "participantCodes",
    theme_slugs as "themeSlugs", target_groups::text[] as "targetGroups", places, started_on::text as "startedOn", ended_on::text as "endedOn",
    outcomes, funding, links, contacts, adapted_from_id as "adaptedFromId", adaptation_note as "adaptationNote", version`;

/** The row PUBLISH_SQL returns: the case's own columns under the entity's names. */
type PublishedRow = Omit<CaseContentSource, 'municipality' | 'adaptedFrom'> & { id: string; municipalityCode: string; adaptedFromId: string | null; version: number };

/**
 * One publish as a single hand-written transaction: the status change, the revision
 * with the full content snapshot, the outbox row and the review-history row — the same
 * rows the service writes.
 */
export async function publish(pool: pg.Pool, id: string, expectedVersion: number, actor: string): Promise<{ id: string; status: string; version: number } | null> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const now = new Date();
    const { rows } = await client.query<PublishedRow>(PUBLISH_SQL, [id, expectedVersion, now]);
    if (!rows.length) {
      await client.query('rollback');
      return null;
    }
    const c = rows[0];
    const partners = await client.query<{ slug: string; role: string }>(
      'select o.slug, p.role from practice_case_partner p join organization o on o.id = p.organization_id where p.practice_case_id = $1 order by p.position',
      [id],
    );
    // The same mapper the service's revision uses, so the baseline writes the same content.
    const content = caseContent(
      { ...c, municipality: { code: c.municipalityCode }, adaptedFrom: c.adaptedFromId ? { id: c.adaptedFromId } : null },
      partners.rows.map((p) => ({ organization: p.slug, role: p.role })),
    );
    await client.query(
      `insert into practice_case_revision (id, practice_case_id, number, content, published_by, published_at)
       select $1, $2, coalesce(max(number), 0) + 1, $3, $4, $5 from practice_case_revision where practice_case_id = $2`,
      [randomUUID(), id, JSON.stringify(content), actor, now],
    );
    await client.query(`insert into search_outbox (entity_type, entity_id, created_at, available_at, attempts) values ('PracticeCase', $1, $2, $2, 0)`, [id, now]);
    await client.query(`insert into practice_case_review (id, practice_case_id, action, note, actor_id, actor_name, at) values ($1, $2, 'PUBLISHED', null, $3, $4, $5)`, [randomUUID(), id, actor, 'Baseline', now]);
    await client.query('commit');
    return { id, status: 'PUBLISHED', version: c.version };
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Pool size as the ORM's (20), so both sides get the same database concurrency. */
export async function startBaselineServer(databaseUrl: string, poolMax = 20): Promise<BaselineServer> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolMax });
  // The handler answers every error itself, so nothing is left for the caller to await.
  const server = http.createServer((req, res) => void (async () => {
    try {
      // Both routes read and parse a JSON body like the GraphQL endpoint does.
      const body = JSON.parse((await readBody(req)) || '{}') as { variables?: Record<string, unknown> };
      const vars = body.variables ?? {};
      let out: unknown;
      if (req.url === '/cases') {
        out = await nestedList(pool, Number(vars.first ?? 20));
      } else if (req.url === '/publish') {
        const input = vars.input as { id: string; expectedVersion: number };
        const published = await publish(pool, input.id, input.expectedVersion, 'bench:baseline');
        out = { data: { publishPracticeCase: { practiceCase: published, userErrors: published ? [] : [{ code: 'VERSION_CONFLICT' }] } } };
      } else {
        res.writeHead(404).end();
        return;
      }
      const json = JSON.stringify(out);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json) });
      res.end(json);
    } catch (err) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: (err as Error).message }] }));
    }
  })());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    pool,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await pool.end();
    },
  };
}
