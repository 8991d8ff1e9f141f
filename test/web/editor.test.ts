// The case editor in Chromium, signed in through the real form: a draft with every kind
// of field written without JavaScript ("add a row", a new organization, the case search
// and the preview are submit buttons), a field error beside its field with everything
// else kept, submit for review; two tabs saving the same draft (the second gets the 409
// page with both versions and keeps its text); autosave and the live preview with
// JavaScript; and an editor of Eksjö who gets 404 for Vimmerby's draft.
import type { Page } from 'playwright-core';
import { tokenFor } from '../helpers/actors';
import { CREATE, caseInput } from '../helpers/cases';
import { DICTIONARIES } from '../../web/server/i18n';
import { expectNoAxeViolations, hasHorizontalOverflow, NARROW, useSite } from './browser';

const site = useSite();
const sv = DICTIONARIES.sv;
const VIMMERBY_EDITOR = 'editor.0884@demo.utbyte.se';
const EKSJO_EDITOR = 'editor.0686@demo.utbyte.se';

let editorToken: string;

beforeAll(async () => {
  editorToken = await tokenFor(site.t, 'EDITOR', '0884');
}, 60_000);

const CASE_QUERY = `query($slug: String!) { practiceCase(slug: $slug) {
  id slug title summary body kind language status version startedOn endedOn adaptationNote
  participatingMunicipalities { code } themes { slug } targetGroups places { name resolved municipalityCode }
  partners { role organization { slug name } } outcomes { label value unit measuredOn } funding { source amountSek }
  links { kind title url } contacts { name role email phone } adaptedFrom { slug }
} }`;

async function caseBySlug(slug: string) {
  const data = await site.t.data<{ practiceCase: any }>(CASE_QUERY, { slug }, { token: editorToken });
  return data.practiceCase;
}

/** Clicks a submit button and waits for the page it leads to; returns its status. */
async function press(page: Page, selector: string): Promise<number | undefined> {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return response?.status();
}

const intent = (value: string) => `#redigerare button[name="_intent"][value="${value}"] >> nth=0`;
const value = (page: Page, name: string) => page.locator(`[name="${name}"]`).inputValue();

/** A Vimmerby draft made through the API, as another tab or person would. */
async function vimmerbyDraft(overrides: Record<string, unknown> = {}): Promise<{ id: string; slug: string; version: number }> {
  const res = await site.t.gql(CREATE, { input: caseInput({ municipality: '0884', ...overrides }) }, { token: editorToken });
  const payload = res.data.createPracticeCase;
  expect(payload.userErrors).toEqual([]);
  return payload.practiceCase;
}

test('without JavaScript: a draft with every kind of field, a field error beside its field with the input kept, then submitted for review', async () => {
  const page = await site.pageWithoutJs();
  await site.signIn(page, VIMMERBY_EDITOR);
  expect((await page.goto(site.url('/praktik/ny')))?.status()).toBe(200);
  await page.fill('[name=title]', 'Läxhjälp på biblioteket i Storebro');
  await page.fill('[name=summary]', 'Frivilliga hjälper barn med läxorna två kvällar i veckan.');
  await page.fill('[name=body]', 'Vi började **2023** med tre volontärer.\n\n- tisdagar\n- torsdagar');
  await page.selectOption('[name=kind]', 'EDUCATION');
  await page.fill('[name=startedOn]', '2023-01-15');
  await page.check('#f-themes-libraries-and-reading');
  await page.check('#f-themes-volunteering');
  await page.check('#f-targetGroups-CHILDREN_AND_FAMILIES');
  await page.fill('[name="participatingMunicipalities.0.code"]', 'Eksjö');

  // Preview: the body rendered by the server's Markdown renderer, the text kept.
  expect(await press(page, intent('preview'))).toBe(200);
  expect(await page.locator('#forhandsvisning strong').textContent()).toBe('2023');
  expect(await value(page, 'title')).toBe('Läxhjälp på biblioteket i Storebro');

  // "Add a row" re-renders with one more row, focused, and keeps what was typed.
  await page.fill('[name="places.0.name"]', 'Storebro');
  expect(await press(page, intent('add:places'))).toBe(200);
  expect(await page.locator('[name="places.1.name"]').count()).toBe(1);
  expect(await page.locator('[name="places.1.name"]').getAttribute('autofocus')).not.toBeNull();
  expect(await value(page, 'places.0.name')).toBe('Storebro');
  expect(await page.isChecked('#f-themes-volunteering')).toBe(true);
  await page.fill('[name="places.1.name"]', 'Vimmerby');

  // A partner by name from the list, and a new organization created from the form.
  await page.fill('[name="partners.0.organization"]', 'Emilkraften');
  await page.fill('[name="partners.0.role"]', 'volontärer');
  await page.click('.editor__new-org summary');
  await page.fill('[name=newOrgName]', 'Storebro läsfrämjare');
  await page.selectOption('[name=newOrgKind]', 'CIVIL_SOCIETY');
  expect(await press(page, intent('createOrg'))).toBe(200);
  expect(await value(page, 'partners.1.organization')).toBe('Storebro läsfrämjare');
  await page.fill('[name="partners.1.role"]', 'samordnare');

  await page.fill('[name="outcomes.0.label"]', 'Barn som fått hjälp');
  await page.fill('[name="outcomes.0.value"]', '1 200,5');
  await page.fill('[name="outcomes.0.unit"]', 'timmar');
  await page.fill('[name="outcomes.0.measuredOn"]', '2024-06');
  await page.fill('[name="funding.0.source"]', 'Kulturrådet');
  await page.fill('[name="funding.0.amountSek"]', '50000');
  await page.fill('[name="contacts.0.name"]', 'Karin Kontakt');
  await page.fill('[name="contacts.0.email"]', 'karin@example.se');

  // "Adapted from": search published cases, pick one.
  await page.fill('[name=caseSearch]', 'språkvän');
  expect(await press(page, intent('searchCases'))).toBe(200);
  const choice = page.locator('[name=adaptedFrom] option:not([value=""])').first();
  const origin = await choice.textContent();
  await page.selectOption('[name=adaptedFrom]', (await choice.getAttribute('value')));
  await page.fill('[name=adaptationNote]', 'Läxor i stället för samtal.');

  // A link that is not a web address: 422, the message beside the field and in the summary, nothing lost.
  await page.fill('[name="links.0.url"]', 'inte en adress');
  await page.fill('[name="links.0.title"]', 'Om läxhjälpen');
  expect(await press(page, intent('save'))).toBe(422);
  expect(await page.locator('#f-links-0-url-error').textContent()).toContain(`${sv.editor.link(1)}: ${sv.editor.linkUrl}`);
  expect(await page.locator('#f-links-0-url').getAttribute('aria-describedby')).toContain('f-links-0-url-error');
  expect(await page.locator('.error-summary a[href="#f-links-0-url"]').count()).toBe(1);
  for (const [name, expected] of [['title', 'Läxhjälp på biblioteket i Storebro'], ['outcomes.0.value', '1 200,5'], ['partners.1.organization', 'Storebro läsfrämjare'], ['links.0.url', 'inte en adress'], ['adaptationNote', 'Läxor i stället för samtal.']]) {
    expect([name, await value(page, name)]).toEqual([name, expected]);
  }
  expect(await page.isChecked('#f-targetGroups-CHILDREN_AND_FAMILIES')).toBe(true);

  await page.fill('[name="links.0.url"]', 'https://example.se/laxhjalp');
  expect(await press(page, intent('save'))).toBe(200);
  expect(page.url()).toMatch(/\/praktik\/laxhjalp-pa-biblioteket-i-storebro\/redigera$/);
  expect(await page.locator('.flash').textContent()).toBe(sv.editor.created);

  const saved = await caseBySlug('laxhjalp-pa-biblioteket-i-storebro');
  expect(saved).toMatchObject({
    status: 'DRAFT', kind: 'EDUCATION', startedOn: '2023-01-15', endedOn: null, body: 'Vi började **2023** med tre volontärer.\n\n- tisdagar\n- torsdagar',
    participatingMunicipalities: [{ code: '0686' }], targetGroups: ['CHILDREN_AND_FAMILIES'],
    places: [{ name: 'Storebro', resolved: true, municipalityCode: '0884' }, { name: 'Vimmerby', resolved: true, municipalityCode: '0884' }],
    partners: [{ role: 'volontärer', organization: { slug: 'emilkraften' } }, { role: 'samordnare', organization: { name: 'Storebro läsfrämjare' } }],
    outcomes: [{ label: 'Barn som fått hjälp', value: 1200.5, unit: 'timmar', measuredOn: '2024-06' }],
    funding: [{ source: 'Kulturrådet', amountSek: 50000 }],
    links: [{ kind: 'WEBSITE', title: 'Om läxhjälpen', url: 'https://example.se/laxhjalp' }],
    contacts: [{ name: 'Karin Kontakt', email: 'karin@example.se', role: null, phone: null }],
    adaptationNote: 'Läxor i stället för samtal.',
  });
  expect(saved.themes.map((t: { slug: string }) => t.slug).sort()).toEqual(['libraries-and-reading', 'volunteering']);
  expect(origin).toContain((await site.t.data(`query($s: String!) { practiceCase(slug: $s) { title } }`, { s: saved.adaptedFrom.slug })).practiceCase.title);

  // The saved draft opens with every value in place, then goes to review.
  expect(await value(page, 'outcomes.0.value')).toBe('1200.5');
  expect(await press(page, intent('submit'))).toBe(200);
  expect(new URL(page.url()).pathname).toBe('/mitt-arbete');
  expect(await page.locator('.flash').textContent()).toBe(sv.editor.submitted('Läxhjälp på biblioteket i Storebro'));
  expect(await page.locator('#granskas ~ .work-list a', { hasText: 'Läxhjälp på biblioteket i Storebro' }).count()).toBe(1);
  expect((await caseBySlug('laxhjalp-pa-biblioteket-i-storebro')).status).toBe('IN_REVIEW');
}, 120_000);

test('two tabs edit the same draft: the second save is the conflict page with both versions, and keeps its text', async () => {
  const draft = await vimmerbyDraft({ title: 'Språkcafé i Gullringen', body: 'Första texten.' });
  const first = await site.pageWithoutJs();
  await site.signIn(first, VIMMERBY_EDITOR);
  const second = await first.context().newPage();
  const path = `/praktik/${draft.slug}/redigera`;
  await first.goto(site.url(path));
  await second.goto(site.url(path));

  await first.fill('[name=title]', 'Språkcafé i Gullringen, varje tisdag');
  expect(await press(first, intent('save'))).toBe(200);

  await second.fill('[name=body]', 'Min egen text som inte får försvinna.');
  expect(await press(second, intent('save'))).toBe(409);
  expect(await second.locator('#konflikt h2').textContent()).toBe(sv.editor.conflictTitle);
  const row = second.locator('.compare__field', { has: second.locator('h3', { hasText: new RegExp(`^${sv.revisions.fields.title}$`) }) });
  expect(await row.locator('.compare__value').nth(0).textContent()).toBe('Språkcafé i Gullringen, varje tisdag');
  expect(await row.locator('.compare__value').nth(1).textContent()).toBe('Språkcafé i Gullringen');
  expect(await value(second, 'body')).toBe('Min egen text som inte får försvinna.');
  expect(await value(second, 'expectedVersion')).toBe(String((await caseBySlug(draft.slug)).version));

  // Saving again is a choice made knowing the other version: it goes through.
  expect(await press(second, intent('save'))).toBe(200);
  expect(await caseBySlug(draft.slug)).toMatchObject({ title: 'Språkcafé i Gullringen', body: 'Min egen text som inte får försvinna.' });
}, 60_000);

test('with JavaScript: autosave after a change, the version follows, and a later save by hand is no conflict', async () => {
  const draft = await vimmerbyDraft({ title: 'Autosparat utkast' });
  const page = await site.page();
  await site.signIn(page, VIMMERBY_EDITOR);
  await page.goto(site.url(`/praktik/${draft.slug}/redigera`));
  await page.evaluate(() => (document.getElementById('redigerare')!.dataset.autosaveSeconds = '0.3'));
  await page.fill('[name=summary]', 'Sparad utan att någon tryckte på en knapp.');
  await page.waitForFunction(() => /^Sparat \d\d:\d\d$/.test(document.getElementById('autospara')?.textContent ?? ''));
  const afterAutosave = await caseBySlug(draft.slug);
  expect(afterAutosave.summary).toBe('Sparad utan att någon tryckte på en knapp.');
  expect(await value(page, 'expectedVersion')).toBe(String(afterAutosave.version));
  expect(page.url()).toBe(site.url(`/praktik/${draft.slug}/redigera`));

  await page.fill('[name=title]', 'Autosparat och sparat');
  expect(await press(page, intent('save'))).toBe(200);
  expect((await caseBySlug(draft.slug)).title).toBe('Autosparat och sparat');
}, 60_000);

test('with JavaScript: autosave of a new case creates the draft and moves the form to its address', async () => {
  const page = await site.page();
  await site.signIn(page, VIMMERBY_EDITOR);
  await page.goto(site.url('/praktik/ny'));
  await page.evaluate(() => (document.getElementById('redigerare')!.dataset.autosaveSeconds = '0.3'));
  await page.check('#f-themes-language');
  await page.fill('[name=summary]', 'Skrivet utan att spara.');
  await page.fill('[name=body]', 'Text.');
  await page.fill('[name=title]', 'Nytt autosparat utkast');
  await page.waitForFunction(() => /^Sparat/.test(document.getElementById('autospara')?.textContent ?? ''));
  expect(page.url()).toBe(site.url('/praktik/nytt-autosparat-utkast/redigera'));
  const saved = await caseBySlug('nytt-autosparat-utkast');
  expect(saved).toMatchObject({ status: 'DRAFT', summary: 'Skrivet utan att spara.' });
  expect(await value(page, 'expectedVersion')).toBe(String(saved.version));
}, 60_000);

test('with JavaScript: autosave that loses a race says so and keeps the text; the save by hand shows the conflict', async () => {
  const draft = await vimmerbyDraft({ title: 'Utkast i två flikar' });
  const page = await site.page();
  await site.signIn(page, VIMMERBY_EDITOR);
  await page.goto(site.url(`/praktik/${draft.slug}/redigera`));
  // Someone else saves first.
  const other = await site.t.gql(`mutation($input: UpdatePracticeCaseInput!) { updatePracticeCase(input: $input) { userErrors { code } } }`, { input: { id: draft.id, expectedVersion: draft.version, title: 'Ändrad av någon annan' } }, { token: editorToken });
  expect(other.data.updatePracticeCase.userErrors).toEqual([]);
  await page.evaluate(() => (document.getElementById('redigerare')!.dataset.autosaveSeconds = '0.3'));
  await page.fill('[name=body]', 'Min text i fliken.');
  await page.waitForFunction((text) => document.getElementById('autospara')?.textContent === text, sv.editor.autosaveConflict);
  expect(await value(page, 'body')).toBe('Min text i fliken.');
  expect(await press(page, intent('save'))).toBe(409);
  expect(await value(page, 'body')).toBe('Min text i fliken.');
}, 60_000);

test('with JavaScript: the preview follows the body as one types, rendered by the server', async () => {
  const page = await site.page();
  await site.signIn(page, VIMMERBY_EDITOR);
  await page.goto(site.url('/praktik/ny'));
  expect(await page.locator('#forhandsvisning').isHidden()).toBe(true);
  await page.fill('[name=body]', 'Första *utkastet*');
  await page.click(intent('preview'));
  await page.waitForSelector('#forhandsvisning em');
  expect(page.url()).toBe(site.url('/praktik/ny'));
  await page.fill('[name=body]', '## Rubrik\n\n<script>alert(1)</script>');
  await page.waitForSelector('#forhandsvisning h3');
  expect(await page.locator('#forhandsvisning script').count()).toBe(0);
  expect(await page.locator('#forhandsvisning .editor__preview-body').textContent()).toContain('<script>alert(1)</script>');
}, 60_000);

test('with JavaScript: place suggestions come from the locality list as one types', async () => {
  const page = await site.page();
  await site.signIn(page, VIMMERBY_EDITOR);
  await page.goto(site.url('/praktik/ny'));
  await page.fill('[name="places.0.name"]', 'Sköv');
  await page.waitForFunction(() => Array.from(document.querySelectorAll("#ortlista option")).some((o) => (o as HTMLOptionElement).value === 'Skövde'));
  const expected = await site.t.data<{ localities: { name: string }[] }>(`{ localities(search: "Sköv", municipality: "0884", first: 20) { name } }`);
  const offered = await page.locator('#ortlista option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  expect(offered).toEqual(expected.localities.map((l) => l.name));
}, 60_000);

test("an editor of Eksjö gets 404 for Vimmerby's draft: editor, versions and the case page", async () => {
  const draft = await vimmerbyDraft({ title: 'Vimmerbys hemliga utkast' });
  const page = await site.pageWithoutJs();
  await site.signIn(page, EKSJO_EDITOR);
  for (const path of [`/praktik/${draft.slug}/redigera`, `/praktik/${draft.slug}/versioner`, `/praktik/${draft.slug}`]) {
    const res = await page.goto(site.url(path));
    expect([path, res?.status()]).toEqual([path, 404]);
    expect(await page.content()).not.toContain('Vimmerbys hemliga utkast');
  }
  // A post to it changes nothing either.
  await page.goto(site.url('/praktik/ny'));
  const csrf = await page.locator('#redigerare input[type=hidden]').first().evaluate((el) => [(el as HTMLInputElement).name, (el as HTMLInputElement).value]);
  const res = await page.request.post(site.url(`/praktik/${draft.slug}/redigera`), { form: { [csrf[0]]: csrf[1], title: 'Kapad', _intent: 'save', expectedVersion: String(draft.version) }, maxRedirects: 0 });
  expect(res.status()).toBe(404);
  expect((await caseBySlug(draft.slug)).title).toBe('Vimmerbys hemliga utkast');
}, 60_000);

test('signed out, the editor and My work lead to sign-in and back', async () => {
  const page = await site.pageWithoutJs();
  for (const path of ['/praktik/ny', '/mitt-arbete']) {
    await page.goto(site.url(path));
    const url = new URL(page.url());
    expect([path, url.pathname, url.searchParams.get('next')]).toEqual([path, '/logga-in', path]);
  }
});

test('the editor with errors and the conflict page are accessible, and fit 360 px', async () => {
  const draft = await vimmerbyDraft({ title: 'Tillgängligt utkast' });
  const page = await site.page();
  await site.signIn(page, VIMMERBY_EDITOR);
  await page.goto(site.url('/praktik/ny'));
  await page.evaluate(() => (document.getElementById('redigerare')!.dataset.autosaveSeconds = '3600'));
  await page.fill('[name="outcomes.0.value"]', 'många');
  expect(await press(page, intent('save'))).toBe(422);
  await expectNoAxeViolations(page);
  await page.goto(site.url(`/praktik/${draft.slug}/redigera`));
  await page.evaluate(() => (document.querySelector('[name=expectedVersion]') as HTMLInputElement).value = '0');
  await page.fill('[name=title]', 'Min rubrik');
  expect(await press(page, intent('save'))).toBe(409);
  await expectNoAxeViolations(page);
  const narrow = await site.page(NARROW);
  await site.signIn(narrow, VIMMERBY_EDITOR);
  await narrow.goto(site.url(`/praktik/${draft.slug}/redigera`));
  expect(await hasHorizontalOverflow(narrow)).toBe(false);
  await expectNoAxeViolations(narrow);
}, 90_000);

test('a published case is saved by hand only: no autosave, no submit, and the page says saving shows at once', async () => {
  const page = await site.page();
  await site.signIn(page, VIMMERBY_EDITOR);
  await page.goto(site.url('/praktik/vimmerbys-motesplatser/redigera'));
  expect(await page.locator('#autospara').count()).toBe(0);
  expect(await page.locator(intent('save')).textContent()).toBe(sv.editor.saveChanges);
  expect(await page.locator(intent('submit')).count()).toBe(0);
  expect(await page.locator('main').textContent()).toContain(sv.editor.introPublished);
}, 60_000);
