// `npm run backup`: every application table, as one consistent snapshot, into one file.
// It needs no pg_dump (whose version would have to match the server's): rows leave
// PostgreSQL through COPY inside one REPEATABLE READ READ ONLY transaction, so the
// server keeps serving and the file shows the database at a single moment.
import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, END_OF_FILE, END_OF_ROWS, ident, type BackupManifest, type BackupTable } from './archive';

export const MIGRATIONS_TABLE = 'mikro_orm_migrations';

/** Writes a backup of the database at `databaseUrl` to `file` (mode 600: it holds personal data and token hashes). */
export async function writeBackup(databaseUrl: string, file: string): Promise<BackupManifest> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  // A failed backup must not leave a file that looks like one.
  const partial = `${file}.partial`;
  const gzip = createGzip();
  const written = pipeline(gzip, createWriteStream(partial, { mode: 0o600 }));
  // Awaited below; this only keeps an early failure (no such folder) from counting as unhandled.
  written.catch(() => undefined);
  try {
    await client.query('begin isolation level repeatable read read only');
    const manifest = await snapshotManifest(client);
    await put(gzip, `${JSON.stringify(manifest)}\n`);
    for (const table of manifest.tables) await copyTable(client, gzip, table);
    await put(gzip, `${JSON.stringify(END_OF_FILE)}\n`);
    gzip.end();
    await written;
    await client.query('commit');
    renameSync(partial, file);
    return manifest;
  } catch (err) {
    gzip.destroy();
    await written.catch(() => undefined);
    rmSync(partial, { force: true });
    throw err;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function put(out: Writable, chunk: string | Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

async function copyTable(client: pg.Client, out: Writable, table: BackupTable): Promise<void> {
  await put(out, `${JSON.stringify({ table: table.name, rows: table.rows })}\n`);
  const columns = table.columns.map(ident).join(', ');
  const rows = client.query(copyTo(`copy (select ${columns} from ${ident(table.name)}) to stdout`));
  let lines = 0;
  for await (const chunk of rows as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    await put(out, chunk);
  }
  // Same snapshot as the count, so any difference is a bug, not a concurrent write.
  if (lines !== table.rows) throw new Error(`backup of ${table.name}: counted ${table.rows} rows but copied ${lines}`);
  await put(out, `${END_OF_ROWS}\n`);
}

/** What the snapshot holds: the schema version, the tables in load order with their row counts, the sequences. */
async function snapshotManifest(client: pg.Client): Promise<BackupManifest> {
  const { rows: version } = await client.query<{ v: string }>(`select current_setting('server_version') as v`);
  const hasMigrations = (await client.query<{ t: string | null }>(`select to_regclass($1) as t`, [MIGRATIONS_TABLE])).rows[0].t !== null;
  const migrations = hasMigrations ? (await client.query<{ name: string }>(`select name from ${ident(MIGRATIONS_TABLE)} order by id`)).rows.map((r) => r.name) : [];
  const { order, cyclic } = await loadOrder(client);
  const tables: BackupTable[] = [];
  for (const name of order) {
    const { rows: cols } = await client.query<{ name: string }>(
      `select attname as name from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped and attgenerated = '' order by attnum`,
      [ident(name)],
    );
    const { rows: count } = await client.query<{ n: string }>(`select count(*) as n from ${ident(name)}`);
    tables.push({ name, columns: cols.map((c) => c.name), rows: Number(count[0].n) });
  }
  return {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    postgresVersion: version[0].v,
    migrations,
    tables,
    cyclicForeignKeys: cyclic,
    sequences: await sequenceValues(client),
  };
}

/**
 * The application's tables, each after the tables its foreign keys reference (a self-reference is checked at the end of the load's statement).
 * Unlogged tables hold only passing state (rate-limit buckets, keyed by callers) that a crash would lose anyway: not backed up.
 */
async function loadOrder(client: pg.Client): Promise<{ order: string[]; cyclic: boolean }> {
  const { rows: tables } = await client.query<{ name: string }>(
    `select relname as name from pg_class where relnamespace = current_schema()::regnamespace and relkind in ('r', 'p') and relpersistence = 'p' and not relispartition and relname <> $1 order by relname`,
    [MIGRATIONS_TABLE],
  );
  const { rows: refs } = await client.query<{ child: string; parent: string }>(
    `select c.relname as child, p.relname as parent from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
     where k.contype = 'f' and k.conrelid <> k.confrelid and c.relnamespace = current_schema()::regnamespace`,
  );
  const remaining = new Map(tables.map((t) => [t.name, new Set(refs.filter((r) => r.child === t.name && r.parent !== MIGRATIONS_TABLE).map((r) => r.parent))]));
  const order: string[] = [];
  while (remaining.size) {
    const ready = [...remaining].filter(([, parents]) => [...parents].every((p) => !remaining.has(p))).map(([name]) => name);
    // A cycle: take the rest alphabetically; the restore then loads with triggers off.
    if (!ready.length) return { order: [...order, ...remaining.keys()], cyclic: true };
    for (const name of ready) {
      order.push(name);
      remaining.delete(name);
    }
  }
  return { order, cyclic: false };
}

async function sequenceValues(client: pg.Client): Promise<BackupManifest['sequences']> {
  const { rows } = await client.query<{ name: string }>(
    `select relname as name from pg_class where relnamespace = current_schema()::regnamespace and relkind = 'S' and relname not like $1 order by relname`,
    [`${MIGRATIONS_TABLE}%`],
  );
  const out: BackupManifest['sequences'] = [];
  for (const { name } of rows) {
    // Sequences are outside MVCC: this reads at least the value any row in the snapshot used.
    const { rows: v } = await client.query<{ last_value: string; is_called: boolean }>(`select last_value::text, is_called from ${ident(name)}`);
    out.push({ name, lastValue: v[0].last_value, isCalled: v[0].is_called });
  }
  return out;
}
