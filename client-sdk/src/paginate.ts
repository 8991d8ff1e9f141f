// Async iteration over Relay connections: fetches the next page only when the caller
// has consumed the current one, so `break` stops the requests too.

export interface Page<TNode> {
  edges: ReadonlyArray<{ node: TNode }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export async function* paginate<TNode>(fetchPage: (after: string | null) => Promise<Page<TNode>>): AsyncGenerator<TNode, void, undefined> {
  let after: string | null = null;
  for (;;) {
    const page: Page<TNode> = await fetchPage(after);
    for (const edge of page.edges) yield edge.node;
    const next = page.pageInfo.endCursor;
    // A server that reports another page without moving the cursor would loop forever.
    if (!page.pageInfo.hasNextPage || next === null || next === after || page.edges.length === 0) return;
    after = next;
  }
}

/** Makes a new idempotency key: random, so two different requests never share one. */
export function newIdempotencyKey(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  // Older browsers without randomUUID: still unique enough for a retry window.
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}
