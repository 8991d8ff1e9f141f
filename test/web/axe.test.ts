// Every page type of the site in one place: an axe-core scan (WCAG 2.1 A/AA, any
// violation fails) at 1280 px and at 360 px, and no sideways scrolling at 360 px. A new
// page type belongs in PAGE_TYPES; the other test files check what each page shows.
import type { Page } from 'playwright-core';
import { User } from '../../server/src/modules/accounts/account.entities';
import { AccountLinkPurpose } from '../../server/src/modules/accounts/session.entities';
import { tokenFor } from '../helpers/actors';
import { CREATE, caseInput, transition } from '../helpers/cases';
import { REQUEST, visitInput } from '../helpers/study-visits';
import { expectNoAxeViolations, hasHorizontalOverflow, NARROW, useSite } from './browser';

const site = useSite();

/** [name, path, expected status]; the case's path comes from the API once the system runs. */
function pageTypes(caseSlug: string, themeSlug: string, inviteToken: string): [string, string, number][] {
  return [
    ['start', '/', 200],
    ['search results', `/sok?q=${encodeURIComponent('språkvän')}`, 200],
    ['search with filters and near', `/sok?q=${encodeURIComponent('mötesplats')}&lan=08&sortera=narmast&nara=0884&km=200`, 200],
    ['empty search', `/sok?q=${encodeURIComponent('xqzvwk blorft')}`, 200],
    ['case', `/praktik/${encodeURIComponent(caseSlug)}`, 200],
    ['municipality', '/kommun/0884', 200],
    ['municipality index', '/kommun', 200],
    ['theme index', '/tema', 200],
    ['theme', `/tema/${encodeURIComponent(themeSlug)}`, 200],
    ['network', '/natverk', 200],
    ['network, filtered', '/natverk?lan=08&fran=2020&till=2030', 200],
    ['sign-in', `/logga-in?next=${encodeURIComponent(`/praktik/${caseSlug}`)}`, 200],
    ['forgot password', '/glomt-losenord', 200],
    ['choose a password (invitation link)', `/inbjudan/${inviteToken}`, 200],
    ['a dead invitation link', '/inbjudan/finns-inte', 404],
    ['sign out (a bookmarked address)', '/logga-ut', 200],
    ['404', '/finns-inte', 404],
    ['400', '/sok?antal=abc', 400],
    ['start in English', '/?lang=en', 200],
  ];
}

let pages: [string, string, number][] = [];

beforeAll(async () => {
  const { search, themes } = await site.t.data(`{ search(query: "språkvän", first: 1) { edges { node { slug } } } themes { slug } }`);
  // An invitation that stays unused: every visit of its page shows the form.
  const invited = await site.createUser({ role: 'OFFICIAL', municipalityCode: '0884' });
  const em = site.t.system.orm.em.fork();
  const inviteToken = await site.t.system.services.sessions.createLink(em, await em.findOneOrFail(User, { id: invited.id }), AccountLinkPurpose.INVITE);
  pages = pageTypes(search.edges[0].node.slug, themes[0].slug, inviteToken);
}, 180_000);

test('every page type answers with its status and has no WCAG 2.1 A/AA violation at 1280 px', async () => {
  const page = await site.page();
  for (const [name, path, status] of pages) {
    const res = await page.goto(site.url(path));
    expect([name, res?.status()]).toEqual([name, status]);
    try {
      await expectNoAxeViolations(page);
    } catch (err) {
      throw new Error(`${name} (${path}): ${(err as Error).message}`, { cause: err });
    }
  }
}, 180_000);

test('at 360 px every page type stays within the screen and has no violation', async () => {
  const page = await site.page(NARROW);
  for (const [name, path] of pages) {
    await page.goto(site.url(path));
    expect([name, await hasHorizontalOverflow(page)]).toEqual([name, false]);
    try {
      await expectNoAxeViolations(page);
    } catch (err) {
      throw new Error(`${name} at 360 px (${path}): ${(err as Error).message}`, { cause: err });
    }
  }
}, 180_000);

test('without JavaScript every page type also stays within 360 px', async () => {
  const page = await site.pageWithoutJs(NARROW);
  for (const [name, path] of pages) {
    await page.goto(site.url(path));
    expect([name, await hasHorizontalOverflow(page)]).toEqual([name, false]);
  }
}, 180_000);

// The signed-in pages of study visits, hosting offers, review, the case editor, My work
// and versions, each as the user it is for: [name, path, who]. A requested visit shows
// the host's forms, a submitted case the reviewer's, a draft the editor; all are made
// through the API first.
describe('signed-in: study visits, hosting offer, review, editor, My work', () => {
  let signedIn: [string, string, string][] = [];

  beforeAll(async () => {
    const eksjo = await tokenFor(site.t, 'EDITOR', '0686');
    const vimmerby = await tokenFor(site.t, 'EDITOR', '0884');
    const visit = (await site.t.data(REQUEST, { input: visitInput() }, { token: eksjo })).requestStudyVisit.studyVisit;
    const draft = (await site.t.data(CREATE, { input: caseInput({ title: 'Granskas i axe' }) }, { token: vimmerby })).createPracticeCase.practiceCase;
    await site.t.data(transition('submit'), { input: { id: draft.id, expectedVersion: draft.version } }, { token: vimmerby });
    const { studyVisits } = await site.t.data(`{ studyVisits(first: 1, filter: { statuses: [COMPLETED] }) { edges { node { id } } } }`);
    const editing = (await site.t.data(CREATE, { input: caseInput({ title: 'Redigeras i axe', outcomes: [{ label: 'Deltagare', value: 12, unit: 'personer' }] }) }, { token: vimmerby })).createPracticeCase.practiceCase;
    const editor = 'editor.0884@demo.utbyte.se';
    const official = 'official.0884@demo.utbyte.se';
    signedIn = [
      ['visit request form', '/praktik/vimmerbys-motesplatser/studiebesok', 'editor.0686@demo.utbyte.se'],
      ['study visits (inbox, calendar, mine)', '/studiebesok', official],
      ['a requested visit with the host forms', `/studiebesok/${encodeURIComponent(visit.id)}`, official],
      ['a completed visit with its report', `/studiebesok/${encodeURIComponent(studyVisits.edges[0].node.id)}`, 'editor.0686@demo.utbyte.se'],
      ['hosting offer editor', '/kommun/0884/vardskap', official],
      ['review queue', '/granskning', 'reviewer@demo.utbyte.se'],
      ['review of a case', `/granskning/${draft.slug}`, 'reviewer@demo.utbyte.se'],
      ['review queue in English', '/granskning?lang=en', 'reviewer@demo.utbyte.se'],
      ['case editor, new', '/praktik/ny', editor],
      ['case editor, a draft', `/praktik/${editing.slug}/redigera`, editor],
      ['case editor in English', `/praktik/${editing.slug}/redigera?lang=en`, editor],
      ['My work', '/mitt-arbete', editor],
      ['"still running?" answer page (the demo\'s due case)', '/praktik/vimmerby-if-inkludering/bekrafta', editor],
      ['"still running?" answer page in English', '/praktik/vimmerby-if-inkludering/bekrafta?lang=en', editor],
      ['versions of a case', '/praktik/vimmerbys-motesplatser/versioner', editor],
      ['place names', '/orter?q=stor&kommun=0884', editor],
      ['account', '/konto', editor],
      ['account in English', '/konto?lang=en', editor],
      ['sign-ins', '/konto/sessioner', editor],
      ['API tokens', '/konto/nycklar', editor],
    ];
  }, 180_000);

  test('no violation at 1280 and 360 px, and no sideways scroll at 360 px', async () => {
    // One signed-in page per user and width, reused for that user's pages.
    const pages = new Map<string, Page>();
    for (const [name, path, who] of signedIn) {
      for (const options of [{}, NARROW]) {
        const key = `${who} ${options === NARROW ? 'narrow' : 'wide'}`;
        let page = pages.get(key);
        if (!page) {
          page = await site.page(options);
          await site.signIn(page, who);
          pages.set(key, page);
        }
        const res = await page.goto(site.url(path));
        expect([name, res?.status()]).toEqual([name, 200]);
        expect([name, await hasHorizontalOverflow(page)]).toEqual([name, false]);
        try {
          await expectNoAxeViolations(page);
        } catch (err) {
          throw new Error(`${name} (${path}, ${page.viewportSize()?.width} px): ${(err as Error).message}`, { cause: err });
        }
      }
    }
  }, 300_000);
});
