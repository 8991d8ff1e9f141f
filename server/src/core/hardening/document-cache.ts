// Apollo keeps every document that passed validation, keyed by the hash of its text, so
// a repeated query skips parsing and validation. Its default store is bounded by the
// documents' JSON size (30 MB), which is about four times less than the heap a parsed
// document holds (its tokens stay linked from every location): filled by a stream of
// distinct hostile documents it kept some 120 MB for good. This one is bounded by the
// length of the documents' text, which is what their heap grows with (about 80 bytes a
// character), and by a number of entries; the least recently used go first.
import type { DocumentNode } from 'graphql';

export const DOCUMENT_CACHE_CHARS = 256 * 1024;
export const DOCUMENT_CACHE_ENTRIES = 1000;

interface Entry {
  document: DocumentNode;
  chars: number;
}

/** Apollo's `documentStore` (a KeyValueCache of parsed documents). */
export class DocumentCache {
  private readonly entries = new Map<string, Entry>();
  private chars = 0;

  constructor(
    readonly maxChars = DOCUMENT_CACHE_CHARS,
    readonly maxEntries = DOCUMENT_CACHE_ENTRIES,
  ) {}

  async get(key: string): Promise<DocumentNode | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Most recently used last: Map keeps insertion order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.document;
  }

  async set(key: string, document: DocumentNode): Promise<void> {
    this.remove(key);
    const chars = document.loc?.end ?? 1000;
    // One document may not push out a quarter of the others: a huge one is rare, and parsing it again is cheap next to that.
    if (chars > this.maxChars / 4) return;
    this.entries.set(key, { document, chars });
    this.chars += chars;
    for (const [oldest] of this.entries) {
      if (this.chars <= this.maxChars && this.entries.size <= this.maxEntries) break;
      this.remove(oldest);
    }
  }

  async delete(key: string): Promise<boolean> {
    return this.remove(key);
  }

  private remove(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.chars -= entry.chars;
    return true;
  }

  /** Documents held. */
  get size(): number {
    return this.entries.size;
  }

  /** Characters of text of the documents held. */
  get textLength(): number {
    return this.chars;
  }
}
