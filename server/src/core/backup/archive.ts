// The backup file: gzip'd lines. The first line is the manifest (JSON). Then, for each
// table in the order a restore loads them, a JSON line naming it, its rows in
// PostgreSQL's COPY text format (one row per line: COPY escapes newlines, tabs and
// backslashes inside values), and COPY's own end marker `\.`, a line no row can be.
// The last line says the file is complete. gzip's checksum catches damage in between.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

export const BACKUP_FORMAT = 'utbyte-backup';
export const BACKUP_FORMAT_VERSION = 1;
export const END_OF_ROWS = '\\.';
export const END_OF_FILE = { end: true } as const;

export interface BackupTable {
  name: string;
  /** Stored columns in table order; generated ones are left to the database. */
  columns: string[];
  rows: number;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  postgresVersion: string;
  /** Applied migrations in order: a restore rebuilds exactly this schema before loading. */
  migrations: string[];
  /** In an order where every table comes after the tables its foreign keys point at. */
  tables: BackupTable[];
  /** Foreign keys form a cycle, so no such order exists: a restore loads with triggers off. */
  cyclicForeignKeys: boolean;
  sequences: { name: string; lastValue: string; isCalled: boolean }[];
}

/** A file that is not a backup, is damaged, or does not match what it says it holds. */
export class BackupFileError extends Error {
  override name = 'BackupFileError';
}

/** Longest line accepted: a row of a case with every field at its limit is far below it. */
const MAX_LINE_BYTES = 64 * 1024 * 1024;

/** The decompressed lines of a backup file, without their newline; damage becomes BackupFileError. */
export async function* archiveLines(file: string): AsyncGenerator<Buffer> {
  const raw = createReadStream(file);
  const input = raw.pipe(createGunzip());
  // pipe() does not pass on a read error (no such file); the loop below must see it.
  raw.once('error', (err) => input.destroy(err));
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      let start = 0;
      for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
        pending.push(chunk.subarray(start, nl));
        yield pending.length === 1 ? pending[0] : Buffer.concat(pending);
        pending = [];
        pendingBytes = 0;
        start = nl + 1;
      }
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
        if (pendingBytes > MAX_LINE_BYTES) throw new BackupFileError('The backup file is damaged: a line longer than 64 MB');
      }
    }
  } catch (err) {
    if (err instanceof BackupFileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') throw new BackupFileError(`Cannot read ${file}: ${code}`);
    throw new BackupFileError(`The backup file is damaged or incomplete (${(err as Error).message})`);
  } finally {
    input.destroy();
    raw.destroy();
  }
  if (pendingBytes) throw new BackupFileError('The backup file is incomplete: it ends in the middle of a line');
}

/** Reads and checks the manifest alone, so a wrong file is refused before anything starts. */
export async function readManifest(file: string): Promise<BackupManifest> {
  const lines = archiveLines(file);
  try {
    const first = await lines.next();
    if (first.done) throw new BackupFileError(`${file} is empty`);
    return parseManifest(first.value);
  } finally {
    await lines.return(undefined);
  }
}

export function parseManifest(line: Buffer): BackupManifest {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(line.toString('utf8')) as BackupManifest;
  } catch {
    throw new BackupFileError('Not an Utbyte backup: the file does not start with a manifest');
  }
  if (manifest?.format !== BACKUP_FORMAT) throw new BackupFileError('Not an Utbyte backup: the file does not start with a manifest');
  if (manifest.formatVersion !== BACKUP_FORMAT_VERSION) {
    throw new BackupFileError(`This backup has format version ${manifest.formatVersion}; this version of Utbyte reads version ${BACKUP_FORMAT_VERSION}`);
  }
  const wellFormed =
    Array.isArray(manifest.migrations) && manifest.migrations.every((m) => typeof m === 'string') &&
    Array.isArray(manifest.tables) && manifest.tables.every((t) => typeof t?.name === 'string' && Array.isArray(t.columns) && Number.isInteger(t.rows)) &&
    Array.isArray(manifest.sequences);
  if (!wellFormed) throw new BackupFileError('The backup manifest is damaged');
  return manifest;
}

/**
 * Goes through the tables of a backup in order, checking the file's structure against
 * its manifest; `take` gets each table's rows (COPY text lines) and must read them all.
 * Returns the number of rows.
 */
export async function readTables(file: string, manifest: BackupManifest, take: (table: BackupTable, rows: AsyncIterable<Buffer>) => Promise<void>): Promise<number> {
  const lines = archiveLines(file);
  const next = async (where: string): Promise<Buffer> => {
    const line = await lines.next();
    if (line.done) throw new BackupFileError(`The backup file is incomplete: it ends ${where}`);
    return line.value;
  };
  try {
    await next('before its first table'); // the manifest
    let total = 0;
    for (const table of manifest.tables) {
      const header = jsonLine(await next(`before table ${table.name}`));
      if (header?.table !== table.name) throw new BackupFileError(`The backup file is damaged: table ${table.name} expected, found ${typeof header?.table === 'string' ? header.table : 'something else'}`);
      let rows = 0;
      const rowsOf = async function* (): AsyncGenerator<Buffer> {
        for (let line = await next(`inside table ${table.name}`); !isEndOfRows(line); line = await next(`inside table ${table.name}`), rows++) yield line;
      };
      await take(table, rowsOf());
      if (rows !== table.rows) throw new BackupFileError(`The backup file is damaged: table ${table.name} has ${rows} rows, its manifest says ${table.rows}`);
      total += rows;
    }
    if (jsonLine(await next('before its end marker'))?.end !== true) throw new BackupFileError('The backup file is damaged: no end marker after the last table');
    if (!(await lines.next()).done) throw new BackupFileError('The backup file is damaged: data after its end marker');
    return total;
  } finally {
    await lines.return(undefined);
  }
}

/** Reads the whole file once, so damage is reported before a database is touched. */
export async function verifyArchive(file: string, manifest: BackupManifest): Promise<number> {
  return readTables(file, manifest, async (_table, rows) => {
    for await (const _row of rows) {
      // counted by readTables
    }
  });
}

function isEndOfRows(line: Buffer): boolean {
  return line.length === 2 && line.toString('latin1') === END_OF_ROWS;
}

function jsonLine(line: Buffer): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line.toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Quotes an identifier for SQL (names come from the catalog or a manifest, so quote always). */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
