// How the command line prints: aligned text tables for people, JSON for scripts.

export interface Io {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

function cell(value: unknown, max: number): string {
  const primitive = value as string | number | boolean | bigint | null | undefined;
  const text =
    value === null || value === undefined
      ? ''
      : Array.isArray(value)
        ? value.join(', ')
        : typeof value === 'object'
          ? JSON.stringify(value) // not "[object Object]"
          : String(primitive);
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * Columns are [heading, value getter, widest cell]; longer cells are cut with an
 * ellipsis. Ids are never cut (pass Infinity) since people copy them.
 */
export type Column<T> = readonly [string, (row: T) => unknown, number?];

export function table<T>(rows: readonly T[], columns: ReadonlyArray<Column<T>>, maxWidth = 48): string {
  const body = rows.map((row) => columns.map(([, get, max]) => cell(get(row), max ?? maxWidth)));
  const widths = columns.map(([heading], i) => Math.max(heading.length, ...body.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(columns.map(([h]) => h.toUpperCase())), ...body.map(line)].join('\n') + '\n';
}

/** "key: value" lines for one object, keys aligned. */
export function details(pairs: ReadonlyArray<readonly [string, unknown]>): string {
  const shown = pairs.filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0) && v !== '');
  const width = Math.max(...shown.map(([k]) => k.length));
  return shown.map(([k, v]) => `${`${k}:`.padEnd(width + 1)} ${Array.isArray(v) ? v.join(', ') : String(v)}`).join('\n') + '\n';
}

export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
