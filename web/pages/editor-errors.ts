// The editor's problems in words: each form key gets a label ("Resultat 2: Enhet") and
// each error code a sentence, for the message beside the field and the summary at the
// top, which links to the field (GOV.UK's error summary).
import { columnLabel, groupLabel, rowLabel } from '../components/CaseEditorForm';
import type { Messages } from '../server/i18n';
import { FormErrors } from '../server/user-errors';
import { GROUPS, fieldId, type FormProblem, type Group } from './editor-state';

type Words = Messages['editor'];

/** The field a form key names, in the reader's words. */
export function keyLabel(t: Words, key: string): string {
  const [name, index, column] = key.split('.');
  if (name in GROUPS) {
    const group = name as Group;
    if (index === undefined) return groupLabel(t, group);
    const row = rowLabel(t, group, Number(index));
    return GROUPS[group].columns.length === 1 ? row : `${row}: ${columnLabel(t, group, column)}`;
  }
  const labels: Record<string, string> = {
    title: t.title, summary: t.summary, body: t.body, kind: t.kind, language: t.language, slug: t.slug, startedOn: t.startedOn, endedOn: t.endedOn,
    themes: t.themes, targetGroups: t.targetGroups, adaptedFrom: t.adaptedFrom, adaptationNote: t.adaptationNote, caseSearch: t.caseSearch,
    newOrgName: t.newOrgName, newOrgKind: t.newOrgKind,
  };
  return labels[name] ?? t.basics;
}

/** Form keys that have an element of their own; anything else points at the form. */
function anchor(key: string): string {
  const [name] = key.split('.');
  return name in GROUPS || ['title', 'summary', 'body', 'kind', 'language', 'slug', 'startedOn', 'endedOn', 'themes', 'targetGroups', 'adaptedFrom', 'adaptationNote', 'caseSearch', 'newOrgName', 'newOrgKind'].includes(name)
    ? fieldId(key)
    : 'redigerare';
}

function message(t: Words, p: FormProblem): string {
  const label = keyLabel(t, p.key);
  if (p.key === 'themes' && (p.code === 'REQUIRED' || p.code === 'OUT_OF_RANGE')) return t.themesCount;
  const known = t.errors[p.code as keyof Words['errors']] as ((label: string) => string) | undefined;
  return p.code !== 'other' && known ? known(label) : t.errors.other(label, p.message ?? p.code);
}

/** The problems as FormErrors by element id (fieldId of the form key): the first problem of a field wins, the summary keeps their order. */
export function describeProblems(t: Words, problems: FormProblem[]): FormErrors {
  const errors = new FormErrors();
  for (const p of problems) {
    // "themes.3" (an unknown theme) is about the set of boxes.
    const key = p.key.startsWith('themes.') ? 'themes' : p.key;
    errors.add(anchor(key), message(t, { ...p, key }));
  }
  return errors;
}
