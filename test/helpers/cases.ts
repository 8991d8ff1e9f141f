// GraphQL operations and a small driver for practice cases, shared by test files.
import type { TestSystem } from './system';

export const CASE_FIELDS = `id slug title summary body status version language kind publishedAt updatedAt lastConfirmedAt
  municipality { code } participatingMunicipalities { code } themes { slug } targetGroups
  partners { role organization { slug } } places { name municipalityCode resolved latitude longitude }
  startedOn endedOn outcomes { label value unit measuredOn } funding { source amountSek } links { url kind title }
  contacts { name role email phone } adaptedFrom { id } adaptationNote`;

export const CREATE = `mutation($input: CreatePracticeCaseInput!) { createPracticeCase(input: $input) { practiceCase { ${CASE_FIELDS} } userErrors { field code message } } }`;
export const UPDATE = `mutation($input: UpdatePracticeCaseInput!) { updatePracticeCase(input: $input) { practiceCase { ${CASE_FIELDS} } userErrors { field code message } } }`;
export const transition = (name: 'submit' | 'publish' | 'archive' | 'return') =>
  `mutation($input: PracticeCaseTransitionInput!) { ${name}PracticeCase(input: $input) { practiceCase { id status version publishedAt } userErrors { field code message } } }`;

export function caseInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Språkcafé i biblioteket',
    summary: 'Nyanlända och etablerade invånare möts varje vecka och pratar svenska.',
    body: '## Så gjorde vi\n\nVarje torsdag träffas deltagarna i biblioteket.',
    kind: 'MEETING_PLACE',
    municipality: '0884',
    themes: ['language'],
    ...overrides,
  };
}

/** Creates, submits and publishes a case; returns it as published. */
export async function publishedCase(t: TestSystem, editor: string, reviewer: string, overrides: Record<string, unknown> = {}) {
  const created = await t.data(CREATE, { input: caseInput(overrides) }, { token: editor });
  const c = created.createPracticeCase.practiceCase;
  if (!c) throw new Error(JSON.stringify(created.createPracticeCase.userErrors));
  const submitted = await t.data(transition('submit'), { input: { id: c.id, expectedVersion: c.version } }, { token: editor });
  const s = submitted.submitPracticeCase.practiceCase;
  const published = await t.data(transition('publish'), { input: { id: c.id, expectedVersion: s.version } }, { token: reviewer });
  return { ...c, ...published.publishPracticeCase.practiceCase };
}
