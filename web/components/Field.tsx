// Labelled form fields in GOV.UK's pattern: label, optional hint, the error message
// (from the server, `userErrors`) just above the control, and aria-describedby tying
// hint and error to it, so a screen reader reads them with the field. A text input,
// a textarea and a select share the frame; checkboxes live in their fieldset.
import type { ComponentChildren } from 'preact';

export interface FieldFrameProps {
  /** id of the control; the error summary links to it. */
  id: string;
  label: string;
  hint?: string;
  error?: string;
  /** Extra classes of the frame (e.g. a cell of a row). */
  class?: string;
  /** Words before the error for screen readers only ("Fel"), where the message alone does not say it is one. */
  errorPrefix?: string;
}

export interface TextFieldProps extends FieldFrameProps {
  name: string;
  value?: string;
  type?: 'text' | 'email' | 'password' | 'url' | 'date' | 'number' | 'search' | 'tel';
  autocomplete?: string;
  /** The same as autocomplete (JSX's spelling). */
  autoComplete?: string;
  required?: boolean;
  maxLength?: number;
  /** id of a <datalist> of suggestions. */
  list?: string;
  inputMode?: 'decimal' | 'numeric';
  autofocus?: boolean;
  /** A short value (a number, a date) needs no full-width box. */
  width?: 'short' | 'medium';
}

/** The ids aria-describedby should name: the hint and the error, when there are. */
export function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

export function FieldHint({ id, children }: { id: string; children: ComponentChildren }) {
  return (
    <p class="field__hint" id={`${id}-hint`}>
      {children}
    </p>
  );
}

export function FieldError({ id, message, prefix }: { id: string; message?: string; prefix?: string }) {
  if (!message) return null;
  return (
    <p class="field__error" id={`${id}-error`}>
      {prefix ? <span class="visually-hidden">{prefix}: </span> : null}
      {message}
    </p>
  );
}

/** Label, hint and error around one control. */
function FieldFrame({ id, label, hint, error, errorPrefix, class: extra, children }: FieldFrameProps & { children: ComponentChildren }) {
  return (
    <div class={`field${error ? ' field--error' : ''}${extra ? ` ${extra}` : ''}`}>
      <label class="field__label" for={id}>
        {label}
      </label>
      {hint ? <FieldHint id={id}>{hint}</FieldHint> : null}
      <FieldError id={id} message={error} prefix={errorPrefix} />
      {children}
    </div>
  );
}

export function TextField(props: TextFieldProps) {
  return (
    <FieldFrame {...props}>
      <input
        // preact types each input type's attributes apart, and cannot check a union of types at once.
        {...{ type: (props.type ?? 'text') as 'text' }}
        class={`input field__input${props.width ? ` input--${props.width}` : ''}`}
        id={props.id}
        name={props.name}
        value={props.value ?? ''}
        autocomplete={props.autocomplete ?? props.autoComplete}
        required={props.required}
        maxLength={props.maxLength}
        list={props.list}
        inputMode={props.inputMode}
        autofocus={props.autofocus}
        aria-describedby={describedBy(props.id, props.hint, props.error)}
        aria-invalid={props.error ? 'true' : undefined}
      />
    </FieldFrame>
  );
}

export function TextArea(props: FieldFrameProps & { name: string; value: string; rows?: number }) {
  return (
    <FieldFrame {...props}>
      <textarea
        class="input field__input textarea"
        id={props.id}
        name={props.name}
        rows={props.rows ?? 4}
        aria-describedby={describedBy(props.id, props.hint, props.error)}
        aria-invalid={props.error ? 'true' : undefined}
      >
        {props.value}
      </textarea>
    </FieldFrame>
  );
}

export function SelectField(props: FieldFrameProps & { name: string; value: string; options: { value: string; label: string }[] }) {
  return (
    <FieldFrame {...props}>
      <select class="input field__input select" id={props.id} name={props.name} aria-describedby={describedBy(props.id, props.hint, props.error)} aria-invalid={props.error ? 'true' : undefined}>
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
