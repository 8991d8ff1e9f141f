// GOV.UK-style form fields: a label, an optional hint, the error next to the field
// (aria-describedby points at hint and error, aria-invalid marks it), and the value the
// user typed. Used by the case editor; any signed-in form can use them.
import type { ComponentChildren } from 'preact';

export interface FieldProps {
  id: string;
  name: string;
  label: ComponentChildren;
  value: string;
  hint?: ComponentChildren;
  error?: string;
  /** Words for the screen-reader prefix of an error ("Fel"). */
  errorPrefix?: string;
  type?: 'text' | 'email' | 'tel' | 'url' | 'date';
  inputMode?: 'decimal' | 'numeric';
  list?: string;
  autoComplete?: string;
  autofocus?: boolean;
  class?: string;
  /** A short field (a number, a date) does not need the full width. */
  width?: 'short' | 'medium';
}

const describedBy = (id: string, hint: unknown, error: unknown) => [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

export function Hint({ id, children }: { id: string; children: ComponentChildren }) {
  return (
    <p class="hint field__hint" id={`${id}-hint`}>
      {children}
    </p>
  );
}

export function FieldError({ id, message, prefix }: { id: string; message?: string; prefix?: string }) {
  if (!message) return null;
  return (
    <p class="field__error" id={`${id}-error`}>
      <span class="visually-hidden">{prefix ?? 'Fel'}:</span> {message}
    </p>
  );
}

export function TextField(p: FieldProps) {
  return (
    <div class={`field${p.error ? ' field--error' : ''}${p.class ? ` ${p.class}` : ''}`}>
      <label class="field__label" for={p.id}>
        {p.label}
      </label>
      {p.hint ? <Hint id={p.id}>{p.hint}</Hint> : null}
      <FieldError id={p.id} message={p.error} prefix={p.errorPrefix} />
      <input
        class={`input${p.width ? ` input--${p.width}` : ''}`}
        id={p.id}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.value}
        list={p.list}
        inputMode={p.inputMode}
        autoComplete={p.autoComplete}
        autofocus={p.autofocus}
        aria-describedby={describedBy(p.id, p.hint, p.error)}
        aria-invalid={p.error ? 'true' : undefined}
      />
    </div>
  );
}

export function TextArea(p: Omit<FieldProps, 'type' | 'list' | 'inputMode'> & { rows?: number }) {
  return (
    <div class={`field${p.error ? ' field--error' : ''}`}>
      <label class="field__label" for={p.id}>
        {p.label}
      </label>
      {p.hint ? <Hint id={p.id}>{p.hint}</Hint> : null}
      <FieldError id={p.id} message={p.error} prefix={p.errorPrefix} />
      <textarea class="input textarea" id={p.id} name={p.name} rows={p.rows ?? 4} aria-describedby={describedBy(p.id, p.hint, p.error)} aria-invalid={p.error ? 'true' : undefined}>
        {p.value}
      </textarea>
    </div>
  );
}

export function SelectField(p: Omit<FieldProps, 'type' | 'list' | 'inputMode'> & { options: { value: string; label: string }[] }) {
  return (
    <div class={`field${p.error ? ' field--error' : ''}${p.class ? ` ${p.class}` : ''}`}>
      <label class="field__label" for={p.id}>
        {p.label}
      </label>
      {p.hint ? <Hint id={p.id}>{p.hint}</Hint> : null}
      <FieldError id={p.id} message={p.error} prefix={p.errorPrefix} />
      <select class="input select" id={p.id} name={p.name} aria-describedby={describedBy(p.id, p.hint, p.error)} aria-invalid={p.error ? 'true' : undefined}>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
