// The case editor: /praktik/ny (a new draft of the viewer's municipality) and
// /praktik/<slug>/redigera. Plain POST forms first: save, preview, "add a row", case
// search and "add an organization" are submit buttons that re-render the form with
// everything the user wrote; web/client/editor.ts adds autosave, a live preview and
// place suggestions on top. A save that races another (expectedVersion) is the 409
// page with both versions side by side and the user's text still in the form.
import { CaseEditorForm, type EditorOptions } from '../components/CaseEditorForm';
import { ConflictComparison } from '../components/ConflictComparison';
import { ErrorSummary } from '../components/ErrorSummary';
import { requireViewer, type FormFields } from '../server/forms';
import { renderMarkdown } from '../server/markdown';
import { NotFound, type ActionResult, type PageRequest, type PageRoute, type PageView } from '../server/page';
import { CREATE_CASE, CREATE_ORGANIZATION, SUBMIT_CASE, UPDATE_CASE, caseToEdit, editorOptions, nameLookup, runMutation, searchCases, viewerMunicipality, type CasePayload } from './editor-data';
import { describeProblems } from './editor-errors';
import { CHOICES, GROUPS, addRow, cellName, fieldId, emptyState, inputFromState, problemKey, stateFromCase, stateFromForm, type EditedCase, type EditorState, type FormProblem, type Group } from './editor-state';

/** What a render of the editor shows besides the state. */
interface EditorView {
  owner: { code: string; name: string };
  existing?: EditedCase;
  state: EditorState;
  options: EditorOptions;
  problems?: FormProblem[];
  status?: number;
  preview?: string;
  focus?: string;
  caseSearchNote?: string;
  /** The version saved by someone else, when this save came too late. */
  conflict?: EditedCase;
}

const editPath = (slug: string) => `/praktik/${encodeURIComponent(slug)}/redigera`;

function editorPage(page: PageRequest, v: EditorView): PageView {
  const t = page.t.editor;
  const errors = describeProblems(t, v.problems ?? []);
  const title = v.existing ? t.editTitle(v.existing.title) : t.newTitle;
  return {
    title: v.conflict ? t.conflictTitle : title,
    description: t.description,
    noindex: true,
    status: v.status,
    styles: ['editor.css'],
    scripts: ['editor.js'],
    body: (
      <>
        <h1 id="sidrubrik">{title}</h1>
        <EditorIntro page={page} v={v} />
        {v.conflict ? <ConflictComparison page={page} theirs={v.conflict} mine={v.state} options={v.options} /> : null}
        <ErrorSummary title={t.errorTitle} errors={errors.summary} />
        <CaseEditorForm
          page={page}
          state={v.state}
          options={v.options}
          errors={{ get: (key) => errors.get(fieldId(key)) }}
          action={v.existing ? editPath(v.existing.slug) : '/praktik/ny'}
          owner={v.owner.code}
          isDraft={!v.existing || v.existing.status === 'DRAFT'}
          preview={v.preview}
          focus={v.focus}
          caseSearchNote={v.caseSearchNote}
        />
      </>
    ),
  };
}

function EditorIntro({ page, v }: { page: PageRequest; v: EditorView }) {
  const t = page.t.editor;
  const c = v.existing;
  return (
    <>
      <p class="lead">{t.owner(v.owner.name)}</p>
      {c ? (
        <p>
          {t.statusLine(t.status[c.status] ?? c.status, c.version)} <a href={page.href(`/praktik/${encodeURIComponent(c.slug)}`)}>{t.viewCase}</a> ·{' '}
          <a href={page.href(`/praktik/${encodeURIComponent(c.slug)}/versioner`)}>{t.history}</a>
        </p>
      ) : null}
      <p class="hint">{!c || c.status === 'DRAFT' ? t.intro : t.introPublished}</p>
    </>
  );
}

/** Loads what the form needs for the case (or a new one) of this request. */
async function editorContext(page: PageRequest, adaptedFrom?: string): Promise<{ owner: { code: string; name: string }; existing?: EditedCase; options: EditorOptions }> {
  requireViewer(page);
  const existing = page.params.slug === undefined ? undefined : await caseToEdit(page, page.params.slug);
  const owner = existing ? existing.municipality : await viewerMunicipality(page);
  const options = await editorOptions(page, owner.code, adaptedFrom ?? existing?.adaptedFrom?.id ?? '');
  return { owner, existing, options };
}

async function load(page: PageRequest): Promise<PageView> {
  const ctx = await editorContext(page);
  return editorPage(page, { ...ctx, state: ctx.existing ? stateFromCase(ctx.existing) : emptyState() });
}

async function action(page: PageRequest, form: FormFields): Promise<ActionResult> {
  const state = stateFromForm(form);
  const ctx = await editorContext(page, state.text.adaptedFrom);
  const view: EditorView = { ...ctx, state };
  const intent = form.field('_intent', 60) || 'save';
  if (intent.startsWith('add:') && intent.slice(4) in GROUPS) {
    const group = intent.slice(4) as Group;
    if (addRow(state, group)) view.focus = cellName(group, state.rows[group].length - 1, GROUPS[group].columns[0]);
    return editorPage(page, view);
  }
  if (intent === 'preview') return editorPage(page, { ...view, preview: renderMarkdown(state.text.body) });
  if (intent === 'searchCases') return editorPage(page, await withCaseSearch(page, view));
  if (intent === 'createOrg') return createOrganization(page, view);
  return save(page, view, intent);
}

async function withCaseSearch(page: PageRequest, view: EditorView): Promise<EditorView> {
  const words = view.state.text.caseSearch.trim();
  if (!words) return { ...view, problems: [{ key: 'caseSearch', code: 'REQUIRED' }], status: 422 };
  const hits = (await searchCases(page, words)).filter((c) => c.id !== view.existing?.id);
  const current = view.options.adaptedFromChoices.filter((c) => !hits.some((h) => h.id === c.id));
  const t = page.t.editor;
  return { ...view, options: { ...view.options, adaptedFromChoices: [...current, ...hits] }, caseSearchNote: hits.length ? t.caseSearchFound(hits.length) : t.caseSearchNone };
}

/** Adds the organization and puts it in the first empty partner row (or a new one). */
async function createOrganization(page: PageRequest, view: EditorView): Promise<ActionResult> {
  const { state } = view;
  const input = { name: state.text.newOrgName, kind: state.text.newOrgKind || 'CIVIL_SOCIETY', homeMunicipality: view.owner.code };
  // A kind the select does not offer would fail the whole request at the API's enum.
  if (!CHOICES.newOrgKind.has(input.kind)) return editorPage(page, { ...view, problems: [{ key: 'newOrgKind', code: 'UNKNOWN_REFERENCE' }], status: 422 });
  const { createOrganization: result } = await runMutation(page, CREATE_ORGANIZATION, { input });
  if (!result.organization) {
    const problems = result.userErrors.map((e) => ({ key: e.field[1] === 'kind' ? 'newOrgKind' : 'newOrgName', code: e.code, message: e.message }));
    return editorPage(page, { ...view, problems, status: 422 });
  }
  const org = result.organization;
  const rows = state.rows.partners;
  let index = rows.findIndex((r) => !r.organization.trim());
  if (index < 0 && addRow(state, 'partners')) index = rows.length - 1;
  if (index >= 0) rows[index].organization = org.name;
  state.text.newOrgName = '';
  const options = { ...view.options, organizations: [...view.options.organizations, org] };
  return editorPage(page, { ...view, options, focus: index >= 0 ? cellName('partners', index, 'role') : undefined, caseSearchNote: undefined });
}

/** Save (or autosave, or save and submit): errors re-render with status 422, a lost race 409, success redirects. */
async function save(page: PageRequest, view: EditorView, intent: string): Promise<ActionResult> {
  const { state, existing } = view;
  const partners = state.rows.partners.map((r) => r.organization);
  const built = inputFromState(state, await nameLookup(page, view.options, partners));
  if (built.problems.length) return editorPage(page, { ...view, problems: built.problems, status: 422 });
  const payload = existing ? await update(page, existing, state, built.input) : await create(page, view.owner.code, built.input);
  const conflict = payload.userErrors.some((e) => e.code === 'VERSION_CONFLICT');
  if (conflict && existing) return conflictPage(page, view);
  if (payload.userErrors.some((e) => e.code === 'NOT_FOUND' && e.field[1] === 'id')) throw new NotFound('the case is gone');
  if (!payload.practiceCase) {
    const problems = payload.userErrors.map((e) => ({ key: problemKey(e.field, built.sent), code: e.code, message: e.message }));
    return editorPage(page, { ...view, problems, status: 422 });
  }
  const saved = payload.practiceCase;
  if (intent === 'submit') return submit(page, view, saved);
  const flash = intent === 'autosave' ? undefined : existing ? page.t.editor.saved : page.t.editor.created;
  return { redirect: page.href(editPath(saved.slug)), flash };
}

async function create(page: PageRequest, municipality: string, input: Record<string, unknown>): Promise<CasePayload> {
  return (await runMutation(page, CREATE_CASE, { input: { ...input, municipality } })).createPracticeCase;
}

async function update(page: PageRequest, existing: EditedCase, state: EditorState, input: Record<string, unknown>): Promise<CasePayload> {
  // Without a version from the form (a hand-made post) the save cannot know what it overwrites: treat it as stale.
  const expectedVersion = state.expectedVersion ?? -1;
  return (await runMutation(page, UPDATE_CASE, { input: { ...input, id: existing.id, expectedVersion } })).updatePracticeCase;
}

async function submit(page: PageRequest, view: EditorView, saved: NonNullable<CasePayload['practiceCase']>): Promise<ActionResult> {
  const id = view.existing?.id ?? (await caseToEdit(page, saved.slug)).id;
  const { submitPracticeCase: result } = await runMutation(page, SUBMIT_CASE, { input: { id, expectedVersion: saved.version } });
  if (!result.practiceCase) {
    const problems = result.userErrors.map((e) => ({ key: 'form', code: 'other', message: e.message }));
    return editorPage(page, { ...view, problems, status: 422 });
  }
  return { redirect: page.href('/mitt-arbete'), flash: page.t.editor.submitted(result.practiceCase.title) };
}

/**
 * Someone saved in between: show what they saved beside what this user wrote, and the
 * form with the user's text, now based on their version, so saving again is a choice.
 */
async function conflictPage(page: PageRequest, view: EditorView): Promise<PageView> {
  const theirs = await caseToEdit(page, view.existing!.slug);
  const state = { ...view.state, expectedVersion: theirs.version };
  return editorPage(page, { ...view, existing: theirs, state, conflict: theirs, status: 409 });
}

export const newCasePage: PageRoute = { path: '/praktik/ny', load, action };
export const editCasePage: PageRoute = { path: '/praktik/:slug/redigera', load, action };

