// What the case editor reads and writes through the API: the case, the lists its
// fields choose from (themes, municipalities, organizations, localities), case and
// organization searches, and the mutations. Everything goes through the public schema
// with the signed-in viewer, so what the API refuses the editor cannot do either.
import type { EditorOptions } from '../components/CaseEditorForm';
import { graphql, mutate, query, QueryFailed, type TypedQuery } from '../server/graphql';
import { apiLanguage } from '../server/i18n';
import { Forbidden, NotFound, type PageRequest } from '../server/page';
import { CASE_CONTENT_FIELDS, type EditedCase, type NameLookup } from './editor-state';

const EDIT_CASE = graphql<{ practiceCase: EditedCase | null }, { slug: string }>(`query EditorCase($slug: String!) {
  practiceCase(slug: $slug) { ${CASE_CONTENT_FIELDS} }
}`);

interface ViewerData {
  viewer: null | { kind: string; role: string | null; municipality: { code: string; name: string } | null };
}

const VIEWER = graphql<ViewerData>(`query EditorViewer { viewer { kind role municipality { code name } } }`);

type OptionsData = Omit<EditorOptions, 'organizations' | 'municipalities' | 'adaptedFromChoices'> & {
  counties: { municipalities: EditorOptions['municipalities'] }[];
  organizations: { edges: { node: { slug: string; name: string } }[] };
};

/** The organizations offered as suggestions; a name beyond them is looked up when saving. */
const ORGANIZATIONS_LISTED = 100;

const OPTIONS = graphql<OptionsData, { language: 'SV' | 'EN'; municipality: string; organizations: number }>(`query EditorOptions($language: Language!, $municipality: String!, $organizations: Int!) {
  themes { slug label(language: $language) children { slug label(language: $language) } }
  counties { municipalities { code name shortName } }
  organizations(first: $organizations) { edges { node { slug name } } }
  localities(search: "", municipality: $municipality, first: 100) { name municipality { name } }
}`);

const CASE_CHOICE = graphql<{ practiceCase: EditorOptions['adaptedFromChoices'][number] | null }, { id: string }>(`query AdaptedFromChoice($id: ID!) {
  practiceCase(id: $id) { id title municipality { name } }
}`);

const CASE_SEARCH = graphql<{ search: { edges: { node: EditorOptions['adaptedFromChoices'][number] }[] } }, { q: string }>(`query AdaptedFromSearch($q: String!) {
  search(query: $q, first: 10) { edges { node { id title municipality { name } } } }
}`);

const ORGANIZATION_SEARCH = graphql<{ organizations: { edges: { node: { slug: string; name: string } }[] } }, { q: string }>(`query PartnerSearch($q: String!) {
  organizations(filter: { search: $q }, first: 10) { edges { node { slug name } } }
}`);

export interface UserErrorData {
  field: string[];
  code: string;
  message: string;
}

export type CasePayload = { practiceCase: { slug: string; title: string; version: number } | null; userErrors: UserErrorData[] };

const PAYLOAD = 'practiceCase { slug title version } userErrors { field code message }';
export const CREATE_CASE = graphql<{ createPracticeCase: CasePayload }, { input: Record<string, unknown> }>(`mutation EditorCreate($input: CreatePracticeCaseInput!) {
  createPracticeCase(input: $input) { ${PAYLOAD} }
}`);
export const UPDATE_CASE = graphql<{ updatePracticeCase: CasePayload }, { input: Record<string, unknown> }>(`mutation EditorUpdate($input: UpdatePracticeCaseInput!) {
  updatePracticeCase(input: $input) { ${PAYLOAD} }
}`);
export const SUBMIT_CASE = graphql<{ submitPracticeCase: CasePayload }, { input: { id: string; expectedVersion: number } }>(`mutation EditorSubmit($input: PracticeCaseTransitionInput!) {
  submitPracticeCase(input: $input) { ${PAYLOAD} }
}`);
export const CREATE_ORGANIZATION = graphql<
  { createOrganization: { organization: { slug: string; name: string } | null; userErrors: UserErrorData[] } },
  { input: { name: string; kind: string; homeMunicipality: string } }
>(`mutation EditorCreateOrganization($input: CreateOrganizationInput!) {
  createOrganization(input: $input) { organization { slug name } userErrors { field code message } }
}`);

/**
 * Runs a mutation; the API's FORBIDDEN (an official, a token without cases:write) is
 * the 403 page, its userErrors stay in the data for the form.
 */
export async function runMutation<TData, TVars extends Record<string, unknown>>(page: PageRequest, typed: TypedQuery<TData, TVars>, variables: TVars): Promise<TData> {
  try {
    return await mutate(page, typed, variables);
  } catch (err) {
    if (err instanceof QueryFailed && err.errors.some((e) => e.extensions?.code === 'FORBIDDEN')) throw new Forbidden(err.message);
    throw err;
  }
}

/** The signed-in viewer's municipality, which new cases belong to. */
export async function viewerMunicipality(page: PageRequest): Promise<{ code: string; name: string }> {
  const { viewer } = await query(page, VIEWER, {});
  if (!viewer?.municipality) throw new Forbidden('the viewer acts for no municipality');
  return viewer.municipality;
}

/**
 * The case to edit: null from the API (unknown, or a draft of another municipality)
 * is the 404 page. A case the viewer may read but not change (another municipality's
 * published case) is the 403 page; the API would refuse the save anyway.
 */
export async function caseToEdit(page: PageRequest, slug: string): Promise<EditedCase> {
  if (slug.length > 120) throw new NotFound('no such case');
  const [{ practiceCase }, { viewer }] = await Promise.all([query(page, EDIT_CASE, { slug }), query(page, VIEWER, {})]);
  if (!practiceCase) throw new NotFound(`no case ${slug}`);
  const codes = [practiceCase.municipality.code, ...practiceCase.participatingMunicipalities.map((m) => m.code)];
  if (viewer?.role !== 'ADMIN' && !codes.includes(viewer?.municipality?.code ?? '')) throw new Forbidden('not a case of your municipality');
  return practiceCase;
}

/** The lists the form's fields choose from, and the title of the chosen "adapted from" case. */
export async function editorOptions(page: PageRequest, owner: string, adaptedFrom: string): Promise<EditorOptions> {
  const [data, choice] = await Promise.all([
    query(page, OPTIONS, { language: apiLanguage(page.lang), municipality: owner, organizations: ORGANIZATIONS_LISTED }),
    adaptedFrom ? query(page, CASE_CHOICE, { id: adaptedFrom }).catch(() => ({ practiceCase: null })) : Promise.resolve({ practiceCase: null }),
  ]);
  return {
    themes: data.themes,
    localities: data.localities,
    municipalities: data.counties.flatMap((c) => c.municipalities).sort((a, b) => a.shortName.localeCompare(b.shortName, 'sv')),
    organizations: data.organizations.edges.map((e) => e.node),
    adaptedFromChoices: choice.practiceCase ? [choice.practiceCase] : [],
  };
}

/** Published cases matching the words, to choose "adapted from" among. */
export async function searchCases(page: PageRequest, words: string): Promise<EditorOptions['adaptedFromChoices']> {
  const { search } = await query(page, CASE_SEARCH, { q: words.slice(0, 200) });
  return search.edges.map((e) => e.node);
}

/**
 * Name → code and name → slug for what a user typed in a municipality or partner cell.
 * Organizations beyond the listed ones are looked up by name (at most one query per
 * distinct name, and there are at most 30 partners).
 */
export async function nameLookup(page: PageRequest, options: EditorOptions, partnerTexts: string[]): Promise<NameLookup> {
  const norm = (s: string) => s.trim().toLocaleLowerCase('sv');
  const municipalities = new Map<string, string>();
  for (const m of options.municipalities) for (const key of [m.code, m.name, m.shortName]) municipalities.set(norm(key), m.code);
  const organizations = new Map<string, string>();
  for (const o of options.organizations) for (const key of [o.slug, o.name]) organizations.set(norm(key), o.slug);
  const unknown = [...new Set(partnerTexts.map(norm).filter((s) => s && !organizations.has(s)))].slice(0, 30);
  for (const text of unknown) {
    const { organizations: found } = await query(page, ORGANIZATION_SEARCH, { q: text.slice(0, 100) });
    const exact = found.edges.find((e) => norm(e.node.name) === text || e.node.slug === text);
    if (exact) organizations.set(text, exact.node.slug);
  }
  return {
    municipality: (s) => municipalities.get(norm(s)) ?? s,
    organization: (s) => organizations.get(norm(s)) ?? s,
  };
}
