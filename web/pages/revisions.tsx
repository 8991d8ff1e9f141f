// The history of a case (/praktik/<slug>/versioner): each published revision, newest
// first, with the fields the API says changed (PracticeCaseRevision.changedFields) and
// what changed in them — texts word by word, lists item by item — computed from the
// revision's content and the one before it. Who may read the case may read its history;
// contacts are in it only for readers the API gives personal data.
import { formatDay } from '../components/CaseSections';
import { CompareField } from '../components/CompareFields';
import { diffList, diffText, type Segment } from '../server/case-diff';
import { graphql, query } from '../server/graphql';
import { apiLanguage, formatDate } from '../server/i18n';
import { NotFound, type PageRequest, type PageRoute } from '../server/page';

interface Revision {
  number: number;
  publishedAt: string;
  changedFields: string[];
  content: string;
}

interface Names {
  themes: Map<string, string>;
  municipalities: Map<string, string>;
  cases: Map<string, string>;
}

const REVISIONS = graphql<
  {
    practiceCase: null | { id: string; slug: string; title: string; status: string; version: number; revisions: Revision[] };
    themes: { slug: string; label: string; children: { slug: string; label: string }[] }[];
    counties: { municipalities: { code: string; name: string }[] }[];
  },
  { slug: string; language: 'SV' | 'EN' }
>(`query CaseRevisions($slug: String!, $language: Language!) {
  practiceCase(slug: $slug) { id slug title status version revisions { number publishedAt changedFields content } }
  themes { slug label(language: $language) children { slug label(language: $language) } }
  counties { municipalities { code name } }
}`);

const CASE_TITLES = graphql<{ nodes: ({ id: string; title?: string } | null)[] }, { ids: string[] }>(`query RevisionCaseTitles($ids: [ID!]!) {
  nodes(ids: $ids) { id ... on PracticeCase { title } }
}`);

type Content = Record<string, unknown>;
const TEXTS = new Set(['title', 'summary', 'body', 'adaptationNote', 'slug']);

const str = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));

/** A content field as lines a reader understands (labels instead of codes and slugs). */
function lines(page: PageRequest, names: Names, field: string, value: unknown): string[] {
  const items = (Array.isArray(value) ? value : value === null || value === undefined || value === '' ? [] : [value]) as Record<string, unknown>[];
  const label = (map: Record<string, string>, v: unknown) => map[str(v)] ?? str(v);
  return items.map((item) => {
    switch (field) {
      case 'themes': return names.themes.get(str(item)) ?? str(item);
      case 'targetGroups': return label(page.t.targetGroups, item);
      case 'kind': return label(page.t.kinds, item);
      case 'language': return label(page.t.language, item);
      case 'municipality': case 'participatingMunicipalities': return names.municipalities.get(str(item)) ?? str(item);
      case 'adaptedFrom': return names.cases.get(str(item)) ?? str(item);
      case 'startedOn': case 'endedOn': return formatDay(str(item), page.lang);
      case 'places': return str(item.name);
      case 'partners': return `${str(item.organization)}: ${str(item.role)}`;
      case 'outcomes': return `${str(item.label)}: ${str(item.value)} ${str(item.unit)}${item.measuredOn ? ` (${str(item.measuredOn)})` : ''}`;
      case 'funding': return `${str(item.source)}${item.amountSek != null ? `: ${str(item.amountSek)} kr` : ''}`;
      case 'links': return [item.title, item.url].filter(Boolean).map(str).join(' – ');
      case 'contacts': return [item.name, item.role, item.email, item.phone].filter(Boolean).map(str).join(', ');
      default: return str(item);
    }
  });
}

/** One side of a change; removed and added parts also say so in words, not only by colour and line. */
function Segments({ page, segments, list }: { page: PageRequest; segments: Segment[]; list: boolean }) {
  const t = page.t.revisions;
  const part = (seg: Segment) => {
    if (seg.kind === 'same') return <>{seg.text}</>;
    const Tag = seg.kind === 'added' ? 'ins' : 'del';
    return (
      <Tag class="diff">
        <span class="visually-hidden">[{seg.kind === 'added' ? t.added : t.removed}: </span>
        {seg.text}
        <span class="visually-hidden">]</span>
      </Tag>
    );
  };
  if (!segments.length) return <p class="hint">{page.t.editor.empty}</p>;
  if (!list) return <p class="revision__text">{segments.map(part)}</p>;
  return (
    <ul class="revision__list">
      {segments.map((seg) => (
        <li>{part(seg)}</li>
      ))}
    </ul>
  );
}

function FieldChange({ page, names, field, before, after }: { page: PageRequest; names: Names; field: string; before: Content; after: Content }) {
  const t = page.t.revisions;
  const list = !TEXTS.has(field);
  const d = list ? diffList(lines(page, names, field, before[field]), lines(page, names, field, after[field])) : diffText(str(before[field]), str(after[field]));
  return (
    <CompareField
      label={t.fields[field] ?? field}
      sides={[
        { title: t.before, content: <Segments page={page} segments={d.before} list={list} /> },
        { title: t.after, content: <Segments page={page} segments={d.after} list={list} /> },
      ]}
    />
  );
}

/** Content fields in the editor's order; the API lists changed fields alphabetically. */
const FIELD_ORDER = ['title', 'summary', 'body', 'kind', 'language', 'slug', 'startedOn', 'endedOn', 'themes', 'targetGroups', 'municipality', 'participatingMunicipalities', 'places', 'partners', 'outcomes', 'funding', 'links', 'contacts', 'adaptedFrom', 'adaptationNote'];
const inFormOrder = (fields: string[]) => [...fields].sort((a, b) => (FIELD_ORDER.indexOf(a) + 1 || 99) - (FIELD_ORDER.indexOf(b) + 1 || 99));

function RevisionEntry({ page, names, revision, previous }: { page: PageRequest; names: Names; revision: Revision; previous: Revision | undefined }) {
  const t = page.t.revisions;
  const after = JSON.parse(revision.content) as Content;
  const before = previous ? (JSON.parse(previous.content) as Content) : null;
  const id = `version-${revision.number}`;
  return (
    <section class="revision" aria-labelledby={id}>
      <h2 id={id}>{t.revision(revision.number)}</h2>
      <p class="revision__meta">{t.publishedOn(formatDate(revision.publishedAt, page.lang))}</p>
      {before ? (
        inFormOrder(revision.changedFields).map((field) => <FieldChange page={page} names={names} field={field} before={before} after={after} />)
      ) : (
        <p>{t.first}</p>
      )}
    </section>
  );
}

/** Titles of the cases the revisions say they were adapted from (global ids), in one query. */
async function caseTitles(page: PageRequest, revisions: Revision[]): Promise<Map<string, string>> {
  const ids = [...new Set(revisions.map((r) => (JSON.parse(r.content) as Content).adaptedFrom).filter((v): v is string => typeof v === 'string'))].slice(0, 100);
  if (!ids.length) return new Map();
  const { nodes } = await query(page, CASE_TITLES, { ids });
  return new Map(nodes.flatMap((n) => (n?.title ? [[n.id, n.title] as [string, string]] : [])));
}

export const revisionsPage: PageRoute = {
  path: '/praktik/:slug/versioner',
  async load(page) {
    const slug = page.params.slug;
    if (slug.length > 120) throw new NotFound('no such case');
    const data = await query(page, REVISIONS, { slug, language: apiLanguage(page.lang) });
    const c = data.practiceCase;
    if (!c) throw new NotFound(`no case ${slug}`);
    const t = page.t.revisions;
    const names: Names = {
      themes: new Map(data.themes.flatMap((r) => [r, ...r.children]).map((th) => [th.slug, th.label])),
      municipalities: new Map(data.counties.flatMap((co) => co.municipalities).map((m) => [m.code, m.name])),
      cases: await caseTitles(page, c.revisions),
    };
    const newestFirst = [...c.revisions].reverse();
    return {
      title: t.title(c.title),
      description: t.description(c.title),
      noindex: true,
      styles: ['editor.css'],
      body: (
        <>
          <h1>{t.title(c.title)}</h1>
          <p>
            <a href={page.href(`/praktik/${encodeURIComponent(c.slug)}`)}>{t.backToCase}</a>
          </p>
          <p class="lead">{t.intro}</p>
          <p>{t.current(page.t.editor.status[c.status] ?? c.status, c.version)}</p>
          {newestFirst.length ? null : <p>{t.none}</p>}
          {newestFirst.map((r) => (
            <RevisionEntry page={page} names={names} revision={r} previous={c.revisions.find((p) => p.number === r.number - 1)} />
          ))}
        </>
      ),
    };
  },
};
