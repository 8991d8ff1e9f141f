// The "changed by someone else" panel of the case editor (409): the fields where the
// saved version and the user's differ, side by side. The user's version stays in the
// form below it, so nothing they wrote is lost.
import type { PageRequest } from '../server/page';
import { formatDate } from '../server/i18n';
import { GROUP_NAMES, GROUPS, stateFromCase, type EditedCase, type EditorState, type Group } from '../pages/editor-state';
import type { EditorOptions } from './CaseEditorForm';
import { CompareField } from './CompareFields';

const TEXT_KEYS = ['title', 'summary', 'body', 'kind', 'language', 'slug', 'startedOn', 'endedOn', 'adaptedFrom', 'adaptationNote'] as const;

interface Difference {
  key: string;
  theirs: string;
  mine: string;
}

function rowsText(state: EditorState, group: Group): string {
  const columns = GROUPS[group].columns as readonly string[];
  return state.rows[group]
    .map((row) => columns.map((c) => row[c]?.trim()).filter(Boolean))
    .filter((cells) => cells.length && !(group === 'links' && cells.length === 1 && /^[A-Z]+$/.test(cells[0])))
    .map((cells) => cells.join(', '))
    .join('\n');
}

/** Both states as text per field, in form order; only the fields that differ. */
export function differences(page: PageRequest, theirs: EditorState, mine: EditorState, options: EditorOptions, adaptedTitle: Map<string, string>): Difference[] {
  const themeLabel = new Map(options.themes.flatMap((r) => [r, ...r.children]).map((th) => [th.slug, th.label]));
  const show = (s: EditorState, key: string): string => {
    const v = s.text[key as keyof EditorState['text']];
    if (key === 'kind') return (page.t.kinds as Record<string, string>)[v] ?? v;
    if (key === 'language') return page.t.language[v] ?? v;
    if (key === 'adaptedFrom') return v ? (adaptedTitle.get(v) ?? v) : '';
    return v;
  };
  const out: Difference[] = TEXT_KEYS.map((key) => ({ key, theirs: show(theirs, key), mine: show(mine, key) }));
  out.push({ key: 'themes', theirs: theirs.themes.map((s) => themeLabel.get(s) ?? s).join(', '), mine: mine.themes.map((s) => themeLabel.get(s) ?? s).join(', ') });
  const groups = (s: EditorState) => s.targetGroups.map((g) => (page.t.targetGroups as Record<string, string>)[g] ?? g).join(', ');
  out.push({ key: 'targetGroups', theirs: groups(theirs), mine: groups(mine) });
  for (const group of GROUP_NAMES) out.push({ key: group, theirs: rowsText(theirs, group), mine: rowsText(mine, group) });
  return out.filter((d) => d.theirs.trim() !== d.mine.trim());
}

export function ConflictComparison({ page, theirs, mine, options }: { page: PageRequest; theirs: EditedCase; mine: EditorState; options: EditorOptions }) {
  const t = page.t.editor;
  const titles = new Map(options.adaptedFromChoices.map((c) => [c.id, c.title]));
  if (theirs.adaptedFrom) titles.set(theirs.adaptedFrom.id, theirs.adaptedFrom.title);
  const diff = differences(page, stateFromCase(theirs), mine, options, titles);
  return (
    <section class="conflict" aria-labelledby="konflikt-rubrik" id="konflikt">
      <h2 id="konflikt-rubrik">{t.conflictTitle}</h2>
      <p>{t.conflictIntro(formatDate(theirs.updatedAt, page.lang))}</p>
      <p>{t.conflictHow}</p>
      {diff.length ? (
        <div class="conflict__fields">
          {diff.map((d) => (
            <CompareField
              label={page.t.revisions.fields[d.key] ?? d.key}
              sides={[
                { title: t.conflictTheirs, content: d.theirs || t.empty },
                { title: t.conflictMine, content: d.mine || t.empty },
              ]}
            />
          ))}
        </div>
      ) : (
        <p>{t.conflictSame}</p>
      )}
    </section>
  );
}
