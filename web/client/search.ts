// Search as you type on /sok. The page works without this: the form is a GET form and
// every link is a URL. Here, typing (after a pause), changing a select, submitting and
// "show more" fetch the same /sok URL the form or link would open, and swap in its
// results region; the address bar follows (pushState, or replaceState while typing),
// back and forward fetch their URL again, and the new count is announced.
const REGION = 'sokresultat';
const FORM = 'sokformular';
const DELAY_MS = 300;

let pending: AbortController | undefined;
let timer: number | undefined;
/** True while the current history entry was made by typing: more typing replaces it. */
let typing = false;

function formUrl(form: HTMLFormElement): string {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(form)) if (typeof value === 'string' && value.trim() !== '') params.append(name, value);
  const query = params.toString();
  return query ? `${form.action}?${query}` : form.action;
}

function announce(text: string): void {
  const live = document.getElementById('sok-meddelande');
  // Clearing first makes screen readers announce the same text again.
  if (live) {
    live.textContent = '';
    window.setTimeout(() => (live.textContent = text), 50);
  }
}

/** Fetches a search URL and puts its results region (and title) into this page. */
async function load(url: string, history: 'push' | 'replace' | 'none'): Promise<HTMLElement | null> {
  pending?.abort();
  const controller = new AbortController();
  pending = controller;
  try {
    const res = await fetch(url, { signal: controller.signal, headers: { accept: 'text/html' } });
    if (!res.ok) throw new Error(String(res.status));
    const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
    const fresh = doc.getElementById(REGION);
    const current = document.getElementById(REGION);
    if (!fresh || !current) throw new Error('no results region');
    current.replaceWith(document.importNode(fresh, true));
    // Back and forward: the form shows what that URL searched for (words, sort, filters).
    const freshForm = doc.getElementById(FORM);
    if (history === 'none' && freshForm) document.getElementById(FORM)?.replaceWith(document.importNode(freshForm, true));
    document.title = doc.title;
    if (history === 'push') window.history.pushState({ search: true }, '', url);
    if (history === 'replace') window.history.replaceState({ search: true }, '', url);
    announce(fresh.dataset.count ?? '');
    return document.getElementById(REGION);
  } catch (err) {
    if ((err as Error).name === 'AbortError') return null;
    // Whatever went wrong, the plain page still works.
    window.location.assign(url);
    return null;
  }
}

function search(form: HTMLFormElement, fromTyping: boolean): void {
  const url = formUrl(form);
  if (url === window.location.href || new URL(url, window.location.href).href === window.location.href) return;
  void load(url, fromTyping && typing ? 'replace' : 'push');
  typing = fromTyping;
}

document.addEventListener('input', (event) => {
  const input = event.target as HTMLInputElement;
  if (input.id !== 'q' || !input.form || input.form.id !== FORM) return;
  const form = input.form;
  window.clearTimeout(timer);
  timer = window.setTimeout(() => search(form, true), DELAY_MS);
});

document.addEventListener('change', (event) => {
  const select = event.target as HTMLSelectElement;
  if (select.tagName === 'SELECT' && select.form?.id === FORM) search(select.form, false);
});

document.addEventListener('submit', (event) => {
  const form = event.target as HTMLFormElement;
  if (form.id !== FORM) return;
  event.preventDefault();
  window.clearTimeout(timer);
  typing = false;
  const url = formUrl(form);
  void load(url, new URL(url, window.location.href).href === window.location.href ? 'replace' : 'push');
});

document.addEventListener('click', (event) => {
  const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-show-more]');
  if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
  event.preventDefault();
  const shown = Number(link.dataset.showMore);
  typing = false;
  void load(link.href, 'push').then((region) => {
    // Continue where the reader was: on the first hit that was not there before.
    const first = region?.querySelectorAll<HTMLAnchorElement>('.case-card__title a')[shown];
    first?.focus();
  });
});

window.addEventListener('popstate', () => {
  typing = false;
  void load(window.location.href, 'none');
});
