// The history of a case (/praktik/<slug>/versioner): each published revision, newest
// first, with the fields the API says changed (PracticeCaseRevision.changedFields) and
// what changed in them — texts word by word, lists item by item — computed from the
// revision's content and the one before it. Who may read the case may read its history;
// contacts are in it only for readers the API gives personal data.
import { CompareField } from '../components/CompareFields';
import { diffContent, type FieldDiff, type Segment } from '../server/case-diff';
import { graphql, query } from '../server/graphql';
import { apiLanguage, formatDate } from '../server/i18n';
import { NotFound, type PageRequest, type PageRoute } from '../server/page';
import { comparable, REVIEW_FIELDS, type Names, type RawContent } from './review-content';

interface Revision {
  number: number;
  publishedAt: string;
  changedFields: string[];
  content: string;
}

const REVISIONS = graphql<
  {
    practiceCase: null | { id: string; slug: string; title: string; status: string; version: number; revisions: Revision[] };
    themes: { slug: string; label: string; children: { slug: string; label: string }[] }[];
    counties: { municipalities: { code: string; name: string }[] }[];
    organizations: { edges: { node: { slug: string; name: string } }[] };
  },
  { slug: string; language: 'SV' | 'EN' }
>(`query CaseRevisions($slug: String!, $language: Language!) {
  practiceCase(slug: $slug) { id slug title status version revisions { number publishedAt changedFields content } }
  themes { slug label(language: $language) children { slug label(language: $language) } }
  counties { municipalities { code name } }
  organizations(first: 100) { edges { node { slug name } } }
}`);

const CASE_TITLES = graphql<{ nodes: ({ id: string; title?: string } | null)[] }, { ids: string[] }>(`query RevisionCaseTitles($ids: [ID!]!) {
  nodes(ids: $ids) { id ... on PracticeCase { title } }
}`);

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

function FieldChange({ page, field }: { page: PageRequest; field: FieldDiff }) {
  const t = page.t.revisions;
  const list = field.shape === 'list';
  return (
    <CompareField
      label={t.fields[field.key] ?? field.key}
      sides={[
        { title: t.before, content: <Segments page={page} segments={field.before} list={list} /> },
        { title: t.after, content: <Segments page={page} segments={field.after} list={list} /> },
      ]}
    />
  );
}

function RevisionEntry({ page, names, revision, previous }: { page: PageRequest; names: Names; revision: Revision; previous: Revision | undefined }) {
  const t = page.t.revisions;
  const id = `version-${revision.number}`;
  // The fields the API says changed, in the order the review page shows them.
  const changed = REVIEW_FIELDS.filter((f) => revision.changedFields.includes(f));
  const after = comparable(JSON.parse(revision.content) as RawContent, names, page.t);
  const fields = previous ? diffContent(changed, comparable(JSON.parse(previous.content) as RawContent, names, page.t), after) : [];
  return (
    <section class="revision" aria-labelledby={id}>
      <h2 id={id}>{t.revision(revision.number)}</h2>
      <p class="revision__meta">{t.publishedOn(formatDate(revision.publishedAt, page.lang))}</p>
      {previous ? fields.map((field) => <FieldChange page={page} field={field} />) : <p>{t.first}</p>}
    </section>
  );
}

/** Titles of the cases the revisions say they were adapted from (global ids), in one query. */
async function caseTitles(page: PageRequest, revisions: Revision[]): Promise<Map<string, string>> {
  const ids = [...new Set(revisions.map((r) => (JSON.parse(r.content) as RawContent).adaptedFrom).filter((v): v is string => typeof v === 'string'))].slice(0, 100);
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
      // Partners beyond the first 100 organizations show by their slug.
      organizations: new Map(data.organizations.edges.map((e) => [e.node.slug, e.node.name])),
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
