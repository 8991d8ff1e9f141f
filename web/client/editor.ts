// The case editor's enhancements. The form works without this script: every button is
// a submit. Here: autosave (the form, CSRF field included, is POSTed with
// _intent=autosave a few seconds after a change; the answer is the saved page, whose
// expectedVersion the form takes over), a live preview (the same form POSTed with
// _intent=preview, its preview region swapped in) and place suggestions fetched from
// /orter as one types. Nothing here can lose text: a failed or refused autosave only
// says so, and a conflict stops autosaving until the user saves by hand.
const FORM_ID = 'redigerare';
/** Seconds between a change and its autosave; the form's data-autosave-seconds overrides. */
const AUTOSAVE_SECONDS = 10;
const PREVIEW_DELAY_MS = 700;
const SUGGEST_DELAY_MS = 250;

const form = document.getElementById(FORM_ID) as HTMLFormElement | null;
const statusLine = document.getElementById('autospara');
let dirty = false;
let stopped = false;
let saveTimer: number | undefined;
let inFlight: Promise<void> | undefined;

function say(key: string, time?: string): void {
  if (!statusLine) return;
  const text = statusLine.dataset[key] ?? '';
  statusLine.textContent = time ? text.replace('{time}', time) : text;
}

function formBody(intent: string): URLSearchParams {
  const body = new URLSearchParams();
  for (const [name, value] of new FormData(form!)) if (typeof value === 'string') body.append(name, value);
  body.set('_intent', intent);
  return body;
}

function post(intent: string): Promise<Response> {
  return fetch(form!.action, { method: 'POST', body: formBody(intent), credentials: 'same-origin', headers: { accept: 'text/html' } });
}

/** Takes the saved page's version (and, for a new case, its address) into this form. */
function adopt(doc: Document, url: string): void {
  const fresh = doc.querySelector<HTMLInputElement>(`#${FORM_ID} input[name="expectedVersion"]`);
  if (!fresh) return;
  let mine = form!.querySelector<HTMLInputElement>('input[name="expectedVersion"]');
  if (!mine) {
    mine = document.createElement('input');
    mine.type = 'hidden';
    mine.name = 'expectedVersion';
    form!.prepend(mine);
  }
  mine.value = fresh.value;
  const action = doc.getElementById(FORM_ID)?.getAttribute('action');
  if (action && new URL(url).pathname !== window.location.pathname) {
    form!.action = action;
    window.history.replaceState(null, '', url);
  }
}

async function autosave(): Promise<void> {
  if (!form || stopped || !dirty) return;
  dirty = false;
  say('saving');
  try {
    const res = await post('autosave');
    if (res.status === 409) {
      stopped = true;
      say('conflict');
    } else if (res.status === 422) say('invalid');
    else if (!res.ok) say('failed');
    else {
      adopt(new DOMParser().parseFromString(await res.text(), 'text/html'), res.url);
      say('saved', new Date().toLocaleTimeString(document.documentElement.lang === 'en' ? 'en-GB' : 'sv-SE', { hour: '2-digit', minute: '2-digit' }));
    }
  } catch {
    dirty = true;
    say('failed');
  }
}

function scheduleAutosave(): void {
  dirty = true;
  // Only drafts autosave; the page leaves the status line out for other cases.
  if (stopped || !statusLine) return;
  window.clearTimeout(saveTimer);
  const seconds = Number(form?.dataset.autosaveSeconds) || AUTOSAVE_SECONDS;
  saveTimer = window.setTimeout(() => {
    inFlight = autosave().finally(() => {
      inFlight = undefined;
      if (dirty && !stopped) scheduleAutosave();
    });
  }, seconds * 1000);
}

let previewTimer: number | undefined;
let previewing = false;

async function refreshPreview(): Promise<void> {
  const res = await post('preview');
  const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
  const fresh = doc.querySelector('#forhandsvisning .editor__preview-body');
  const region = document.getElementById('forhandsvisning');
  const current = region?.querySelector('.editor__preview-body');
  if (!fresh || !region || !current) return;
  current.replaceWith(document.importNode(fresh, true));
  region.hidden = false;
}

let suggestTimer: number | undefined;

/** Fills the places' datalist with localities starting with what was typed, the owner's first. */
async function suggestPlaces(input: HTMLInputElement): Promise<void> {
  const words = input.value.trim();
  const list = document.getElementById('ortlista');
  if (words.length < 2 || !list) return;
  const owner = document.getElementById('agarkommun') as HTMLInputElement | null;
  const params = new URLSearchParams({ q: words, kommun: owner?.value ?? '' });
  const res = await fetch(`/orter?${params.toString()}`, { headers: { accept: 'text/html' } });
  if (!res.ok) return;
  const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
  const options = [...doc.querySelectorAll<HTMLElement>('#orter [data-name]')].map((item) => {
    const option = document.createElement('option');
    option.value = item.dataset.name ?? '';
    option.label = item.dataset.municipality ?? '';
    return option;
  });
  if (options.length) list.replaceChildren(...options);
}

function onInput(event: Event): void {
  const target = event.target as HTMLElement;
  if (target instanceof HTMLInputElement && target.getAttribute('list') === 'ortlista') {
    window.clearTimeout(suggestTimer);
    suggestTimer = window.setTimeout(() => void suggestPlaces(target), SUGGEST_DELAY_MS);
  }
  if (previewing && target.getAttribute('name') === 'body') {
    window.clearTimeout(previewTimer);
    previewTimer = window.setTimeout(() => void refreshPreview(), PREVIEW_DELAY_MS);
  }
  scheduleAutosave();
}

function onSubmit(event: SubmitEvent): void {
  const submitter = event.submitter as HTMLButtonElement | null;
  if (submitter?.value === 'preview') {
    event.preventDefault();
    previewing = true;
    void refreshPreview().then(() => document.getElementById('forhandsvisning')?.scrollIntoView({ block: 'nearest' }));
    return;
  }
  // A save racing an autosave would carry the version from before it: wait for it, then submit.
  if (inFlight) {
    event.preventDefault();
    void inFlight.then(() => form!.requestSubmit(submitter ?? undefined));
    return;
  }
  window.clearTimeout(saveTimer);
  stopped = true;
}

if (form) {
  say('idle');
  form.addEventListener('input', onInput);
  form.addEventListener('change', () => scheduleAutosave());
  form.addEventListener('submit', onSubmit);
}
