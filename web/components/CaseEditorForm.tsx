// The case editor's form (web/pages/editor.tsx): every field of the API's case input,
// rows that repeat (places, partners, outcomes …) with an "add a row" submit button
// that works without JavaScript, themes as checkboxes grouped under their parent, and
// suggestions from server-rendered <datalist>s. Every field shows its error beside it.
import type { PageRequest } from '../server/page';
import { GROUPS, cellName, fieldId, type EditorState, type Group, type Row } from '../pages/editor-state';
import { FieldError, FieldHint as Hint, SelectField, TextArea, TextField } from './Field';
import { PostForm } from './Form';

type Words = PageRequest['t']['editor'];

export interface EditorOptions {
  themes: { slug: string; label: string; children: { slug: string; label: string }[] }[];
  municipalities: { code: string; name: string; shortName: string }[];
  organizations: { slug: string; name: string }[];
  localities: { name: string; municipality: { name: string } }[];
  /** Cases to pick "adapted from" among: the current choice and the last search's hits. */
  adaptedFromChoices: { id: string; title: string; municipality: { name: string } }[];
}

export interface EditorFormProps {
  page: PageRequest;
  state: EditorState;
  options: EditorOptions;
  /** Error messages by form key ("title", "outcomes.1.value"). */
  errors: { get(key: string): string | undefined };
  /** Where the form posts: /praktik/ny or /praktik/<slug>/redigera. */
  action: string;
  /** The owner municipality's code. */
  owner: string;
  /**
   * A draft (or a new case): it autosaves and can be submitted for review. Other cases
   * are saved by hand only — an autosave of a published case would publish every pause.
   */
  isDraft: boolean;
  /** Sanitized HTML of the body's preview, when asked for. */
  preview?: string;
  /** The form key to focus (the first cell of a row just added). */
  focus?: string;
  /** What the last case search found, said beside the choice. */
  caseSearchNote?: string;
}

/** The label of a row cell, e.g. "Resultat 2: Enhet". */
export function rowLabel(t: Words, group: Group, index: number): string {
  const n = index + 1;
  const labels: Record<Group, string> = {
    participatingMunicipalities: t.participant(n), places: t.place(n), partners: t.partner(n), outcomes: t.outcome(n),
    funding: t.fundingRow(n), links: t.link(n), contacts: t.contact(n),
  };
  return labels[group];
}

export function columnLabel(t: Words, group: Group, column: string): string {
  const labels: Record<string, string> = {
    'participatingMunicipalities.code': t.participants, 'places.name': t.places, 'partners.organization': t.organization, 'partners.role': t.role,
    'outcomes.label': t.outcomeLabel, 'outcomes.value': t.outcomeValue, 'outcomes.unit': t.outcomeUnit, 'outcomes.measuredOn': t.outcomeMeasuredOn,
    'funding.source': t.fundingSource, 'funding.amountSek': t.fundingAmount, 'links.url': t.linkUrl, 'links.title': t.linkTitle, 'links.kind': t.linkKind,
    'contacts.name': t.contactName, 'contacts.role': t.contactRole, 'contacts.email': t.contactEmail, 'contacts.phone': t.contactPhone,
  };
  return labels[`${group}.${column}`] ?? column;
}

export const groupLabel = (t: Words, group: Group): string =>
  ({ participatingMunicipalities: t.participants, places: t.places, partners: t.partners, outcomes: t.outcomes, funding: t.funding, links: t.links, contacts: t.contacts })[group];

export function CaseEditorForm(props: EditorFormProps) {
  const { page, state, action } = props;
  const t = page.t.editor;
  return (
    <PostForm page={page} action={action} id="redigerare" class="editor" noValidate aria-labelledby="sidrubrik">
      {state.expectedVersion !== undefined ? <input type="hidden" name="expectedVersion" value={String(state.expectedVersion)} /> : null}
      {/* No name: not posted; the place suggestions (editor.js) prefer the owner's localities. */}
      <input type="hidden" id="agarkommun" value={props.owner} />
      <div class="editor__toolbar">
        <button class="button" type="submit" name="_intent" value="save">
          {props.isDraft ? t.save : t.saveChanges}
        </button>
        <button class="button button--secondary" type="submit" name="_intent" value="preview">
          {t.preview}
        </button>
        {/* editor.js autosaves only where this status line is. */}
        {props.isDraft ? (
          <p class="editor__autosave hint" id="autospara" role="status" aria-live="polite" data-idle={t.autosaveIdle} data-saving={t.autosaving} data-saved={t.autosaved('{time}')} data-failed={t.autosaveFailed} data-invalid={t.autosaveInvalid} data-conflict={t.autosaveConflict} />
        ) : null}
      </div>
      <Basics {...props} />
      <Classification {...props} />
      <RowGroup {...props} group="participatingMunicipalities" hint={t.participantsHint} list="kommunlista" />
      <RowGroup {...props} group="places" hint={t.placesHint} list="ortlista" />
      <RowGroup {...props} group="partners" hint={t.partnersHint} list="organisationslista" />
      <NewOrganization {...props} />
      <RowGroup {...props} group="outcomes" hint={t.outcomesHint} />
      <RowGroup {...props} group="funding" />
      <RowGroup {...props} group="links" />
      <RowGroup {...props} group="contacts" hint={t.contactsHint} />
      <AdaptedFrom {...props} />
      <div class="editor__actions">
        <button class="button" type="submit" name="_intent" value="save">
          {props.isDraft ? t.save : t.saveChanges}
        </button>
        {props.isDraft ? (
          <>
            <button class="button button--secondary" type="submit" name="_intent" value="submit" aria-describedby="skicka-hint">
              {t.submit}
            </button>
            <p class="hint" id="skicka-hint">
              {t.submitHint}
            </p>
          </>
        ) : null}
      </div>
      <Datalists {...props} />
    </PostForm>
  );
}

function Basics({ page, state, errors, preview }: EditorFormProps) {
  const t = page.t.editor;
  const text = (key: 'title' | 'summary' | 'slug', label: string, hint?: string) => (
    <TextField id={fieldId(key)} name={key} label={label} hint={hint} value={state.text[key]} error={errors.get(key)} />
  );
  const kinds = Object.entries(page.t.kinds).map(([value, label]) => ({ value, label }));
  const languages = Object.entries(page.t.language).map(([value, label]) => ({ value, label }));
  return (
    <fieldset class="editor__section">
      <legend class="editor__legend">{t.basics}</legend>
      {text('title', `${t.title} ${t.required}`, t.titleHint)}
      {text('summary', `${t.summary} ${t.required}`, t.summaryHint)}
      <TextArea id={fieldId('body')} name="body" label={`${t.body} ${t.required}`} hint={t.bodyHint} value={state.text.body} error={errors.get('body')} rows={14} />
      <section class={`editor__preview prose${preview === undefined ? ' editor__preview--empty' : ''}`} id="forhandsvisning" aria-labelledby="forhandsvisning-rubrik" hidden={preview === undefined}>
        <h2 class="editor__preview-title" id="forhandsvisning-rubrik">
          {t.previewTitle}
        </h2>
        <div class="editor__preview-body" dangerouslySetInnerHTML={{ __html: preview || `<p>${t.previewEmpty}</p>` }} />
      </section>
      <SelectField id={fieldId('kind')} name="kind" label={t.kind} value={state.text.kind} options={kinds} error={errors.get('kind')} />
      <SelectField id={fieldId('language')} name="language" label={t.language} value={state.text.language} options={languages} error={errors.get('language')} />
      {text('slug', t.slug, t.slugHint)}
      <fieldset class="editor__period" aria-describedby="period-hint">
        <legend class="field__label">{t.period}</legend>
        <Hint id="period">{t.periodHint}</Hint>
        <TextField id={fieldId('startedOn')} name="startedOn" type="date" label={t.startedOn} value={state.text.startedOn} error={errors.get('startedOn')} width="medium" />
        <TextField id={fieldId('endedOn')} name="endedOn" type="date" label={t.endedOn} value={state.text.endedOn} error={errors.get('endedOn')} width="medium" />
      </fieldset>
    </fieldset>
  );
}

function Checkbox({ name, value, label, checked, id }: { name: string; value: string; label: string; checked: boolean; id: string }) {
  return (
    <div class="checkbox">
      <input class="checkbox__input" type="checkbox" id={id} name={name} value={value} checked={checked} />
      <label class="checkbox__label" for={id}>
        {label}
      </label>
    </div>
  );
}

/** Themes grouped under their parent, then target groups. The fieldsets carry the ids the error summary links to. */
function Classification({ page, state, options, errors }: EditorFormProps) {
  const t = page.t.editor;
  const chosen = new Set(state.themes);
  const groups = new Set(state.targetGroups);
  const themeError = errors.get('themes');
  return (
    <>
      <fieldset id="f-themes" class={`editor__section${themeError ? ' field--error' : ''}`} aria-describedby={`f-themes-hint${themeError ? ' f-themes-error' : ''}`}>
        <legend class="editor__legend">{`${t.themes} ${t.required}`}</legend>
        <Hint id="f-themes">{t.themesHint}</Hint>
        <FieldError id="f-themes" message={themeError} />
        <div class="theme-choices">
          {options.themes.map((root) => (
            <div class="theme-choices__group">
              <Checkbox id={`f-themes-${root.slug}`} name="themes" value={root.slug} label={root.label} checked={chosen.has(root.slug)} />
              {root.children.length ? (
                <div class="theme-choices__children">
                  {root.children.map((child) => (
                    <Checkbox id={`f-themes-${child.slug}`} name="themes" value={child.slug} label={child.label} checked={chosen.has(child.slug)} />
                  ))}
                </div>
              ) : null}
            </div>
          ))}
        </div>
      </fieldset>
      <fieldset id="f-targetGroups" class={`editor__section${errors.get('targetGroups') ? ' field--error' : ''}`}>
        <legend class="editor__legend">{t.targetGroups}</legend>
        <FieldError id="f-targetGroups" message={errors.get('targetGroups')} />
        <div class="checkbox-grid">
          {Object.entries(page.t.targetGroups).map(([value, label]) => (
            <Checkbox id={`f-targetGroups-${value}`} name="targetGroups" value={value} label={label} checked={groups.has(value)} />
          ))}
        </div>
      </fieldset>
    </>
  );
}

function RowGroup(props: EditorFormProps & { group: Group; hint?: string; list?: string }) {
  const { page, state, errors, group, hint } = props;
  const t = page.t.editor;
  const rows = state.rows[group];
  const full = rows.length >= GROUPS[group].max;
  const id = fieldId(group);
  return (
    <fieldset class="editor__section" id={id} aria-describedby={[hint ? `${id}-hint` : '', errors.get(group) ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}>
      <legend class="editor__legend">{groupLabel(t, group)}</legend>
      {hint ? <Hint id={id}>{hint}</Hint> : null}
      <FieldError id={id} message={errors.get(group)} />
      <input type="hidden" name={`${group}.rows`} value={String(rows.length)} />
      <ol class="editor__rows" data-group={group}>
        {rows.map((row, i) => (
          <li class="editor__row">
            <RowCells {...props} row={row} index={i} />
          </li>
        ))}
      </ol>
      {full ? (
        <p class="hint">{t.rowsFull}</p>
      ) : (
        <button class="button button--secondary button--small" type="submit" name="_intent" value={`add:${group}`}>
          {t.addRow}
          <span class="visually-hidden">: {groupLabel(t, group)}</span>
        </button>
      )}
    </fieldset>
  );
}

function RowCells({ page, errors, group, row, index, list, focus }: EditorFormProps & { group: Group; row: Row; index: number; list?: string }) {
  const t = page.t.editor;
  const columns = GROUPS[group].columns as readonly string[];
  const one = columns.length === 1;
  const cell = (column: string, i: number) => {
    const key = cellName(group, index, column);
    const label = one ? rowLabel(t, group, index) : columnLabel(t, group, column);
    const common = { id: fieldId(key), name: key, value: row[column] ?? '', error: errors.get(key), autofocus: focus === key && i === 0, label };
    if (group === 'links' && column === 'kind') {
      return <SelectField {...common} options={Object.entries(page.t.linkKinds).map(([value, l]) => ({ value, label: l }))} class="editor__cell" />;
    }
    const special = CELL_INPUTS[`${group}.${column}`] ?? {};
    return <TextField {...common} {...special} list={i === 0 ? list : undefined} class="editor__cell" />;
  };
  if (one) return cell(columns[0], 0);
  return (
    <fieldset class="editor__row-fields">
      <legend class="editor__row-legend">{rowLabel(t, group, index)}</legend>
      <div class="editor__cells">{columns.map(cell)}</div>
    </fieldset>
  );
}

/** Input types of cells that are not plain text. */
const CELL_INPUTS: Record<string, { type?: 'email' | 'tel' | 'url'; inputMode?: 'decimal' | 'numeric'; width?: 'short' | 'medium' }> = {
  'outcomes.value': { inputMode: 'decimal', width: 'short' },
  'outcomes.measuredOn': { width: 'medium' },
  'funding.amountSek': { inputMode: 'numeric', width: 'medium' },
  'links.url': { type: 'url' },
  'contacts.email': { type: 'email' },
  'contacts.phone': { type: 'tel' },
};

function NewOrganization({ page, state, errors }: EditorFormProps) {
  const t = page.t.editor;
  const kinds = Object.entries(page.t.organizationKinds).map(([value, label]) => ({ value, label }));
  return (
    <details class="editor__new-org" open={Boolean(state.text.newOrgName || errors.get('newOrgName'))}>
      <summary>{t.newOrganization}</summary>
      <TextField id={fieldId('newOrgName')} name="newOrgName" label={t.newOrgName} value={state.text.newOrgName} error={errors.get('newOrgName')} />
      <SelectField id={fieldId('newOrgKind')} name="newOrgKind" label={t.newOrgKind} value={state.text.newOrgKind || 'CIVIL_SOCIETY'} options={kinds} error={errors.get('newOrgKind')} />
      <button class="button button--secondary button--small" type="submit" name="_intent" value="createOrg">
        {t.createOrganization}
      </button>
    </details>
  );
}

function AdaptedFrom({ page, state, options, errors, caseSearchNote }: EditorFormProps) {
  const t = page.t.editor;
  const choices = [{ value: '', label: t.adaptedFromNone }, ...options.adaptedFromChoices.map((c) => ({ value: c.id, label: `${c.title} (${c.municipality.name})` }))];
  return (
    <fieldset class="editor__section">
      <legend class="editor__legend">{t.adaptedFrom}</legend>
      <div class="editor__search-row">
        <TextField id={fieldId('caseSearch')} name="caseSearch" type="text" label={t.caseSearch} value={state.text.caseSearch} error={errors.get('caseSearch')} />
        <button class="button button--secondary button--small" type="submit" name="_intent" value="searchCases">
          {t.caseSearchButton}
        </button>
      </div>
      {caseSearchNote ? (
        <p class="hint" role="status">
          {caseSearchNote}
        </p>
      ) : null}
      <SelectField id={fieldId('adaptedFrom')} name="adaptedFrom" label={t.adaptedFrom} hint={t.adaptedFromHint} value={state.text.adaptedFrom} options={choices} error={errors.get('adaptedFrom')} />
      <TextArea id={fieldId('adaptationNote')} name="adaptationNote" label={t.adaptationNote} value={state.text.adaptationNote} error={errors.get('adaptationNote')} rows={3} />
    </fieldset>
  );
}

/** Suggestions for the municipality, place and organization cells; a browser filters them as one types. */
function Datalists({ options }: EditorFormProps) {
  return (
    <>
      <datalist id="kommunlista">
        {options.municipalities.map((m) => (
          <option value={m.shortName} label={m.code} />
        ))}
      </datalist>
      <datalist id="ortlista">
        {options.localities.map((l) => (
          <option value={l.name} label={l.municipality.name} />
        ))}
      </datalist>
      <datalist id="organisationslista">
        {options.organizations.map((o) => (
          <option value={o.name} />
        ))}
      </datalist>
    </>
  );
}
