// What changed between the published revision of a case and the draft a reviewer is
// asked to publish, field by field: words for text (the body is compared as the
// Markdown the editor wrote), whole items for lists. Pure: the review page reads both
// versions through GraphQL, turns them into display strings and hands them here.
import { diffArrays, diffWordsWithSpace, type ChangeObject } from 'diff';

export interface Segment {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

/** One field: what the old column shows (kept and removed parts) and the new one (kept and added). */
export interface FieldDiff {
  key: string;
  /** Text is marked word by word and flows as prose; a list is marked item by item. */
  shape: 'text' | 'list';
  changed: boolean;
  before: Segment[];
  after: Segment[];
}

/** A version of a case as the diff reads it: each field as text or as a list of one-line items. */
export type Comparable = Record<string, string | string[]>;

/**
 * Word diffs give up past this many edited tokens (a body rewritten from scratch): the
 * cost grows with text length times edits, and a rewrite marked word by word is
 * unreadable anyway. The field then shows as wholly removed and wholly added. At the
 * largest body (50 000 characters) giving up takes about 0.1 s; 4000 took 3 s.
 */
const MAX_EDITS = 300;

function sides<T>(changes: ChangeObject<T>[], text: (value: T) => string[]): { before: Segment[]; after: Segment[] } {
  const before: Segment[] = [];
  const after: Segment[] = [];
  for (const c of changes) {
    for (const t of text(c.value)) {
      if (c.added) after.push({ kind: 'added', text: t });
      else if (c.removed) before.push({ kind: 'removed', text: t });
      else {
        before.push({ kind: 'same', text: t });
        after.push({ kind: 'same', text: t });
      }
    }
  }
  return { before, after };
}

export function diffText(before: string, after: string): { before: Segment[]; after: Segment[] } {
  if (before === after) return sides([{ value: before, added: false, removed: false, count: 1 }], (v) => (v ? [v] : []));
  const changes = diffWordsWithSpace(before, after, { maxEditLength: MAX_EDITS }) ?? [
    { value: before, added: false, removed: true, count: 1 },
    { value: after, added: true, removed: false, count: 1 },
  ];
  return sides(changes, (v) => (v ? [v] : []));
}

export function diffList(before: string[], after: string[]): { before: Segment[]; after: Segment[] } {
  return sides(diffArrays(before, after), (items) => items);
}

/**
 * The fields in `keys` order. With no `before` (a case never published) every field is
 * new: nothing is marked, there is nothing to compare with.
 */
export function diffContent(keys: readonly string[], before: Comparable | null, after: Comparable): FieldDiff[] {
  return keys.map((key) => {
    const a = after[key] ?? '';
    const shape = Array.isArray(a) ? 'list' : 'text';
    if (!before) {
      const same = (Array.isArray(a) ? a : a ? [a] : []).map((text) => ({ kind: 'same' as const, text }));
      return { key, shape, changed: false, before: [], after: same };
    }
    const b = before[key] ?? (shape === 'list' ? [] : '');
    const d = shape === 'list' ? diffList(toList(b), toList(a)) : diffText(toText(b), toText(a));
    const changed = [...d.before, ...d.after].some((s) => s.kind !== 'same');
    return { key, shape, changed, ...d };
  });
}

const toList = (v: string | string[]) => (Array.isArray(v) ? v : v ? [v] : []);
const toText = (v: string | string[]) => (Array.isArray(v) ? v.join('\n') : v);
