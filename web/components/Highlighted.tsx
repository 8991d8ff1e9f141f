// Text the search API highlighted. The API sends HTML (the case's text escaped, the
// matched words in <mark>…</mark>); rather than trusting that string into the page, we
// read it back into text and <mark> elements, and the renderer escapes the text again.
// Whatever else the string held would come out as visible text, never as markup.
import type { ComponentChildren } from 'preact';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

/** The text of an escaped HTML fragment: the API's entities back to characters. */
export function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#39);/g, (_, name: string) => ENTITIES[name]);
}

/** Splits highlight HTML into runs of text, each marked or not. Unbalanced tags just toggle. */
export function highlightRuns(html: string): { text: string; marked: boolean }[] {
  const runs: { text: string; marked: boolean }[] = [];
  let marked = false;
  for (const part of html.split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else if (part) runs.push({ text: unescapeHtml(part), marked });
  }
  return runs;
}

export function Highlighted({ html }: { html: string }): ComponentChildren {
  return highlightRuns(html).map((run) => (run.marked ? <mark>{run.text}</mark> : run.text));
}
