// A practice case's page (/praktik/<slug>): everything the API shows the reader about the
// case, as text and data — the body as sanitized Markdown, outcomes and funding as tables
// with their units and dates, where it came from and who took it further, the visits it
// led to, and how to ask for one. Contacts are rendered only when the API returns them:
// for anonymous readers it answers null, so the page has nothing to leak.
import { Breadcrumbs } from '../components/Breadcrumbs';
import { CaseContacts, CaseFunding, CaseHosting, CaseLineage, CaseLinks, CaseOutcomes, CasePartners, CaseVisits, ListFact, formatDay, type CaseData } from '../components/CaseSections';
import { hasEnded } from '../components/DueCaseActions';
import { graphql, query } from '../server/graphql';
import { apiLanguage, formatDate } from '../server/i18n';
import { renderMarkdown } from '../server/markdown';
import { NotFound, type PageRequest, type PageRoute } from '../server/page';

/** Completed visits listed on the page; the municipality pages list them all. */
export const CASE_VISITS_SHOWN = 50;

const CASE_PAGE = graphql<{ practiceCase: CaseData | null }, { slug: string; language: 'SV' | 'EN'; visits: number }>(`query CasePage($slug: String!, $language: Language!, $visits: Int!) {
  practiceCase(slug: $slug) {
    slug title summary body kind language status startedOn endedOn publishedAt updatedAt lastConfirmedAt confirmationDue viewerCanConfirm adaptationNote
    municipality { code name }
    participatingMunicipalities { code name }
    themes { slug label(language: $language) }
    targetGroups
    places { name }
    partners { role organization { slug name kind } }
    outcomes { label value unit measuredOn }
    funding { source amountSek }
    links { kind title url }
    adaptedFrom { slug title municipality { code name } }
    adaptations { slug title municipality { code name } }
    contacts { name role email phone }
    hostingOffer { hosts digitalPossible languages maxVisitsPerQuarter note }
    studyVisits(statuses: [COMPLETED], first: $visits) {
      totalCount
      edges { node { id scheduledDates { start end } visitingMunicipality { code name } visitingOrganization { name } } }
    }
  }
}`);

/** Slugs are short; a longer one cannot exist and is not worth a query. */
const MAX_SLUG = 120;

export const casePage: PageRoute = {
  path: '/praktik/:slug',
  async load(page) {
    const slug = page.params.slug;
    if (slug.length > MAX_SLUG) throw new NotFound('no such case');
    const data = await query(page, CASE_PAGE, { slug, language: apiLanguage(page.lang), visits: CASE_VISITS_SHOWN });
    const c = data.practiceCase;
    if (!c) throw new NotFound(`no case ${slug}`);
    return {
      title: c.title,
      description: c.summary || page.t.casePage.description(c.title, c.municipality.name),
      canonical: { path: `/praktik/${encodeURIComponent(c.slug)}` },
      article: { publishedTime: c.publishedAt, modifiedTime: c.updatedAt },
      noindex: c.status !== 'PUBLISHED',
      styles: ['case.css'],
      body: <CaseArticle page={page} c={c} />,
    };
  },
};

/** The content's language when it differs from the page's, for screen readers' pronunciation. */
function contentLang(page: PageRequest, c: CaseData): string | undefined {
  const lang = c.language === 'EN' ? 'en' : 'sv';
  return lang === page.lang ? undefined : lang;
}

function CaseArticle({ page, c }: { page: PageRequest; c: CaseData }) {
  const t = page.t.casePage;
  const lang = contentLang(page, c);
  return (
    <article class="case">
      <Breadcrumbs page={page} trail={[{ label: c.municipality.name, path: `/kommun/${c.municipality.code}` }, { label: c.title }]} />
      <p class="case__kind">{page.t.kinds[c.kind] ?? c.kind}</p>
      <h1 lang={lang}>{c.title}</h1>
      {c.status !== 'PUBLISHED' ? <p class="case__notice">{t.notPublished}</p> : null}
      <p class="lead" lang={lang}>
        {c.summary}
      </p>
      <div class="case__layout">
        <CaseHosting page={page} c={c} />
        <div class="case__main">
          <CaseFacts page={page} c={c} />
          <ConfirmationNote page={page} c={c} />
          <section aria-labelledby="om">
            <h2 id="om">{t.about}</h2>
            <div class="prose" lang={lang} dangerouslySetInnerHTML={{ __html: renderMarkdown(c.body) }} />
          </section>
          <CaseClassification page={page} c={c} />
          <CasePartners page={page} c={c} />
          <CaseOutcomes page={page} c={c} />
          <CaseFunding page={page} c={c} />
          <CaseLinks page={page} c={c} />
          <CaseLineage page={page} c={c} />
          <CaseVisits page={page} c={c} />
          <CaseContacts page={page} c={c} />
        </div>
      </div>
    </article>
  );
}

function Period({ page, c }: { page: PageRequest; c: CaseData }) {
  const t = page.t.casePage;
  const day = (d: string) => <time dateTime={d}>{formatDay(d, page.lang)}</time>;
  if (c.startedOn && c.endedOn) {
    return (
      <>
        {day(c.startedOn)} – {day(c.endedOn)}
      </>
    );
  }
  if (c.startedOn) {
    return (
      <>
        {t.since} {day(c.startedOn)} ({t.ongoing})
      </>
    );
  }
  return (
    <>
      {t.until} {day(c.endedOn!)}
    </>
  );
}

function CaseFacts({ page, c }: { page: PageRequest; c: CaseData }) {
  const t = page.t.casePage;
  const when = (iso: string) => <time dateTime={iso}>{formatDate(iso, page.lang)}</time>;
  return (
    <dl class="case__facts">
      <dt>{t.municipality}</dt>
      <dd>
        <a href={page.href(`/kommun/${c.municipality.code}`)}>{c.municipality.name}</a>
      </dd>
      {c.participatingMunicipalities.length ? (
        <>
          <dt>{t.participating}</dt>
          <dd>
            <ul class="inline-list">
              {c.participatingMunicipalities.map((m) => (
                <li>
                  <a href={page.href(`/kommun/${m.code}`)}>{m.name}</a>
                </li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
      <dt>{t.kind}</dt>
      <dd>{page.t.kinds[c.kind] ?? c.kind}</dd>
      {c.startedOn || c.endedOn ? (
        <>
          <dt>{t.period}</dt>
          <dd>
            <Period page={page} c={c} />
          </dd>
        </>
      ) : null}
      {c.places.length ? (
        <>
          <dt>{t.places}</dt>
          <dd class="case__places">{c.places.map((p) => p.name).join(', ')}</dd>
        </>
      ) : null}
      {c.publishedAt ? (
        <>
          <dt>{t.published}</dt>
          <dd class="case__published">{when(c.publishedAt)}</dd>
        </>
      ) : null}
      <dt>{t.updated}</dt>
      <dd class="case__updated">{when(c.updatedAt)}</dd>
      <FreshnessFacts page={page} c={c} />
    </dl>
  );
}

/** When the owners last said the practice runs, and the day it ended once it has. */
function FreshnessFacts({ page, c }: { page: PageRequest; c: CaseData }) {
  return (
    <>
      {c.lastConfirmedAt ? (
        <>
          <dt>{page.t.casePage.confirmed}</dt>
          <dd class="case__confirmed">
            <time dateTime={c.lastConfirmedAt}>{formatDate(c.lastConfirmedAt, page.lang)}</time>
          </dd>
        </>
      ) : null}
      {hasEnded(c.endedOn) ? (
        <>
          <dt>{page.t.stillRunning.endedOn}</dt>
          <dd class="case__ended">
            <time dateTime={c.endedOn}>{formatDay(c.endedOn, page.lang)}</time>
          </dd>
        </>
      ) : null}
    </>
  );
}

/** A case nobody has confirmed for long says so to every reader; those who may answer get the way to. */
function ConfirmationNote({ page, c }: { page: PageRequest; c: CaseData }) {
  const t = page.t.stillRunning;
  if (!c.confirmationDue) return null;
  return (
    <p class="case__notice case__due">
      {t.due}{' '}
      {c.viewerCanConfirm ? <a href={page.href(`/praktik/${encodeURIComponent(c.slug)}/bekrafta`)}>{t.answerLink}</a> : null}
    </p>
  );
}

function CaseClassification({ page, c }: { page: PageRequest; c: CaseData }) {
  const t = page.t.casePage;
  if (!c.themes.length && !c.targetGroups.length) return null;
  return (
    <section aria-labelledby="teman">
      <h2 id="teman">{t.themesAndGroups}</h2>
      <dl class="case__facts">
        <ListFact
          label={t.themes}
          listClass="inline-list case__themes"
          items={c.themes}
          render={(theme) => <a href={page.href(`/tema/${encodeURIComponent(theme.slug)}`)}>{theme.label}</a>}
        />
        <ListFact
          label={t.targetGroups}
          listClass="inline-list case__target-groups"
          items={c.targetGroups}
          render={(g) => page.t.targetGroups[g as keyof PageRequest['t']['targetGroups']] ?? g}
        />
      </dl>
    </section>
  );
}
