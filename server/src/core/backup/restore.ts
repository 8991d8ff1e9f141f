// `npm run restore`: a backup file back into an empty database, all in one transaction.
// The schema is rebuilt by running the backup's own migrations (not today's: the rows
// fit the schema they were taken from), then every table is loaded through COPY, the
// sequences are set, and every row count is checked against the manifest. Anything
// wrong — a damaged file, a count that differs — rolls it all back: nothing is written.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { MigrationObject } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { BackupFileError, ident, readManifest, readTables, verifyArchive, type BackupManifest, type BackupTable } from './archive';
import { MIGRATIONS_TABLE } from './backup';

/** A restore that would do harm (a non-empty database, someone else connected); nothing was written. */
export class RestoreRefused extends Error {
  override name = 'RestoreRefused';
}

export interface RestoreOptions {
  databaseUrl: string;
  file: string;
  /** Replace whatever the database holds instead of refusing a non-empty one. */
  force: boolean;
  /** Supplies the migration classes and what they need to produce their SQL; it need not be connected. */
  orm: MikroORM;
  migrations: readonly MigrationObject[];
}

export interface RestoreResult {
  manifest: BackupManifest;
  rows: number;
  /** The database held rows before (only with force). */
  replaced: boolean;
}

export async function restoreBackup(opts: RestoreOptions): Promise<RestoreResult> {
  const manifest = await readManifest(opts.file);
  const migrations = backupMigrations(manifest, opts.migrations);
  await verifyArchive(opts.file, manifest);
  const client = new pg.Client({ connectionString: opts.databaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    await refuseOtherSessions(client);
    const replaced = await clearDatabase(client, opts.force);
    await runMigrations(client, opts.orm, migrations);
    // Rows a migration inserted are in the backup too, as they were at the backup's moment.
    if (manifest.tables.length) await client.query(`truncate ${manifest.tables.map((t) => ident(t.name)).join(', ')}`);
    // Without a load order, foreign keys (and any trigger) must stay quiet until the rows are all in.
    if (manifest.cyclicForeignKeys) await client.query('set local session_replication_role = replica');
    const rows = await readTables(opts.file, manifest, (table, lines) => copyInto(client, table, lines));
    await setSequences(client, manifest);
    await verifyCounts(client, manifest);
    await client.query('commit');
    return { manifest, rows, replaced };
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The backup's migrations must be this version's first ones, in order; a newer backup cannot be read. */
export function backupMigrations(manifest: BackupManifest, known: readonly MigrationObject[]): MigrationObject[] {
  manifest.migrations.forEach((name, i) => {
    if (known[i]?.name === name) return;
    throw new BackupFileError(
      known.some((m) => m.name === name)
        ? `The backup's migrations are not in this version's order (${name} at position ${i + 1}); restore it with the Utbyte version that took it`
        : `The backup was taken by a newer version of Utbyte (migration ${name} is unknown here); restore it with that version or a later one`,
    );
  });
  return known.slice(0, manifest.migrations.length);
}

async function refuseOtherSessions(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ n: string; db: string }>(
    `select count(*) filter (where pid <> pg_backend_pid() and backend_type = 'client backend') as n, current_database() as db from pg_stat_activity where datname = current_database()`,
  );
  const others = Number(rows[0].n);
  if (others > 0) {
    throw new RestoreRefused(
      `${others} other connection(s) use database "${rows[0].db}"; stop every server and indexer using it before restoring, or restore into another database`,
    );
  }
}

/** Empties the database for the restore; refuses one that holds rows unless forced. */
async function clearDatabase(client: pg.Client, force: boolean): Promise<boolean> {
  const { rows: tables } = await client.query<{ name: string }>(
    `select relname as name from pg_class where relnamespace = current_schema()::regnamespace and relkind in ('r', 'p') and relname <> $1 order by relname`,
    [MIGRATIONS_TABLE],
  );
  const filled: string[] = [];
  for (const { name } of tables) {
    if ((await client.query(`select 1 from ${ident(name)} limit 1`)).rowCount) filled.push(name);
  }
  if (filled.length && !force) {
    const db = (await client.query<{ db: string }>('select current_database() as db')).rows[0].db;
    throw new RestoreRefused(
      `Database "${db}" is not empty (${filled.length} tables hold rows, among them ${filled.slice(0, 3).join(', ')}); restore into an empty database, or add --force to replace everything in it`,
    );
  }
  // Objects of an extension belong to it and stay; everything else in the schema goes.
  const { rows: drops } = await client.query<{ sql: string }>(`
    select format('drop %s if exists %I cascade', case c.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'S' then 'sequence' when 'f' then 'foreign table' else 'table' end, c.relname) as sql, 1 as step
      from pg_class c where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') and not c.relispartition
       and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
    union all
    select format('drop routine if exists %I(%s) cascade', p.proname, pg_get_function_identity_arguments(p.oid)), 2
      from pg_proc p where p.pronamespace = current_schema()::regnamespace and p.prokind in ('f', 'p')
       and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e')
    union all
    select format('drop type if exists %I cascade', t.typname), 3
      from pg_type t where t.typnamespace = current_schema()::regnamespace and t.typtype in ('e', 'd', 'r')
       and not exists (select 1 from pg_depend d where d.classid = 'pg_type'::regclass and d.objid = t.oid and d.deptype = 'e')
    order by step`);
  for (const { sql } of drops) await client.query(sql);
  return filled.length > 0;
}

/** Runs the migrations' SQL on our connection, inside our transaction, and records them as MikroORM does. */
async function runMigrations(client: pg.Client, orm: MikroORM, migrations: MigrationObject[]): Promise<void> {
  // The table MikroORM's migrator creates, so that later `migrate` runs continue from here.
  await client.query(`create table ${ident(MIGRATIONS_TABLE)} ("id" serial primary key, "name" varchar(255), "executed_at" timestamptz default current_timestamp)`);
  for (const { name, class: MigrationClass } of migrations) {
    // The list holds @mikro-orm/migrations' Migration classes; core's type only promises up() and down().
    const migration = new MigrationClass(orm.em.getDriver(), orm.config) as unknown as Migration;
    await migration.up();
    for (const sql of migration.getQueries()) {
      // Our migrations are plain SQL (what migration:create writes); a query builder would run on another connection.
      if (typeof sql !== 'string') throw new Error(`migration ${name} is not plain SQL; restore cannot run it in its transaction`);
      await client.query(sql);
    }
    await client.query(`insert into ${ident(MIGRATIONS_TABLE)} (name) values ($1)`, [name]);
  }
}

const NEWLINE = Buffer.from('\n');
const BATCH_BYTES = 1024 * 1024;

/** Streams one table's rows into it through COPY, in batches of about a megabyte. */
async function copyInto(client: pg.Client, table: BackupTable, rows: AsyncIterable<Buffer>): Promise<void> {
  async function* batches(): AsyncGenerator<Buffer> {
    let batch: Buffer[] = [];
    let bytes = 0;
    for await (const row of rows) {
      batch.push(row, NEWLINE);
      bytes += row.length + 1;
      if (bytes >= BATCH_BYTES) {
        yield Buffer.concat(batch);
        batch = [];
        bytes = 0;
      }
    }
    if (batch.length) yield Buffer.concat(batch);
  }
  const columns = table.columns.map(ident).join(', ');
  try {
    await pipeline(Readable.from(batches()), client.query(copyFrom(`copy ${ident(table.name)} (${columns}) from stdin`)));
  } catch (err) {
    if (err instanceof BackupFileError) throw err;
    throw new Error(`loading table ${table.name}: ${(err as Error).message}`, { cause: err });
  }
}

async function setSequences(client: pg.Client, manifest: BackupManifest): Promise<void> {
  for (const seq of manifest.sequences) {
    const { rows } = await client.query<{ t: string | null }>('select to_regclass($1) as t', [ident(seq.name)]);
    if (!rows[0].t) throw new BackupFileError(`The backup's sequence ${seq.name} does not exist in the restored schema`);
    await client.query('select setval($1::regclass, $2::bigint, $3)', [ident(seq.name), seq.lastValue, seq.isCalled]);
  }
}

async function verifyCounts(client: pg.Client, manifest: BackupManifest): Promise<void> {
  for (const table of manifest.tables) {
    const { rows } = await client.query<{ n: string }>(`select count(*) as n from ${ident(table.name)}`);
    if (Number(rows[0].n) !== table.rows) throw new Error(`restore of ${table.name}: ${rows[0].n} rows in the database, ${table.rows} in the backup`);
  }
}
