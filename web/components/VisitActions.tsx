// The forms of a study visit's page: those the viewer's side may use in the visit's
// state. Which side a viewer is on only chooses the forms to show; the API decides
// whether the answer is allowed. A form shown again after an error keeps its input.
import type { ComponentChildren } from 'preact';
import type { VisitData } from '../pages/visit';
import type { PageRequest } from '../server/page';
import type { FormErrors } from '../server/user-errors';
import { Choices } from './Choices';
import { TextArea, TextField } from './Fields';
import { PostForm } from './Form';
import { formatDay } from './CaseSections';

export type VisitAction = 'accept' | 'propose' | 'decline' | 'cancel' | 'complete';

/** Each form's fields: name → [element id, longest accepted value]. */
export const ACTION_FIELDS: Record<VisitAction, Record<string, [string, number]>> = {
  accept: { dates: ['svar-datum', 30], note: ['svar-meddelande', 4000] },
  propose: { start: ['nytt-start', 10], end: ['nytt-slut', 10], note: ['nytt-meddelande', 4000] },
  decline: { reason: ['nej-skal', 4000] },
  cancel: { reason: ['installt-skal', 4000] },
  complete: { learned: ['rapport-lart', 8000], planToAdapt: ['rapport-plan', 8000] },
};

/** A form that was sent and came back: which one, what it held, what was wrong. */
export interface ActionState {
  action: VisitAction;
  values: Record<string, string>;
  errors: FormErrors;
}

/** Today in Sweden, as the API's "has the visit begun" reads it. */
function todayInSweden(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
}

function sides(page: PageRequest, v: VisitData): { host: boolean; visitor: boolean } {
  const { role, municipalityCode } = page.viewer;
  if (role === 'ADMIN') return { host: true, visitor: true };
  if (role !== 'OFFICIAL' && role !== 'EDITOR') return { host: false, visitor: false };
  return { host: municipalityCode === v.hostMunicipality.code, visitor: municipalityCode === v.visitingMunicipality.code };
}

export function VisitActions({ page, v, state }: { page: PageRequest; v: VisitData; state: ActionState | null }) {
  const t = page.t.visits;
  const side = sides(page, v);
  const p: FormProps = { page, v, state };
  const forms = [
    v.status === 'REQUESTED' && side.host && v.proposedDates.length ? <AcceptForm {...p} /> : null,
    v.status === 'REQUESTED' && side.host ? <ProposeForm {...p} /> : null,
    v.status === 'REQUESTED' && side.host ? <DeclineForm {...p} /> : null,
    v.status === 'ACCEPTED' && (side.host || side.visitor) ? (
      v.scheduledDates && v.scheduledDates.start > todayInSweden() ? (
        <p class="hint">{t.completeLater(formatDay(v.scheduledDates.start, page.lang))}</p>
      ) : (
        <CompleteForm {...p} />
      )
    ) : null,
    (v.status === 'REQUESTED' || v.status === 'ACCEPTED') && side.visitor ? <CancelForm {...p} /> : null,
  ].filter(Boolean);
  if (!forms.length) return null;
  return <div class="visit-layout__actions">{forms}</div>;
}

interface FormProps {
  page: PageRequest;
  v: VisitData;
  state: ActionState | null;
}

/** The value a field of `action` holds: what was sent when that form came back, else empty. */
function valueOf(state: ActionState | null, action: VisitAction, name: string): string {
  return state?.action === action ? (state.values[name] ?? '') : '';
}

function errorOf(state: ActionState | null, action: VisitAction, name: string): string | undefined {
  return state?.action === action ? state.errors.get(ACTION_FIELDS[action][name][0]) : undefined;
}

function ActionForm({ page, v, action, title, intro, button, children }: FormProps & { action: VisitAction; title: string; intro?: string; button: string; children: ComponentChildren }) {
  const headingId = `rubrik-${action}`;
  return (
    <section class="visit-action" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {intro ? <p>{intro}</p> : null}
      <PostForm page={page} action={`/studiebesok/${encodeURIComponent(v.id)}`} id={`form-${action}`} noValidate>
        <input type="hidden" name="atgard" value={action} />
        <input type="hidden" name="version" value={String(v.version)} />
        {children}
        <button class={action === 'decline' || action === 'cancel' ? 'button button--secondary' : 'button'} type="submit">
          {button}
        </button>
      </PostForm>
    </section>
  );
}

function AcceptForm(p: FormProps) {
  const t = p.page.t.visits;
  const f = ACTION_FIELDS.accept;
  const chosen = valueOf(p.state, 'accept', 'dates') || (p.v.proposedDates.length === 1 ? `${p.v.proposedDates[0].start}/${p.v.proposedDates[0].end}` : '');
  const options = p.v.proposedDates.map((r) => ({ value: `${r.start}/${r.end}`, label: r.start === r.end ? formatDay(r.start, p.page.lang) : `${formatDay(r.start, p.page.lang)} – ${formatDay(r.end, p.page.lang)}` }));
  return (
    <ActionForm {...p} action="accept" title={t.accept} intro={t.acceptIntro} button={t.accept}>
      <Choices type="radio" id={f.dates[0]} name="dates" legend={t.chooseDates} options={options} checked={[chosen]} error={errorOf(p.state, 'accept', 'dates')} />
      <TextArea id={f.note[0]} name="note" label={t.note} value={valueOf(p.state, 'accept', 'note')} error={errorOf(p.state, 'accept', 'note')} rows={3} />
    </ActionForm>
  );
}

function ProposeForm(p: FormProps) {
  const t = p.page.t.visits;
  const f = ACTION_FIELDS.propose;
  const field = (name: string) => ({ value: valueOf(p.state, 'propose', name), error: errorOf(p.state, 'propose', name) });
  return (
    <ActionForm {...p} action="propose" title={t.propose} intro={t.proposeIntro} button={t.propose}>
      <TextField id={f.start[0]} name="start" label={t.start} type="date" width="medium" {...field('start')} />
      <TextField id={f.end[0]} name="end" label={t.end} type="date" width="medium" {...field('end')} />
      <TextArea id={f.note[0]} name="note" label={t.note} rows={3} {...field('note')} />
    </ActionForm>
  );
}

function DeclineForm(p: FormProps) {
  const t = p.page.t.visits;
  return (
    <ActionForm {...p} action="decline" title={t.decline} button={t.decline}>
      <TextArea id={ACTION_FIELDS.decline.reason[0]} name="reason" label={t.reason} value={valueOf(p.state, 'decline', 'reason')} error={errorOf(p.state, 'decline', 'reason')} rows={3} />
    </ActionForm>
  );
}

function CancelForm(p: FormProps) {
  const t = p.page.t.visits;
  return (
    <ActionForm {...p} action="cancel" title={t.cancel} button={t.cancel}>
      <TextArea id={ACTION_FIELDS.cancel.reason[0]} name="reason" label={t.cancelReasonLabel} value={valueOf(p.state, 'cancel', 'reason')} error={errorOf(p.state, 'cancel', 'reason')} rows={3} />
    </ActionForm>
  );
}

function CompleteForm(p: FormProps) {
  const t = p.page.t.visits;
  const f = ACTION_FIELDS.complete;
  return (
    <ActionForm {...p} action="complete" title={t.complete} intro={t.completeIntro} button={t.complete}>
      <TextArea id={f.learned[0]} name="learned" label={t.learned} value={valueOf(p.state, 'complete', 'learned')} error={errorOf(p.state, 'complete', 'learned')} rows={5} />
      <TextArea id={f.planToAdapt[0]} name="planToAdapt" label={t.planToAdapt} value={valueOf(p.state, 'complete', 'planToAdapt')} error={errorOf(p.state, 'complete', 'planToAdapt')} rows={5} />
    </ActionForm>
  );
}
